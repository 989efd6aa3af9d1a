"""Render: pages to HTML through the Jinja templates of a theme folder.

Takes the linked `Dossier` and a templates folder; hands each page's HTML to an
`Output` as soon as it is rendered, so a large site need not be held in memory.
Templates get plain data only: `page` (url, title, root), `site` (title,
description, language) and the page's own context. Jinja runs with autoescape
and StrictUndefined, so a missing value is an error naming the template and
line, never an empty string. Large sites render in worker processes, one per
core; output does not depend on how many workers ran.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import jinja2
from markupsafe import Markup

from .diagnostics import Diagnostic, DossierError, Pos
from .markup import render_markdown
from .model import Dossier, EntityId, Settings
from .pages import SITE_PAGE_KINDS, Page, profile_page, source_pages
from .views import BackLinks, CitedBy, ViewBuilder

PARALLEL_THRESHOLD = 400
"""Below this many pages, starting workers costs more than it saves."""


@dataclass(frozen=True)
class SiteInfo:
    title: str
    description: str
    language: str


def site_info(settings: Settings) -> SiteInfo:
    return SiteInfo(settings.title, settings.description, settings.language)


def make_environment(templates_dir: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["markdown"] = lambda text: Markup(render_markdown(text or ""))
    return env


def render_page(env: jinja2.Environment, page: Page, site: SiteInfo) -> str:
    """One page's HTML; a template error becomes a DossierError naming the template and line."""
    root = "../" * page.url.count("/")
    try:
        template = env.select_template(list(page.templates))
        return template.render(page={"url": page.url, "title": page.title, "root": root},
                               site=site, **page.context)
    except jinja2.TemplateSyntaxError as exc:
        raise DossierError([Diagnostic(Pos(f"templates/{exc.name or exc.filename}", exc.lineno),
                                       "error", exc.message or "syntax error", "template.syntax")]) from None
    except jinja2.TemplateNotFound as exc:
        raise DossierError([Diagnostic(Pos("templates"), "error",
                                       f"no template for page {page.url}: tried {exc.name}",
                                       "template.missing")]) from None
    except jinja2.UndefinedError as exc:
        raise DossierError([Diagnostic(Pos(_template_place(exc, env)), "error",
                                       f"{exc.message} (page {page.url})", "template.undefined")]) from None


def _template_place(exc: BaseException, env: jinja2.Environment) -> str:
    """templates/<path>:<line> of the innermost template frame of a traceback."""
    searchpath = getattr(env.loader, "searchpath", None) or ["."]
    root = Path(searchpath[0]).resolve()
    place = "templates"
    tb = exc.__traceback__
    while tb is not None:
        filename = Path(tb.tb_frame.f_code.co_filename).resolve()
        if filename.suffix == ".html":
            rel = filename.relative_to(root).as_posix() if root in filename.parents else filename.name
            place = f"templates/{rel}:{tb.tb_lineno}"
        tb = tb.tb_next
    return place


class Output(Protocol):
    """Where rendered files go. `put` runs in the process that rendered the file; what it
    returns is sent back to the main process and kept, so it should be small."""

    def put(self, path: str, data: bytes) -> Any: ...


@dataclass(frozen=True)
class _Job:
    """What rendering the profiles needs; set before the pool forks, so workers inherit it."""

    dossier: Dossier
    ids: list[EntityId]
    env: jinja2.Environment
    views: ViewBuilder
    site: SiteInfo
    output: Output


_job: _Job | None = None


def render_dossier(dossier: Dossier, templates_dir: Path, output: Output, jobs: int | None = None,
                   meanwhile: Callable[[], dict[str, Any]] | None = None) -> dict[str, Any]:
    """Render every page, handing each to `output` as it is made; {url: what `put` gave}.

    Profiles, nearly all the pages of a large site, are built and rendered in chunks,
    in worker processes when there are many: each chunk builds its own views, and
    the back-links it records for source pages are merged in page order, so the
    output does not depend on how many workers ran. While the workers run, this
    process renders the site pages and does `meanwhile` (whose results are added);
    the source pages, which show every back-link, come last.
    """
    global _job
    site = site_info(dossier.settings)
    ids = list(dossier.entities)
    env = make_environment(templates_dir)
    _job = _Job(dossier, ids, env, ViewBuilder(dossier), site, output)

    def put(page: Page) -> Any:
        return output.put(page.url, render_page(env, page, site).encode("utf-8"))

    results: dict[str, Any] = {}
    cited_by = CitedBy()
    try:
        with _profiles_started(len(ids), jobs) as profiles:
            views = ViewBuilder(dossier)
            rest: dict[str, Any] = {page.url: put(page) for kind in SITE_PAGE_KINDS for page in kind(dossier, views)}
            rest.update(meanwhile() if meanwhile else {})
            for rendered, back_links in profiles:
                results.update(rendered)
                cited_by.merge(back_links)
    finally:
        _job = None
    cited_by.merge(views.cited_by.table)  # the chronology's, after every profile's
    results.update(rest)
    views = ViewBuilder(dossier, cited_by)
    results.update((page.url, put(page)) for page in source_pages(dossier, views))
    return results


ChunkResult = tuple[list[tuple[str, Any]], BackLinks]


@contextmanager
def _profiles_started(count: int, jobs: int | None) -> Iterator[Iterable[ChunkResult]]:
    """The results of rendering the profiles, in page order: already under way in workers if
    there are enough of them, else computed in this process when iterated."""
    jobs = jobs or (os.cpu_count() or 1 if count >= PARALLEL_THRESHOLD else 1)
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield (_render_profiles((0, count)) for _ in (1,))
        return
    step = max(1, min(64, -(-count // (jobs * 4))))
    ranges = [(i, min(i + step, count)) for i in range(0, count, step)]
    gc.freeze()  # the cycle collector leaves the inherited objects alone: no scans, no copied pages
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"), initializer=gc.disable) as pool:
        yield pool.map(_render_in_worker, ranges)


def _render_in_worker(bounds: tuple[int, int]) -> ChunkResult:
    """`_render_profiles` in a worker, whose cycle collector runs once a chunk, not every few
    hundred allocations: only the chunk's own objects are young, so that pass is short."""
    try:
        return _render_profiles(bounds)
    finally:
        gc.collect(0)


def _render_profiles(bounds: tuple[int, int]) -> ChunkResult:
    """Build, render and put the profiles of `_job.ids[start:end]`; gives what was put and the back-links."""
    job = _job
    assert job is not None
    job.views.cited_by = CitedBy()
    rendered: list[tuple[str, Any]] = []
    for entity_id in job.ids[bounds[0]:bounds[1]]:
        page = profile_page(job.dossier, job.views, entity_id)
        rendered.append((page.url, job.output.put(page.url, render_page(job.env, page, job.site).encode("utf-8"))))
    return rendered, job.views.cited_by.table
