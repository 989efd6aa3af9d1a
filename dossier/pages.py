"""Pages: every page of a dossier site, as (URL, template, context) before rendering.

Each page kind is one function in `PAGE_KINDS`; a new kind of page is one new
function. Source pages come last: they list the facts that cite each sentence,
which the other pages' views collect as they are built.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterator

from .model import Dossier, UrlPath
from .schema import ENTITY_KINDS
from .urls import CHRONOLOGY, HOME, SECTION_TITLES, entity_url, section_url
from .views import ViewBuilder


@dataclass(frozen=True)
class Page:
    """One output page: where it goes, which templates may draw it (first found wins), its data."""

    url: UrlPath
    templates: tuple[str, ...]
    title: str
    context: dict[str, Any]


PageKind = Callable[[Dossier, ViewBuilder], Iterator[Page]]


def entity_pages(dossier: Dossier, views: ViewBuilder) -> Iterator[Page]:
    for entity in dossier.entities.values():
        yield Page(entity_url(entity.kind, entity.id),
                   (f"entity/{entity.kind}.html", "entity/_default.html"),
                   entity.name, {"entity": views.entity(entity.id)})


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
               {"counts": counts, "key_entities": key, "sources": sources})


def _count(n: int, singular: str, plural: str) -> str:
    return f"{n:,} {singular if n == 1 else plural}"


def source_pages(dossier: Dossier, views: ViewBuilder) -> Iterator[Page]:
    for source in dossier.sources.values():
        yield Page(entity_url("source", source.id), ("source.html",), source.title,
                   {"source": views.source(source.id)})


def not_found_page(dossier: Dossier, views: ViewBuilder) -> Iterator[Page]:
    yield Page(UrlPath("404.html"), ("404.html",), "Page not found", {})


PAGE_KINDS: list[PageKind] = [entity_pages, chronology_page, index_pages, home_page, source_pages, not_found_page]


def build_pages(dossier: Dossier) -> list[Page]:
    """All pages, in a fixed order."""
    views = ViewBuilder(dossier)
    return [page for kind in PAGE_KINDS for page in kind(dossier, views)]
