"""Snapshot: the dossier's statements as a release records them, one block of lines a record.

Part of the link stage. Takes the validated records and their statements (see
`statements`); gives a `Snapshot`: for each record (groups, people, places, sources,
events, in the dossier's order) its block of lines, as a release file holds it (see
`core.releasefile`): the record's line, then one line per statement written on it:

    {"statement": ID, "kind": ..., "key": ..., "target": ..., "parent": ..., "value": ...,
     "qualifiers": {...}, "cites": [[SOURCE, QUOTE], ...], "words": ..., "qualified": ...}

`value` is what the statement states, as plain JSON (dates as YYYY[-MM[-DD]], with ' early',
' mid' or ' late' for a part of a month and ' c.' when approximate), each id in it written
{"id": ID}, so that a rename can be followed; `qualifiers` how sure it is and on whose word
(only those it has); `cites` the source and the words of each citation; `words` and
`qualified` how pages word it and its qualifiers then. The same records give the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..core.dates import DateValue, Period
from ..core.model import Ending, Entity, EntityId, Event, Fact, Occurrence, Relation, Source
from ..core.releasefile import Blocks, split_blocks
from ..core.schema import KIND_FIELDS
from ..core.statement import Statement

_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_REF_FIELDS = {spec.key for specs in KIND_FIELDS.values() for spec in specs if spec.type == "ref"}
_ID_PARTS = ("target", "place")
"""The disputed parts whose alternatives are ids."""


def json_line(data: Any) -> str:
    """Compact JSON on one line, U+2028 and U+2029 escaped (line splitters take them for breaks)."""
    text = _ENCODE(data)
    if "\u2028" in text or "\u2029" in text:
        text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return text


@dataclass(frozen=True, slots=True)
class RecordLine:
    """A record as a snapshot names it."""

    id: str
    kind: str
    name: str
    previous_ids: tuple[str, ...] = ()


@dataclass
class Snapshot:
    """Each record's block of lines, by id; the FollowTheMoney lines, for a release's; and for the
    dossier now, each block's statement ids."""

    blocks: dict[str, bytes]
    ftm: list[bytes] = field(default_factory=list)
    statement_ids: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _records: dict[str, RecordLine] = field(default_factory=dict)

    @classmethod
    def of_text(cls, text: bytes) -> Snapshot:
        """A release file's snapshot, from its text (see `core.releasefile`)."""
        found: Blocks = split_blocks(text)
        return cls(found.records, found.ftm)

    def record(self, record_id: str) -> RecordLine:
        """A record's line, read from its block when first asked for."""
        known = self._records.get(record_id)
        if known is None:
            data = json.loads(self.blocks[record_id].split(b"\n", 1)[0])
            known = self._records[record_id] = RecordLine(
                str(data["record"]), str(data["kind"]), str(data["name"]),
                tuple(str(i) for i in data.get("previous_ids", ())))
        return known

    def statement_count(self, record_id: str) -> int:
        return self.blocks[record_id].count(b"\n")


def take_snapshot(entities: Mapping[EntityId, Entity], sources: Mapping[EntityId, Source], events: Iterable[Event],
                  statements: Mapping[str, Statement]) -> Snapshot:
    """The dossier's snapshot, as a release of it now would hold it."""
    by_record: dict[str, list[Statement]] = {}
    for statement in statements.values():
        by_record.setdefault(statement.subject, []).append(statement)
    records: list[RecordLine] = [RecordLine(e.id, e.kind, e.name, e.previous_ids) for e in entities.values()]
    records += [RecordLine(s.id, "source", s.title, s.previous_ids) for s in sources.values()]
    records += [RecordLine(e.id, "event", e.title, e.previous_ids) for e in events]
    snapshot = Snapshot({})
    for record in records:
        own = by_record.get(record.id, ())
        lines = [json_line({"record": record.id, "kind": record.kind, "name": record.name,
                            "previous_ids": list(record.previous_ids)})]
        lines += [statement_line(s) for s in own]
        snapshot.blocks[record.id] = "\n".join(lines).encode("utf-8")
        snapshot.statement_ids[record.id] = tuple(s.id for s in own)
        snapshot._records[record.id] = record
    return snapshot


def statement_line(statement: Statement) -> str:
    """One statement as a line of a snapshot."""
    return json_line({
        "statement": statement.id, "kind": statement.kind, "key": statement.key, "target": statement.target,
        "parent": statement.parent, "value": plain_value(statement), "qualifiers": plain_qualifiers(statement),
        "cites": [[c.source, c.words] for c in statement.cites], "words": statement.words,
        "qualified": statement.qualifier_text})


def plain_value(statement: Statement) -> Any:
    """What a statement states, as plain JSON with its ids marked."""
    item = statement.value
    if isinstance(item, Relation):
        return _relation(item)
    if isinstance(item, Event):
        return _drop_empty({"title": item.title, "date": _date(item.date), "place": _id(item.place),
                            "involves": [_id(i) for i in item.involves]})
    assert isinstance(item, Fact)
    value = item.value
    if statement.kind == "part":
        if isinstance(value, DateValue):
            return _date(value)
        return _id(str(value)) if statement.key in _ID_PARTS else str(value)
    if isinstance(value, Ending):
        return {"date": _date(value.date), "unknown": value.unknown}
    if isinstance(value, Occurrence):
        return _drop_empty({"date": _date(value.date), "place": _id(value.place), "by": value.by,
                            "by_ids": [_id(i) for i in value.by_ids]})
    if statement.key in _REF_FIELDS:
        return _id(str(value))
    return str(value)


def _relation(relation: Relation) -> dict[str, Any]:
    return _drop_empty({
        "type": relation.type, "target": _id(relation.target), "role": relation.role,
        "target_role": relation.target_role, "on": _date(relation.on), "as_of": _date(relation.as_of),
        **_period(relation.period), "amount": relation.amount, "currency": relation.currency,
        "share": relation.share})


def _period(period: Period) -> dict[str, Any]:
    return {"from": _date(period.start), "to": "present" if period.ongoing else _date(period.end)}


def plain_qualifiers(statement: Statement) -> dict[str, Any]:
    """How sure a statement is and on whose word, as plain JSON: only the qualifiers it has (the grades of the
    sources it cites are the sources', not the statement's)."""
    q = statement.qualifiers
    found: dict[str, Any] = {}
    if q.according_to:
        found["according_to"] = _id(q.according_to)
    for key, value in (("outlet", q.outlet), ("estimate", q.estimate), ("approximate", q.approximate),
                       ("inferred", q.inferred), ("dates_inferred", q.dates_inferred), ("editorial", q.editorial),
                       ("note", q.note), ("held", q.held)):
        if value:
            found[key] = value
    if q.credibility:
        found["credibility"] = [q.credibility.grade, q.credibility.reason]
    if q.disputed:
        found["disputed"] = list(q.disputed)
    return found


def _id(value: str | None) -> dict[str, str] | None:
    return {"id": value} if value else None


def _date(date: DateValue | None) -> str | None:
    if date is None or date.year is None:
        return None
    return date.iso + (f" {date.part}" if date.part else "") + (" c." if date.approximate else "")


def _drop_empty(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in (None, "", [])}
