"""Site: the whole pipeline, from a content folder to the files of a site.

`read_dossier` runs load -> validate -> link -> checks and returns the model with
every diagnostic; `render_site` turns a model into files (pages, theme assets,
search index); `build_site` does both, checks the links, and writes `site/`
atomically, or raises `DossierError` having written nothing.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .checks import check_dossier
from .diagnostics import Diagnostic, Diagnostics, DossierError, Pos
from .link import link_dossier
from .linkcheck import check_links
from .load import FileCache, load_content
from .model import Dossier
from .pages import build_pages
from .project import Project
from .render import render_pages, site_info
from .search import search_index_script
from .validate import validate_content
from .write import collect_files, replace_folder_atomically


@contextmanager
def gc_paused() -> Iterator[None]:
    """Reading and view-building allocate millions of objects and no reference cycles worth
    collecting; Python's cycle collector would rescan them all, again and again, for about
    a quarter of the CPU time of a large build. It is paused for those stages only."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_dossier(content_dir: Path, cache: FileCache | None = None) -> tuple[Dossier, Diagnostics]:
    """The linked model and every diagnostic found on the way (`cache`: see `load_content`)."""
    diagnostics = Diagnostics()
    with gc_paused():
        loaded = load_content(content_dir, diagnostics, cache)
        valid = validate_content(loaded, diagnostics)
        dossier = link_dossier(valid, diagnostics)
        check_dossier(dossier, diagnostics)
    return dossier, diagnostics


def require_valid(content_dir: Path, cache: FileCache | None = None) -> tuple[Dossier, list[Diagnostic]]:
    """The model, or DossierError with all errors; warnings are returned."""
    dossier, diagnostics = read_dossier(content_dir, cache)
    if diagnostics.errors:
        raise DossierError(diagnostics.errors + diagnostics.warnings)
    return dossier, diagnostics.warnings


def render_site(dossier: Dossier, templates_dir: Path, jobs: int | None = None) -> dict[str, bytes]:
    """Every file of the site, path -> bytes, in sorted order."""
    with gc_paused():
        pages = build_pages(dossier)
    html = render_pages(pages, templates_dir, site_info(dossier.settings), jobs)
    del pages  # the page data is not needed once rendered: large sites keep memory down
    files = collect_files({}, templates_dir / "assets")
    files.update(html)
    del html
    files["assets/search-index.js"] = search_index_script(dossier).encode("utf-8")
    return dict(sorted(files.items()))


def link_errors(files: dict[str, bytes]) -> list[Diagnostic]:
    return [Diagnostic(Pos(f"site/{b.page}"), "error", f"broken link '{b.href}': {b.problem}", "link.broken")
            for b in check_links(files)]


@dataclass(frozen=True)
class BuildResult:
    files: dict[str, bytes]
    warnings: list[Diagnostic]
    dossier: Dossier


def build_files(project: Project, jobs: int | None = None, cache: FileCache | None = None) -> BuildResult:
    """Read, render and link-check; raises DossierError before anything is written.

    `cache` keeps parsed files between builds (see `load_content`); `serve` passes one.
    """
    dossier, warnings = require_valid(project.content_dir, cache)
    files = render_site(dossier, project.templates_dir, jobs)
    broken = link_errors(files)
    if broken:
        raise DossierError(broken)
    return BuildResult(files, warnings, dossier)


def build_site(project: Project, jobs: int | None = None) -> BuildResult:
    """Build and publish `site/` in one atomic step."""
    result = build_files(project, jobs)
    replace_folder_atomically(result.files, project.site_dir)
    return result
