"""References: the numbered citations of each page, and the facts that cite each source sentence.

Part of the link stage. A page numbers its citations in reading order; `page_citations`
gives them as a pure function of the linked dossier and the page, so every page, export
and drawing that shows a citation agrees on its number without rendering anything.
`link_cited_by` walks every page's citations once to give each source sentence the
list of facts that cite it (the back-links of the source pages), in page order:
profiles in the dossier's order, then the chronology. A fact shown on several pages (a
relation on both sides' profiles, an event on the chronology and each timeline) is one
fact citing the sentence, with a link to each page.

A citing item of a page is named by a `Slot` (see `model`): the section it is in and its
place there, so a view asks for the marks of, say, ("relation", 3) rather than counting along.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from types import MappingProxyType

from ..core.diagnostics import Pos
from ..core.model import Citation, CitedBy, Dossier, EntityId, Event, Mark, PageCitations, Quote, Slot, UrlPath
from ..core.schema import KIND_FIELDS
from ..core.statement import part_words
from ..core.urls import CHRONOLOGY, entity_url

CHRONOLOGY_PAGE = "chronology"
"""The page key of the chronology; any other key is the id of a profile's entity."""


def page_citations(dossier: Dossier, page: str) -> PageCitations:
    """The citations of a profile (`page` is its entity's id) or of the chronology, numbered:
    as the link stage numbered them, or numbered now for a dossier not linked by `link_dossier`."""
    known = dossier.citations.get(page)
    return known if known is not None else number_citations(dossier, page)


def number_citations(dossier: Dossier, page: str) -> PageCitations:
    """Number the citations of a page.

    One entry per passage cited (the same source, and the same words at the same place in
    it), however many facts cite it; each fact's mark carries its entry's number.
    """
    if page == CHRONOLOGY_PAGE:
        url, title, items = CHRONOLOGY, "Chronology", _chronology_items(dossier)
    else:
        entity = dossier.entities[EntityId(page)]
        url, title, items = entity_url(entity.kind, entity.id), entity.name, _profile_items(dossier, entity.id)
    numbers: dict[tuple[str, int, str], int] = {}
    """A passage (the source, and the same words at the same place in it) -> its entry's number."""
    uses: list[list[Mark]] = []
    slots: dict[Slot, tuple[Mark, ...]] = {}
    for slot, label, cites, statement in items:
        marks = []
        for cite in cites:
            number = numbers.setdefault((cite.source, cite.start, cite.quote), len(numbers) + 1)
            if number > len(uses):
                uses.append([])
            places = uses[number - 1]
            places.append(Mark(number, len(places) + 1, cite, label, statement))
            marks.append(places[-1])
        slots[slot] = tuple(marks)
    return PageCitations(url, title, slots, tuple(tuple(places) for places in uses))


CitingItems = Iterator[tuple[Slot, str, tuple[Citation, ...], Pos]]
"""(slot, label, citations, where the citing statement is written)."""
_FIELD_LABELS = {kind: {spec.key: spec.label.lower() for spec in specs} for kind, specs in KIND_FIELDS.items()}


def _profile_items(dossier: Dossier, entity_id: EntityId) -> CitingItems:
    """A profile's citing items in the order they are numbered: summary, aliases, fields,
    relations, timeline, their words, words about them."""
    entity = dossier.entities[entity_id]
    for i, fact in enumerate(entity.summary):
        yield ("summary", i), "summary", fact.cites, fact.pos
    for i, fact in enumerate(entity.aliases):
        yield ("aliases", i), "also known as", fact.cites, fact.pos
    labels = _FIELD_LABELS[entity.kind]
    for key, facts in entity.fields:  # in the order of the kind's fields
        for i, fact in enumerate(facts):
            yield (key, i), labels[key], fact.cites, fact.pos
    for i, link in enumerate(dossier.links.get(entity_id, ())):
        label = f"{link.label} {dossier.name_of(link.other)}"
        relation = link.relation
        yield ("relation", i), label, relation.cites, relation.pos
        for part, alternatives in relation.disputed:
            for k, alternative in enumerate(alternatives):
                yield (("relation-part", (i, part, k)), f"{label}: {part_words(part)}", alternative.cites,
                       alternative.pos)
        if relation.ended:
            yield ("relation-end", i), f"{label}: its end", relation.ended.cites, relation.ended.pos
    for event in dossier.timelines.get(entity_id, ()):
        yield from _event_items(event)
    for i, quote in enumerate(entity.quotes):
        yield ("quote", i), "quote", _own_words(quote), quote.pos
    for i, quote in enumerate(dossier.quotes_about.get(entity_id, ())):
        yield ("quote-about", i), "quote", _own_words(quote), quote.pos


def _own_words(quote: Quote) -> tuple[Citation, ...]:
    """A quote cites its own words (validation found their occurrence in the source)."""
    return (quote.cite,) if quote.cite else ()


def _chronology_items(dossier: Dossier) -> CitingItems:
    for event in dossier.events:
        yield from _event_items(event)


def _event_items(event: Event) -> CitingItems:
    """An event's citing items: its own, then each alternative of its disputed date or place."""
    label = f"event '{event.title}'"
    yield ("event", event.id), label, event.cites, event.pos
    for part, alternatives in event.disputed:
        for k, alternative in enumerate(alternatives):
            yield (("event-part", (event.id, part, k)), f"{label}: {part_words(part)}", alternative.cites,
                   alternative.pos)


def link_citations(dossier: Dossier) -> Dossier:
    """The dossier with every page's citations numbered, and each source sentence's citers."""
    citations = {page: number_citations(dossier, page) for page in [*dossier.entities, CHRONOLOGY_PAGE]}
    return replace(dossier, citations=MappingProxyType(citations), cited_by=_cited_by(citations.values()))


def _cited_by(pages: Iterable[PageCitations]) -> Mapping[EntityId, tuple[tuple[CitedBy, ...], ...]]:
    """Each cited source's sentences' citers, the facts citing sentence n at index n - 1 (up to its
    last sentence cited), in page order: each fact once, as the mark on the first page showing it,
    with its marks on the other pages.

    One value a source, not one a sentence: its page shows every sentence, and reads them
    together (148,000 cited sentences at 10,000 entities, each a read digested to compare pages).
    A mark's fact (a `Pos`, hashed in Python) is looked up once for each sentence it cites."""
    table: dict[EntityId, dict[int, dict[object, tuple[str, dict[str, tuple[UrlPath, str]]]]]] = defaultdict(dict)
    for citations in pages:
        page, title = citations.url, citations.title
        url = f"{page}#"
        for marks in citations.slots.values():  # in reading order
            for mark in marks:
                citation, statement = mark.citation, mark.statement
                anchor = mark.anchor
                # a statement made without a place (by hand, not read from a file) is told apart by its mark
                fact = statement if statement.path else (page, anchor)
                sentences = table[citation.source]
                for sentence in citation.sentences:
                    facts = sentences.get(sentence)
                    if facts is None:
                        facts = sentences[sentence] = {}
                    found = facts.get(fact)
                    if found is None:
                        found = facts[fact] = (f"{title}: {mark.label}", {})
                    places = found[1]
                    if page not in places:  # the first mark on each page showing it (a fact may cite twice)
                        places[page] = (UrlPath(url + anchor), title)
    return MappingProxyType({source: tuple(tuple(_one_fact(label, places) for label, places in
                                                 sentences[n].values()) if n in sentences else ()
                                           for n in range(1, max(sentences) + 1))
                             for source, sentences in table.items()})


def _one_fact(label: str, places: dict[str, tuple[UrlPath, str]]) -> CitedBy:
    (first, _), *others = places.values()
    return CitedBy(first, label, tuple(others))
