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
from collections.abc import Callable, Iterable, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import jinja2
from jinja2.compiler import CodeGenerator
from markupsafe import Markup, escape

try:
    from markupsafe._speedups import _escape_inner
except ImportError:  # MarkupSafe without its C extension
    from markupsafe._native import _escape_inner

from ..core.kinds import KINDS
from ..core.markup import render_markdown
from ..core.model import Dossier, EntityId, Settings
from ..core.parallel import Workers
from ..core.progress import SILENT, Progress, counted
from ..core.reads import Read, recording
from ..core.urls import ATLAS, GROUPS_OVER_TIME, NETWORK, PRINT
from .claimviews import KeptViews
from .drawingfragments import drawing_macros
from .fragments import python_macros
from .pages import Page, PageKey, described, make_page, page_keys, print_page, profile_page
from .printview import print_fragment
from .profilefragments import profile_macros
from .sourcefragments import source_macros
from .templateerrors import template_errors
from .theme import BUILTIN_PREFIX, Theme, ThemeLoader, as_theme
from .themeversions import THEME_VERSION
from .viewdata import View
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


_DICT_ATTRIBUTES = frozenset(dir(dict))


def escape_text(value: Any) -> Markup:
    """`markupsafe.escape`, the same Markup for every value, made without its general constructor for the
    values templates print most: text (escaped), Markup (already safe, so itself) and whole numbers."""
    kind = type(value)
    if kind is str:
        return _new_text(Markup, _escape_inner(value))
    if kind is Markup:
        return value
    if kind is int:  # a number of a sentence, a count, a heading's level: its digits need no escaping
        return _new_text(Markup, str(value))
    return escape(value)


_new_text = str.__new__


class _FastEscapes(CodeGenerator):
    """Jinja's code generator, its templates escaping with `escape_text`, the same escape made quicker: a
    profile prints about a thousand values, each escaped, and `markupsafe.escape` was a tenth of a build."""

    def writeline(self, x: str, node: Any = None, extra: int = 0) -> None:
        super().writeline(x, node, extra)
        if x.startswith("from jinja2.runtime import "):
            super().writeline("escape = environment.escape_text")


MACROS = "macros/dossier.html"
"""The built-in file of the small macros every page shares, which `fragments` makes in Python."""
DRAWINGS = "macros/drawings.html"
"""The built-in file of the drawings' macros, whose macros every profile calls, which `drawingfragments` makes
in Python."""
PROFILE = "macros/profile.html"
"""The built-in file of a profile's sections, whose macros that loop `profilefragments` makes in Python."""
SOURCE = "macros/source.html"
"""The built-in file of a source's text, whose macro `sourcefragments` makes in Python."""


class FragmentTemplate(jinja2.Template):
    """A template whose module, when it is the built-in macros/dossier.html, macros/drawings.html,
    macros/profile.html or macros/source.html, holds `fragments`', `drawingfragments`', `profilefragments`' or
    `sourcefragments`' functions in the place of the macros they draw the same markup as.
    Whether it is the built-in file is asked of the file it was loaded from, each time one is loaded: a
    project's own file keeps its macros; a copy of the built-in file is the built-in file."""

    def make_module(self, vars: dict[str, Any] | None = None, shared: bool = False,
                    locals: Any = None) -> jinja2.environment.TemplateModule:
        module = super().make_module(vars, shared, locals)
        env = self.environment
        if isinstance(env, ViewEnvironment) and env.fragments:
            builtin = self._builtin_macros()
            if builtin is not None:
                macros = {name: value for name, value in vars_of(module).items()
                          if isinstance(value, jinja2.runtime.Macro)}
                if builtin == MACROS:
                    made = python_macros(macros, escape_text, quoted)
                elif builtin == DRAWINGS:
                    made = drawing_macros(macros, escape_text)
                elif builtin == SOURCE:
                    made = source_macros(macros, escape_text)
                else:  # the modules profile.html imported as it was made: the project's own, if it has them
                    made = profile_macros(macros, env.get_template(MACROS)._get_default_module(),
                                          env.get_template(DRAWINGS)._get_default_module(), escape_text)
                vars_of(module).update(made)
        return module

    def _builtin_macros(self) -> str | None:
        """MACROS, DRAWINGS, PROFILE or SOURCE if this is that built-in file (or a copy of it), else None."""
        loader = self.environment.loader
        name = (self.name or "").removeprefix(BUILTIN_PREFIX)
        if (name not in (MACROS, DRAWINGS, PROFILE, SOURCE) or self.filename is None
                or not isinstance(loader, ThemeLoader)):
            return None
        loaded, builtin = Path(self.filename), loader.theme.builtin_dir / name
        return name if loaded == builtin or loaded.read_bytes() == builtin.read_bytes() else None


def vars_of(module: jinja2.environment.TemplateModule) -> dict[str, Any]:
    return module.__dict__


class ViewEnvironment(jinja2.Environment):
    """Jinja, with `a.b` on a view (a plain dict) looked up as the key at once. Jinja's own way tries the
    attribute first and takes the key when that fails, and the failure is an exception raised and caught:
    about a fifth of a profile's drawing went to it. A name that is an attribute of every dict (`items`,
    `keys` ...) still gives the attribute, as in Jinja. A `View` is read the same way (its deferred entries
    too)."""

    code_generator_class = _FastEscapes
    template_class = FragmentTemplate
    escape_text = staticmethod(escape_text)
    fragments = False
    """Whether the macros of the built-in macros/dossier.html and macros/drawings.html are made in Python (see
    `fragments` and `drawingfragments`)."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if (type(obj) is dict or type(obj) is View) and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except (TypeError, LookupError):
                return self.undefined(obj=obj, name=attribute)
        try:  # a view's field (Jinja's own first try, here without a second call)
            return getattr(obj, attribute)
        except AttributeError:
            return super().getattr(obj, attribute)


def make_environment(theme: Theme | Path, fragments: bool = True) -> jinja2.Environment:
    """Jinja set up for a theme, or for a project's templates folder over the built-in theme. With
    `fragments`, the built-in small and drawing macros are made in Python (see `fragments` and
    `drawingfragments`), the same markup."""
    theme = as_theme(theme)
    env = ViewEnvironment(
        loader=theme.loader(),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["markdown"] = lambda text: Markup(render_markdown(text or ""))
    env.filters["quoted"] = quoted
    env.filters["breakable"] = breakable
    env.fragments = fragments
    return env


_BREAK_AFTER = re.compile(r"([/?&=.#_-]+|[0-9A-Za-z]{16})(?=[^\s])")


def breakable(text: str) -> Markup:
    """Text that may wrap inside a long address or a hash (a <wbr> after each '/', '.', '?' ... and every
    16 letters or digits), so a narrow screen need not scroll sideways to show it; escaped."""
    return Markup("<wbr>").join(_BREAK_AFTER.sub("\\1\0", str(text)).split("\0"))  # join escapes each part


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
    with template_errors(env, page.url):
        template = env.select_template(list(page.templates))
        return template.render(page={"url": page.url, "title": page.title, "root": root,
                                     "description": page.description or described(site.description)},
                               site=site, theme_version=THEME_VERSION, **page.context)


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
    printed: bool = False
    """Whether each profile's page also draws its section of the print page (see `render_dossier`)."""
    kept: KeptViews = field(default_factory=KeptViews, compare=False, repr=False)
    """The memos of views each process keeps across its chunks of pages (see `claimviews.KeptViews`)."""


PRINT_KEY: PageKey = ("print", "")

Printed = dict[str, tuple[Markup, frozenset[Read]]]
"""A record's id -> its section of the print page, drawn with its profile, and what its view read."""


def render_dossier(dossier: Dossier, theme: Theme | Path, output: Output, jobs: int | None = None,
                   meanwhile: Callable[[], dict[str, Any]] | None = None,
                   progress: Progress = SILENT, keys: list[PageKey] | None = None,
                   reads: MutableMapping[str, frozenset[Read]] | None = None,
                   sections: Printed | None = None) -> dict[str, Any]:
    """Render every page (or those of `keys`), handing each to `output` as it is made; {url: what `put` gave}.

    One pass over every page of every kind, in chunks, in worker processes when there
    are many (see `parallel`); every page is a function of the linked dossier alone, so
    the output does not depend on how many workers ran or in which order. While the
    workers run, this process does `meanwhile` (whose results are added). `reads`, if
    given, gets what each page read of the dossier (see `core.reads`), as each page comes
    (a `PagesReads` holds a site's compactly).

    The print page (every profile on one page) is drawn last, here, from the sections the
    profiles' pages drew of themselves from the same views (`printview.print_fragment`), so
    no profile's view or note is made twice; its reads are its own and those of every
    section's view. A project whose templates hold their own print.html gets the views
    instead, and print.html makes them itself, as any other page would. `sections`, if given,
    holds sections an earlier run drew that are still as they would be drawn (each is drawn
    again with its profile, if that is rendered), and gets every section this run drew.
    """
    theme = as_theme(theme)
    keys = page_keys(dossier) if keys is None else keys
    printed = PRINT_KEY in keys and theme.is_builtin("print.html")
    job = RenderJob(dossier, make_environment(theme), site_info(dossier.settings), output, printed)
    scheduled = [key for key in keys if key != PRINT_KEY] if printed else keys
    with progress.stage("rendering", len(keys), "pages") as stage, Workers(job, len(keys), jobs) as workers:
        chunks = workers.map(_render_chunk, _scheduled(workers, scheduled))
        results: dict[str, Any] = meanwhile() if meanwhile else {}
        pages: dict[PageKey, tuple[str, Any]] = {}
        sections = {} if sections is None else sections
        for rendered, drawn in chunks:
            for key, (url, result, read) in rendered:
                pages[key] = url, output.kept(result)
                if reads is not None:
                    reads[url] = read
            sections.update(drawn)
            stage.advance(len(rendered))
        if printed:
            url, result, read = _put_print(job, ViewBuilder(dossier, job.kept), sections)
            pages[PRINT_KEY] = url, output.kept(result)
            if reads is not None:
                reads[url] = read
            stage.advance(1)
        for key in keys:  # in the order of `keys`, whichever order the workers took them in
            url, result = pages.pop(key)
            results[url] = result
        stage.done(f"rendered {counted(len(keys), 'page')} and {counted(len(results) - len(keys), 'other file')}")
    return results


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


def render_pages(job: RenderJob, keys: list[PageKey],
                 printed: Printed | None = None) -> list[tuple[str, Any, frozenset[Read]]]:
    """Make, render and put the pages of `keys`; (URL, what `put` gave, what it read) of each.
    With `printed`, each profile's section of the print page goes into it."""
    views = ViewBuilder(job.dossier, job.kept)
    return [_put(job, views, key, printed) for key in keys]


def _render_chunk(job: RenderJob, keys: list[PageKey]) -> tuple[list[tuple[PageKey, tuple[str, Any, frozenset[Read]]]],
                                                                Printed]:
    """`render_pages`, each page given with its key; and the sections of the print page drawn meanwhile."""
    printed: Printed = {}
    pages = list(zip(keys, render_pages(job, keys, printed if job.printed else None), strict=True))
    return pages, printed


def _put(job: RenderJob, views: ViewBuilder, key: PageKey,
         printed: Printed | None = None) -> tuple[str, Any, frozenset[Read]]:
    with recording() as reads:
        if printed is not None and key[0] == "profile":
            with recording() as view_reads:
                view = views.entity(EntityId(key[1]))
            page = profile_page(job.dossier, views, key[1], view)
            html = render_page(job.env, page, job.site)
            with template_errors(job.env, PRINT), recording() as fragment_reads:  # a deferred part's reads
                printed[key[1]] = print_fragment(job.env, view), frozenset(view_reads | fragment_reads)
        else:
            page = make_page(job.dossier, views, key)
            html = render_page(job.env, page, job.site)
    return page.url, job.output.put(page.url, html.encode("utf-8")), frozenset(reads)


def _put_print(job: RenderJob, views: ViewBuilder, sections: Printed) -> tuple[str, Any, frozenset[Read]]:
    """The print page, from the sections the profiles drew or an earlier run kept (a section not
    found there is drawn here, and added to them)."""
    section_reads: set[Read] = set()

    def printed(entity_id: EntityId) -> Markup:
        found = sections.get(entity_id)
        if found is None:
            with template_errors(job.env, PRINT), recording() as drawn_reads:
                found = sections[entity_id] = print_fragment(job.env, views.entity(entity_id)), frozenset(drawn_reads)
        section_reads.update(found[1])
        return found[0]

    with recording() as reads:
        page = print_page(job.dossier, views, PRINT_KEY[1], printed)
        html = render_page(job.env, page, job.site)
    return page.url, job.output.put(page.url, html.encode("utf-8")), frozenset(reads | section_reads)
