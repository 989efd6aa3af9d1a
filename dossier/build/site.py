"""Site: the whole pipeline, from a content folder to the files of a site.

`read_dossier` (see `read`) runs load -> validate -> link -> checks and returns the model with
every diagnostic; `render_files` turns a model into files (pages, theme assets,
search index, the data exports and their page) handed to an output; `build_site`
does both, writing each page as it is rendered into a new folder, checks the
links, and publishes `site/` atomically, or raises `DossierError` having changed nothing. `build_files` does
the same in memory, for `serve` and the tests; `export_data` writes the data files alone.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable, Iterator, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..cache.planner import DATA_KEY, Planner
from ..core.diagnostics import Diagnostic, DossierError, Pos
from ..core.memory import release_free_memory
from ..core.model import Dossier
from ..core.parallel import Forked
from ..core.progress import SILENT, Progress, counted
from ..core.project import Project, ProjectError
from ..core.reads import PagesReads, Read, recording
from ..core.timings import timed
from ..export import DATA_FOLDER, data_paths, iter_export_files
from ..export.catalog import DELTAS, delta_files
from ..load.files import LoadedFiles, ParsedStore
from ..render.copies import copy_files
from ..render.datapage import data_page
from ..render.feed import atom_feed
from ..render.history import FEED
from ..render.jinja import Output, Printed, make_environment, render_dossier, render_page, site_info
from ..render.pages import PageKey
from ..render.search import search_index_script
from ..render.searchwords import SearchWords
from ..render.theme import Theme, as_theme
from ..write.atomic import replacing_folder, write_chunks
from ..write.linkcheck import BrokenLink, check_links, find_broken
from ..write.outputs import InMemory, IntoFolder
from .publish import Written
from .read import require_project, require_valid


def render_files(dossier: Dossier, templates_dir: Theme | Path, output: Output,
                 jobs: int | None = None, progress: Progress = SILENT,
                 keys: list[PageKey] | None = None, data: bool = True,
                 reads: MutableMapping[str, frozenset[Read]] | None = None, words: SearchWords | None = None,
                 sections: Printed | None = None) -> dict[str, Any]:
    """Every file of the site handed to `output`: pages, theme assets, search index, data exports;
    {path: what `put` gave}.

    `templates_dir` is the project's templates folder (over the built-in theme), or a `Theme`;
    `keys`, the pages to render, if not all, and `data`, whether to make the data files (those
    not made are the last site's, kept). `reads`, if given, gets what each page read of the
    dossier, and under `DATA_KEY` what the data files read (see `core.reads`). `words`: the words
    of texts an earlier search index folded (see `render.searchwords`); `sections`: the print
    page's (see `render_dossier`)."""
    theme = as_theme(templates_dir)

    def other_files() -> dict[str, Any]:
        results = {}
        with timed("theme assets and archived copies"):
            for rel, path in theme.assets().items():
                results[rel] = output.put(rel, path.read_bytes())
            for rel, copied in copy_files(dossier):
                results[rel] = output.put(rel, copied)
        with timed("search index"):
            results[SEARCH_INDEX] = output.put(SEARCH_INDEX, search_index_script(dossier, words).encode("utf-8"))
        feed = atom_feed(dossier)
        if feed is not None:
            results[FEED] = output.put(FEED, feed)
        if data:
            with timed("data exports"):
                made, read = put_data_read(dossier, theme, output)
            results.update(made)
            release_free_memory()  # their rows
            if reads is not None:
                reads[DATA_KEY] = read
        return results

    return render_dossier(dossier, theme, output, jobs, meanwhile=other_files, progress=progress, keys=keys,
                          reads=reads, sections=sections)


SEARCH_INDEX = "assets/search-index.js"


def put_data(dossier: Dossier, theme: Theme, output: Output) -> dict[str, Any]:
    """The exports under data/, and the page that lists them, drawn here since it gives their sizes."""
    sizes: dict[str, int] = {}
    results: dict[str, Any] = {}
    for path, chunks in iter_export_files(dossier):  # each chunk written as it comes, then let go
        sizes[path] = 0

        def counted(chunks: Iterable[bytes], path: str = path) -> Iterator[bytes]:
            for chunk in chunks:
                sizes[path] += len(chunk)
                yield chunk
        results[path] = output.put_chunks(path, counted(chunks))
    page = data_page(dossier, sizes)
    html = render_page(make_environment(theme), page, site_info(dossier.settings))
    results[page.url] = output.put(page.url, html.encode("utf-8"))
    return results


def put_data_read(dossier: Dossier, theme: Theme, output: Output) -> tuple[dict[str, Any], frozenset[Read]]:
    """`put_data`, and what the data files read of the dossier."""
    with recording() as read:
        made = put_data(dossier, theme, output)
    return made, frozenset(read)


class DataAhead:
    """The data files made in a forked process while this one compares and renders the pages,
    once they are found out of date (`start`), in a build that keeps pages of the last site.

    After an edit to a record the model is linked again: every page's reads are digested again
    to compare it, and the exports made again (at 10,000 entities, about 8 s and 6 s on one
    core, each), while only a few dozen pages are drawn, in this process. The exports are a
    function of the dossier alone, written into the new folder under names no page has.
    If the forked process fails, they are made here (`result`), over whatever it wrote. `lock`:
    the descriptor holding the cache's lock, which the forked process closes (see `Forked`)."""

    def __init__(self, dossier: Dossier, theme: Theme, output: Output, jobs: int | None, lock: int | None = None):
        self.dossier, self.theme, self.output = dossier, theme, output
        self.shared = jobs != 1 and (os.cpu_count() or 1) > 1 and len(dossier.statements) >= DATA_AHEAD_STATEMENTS
        self.unheld = () if lock is None else (lock,)
        self._forked: Forked | None = None

    def start(self) -> None:
        if self.shared:
            self._forked = Forked(put_data_read, self.dossier, self.theme, self.output, unheld=self.unheld)

    @property
    def started(self) -> bool:
        return self._forked is not None

    def result(self) -> tuple[dict[str, Any], frozenset[Read]]:
        """What `put_data_read` gives: the forked process's, once it ends, or else made here."""
        assert self._forked is not None
        forked, self._forked = self._forked, None
        found = forked.result()
        return found if found is not None else put_data_read(self.dossier, self.theme, self.output)

    def cancel(self) -> None:
        if self._forked is not None:
            self._forked.cancel()
            self._forked = None


DATA_AHEAD_STATEMENTS = 20_000
"""Statements from which the data files are made in a forked process (1,000 entities have about
44,000; the exports of 10,000 take about 6 s)."""


def render_site(dossier: Dossier, templates_dir: Theme | Path, jobs: int | None = None,
                reads: MutableMapping[str, frozenset[Read]] | None = None,
                words: SearchWords | None = None) -> dict[str, bytes]:
    """Every file of the site, path -> bytes, in sorted order, held in memory (`reads`, `words`: see
    `render_files`)."""
    return dict(sorted(render_files(dossier, templates_dir, InMemory(), jobs, reads=reads, words=words).items()))


def link_errors(broken: list[BrokenLink]) -> list[Diagnostic]:
    return [Diagnostic(Pos(f"site/{b.page}"), "error", f"broken link '{b.href}': {b.problem}", "link.broken")
            for b in broken]


@dataclass(frozen=True)
class BuildResult:
    files: dict[str, bytes]
    warnings: list[Diagnostic]
    dossier: Dossier


def build_files(project: Project, jobs: int | None = None, loaded: LoadedFiles | None = None,
                store: ParsedStore | None = None) -> BuildResult:
    """Read, render and link-check, in memory; raises DossierError before anything is written.

    `loaded` keeps parsed files between builds, `store` between runs (see `load_content`);
    `serve` passes both.
    """
    dossier, warnings = require_valid(project.content_dir, loaded, project.templates_dir, ignore=project.ignore,
                                      store=store, archive_dir=project.archive_dir,
                                      publish_up_to=project.publish_copies_up_to,
                                      releases_dir=project.releases_dir)
    files = render_site(dossier, project.templates_dir, jobs)
    broken = link_errors(check_links(files))
    if broken:
        raise DossierError(broken)
    return BuildResult(files, warnings, dossier)


def build_into(project: Project, folder: Path, planner: Planner, jobs: int | None = None, strict: bool = False,
               progress: Progress = SILENT, reuse: bool = True) -> Written:
    """Read, render into an empty `folder` and link-check; raises DossierError on any error
    (with `strict`, on any warning too, before rendering).

    Pages go to disk as they are rendered. The caller throws the folder away on error
    (see `write.replacing_folder`), so nothing half-built is ever published. Files are read
    through the `planner`'s cache; with `reuse`, the pages of the last site/ it finds up to date
    are hard-linked from it instead of rendered, and what was made is recorded for the next
    build (see `cache.planner`). The search index takes the words of texts the last build folded
    from the planner either way.
    """
    dossier, warnings = require_project(project, planner, strict, progress)
    if not reuse:
        files = render_files(dossier, project.templates_dir, IntoFolder(folder), jobs, progress,
                             words=planner.search_words())
        planner.keep_search_words()
        broken = link_errors(find_broken(files))
        if broken:
            raise DossierError(broken)
        return Written(sorted(files), warnings)
    theme, output = as_theme(project.templates_dir), IntoFolder(folder)
    ahead = DataAhead(dossier, theme, output, jobs, planner.store.lock_descriptor)
    try:
        with progress.stage("comparing with the last site") as stage:
            reused = planner.reuse_pages(dossier, folder, jobs, ahead.start)
            stage.done(f"kept {counted(len(reused.kept), 'unchanged page')} of the last site")
        reads = PagesReads()
        rendered = render_files(dossier, theme, output, jobs, progress, reused.render,
                                not reused.data_kept and not ahead.started, reads, planner.search_words(),
                                reused.sections)
        if ahead.started:
            with timed("data exports"):
                made, reads[DATA_KEY] = ahead.result()
            rendered.update(made)
    finally:
        ahead.cancel()
    planner.keep_search_words()
    release_free_memory()  # what rendering made and let go in this process
    links = planner.site_links(rendered, reads, folder)
    pages = planner.pages_to_check(links)
    with progress.stage("checking links") as stage:
        broken = link_errors(find_broken(links, pages))
        stage.done(f"checked the links of {counted(len(links) if pages is None else len(pages), 'file')}")
    if broken:
        raise DossierError(broken)
    return Written(sorted(links), warnings)


def export_data(project: Project, folder: Path) -> Written:
    """Read, then write the data files alone (data/ of the site) into `folder`, replacing it in one step."""
    dossier, warnings = require_valid(project.content_dir, ignore=project.ignore, archive_dir=project.archive_dir,
                                      releases_dir=project.releases_dir)
    paths = [path.removeprefix(f"{DATA_FOLDER}/") for path in data_paths()]
    _refuse_other_files(folder, set(paths))
    with replacing_folder(folder) as new:
        for path, chunks in iter_export_files(dossier):
            write_chunks(new, path.removeprefix(f"{DATA_FOLDER}/"), chunks)
    paths += [path.removeprefix(f"{DATA_FOLDER}/") for path, _ in delta_files(dossier)]
    return Written(sorted(paths), warnings)


def _a_delta(rel: str) -> bool:
    """Whether a file of an earlier export is a release's delta (data/deltas/NAME.ftm.json)."""
    return rel.startswith(f"{DELTAS}/") and rel.endswith(".ftm.json") and rel.count("/") == 1


def _refuse_other_files(folder: Path, files: set[str]) -> None:
    """The folder is replaced whole: refuse one that holds anything but an earlier export's files."""
    if not folder.is_dir():
        return
    found = (p.relative_to(folder).as_posix() for p in folder.rglob("*") if not p.is_dir())
    others = list(itertools.islice((rel for rel in found if rel not in files and not _a_delta(rel)),
                                   4))  # a large folder: stop early
    if others:
        raise ProjectError(f"{folder} holds files that are not data files ({', '.join(others[:3])}"
                           f"{' ...' if len(others) > 3 else ''}); the export replaces the folder whole, "
                           "so give a new or empty folder, or one an earlier export wrote")
