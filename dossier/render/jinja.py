"""Render: pages to HTML through the Jinja templates of a theme.

Takes the linked `Dossier` and a `Theme` (a project's templates folder over the
built-in theme; see theme.py); hands each page's HTML to an
`Output` as soon as it is rendered, so a large site need not be held in memory.
Templates get plain data only: `page` (url, title, root), `site` (title,
description, language), `theme_version` (see `themeversions`) and the page's own context. Jinja runs with autoescape
and StrictUndefined, so a missing value is an error naming the template and
line, never an empty string. Large sites render in worker processes, one per
core (see `parallel`); output does not depend on how many workers ran.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import jinja2
from markupsafe import Markup

from ..core.diagnostics import Diagnostic, DossierError, Pos
from ..core.kinds import KINDS
from ..core.markup import render_markdown
from ..core.model import Dossier, Settings
from ..core.parallel import Workers
from ..core.progress import SILENT, Progress, counted
from ..core.reads import Read, recording
from ..core.urls import ATLAS, GROUPS_OVER_TIME, NETWORK
from .pages import Page, PageKey, described, make_page, page_keys
from .theme import Theme, ThemeLoader
from .themeversions import THEME_VERSION
from .views import ViewBuilder


@dataclass(frozen=True)
class NavItem:
    title: str
    url: str


@dataclass(frozen=True)
class SiteInfo:
    title: str
    description: str
    language: str
    nav: tuple[NavItem, ...]
    """The sections every page links to, from the kinds table, the map of the groups and the atlas."""


def site_info(settings: Settings) -> SiteInfo:
    nav = tuple(NavItem(kind.nav_title, kind.index_url) for kind in KINDS) + (
        NavItem("Over time", GROUPS_OVER_TIME), NavItem("Network", NETWORK), NavItem("Atlas", ATLAS))
    return SiteInfo(settings.title, settings.description, settings.language, nav)


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
    env.filters["quoted"] = quoted
    env.filters["breakable"] = breakable
    return env


_BREAK_AFTER = re.compile(r"([/?&=.#_-]+|[0-9A-Za-z]{16})(?=[^\s])")


def breakable(text: str) -> Markup:
    """Text that may wrap inside a long address or a hash (a <wbr> after each '/', '.', '?' ... and every
    16 letters or digits), so a narrow screen need not scroll sideways to show it; escaped."""
    return Markup("<wbr>").join(_BREAK_AFTER.sub("\\1\0", str(text)).split("\0"))  # join escapes each part


def as_theme(theme: Theme | Path) -> Theme:
    return theme if isinstance(theme, Theme) else Theme.of(theme)


_INNER_QUOTES = str.maketrans({"\u201c": "\u2018", "\u201d": "\u2019"})


def quoted(text: str) -> str:
    """Words in quotation marks, the quotation marks they hold turned single, as quotes within a
    quote are printed: "Today isn't 1999," he said -> “‘Today isn't 1999,’ he said”."""
    inner = str(text).translate(_INNER_QUOTES)
    if '"' in inner:
        parts = inner.split('"')
        inner = "".join(part + ("\u2018" if i % 2 == 0 else "\u2019") for i, part in enumerate(parts[:-1])) + parts[-1]
    return f"\u201c{inner}\u201d"


def render_page(env: jinja2.Environment, page: Page, site: SiteInfo) -> str:
    """One page's HTML; a template error becomes a DossierError naming the template and line."""
    root = "../" * page.url.count("/")
    try:
        template = env.select_template(list(page.templates))
        return template.render(page={"url": page.url, "title": page.title, "root": root,
                                     "description": page.description or described(site.description)},
                               site=site, theme_version=THEME_VERSION, **page.context)
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
    except (TypeError, ValueError, LookupError, ArithmeticError, AttributeError, jinja2.TemplateError) as exc:
        place = _template_place(exc, env)
        if place == "templates":  # not raised by a template: the engine's own error
            raise
        raise DossierError([Diagnostic(Pos(place), "error", f"{exc} (page {page.url})",
                                       "template.error")]) from None
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

    def put_chunks(self, path: str, chunks: Iterable[bytes]) -> Any: ...

    def kept(self, found: Any) -> Any:
        """What `put` gave for a page, as the main process keeps it (sharing what pages have in common)."""


@dataclass(frozen=True)
class RenderJob:
    """What rendering needs, in whichever process renders."""

    dossier: Dossier
    env: jinja2.Environment
    site: SiteInfo
    output: Output


def render_dossier(dossier: Dossier, theme: Theme | Path, output: Output, jobs: int | None = None,
                   meanwhile: Callable[[], dict[str, Any]] | None = None,
                   progress: Progress = SILENT, keys: list[PageKey] | None = None,
                   reads: dict[str, frozenset[Read]] | None = None) -> dict[str, Any]:
    """Render every page (or those of `keys`), handing each to `output` as it is made; {url: what `put` gave}.

    One pass over every page of every kind, in chunks, in worker processes when there
    are many (see `parallel`); every page is a function of the linked dossier alone, so
    the output does not depend on how many workers ran or in which order. While the
    workers run, this process does `meanwhile` (whose results are added). `reads`, if
    given, gets what each page read of the dossier (see `core.reads`).
    """
    job = RenderJob(dossier, make_environment(theme), site_info(dossier.settings), output)
    keys = page_keys(dossier) if keys is None else keys
    with progress.stage("rendering", len(keys), "pages") as stage, Workers(job, len(keys), jobs) as workers:
        chunks = workers.map(_render_chunk, _scheduled(workers, keys))
        results: dict[str, Any] = meanwhile() if meanwhile else {}
        pages: dict[PageKey, tuple[str, Any, frozenset[Read]]] = {}
        shared: dict[Read, Read] = {}
        for rendered in chunks:
            for key, (url, result, read) in rendered:
                pages[key] = url, output.kept(result), _shared_reads(read, shared) if reads is not None else read
            stage.advance(len(rendered))
        for key in keys:  # in the order of `keys`, whichever order the workers took them in
            url, result, read = pages.pop(key)
            results[url] = result
            if reads is not None:
                reads[url] = read
        stage.done(f"rendered {counted(len(keys), 'page')} and {counted(len(results) - len(keys), 'other file')}")
    return results


def _shared_reads(reads: frozenset[Read], shared: dict[Read, Read]) -> frozenset[Read]:
    """A page's reads as kept until they are recorded, each read held once for every page that
    made it: a page makes about 55, mostly reads other pages make too (as the workers send them,
    each page's own copies were 14 KB a page; shared, 2.5 KB)."""
    return frozenset([shared.setdefault(read, read) for read in reads])


_RECORD_PAGES = frozenset({"profile", "source", "copy"})
"""The kinds of page there is one of per record; each other page shows the whole dossier or a kind of it."""


def _scheduled(workers: Workers[RenderJob], keys: list[PageKey]) -> list[list[PageKey]]:
    """The chunks to render: first each page of the whole dossier (print.html, the chronology, the
    map, the lists) on its own, since one of them can take as long as hundreds of profiles and
    would otherwise keep one worker busy after the others are done; then the records' pages."""
    if workers.pool is None:
        return workers.chunks(keys)
    whole = [key for key in keys if key[0] not in _RECORD_PAGES]
    return [[key] for key in whole] + workers.chunks([key for key in keys if key[0] in _RECORD_PAGES])


def render_pages(job: RenderJob, keys: list[PageKey]) -> list[tuple[str, Any, frozenset[Read]]]:
    """Make, render and put the pages of `keys`; (URL, what `put` gave, what it read) of each."""
    views = ViewBuilder(job.dossier)
    return [_put(job, views, key) for key in keys]


def _render_chunk(job: RenderJob, keys: list[PageKey]) -> list[tuple[PageKey, tuple[str, Any, frozenset[Read]]]]:
    """`render_pages`, each page given with its key."""
    return list(zip(keys, render_pages(job, keys), strict=True))


def _put(job: RenderJob, views: ViewBuilder, key: PageKey) -> tuple[str, Any, frozenset[Read]]:
    with recording() as reads:
        page = make_page(job.dossier, views, key)
        html = render_page(job.env, page, job.site)
    return page.url, job.output.put(page.url, html.encode("utf-8")), frozenset(reads)
