"""The build cache's database as a model store, measured (docs/performance.md, "100,000 entities").

A dossier whose model does not fit in memory could keep it in the cache's database and hold
only what one chunk of pages needs. This measures what that store costs, on a project whose
cache is warm (after a build): its size; streaming every parsed record out of it, decoded,
one at a time, with the peak memory that takes; and fetching records one by one by path,
as rendering a chunk of pages would (median of a random sample).

    python -m benchmarks.modelstore PROJECT [--sample 10000]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sqlite3
import statistics
import sys
import time
from pathlib import Path

from dossier.cache.parsedjson import decode_parsed
from dossier.cache.store import CACHE_DIR, DATABASE

MIB = 1024 * 1024


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(project: Path, sample: int) -> dict:
    path = project / CACHE_DIR / DATABASE
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    row: dict = {"database_mib": path.stat().st_size / MIB}
    started, cpu, count, values = time.perf_counter(), _cpu(), 0, 0
    for rel, body in connection.execute("SELECT path, body FROM parsed"):
        found = decode_parsed(body, rel, (0, 0, 0, 0))
        count += 1
        values += len(getattr(found.item, "positions", ()))
    row["stream_records"], row["stream_values"] = count, values
    row["stream_s"], row["stream_cpu_s"] = time.perf_counter() - started, _cpu() - cpu
    row["stream_peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    paths = [p for (p,) in connection.execute("SELECT path FROM parsed")]
    chosen = random.Random(7).sample(paths, min(sample, len(paths)))
    timings = []
    for rel in chosen:
        begun = time.perf_counter()
        body = connection.execute("SELECT body FROM parsed WHERE path = ?", (rel,)).fetchone()[0]
        decode_parsed(body, rel, (0, 0, 0, 0))
        timings.append(time.perf_counter() - begun)
    row["fetch_one_ms"] = statistics.median(timings) * 1000
    row["fetched"] = len(chosen)
    return {k: round(v, 3) if isinstance(v, float) else v for k, v in row.items()}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--sample", type=int, default=10000)
    args = parser.parse_args(argv)
    row = measure(args.project, args.sample)
    json.dump(row, sys.stdout, indent=2)
    print()
    return row


if __name__ == "__main__":
    main()
