"""Statements: every claim of the dossier made once, with its qualifiers and its words from each side.

Part of the link stage. Takes the validated records; gives each statement (see
`core.statement`) by its id, in the order the records give them: each entity's summary,
aliases and fields, fact by fact; its relations, each followed by the alternatives of its
disputed parts and the way it ends; then the events, each followed by its disputed parts.
Every output (pages, drawings, search, data files) shows a fact through its statement.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from ..core.dates import DateValue, Period
from ..core.model import Ending, Entity, EntityId, Event, Fact, Occurrence, Relation, Source
from ..core.schema import KIND_FIELDS, FieldSpec
from ..core.statement import NO_QUALIFIERS, Qualifiers, Statement
from .wording import (
    NameOf,
    both_sides_words,
    date_words,
    ending_words,
    event_words,
    fact_words,
    part_words_of,
    period_words,
)

_NO_PERIOD = Period()
ALIASES = FieldSpec("aliases", "Also known as", "text", many=True)
SUMMARY = FieldSpec("summary", "Summary", "text")
FIELD_SPECS = {kind: {spec.key: spec for spec in specs} for kind, specs in KIND_FIELDS.items()}
"""Each kind's fields by key (made once, not per entity)."""


Supported = Fact | Relation | Event
"""What has support and qualifiers of its own: a fact (an alternative, an end), a relation, an event."""


def relation_id(subject: str, number: int) -> str:
    """A relation's id: its subject's id and its place (from 1) among the subject's relations."""
    return f"{subject}.relation-{number}"


def field_statement_id(entity_id: str, key: str, index: int) -> str:
    """A field's fact's statement id: 'imu.founded-1' (its place among the field's facts, from 1)."""
    return f"{entity_id}.{key}-{index + 1}"


def parts_of(statements: Mapping[str, Statement], statement: Statement) -> list[Statement]:
    """The statements under a relation or an event: the alternatives of its disputed parts, and how it ends."""
    item = statement.value
    if not isinstance(item, (Relation, Event)) or not (item.disputed or getattr(item, "ended", None)):
        return []
    ids = [f"{statement.id}.{part}-{k}" for part, alternatives in item.disputed
           for k in range(1, len(alternatives) + 1)]
    if isinstance(item, Relation) and item.ended:
        ids.append(f"{statement.id}.ended")
    return [statements[i] for i in ids]


def make_statements(entities: Mapping[EntityId, Entity], sources: Mapping[EntityId, Source],
                    events: Iterable[Event], name_of: NameOf) -> dict[str, Statement]:
    """Every statement of the dossier, by id, in record order."""
    made = _Maker(sources, name_of)
    found: dict[str, Statement] = {}
    for entity in entities.values():
        for statement in made.entity(entity):
            found[statement.id] = statement
    for event in events:
        for statement in made.event(event):
            found[statement.id] = statement
    return found


class _Maker:
    def __init__(self, sources: Mapping[EntityId, Source], name_of: NameOf):
        self.sources = sources
        self.name_of = name_of
        self._grades: dict[EntityId, str] = {s.id: s.reliability.grade for s in sources.values() if s.reliability}

    def qualifiers(self, item: Supported, dates: Iterable[DateValue | None] = (),
                   disputed: tuple[str, ...] = ()) -> Qualifiers:
        """The qualifiers of a statement: its own, the certainty of the dates it gives, and when a field's value
        held."""
        approximate, inferred = False, []
        for date in dates:
            if date is not None and date.year is not None:
                approximate = approximate or date.approximate
                if date.inferred and date.inferred not in inferred:
                    inferred.append(date.inferred)
        dates_inferred = " ".join(inferred)
        grades = self._grades
        reliability = tuple(sorted({grades[c.source] for c in item.cites if c.source in grades})) if grades else ()
        held = held_words(item) if isinstance(item, Fact) and (item.as_of or item.held != _NO_PERIOD) else ""
        outlet = item.according_to_outlet
        if not (item.editorial or item.according_to or outlet or item.estimate or item.inferred or item.note
                or item.credibility or approximate or dates_inferred or reliability or disputed or held):
            return NO_QUALIFIERS
        attribution = (f"according to {self.name_of(item.according_to)}" if item.according_to
                       else f"according to {outlet}" if outlet else "")
        return Qualifiers(item.according_to, attribution, item.estimate, approximate, item.inferred or "",
                          dates_inferred, item.editorial or "", item.note or "", item.credibility, reliability,
                          disputed, held, outlet=outlet or "")

    def entity(self, entity: Entity) -> Iterator[Statement]:
        specs = FIELD_SPECS[entity.kind]
        fields = [(SUMMARY, entity.summary), (ALIASES, entity.aliases),
                  *((specs[key], facts) for key, facts in entity.fields)]
        for spec, facts in fields:
            for index, fact in enumerate(facts):
                yield Statement(field_statement_id(entity.id, spec.key, index), entity.id, "field", spec.key, fact,
                                fact.cites, self.qualifiers(fact, _fact_dates(fact)),
                                fact_words(spec, fact, self.name_of), subject_name=entity.name)
        for number, relation in enumerate(entity.relations, 1):
            yield from self.relation(entity, relation_id(entity.id, number), relation)

    def relation(self, entity: Entity, statement_id: str, relation: Relation) -> Iterator[Statement]:
        disputed = tuple(part for part, _ in relation.disputed)
        yield Statement(statement_id, entity.id, "relation", relation.type, relation, relation.cites,
                        self.qualifiers(relation, _relation_dates(relation), disputed),
                        *both_sides_words(relation, self.name_of), entity.name, relation.target)
        for part, alternatives in relation.disputed:
            for number, alternative in enumerate(alternatives, 1):
                yield self.part(f"{statement_id}.{part}-{number}", entity.id, entity.name, part, alternative,
                                relation, statement_id)
        if relation.ended:
            ending = relation.ended
            assert isinstance(ending.value, Ending)
            yield Statement(f"{statement_id}.ended", entity.id, "ending", "ended", ending, ending.cites,
                            self.qualifiers(ending, (ending.value.date,)), ending_words(ending.value),
                            subject_name=entity.name, target=relation.target, parent=statement_id)

    def part(self, statement_id: str, subject: EntityId, subject_name: str, part: str, alternative: Fact,
             relation: Relation | None, parent: str) -> Statement:
        value = alternative.value
        dates = (value,) if isinstance(value, DateValue) else ()
        return Statement(statement_id, subject, "part", part, alternative, alternative.cites,
                         self.qualifiers(alternative, dates), part_words_of(part, value, relation, self.name_of),
                         subject_name=subject_name, target=relation.target if relation else None, parent=parent)

    def event(self, event: Event) -> Iterator[Statement]:
        disputed = tuple(part for part, _ in event.disputed)
        dates = () if event.alternatives("date") else (event.date,)
        yield Statement(event.id, event.id, "event", "event", event, event.cites,
                        self.qualifiers(event, dates, disputed), event_words(event, self.name_of))
        for part, alternatives in event.disputed:
            for number, alternative in enumerate(alternatives, 1):
                yield self.part(f"{event.id}.{part}-{number}", event.id, "", part, alternative, None, event.id)


def held_words(fact: Fact) -> str:
    """When a fact's value held, in words: 'as of 2016', '2012 – present', ''."""
    return f"as of {date_words(fact.as_of)}" if fact.as_of else period_words(fact.held)


def _fact_dates(fact: Fact) -> tuple[DateValue | None, ...]:
    value = fact.value
    date = value.date if isinstance(value, Occurrence) else None
    return (date, fact.as_of, fact.held.start, fact.held.end)


def _relation_dates(relation: Relation) -> tuple[DateValue | None, ...]:
    """The dates a relation states itself (a disputed part's alternatives and its end are statements of their
    own)."""
    disputed = {part for part, _ in relation.disputed} | ({"to"} if relation.ended else set())
    return tuple(date for part, date in (("on", relation.on), ("from", relation.period.start),
                                          ("to", relation.period.end), ("as_of", relation.as_of))
                 if part not in disputed)
