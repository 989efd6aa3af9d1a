"""Rebuilder: keeps site/ in step with the project, incrementally, for `serve`.

It does the least work that gives the same bytes as a full build. The linked model stays in
memory between rebuilds, with the reads each page made of it when drawn (see `core.reads`):

- It keeps each file's parsed record between rebuilds and re-reads only the files whose
  stamp changed (`load_content`'s `loaded`); at start-up and on each full read it reads
  through the project's build cache (see `cache`), so a restart parses only what changed
  since the last run, and keeps there what it parses.
- An edit to existing notes only (the common case while writing) links those notes again
  through the link stage (`link.relink_notes`); any other change (a record, a template, a
  file added or removed) reads the whole project again.
- Either way the planner's page plan (`cache.pagereads`) says which pages the new model puts
  out of date; those are rendered (the edited notes' profiles first) and written if their
  bytes changed, their links checked against the site as it will be. After a notes-only
  rebuild the pages are compared by the reads the notes are linked into whose values moved
  (a dozen digests, where every page's reads took half a second at 10,000 entities), and
  the site-wide pages may be left to `finish()`.
- Until a build of the run has been published (the content had errors at start-up), each
  rebuild is a full build, published whole.

A rebuild that fails raises, and site/ stays as the last good build left it.
tests/test_serve.py checks that after incremental rebuilds site/ equals a fresh full build.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

from ..build.notecheck import check_note_links
from ..build.read import require_valid
from ..build.site import SEARCH_INDEX, link_errors, render_files, render_site
from ..cache.inputs import engine_version
from ..cache.lastsite import SiteLinks
from ..cache.pagereads import Decoded, PagePlan
from ..cache.planner import DATA_KEY, Planner
from ..cache.store import open_store
from ..core.diagnostics import Diagnostics, DossierError
from ..core.filestamps import file_stamp
from ..core.model import Dossier, EntityId
from ..core.project import Project
from ..core.reads import PagesReads, Read
from ..core.timings import timed
from ..link.stage import NameResolver, relink_notes, relinked_reads
from ..load.files import CachedFile, LoadedFiles, RawNote, load_file
from ..render.datapage import DATA_PAGE
from ..render.jinja import RenderJob, make_environment, render_pages, site_info
from ..render.pages import BY_KIND, PageKey, page_keys
from ..render.search import search_index_script
from ..render.searchwords import SearchWords
from ..write.atomic import replace_file, replace_folder_atomically
from ..write.linkcheck import check_links, find_broken, page_links
from ..write.outputs import InMemory


def say(message: str) -> None:
    """Print for the person running the preview."""
    print(message, file=sys.stderr, flush=True)


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
        self._digests: dict[Read, bytes] = {}
        """The digest of each read of `dossier` found so far: after a notes-only edit, those the
        notes linked again cannot have changed are not made again (digesting every value pages
        read takes seconds at 10,000 entities)."""
        self._decoded: Decoded = {}
        """The reads of each page as decoded by the last plan (decoding 11,000 pages' reads took
        about a second on each edit at 10,000 entities)."""
        self._comparable: bytes | None = None
        """The global digest of the plans since the last that digested every page's reads, if no
        plan since has met a read that could not be valued (whose digest is never the same
        twice): pages may be compared by the reads that moved only while this holds."""
        self._words = SearchWords()
        """The words of the texts the last search index folded: the next folds only the texts edited."""
        self.published = False
        """Whether a build of this run is in site/: until one is, each rebuild is a full build,
        published whole (site/ may hold an older site, or nothing)."""

    @property
    def pending(self) -> bool:
        """True while pages wait for `finish()`."""
        return bool(self._deferred)

    # -- whole builds ----------------------------------------------------
    def full_build(self) -> list[str]:
        """Build everything and publish site/ atomically (at start-up, and until that succeeds);
        the site paths written."""
        self.dossier = self._resolver = self._job = None  # let the last model go before reading the next
        self.dossier = self._read()
        reads = PagesReads()
        files = render_site(self.dossier, self.project.templates_dir, reads=reads, words=self._next_words())
        broken = link_errors(check_links(files))
        if broken:
            raise DossierError(broken)
        replace_folder_atomically(files, self.project.site_dir)
        self.written = {rel: _digest(data) for rel, data in files.items()}
        self.recorded, self._decoded = {}, {}
        self._record(Planner.forgetful(self.project).page_plan(self.dossier, {}), reads, whole=True)
        self._deferred = []
        self.published = True
        return list(files)

    def _read(self) -> Dossier:
        """The project read, validated, linked and checked, through the files kept in memory."""
        with open_store(self.project.root, engine_version(), say, self.use_cache) as store:
            try:
                dossier, _ = require_valid(self.project.content_dir, self.loaded, self.project.templates_dir,
                                           ignore=self.project.ignore, store=store,
                                           archive_dir=self.project.archive_dir,
                                           publish_up_to=self.project.publish_copies_up_to,
                                           releases_dir=self.project.releases_dir, history_cache=store)
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
            self._comparable = None  # the model may be ahead of the pages recorded: compare them whole
            raise
        self._unsettled = set()
        return written

    def _rebuild(self, changed: list[str] | None, defer: bool) -> list[str]:
        if not self.published:
            return self.full_build()
        notes = self._changed_notes(changed)
        if notes is None:
            self.dossier = self._job = self._resolver = None
            self._digests = {}
            return self._update(self._read(), [], False)
        dossier, first, moved_from = self._relink(notes)
        return self._update(dossier, first, defer, moved_from)

    def _update(self, dossier: Dossier, first: list[EntityId], defer: bool,
                moved_from: Mapping[Read, bytes] | None = None) -> list[str]:
        """Render and write the pages out of date in `dossier`, the profiles of `first` first; with
        `defer`, only the records' own pages now, the rest at `finish()`. `moved_from`: after a
        notes-only relink, the digests in the last model of the reads it may have changed."""
        plan = self._plan(dossier, moved_from)
        keys = page_keys(dossier)
        urls = {key: BY_KIND[key[0]].url(dossier, key[1]) for key in keys}
        deferred = set(self._deferred)  # out of date still, whatever moved since
        outdated = [key for key in keys if key in deferred or not plan.unchanged(urls[key])]
        outdated.sort(key=lambda key: (key[1] not in first, key[0] not in RECORD_PAGES))
        now = [key for key in outdated if not defer or key[0] in RECORD_PAGES]
        drawn_now = set(now)
        later = [key for key in outdated if key not in drawn_now]
        self.dossier = dossier
        files, reads = self._render(now)
        others_made = not plan.unchanged(DATA_KEY)  # the assets and data files are made again
        if others_made:
            files.update(render_files(dossier, self.project.templates_dir, InMemory(), keys=[], reads=reads,
                                      words=self._next_words()))
        pages = set(urls.values())
        gone = [rel for rel in self.written if rel not in files and rel not in pages and rel != DATA_PAGE
                and (rel.endswith(".html") or others_made)]
        self._check_links(files, gone)
        written = self._write(files)
        if not others_made:  # after the pages: an edited note is shown before the index is made again
            with timed("search index"):
                index = search_index_script(dossier, self._next_words()).encode("utf-8")
            written += self._write({SEARCH_INDEX: index})
        for rel in gone:
            (self.project.site_dir / rel).unlink(missing_ok=True)
            del self.written[rel]
            self.recorded.pop(rel, None)
        self._record(plan, reads, whole=plan.moved is None)
        self._deferred = later
        return written

    def _next_words(self) -> SearchWords:
        """A memo of words for the next search index, knowing those the last one used."""
        self._words = self._words.next()
        return self._words

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

    def _plan(self, dossier: Dossier, moved_from: Mapping[Read, bytes] | None = None) -> PagePlan:
        """The planner's page plan for `dossier`, with the digests of the reads known to read alike;
        pages compared by the reads of `moved_from` that moved, if the last plan allows it."""
        planner = Planner.forgetful(self.project)
        if moved_from is not None and self._comparable is not None:
            plan = planner.page_plan(dossier, self.recorded, self._digests, self._decoded, moved_from)
            if plan.digests.global_digest == self._comparable:
                return plan
        return planner.page_plan(dossier, self.recorded, self._digests, self._decoded)

    def _record(self, plan: PagePlan, reads: Mapping[str, frozenset[Read]], whole: bool = False) -> None:
        """Keep what each page drawn read; `whole`: the plan digested the reads of every page."""
        for url, read in reads.items():
            self.recorded[url] = plan.digests.record(read)
        found_digests = plan.digests.found()  # the plan's own table, let go of with it: this run's to change
        self._digests = found_digests if isinstance(found_digests, dict) else dict(found_digests)
        found = plan.digests.global_digest
        if not plan.digests.valued_all or not (whole or found == self._comparable):
            self._comparable = None
        elif whole:
            self._comparable = found

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

    def _relink(self, cached: dict[str, CachedFile]) -> tuple[Dossier, list[EntityId], dict[Read, bytes]]:
        """The dossier with the edited notes linked again (see `link.relink_notes`), their entities, and
        the digests in the last model of the reads the relink may have changed (taken out of those
        known to read alike)."""
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
        self.loaded.update(cached)
        relinked = relinked_reads(touched)  # the rest read alike in the last dossier and this one
        moved_from = {read: self._digests.pop(read) for read in relinked if read in self._digests}
        return dossier, [EntityId(n.id) for n in notes], moved_from

    def finish(self) -> list[str]:
        """After notes-only rebuilds: the site-wide pages left out of date."""
        if not self._deferred or self.dossier is None:
            return []
        keys, self._deferred = self._deferred, []
        files, reads = self._render(keys)
        written = self._write(files)
        self._record(self._plan(self.dossier), reads)
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
