"""Pages: every page of a dossier site, as (URL, template, context) before rendering.

Each page kind is one function in `PAGE_KINDS`; a new kind of page is one new
function. Profiles come first and source pages last: a source page lists the facts
that cite each sentence, which the other pages' views collect as they are built.
Large sites build and render profiles in worker processes (see `render`), each
chunk with its own back-link table, merged in page order before the source pages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from .model import Dossier, EntityId, UrlPath
from .printview import CHRONOLOGY_PREFIX, print_entity
from .schema import ENTITY_KINDS
from .urls import CHRONOLOGY, HOME, PRINT, SECTION_TITLES, SECTIONS, entity_url, section_url
from .views import ViewBuilder


@dataclass(frozen=True)
class Page:
    """One output page: where it goes, which templates may draw it (first found wins), its data."""

    url: UrlPath
    templates: tuple[str, ...]
    title: str
    context: dict[str, Any]


PageKind = Callable[[Dossier, ViewBuilder], Iterator[Page]]


def profile_page(dossier: Dossier, views: ViewBuilder, entity_id: EntityId) -> Page:
    entity = dossier.entities[entity_id]
    return Page(entity_url(entity.kind, entity.id), (f"entity/{entity.kind}.html", "entity/_default.html"),
                entity.name, {"entity": views.entity(entity.id)})


def entity_pages(dossier: Dossier, views: ViewBuilder) -> Iterator[Page]:
    for entity_id in dossier.entities:
        yield profile_page(dossier, views, entity_id)


def chronology_page(dossier: Dossier, views: ViewBuilder) -> Iterator[Page]:
    yield Page(CHRONOLOGY, ("chronology.html",), "Chronology", {"chronology": views.chronology()})


def index_pages(dossier: Dossier, views: ViewBuilder) -> Iterator[Page]:
    for kind in ENTITY_KINDS:
        yield Page(section_url(kind), ("list.html",), SECTION_TITLES[kind],
                   {"kind": kind, "entries": views.listing(kind)})
    sources = [{"link": views.link(s.id), "summary": s.outlet or ""} for s in dossier.sources.values()]
    yield Page(section_url("source"), ("list.html",), SECTION_TITLES["source"],
               {"kind": "source", "entries": sorted(sources, key=lambda e: e["link"].name)})


def home_page(dossier: Dossier, views: ViewBuilder) -> Iterator[Page]:
    kinds = [e.kind for e in dossier.entities.values()]
    counts = [_count(kinds.count("group"), "group", "groups"), _count(kinds.count("person"), "person", "people"),
              _count(kinds.count("place"), "place", "places"), _count(len(dossier.events), "event", "events"),
              _count(len(dossier.sources), "source", "sources")]
    key = [views.listing_entry(i) for i in dossier.settings.key_entities]
    sources = [views.link(s) for s in dossier.sources]
    yield Page(HOME, ("home.html",), dossier.settings.title,
               {"counts": counts, "key_entities": key, "sources": sources, "print_view": has_print_view(dossier)})


def _count(n: int, singular: str, plural: str) -> str:
    return f"{n:,} {singular if n == 1 else plural}"


def source_page(dossier: Dossier, views: ViewBuilder, source_id: EntityId) -> Page:
    source = dossier.sources[source_id]
    return Page(entity_url("source", source.id), ("source.html",), source.title, {"source": views.source(source.id)})


def source_pages(dossier: Dossier, views: ViewBuilder) -> Iterator[Page]:
    for source_id in dossier.sources:
        yield source_page(dossier, views, source_id)


PRINT_VIEW_LIMIT = 2000
"""Above this many groups, people and places, one page holding them all is too large for a
browser to lay out or print (about 22 KB a profile: 220 MB at 10,000), so it is not built."""


def has_print_view(dossier: Dossier) -> bool:
    return len(dossier.entities) <= PRINT_VIEW_LIMIT


def print_page(dossier: Dossier, views: ViewBuilder) -> Iterator[Page]:
    """The whole dossier as one document: every profile by kind and name, then the chronology.

    Its views are built afresh, by a builder of its own: the profiles' back-links
    were recorded when their pages were built, and must not be recorded twice.
    """
    if not has_print_view(dossier):
        return
    views = ViewBuilder(dossier)
    sections = []
    for kind in ENTITY_KINDS:
        entries = sorted((e for e in dossier.entities.values() if e.kind == kind),
                         key=lambda e: (e.name.casefold(), e.id))
        if entries:
            sections.append({"kind": kind, "title": SECTION_TITLES[kind], "anchor": SECTIONS[kind],
                             "entities": [print_entity(views.entity(e.id)) for e in entries]})
    yield Page(PRINT, ("print.html",), "The whole dossier",
               {"sections": sections, "chronology": views.chronology(), "chronology_prefix": CHRONOLOGY_PREFIX,
                "sources": [views.link(s) for s in dossier.sources]})


def not_found_page(dossier: Dossier, views: ViewBuilder) -> Iterator[Page]:
    yield Page(UrlPath("404.html"), ("404.html",), "Page not found", {})


SITE_PAGE_KINDS: list[PageKind] = [chronology_page, index_pages, home_page, print_page, not_found_page]
"""Every page but the profiles and the sources, which show the back-links the others record."""
PAGE_KINDS: list[PageKind] = [entity_pages, *SITE_PAGE_KINDS, source_pages]


def build_pages(dossier: Dossier) -> list[Page]:
    """All pages, in a fixed order."""
    views = ViewBuilder(dossier)
    return [page for kind in PAGE_KINDS for page in kind(dossier, views)]
