"""Planner: what is out of date for a run, and what must be redone; the one answer every command asks.

`build`, `bundle`, `validate`, `serve` and the MkDocs plugin each open a `Planner` over the
project's cache (see `store`); with caching off it stands on a `NullStore` that remembers
nothing, so the answers are "everything", and no caller asks whether there is a cache.

- Replay: a run whose inputs have the fingerprint of the last run's (see `inputs`) gets that
  run's diagnostics without reading anything: `validate` then takes a fraction of a second,
  and a build that would fail fails at once.
- Nothing changed: a build whose inputs are those of the site last published, while that
  site is as the build left it (the stamp of each file and folder, and the folder's own
  identity, see `tree_stamps`), does nothing; with --bundle, likewise for the bundle.
- Outdated pages (`PagePlan`, see `pagereads`): a page is out of date unless the reads it
  made of the dossier when last drawn have the digest they had then. A build hard-links each
  page that is not, and whose file in site/ is as that build left it, into the new site
  instead of rendering it (copied where links are refused); the links it holds, kept with
  it, go to the link check. Only the other pages are rendered. `serve` asks the same of the
  pages it wrote last.
- A kept model (see `keeper`): a run that reads the whole dossier after edits to notes or
  templates alone keeps the linked model; a later run read from the same records, settings,
  copies and releases takes it back with the notes that changed since (`kept_model`). A
  build keeps the digests of its pages' reads for the next run read from the same.
- Record: once the outputs are published, their stamps, the pages' digests and links and
  the run's diagnostics are committed in one transaction; unless an input changed while
  the run went on (a second scan differs from the first) or another build published over
  this one: then only what each file gave is kept, which is right whatever happened.
  So are the words of the texts the search index folded (`search_words`): a function of each
  text alone, kept for the next index, which folds only the texts it does not find there; and
  its rows but their words, a function of the records, kept with the key of those.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.diagnostics import Diagnostic, DossierError, Pos
from ..core.memory import release_free_memory
from ..core.model import Dossier
from ..core.project import BUNDLE_NAME, CONFIG_FILE, Project, ProjectError
from ..core.reads import PagesReads, Read
from ..core.timings import timed
from ..core.urls import PRINT
from ..write.atomic import build_time, publishing_lock, remove_stale_temporaries
from ..write.linkcheck import PageLinks, page_links
from ..write.zipentries import Zipped
from .inputs import Scan, engine_version, fingerprint, scan_inputs
from .keeper import MODEL, ModelKeeper
from .keptmodel import Linked
from .lastsite import (
    LastSite,
    SiteLinks,
    TreeStamps,
    give_all,
    recorded_file,
    tree_stamps,
    zipped_alike,
    zipped_as_recorded,
)
from .pagereads import Decoded, Moved, PagePlan, ReadDigests, Recorded, decode_reads, encode_read
from .store import CACHE_DIR, Notice, NullStore, Store, open_store

if TYPE_CHECKING:
    from ..render.jinja import Printed
    from ..render.pages import PageKey
    from ..render.searchwords import SearchWords

SEARCH_WORDS = "search words"
"""The state of the words of texts the last search index folded (see `render.searchwords`)."""
DATA_KEY = "data/"
"""The key of the data files among the pages' (no page's URL ends with '/')."""
ZIPPED = "zipped"
"""The state of what the published bundle's zip holds: its stamp, and the stamp of the file each
entry was made from (see `write.ziparchive.Zipped`)."""

@dataclass(frozen=True)
class Replay:
    """What the last run with the same inputs found."""

    diagnostics: list[Diagnostic]
    counts: tuple[int, int, int]
    """Entities, events and sources read."""


@dataclass
class Reuse:
    """The pages of a build: those to render, and those hard-linked from the last site."""

    render: list[PageKey]
    kept: set[str]
    plan: PagePlan
    jobs: int | None = None
    """The processes that render the pages and digest their reads (None: as many as cores)."""
    data_kept: bool = False
    """Whether the data files (data/ and data.html) are the last site's, kept."""
    rendered: dict[str, PageLinks] = field(default_factory=dict)
    """The links of the pages rendered."""
    reads: PagesReads = field(default_factory=PagesReads)
    """What each page rendered (and `DATA_KEY`, the data files) read of the dossier."""
    sections: Printed = field(default_factory=dict)
    """The sections of the print page: those of the last site still as they would be drawn, then
    those this build drew too (see `render.jinja.render_dossier`)."""
    stored_sections: dict[str, bool] = field(default_factory=dict)
    """The sections the cache holds: whether each is still as it would be drawn."""


class Planner:
    """One run's plan, from its opening to `finish`: what the project's cache says is out of date."""

    def __init__(self, project: Project, store: Store | NullStore):
        self.project = project
        self.store = store
        self.build_time = build_time()
        self._scan: Scan | None = None
        self._fingerprint: str | None = None
        self._run: dict[str, Any] | None = None
        self._reuse: Reuse | None = None
        self._site: int | None = None
        """The inode of the folder this build filled, which becomes site/ when published."""
        self._bundled = False
        self._lent: list[str] = []
        """The files of the last site hard-linked into this build's."""
        self._unchanged = False
        """Whether site/ was found to be the output of these inputs, untouched."""
        self._digests: dict[str, bytes | None] = {}
        """The digest of every input file, by key ('namespace:path'), as the fingerprint found them."""
        self._keeper: ModelKeeper | None = None
        self._content_read: list[str] | None = None
        """The content files this run read, if not every one: the notes it linked into the kept model."""
        self._words: SearchWords | None = None
        self._zipped: Zipped | None = None
        """What the bundle's zip this run published holds."""
        self._stamps: TreeStamps | None = None
        """The stamps of site/ this run recorded."""

    @classmethod
    @contextlib.contextmanager
    def opened(cls, project: Project, notice: Notice, enabled: bool = True) -> Iterator[Planner]:
        """The planner of one run, over the project's cache (over a `NullStore` with `enabled`
        false, or if the cache cannot be used)."""
        with timed("opening the cache"):
            opened = open_store(project.root, engine_version(), notice, enabled)
        with opened as store:
            planner = cls(project, store)
            try:
                yield planner
            except (DossierError, OSError):  # a failed run still keeps what it learnt
                planner.abandon()
                raise
            with timed("recording"):
                planner.finish()

    @classmethod
    def forgetful(cls, project: Project) -> Planner:
        """A planner that remembers nothing: every page is out of date."""
        return cls(project, NullStore())

    @property
    def scan(self) -> Scan:
        """The inputs as found when first asked (a run that keeps nothing never asks)."""
        if self._scan is None:
            with timed("listing inputs"):
                self._scan = scan_inputs(self.project)
        return self._scan

    @property
    def fingerprint(self) -> str:
        if self._fingerprint is None:
            scan = self.scan  # listed first, a stage of its own
            with timed("fingerprinting the inputs"):
                self._fingerprint = fingerprint(scan, self.build_time, self.store, self._digests)
        return self._fingerprint

    # -- the kept model (see `keeper`) ---------------------------------------------
    @property
    def keeper(self) -> ModelKeeper:
        if self._keeper is None:
            self.fingerprint  # noqa: B018 (the digests of the files)
            self._keeper = ModelKeeper(self.store, self.scan, self._digests)
        return self._keeper

    def kept_model(self) -> tuple[Linked, list[str]] | None:
        """The model an earlier run kept, if read from these records, settings, copies and releases,
        and the notes (content paths) whose bytes changed since; None if there is none.

        With none kept, the inputs are listed (as they are before this run reads them) but not
        digested: reading digests each file it reads, and the run's fingerprint takes those
        digests, instead of every file being read twice in a cold run."""
        if not self.store.usable:
            return None
        if not isinstance(self.store.state(MODEL), dict):
            self.scan  # noqa: B018 (the inputs' stamps, for `finish` to tell whether they held still)
            return None
        taken = self.keeper.take()
        self._content_read = None if taken is None else taken[1]
        return taken

    def keep_model(self, linked: Linked, pages_follow: bool = True) -> None:
        """A model read whole (the kept one, if taken, was not used), for `finish` to keep if it is
        worth keeping (see `keeper`)."""
        self._content_read = None  # every content file was read
        if self.store.usable:
            self.keeper.keep(linked, pages_follow)

    # -- replay ---------------------------------------------------------------
    def replay(self) -> Replay | None:
        """The diagnostics of the last run, if it read exactly these inputs."""
        run = self.store.state("run")
        if not isinstance(run, dict) or run.get("fingerprint") != self.fingerprint:
            return None
        try:
            return Replay([Diagnostic(Pos(path, line, column), severity, message, code)
                           for path, line, column, severity, message, code in run["diagnostics"]],
                          (int(run["counts"][0]), int(run["counts"][1]), int(run["counts"][2])))
        except (ValueError, TypeError, KeyError, IndexError):
            return None

    def keep_run(self, diagnostics: list[Diagnostic], counts: tuple[int, int, int]) -> None:
        """What this run found, to be recorded by `finish` for a later run to replay."""
        if not self.store.usable:
            return
        self._run = {"fingerprint": self.fingerprint, "counts": list(counts),
                     "diagnostics": [[d.pos.path, d.pos.line, d.pos.column, d.severity, d.message, d.code]
                                     for d in diagnostics]}

    # -- nothing changed ---------------------------------------------------------
    def site_unchanged(self) -> list[str] | None:
        """The files of site/ if it is the output of these very inputs, untouched since; else None."""
        site = self.store.state("site")
        if not isinstance(site, dict) or site.get("fingerprint") != self.fingerprint:
            return None
        if tree_stamps(self.project.site_dir) != site.get("stamps"):
            return None
        self._unchanged = True
        return sorted(rel for rel in site["stamps"] if rel and not rel.endswith("/"))

    def bundle_unchanged(self) -> bool:
        """Whether the bundle is the one made from the site as it is, untouched since."""
        bundle = self.store.state("bundle")
        return (isinstance(bundle, dict) and bundle.get("fingerprint") == self.fingerprint
                and bundle.get("stamps") == self._bundle_stamps())

    def _bundle_stamps(self) -> dict[str, Any]:
        archive = self.project.dist_dir / f"{BUNDLE_NAME}.zip"
        try:
            info = os.lstat(archive)
        except OSError:
            return {}
        return {"folder": tree_stamps(self.project.dist_dir / BUNDLE_NAME),
                "zip": [info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino]}

    # -- outdated pages ----------------------------------------------------------
    def global_digest(self) -> bytes:
        """What every page depends on but the dossier: engine, build time, templates, mkdocs.yml
        (with no scan made yet, as for `serve`'s plans, the content is not listed for it)."""
        scan = self._scan or scan_inputs(self.project, content=False)
        only = Scan({k: v for k, v in scan.folders.items() if k != "content"})
        return hashlib.blake2b(fingerprint(only, self.build_time, self.store).encode(), digest_size=16).digest()

    def page_plan(self, dossier: Dossier, recorded: Recorded | None = None,
                  known: Mapping[Read, bytes] | None = None, decoded: Decoded | None = None,
                  moved_from: Mapping[Read, bytes] | None = None) -> PagePlan:
        """Which pages are out of date in `dossier`: of those `recorded` as drawn (`serve` keeps
        them in memory, and the reads of them it `decoded`), or else of the last site the cache
        recorded (all, with nothing recorded). `known`: digests of reads whose values are those
        of a dossier digested before (`serve` keeps them); else those the last build kept, if
        they hold here (see `keeper`), and with them, the pages of the last site are compared by
        the reads that moved since it was built, if it says which could have.

        `moved_from` (with `recorded`): the digests, when each of those pages was last found up
        to date, of every read whose value may have changed since (`serve`, after an edit to
        notes alone: the reads of the collections notes are linked into); the pages are then
        compared by the reads of those that moved, each digested again, instead of each page's
        reads being digested whole."""
        global_digest = self.global_digest()
        if moved_from is not None and recorded is not None:
            digests = ReadDigests(dossier, global_digest, known)
            return PagePlan(digests, recorded, {} if decoded is None else decoded,
                            Moved(encode_read(read) for read, before in moved_from.items()
                                  if digests.read(*read) != before))
        if known is None and recorded is None and self.store.usable:
            by_text, untaken = self.keeper.known_texts()
            digests = ReadDigests(dossier, global_digest, by_text=by_text, untaken=untaken)
            moved = self.keeper.moved(digests)
            if moved is not None:
                return PagePlan(digests, self.store.page_records(), moved=moved)
        if known is None and self.store.usable:
            known = self.keeper.known_digests()
        return PagePlan(ReadDigests(dossier, global_digest, known),
                        self.store.page_records() if recorded is None else recorded,
                        {} if decoded is None else decoded)

    def reuse_pages(self, dossier: Dossier, folder: Path, jobs: int | None = None,
                    data_outdated: Callable[[], object] | None = None) -> Reuse:
        """Hard-link into `folder` each page of the last site that is not out of date; the rest to
        render (`jobs`: the processes that render them, and digest their reads when recorded).

        The data files are compared first: `data_outdated`, if given, is called as soon as those
        of the last site are found out of date, before the pages are compared, so that the run
        can start making them meanwhile (with no last site, rendering keeps every process busy)."""
        # Imported here: a run that finds nothing changed never imports the pages' views.
        from ..export.catalog import data_paths, delta_files
        from ..render.datapage import DATA_PAGE
        from ..render.jinja import PRINT_KEY
        from ..render.pages import BY_KIND, page_keys
        plan = self.page_plan(dossier)
        reuse = Reuse([], set(), plan, jobs)
        with LastSite.opened(self.project.site_dir, self.store.state("site")) as last:
            if last is not None and plan.unchanged(DATA_KEY):
                data = [*data_paths(), DATA_PAGE, *(path for path, _ in delta_files(dossier))]  # made together
                reuse.data_kept = give_all(last, data, folder)
                reuse.kept.update(data if reuse.data_kept else ())
            if last is not None and not reuse.data_kept and data_outdated is not None:
                data_outdated()
            for key in page_keys(dossier):
                url = BY_KIND[key[0]].url(dossier, key[1])
                if last is not None and plan.unchanged(url) and last.give(url, folder):
                    reuse.kept.add(url)
                else:
                    reuse.render.append(key)
            if PRINT_KEY in reuse.render:
                self._take_sections(reuse)
            self._lent = last.lent if last is not None else []
        self._reuse = reuse
        self._site = os.stat(folder).st_ino
        return reuse

    def _take_sections(self, reuse: Reuse) -> None:
        """The sections of the last site's print page whose reads have the digest they had."""
        from markupsafe import Markup
        for key, (found, encoded, html) in self.store.section_records().items():
            reads = decode_reads(encoded)
            if reads is not None and reuse.plan.digests.recorded_page(reads) == found:
                reuse.sections[key] = Markup(html), frozenset(reads)  # noqa: S704 (drawn by an earlier build)
            reuse.stored_sections[key] = key in reuse.sections

    def site_links(self, found: dict[str, Any], reads: PagesReads, folder: Path) -> SiteLinks:
        """The links of every file of this build in `folder`, given those of the files rendered and
        what each read."""
        assert self._reuse is not None
        self._reuse.rendered = {url: links for url, links in found.items() if isinstance(links, PageLinks)}
        self._reuse.reads = reads
        self._reuse.plan.digests.digest_ahead(reads, self._reuse.jobs)  # for `_record_site`, meanwhile
        return SiteLinks(found, self._reuse.kept, folder)

    def pages_to_check(self, links: SiteLinks) -> list[str] | None:
        """The pages whose links need checking, or None for all.

        The last site's links all worked. A page kept from it has the links it had, so one of
        them can only break if its target is gone or lost an id: if no file of the last site
        is gone and every page rendered again has at least the ids it had (read from the last
        site's file, if it is as recorded), only the pages rendered need their links checked."""
        assert self._reuse is not None
        site = self.store.state("site")
        stamps = site.get("stamps") if isinstance(site, dict) else None
        if not isinstance(stamps, dict) or any(rel and not rel.endswith("/") and rel not in links for rel in stamps):
            return None
        for url, found in self._reuse.rendered.items():
            if url in stamps:
                before = recorded_file(self.project.site_dir / url, stamps[url])
                if before is None or not page_links(before).ids <= found.ids:
                    return None
        return sorted(self._reuse.rendered)

    def search_words(self) -> SearchWords:
        """The words of texts the last search index folded, and its places, for this run's (see
        `render.searchwords`): a function of each text alone, and of the rows' words, so right
        whatever changed; and the rows but their words, if made from records with this run's key
        (see `keeper`); `keep_search_words` keeps what this run's used and made."""
        if self._words is None:
            from ..render.searchwords import SearchWords  # only once an index is due
            self._words = SearchWords(load=lambda: self.store.state(SEARCH_WORDS),
                                      key=self.keeper.key if self.store.usable else "")
        return self._words

    def keep_search_words(self) -> None:
        """Put what this run's search index used and made (see `search_words`) in the cache's
        transaction for the next, once the index is made, and let it go (about 40 MB at 10,000
        entities, not held while the pages' reads are recorded). Right for their texts and rows
        whatever else moved, so kept by a run that fails later too."""
        if self._words is not None and self._words.changed:
            with timed("keeping the search index's words"):
                self.store.set_state(SEARCH_WORDS, self._words.kept())
        self._words = None

    def zipped(self) -> Zipped | None:
        """The files of this build's site known to be those the published bundle's zip was made from,
        unwritten since (see `lastsite.zipped_alike`)."""
        return zipped_alike(self._lent, self.store.state("site"), self.store.state(ZIPPED))

    def bundled(self, zipped: Zipped | None = None) -> None:
        """The bundle was made from this build's site (`finish` records its stamps), and its zip holds
        `zipped` (forgotten if None)."""
        self._bundled = True
        self._zipped = zipped

    # -- record ------------------------------------------------------------------
    def finish(self) -> None:
        """Record what this run found and made, if its inputs held still while it ran; commit."""
        if not self.store.usable:
            return
        still = (self._run is None and self._reuse is None) or self.scan.held_still(self.project, self._content_read)
        if not self._bundled and self._reuse is not None:  # the zip stays: its files lent, as they are now
            self._zipped = self.zipped()  # by the last site's record, before this run's replaces it
        if still and self._run is not None:
            self.store.set_state("run", self._run)
        if self._reuse is not None:  # this run built site/
            if still and self._published_site():
                self._record_site()
            else:
                self._reuse.plan.digests.cancel_ahead()
                self.store.drop_state("site", "bundle")
        if self._keeper is not None:
            if still:
                self._keeper.record_model()
            else:
                self._keeper.cancel()
        if self._reuse is None and self._unchanged and self._bundled:
            # a new bundle of the site as it was: linking moved its change times
            self._stamps = self._retake_site(None)
            if self._stamps is not None:
                self._record_bundle(self._stamps)
        if self._bundled or self._zipped is not None:
            self._record_zipped()
        self.store.commit()

    def _record_zipped(self) -> None:
        """What the bundle's zip holds, by the stamps of site/ just recorded (see `lastsite.zipped_as_recorded`):
        as this run zipped it, or for a build without a bundle, the files it lent of those the zip
        was known to be made from (so a bundle after builds without one still need not read them)."""
        if self._zipped is None or self._stamps is None:
            self.store.drop_state(ZIPPED)
            return
        files = zipped_as_recorded(self._zipped, self._stamps)
        self.store.set_state(ZIPPED, {"archive": self._zipped.archive, "files": files})

    def abandon(self) -> None:
        """After a failed run: record what it found and what each file gave, and commit.

        The files of site/ lent to the failed build (see `reuse_pages`) are the site's still:
        their stamps are taken again."""
        if not self.store.usable:
            return
        if self._reuse is not None and self._published_site():  # it failed after publishing site/
            self._bundled = False
            self.finish()
            return
        if self._keeper is not None:
            self._keeper.cancel()
        if self._reuse is not None:
            self._reuse.plan.digests.cancel_ahead()
        if self._run is not None and self.scan.held_still(self.project, self._content_read):
            self.store.set_state("run", self._run)
        if self._lent:
            self._retake_site(self._lent)
            self.store.drop_state("bundle")
        self.store.commit()

    def _retake_site(self, lent: list[str] | None) -> TreeStamps | None:
        """The stamps of site/ taken again after its files (those of `lent`, or all) were hard-linked
        elsewhere, which moves a file's change time and nothing else; None, with the site's and
        the bundle's records dropped, if anything else moved."""
        site = self.store.state("site")
        old = site.get("stamps") if isinstance(site, dict) else None
        now = tree_stamps(self.project.site_dir)
        lent_set = set(now) if lent is None else set(lent)
        if not isinstance(site, dict) or not isinstance(old, dict) or now.keys() != old.keys() or not all(
                stamp == old[rel] or (rel in lent_set and stamp[0::2] + stamp[3:] == old[rel][0::2] + old[rel][3:])
                for rel, stamp in now.items()):
            self.store.drop_state("site", "bundle")
            return None
        site["stamps"] = now
        self.store.set_state("site", site)
        return now

    def _published_site(self) -> bool:
        try:
            return os.stat(self.project.site_dir).st_ino == self._site
        except OSError:
            return False

    def _record_site(self) -> None:
        """Record the site published, its pages' reads and the digests of those (see `keeper`)."""
        assert self._reuse is not None
        stamps = tree_stamps(self.project.site_dir)
        if not self._published_site():  # another build published while the stamps were taken
            self.store.drop_state("site", "bundle")
            return
        self._stamps = stamps
        reuse = self._reuse
        reuse.rendered = {}  # the links were checked: let them go before the pages' reads are recorded
        release_free_memory()
        digests = reuse.plan.digests
        digests.digest_all(reuse.reads, reuse.jobs)
        self.keeper.record_digests(digests)  # before the pages' records take their memory
        kept = reuse.kept | ({DATA_KEY} if reuse.data_kept else set())
        self.store.set_pages(digests.records(reuse.reads),
                             [url for url in reuse.plan.recorded if url not in reuse.reads and url not in kept])
        self.keeper.record_moved_from(digests)  # what each page's record is now found from
        if PRINT in reuse.reads:  # drawn again: record the sections drawn, forget those gone
            stored = reuse.stored_sections
            self.store.set_sections(((key, *digests.record(reads), str(html)) for key, (html, reads) in
                                     sorted(reuse.sections.items()) if not stored.get(key)),
                                    [key for key in stored if key not in reuse.sections])
        elif PRINT not in kept:  # no print page
            self.store.drop_sections()
        reuse.reads = PagesReads()
        self.store.set_state("site", {"fingerprint": self.fingerprint, "stamps": stamps})
        if self._bundled:
            self._record_bundle(stamps)
        else:
            self.store.drop_state("bundle")

    def _record_bundle(self, site: TreeStamps) -> None:
        """The bundle's stamps, if its files are this site's (hard links: the same inodes)."""
        with publishing_lock(self.project.dist_dir, lambda message: None):
            stamps = self._bundle_stamps()
            folder = stamps.get("folder", {})
            ours = all(rel in ("", "README.txt") or (rel in site and folder[rel][3] == site[rel][3])
                       for rel in folder if not rel.endswith("/"))
        if ours and stamps:
            self.store.set_state("bundle", {"fingerprint": self.fingerprint, "stamps": stamps})
        else:
            self.store.drop_state("bundle")


def clean_project(project: Project) -> list[str]:
    """Remove the project's site folder, dist/ and cache; their names, as removed.

    A folder that holds the project's own files (a site_dir of '.' or 'content', say) is left
    alone: ProjectError. What killed builds left beside site/ goes too, but never the folder of
    a build still running (see `write.remove_stale_temporaries`).
    """
    keep = [project.root / CONFIG_FILE, project.content_dir, project.templates_dir]
    targets = [project.site_dir, project.dist_dir, project.root / CACHE_DIR]
    for target in targets:
        if any(kept == target or target in kept.parents for kept in keep):
            raise ProjectError(f"{target} holds the project's own files; clean leaves it alone")
    if project.site_dir.parent.is_dir():
        remove_stale_temporaries(project.site_dir.parent, project.site_dir)
    removed = []
    for target in targets:
        if target.is_symlink() or target.is_file():
            target.unlink()
        elif target.is_dir():
            shutil.rmtree(target)
        else:
            continue
        removed.append(_name(target, project.root))
    return removed


def _name(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix() + "/"
    except ValueError:
        return str(path)
