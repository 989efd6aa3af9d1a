"""Serve: a local preview that rebuilds as content and templates change, incrementally.

Serves `site/` on a loopback address. A watcher (inotify through watchdog where
available, else polling) collects the files that changed; the rebuilder then
does the least work that gives the same bytes as a full build:

- It keeps each file's parsed record between rebuilds and re-reads only the
  files whose modification time or size changed (`load_content`'s cache).
- An edit to existing notes only (the common case while writing) re-resolves
  those notes' wikilinks, re-renders the edited profiles and the profiles whose
  "mentioned in" list changed and writes them at once; then the search index;
  then the site-wide pages (those that are not one record's page, such as
  print.html), writing each only if its bytes changed. Records, sources and
  every other profile are left as they are, since a note feeds nothing else.
- Any other change (a record, a template, a file added or removed) runs the
  whole pipeline on the cached records, checks the links, and writes only the
  files whose bytes changed.

A build error is printed and the last good site stays up. tests/test_serve.py
checks that after incremental rebuilds site/ equals a fresh full build.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import http.server
import os
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

from .diagnostics import Diagnostics, DossierError, format_report
from .link import NameResolver
from .load import FileCache, RawNote, load_file
from .model import Dossier, EntityId, Mention
from .pages import build_pages, profile_page
from .project import Project
from .render import make_environment, render_page, site_info
from .search import search_index_script
from .site import SEARCH_INDEX, build_files
from .urls import entity_url
from .views import ViewBuilder
from .write import build_time, replace_folder_atomically

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


class Rebuilder:
    """Keeps site/ in step with the sources, re-reading, re-rendering and writing only what changed."""

    def __init__(self, project: Project):
        self.project = project
        self.written: dict[str, bytes] = {}
        """Site path -> digest of the bytes on disk: tells a changed file apart at 16 bytes a file,
        where holding the files themselves took 340 MiB at 10,000 entities."""
        self.cache: FileCache = {}
        self.dossier: Dossier | None = None
        self._resolver: NameResolver | None = None
        self._note_targets: dict[EntityId, set[EntityId]] | None = None
        self._env = None
        self.pending = False
        """True while site-wide pages wait for `finish()` after a notes-only rebuild."""

    # -- whole builds ----------------------------------------------------
    def full_build(self) -> None:
        """Build everything and publish site/ atomically (at start-up)."""
        files = self._build_everything()
        replace_folder_atomically(files, self.project.site_dir)
        self.written = {rel: _digest(data) for rel, data in files.items()}

    def _build_everything(self) -> dict[str, bytes]:
        self.dossier = None
        gc.unfreeze()  # a build freezes what it reads (see `site.gc_paused`): let the last build's cycles go
        gc.collect()
        result = build_files(self.project, cache=self.cache)
        self.dossier, self._resolver, self._note_targets, self._env = result.dossier, None, None, None
        return result.files

    def rebuild(self, changed: Iterable[str] | None = None, defer: bool = False) -> list[str]:
        """Bring site/ up to date after `changed` files (absolute paths; None: unknown) changed.

        Returns the site paths rewritten, in the order they were written. With `defer`, a
        notes-only rebuild leaves the site-wide pages to `finish()` (the watcher calls it
        when no more changes are waiting, so a run of edits re-renders them once).
        """
        notes = self._changed_notes(changed)
        if notes is not None:
            written = self._rebuild_notes(notes)
            return written if defer else written + self.finish()
        self.pending = False
        files = self._build_everything()
        written = self._write(files, only_changed=True)
        for rel in set(self.written) - set(files):
            (self.project.site_dir / rel).unlink(missing_ok=True)
            del self.written[rel]
        return written

    # -- notes only --------------------------------------------------------
    def _changed_notes(self, changed: Iterable[str] | None) -> list[RawNote] | None:
        """The re-read notes, if every change is an edit of an existing, attached note; else None."""
        if changed is None or self.dossier is None:
            return None
        content = self.project.content_dir.resolve()
        notes: list[RawNote] = []
        for path in sorted(set(changed)):
            try:
                rel = Path(path).resolve().relative_to(content).as_posix()
                info = os.stat(path)
            except (ValueError, OSError):
                return None
            hit = self.cache.get(rel)
            if hit is None or not isinstance(hit[1], RawNote) or hit[2] or hit[1].id not in self.dossier.entities:
                return None
            stamp = (info.st_mtime_ns, info.st_size)
            if stamp == hit[0]:
                continue
            found = Diagnostics()
            note = load_file(content, content / rel, hit[1].kind, found)
            if not isinstance(note, RawNote) or found.items:
                return None
            self.cache[rel] = (stamp, note, [])
            notes.append(note)
        return notes

    def _rebuild_notes(self, notes: list[RawNote]) -> list[str]:
        dossier = self.dossier
        assert dossier is not None
        if self._resolver is None:
            self._resolver = NameResolver(dossier.entities.values())
        if self._note_targets is None:  # whom each note mentions, read once from the linked model
            self._note_targets = defaultdict(set)
            for target, listed in dossier.mentions.items():
                for mention in listed:
                    if mention.how == "note":
                        self._note_targets[mention.by].add(target)
        diagnostics = Diagnostics()
        entities = dict(dossier.entities)
        mentions = dict(dossier.mentions)
        note_targets: dict[EntityId, set[EntityId]] = {}
        touched: set[EntityId] = set()
        for raw in notes:
            entity_id = EntityId(raw.id)
            entity = entities[entity_id]
            note, targets = (self._resolver.resolve_note(replace(entity, note=raw.text), diagnostics)
                             if raw.text else (raw.text, []))  # as validate and link do it
            entities[entity_id] = replace(entity, note=note)
            touched.add(entity_id)
            new = {t for t in targets if t != entity_id}
            old = note_targets.get(entity_id, self._note_targets.get(entity_id, set()))
            mark = Mention(entity_id, "note")
            for target in old - new:  # as link_dossier orders them: by (by, how), no repeats
                listed = tuple(m for m in mentions[target] if m != mark)
                if listed:
                    mentions[target] = listed
                else:
                    del mentions[target]
            for target in new - old:
                mentions[target] = tuple(sorted((*mentions.get(target, ()), mark), key=lambda m: (m.by, m.how)))
            touched |= old ^ new
            note_targets[entity_id] = new
        if diagnostics.errors:
            raise DossierError(diagnostics.errors)
        self._note_targets.update(note_targets)
        if mentions.keys() != dossier.mentions.keys():
            mentions = dict(sorted(mentions.items()))
        dossier = replace(dossier, entities=MappingProxyType(entities), mentions=MappingProxyType(mentions))
        self.dossier = dossier
        env = self._environment()
        site = site_info(dossier.settings)
        # 1. the edited profiles and those whose "mentioned in" changed: what the editor is looking at
        edited = [EntityId(raw.id) for raw in notes]
        order = edited + sorted(touched - set(edited))
        views = ViewBuilder(dossier)
        pages = [profile_page(dossier, views, i) for i in order]
        written = self._write({p.url: render_page(env, p, site).encode("utf-8") for p in pages}, only_changed=True)
        # 2. the search index
        written += self._write({SEARCH_INDEX: search_index_script(dossier).encode("utf-8")},
                               only_changed=True)
        self.pending = True
        return written

    def finish(self) -> list[str]:
        """3. after notes-only rebuilds: the site-wide pages (not one record's own page), which may show notes."""
        if not self.pending or self.dossier is None:
            return []
        dossier = self.dossier
        env, site = self._environment(), site_info(dossier.settings)
        own = {entity_url(e.kind, e.id) for e in dossier.entities.values()} | {
            entity_url("source", s) for s in dossier.sources}
        rest = [p for p in build_pages(dossier) if p.url not in own]
        written = self._write({p.url: render_page(env, p, site).encode("utf-8") for p in rest}, only_changed=True)
        self.pending = False
        return written

    def _environment(self):
        if self._env is None:
            self._env = make_environment(self.project.templates_dir)
        return self._env

    # -- writing ---------------------------------------------------------
    def _write(self, files: dict[str, bytes], only_changed: bool = False) -> list[str]:
        """Write files (each replaced in one rename, with the build's fixed timestamp)."""
        stamp = build_time()
        written = []
        for rel, data in files.items():
            digest = _digest(data)
            if only_changed and self.written.get(rel) == digest:
                continue
            target = self.project.site_dir / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(target.name + ".partial")
            partial.write_bytes(data)
            os.utime(partial, (stamp, stamp))
            partial.replace(target)
            self.written[rel] = digest
            written.append(rel)
        return written


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


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


def watch(rebuilder: Rebuilder, stop: threading.Event, ready: threading.Event | None = None) -> None:
    """Rebuild on every change until `stop` is set; `ready` is set once the watcher is watching."""
    folders = tuple(f for f in (rebuilder.project.content_dir, rebuilder.project.templates_dir) if f.is_dir())
    changes = _Changes()
    observer = _start_observer(folders, changes)
    state = snapshot(*folders) if observer is None else {}
    if ready is not None:
        ready.set()
    try:
        while not stop.is_set():
            if observer is not None:
                if not changes.event.wait(POLL_SECONDS):
                    if rebuilder.pending:
                        _report(rebuilder.finish, "site-wide pages")
                    continue
                time.sleep(SETTLE_SECONDS)
                paths, unknown = changes.take()
                changed: list[str] | None = None if unknown else sorted(paths)
            else:
                if stop.wait(POLL_SECONDS):
                    break
                current = snapshot(*folders)
                if current == state:
                    if rebuilder.pending:
                        _report(rebuilder.finish, "site-wide pages")
                    continue
                changed = sorted(p for p in current.keys() | state.keys() if current.get(p) != state.get(p))
                state = current
            _report(lambda changed=changed: rebuilder.rebuild(changed, defer=True), "")
    finally:
        if observer is not None:
            observer.stop()
        if rebuilder.pending:
            _report(rebuilder.finish, "site-wide pages")


def _report(step, what: str) -> None:
    """Run a rebuild step and say what it wrote, or print the errors that stopped it."""
    started = time.perf_counter()
    try:
        written = step()
        print(f"rebuilt {len(written)} file(s){' (' + what + ')' if what else ''} "
              f"in {time.perf_counter() - started:.2f}s", file=sys.stderr)
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
