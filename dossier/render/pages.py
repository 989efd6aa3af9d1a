"""Pages: every page of a dossier site, as (URL, template, context) before rendering.

Each page kind is one entry of `PAGE_KINDS`: which pages of that kind a dossier
has (one key each: a record's id, or '' for a page of its own) and the function
that makes one of them. A new kind of page is one new entry. Every page is a pure
function of the linked dossier and its key, so pages can be made in any order, in
any process: `render` makes them in one pass, `serve` remakes the few an edit touches.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from ..core.kinds import BY_NAME, ENTITY_KINDS, KINDS
from ..core.model import Dossier, EntityId, UrlPath
from ..core.schema import CREDIBILITY, RELIABILITY
from ..core.urls import ATLAS, CHRONOLOGY, GROUPS_OVER_TIME, HOME, NETWORK, PRINT, entity_url, section_url
from ..drawing.atlas import atlas
from ..drawing.lifelines import dossier_map
from ..drawing.network import whole_network
from ..link.statements import field_statement_id
from .copies import copy_page_url, copy_view, published
from .grading import LEGEND, has_grades
from .history import changes_context, changes_keys, changes_page_url, profile_history
from .printview import CHRONOLOGY_PREFIX, print_entity, profile_anchor
from .views import ViewBuilder


@dataclass(frozen=True)
class Page:
    """One output page: where it goes, which templates may draw it (first found wins), its data."""

    url: UrlPath
    templates: tuple[str, ...]
    title: str
    context: dict[str, Any]
    description: str = ""
    """What a shared link previews (the meta description, Open Graph's): '' for the dossier's own."""


DESCRIPTION_CHARS = 200
"""A description longer than this is cut at a word, as search results and link previews cut it anyway."""


def described(text: str) -> str:
    """Text as a page's description: one line, cut at a word with an ellipsis when long."""
    text = " ".join(text.split())
    if len(text) <= DESCRIPTION_CHARS:
        return text
    return text[:DESCRIPTION_CHARS - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def summary_description(dossier: Dossier, entity_id: EntityId) -> str:
    """A profile's description: its summary's first fact with its qualifiers in words, so that a preview never
    says more than the page ('... (according to Viktor Mikhailov)')."""
    entity = dossier.entities[entity_id]
    if not entity.summary:
        return ""
    statement = dossier.statements.get(field_statement_id(entity_id, "summary", 0))
    text = str(entity.summary[0].value)
    return described(statement.qualified(text) if statement else text)


def profile_page(dossier: Dossier, views: ViewBuilder, entity_id: str, view: dict[str, Any] | None = None) -> Page:
    """A record's profile page; `view`, its view if already made (`views.entity`)."""
    entity = dossier.entities[EntityId(entity_id)]
    return Page(entity_url(entity.kind, entity.id), (f"entity/{entity.kind}.html", "entity/_default.html"),
                entity.name, {"entity": views.entity(entity.id) if view is None else view,
                              "jsonld": Markup(views.jsonld.profile(entity.id)),  # escaped for <script>
                              "history": profile_history(dossier, views, entity.id)},
                summary_description(dossier, entity.id))


def source_page(dossier: Dossier, views: ViewBuilder, source_id: str) -> Page:
    source = dossier.sources[EntityId(source_id)]
    by = ", ".join(part for part in (source.outlet or "", source.date.text if source.date else "") if part)
    return Page(entity_url("source", source.id), ("source.html",), source.title, {"source": views.source(source.id)},
                described(f"The full text of “{source.title}”{f' ({by})' if by else ''}, each sentence with the "
                          "dossier's facts that cite it."))


def copy_page(dossier: Dossier, views: ViewBuilder, source_id: str) -> Page:
    """A source's archived copy, described and shown so that it can run nothing (see `copies`)."""
    view = copy_view(dossier, source_id)
    return Page(copy_page_url(source_id), ("copy.html",), f"Archived copy: {view['title']}", {"archived": view})


def _published_copies(dossier: Dossier) -> Iterable[str]:
    return [s.id for s in dossier.sources.values() if published(s) is not None]


def chronology_page(dossier: Dossier, views: ViewBuilder, key: str) -> Page:
    return Page(CHRONOLOGY, ("chronology.html",), "Chronology", {"chronology": views.chronology()},
                described(f"Every event of the dossier “{dossier.settings.title}”, in date order, with its sources."))


def index_page(dossier: Dossier, views: ViewBuilder, kind: str) -> Page:
    """The list of every record of a kind, by name."""
    if kind == "source":
        sources: list[dict[str, Any]] = [{"link": views.link(s.id), "summary": s.outlet or ""}
                                         for s in dossier.sources.values()]
        entries = sorted(sources, key=lambda e: e["link"].name)
    else:
        entries = views.listing(kind)
    return Page(section_url(kind), ("list.html",), BY_NAME[kind].title, {"kind": kind, "entries": entries},
                described(f"The {BY_NAME[kind].nouns} of the dossier “{dossier.settings.title}”, by name."))


def home_page(dossier: Dossier, views: ViewBuilder, key: str) -> Page:
    sizes = {kind: len(dossier.kinds.get(kind, ())) for kind in ENTITY_KINDS} | {
        "event": len(dossier.events), "source": len(dossier.sources)}
    counts = [f"{sizes[k.name]:,} {k.noun if sizes[k.name] == 1 else k.nouns}" for k in KINDS]
    key_entities = [views.listing_entry(i) for i in dossier.settings.key_entities]
    sources = [views.link(s) for s in dossier.sources]
    return Page(HOME, ("home.html",), dossier.settings.title,
                {"counts": counts, "key_entities": key_entities, "sources": sources,
                 "print_view": has_print_view(dossier), "changes": bool(changes_keys(dossier))})


PRINT_VIEW_LIMIT = 2000
"""Above this many groups, people and places, one page holding them all is too large for a
browser to lay out or print (about 22 KB a profile: 220 MB at 10,000), so it is not built."""


def has_print_view(dossier: Dossier) -> bool:
    return len(dossier.entities) <= PRINT_VIEW_LIMIT


def print_page(dossier: Dossier, views: ViewBuilder, key: str,
               printed: Callable[[EntityId], Markup] | None = None) -> Page:
    """The whole dossier as one document: every profile by kind and name, then the chronology.

    With `printed` (a record's id -> its section, drawn by `printview.print_fragment`), each
    profile is given as its `anchor`, `name` and drawn `html`; without, as its view (`print_entity`),
    for print.html to draw."""
    sections = []
    for kind in ENTITY_KINDS:
        entries = sorted((dossier.entities[i] for i in dossier.kinds.get(kind, ())),
                         key=lambda e: (e.name.casefold(), e.id))
        if entries:
            sections.append({"kind": kind, "title": BY_NAME[kind].title, "anchor": BY_NAME[kind].folder,
                             "entities": [print_entity(views.entity(e.id)) if printed is None else
                                          {"id": e.id, "anchor": profile_anchor(e.id), "name": e.name,
                                           "html": printed(e.id)} for e in entries]})
    return Page(PRINT, ("print.html",), "The whole dossier",
                {"sections": sections, "chronology": views.chronology(), "chronology_prefix": CHRONOLOGY_PREFIX,
                 "sources": [views.link(s) for s in dossier.sources]})


def grades_page(dossier: Dossier, views: ViewBuilder, key: str) -> Page:
    """The legend of the grades the editor gave: both scales, and each graded source with its reason."""
    sources = [{"link": views.link(s.id), "grade": s.reliability.grade, "reason": s.reliability.reason}
               for s in dossier.sources.values() if s.reliability]
    return Page(UrlPath(LEGEND), ("grades.html",), "Grades",
                {"reliability": RELIABILITY, "credibility": CREDIBILITY, "sources": sources})


def groups_over_time_page(dossier: Dossier, views: ViewBuilder, key: str) -> Page:
    """The whole dossier's groups as lifelines over time, with what passed between them."""
    return Page(GROUPS_OVER_TIME, ("groups-over-time.html",), "Groups over time", {"map": dossier_map(dossier)},
                described(f"The groups of the dossier “{dossier.settings.title}” over time, with what passed between "
                          "them."))


def network_page(dossier: Dossier, views: ViewBuilder, key: str) -> Page:
    """The whole dossier's groups and people as a network of their relations."""
    return Page(NETWORK, ("network.html",), "Network", {"network": whole_network(dossier)},
                described(f"The groups and people of the dossier “{dossier.settings.title}” as a network of their "
                          "relations."))


def atlas_page(dossier: Dossier, views: ViewBuilder, key: str) -> Page:
    """The dossier's places on a map of the world's countries, and the same points as a table."""
    return Page(ATLAS, ("atlas.html",), "Atlas of the places", {"atlas": atlas(dossier)},
                described(f"The places of the dossier “{dossier.settings.title}” on a map, with the basis of each "
                          "point and what happened there."))


def changes_page(dossier: Dossier, views: ViewBuilder, key: str) -> Page:
    """What changed since the latest release, and every release (''); or what release `key` changed."""
    title, context = changes_context(dossier, views, key)
    return Page(changes_page_url(key), ("changes.html",), title, context,
                described(f"{title}: the facts of the dossier “{dossier.settings.title}” added, removed and changed, "
                          "with the citations that came or went."))


def not_found_page(dossier: Dossier, views: ViewBuilder, key: str) -> Page:
    return Page(UrlPath("404.html"), ("404.html",), "Page not found", {})


@dataclass(frozen=True)
class PageKind:
    """A kind of page: the keys of a dossier's pages of this kind, the URL of each, and how to make one."""

    name: str
    keys: Callable[[Dossier], Iterable[str]]
    url: Callable[[Dossier, str], str]
    make: Callable[[Dossier, ViewBuilder, str], Page]


def _one(dossier: Dossier) -> Iterable[str]:
    return ("",)


PAGE_KINDS: tuple[PageKind, ...] = (
    PageKind("profile", lambda d: d.entities, lambda d, k: entity_url(d.kind_of(EntityId(k)), k), profile_page),
    PageKind("chronology", _one, lambda d, k: CHRONOLOGY, chronology_page),
    PageKind("groups-over-time", _one, lambda d, k: GROUPS_OVER_TIME, groups_over_time_page),
    PageKind("network", _one, lambda d, k: NETWORK, network_page),
    PageKind("atlas", _one, lambda d, k: ATLAS, atlas_page),
    PageKind("index", lambda d: [*ENTITY_KINDS, "source"], lambda d, k: section_url(k), index_page),
    PageKind("home", _one, lambda d, k: HOME, home_page),
    PageKind("print", lambda d: ("",) if has_print_view(d) else (), lambda d, k: PRINT, print_page),
    PageKind("grades", lambda d: ("",) if has_grades(d) else (), lambda d, k: LEGEND, grades_page),
    PageKind("changes", changes_keys, lambda d, k: changes_page_url(k), changes_page),
    PageKind("404", _one, lambda d, k: "404.html", not_found_page),
    PageKind("source", lambda d: d.sources, lambda d, k: entity_url("source", k), source_page),
    PageKind("copy", _published_copies, lambda d, k: copy_page_url(k), copy_page),
)
BY_KIND = {kind.name: kind for kind in PAGE_KINDS}

PageKey = tuple[str, str]
"""(page kind, key): ("profile", "usman-ghazi"), ("home", "")."""


def page_keys(dossier: Dossier) -> list[PageKey]:
    """Every page of the dossier, in a fixed order."""
    return [(kind.name, key) for kind in PAGE_KINDS for key in kind.keys(dossier)]


def page_urls(dossier: Dossier) -> dict[str, PageKey]:
    """The URL of every page of the dossier, without making any."""
    return {BY_KIND[kind].url(dossier, key): (kind, key) for kind, key in page_keys(dossier)}


def make_page(dossier: Dossier, views: ViewBuilder, key: PageKey) -> Page:
    return BY_KIND[key[0]].make(dossier, views, key[1])


def build_pages(dossier: Dossier) -> list[Page]:
    """All pages, in a fixed order."""
    views = ViewBuilder(dossier)
    return [make_page(dossier, views, key) for key in page_keys(dossier)]
