"""References: the numbered citations of each page, and the facts that cite each source sentence.

Part of the link stage. A page numbers its citations in reading order; `page_citations`
gives them as a pure function of the linked dossier and the page, so every page, export
and drawing that shows a citation agrees on its number without rendering anything.
`link_cited_by` walks every page's citations once to give each source sentence the
list of facts that cite it (the back-links of the source pages), in page order:
profiles in the dossier's order, then the chronology.

A citing item of a page is named by a `Slot`: the section it is in and its place there,
so a view asks for the marks of, say, ("relation", 3) rather than counting along.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from .citations import normalise
from .model import Citation, CitedBy, Dossier, EntityId, Quote, UrlPath
from .schema import KIND_FIELDS
from .urls import CHRONOLOGY, entity_url

Slot = tuple[str, object]
"""A citing item of a page: (section, index or id), e.g. ("summary", 0), ("founded", 1), ("event", id)."""


@dataclass(frozen=True, slots=True)
class Mark:
    """One place of a page that cites: the number of its entry in the page's citation list, and
    an anchor of its own (the entry's first place is c-N, later ones c-N-2, c-N-3 ...)."""

    number: int
    use: int
    """Which place citing this entry it is: 1 for the first."""
    citation: Citation
    label: str

    @property
    def anchor(self) -> str:
        return f"c-{self.number}" if self.use == 1 else f"c-{self.number}-{self.use}"

    @property
    def sentence(self) -> int:
        """The sentence a reader is sent to: the first the quote is in."""
        return self.citation.sentences[0] if self.citation.sentences else 0


@dataclass(frozen=True, slots=True)
class Reference:
    """An entry of a page's citation list: one passage of a source, and every place citing it."""

    number: int
    citation: Citation
    marks: tuple[Mark, ...]


@dataclass(frozen=True, slots=True)
class PageCitations:
    """A page's citation list, and the marks each citing item has."""

    url: UrlPath
    title: str
    references: tuple[Reference, ...]
    """In the order their passages are first cited, as Wikipedia numbers its references."""
    slots: Mapping[Slot, tuple[Mark, ...]]

    def of(self, slot: Slot) -> tuple[Mark, ...]:
        return self.slots.get(slot, ())

    @property
    def marks(self) -> tuple[Mark, ...]:
        """Every place citing, by entry then by place."""
        return tuple(mark for reference in self.references for mark in reference.marks)


CHRONOLOGY_PAGE = "chronology"
"""The page key of the chronology; any other key is the id of a profile's entity."""


def page_citations(dossier: Dossier, page: str) -> PageCitations:
    """The citations of a profile (`page` is its entity's id) or of the chronology, numbered.

    One entry per passage cited (the same source, and the same words at the same place in
    it), however many facts cite it; each fact's mark carries its entry's number.
    """
    if page == CHRONOLOGY_PAGE:
        url, title, items = CHRONOLOGY, "Chronology", _chronology_items(dossier)
    else:
        entity = dossier.entities[EntityId(page)]
        url, title, items = entity_url(entity.kind, entity.id), entity.name, _profile_items(dossier, entity.id)
    numbers: dict[tuple[str, int, str], int] = {}
    uses: list[list[Mark]] = []
    slots: dict[Slot, tuple[Mark, ...]] = {}
    for slot, label, cites in items:
        marks = []
        for cite in cites:
            number = numbers.setdefault(_passage(cite), len(numbers) + 1)
            if number > len(uses):
                uses.append([])
            mark = Mark(number, len(uses[number - 1]) + 1, cite, label)
            uses[number - 1].append(mark)
            marks.append(mark)
        slots[slot] = tuple(marks)
    references = tuple(Reference(i + 1, places[0].citation, tuple(places)) for i, places in enumerate(uses))
    return PageCitations(url, title, references, slots)


def _passage(cite: Citation) -> tuple[str, int, str]:
    """What makes two citations one entry: the source, and the words at the same place in it."""
    return (cite.source, cite.start, normalise(cite.quote))


CitingItems = Iterator[tuple[Slot, str, tuple[Citation, ...]]]


def _profile_items(dossier: Dossier, entity_id: EntityId) -> CitingItems:
    """A profile's citing items in the order they are numbered: summary, aliases, fields,
    relations, timeline, their words, words about them."""
    entity = dossier.entities[entity_id]
    for i, fact in enumerate(entity.summary):
        yield ("summary", i), "summary", fact.cites
    for i, fact in enumerate(entity.aliases):
        yield ("aliases", i), "also known as", fact.cites
    for spec in KIND_FIELDS[entity.kind]:
        for i, fact in enumerate(entity.field(spec.key)):
            yield (spec.key, i), spec.label.lower(), fact.cites
    for i, link in enumerate(dossier.links.get(entity_id, ())):
        yield ("relation", i), f"{link.label} {dossier.name_of(link.other)}", link.relation.cites
    for event in dossier.timelines.get(entity_id, ()):
        yield ("event", event.id), f"event '{event.title}'", event.cites
    for i, quote in enumerate(entity.quotes):
        yield ("quote", i), "quote", _own_words(quote)
    for i, quote in enumerate(dossier.quotes_about.get(entity_id, ())):
        yield ("quote-about", i), "quote", _own_words(quote)


def _own_words(quote: Quote) -> tuple[Citation, ...]:
    """A quote cites its own words (validation found their occurrence in the source)."""
    return (quote.cite,) if quote.cite else ()


def _chronology_items(dossier: Dossier) -> CitingItems:
    for event in dossier.events:
        yield ("event", event.id), f"event '{event.title}'", event.cites


def link_cited_by(dossier: Dossier) -> Mapping[tuple[EntityId, int], tuple[CitedBy, ...]]:
    """(source, sentence number) -> the facts citing it, each as the mark on its page."""
    table: dict[tuple[EntityId, int], list[CitedBy]] = defaultdict(list)
    for page in [*dossier.entities, CHRONOLOGY_PAGE]:
        citations = page_citations(dossier, page)
        for mark in (mark for marks in citations.slots.values() for mark in marks):  # in reading order
            cited_by = CitedBy(UrlPath(f"{citations.url}#{mark.anchor}"), f"{citations.title}: {mark.label}")
            for sentence in mark.citation.sentences:
                table[(mark.citation.source, sentence)].append(cited_by)
    return MappingProxyType({key: tuple(links) for key, links in table.items()})
