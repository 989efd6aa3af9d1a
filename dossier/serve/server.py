"""Serve: a local preview that rebuilds as content and templates change, incrementally.

Serves `site/` on a loopback address. A watcher (inotify through watchdog where
available, else polling) collects the files that changed; the rebuilder then
does the least work that gives the same bytes as a full build:

- It keeps each file's parsed record between rebuilds and re-reads only the
  files whose stamp changed (`load_content`'s cache); at start-up and on each
  full rebuild it reads through the project's build cache (see `cache`), so a
  restart parses only what changed since the last run, and keeps there what it parses.
- An edit to existing notes only (the common case while writing) links those
  notes again through the link stage (`link.relink_notes`), re-renders the
  edited profiles and the profiles whose "mentioned in" list changed and writes
  them at once; then the search index;
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
import hashlib
import http.server
import io
import os
import sys
import threading
import time
import traceback
import urllib.parse
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Literal

from ..build.notecheck import check_note_links
from ..build.site import SEARCH_INDEX, link_errors, render_files, render_site, require_valid
from ..cache.inputs import engine_version
from ..cache.pagereads import PagePlan, encode_reads
from ..cache.planner import DATA_KEY, Planner, SiteLinks
from ..cache.store import open_store
from ..core.diagnostics import Diagnostics, DossierError, format_report
from ..core.filestamps import file_stamp
from ..core.model import Dossier, EntityId
from ..core.project import Project
from ..core.reads import Read
from ..link.stage import NameResolver, relink_notes
from ..load.files import CachedFile, LoadedFiles, RawNote, load_file
from ..render.datapage import DATA_PAGE
from ..render.jinja import RenderJob, make_environment, render_pages, site_info
from ..render.pages import BY_KIND, PageKey, page_keys
from ..render.search import search_index_script
from ..write.atomic import replace_file, replace_folder_atomically
from ..write.linkcheck import check_links, find_broken, page_links
from ..write.outputs import InMemory
from .preview import ASSETS, EVENTS, PREFIX, PreviewState, asset, decorate

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
    """Keeps site/ in step with the sources: the linked model stays in memory, and after an edit
    the planner's page plan (see `cache.pagereads`) says which pages are out of date."""

    def __init__(self, project: Project, cache: bool = False):
        self.project = project
        self.use_cache = cache
        """Read through the project's build cache (see `cache`), and keep what is parsed there."""
        self._pruned = False
        self.written: dict[str, bytes] = {}
        """Site path -> digest of the bytes on disk: tells a changed file apart at 16 bytes a file,
        where holding the files themselves took 340 MiB at 10,000 entities."""
        self.loaded: LoadedFiles = {}
        self.dossier: Dossier | None = None
        self.recorded: dict[str, tuple[bytes, str]] = {}
        """Each page written -> the digest of its reads and the reads themselves, when it was drawn."""
        self._resolver: NameResolver | None = None
        self._job: RenderJob | None = None
        self._unsettled: set[str] = set()
        """Paths changed in a rebuild that failed: part of the next one, so an error stands until fixed."""
        self._deferred: list[PageKey] = []
        """Site-wide pages out of date, left for `finish()` after a notes-only rebuild."""

    @property
    def pending(self) -> bool:
        """True while pages wait for `finish()`."""
        return bool(self._deferred)

    # -- whole builds ----------------------------------------------------
    def full_build(self) -> None:
        """Build everything and publish site/ atomically (at start-up)."""
        self.dossier = self._resolver = self._job = None  # let the last model go before reading the next
        self.dossier = self._read()
        reads: dict[str, frozenset[Read]] = {}
        files = render_site(self.dossier, self.project.templates_dir, reads=reads)
        broken = link_errors(check_links(files))
        if broken:
            raise DossierError(broken)
        replace_folder_atomically(files, self.project.site_dir)
        self.written = {rel: _digest(data) for rel, data in files.items()}
        self.recorded = {}
        self._record(Planner.forgetful(self.project).page_plan(self.dossier, {}), reads)
        self._deferred = []

    def _read(self) -> Dossier:
        """The project read, validated, linked and checked, through the files kept in memory."""
        with open_store(self.project.root, engine_version(), _say, self.use_cache) as store:
            try:
                dossier, _ = require_valid(self.project.content_dir, self.loaded, self.project.templates_dir,
                                           ignore=self.project.ignore, store=store,
                                           archive_dir=self.project.archive_dir,
                                           publish_up_to=self.project.publish_copies_up_to)
            finally:  # what files gave is right whether the build passed or not
                store.commit(prune=not self._pruned)  # later builds read unchanged files from memory
                self._pruned = True
        return dossier

    def rebuild(self, changed: Iterable[str] | None = None, defer: bool = False) -> list[str]:
        """Bring site/ up to date after `changed` files (absolute paths; None: unknown) changed.

        Returns the site paths rewritten, in the order they were written. With `defer`, a
        notes-only rebuild leaves the site-wide pages to `finish()` (the watcher calls it
        when no more changes are waiting, so a run of edits re-renders them once). If it
        raises, the files it was given stay part of the next rebuild until one succeeds.
        """
        if changed is not None:
            changed = sorted(set(changed) | self._unsettled)
        try:
            written = self._rebuild(changed, defer)
        except BaseException:
            self._unsettled = set(changed or ())
            raise
        self._unsettled = set()
        return written

    def _rebuild(self, changed: list[str] | None, defer: bool) -> list[str]:
        notes = self._changed_notes(changed)
        if notes is None:
            self.dossier = self._job = self._resolver = None
            dossier, first = self._read(), list[EntityId]()
        else:
            dossier, first = self._relink(notes)
        return self._update(dossier, first, defer and notes is not None)

    def _update(self, dossier: Dossier, first: list[EntityId], defer: bool) -> list[str]:
        """Render and write the pages out of date in `dossier`, the profiles of `first` first; with
        `defer`, only the records' own pages now, the rest at `finish()`."""
        plan = Planner.forgetful(self.project).page_plan(dossier, self.recorded)
        keys = page_keys(dossier)
        urls = {key: BY_KIND[key[0]].url(dossier, key[1]) for key in keys}
        outdated = [key for key in keys if not plan.unchanged(urls[key])]
        outdated.sort(key=lambda key: (key[1] not in first, key[0] not in RECORD_PAGES))
        now = [key for key in outdated if not defer or key[0] in RECORD_PAGES]
        later = [key for key in outdated if key not in set(now)]
        self.dossier = dossier
        files, reads = self._render(now)
        if not plan.unchanged(DATA_KEY):
            files.update(render_files(dossier, self.project.templates_dir, InMemory(), keys=[], reads=reads))
        else:
            files[SEARCH_INDEX] = search_index_script(dossier).encode("utf-8")
        pages = set(urls.values())
        others_made = not plan.unchanged(DATA_KEY)  # the assets and data files were made again
        gone = [rel for rel in self.written if rel not in files and rel not in pages and rel != DATA_PAGE
                and (rel.endswith(".html") or others_made)]
        self._check_links(files, gone)
        written = self._write(files)
        for rel in gone:
            (self.project.site_dir / rel).unlink(missing_ok=True)
            del self.written[rel]
            self.recorded.pop(rel, None)
        self._record(plan, reads)
        self._deferred = later
        return written

    def _check_links(self, files: dict[str, bytes], gone: list[str]) -> None:
        """The links of the files about to be written, against the site as it will be (pages
        kept are read from disk); every page's, if a page goes or loses an id."""
        found = {rel: page_links(data) if rel.endswith(".html") else None for rel, data in files.items()}
        kept = set(self.written) - found.keys() - set(gone)
        site = SiteLinks(found, kept, self.project.site_dir)
        pages: list[str] | None = [rel for rel in found if found[rel] is not None]
        lost = gone or any(rel in self.written and not self._ids_on_disk(rel) <= links.ids
                           for rel, links in found.items() if links is not None)
        broken = link_errors(find_broken(site, None if lost else pages))
        if broken:
            raise DossierError(broken)

    def _ids_on_disk(self, rel: str) -> frozenset[str]:
        """The ids of a page as last written ({"?"} if it cannot be read: then every page is checked)."""
        try:
            return page_links((self.project.site_dir / rel).read_bytes()).ids
        except OSError:
            return frozenset({"?"})

    def _record(self, plan: PagePlan, reads: dict[str, frozenset[Read]]) -> None:
        for url, read in reads.items():
            self.recorded[url] = (plan.digests.page(read), encode_reads(read))

    # -- notes only --------------------------------------------------------
    def _changed_notes(self, changed: Iterable[str] | None) -> dict[str, CachedFile] | None:
        """The re-read notes by path, if every change is an edit of an existing, attached note; else None.

        The load cache takes them only once they are linked without error, so a note that
        failed is read again next time.
        """
        if changed is None or self.dossier is None:
            return None
        content = self.project.content_dir.resolve()
        notes: dict[str, CachedFile] = {}
        for path in changed:
            try:
                rel = Path(path).resolve().relative_to(content).as_posix()
                info = os.stat(path)
            except (ValueError, OSError):
                return None
            hit = self.loaded.get(rel)
            if (hit is None or not isinstance(hit.item, RawNote) or hit.diagnostics
                    or hit.item.id not in self.dossier.entities):
                return None
            stamp = file_stamp(info)
            if stamp == hit.stamp:
                continue
            found = Diagnostics()
            note = load_file(content, content / rel, hit.item.kind, found)
            if not isinstance(note, RawNote) or found.items:
                return None
            notes[rel] = CachedFile(stamp, note, [])
        return notes

    def _relink(self, cached: dict[str, CachedFile]) -> tuple[Dossier, list[EntityId]]:
        """The dossier with the edited notes linked again (see `link.relink_notes`), and their entities."""
        assert self.dossier is not None
        if self._resolver is None:
            self._resolver = NameResolver.of(self.dossier)
        notes = [c.item for c in cached.values() if isinstance(c.item, RawNote)]
        diagnostics = Diagnostics()
        dossier, _ = relink_notes(self.dossier, {EntityId(n.id): n.text for n in notes}, diagnostics, self._resolver)
        if not diagnostics.errors:
            check_note_links(dossier, self.project.templates_dir, diagnostics, only=[EntityId(n.id) for n in notes])
        if diagnostics.errors:
            raise DossierError(diagnostics.errors)
        self.loaded.update(cached)
        return dossier, [EntityId(n.id) for n in notes]

    def finish(self) -> list[str]:
        """After notes-only rebuilds: the site-wide pages left out of date."""
        if not self._deferred or self.dossier is None:
            return []
        keys, self._deferred = self._deferred, []
        files, reads = self._render(keys)
        written = self._write(files)
        self._record(Planner.forgetful(self.project).page_plan(self.dossier, self.recorded), reads)
        return written

    def _render(self, keys: list[PageKey]) -> tuple[dict[str, bytes], dict[str, frozenset[Read]]]:
        """The pages of `keys` rendered from the current model, and what each read."""
        assert self.dossier is not None
        if self._job is None or self._job.dossier is not self.dossier:
            env = self._job.env if self._job else make_environment(self.project.templates_dir)
            self._job = RenderJob(self.dossier, env, site_info(self.dossier.settings), InMemory())
        files: dict[str, bytes] = {}
        reads: dict[str, frozenset[Read]] = {}
        for url, data, read in render_pages(self._job, keys):
            files[url], reads[url] = data, read
        return files, reads

    # -- writing ---------------------------------------------------------
    def _write(self, files: dict[str, bytes]) -> list[str]:
        """Write the files whose bytes changed, each replaced in one rename; their paths, in order."""
        written = []
        for rel, data in files.items():
            digest = _digest(data)
            if self.written.get(rel) == digest:
                continue
            replace_file(self.project.site_dir, rel, data)
            self.written[rel] = digest
            written.append(rel)
        return written


RECORD_PAGES = ("profile", "source")
"""The kinds of page that are one record's own: after a note edit, drawn before the site-wide pages."""


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
                                rebuilder.project.archive_dir) if f.is_dir())
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
        report = format_report(exc.diagnostics)
        _say(report)
        state.update(tuple(report.splitlines()))
        return "content"
    except Exception as exc:  # the preview must outlive any failure, and say what it was
        if isinstance(exc, OSError):
            where = f"{exc.filename}: " if exc.filename else ""
            message = f"error: could not write the preview: {where}{exc.strerror or exc}"
        else:
            message = f"error: the rebuild failed: {type(exc).__name__}: {exc}"
            traceback.print_exc()
        message += f"; trying again every {RETRY_SECONDS:g} s until it works"
        _say(message)
        state.update((message,))
        return "system"
    _say(f"rebuilt {len(written)} file(s){' (' + what + ')' if what else ''} in {time.perf_counter() - started:.2f}s")
    if written or state.problems:
        state.update()
    return ""


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def serve(project: Project, host: str, port: int, cache: bool = True) -> int:
    """Build, then serve site/ with live reload until Ctrl-C (exit 130); with `cache`, files are
    read through the project's build cache."""
    rebuilder = Rebuilder(project, cache)
    rebuilder.full_build()
    state = PreviewState()
    handler = functools.partial(PreviewHandler, state, directory=str(project.site_dir))
    server = PreviewServer((host, port), handler)
    stop = threading.Event()
    threading.Thread(target=watch, args=(rebuilder, stop, None, state), daemon=True).start()
    _say(f"serving {project.site_dir} at http://{host}:{server.server_port}/ (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        return 130
    finally:
        stop.set()
        server.server_close()
    return 0


class PreviewServer(http.server.ThreadingHTTPServer):
    request_queue_size = 1024
    """A reload storm from many tabs waits in the queue rather than being refused."""
    daemon_threads = True


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    """site/'s files, HTML decorated for the preview (see `preview`), and the preview's own files."""

    def __init__(self, state: PreviewState, *args: Any, **kwargs: Any):
        self.state = state
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        path = urllib.parse.urlsplit(self.path).path
        if path == EVENTS:
            self._events()
        elif path.startswith(PREFIX) and path[len(PREFIX):] in ASSETS:
            name = path[len(PREFIX):]
            self._send(asset(name), ASSETS[name])
        elif path == "/favicon.ico" and not os.path.isfile(self.translate_path(path)):
            self.send_response(204)  # browsers ask for it; a site without one is not an error to show
            self.end_headers()
        else:
            super().do_GET()

    def send_head(self):  # type: ignore[no-untyped-def]
        """As the base class does, but an HTML page is decorated, and a path no file can have
        (a NUL byte, say) is refused with 400 instead of a traceback."""
        try:
            target = self.translate_path(self.path)
            if os.path.isdir(target) and self.path.endswith("/"):
                target = os.path.join(target, "index.html")
            if not target.endswith(".html") or not os.path.isfile(target):
                return super().send_head()
            with open(target, "rb") as file:
                page = decorate(file.read(), self.state)
        except ValueError:  # a NUL byte: no file has such a name
            self.send_error(400, "Bad request")
            return None
        except OSError:
            self.send_error(404, "File not found")
            return None
        self._headers(len(page), "text/html; charset=utf-8")
        return io.BytesIO(page)

    def _send(self, data: bytes, content_type: str) -> None:
        self._headers(len(data), content_type)
        self.wfile.write(data)

    def _headers(self, length: int, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(length))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()

    def _events(self) -> None:
        """A server-sent event stream: the site's generation now, then each time it changes."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        generation = self.state.now()[0]
        try:
            self.wfile.write(f"data: {generation}\n\n".encode())
            self.wfile.flush()
            while True:
                now = self.state.wait(generation, timeout=15)
                self.wfile.write(f"data: {now}\n\n".encode() if now != generation else b": still here\n\n")
                self.wfile.flush()
                generation = now
        except OSError:  # the page went away
            return

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass
