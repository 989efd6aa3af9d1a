"""Views: the plain data each template gets, drawn from the linked `Dossier`.

Templates only show; every decision (numbering citations, wording relations from
each side, grouping the chronology by year, "sources differ") is made here, in
Python, so it is tested once and every page agrees. URLs in views are paths
from the site root; templates prefix them with the page's `root`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .citations import split_source
from .dates import DateValue, Period
from .model import Citation, Dossier, EntityId, Event, Fact, Occurrence, Quote, UrlPath
from .schema import KIND_FIELDS, FieldSpec
from .urls import CHRONOLOGY, entity_url, event_url

KIND_LABELS = {"group": "Group", "person": "Person", "place": "Place", "source": "Source"}


@dataclass(frozen=True, slots=True)
class LinkView:
    name: str
    url: str
    kind: str


@dataclass(frozen=True, slots=True)
class DateView:
    label: str
    iso: str
    qualifier: str
    basis: str


@dataclass(frozen=True, slots=True)
class MarkView:
    """A numbered citation mark: where it sends the reader and the words it rests on."""

    number: int
    anchor: str
    url: str
    quote: str
    source: str


@dataclass(frozen=True, slots=True)
class FactView:
    text: str = ""
    link: LinkView | None = None
    date: DateView | None = None
    place: LinkView | None = None
    by: str = ""
    according_to: LinkView | None = None
    estimate: bool = False
    editorial: str = ""
    note: str = ""
    marks: tuple[MarkView, ...] = ()


@dataclass(frozen=True, slots=True)
class RowView:
    label: str
    facts: tuple[FactView, ...]
    differ: bool = False


@dataclass(frozen=True, slots=True)
class PeriodView:
    start: DateView | None
    end: DateView | None
    ongoing: bool


@dataclass(frozen=True, slots=True)
class RelationView:
    label: str
    other: LinkView
    role: str
    period: PeriodView | None
    inverse: bool
    editorial: str
    marks: tuple[MarkView, ...]


@dataclass(frozen=True, slots=True)
class EventView:
    anchor: str
    url: str
    date: DateView
    title: str
    place: LinkView | None
    involves: tuple[LinkView, ...]
    editorial: str
    marks: tuple[MarkView, ...]


@dataclass(frozen=True, slots=True)
class QuoteView:
    text: str
    speaker: LinkView
    context: str
    medium: str
    date: DateView | None
    about: tuple[LinkView, ...]
    marks: tuple[MarkView, ...]


BackLinks = dict[tuple[EntityId, int], list[tuple[str, str]]]
"""(source, sentence number) -> (URL, label) of each fact citing it, in page order."""


@dataclass
class CitedBy:
    """Back-links for the source page: which facts cite a sentence."""

    table: BackLinks = field(default_factory=lambda: defaultdict(list))

    def add(self, source: EntityId, sentence: int, url: str, label: str) -> None:
        self.table[(source, sentence)].append((url, label))

    def merge(self, later: BackLinks) -> None:
        """Append the back-links another builder recorded on later pages."""
        for key, links in later.items():
            self.table[key].extend(links)


class Citer:
    """Numbers the citations of one page in reading order and records back-links."""

    def __init__(self, dossier: Dossier, page_url: UrlPath, page_title: str, cited_by: CitedBy):
        self.dossier = dossier
        self.page_url = page_url
        self.page_title = page_title
        self.cited_by = cited_by
        self.marks: list[MarkView] = []

    def mark(self, cites: Iterable[Citation], label: str) -> tuple[MarkView, ...]:
        marks = []
        for cite in cites:
            source = self.dossier.sources[cite.source]
            sentences = split_source(source.text).locate(cite.quote, cite.prefix, cite.suffix, cite.start)
            anchor = f"c-{len(self.marks) + 1}"
            first = sentences[0].number if sentences else 0
            view = MarkView(len(self.marks) + 1, anchor,
                            f"{entity_url('source', cite.source)}#s-{first}", cite.quote, source.title)
            self.marks.append(view)
            marks.append(view)
            for sentence in sentences:
                self.cited_by.add(cite.source, sentence.number, f"{self.page_url}#{anchor}",
                                  f"{self.page_title}: {label}")
        return tuple(marks)


class ViewBuilder:
    """Builds the views of one dossier's pages; shares the source back-link table."""

    def __init__(self, dossier: Dossier, cited_by: CitedBy | None = None):
        self.dossier = dossier
        self.cited_by = cited_by or CitedBy()
        self.event_order = {e.id: i for i, e in enumerate(dossier.events)}
        self._links: dict[EntityId, LinkView] = {}

    # -- small pieces ----------------------------------------------------
    def link(self, entity_id: EntityId) -> LinkView:
        """A link to a record's page; made once per record (pages link to the same records again and again)."""
        view = self._links.get(entity_id)
        if view is None:
            kind = self.dossier.kind_of(entity_id)
            view = self._links[entity_id] = LinkView(self.dossier.name_of(entity_id), entity_url(kind, entity_id), kind)
        return view

    @staticmethod
    def date(value: DateValue | None) -> DateView | None:
        if value is None or value.year is None:
            return None
        return DateView(value.label, value.iso, value.qualifier, value.inferred or "")

    def period(self, period: Period) -> PeriodView | None:
        if not (period.start or period.end or period.ongoing):
            return None
        return PeriodView(self.date(period.start), self.date(period.end), period.ongoing)

    def _mention_order(self, by: EntityId) -> tuple[bool, int, str]:
        """Records by name first, then events in chronological order."""
        if by in self.event_order:
            return (True, self.event_order[by], "")
        return (False, 0, self.dossier.name_of(by).casefold())

    def mention_link(self, by: EntityId) -> LinkView:
        """A link to whatever mentions an entity: a record's page, or an event on the chronology."""
        if by in self.dossier.entities or by in self.dossier.sources:
            return self.link(by)
        event = self.dossier.events[self.event_order[by]]
        return LinkView(event.title, event_url(event.id), "event")

    def fact(self, fact: Fact, spec: FieldSpec | None, citer: Citer, label: str) -> FactView:
        value = fact.value
        common: dict[str, Any] = dict(
            according_to=self.link(fact.according_to) if fact.according_to else None,
            estimate=fact.estimate, editorial=fact.editorial or "", note=fact.note or "",
            marks=citer.mark(fact.cites, label),
        )
        if isinstance(value, Occurrence):
            return FactView(date=self.date(value.date),
                            place=self.link(value.place) if value.place else None,
                            by=value.by or "", **common)
        if spec is not None and spec.type == "ref":
            return FactView(link=self.link(value), **common)
        return FactView(text=str(value), **common)

    def event(self, event: Event, citer: Citer) -> EventView:
        date = self.date(event.date)
        assert date is not None
        return EventView(
            f"e-{event.id}", event_url(event.id), date, event.title,
            self.link(event.place) if event.place else None,
            tuple(self.link(i) for i in event.involves),
            event.editorial or "", citer.mark(event.cites, f"event '{event.title}'"),
        )

    def quote(self, quote: Quote, citer: Citer) -> QuoteView:
        cite = quote.cite or Citation(quote.source, quote.text, quote.pos)
        return QuoteView(quote.text, self.link(quote.speaker), quote.context or "", quote.medium or "",
                         self.date(quote.date), tuple(self.link(a) for a in quote.about),
                         citer.mark([cite], "quote"))

    # -- pages -----------------------------------------------------------
    def entity(self, entity_id: EntityId) -> dict[str, Any]:
        """Everything a profile shows, in the order it shows it (citations number in that order)."""
        d = self.dossier
        entity = d.entities[entity_id]
        url = entity_url(entity.kind, entity.id)
        citer = Citer(d, url, entity.name, self.cited_by)
        summary = tuple(self.fact(f, None, citer, "summary") for f in entity.summary)
        aliases = tuple(self.fact(f, None, citer, "also known as") for f in entity.aliases)
        rows = []
        for spec in KIND_FIELDS[entity.kind]:
            facts = entity.field(spec.key)
            if facts:
                views = tuple(self.fact(f, spec, citer, spec.label.lower()) for f in facts)
                rows.append(RowView(spec.label, views, differ=not spec.many and len({_key(f) for f in facts}) > 1))
        relations = tuple(
            RelationView(link.label, self.link(link.other), link.relation.role or "",
                         self.period(link.relation.period), link.inverse, link.relation.editorial or "",
                         citer.mark(link.relation.cites, f"{link.label} {d.name_of(link.other)}"))
            for link in d.links.get(entity_id, ())
        )
        timeline = tuple(self.event(e, citer) for e in d.timelines.get(entity_id, ()))
        quotes = tuple(self.quote(q, citer) for q in entity.quotes)
        quotes_about = tuple(self.quote(q, citer) for q in d.quotes_about.get(entity_id, ()))
        hows: dict[EntityId, list[str]] = defaultdict(list)
        for mention in d.mentions.get(entity_id, ()):
            hows[mention.by].append(mention.how)
        mentions = tuple((self.mention_link(by), ", ".join(hows[by])) for by in sorted(hows, key=self._mention_order))
        return dict(
            id=entity.id, kind=entity.kind, kind_label=KIND_LABELS[entity.kind], name=entity.name,
            url=url, summary=summary, aliases=aliases, rows=tuple(rows), relations=relations,
            timeline=timeline, quotes=quotes, quotes_about=quotes_about, note=entity.note,
            mentions=mentions, citations=tuple(citer.marks),
        )

    def chronology(self) -> dict[str, Any]:
        citer = Citer(self.dossier, CHRONOLOGY, "Chronology", self.cited_by)
        years: dict[int, list[EventView]] = defaultdict(list)
        for event in self.dossier.events:
            years[event.date.year or 0].append(self.event(event, citer))
        return dict(years=[{"year": y, "anchor": f"y-{y}", "events": evs} for y, evs in years.items()],
                    citations=tuple(citer.marks))

    def source(self, source_id: EntityId) -> dict[str, Any]:
        """The source's metadata and text, cited sentences marked with their back-links.

        Call after every other page's view, so the back-link table is complete.
        """
        source = self.dossier.sources[source_id]
        split = split_source(source.text)
        paragraphs = []
        for sentences in split.paragraphs:
            paragraphs.append([
                {"number": s.number, "text": s.text,
                 "cited_by": [{"url": url, "label": label}
                              for url, label in self.cited_by.table.get((source_id, s.number), [])]}
                for s in sentences
            ])
        return dict(
            id=source.id, title=source.title, url=entity_url("source", source.id),
            author=self.link(source.author) if source.author else None, outlet=source.outlet or "",
            dateline=self.link(source.dateline) if source.dateline else None,
            date=self.date(source.date), link=source.url or "", paragraphs=paragraphs,
        )

    def listing_entry(self, entity_id: EntityId) -> dict[str, Any]:
        """One entity as index pages and the home page list it."""
        entity = self.dossier.entities[entity_id]
        kind_fact = entity.field("kind")
        return dict(
            link=self.link(entity.id),
            aliases=[str(a.value) for a in entity.aliases],
            kind=str(kind_fact[0].value) if kind_fact else "",
            summary=str(entity.summary[0].value) if entity.summary else "",
        )

    def listing(self, kind: str) -> list[dict[str, Any]]:
        """The entries of an index page, sorted by name."""
        entries = [self.listing_entry(e.id) for e in self.dossier.entities.values() if e.kind == kind]
        return sorted(entries, key=lambda e: (e["link"].name.casefold(), e["link"].url))


def _key(fact: Fact) -> str:
    return repr(fact.value)
