"""Site: the whole pipeline, from a content folder to the files of a site.

`read_dossier` runs load -> validate -> link -> checks and returns the model with
every diagnostic; `render_files` turns a model into files (pages, theme assets,
search index, the data exports and their page) handed to an output; `build_site`
does both, writing each page as it is rendered into a new folder, checks the
links, and publishes `site/` atomically, or raises `DossierError` having changed nothing. `build_files` does
the same in memory, for `serve` and the tests; `export_data` writes the data files alone.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .checks import check_dossier
from .diagnostics import Diagnostic, Diagnostics, DossierError, Pos
from .export import DATA_FOLDER, data_paths, iter_export_files
from .export.datapage import data_page
from .link import link_dossier
from .linkcheck import BrokenLink, check_links, find_broken
from .load import FileCache, load_content
from .model import Dossier
from .notecheck import check_note_links
from .outputs import InMemory, IntoFolder
from .parallel import collector_paused
from .progress import SILENT, Progress, counted
from .project import Project, ProjectError
from .render import Output, as_theme, make_environment, render_dossier, render_page, site_info
from .search import search_index_script
from .theme import Theme
from .validate import validate_content
from .write import replacing_folder, write_file


def read_dossier(content_dir: Path, cache: FileCache | None = None, theme: Theme | Path | None = None, *,
                 progress: Progress = SILENT) -> tuple[Dossier, Diagnostics]:
    """The linked model and every diagnostic found on the way (`cache`: see `load_content`).

    With the `theme` the pages will be drawn in, the links notes make into the site are
    checked against those pages too (see `notecheck`).
    """
    diagnostics = Diagnostics()
    with collector_paused():
        with progress.stage("reading") as stage:
            loaded = load_content(content_dir, diagnostics, cache)
            stage.done(f"read {counted(len(loaded.records), 'record')} and {counted(len(loaded.notes), 'note')}")
        with progress.stage("validating") as stage:
            valid = validate_content(loaded, diagnostics)
            stage.done(f"validated {counted(len(valid.entities) + len(valid.events) + len(valid.sources), 'record')}")
        with progress.stage("linking") as stage:
            dossier = link_dossier(valid, diagnostics)
            stage.done(f"linked {counted(len(dossier.entities), 'entity', 'entities')}, "
                       f"{counted(len(dossier.events), 'event')} and {counted(len(dossier.sources), 'source')}")
        with progress.stage("checking") as stage:
            check_dossier(dossier, diagnostics)
            if theme is not None and not diagnostics.errors:
                check_note_links(dossier, theme, diagnostics)
            stage.done(f"checked them: {counted(len(diagnostics.errors), 'error')}, "
                       f"{counted(len(diagnostics.warnings), 'warning')}")
    return dossier, diagnostics


def require_valid(content_dir: Path, cache: FileCache | None = None, theme: Theme | Path | None = None, *,
                  ignore: frozenset[str] = frozenset(), strict: bool = False,
                  progress: Progress = SILENT) -> tuple[Dossier, list[Diagnostic]]:
    """The model, or DossierError with all errors (with `strict`, warnings too); the warnings
    not in `ignore` are returned. `theme`: see `read_dossier`."""
    dossier, diagnostics = read_dossier(content_dir, cache, theme, progress=progress)
    warnings = [d for d in diagnostics.warnings if d.code not in ignore]
    if diagnostics.errors or (strict and warnings):
        raise DossierError(diagnostics.errors + warnings)
    return dossier, warnings


def render_files(dossier: Dossier, templates_dir: Theme | Path, output: Output,
                 jobs: int | None = None, progress: Progress = SILENT) -> dict[str, Any]:
    """Every file of the site handed to `output`: pages, theme assets, search index, data exports;
    {path: what `put` gave}.

    `templates_dir` is the project's templates folder (over the built-in theme), or a `Theme`."""
    theme = as_theme(templates_dir)

    def other_files() -> dict[str, Any]:
        results = {}
        for rel, path in theme.assets().items():
            results[rel] = output.put(rel, path.read_bytes())
        results[SEARCH_INDEX] = output.put(SEARCH_INDEX, search_index_script(dossier).encode("utf-8"))
        results.update(put_data(dossier, theme, output))
        return results

    return render_dossier(dossier, theme, output, jobs, meanwhile=other_files, progress=progress)


SEARCH_INDEX = "assets/search-index.js"


def put_data(dossier: Dossier, theme: Theme, output: Output) -> dict[str, Any]:
    """The exports under data/, and the page that lists them, drawn here since it gives their sizes."""
    sizes: dict[str, int] = {}
    results: dict[str, Any] = {}
    for path, data in iter_export_files(dossier):  # each written at once, then let go
        results[path] = output.put(path, data)
        sizes[path] = len(data)
    page = data_page(dossier, sizes)
    html = render_page(make_environment(theme), page, site_info(dossier.settings))
    results[page.url] = output.put(page.url, html.encode("utf-8"))
    return results


def render_site(dossier: Dossier, templates_dir: Theme | Path, jobs: int | None = None) -> dict[str, bytes]:
    """Every file of the site, path -> bytes, in sorted order, held in memory."""
    return dict(sorted(render_files(dossier, templates_dir, InMemory(), jobs).items()))


def link_errors(broken: list[BrokenLink]) -> list[Diagnostic]:
    return [Diagnostic(Pos(f"site/{b.page}"), "error", f"broken link '{b.href}': {b.problem}", "link.broken")
            for b in broken]


@dataclass(frozen=True)
class BuildResult:
    files: dict[str, bytes]
    warnings: list[Diagnostic]
    dossier: Dossier


def build_files(project: Project, jobs: int | None = None, cache: FileCache | None = None) -> BuildResult:
    """Read, render and link-check, in memory; raises DossierError before anything is written.

    `cache` keeps parsed files between builds (see `load_content`); `serve` passes one.
    """
    dossier, warnings = require_valid(project.content_dir, cache, project.templates_dir, ignore=project.ignore)
    files = render_site(dossier, project.templates_dir, jobs)
    broken = link_errors(check_links(files))
    if broken:
        raise DossierError(broken)
    return BuildResult(files, warnings, dossier)


@dataclass(frozen=True)
class Written:
    paths: list[str]
    warnings: list[Diagnostic]


def build_into(project: Project, folder: Path, jobs: int | None = None, strict: bool = False,
               progress: Progress = SILENT) -> Written:
    """Read, render into an empty `folder` and link-check; raises DossierError on any error
    (with `strict`, on any warning too, before rendering).

    Pages go to disk as they are rendered. The caller throws the folder away on error
    (see `write.replacing_folder`), so nothing half-built is ever published.
    """
    dossier, warnings = require_valid(project.content_dir, theme=project.templates_dir, ignore=project.ignore,
                                      strict=strict, progress=progress)
    links = render_files(dossier, project.templates_dir, IntoFolder(folder), jobs, progress)
    with progress.stage("checking links") as stage:
        broken = link_errors(find_broken(links))
        stage.done(f"checked the links of {counted(len(links), 'file')}")
    if broken:
        raise DossierError(broken)
    return Written(sorted(links), warnings)


def export_data(project: Project, folder: Path) -> Written:
    """Read, then write the data files alone (data/ of the site) into `folder`, replacing it in one step."""
    dossier, warnings = require_valid(project.content_dir, ignore=project.ignore)
    paths = [path.removeprefix(f"{DATA_FOLDER}/") for path in data_paths()]
    _refuse_other_files(folder, set(paths))
    with replacing_folder(folder) as new:
        for path, data in iter_export_files(dossier):
            write_file(new, path.removeprefix(f"{DATA_FOLDER}/"), data)
    return Written(sorted(paths), warnings)


def _refuse_other_files(folder: Path, files: set[str]) -> None:
    """The folder is replaced whole: refuse one that holds anything but an earlier export's files."""
    if not folder.is_dir():
        return
    found = (p.relative_to(folder).as_posix() for p in folder.rglob("*") if not p.is_dir())
    others = list(itertools.islice((rel for rel in found if rel not in files), 4))  # a large folder: stop early
    if others:
        raise ProjectError(f"{folder} holds files that are not data files ({', '.join(others[:3])}"
                           f"{' ...' if len(others) > 3 else ''}); the export replaces the folder whole, "
                           "so give a new or empty folder, or one an earlier export wrote")


def build_site(project: Project, jobs: int | None = None, strict: bool = False,
               progress: Progress = SILENT) -> Written:
    """Build and publish `site/` in one atomic step."""
    with replacing_folder(project.site_dir) as folder:
        return build_into(project, folder, jobs, strict, progress)
