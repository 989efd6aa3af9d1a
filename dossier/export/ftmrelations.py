"""FtM relations: a relation and an event as FollowTheMoney entities, each value from its statement.

A relation is an interval entity of the schema its type maps to (`RELATION_SCHEMATA`: a
`Directorship`, a `Membership`, a `Payment` with its `amount` and `currency`, an `Ownership`
with its `percentage` ...), else an `UnknownLink` whose role is its wording. Each value
carries the support of its statement; a part its sources dispute gives one value for each
alternative, with that alternative's own support: one payment with two amounts, two
statements, never two payments. A relation that is not plain has its qualified wording as
its `description`, and so has each disputed value and its end that is not. One whose state
is unknown since a date says so in its `status` (or its description, where its schema has
none), with the end's own support, and is never given as ongoing. An event is an `Event`
with its date(s), place(s) and those involved.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..core.dates import DateValue
from ..core.model import Dossier, Ending, EntityId, Event, Relation
from ..core.schema import RELATION_TYPES
from ..core.statement import Statement
from ..link.statements import parts_of, relation_id
from .ftmtypes import FtmEntity, PropValue, Support, date_values, qualifier_note, support_of

RELATION_SCHEMATA: dict[str, tuple[str, str, str]] = {
    "leader-of": ("Directorship", "director", "organization"),
    "director-of": ("Directorship", "director", "organization"),
    "member-of": ("Membership", "member", "organization"),
    "succeeded": ("Succession", "successor", "predecessor"),
    "financed": ("Payment", "payer", "beneficiary"),
    "paid": ("Payment", "payer", "beneficiary"),
    "owner-of": ("Ownership", "owner", "asset"),
    "employed-by": ("Employment", "employee", "employer"),
}
"""Relation types with a FollowTheMoney schema of their own: (schema, subject property, target property)."""
UNKNOWN_LINK = ("UnknownLink", "subject", "object")
"""Every other relation type, its wording kept as the role."""
_WITHOUT_STATUS = {"Payment", "Succession"}
"""Interval schemata with no `status` property."""


def relation_schema(relation_type: str) -> tuple[str, str, str]:
    return RELATION_SCHEMATA.get(relation_type, UNKNOWN_LINK)


def _parts(statements: Mapping[str, Statement], statement_id: str, relation_or_event: Relation | Event,
           part: str) -> list[tuple[object, Support]]:
    """The values of a disputed part, each with its own statement's support; [] if undisputed."""
    if not relation_or_event.disputed:
        return []
    return [(alternative.value, support_of(statements[f"{statement_id}.{part}-{k}"], disputed=True))
            for k, alternative in enumerate(relation_or_event.alternatives(part), 1)]


def relation_entity(dossier: Dossier, relation: Relation, number: int) -> FtmEntity:
    statement_id = relation_id(relation.subject, number)
    statement = dossier.statements[statement_id]
    schema, subject, target = relation_schema(relation.type)
    support = support_of(statement)
    values = [PropValue(subject, relation.subject, "relations.type", support)]
    targets = _parts(dossier.statements, statement_id, relation, "target")
    values += ([PropValue(target, str(alt), "relations.target", alt_support) for alt, alt_support in targets]
               or [PropValue(target, relation.target, "relations.target", support)])
    if schema == UNKNOWN_LINK[0]:
        values.append(PropValue("role", RELATION_TYPES[relation.type].forward, "relations.type", support,
                                relation.type))
    if relation.role:
        prop = "purpose" if schema == "Payment" else "role"
        values.append(PropValue(prop, relation.role, "relations.role", support))
    values += _dates(dossier, statement_id, relation, support)
    values += _sums(dossier, statement_id, relation, schema, support)
    values += _ending(dossier, statement_id, relation, schema)
    values += qualifier_note("description", statement, "relations", support)
    for part in parts_of(dossier.statements, statement):  # each disputed value and the end, on its own word
        values += qualifier_note("description", part, f"relations.{part.key}", support_of(part, part.kind == "part"))
    return FtmEntity(statement_id, schema, tuple(values))


def _dates(dossier: Dossier, statement_id: str, relation: Relation, support: Support) -> list[PropValue]:
    """startDate and endDate (a single act's one date is both), or the `date` it held at; each alternative
    of a disputed date a value of its own."""
    values: list[PropValue] = []

    def dated(prop: str, part: str, date: DateValue | None, field: str) -> None:
        for given, given_support in _parts(dossier.statements, statement_id, relation, part) or [(date, support)]:
            assert given is None or isinstance(given, DateValue)
            values.extend(date_values(prop, given, field, given_support))

    if relation.on or relation.alternatives("on"):
        dated("startDate", "on", relation.on, "relations.on")
        dated("endDate", "on", relation.on, "relations.on")
    elif relation.as_of or relation.alternatives("as_of"):
        dated("date", "as_of", relation.as_of, "relations.as_of")
    else:
        dated("startDate", "from", relation.period.start, "relations.period.from")
        if not relation.ended:
            dated("endDate", "to", relation.period.end, "relations.period.to")
    if relation.period.ongoing:
        values.append(PropValue("status", "ongoing", "relations.period.to", support, "present"))
    return values


def _sums(dossier: Dossier, statement_id: str, relation: Relation, schema: str, support: Support) -> list[PropValue]:
    """A payment's amount and currency, an ownership's percentage; on a schema without them, a note."""
    values: list[PropValue] = []
    for part, prop in (("amount", "amount"), ("share", "percentage")):
        given = _parts(dossier.statements, statement_id, relation, part) or (
            [(getattr(relation, part), support)] if getattr(relation, part) else [])
        for value, alt_support in given:
            number = str(value)
            if (schema, prop) in (("Payment", "amount"), ("Ownership", "percentage")):
                values.append(PropValue(prop, number, f"relations.{part}", alt_support))
            else:
                text = f"{number} {relation.currency}" if part == "amount" and relation.currency else number
                values.append(PropValue("description", f"{part}: {text}", f"relations.{part}", alt_support, number))
    if relation.currency and schema == "Payment":
        values.append(PropValue("currency", relation.currency, "relations.currency", support))
    return values


def _ending(dossier: Dossier, statement_id: str, relation: Relation, schema: str) -> list[PropValue]:
    """How a relation is known to end, on the end's own word: its endDate, or that it is unknown since a date."""
    if relation.ended is None:
        return []
    ending = relation.ended.value
    assert isinstance(ending, Ending)
    support = support_of(dossier.statements[f"{statement_id}.ended"])
    if not ending.unknown:
        return date_values("endDate", ending.date, "relations.ended.on", support)
    prop = "description" if schema in _WITHOUT_STATUS else "status"
    return [PropValue(prop, f"unknown since {ending.date.iso}", "relations.ended.unknown_since", support,
                      ending.date.said or "", ending.date)]


def event_entity(dossier: Dossier, event: Event) -> FtmEntity:
    statement = dossier.statements[event.id]
    support = support_of(statement)
    values = [PropValue("name", event.title, "title", support)]
    for date, date_support in _parts(dossier.statements, event.id, event, "date") or [(event.date, support)]:
        assert isinstance(date, DateValue)
        values += date_values("date", date, "date", date_support)
    places = _parts(dossier.statements, event.id, event, "place") or (
        [(event.place, support)] if event.place else [])
    for place, place_support in places:
        values.append(PropValue("location", dossier.name_of(EntityId(str(place))), "place", place_support, str(place)))
    values += [PropValue("involved", i, "involves", support) for i in event.involves]
    values += qualifier_note("notes", statement, "event", support)
    for part in parts_of(dossier.statements, statement):
        values += qualifier_note("notes", part, part.key, support_of(part, disputed=True))
    return FtmEntity(event.id, "Event", tuple(values))
