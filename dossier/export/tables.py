"""Tables: the dossier as plain CSV tables for spreadsheets: entities, relations, events,
sources and citations.

One row per record (per relation, event, source, citation), one column per field; a
field with several values holds them joined by ' | ', and so does a part of a relation or
an event that sources dispute (each value its sources give, never a sum). A relation's and
an event's row carries its statement's qualifiers in words and its grade. References are ids (look them up
in entities.csv or sources.csv); dates are ISO at their precision, with a column saying
how sure each is. The statements table (`statements`) holds the same facts value by
value, with every quote and flag.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..core.dates import DateValue
from ..core.kinds import ENTITY_KINDS
from ..core.model import Citation, Coordinates, Dossier, Entity, EntityId, Event, Fact, Occurrence, Relation
from ..core.schema import KIND_FIELDS, RELATION_TYPES, FieldSpec
from ..core.statement import Statement
from ..core.urls import CHRONOLOGY, entity_url
from ..link.statements import field_statement_id, parts_of
from .cells import csv_chunks, flag, joined
from .ftmrelations import relation_schema
from .ftmvalues import relation_id
from .lines import Chunks
from .quotes import sentence_url

_QUALIFIER = "how sure the date is: empty (as stated), approximate, inferred or year inferred"


def _field_columns() -> list[tuple[str, str]]:
    """The columns of the fields of every kind of entity, each key once, in schema order."""
    columns: dict[str, str] = {}
    for kind in ENTITY_KINDS:
        for spec in KIND_FIELDS[kind]:
            if spec.type == "occurrence":
                columns[f"{spec.key}_date"] = f"{spec.label}: the date"
                columns[f"{spec.key}_date_qualifier"] = f"{spec.label}: {_QUALIFIER}"
                columns[f"{spec.key}_place"] = f"{spec.label}: the place's id"
                columns[f"{spec.key}_by"] = f"{spec.label}: by whom, in words"
            elif spec.type == "coordinates":
                columns[f"{spec.key}_lat"] = f"{spec.label}: latitude in decimal degrees (WGS 84)"
                columns[f"{spec.key}_lon"] = f"{spec.label}: longitude in decimal degrees (WGS 84)"
                columns[f"{spec.key}_precision"] = f"{spec.label}: exact, town, district, region or country"
            else:
                what = "ids of places" if spec.type == "ref" and spec.many else (
                    "the id of a place" if spec.type == "ref" else "text")
                columns.setdefault(spec.key, f"{spec.label} ({kind}s; {what}): {spec.help}")
    return list(columns.items())


FIELD_COLUMNS = _field_columns()
ENTITY_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "the record's id (its file name), also its FollowTheMoney id"),
    ("record_kind", "group, person or place"),
    ("name", "the name pages use"),
    ("aliases", "other names and spellings"),
    ("summary", "the short description"),
    *FIELD_COLUMNS,
    ("qualifiers", "each value above that is not plain (attributed, an estimate, approximate, inferred, editorial, "
                   "graded, or held at a time only), in words with its qualifiers and grade, separated by ' | '"),
    ("page", "its profile page, from the site root"),
)
RELATION_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "the relation's id: <subject>.relation-<n>, its place in the subject's record"),
    ("subject", "the id of the record it is written on"),
    ("subject_name", "that record's name"),
    ("type", "the relation type, e.g. leader-of"),
    ("wording", "how the subject's page words it, e.g. 'leader of'"),
    ("inverse_wording", "how the target's page words it, e.g. 'led by'"),
    ("target", "the id of the other record"),
    ("target_name", "its name"),
    ("role", "the title held, e.g. a rank"),
    ("start", "when it began: YYYY, YYYY-MM or YYYY-MM-DD"),
    ("start_qualifier", _QUALIFIER),
    ("end", "when it ended"),
    ("end_qualifier", _QUALIFIER),
    ("ongoing", "true if it holds to the present (as of the source)"),
    ("as_of", "a date it held at, where the source gives neither its start nor its end"),
    ("unknown_since", "the date since which its state is unknown, as the source says (it does not run on)"),
    ("amount", "a sum of money, a number (for several values sources dispute, each, separated by ' | ')"),
    ("currency", "the amount's ISO 4217 currency code"),
    ("share", "a share in percent (75 for 75%)"),
    ("sources", "the ids of the sources cited"),
    ("editorial", "the editors' reason, for a relation no source states outright"),
    ("according_to", "the id of the person or group the source attributes it to"),
    ("qualifiers", "what qualifies it, in words: estimate, approximate, inferred, editorial, according to whom, "
                   "what sources differ on"),
    ("grade", "its grade: the cited sources' reliability (A-F), then its credibility (1-6); empty: ungraded"),
    ("wording", "the relation in words, as its subject's page gives it"),
    ("disputed", "each value sources give for a disputed part, in words with its qualifiers and grade, "
                 "separated by ' | '"),
    ("ended", "how it is known to end, in words with its qualifiers and grade"),
    ("ftm_schema", "its FollowTheMoney schema in entities.ftm.json"),
)
EVENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "the event's id"),
    ("date", "YYYY, YYYY-MM or YYYY-MM-DD"),
    ("date_precision", "year, month, part (early, mid or late in the month) or day"),
    ("date_qualifier", _QUALIFIER),
    ("date_reasoning", "why the date is inferred, as the reader is told"),
    ("title", "what happened"),
    ("place", "the id of the place"),
    ("involves", "the ids of the groups and people involved"),
    ("sources", "the ids of the sources cited"),
    ("editorial", "the editors' reason, for an event no source states outright"),
    ("according_to", "the id of the person or group the source attributes it to"),
    ("qualifiers", "what qualifies it, in words (as for relations)"),
    ("grade", "its grade, as for relations"),
    ("disputed", "each value sources give for its date or place, in words with its qualifiers and grade"),
    ("page", "its entry in the chronology, from the site root"),
)
SOURCE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "the source's id, also its FollowTheMoney Document's id"),
    ("title", "its headline"),
    ("author", "the id of the person who wrote it"),
    ("outlet", "the publication"),
    ("dateline", "the id of the place it is datelined"),
    ("date", "its date"),
    ("date_qualifier", _QUALIFIER),
    ("url", "where it was published"),
    ("page", "its page with the full text, from the site root"),
)
CITATION_COLUMNS: tuple[tuple[str, str], ...] = (
    ("entity_id", "what the quote supports: a record's, relation's or event's id (as in entities.ftm.json)"),
    ("field", "the field of the record, e.g. summary, founded, relations, quotes (their own words), event"),
    ("source", "the id of the source quoted"),
    ("quote", "the source's words, verbatim: in its own characters, whatever the record's typing"),
    ("sentence_url", "the anchor of the quote's first sentence on the source's page, from the site root"),
    ("sentences", "the numbers of the source's sentences the quote is in"),
)


def entity_rows(dossier: Dossier) -> Iterator[list[str]]:
    statements = dossier.statements
    for entity in dossier.entities.values():
        cells = {name: "" for name, _ in FIELD_COLUMNS}
        for spec in KIND_FIELDS[entity.kind]:
            cells.update(_field_cells(spec, entity.field(spec.key)))
        qualified = []
        for key, facts in (("summary", entity.summary), ("aliases", entity.aliases), *entity.fields):
            for index in range(len(facts)):
                statement = statements[field_statement_id(entity.id, key, index)]
                if not statement.qualifiers.plain:
                    qualified.append(statement.qualified(statement.words))
        yield [entity.id, entity.kind, entity.name, joined(str(a.value) for a in entity.aliases),
               joined(str(f.value) for f in entity.summary), *cells.values(), joined(qualified),
               entity_url(entity.kind, entity.id)]


def _field_cells(spec: FieldSpec, facts: tuple[Fact, ...]) -> dict[str, str]:
    if spec.type == "coordinates":
        points = [f.value for f in facts if isinstance(f.value, Coordinates)]
        return {f"{spec.key}_lat": joined(f"{p.lat:g}" for p in points),
                f"{spec.key}_lon": joined(f"{p.lon:g}" for p in points),
                f"{spec.key}_precision": joined(p.precision for p in points)}
    if spec.type != "occurrence":
        return {spec.key: joined(str(f.value) for f in facts)}
    occurrences = [f.value for f in facts if isinstance(f.value, Occurrence)]
    dates = [o.date for o in occurrences if o.date is not None and o.date.year is not None]
    return {f"{spec.key}_date": joined(d.iso for d in dates),
            f"{spec.key}_date_qualifier": joined(d.qualifier for d in dates),
            f"{spec.key}_place": joined(o.place for o in occurrences if o.place),
            f"{spec.key}_by": joined(o.by for o in occurrences if o.by)}


def _date_cells(date: DateValue | None) -> list[str]:
    return [date.iso, date.qualifier] if date is not None and date.year is not None else ["", ""]


def _sources(cites: tuple[Citation, ...]) -> str:
    return joined(dict.fromkeys(c.source for c in cites))


def _alternatives(item: Relation | Event, part: str, given: object) -> list[object]:
    """A part's value, or each value sources give for it."""
    alternatives = item.alternatives(part)
    return [f.value for f in alternatives] if alternatives else ([given] if given else [])


def _dates(item: Relation | Event, part: str, given: DateValue | None) -> list[str]:
    """A date's cells (ISO, qualifier), each value sources give for it joined by ' | '."""
    if not item.disputed:  # nearly every relation and event: the one date given
        return _date_cells(given)
    dates = [d for d in _alternatives(item, part, given) if isinstance(d, DateValue) and d.year is not None]
    return [joined(d.iso for d in dates), joined(d.qualifier for d in dates)]


def _values(item: Relation | Event, part: str, given: object) -> str:
    """A part's value, or each value sources give for it, joined by ' | '."""
    if not item.disputed:
        return str(given) if given else ""
    return joined(str(a) for a in _alternatives(item, part, given))


def _qualifier_cells(statement: Statement) -> list[str]:
    q = statement.qualifiers
    return [q.according_to or q.outlet or "", "; ".join(q.words), q.grade]


def under(dossier: Dossier, statement: Statement, kind: str) -> str:
    """The statements under a relation or an event of one kind ('part' or 'ending'), each in words with its
    qualifiers, separated by ' | '."""
    return joined(s.qualified(s.words) for s in parts_of(dossier.statements, statement) if s.kind == kind)


def relation_rows(dossier: Dossier) -> Iterator[list[str]]:
    for entity in dossier.entities.values():
        for number, relation in enumerate(entity.relations, 1):
            rtype = RELATION_TYPES[relation.type]
            statement = dossier.statements[relation_id(entity.id, number)]
            if relation.on or relation.alternatives("on"):  # a single act: its one date is its start and its end
                start = end = _dates(relation, "on", relation.on)
            else:
                start = _dates(relation, "from", relation.period.start)
                end = _dates(relation, "to", relation.period.end)
            targets = [str(t) for t in relation.targets]
            yield [statement.id, entity.id, entity.name, relation.type, rtype.forward,
                   rtype.inverse, joined(targets), joined(dossier.name_of(EntityId(t)) for t in targets),
                   relation.role or "", *start, *end, flag(relation.period.ongoing),
                   _dates(relation, "as_of", relation.as_of)[0],
                   relation.unknown_since.iso if relation.unknown_since else "",
                   _values(relation, "amount", relation.amount), relation.currency or "",
                   _values(relation, "share", relation.share),
                   _sources(relation.cites), relation.editorial or "", *_qualifier_cells(statement),
                   statement.words, under(dossier, statement, "part"), under(dossier, statement, "ending"),
                   relation_schema(relation.type)[0]]


def event_rows(dossier: Dossier) -> Iterator[list[str]]:
    for event in dossier.events:
        dates = [d for d in _alternatives(event, "date", event.date) if isinstance(d, DateValue)]
        yield [event.id, joined(d.iso for d in dates), joined(d.precision for d in dates),
               joined(d.qualifier for d in dates), joined(d.inferred or "" for d in dates), event.title,
               _values(event, "place", event.place), joined(event.involves),
               _sources(event.cites), event.editorial or "", *_qualifier_cells(dossier.statements[event.id]),
               under(dossier, dossier.statements[event.id], "part"), f"{CHRONOLOGY}#e-{event.id}"]


def source_rows(dossier: Dossier) -> Iterator[list[str]]:
    for source in dossier.sources.values():
        yield [source.id, source.title, source.author or "", source.outlet or "", source.dateline or "",
               *_date_cells(source.date), source.url or "", entity_url("source", source.id)]


def citation_rows(dossier: Dossier) -> Iterator[list[str]]:
    for entity_id, field, cite in _citations(dossier):
        yield [entity_id, field, cite.source, cite.words, sentence_url(cite), joined(map(str, cite.sentences))]


def _citations(dossier: Dossier) -> Iterator[tuple[str, str, Citation]]:
    """Every citation where the records write it: (what it supports, field, citation)."""
    for entity in dossier.entities.values():
        yield from _fact_citations(entity)
        for number, relation in enumerate(entity.relations, 1):
            for cite in relation.cites:
                yield relation_id(entity.id, number), "relations", cite
        for quote in entity.quotes:
            if quote.cite:
                yield entity.id, "quotes", quote.cite
    for event in dossier.events:
        for cite in event.cites:
            yield event.id, "event", cite


def _fact_citations(entity: Entity) -> Iterator[tuple[str, str, Citation]]:
    fields = [("summary", entity.summary), ("aliases", entity.aliases), *entity.fields]
    for field, facts in fields:
        for fact in facts:
            for cite in fact.cites:
                yield entity.id, field, cite


def entities_csv(dossier: Dossier) -> Chunks:
    return csv_chunks(ENTITY_COLUMNS, entity_rows(dossier))


def relations_csv(dossier: Dossier) -> Chunks:
    return csv_chunks(RELATION_COLUMNS, relation_rows(dossier))


def events_csv(dossier: Dossier) -> Chunks:
    return csv_chunks(EVENT_COLUMNS, event_rows(dossier))


def sources_csv(dossier: Dossier) -> Chunks:
    return csv_chunks(SOURCE_COLUMNS, source_rows(dossier))


def citations_csv(dossier: Dossier) -> Chunks:
    return csv_chunks(CITATION_COLUMNS, citation_rows(dossier))
