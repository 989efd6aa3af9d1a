"""Rebuilder: keeps site/ in step with the project, incrementally, for `serve`.

It does the least work that gives the same bytes as a full build:

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
- Until a build of the run has been published (the content had errors at start-up),
  each rebuild is a full build, published whole.

A rebuild that fails raises, and site/ stays as the last good build left it.
tests/test_serve.py checks that after incremental rebuilds site/ equals a fresh full build.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Iterable
from pathlib import Path

from ..build.site import SEARCH_INDEX, build_files
from ..cache.inputs import engine_version
from ..cache.store import open_cache
from ..core.diagnostics import Diagnostics, DossierError
from ..core.filestamps import file_stamp
from ..core.model import Dossier, EntityId
from ..core.project import Project
from ..link.stage import NameResolver, relink_notes
from ..load.files import CachedFile, FileCache, RawNote, load_file
from ..render.jinja import RenderJob, make_environment, render_pages, site_info
from ..render.notecheck import check_note_links
from ..render.pages import PageKey, page_keys
from ..render.search import search_index_script
from ..write.atomic import replace_file, replace_folder_atomically
from ..write.outputs import InMemory


def say(message: str) -> None:
    """Print for the person running the preview."""
    print(message, file=sys.stderr, flush=True)


class Rebuilder:
    """Keeps site/ in step with the sources, re-reading, re-rendering and writing only what changed."""

    def __init__(self, project: Project, cache: bool = False):
        self.project = project
        self.use_cache = cache
        """Read through the project's build cache (see `cache`), and keep what is parsed there."""
        self._pruned = False
        self.written: dict[str, bytes] = {}
        """Site path -> digest of the bytes on disk: tells a changed file apart at 16 bytes a file,
        where holding the files themselves took 340 MiB at 10,000 entities."""
        self.cache: FileCache = {}
        self.dossier: Dossier | None = None
        self._resolver: NameResolver | None = None
        self._job: RenderJob | None = None
        self._unsettled: set[str] = set()
        """Paths changed in a rebuild that failed: part of the next one, so an error stands until fixed."""
        self.pending = False
        """True while site-wide pages wait for `finish()` after a notes-only rebuild."""
        self.published = False
        """Whether a build of this run is in site/: until one is, each rebuild is a full build,
        published whole (site/ may hold an older site, or nothing)."""

    # -- whole builds ----------------------------------------------------
    def full_build(self) -> list[str]:
        """Build everything and publish site/ atomically (at start-up, and until that succeeds);
        the site paths written."""
        files = self._build_everything()
        replace_folder_atomically(files, self.project.site_dir)
        self.written = {rel: _digest(data) for rel, data in files.items()}
        self.published = True
        return list(files)

    def _build_everything(self) -> dict[str, bytes]:
        self.dossier = self._resolver = self._job = None  # let the last model go before reading the next
        store = open_cache(self.project.root, engine_version(), say) if self.use_cache else None
        try:
            result = build_files(self.project, cache=self.cache, store=store)
        finally:
            if store is not None:  # what files gave is right whether the build passed or not
                store.commit(prune=not self._pruned)  # later builds read unchanged files from memory
                self._pruned = True
                store.close()
        self.dossier = result.dossier
        return result.files

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
        if not self.published:
            return self.full_build()
        notes = self._changed_notes(changed)
        if notes is not None:
            written = self._rebuild_notes(notes)
            return written if defer else written + self.finish()
        self.pending = False
        files = self._build_everything()
        written = self._write(files)
        for rel in set(self.written) - set(files):
            (self.project.site_dir / rel).unlink(missing_ok=True)
            del self.written[rel]
        return written

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
            hit = self.cache.get(rel)
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

    def _rebuild_notes(self, cached: dict[str, CachedFile]) -> list[str]:
        """Link the edited notes again (see `link.relink_notes`), then write what that changes."""
        assert self.dossier is not None
        if self._resolver is None:
            self._resolver = NameResolver.of(self.dossier)
        notes = [c.item for c in cached.values() if isinstance(c.item, RawNote)]
        diagnostics = Diagnostics()
        dossier, touched = relink_notes(self.dossier, {EntityId(n.id): n.text for n in notes}, diagnostics,
                                        self._resolver)
        if not diagnostics.errors:
            check_note_links(dossier, self.project.templates_dir, diagnostics, only=[EntityId(n.id) for n in notes])
        if diagnostics.errors:
            raise DossierError(diagnostics.errors)
        self.dossier = dossier
        self.cache.update(cached)
        # 1. the edited profiles and those whose "mentioned in" changed: what the editor is looking at
        edited = [EntityId(raw.id) for raw in notes]
        written = self._render([("profile", i) for i in edited + sorted(touched - set(edited))])
        # 2. the search index
        written += self._write({SEARCH_INDEX: search_index_script(dossier).encode("utf-8")})
        self.pending = True
        return written

    def finish(self) -> list[str]:
        """3. after notes-only rebuilds: the site-wide pages (not one record's own page), which may show notes."""
        if not self.pending or self.dossier is None:
            return []
        written = self._render([k for k in page_keys(self.dossier) if k[0] not in RECORD_PAGES])
        self.pending = False
        return written

    def _render(self, keys: list[PageKey]) -> list[str]:
        """Render the pages of `keys` from the current model and write those whose bytes changed."""
        assert self.dossier is not None
        if self._job is None or self._job.dossier is not self.dossier:
            env = self._job.env if self._job else make_environment(self.project.templates_dir)
            self._job = RenderJob(self.dossier, env, site_info(self.dossier.settings), InMemory())
        return self._write(dict(render_pages(self._job, keys)))

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
"""The kinds of page that are one record's own: a note edit re-renders only those it touches."""


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()
