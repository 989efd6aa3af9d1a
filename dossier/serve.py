"""Serve: a local preview that rebuilds as content and templates change.

Serves `site/` on a loopback address. A watcher polls the content and template
folders; on a change it rebuilds and rewrites only the files whose bytes
changed. A build error is printed and the last good site stays up.
"""

from __future__ import annotations

import functools
import http.server
import os
import sys
import threading
import time
from pathlib import Path

from .diagnostics import DossierError, format_report
from .project import Project
from .site import build_files, build_site

POLL_SECONDS = 0.1


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


class Rebuilder:
    """Keeps site/ in step with the sources, writing only what changed."""

    def __init__(self, project: Project):
        self.project = project
        self.written: dict[str, bytes] = {}

    def full_build(self) -> None:
        self.written = dict(build_site(self.project).files)

    def rebuild(self) -> list[str]:
        files = build_files(self.project).files
        changed = [p for p, data in files.items() if self.written.get(p) != data]
        for rel in changed:
            target = self.project.site_dir / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(target.name + ".partial")
            partial.write_bytes(files[rel])
            partial.replace(target)
        for rel in set(self.written) - set(files):
            (self.project.site_dir / rel).unlink(missing_ok=True)
        self.written = dict(files)
        return changed


def watch(rebuilder: Rebuilder, stop: threading.Event) -> None:
    folders = (rebuilder.project.content_dir, rebuilder.project.templates_dir)
    state = snapshot(*folders)
    while not stop.wait(POLL_SECONDS):
        current = snapshot(*folders)
        if current == state:
            continue
        state = current
        started = time.perf_counter()
        try:
            changed = rebuilder.rebuild()
            print(f"rebuilt {len(changed)} file(s) in {time.perf_counter() - started:.2f}s", file=sys.stderr)
        except DossierError as exc:
            print(format_report(exc.diagnostics), file=sys.stderr)


def serve(project: Project, host: str, port: int) -> int:
    rebuilder = Rebuilder(project)
    rebuilder.full_build()
    handler = functools.partial(_QuietHandler, directory=str(project.site_dir))
    server = http.server.ThreadingHTTPServer((host, port), handler)
    stop = threading.Event()
    threading.Thread(target=watch, args=(rebuilder, stop), daemon=True).start()
    print(f"serving {project.site_dir} at http://{host}:{server.server_port}/ (Ctrl-C to stop)", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()
    return 0


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass
