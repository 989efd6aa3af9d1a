"""What each capability of a build costs: CPU seconds of one cold build run in one process.

A build's stages are timed as they run (`dossier.core.timings`, which `benchmarks.run`
reads); this gives the lines inside them. It runs the whole pipeline of a cold
`build --bundle` in this one process (one render worker: this process, so no CPU is
spread over workers), with a timer around each function that does one capability:
parsing YAML, storing parsed files in the cache, the quote checks, the checks of numbers
and dates against their quotes, wikilinks, numbering citations, the views, the drawings (and their
share of the total: the issue's bound is 10%),
the JSON-LD, the notes' Markdown, each kind of page's templates, writing pages and finding
their links, the search index, the data exports, the link check and the zip. A timer
counts its own time only: the time of a timed function inside another is counted once, in
the inner one. What no timer covers is counted as the rest of its stage.

    python -m benchmarks.capabilities /tmp/dossier-10k       # prints JSON: {line: CPU seconds}
"""

from __future__ import annotations

import gc
import importlib
import json
import shutil
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from dossier.core.parallel import run_once

LINES: list[tuple[str, str, str]] = [
    # (line of the table, module, attribute: a function or Class.method)
    ("read: parsing YAML", "dossier.load.files", "_parse_yaml"),
    ("read: storing parsed files in the cache", "dossier.cache.store", "Store.keep"),
    ("validate: quote checks (whole words, once, within a paragraph)", "dossier.validate.values",
     "ValueChecker.check_quote"),
    ("validate: numbers and dates against their quotes", "dossier.validate.values", "unsupported"),
    ("link: wikilinks of the notes", "dossier.link.stage", "_link_notes"),
    ("link: citations numbered, sources' citers", "dossier.link.stage", "link_citations"),
    ("check: checks across records", "dossier.build.read", "check_dossier"),
    ("check: links notes make into the site", "dossier.build.notecheck", "check_note_links"),
    ("render: drawings (relationship maps, timelines)", "dossier.render.views", "relation_map"),
    ("render: drawings (relationship maps, timelines)", "dossier.render.views", "profile_timeline"),
    ("render: drawings (relationship maps, timelines)", "dossier.render.views", "chronology_drawing"),
    ("render: drawings (networks)", "dossier.render.views", "neighbourhood"),
    ("render: drawings (networks)", "dossier.render.pages", "whole_network"),
    ("render: drawings (groups over time)", "dossier.render.pages", "dossier_map"),
    ("render: drawings (atlas)", "dossier.render.pages", "atlas"),
    ("render: JSON-LD of the profiles", "dossier.export.jsonld", "JsonLd.profile"),
    ("render: notes' Markdown", "dossier.render.jinja", "render_markdown"),
    ("render: notes' Markdown", "dossier.render.printview", "render_markdown"),
    ("render: writing pages, finding their links", "dossier.write.outputs", "IntoFolder.put"),
    ("render: search index", "dossier.build.site", "search_index_script"),
    ("render: data exports", "dossier.build.site", "put_data"),
    ("link check", "dossier.build.site", "find_broken"),
    ("bundle: zip", "dossier.build.bundle", "write_zip"),
    ("bundle: folder of hard links", "dossier.build.bundle", "link_tree"),
    ("record: cache", "dossier.cache.planner", "Planner.finish"),
]
STAGES: list[tuple[str, str, str]] = [
    # whole stages, whose time not in a line above is their rest
    ("read", "dossier.build.read", "load_content"),
    ("validate", "dossier.validate.stage", "validate_content"),
    ("link", "dossier.build.read", "link_dossier"),
    ("render: views", "dossier.render.views", "ViewBuilder.entity"),
    ("render: views", "dossier.render.views", "ViewBuilder.source"),
    ("render: views", "dossier.render.views", "ViewBuilder.chronology"),
    ("render: views", "dossier.render.views", "ViewBuilder.listing"),
]


class Meter:
    """Timers by line: each counts the CPU seconds spent in its functions, less those of timers inside."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self._inner: list[float] = []
        self._undo: list[Callable[[], None]] = []

    def wrap(self, line: str | Callable[..., str], module: str, attribute: str) -> None:
        owner: Any = importlib.import_module(module)
        *outer, name = attribute.split(".")
        for part in outer:
            owner = getattr(owner, part)
        original = getattr(owner, name)
        meter = self

        def timed(*args: Any, **kwargs: Any) -> Any:
            label = line(*args) if callable(line) else line
            meter._inner.append(0.0)
            started = time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                spent = time.process_time() - started
                inner = meter._inner.pop()
                meter.seconds[label] += spent - inner
                meter.calls[label] += 1
                if meter._inner:
                    meter._inner[-1] += spent

        setattr(owner, name, timed)
        self._undo.append(lambda: setattr(owner, name, original))

    @contextmanager
    def installed(self) -> Iterator[Meter]:
        for line, module, attribute in LINES + STAGES:
            self.wrap(line, module, attribute)
        self.wrap(lambda job, views, key, *_: f"render: templates of {_PAGE_LINES.get(key[0], key[0])}",
                  "dossier.render.jinja", "_put")
        try:
            yield self
        finally:
            for undo in reversed(self._undo):
                undo()


_PAGE_LINES = {"profile": "profiles", "source": "source pages", "print": "print.html", "chronology": "the chronology",
               "groups-over-time": "groups-over-time.html", "network": "network.html", "atlas": "atlas.html",
               "index": "the lists", "home": "the home page", "copy": "archived copies",
               "grades": "the grades page", "404": "the 404 page"}


def measure(project: Path) -> dict[str, float]:
    """{line: CPU seconds} of a cold `build --bundle` of the project, in this process."""
    from dossier.build.bundle import write_bundle
    from dossier.build.publish import build_site
    from dossier.cache.planner import Planner
    from dossier.core.project import load_project

    for name in (".dossier-cache", "site", "dist"):
        shutil.rmtree(project / name, ignore_errors=True)
    run_once()  # as the command line does: no cycle collection
    meter = Meter()
    started = time.process_time()
    with meter.installed():
        loaded = load_project(project)
        with Planner.opened(loaded, lambda message: None) as planner:
            build_site(loaded, jobs=1, planner=planner)
            write_bundle(loaded.site_dir, loaded.dist_dir)
            planner.bundled()
    total = time.process_time() - started
    gc.enable()
    found = {line: round(seconds, 3) for line, seconds in sorted(meter.seconds.items())}
    found["total"] = round(total, 3)
    drawings = sum(seconds for line, seconds in meter.seconds.items() if line.startswith("render: drawings"))
    found["drawings' share of the total"] = round(drawings / total, 4) if total else 0.0
    found["not in any line"] = round(total - sum(meter.seconds.values()), 3)
    return found


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]).resolve()), indent=1))
