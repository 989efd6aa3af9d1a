"""Views: the plain data each template gets, drawn from the linked `Dossier`.

Templates only show; every decision (wording relations from each side, grouping
the chronology by year, "sources differ") is made here or in the link stage, in
Python, so it is tested once and every page agrees. Citations come numbered from
the link stage (`references`). URLs in views are paths
from the site root; templates prefix them with the page's `root`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..check.disagreements import find_disagreements
from ..core.dates import DateValue, Period
from ..core.kinds import BY_NAME
from ..core.model import (
    Citation,
    Dossier,
    EntityId,
    Event,
    Fact,
    Grade,
    Mark,
    Occurrence,
    PageCitations,
    Quote,
    Reference,
)
from ..core.reads import Memo
from ..core.schema import KIND_FIELDS, FieldSpec
from ..core.urls import entity_url, event_url
from ..drawing.chronology import chronology_drawing
from ..drawing.lanes import profile_timeline
from ..drawing.relmap import relation_map
from ..export.jsonld import JsonLd
from ..link.families import by_family, relation_anchor
from ..link.references import CHRONOLOGY_PAGE, page_citations
from ..validate.citations import split_source
from .copies import copy_location, copy_summary
from .grading import GradeView, grade_summary, grade_view


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
    label_in_year: str = ""
    """The label under a heading of its year (the chronology's), which it does not repeat."""


@dataclass(frozen=True, slots=True)
class MarkView:
    """A numbered citation mark: where it sends the reader and the words it rests on."""

    number: int
    anchor: str
    url: str
    quote: str
    source: str


@dataclass(frozen=True, slots=True)
class BackMark:
    """A link from a citation list's entry back to one place that cites it: 'a', 'b' ... ('^' if only one)."""

    label: str
    anchor: str


@dataclass(frozen=True, slots=True)
class ReferenceView:
    """An entry of a page's citation list: the passage, its source, and links back to each place citing it."""

    number: int
    anchor: str
    url: str
    quote: str
    source: str
    backs: tuple[BackMark, ...]
    copy_url: str = ""
    """The same place in the source's archived copy, where its format allows (see `copies`)."""
    copy_label: str = ""


@dataclass(frozen=True, slots=True)
class FactView:
    text: str = ""
    link: LinkView | None = None
    date: DateView | None = None
    place: LinkView | None = None
    by: str = ""
    by_links: tuple[LinkView, ...] = ()
    according_to: LinkView | None = None
    according_to_outlet: str = ""
    """Instead of `according_to`: the outlet the source attributes the claim to, which has no page."""
    estimate: bool = False
    editorial: str = ""
    note: str = ""
    marks: tuple[MarkView, ...] = ()
    grade: GradeView | None = None
    sources: tuple[str, ...] = ()
    """The short titles of the sources it cites, shown beside it where the sources differ."""
    as_of: DateView | None = None
    held: PeriodView | None = None


@dataclass(frozen=True, slots=True)
class SideView:
    """One value sources give where they differ, who gives it, and the citation marks saying so."""

    value: str
    sources: tuple[str, ...]
    marks: tuple[MarkView, ...]


@dataclass(frozen=True, slots=True)
class DisagreementView:
    """Where a profile's sources differ: a field, the part they differ on, and each side."""

    label: str
    part: str
    sides: tuple[SideView, ...]
    one_source: bool = False
    """Every value comes from one source (or one person or outlet it quotes): it differs with itself."""


@dataclass(frozen=True, slots=True)
class RowView:
    label: str
    facts: tuple[FactView, ...]
    differ: bool = False
    one_source: bool = False
    """Its values differ, but all come from one source (see `DisagreementView`)."""


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
    grade: GradeView | None = None
    anchor: str = ""
    on: DateView | None = None
    """The one date of a single act, shown instead of a period."""


@dataclass(frozen=True, slots=True)
class FamilyView:
    """One family of a profile's relations, in date order."""

    name: str
    title: str
    anchor: str
    relations: tuple[RelationView, ...]


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
    grade: GradeView | None = None


@dataclass(frozen=True, slots=True)
class QuoteView:
    text: str
    speaker: LinkView
    context: str
    medium: str
    date: DateView | None
    about: tuple[LinkView, ...]
    marks: tuple[MarkView, ...]


class ViewBuilder:
    """Builds the views of one dossier's pages. What it keeps is only a cache: each view is a
    function of the dossier and the page."""

    def __init__(self, dossier: Dossier):
        self.dossier = dossier
        self._jsonld: JsonLd | None = None
        self._memo: Memo[str, Any] = Memo()
        self._links: Memo[EntityId, LinkView] = Memo()

    @property
    def event_order(self) -> dict[EntityId, int]:
        """Each event's place in the chronology (read through the memo: it is read of every event)."""
        return self._memo.get("event order", lambda: {e.id: i for i, e in enumerate(self.dossier.events)})

    @property
    def jsonld(self) -> JsonLd:
        """The schema.org JSON-LD of the profiles, made as their views are (it keeps its own cache)."""
        if self._jsonld is None:
            self._jsonld = JsonLd(self.dossier)
        return self._jsonld

    # -- small pieces ----------------------------------------------------
    def link(self, entity_id: EntityId) -> LinkView:
        """A link to a record's page; made once per record (pages link to the same records again and again)."""
        def make() -> LinkView:
            kind = self.dossier.kind_of(entity_id)
            return LinkView(self.dossier.name_of(entity_id), entity_url(kind, entity_id), kind)
        return self._links.get(entity_id, make)

    @staticmethod
    def date(value: DateValue | None) -> DateView | None:
        if value is None or value.year is None:
            return None
        return DateView(value.label, value.iso, value.qualifier, value.inferred or "", value.label_in_year)

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

    def marks(self, marks: tuple[Mark, ...]) -> tuple[MarkView, ...]:
        return tuple(
            MarkView(m.number, m.anchor, _sentence_url(m.citation), m.citation.words,
                     self.dossier.sources[m.citation.source].title)
            for m in marks)

    def references(self, references: tuple[Reference, ...]) -> tuple[ReferenceView, ...]:
        """A page's citation list, Wikipedia's way: each passage once, with a way back to each place."""
        return tuple(
            ReferenceView(r.number, f"ref-{r.number}", _sentence_url(r.citation), r.citation.words,
                          self.dossier.sources[r.citation.source].title,
                          tuple(BackMark("^" if len(r.marks) == 1 else _letters(i), m.anchor)
                                for i, m in enumerate(r.marks)),
                          *copy_location(self.dossier, r.citation))
            for r in references)

    def fact(self, fact: Fact, spec: FieldSpec | None, marks: tuple[Mark, ...], differ: bool = False) -> FactView:
        """A fact as a page shows it; where its field's sources differ, with its sources named."""
        value = fact.value
        common: dict[str, Any] = dict(
            according_to=self.link(fact.according_to) if fact.according_to else None,
            according_to_outlet=fact.according_to_outlet or "",
            estimate=fact.estimate, editorial=fact.editorial or "", note=fact.note or "",
            marks=self.marks(marks), grade=grade_view(self.dossier, fact.credibility, fact.cites),
            sources=self.short_titles(fact.cites) if differ else (),
            as_of=self.date(fact.as_of), held=self.period(fact.held),
        )
        if isinstance(value, Occurrence):
            return FactView(date=self.date(value.date),
                            place=self.link(value.place) if value.place else None,
                            by=value.by or "", by_links=tuple(self.link(i) for i in value.by_ids), **common)
        if spec is not None and spec.type == "ref":
            return FactView(link=self.link(value), **common)
        return FactView(text=str(value), **common)

    def event(self, event: Event, marks: tuple[Mark, ...]) -> EventView:
        date = self.date(event.date)
        assert date is not None
        return EventView(
            f"e-{event.id}", event_url(event.id), date, event.title,
            self.link(event.place) if event.place else None,
            tuple(self.link(i) for i in event.involves),
            event.editorial or "", self.marks(marks), grade_view(self.dossier, event.credibility, event.cites),
        )

    def short_titles(self, cites: tuple[Citation, ...]) -> tuple[str, ...]:
        """Each cited source once, by its outlet, or its title if it has none."""
        sources = (self.dossier.sources[c.source] for c in cites)
        return tuple(dict.fromkeys(s.outlet or s.title for s in sources))

    def disagreements(self, entity_id: EntityId, cites: PageCitations) -> tuple[DisagreementView, ...]:
        """Where the sources of a profile differ, part by part, each side with its sources and marks."""
        entity = self.dossier.entities[entity_id]
        found = []
        for disagreement in find_disagreements(self.dossier, entity):
            facts = entity.field(disagreement.field)
            sides = tuple(
                SideView(side.value, self.short_titles(tuple(c for f in side.facts for c in f.cites)),
                         tuple(m for f in side.facts for m in self.marks(cites.of((disagreement.field,
                                                                                  _index(facts, f))))))
                for side in disagreement.sides)
            found.append(DisagreementView(disagreement.label, disagreement.part, sides, disagreement.one_source))
        return tuple(found)

    def quote(self, quote: Quote, marks: tuple[Mark, ...]) -> QuoteView:
        words = quote.cite.words if quote.cite else quote.text  # the source's characters, not the editor's typing
        return QuoteView(words, self.link(quote.speaker), quote.context or "", quote.medium or "",
                         self.date(quote.date), tuple(self.link(a) for a in quote.about), self.marks(marks))

    # -- pages -----------------------------------------------------------
    def entity(self, entity_id: EntityId) -> dict[str, Any]:
        """Everything a profile shows, in the order it shows it, with its numbered citations."""
        d = self.dossier
        entity = d.entities[entity_id]
        cites = page_citations(d, entity_id)
        summary = tuple(self.fact(f, None, cites.of(("summary", i))) for i, f in enumerate(entity.summary))
        aliases = tuple(self.fact(f, None, cites.of(("aliases", i))) for i, f in enumerate(entity.aliases))
        disagreements = self.disagreements(entity_id, cites)
        differing = {d.label for d in disagreements}
        among_sources = {d.label for d in disagreements if not d.one_source}
        rows = []
        for spec in KIND_FIELDS[entity.kind]:
            facts = entity.field(spec.key)
            if facts:
                differ = spec.label in differing
                views = tuple(self.fact(f, spec, cites.of((spec.key, i)), differ) for i, f in enumerate(facts))
                rows.append(RowView(spec.label, views, differ=differ,
                                    one_source=differ and spec.label not in among_sources))
        links = d.links.get(entity_id, ())
        relations = tuple(
            RelationView(link.label, self.link(link.other), link.relation.role or "",
                         self.period(link.relation.period), link.inverse, link.relation.editorial or "",
                         self.marks(cites.of(("relation", i))),
                         grade_view(d, link.relation.credibility, link.relation.cites),
                         relation_anchor(i), self.date(link.relation.on))
            for i, link in enumerate(links)
        )
        families = tuple(FamilyView(g.family.name, g.family.title, f"rel-{g.family.name}",
                                    tuple(relations[i] for i, _ in g.links)) for g in by_family(links))
        timeline = tuple(self.event(e, cites.of(("event", e.id))) for e in d.timelines.get(entity_id, ()))
        quotes = tuple(self.quote(q, cites.of(("quote", i))) for i, q in enumerate(entity.quotes))
        quotes_about = tuple(self.quote(q, cites.of(("quote-about", i)))
                             for i, q in enumerate(d.quotes_about.get(entity_id, ())))
        hows: dict[EntityId, list[str]] = defaultdict(list)
        for mention in d.mentions.get(entity_id, ()):
            if not _shown_elsewhere(mention.how):
                hows[mention.by].append(mention.how)
        mentions = tuple((self.mention_link(by), ", ".join(hows[by])) for by in sorted(hows, key=self._mention_order))
        return dict(
            id=entity.id, kind=entity.kind, kind_label=BY_NAME[entity.kind].label, name=entity.name,
            url=cites.url, summary=summary, aliases=aliases, rows=tuple(rows), relations=relations,
            families=families, timeline=timeline, quotes=quotes, quotes_about=quotes_about, note=d.notes.get(entity_id),
            mentions=mentions, citations=self.references(cites.references), disagreements=disagreements,
            grades=grade_summary(d, (m.citation for m in cites.marks), _credibilities(d, entity_id)),
            map=relation_map(d, entity_id), timeline_drawing=profile_timeline(d, entity_id),
        )

    def chronology(self) -> dict[str, Any]:
        cites = page_citations(self.dossier, CHRONOLOGY_PAGE)
        years: dict[int, list[EventView]] = defaultdict(list)
        for event in self.dossier.events:
            years[event.date.year or 0].append(self.event(event, cites.of(("event", event.id))))
        return dict(years=[{"year": y, "anchor": f"y-{y}", "events": evs} for y, evs in years.items()],
                    citations=self.references(cites.references), drawing=chronology_drawing(self.dossier))

    def source(self, source_id: EntityId) -> dict[str, Any]:
        """The source's metadata and text in paragraphs and subheads, cited sentences marked with the facts
        citing them."""
        source = self.dossier.sources[source_id]
        cited_by = self.dossier.cited_by
        paragraphs = []
        split = split_source(source.text)
        for index, sentences in enumerate(split.paragraphs):
            paragraphs.append({"heading": index in split.headings, "sentences": [
                {"number": s.number, "text": split.sentence_text(s),
                 "cited_by": [{"url": c.url, "label": c.label, "also": [{"url": u, "title": t} for u, t in c.also]}
                              for c in cited_by.get((source_id, s.number), ())]}
                for s in sentences
            ]})
        return dict(
            id=source.id, title=source.title, url=entity_url("source", source.id),
            author=self.link(source.author) if source.author else None, outlet=source.outlet or "",
            dateline=self.link(source.dateline) if source.dateline else None,
            date=self.date(source.date), link=source.url or "", paragraphs=paragraphs,
            archived=copy_summary(source),
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
        entries = [self.listing_entry(i) for i in self.dossier.kinds.get(kind, ())]
        return sorted(entries, key=lambda e: (e["link"].name.casefold(), e["link"].url))


def _sentence_url(citation: Citation) -> str:
    """Where a citation sends the reader: the first sentence of its passage on the source's page."""
    return f"{entity_url('source', citation.source)}#s-{citation.sentences[0] if citation.sentences else 0}"


def _letters(index: int) -> str:
    """a, b ... z, aa, ab ...: the back-links of a citation list's entry, as Wikipedia labels them."""
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = chr(ord("a") + rest) + label
    return label


def _index(facts: tuple[Fact, ...], fact: Fact) -> int:
    """The place of a fact among its field's facts (by identity: two facts may be equal)."""
    return next(i for i, f in enumerate(facts) if f is fact)


def _credibilities(dossier: Dossier, entity_id: EntityId) -> Iterator[Grade | None]:
    """The credibility of every fact a profile shows: its own, its relations', its timeline's."""
    entity = dossier.entities[entity_id]
    for facts in (entity.summary, entity.aliases, *(facts for _, facts in entity.fields)):
        yield from (f.credibility for f in facts)
    yield from (link.relation.credibility for link in dossier.links.get(entity_id, ()))
    yield from (event.credibility for event in dossier.timelines.get(entity_id, ()))


def _shown_elsewhere(how: str) -> bool:
    """A mention the profile already shows: a relation (under Relations), an event (under Timeline)
    or words about the entity (under "Said about"). "Mentioned in" lists only the others."""
    return how.startswith("relation:") or how in ("event", "quote")

