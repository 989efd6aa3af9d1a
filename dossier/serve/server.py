"""Serve: a local preview that rebuilds as content and templates change, incrementally.

Serves `site/` on a loopback address (see `handler`). A watcher (inotify through
watchdog where available, else polling) collects the files that changed; the
rebuilder (see `rebuilder`) then does the least work that gives the same bytes as
a full build.

A build error is printed and the last good site stays up, the error shown in its
pages (see `preview`): at start-up too, when there may be no site yet, so `serve`
starts whatever state the content is in.
"""

from __future__ import annotations

import functools
import os
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Literal

from ..core.diagnostics import DossierError, format_report
from ..core.project import Project
from .handler import PreviewHandler, PreviewServer
from .preview import PreviewState
from .rebuilder import Rebuilder, say

POLL_SECONDS = 0.1
SETTLE_SECONDS = 0.02
"""After the first change, wait this long for the rest of an editor's save to land."""


def snapshot(*folders: Path) -> dict[str, tuple[int, int]]:
    """Modification time and size of every file under the folders."""
    state: dict[str, tuple[int, int]] = {}
    for folder in folders:
        for dirpath, _, filenames in os.walk(folder):
            for name in filenames:
                path = os.path.join(dirpath, name)
                try:
                    info = os.stat(path)
                except FileNotFoundError:
                    continue
                state[path] = (info.st_mtime_ns, info.st_size)
    return state


class _Changes:
    """The paths reported changed since the last `take`, and an event set when there are some."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.paths: set[str] = set()
        self.unknown = False
        self.event = threading.Event()

    def add(self, *paths: str) -> None:
        with self.lock:
            self.paths.update(p for p in paths if p)
            self.event.set()

    def take(self) -> tuple[set[str], bool]:
        with self.lock:
            paths, unknown = self.paths, self.unknown
            self.paths, self.unknown = set(), False
            self.event.clear()
            return paths, unknown


def _start_observer(folders: Iterable[Path], changes: _Changes):
    """Watch the folders through the OS (inotify); None if watchdog is not installed."""
    try:
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer
    except ImportError:
        return None

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event) -> None:  # noqa: ANN001
            if event.event_type in ("opened", "closed_no_write"):
                return
            if event.is_directory:
                if event.event_type == "modified":  # a file inside changed: reported on its own
                    return
                with changes.lock:
                    changes.unknown = True
            changes.add(os.fsdecode(event.src_path), os.fsdecode(getattr(event, "dest_path", "") or ""))

    observer = Observer()
    for folder in folders:
        observer.schedule(Handler(), str(folder), recursive=True)
    observer.daemon = True
    observer.start()
    return observer


RETRY_SECONDS = 2.0
"""After a rebuild fails for a reason other than the content (a full disk, a folder where a
page should be), try again this often: the preview recovers once the cause is gone."""


def watch(rebuilder: Rebuilder, stop: threading.Event, ready: threading.Event | None = None,
          state: PreviewState | None = None) -> None:
    """Rebuild on every change until `stop` is set; `ready` is set once the watcher is watching.

    Nothing a rebuild raises stops the watcher: each failure is said, shown to the browser
    through `state`, and stands until a rebuild succeeds.
    """
    state = state or PreviewState()
    folders = tuple(f for f in (rebuilder.project.content_dir, rebuilder.project.templates_dir,
                                rebuilder.project.releases_dir) if f.is_dir())
    changes = _Changes()
    observer = _start_observer(folders, changes)
    snapshots = snapshot(*folders) if observer is None else {}
    if ready is not None:
        ready.set()
    retry_at: float | None = None
    try:
        while not stop.is_set():
            changed: list[str] | None
            if observer is not None:
                if not changes.event.wait(POLL_SECONDS):
                    changed = _idle(rebuilder, state, retry_at)
                else:
                    time.sleep(SETTLE_SECONDS)
                    paths, unknown = changes.take()
                    changed = None if unknown else sorted(paths)
            else:
                if stop.wait(POLL_SECONDS):
                    break
                current = snapshot(*folders)
                changed = sorted(p for p in current.keys() | snapshots.keys() if current.get(p) != snapshots.get(p))
                snapshots = current
                if not changed:
                    changed = _idle(rebuilder, state, retry_at)
            if changed == []:
                continue
            failure = attempt(functools.partial(rebuilder.rebuild, changed, defer=True), "", state)
            retry_at = time.monotonic() + RETRY_SECONDS if failure == "system" else None
    finally:
        if observer is not None:
            observer.stop()
        if rebuilder.pending:
            attempt(rebuilder.finish, "site-wide pages", state)


def _idle(rebuilder: Rebuilder, state: PreviewState, retry_at: float | None) -> list[str] | None:
    """With no change waiting: finish deferred pages, or ask for a full rebuild once a retry is due.
    [] means nothing to rebuild; None, everything."""
    if retry_at is not None:
        return None if time.monotonic() >= retry_at else []
    if rebuilder.pending:
        attempt(rebuilder.finish, "site-wide pages", state)
    return []


Failure = Literal["", "content", "system"]


def attempt(step: Callable[[], list[str]], what: str, state: PreviewState) -> Failure:
    """Run a rebuild step; say what it wrote, or what stopped it. Never raises (but for Ctrl-C)."""
    started = time.perf_counter()
    try:
        written = step()
    except DossierError as exc:
        show_problems(exc, state)
        return "content"
    except Exception as exc:  # the preview must outlive any failure, and say what it was
        if isinstance(exc, OSError):
            where = f"{exc.filename}: " if exc.filename else ""
            message = f"error: could not write the preview: {where}{exc.strerror or exc}"
        else:
            message = f"error: the rebuild failed: {type(exc).__name__}: {exc}"
            traceback.print_exc()
        message += f"; trying again every {RETRY_SECONDS:g} s until it works"
        say(message)
        state.update((message,))
        return "system"
    say(f"rebuilt {len(written)} file(s){' (' + what + ')' if what else ''} in {time.perf_counter() - started:.2f}s")
    if written or state.problems:
        state.update()
    return ""


def show_problems(exc: DossierError, state: PreviewState) -> None:
    """Say what stopped a build, and show it in the pages: its errors told from its warnings."""
    report = format_report(exc.diagnostics)
    say(report)
    warnings = sum(1 for d in exc.diagnostics if d.severity == "warning")
    state.update(tuple(report.splitlines()), errors=len(exc.diagnostics) - warnings, warnings=warnings)


def serve(project: Project, host: str, port: int, cache: bool = True) -> int:
    """Build, then serve site/ with live reload until Ctrl-C (exit 130); with `cache`, files are
    read through the project's build cache. Content with errors does not stop it: the pages
    show them (the last site built, or a page of the problems alone) until they are fixed."""
    rebuilder = Rebuilder(project, cache)
    state = PreviewState()
    try:
        rebuilder.full_build()
    except DossierError as exc:
        show_problems(exc, state)
    handler = functools.partial(PreviewHandler, state, directory=str(project.site_dir))
    server = PreviewServer((host, port), handler)
    stop, watching = threading.Event(), threading.Event()
    watcher = threading.Thread(target=watch, args=(rebuilder, stop, watching, state), daemon=True)
    watcher.start()
    while not watching.wait(POLL_SECONDS) and watcher.is_alive():
        pass  # say "serving" once edits are watched: one made as soon as it is said is not missed
    shown = "; the pages show the errors until they are fixed" if state.problems else ""
    say(f"serving {project.site_dir} at http://{host}:{server.server_port}/ (Ctrl-C to stop){shown}")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        return 130
    finally:
        stop.set()
        server.server_close()
    return 0
