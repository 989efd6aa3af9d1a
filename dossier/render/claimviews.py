"""Claim views: a statement as a page shows it, drawn from the statement the link stage made.

`ClaimViews` turns a field's fact, a relation seen from one side and an event into the view
data of `viewdata`, with the qualifiers of its statement (whose claim it is, estimate,
inferred, editorial, its note and grade), its citation marks, the parts its sources dispute
(each value on its own source's word, with its own marks) and how a relation ends. Every page
that shows a fact (a profile, the chronology, the printable dossier) gets it from here, so
they cannot word or qualify it differently. `views.ViewBuilder` builds the pages on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from ..core.dates import DateValue, Period
from ..core.model import (
    Citation,
    Dossier,
    Ending,
    EntityId,
    Event,
    Fact,
    Link,
    Mark,
    Occurrence,
    PageCitations,
    Relation,
)
from ..core.reads import Memo
from ..core.schema import FieldSpec
from ..core.statement import NO_QUALIFIERS, Statement, part_words
from ..core.urls import entity_url, event_url
from ..link.statements import relation_id
from ..link.wording import part_value_words, role_words, sums_words
from .grading import grade_view
from .viewdata import (
    AlternativeView,
    DateView,
    DisputeView,
    EndingView,
    EventView,
    FactView,
    LinkView,
    MarkView,
    PeriodView,
    RelationView,
)


@dataclass(frozen=True)
class KeptViews:
    """The memos a process keeps from one chunk of pages to the next (see `jinja.render_pages`): a link to each
    record, the few views of the whole dossier (the events' order), and the JSON-LD texts of the records,
    events and sources. Each has one entry per record, event or source at most, and each entry is shown on
    many pages: made once a chunk of 64 pages, they were a tenth of a profile's views at 10,000 entities.
    What is far more numerous and shown on two or three pages (citations, quotations) is kept a chunk only.
    Being `Memo`s, they replay what making an entry read, so a page reads the same whatever came before."""

    links: Memo[EntityId, LinkView] = field(default_factory=Memo)
    memo: Memo[str, Any] = field(default_factory=Memo)
    jsonld_nodes: Memo[tuple[str, ...], str] = field(default_factory=Memo)
    jsonld_events: Memo[str, dict[EntityId, Event]] = field(default_factory=Memo)


class ClaimViews:
    """The views of statements, and the small pieces every view is made of."""

    def __init__(self, dossier: Dossier, kept: KeptViews | None = None):
        """`kept`: memos shared with other builders of the same dossier's views (see `KeptViews`)."""
        self.dossier = dossier
        self._kept = KeptViews() if kept is None else kept
        self._links = self._kept.links
        self._memo = self._kept.memo

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

    def marks(self, marks: tuple[Mark, ...]) -> tuple[MarkView, ...]:
        return tuple(
            MarkView(m.number, m.anchor, sentence_url(m.citation), m.citation.words,
                     self.dossier.sources[m.citation.source].title)
            for m in marks)

    def short_titles(self, cites: tuple[Citation, ...]) -> tuple[str, ...]:
        """Each cited source once, by its outlet, or its title if it has none."""
        sources = (self.dossier.sources[c.source] for c in cites)
        return tuple(dict.fromkeys(s.outlet or s.title for s in sources))

    def qualified(self, statement: Statement) -> dict[str, Any]:
        """The fields every statement's view shares, from its statement's qualifiers."""
        q = statement.qualifiers
        if q is NO_QUALIFIERS:  # most statements: nothing to look up
            return {**_UNQUALIFIED, "statement": statement.id}
        return dict(according_to=self.link(q.according_to) if q.according_to else None,
                    according_to_outlet=q.outlet, estimate=q.estimate,
                    inferred=q.inferred, editorial=q.editorial, note=q.note,
                    grade=grade_view(self.dossier, q.credibility, statement.cites), statement=statement.id,
                    qualified=bool(q.according_to or q.outlet or q.estimate or q.inferred or q.editorial or q.note))

    # -- statements --------------------------------------------------------
    def fact(self, statement: Statement, spec: FieldSpec | None, marks: tuple[Mark, ...],
             differ: bool = False) -> FactView:
        """A field's fact as a page shows it; where its field's sources differ, with its sources named."""
        fact = statement.value
        assert isinstance(fact, Fact)
        value = fact.value
        common: dict[str, Any] = dict(
            self.qualified(statement), marks=self.marks(marks),
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

    def relation_statement(self, link: Link) -> Statement:
        statement = link.statement
        if statement is None:  # a dossier not linked by `link_dossier`: find it by the relation's place
            ids = self._memo.get("relation ids", lambda: {
                id(r): relation_id(e.id, n) for e in self.dossier.entities.values()
                for n, r in enumerate(e.relations, 1)})
            statement = self.dossier.statements[ids[id(link.relation)]]
        return statement

    def relation(self, index: int, link: Link, cites: PageCitations, anchor: str) -> RelationView:
        """A relation as one side's page shows it (the `index`-th of the page's relations)."""
        relation = link.relation
        statement = self.relation_statement(link)
        disputed = {part for part, _ in relation.disputed}
        name_of = self.dossier.name_of
        period = relation.period
        if relation.ended is not None:  # an end with its own words and support is shown as such, not in the period
            period = Period(period.start, None, period.ongoing)
        return RelationView(
            link.label, self.link(link.other), role_words(relation, name_of).strip(),
            None if disputed & {"from", "to"} else self.period(period), link.inverse,
            marks=self.marks(cites.of(("relation", index))), anchor=anchor,
            on=None if "on" in disputed else self.date(relation.on),
            as_of=None if "as_of" in disputed else self.date(relation.as_of),
            sums=sums_words(_undisputed_sums(relation)).removeprefix(", ") if relation.amount or relation.share else "",
            ending=self.ending(relation, statement.id, cites.of(("relation-end", index))),
            disputes=self.disputes(relation, statement.id, relation, lambda part, k: cites.of(
                ("relation-part", (index, part, k)))),
            **self.qualified(statement),
        )

    def ending(self, relation: Relation, statement_id: str, marks: tuple[Mark, ...]) -> EndingView | None:
        if relation.ended is None:
            return None
        statement = self.dossier.statements[f"{statement_id}.ended"]
        ending = relation.ended.value
        assert isinstance(ending, Ending)
        return EndingView("unknown since" if ending.unknown else "ended", self.date(ending.date),
                          marks=self.marks(marks), **self.qualified(statement))

    def disputes(self, item: Relation | Event, statement_id: str, relation: Relation | None,
                 marks_of: Any) -> tuple[DisputeView, ...]:
        """The parts of a relation or an event its sources dispute, each value with its sources and marks."""
        found = []
        for part, alternatives in item.disputed:
            views = []
            for k, alternative in enumerate(alternatives):
                statement = self.dossier.statements[f"{statement_id}.{part}-{k + 1}"]
                views.append(self.alternative(part, alternative, statement, relation, marks_of(part, k)))
            found.append(DisputeView(part_words(part), tuple(views)))
        return tuple(found)

    def alternative(self, part: str, alternative: Fact, statement: Statement, relation: Relation | None,
                    marks: tuple[Mark, ...]) -> AlternativeView:
        value = alternative.value
        date = self.date(value) if isinstance(value, DateValue) else None
        link = self.link(EntityId(str(value))) if part in ("target", "place") else None
        text = "" if date or link else part_value_words(part, value, relation, self.dossier.name_of)
        return AlternativeView(text, link, date, self.short_titles(alternative.cites), marks=self.marks(marks),
                               **self.qualified(statement))

    def event(self, event: Event, cites: PageCitations) -> EventView:
        date = self.date(event.date)
        assert date is not None
        statement = self.dossier.statements[event.id]
        disputed = {part for part, _ in event.disputed}
        dates = tuple(d for f in event.alternatives("date") if (d := self.date(f.value)))  # type: ignore[arg-type]
        return EventView(
            f"e-{event.id}", event_url(event.id), date, event.title,
            self.link(event.place) if event.place and "place" not in disputed else None,
            tuple(self.link(i) for i in event.involves), marks=self.marks(cites.of(("event", event.id))),
            dates=dates, disputes=self.disputes(event, event.id, None, lambda part, k: cites.of(
                ("event-part", (event.id, part, k)))),
            **self.qualified(statement),
        )


_UNQUALIFIED: dict[str, Any] = dict(according_to=None, according_to_outlet="", estimate=False, inferred="",
                                    editorial="", note="", grade=None)
"""The qualifier fields of a statement's view that has none."""


def _undisputed_sums(relation: Relation) -> Relation:
    """The relation with its disputed amount or share left out (the page gives those as a dispute)."""
    disputed = {part for part, _ in relation.disputed}
    return replace(relation, amount=None if "amount" in disputed else relation.amount,
                   share=None if "share" in disputed else relation.share, disputed=())


def sentence_url(citation: Citation) -> str:
    """Where a citation sends the reader: the first sentence of its passage on the source's page."""
    return f"{entity_url('source', citation.source)}#s-{citation.sentences[0] if citation.sentences else 0}"
