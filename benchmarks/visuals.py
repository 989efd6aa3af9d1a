"""The drawings' share of a build: CPU seconds to draw every picture of a dossier, in one process.

Reads the dossier (not timed), then draws what a build draws: each profile's
network, relationship map (still in a profile's data) and timeline, the chronology's
timeline, the groups over time, the whole dossier's network and the atlas, and prints the CPU
seconds and the bytes of SVG as JSON, and the network's own CPU seconds. `benchmarks.run`
sets these beside the build's own CPU seconds; drawings are made in the render
workers, so this is the CPU they add there (writing the larger pages is not in it).

    python -m benchmarks.visuals /tmp/dossier-10k
"""

from __future__ import annotations

import gc
import json
import sys
import time
from pathlib import Path

from dossier.build.read import read_dossier
from dossier.drawing.atlas import atlas
from dossier.drawing.chronology import chronology_drawing
from dossier.drawing.lanes import profile_timeline
from dossier.drawing.lifelines import dossier_map
from dossier.drawing.network import neighbourhood, whole_network
from dossier.drawing.relmap import relation_map


def measure(project: Path) -> dict[str, float]:
    dossier, _ = read_dossier(project / "content")
    gc.freeze()  # as in the render workers (dossier.core.parallel): the model is not rescanned, the collector is off
    gc.disable()
    started = time.process_time()
    size = 0
    network_s = 0.0
    for entity_id in dossier.entities:
        for drawn in (relation_map(dossier, entity_id), profile_timeline(dossier, entity_id)):
            size += len(drawn.svg) if drawn else 0
        before = time.process_time()
        network = neighbourhood(dossier, entity_id)
        network_s += time.process_time() - before
        size += len(network.svg) if network else 0
    chronology, groups = chronology_drawing(dossier), dossier_map(dossier)
    before = time.process_time()
    whole = whole_network(dossier)
    network_s += time.process_time() - before
    size += len(chronology.svg) if chronology else 0
    size += len(groups.svg) if groups.svg else 0
    size += len(whole.svg) if whole else 0
    places = atlas(dossier)
    size += len(places.svg) if places.svg else 0
    return {"visuals_cpu_s": time.process_time() - started, "visuals_mib": size / 1024 / 1024,
            "network_cpu_s": network_s}


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]))))
