"""Render: pages to HTML through the Jinja templates of a theme folder.

Takes `Page`s and a templates folder; gives {url: html}. Templates get plain
data only: `page` (url, title, root), `site` (title, description, language) and
the page's own context. Jinja runs with autoescape and StrictUndefined, so a
missing value is an error naming the template and line, never an empty string.
Large sites render in worker processes, one per core; output does not depend on
how many workers ran.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from .diagnostics import Diagnostic, DossierError, Pos
from .markup import render_markdown
from .model import Settings
from .pages import Page

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
        raise DossierError([Diagnostic(Pos(_template_place(exc)), "error",
                                       f"{exc.message} (page {page.url})", "template.undefined")]) from None


def _template_place(exc: BaseException) -> str:
    """templates/<file>:<line> of the innermost template frame of a traceback."""
    place = "templates"
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".html"):
            place = f"templates/{Path(filename).name}:{tb.tb_lineno}"
        tb = tb.tb_next
    return place


_worker_env: jinja2.Environment | None = None
_worker_site: SiteInfo | None = None
_worker_pages: list[Page] = []
"""Set before the pool forks, so workers inherit the pages instead of unpickling them."""


def _init_worker(templates_dir: Path, site: SiteInfo) -> None:
    global _worker_env, _worker_site
    _worker_env, _worker_site = make_environment(templates_dir), site


def _render_chunk(pages: list[Page]) -> list[tuple[str, bytes]]:
    assert _worker_env is not None and _worker_site is not None
    return [(p.url, render_page(_worker_env, p, _worker_site).encode("utf-8")) for p in pages]


def _render_range(bounds: tuple[int, int]) -> list[tuple[str, bytes]]:
    return _render_chunk(_worker_pages[bounds[0]:bounds[1]])


def render_pages(pages: list[Page], templates_dir: Path, site: SiteInfo, jobs: int | None = None) -> dict[str, bytes]:
    """HTML of every page as UTF-8, keyed by URL, in page order.

    Bytes, not text: a page with one non-ASCII character is held as 2 or 4 bytes a
    character in a Python string, and a large site's pages are hundreds of megabytes.
    """
    global _worker_pages
    jobs = jobs or (os.cpu_count() or 1 if len(pages) >= PARALLEL_THRESHOLD else 1)
    if jobs <= 1:
        env = make_environment(templates_dir)
        return {p.url: render_page(env, p, site).encode("utf-8") for p in pages}
    if "fork" in multiprocessing.get_all_start_methods():
        # Workers forked from this process share `pages` copy-on-write: no pickling of page data.
        step = max(1, min(64, -(-len(pages) // (jobs * 4))))
        ranges = [(i, i + step) for i in range(0, len(pages), step)]
        _worker_pages = pages
        gc.freeze()  # the cycle collector leaves the inherited objects alone: no scans, no copied pages
        try:
            with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"),
                                     initializer=_init_worker, initargs=(templates_dir, site)) as pool:
                return dict(pair for chunk in pool.map(_render_range, ranges) for pair in chunk)
        finally:
            gc.unfreeze()
            _worker_pages = []
    chunks = _chunks(pages, jobs * 8)
    with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(templates_dir, site)) as pool:
        return dict(pair for chunk in pool.map(_render_chunk, chunks) for pair in chunk)


def _chunks(items: list[Any], count: int) -> Iterable[list[Any]]:
    size = max(1, -(-len(items) // count))
    return [items[i:i + size] for i in range(0, len(items), size)]
