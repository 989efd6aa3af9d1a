"""Render: pages to HTML through the Jinja templates of a theme.

Takes the linked `Dossier` and a `Theme` (a project's templates folder over the
built-in theme; see theme.py); hands each page's HTML to an
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
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import jinja2
from markupsafe import Markup

from .diagnostics import Diagnostic, DossierError, Pos
from .markup import render_markdown
from .model import Dossier, EntityId, Settings
from .pages import SITE_PAGE_KINDS, Page, profile_page, source_page
from .theme import Theme, ThemeLoader
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


def make_environment(theme: Theme | Path) -> jinja2.Environment:
    """Jinja set up for a theme, or for a project's templates folder over the built-in theme."""
    env = jinja2.Environment(
        loader=as_theme(theme).loader(),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["markdown"] = lambda text: Markup(render_markdown(text or ""))
    return env


def as_theme(theme: Theme | Path) -> Theme:
    return theme if isinstance(theme, Theme) else Theme.of(theme)


def render_page(env: jinja2.Environment, page: Page, site: SiteInfo) -> str:
    """One page's HTML; a template error becomes a DossierError naming the template and line."""
    root = "../" * page.url.count("/")
    try:
        template = env.select_template(list(page.templates))
        return template.render(page={"url": page.url, "title": page.title, "root": root},
                               site=site, **page.context)
    except jinja2.TemplateSyntaxError as exc:
        place = _file_place(exc.filename, env) if exc.filename else f"templates/{exc.name}"
        raise DossierError([Diagnostic(Pos(place, exc.lineno), "error", exc.message or "syntax error",
                                       "template.syntax")]) from None
    except jinja2.TemplateNotFound as exc:
        raise DossierError([Diagnostic(Pos("templates"), "error",
                                       f"no template for page {page.url}: tried {exc.name}",
                                       "template.missing")]) from None
    except jinja2.UndefinedError as exc:
        raise DossierError([Diagnostic(Pos(_template_place(exc, env)), "error",
                                       f"{exc.message} (page {page.url})", "template.undefined")]) from None
    except RecursionError as exc:
        raise DossierError([Diagnostic(Pos(_template_place(exc, env)), "error",
                                       f"a template extends or includes itself (page {page.url}); to extend "
                                       f"the built-in version of a file, name it with '!': "
                                       f"{{% extends \"!base.html\" %}}", "template.syntax")]) from None


def _template_place(exc: BaseException, env: jinja2.Environment) -> str:
    """templates/<path>:<line> of the innermost template frame of a traceback."""
    place = "templates"
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".html"):
            place = f"{_file_place(filename, env)}:{tb.tb_lineno}"
        tb = tb.tb_next
    return place


def _file_place(filename: str, env: jinja2.Environment) -> str:
    """A template file as the project knows it (see `Theme.place`)."""
    loader = env.loader
    return loader.theme.place(filename) if isinstance(loader, ThemeLoader) else f"templates/{filename}"


class Output(Protocol):
    """Where rendered files go. `put` runs in the process that rendered the file; what it
    returns is sent back to the main process and kept, so it should be small."""

    def put(self, path: str, data: bytes) -> Any: ...


@dataclass(frozen=True)
class _Job:
    """What rendering in workers needs; set before the pool forks, so workers inherit it."""

    dossier: Dossier
    env: jinja2.Environment
    site: SiteInfo
    output: Output


_job: _Job | None = None
Rendered = list[tuple[str, Any]]
"""(URL, what `Output.put` gave) of each page of a chunk, in order."""


def render_dossier(dossier: Dossier, theme: Theme | Path, output: Output, jobs: int | None = None,
                   meanwhile: Callable[[], dict[str, Any]] | None = None) -> dict[str, Any]:
    """Render every page, handing each to `output` as it is made; {url: what `put` gave}.

    Profiles, nearly all the pages of a large site, are built and rendered in chunks,
    in worker processes when there are many: each chunk builds its own views, and
    the back-links it records for source pages are merged in page order, so the
    output does not depend on how many workers ran. While the workers run, this
    process renders the site pages and does `meanwhile` (whose results are added).
    The source pages, which show every back-link, come last, in the same workers.
    """
    global _job
    job = _job = _Job(dossier, make_environment(theme), site_info(dossier.settings), output)
    results: dict[str, Any] = {}
    cited_by = CitedBy()
    try:
        with _Workers(len(dossier.entities), jobs) as workers:
            profiles = workers.map(_render_profiles, workers.chunks(list(dossier.entities)))
            views = ViewBuilder(dossier)
            rest: dict[str, Any] = dict(_put(job, page) for kind in SITE_PAGE_KINDS for page in kind(dossier, views))
            rest.update(meanwhile() if meanwhile else {})
            for rendered, back_links in profiles:
                results.update(rendered)
                cited_by.merge(back_links)
            cited_by.merge(views.cited_by.table)  # the chronology's, after every profile's
            results.update(rest)
            by_source: dict[EntityId, BackLinks] = defaultdict(dict)
            for key, links in cited_by.table.items():
                by_source[key[0]][key] = links
            tasks = [(ids, {k: v for i in ids for k, v in by_source[i].items()})
                     for ids in workers.chunks(list(dossier.sources))]
            for rendered in workers.map(_render_sources, tasks):
                results.update(rendered)
    finally:
        _job = None
    return results


class _Workers:
    """Runs chunks of work in forked worker processes when there are enough pages, else here.

    The workers inherit `_job` and the whole model from the fork, so no model data is
    pickled; only each chunk's small task and result cross between processes.
    """

    def __init__(self, pages: int, jobs: int | None):
        self.jobs = jobs or (os.cpu_count() or 1 if pages >= PARALLEL_THRESHOLD else 1)
        if "fork" not in multiprocessing.get_all_start_methods():
            self.jobs = 1
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> _Workers:
        if self.jobs > 1:
            gc.freeze()  # the cycle collector leaves the inherited objects alone: no scans, no copied pages
            self.pool = ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("fork"),
                                            initializer=gc.disable)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def chunks(self, items: list[Any]) -> list[Any]:
        """`items` cut into chunks: one if there are no workers, else a few per worker, of at most 64."""
        if self.pool is None:
            return [items]
        step = max(1, min(64, -(-len(items) // (self.jobs * 4))))
        return [items[i:i + step] for i in range(0, len(items), step)]

    def map(self, function: Callable[[Any], Any], tasks: list[Any]) -> Iterable[Any]:
        """The results in order: already under way in the workers, else computed here when iterated."""
        if self.pool is None:
            return map(function, tasks)
        return self.pool.map(_collected, [function] * len(tasks), tasks)


def _collected(function: Callable[[Any], Any], task: Any) -> Any:
    """`function(task)` in a worker, whose cycle collector runs once a chunk, not every few
    hundred allocations: only the chunk's own objects are young, so that pass is short."""
    try:
        return function(task)
    finally:
        gc.collect(0)


def _render_profiles(ids: list[EntityId]) -> tuple[Rendered, BackLinks]:
    """Build, render and put the profiles of `ids`; gives what was put and the back-links recorded."""
    job = _job
    assert job is not None
    views = ViewBuilder(job.dossier)
    return [_put(job, profile_page(job.dossier, views, i)) for i in ids], views.cited_by.table


def _render_sources(task: tuple[list[EntityId], BackLinks]) -> Rendered:
    """Build, render and put the pages of the sources `ids`, given their back-links."""
    ids, back_links = task
    job = _job
    assert job is not None
    views = ViewBuilder(job.dossier, CitedBy(back_links))
    return [_put(job, source_page(job.dossier, views, i)) for i in ids]


def _put(job: _Job, page: Page) -> tuple[str, Any]:
    return page.url, job.output.put(page.url, render_page(job.env, page, job.site).encode("utf-8"))
