"""FtM values: the dossier as FollowTheMoney entities, each property value with what supports it.

One walk over the linked `Dossier` gives every entity the exports hold: groups as
`Organization` (or `Company`, if registered or owned), people as `Person`, places as
`Territory` (FollowTheMoney has no Place; a Territory is "a country, subnational division
or other administrative area"), sources
as `Document`, events as `Event`, relations as interval schemata (`Directorship`,
`Membership`, `Ownership`, `Employment`, `Payment` ..., else `UnknownLink` with the
relation's wording as its role: see `ftmrelations`), and the place
references FtM has no property for (a group's area, a person's base, a founding's place)
as `UnknownLink`s whose role says what they are. Each value keeps the statement it comes
from (`ftmtypes.Support`): its citations, editorial reason, qualifiers and date; a statement
that is not plain is also given in words with its qualifiers, as a note. Relations and
events are `ftmrelations`'s. The FtM entities (`ftm`) and the statements table
(`statements`) are two views of this one walk, so they cannot disagree.

Ids are the records' own ids, which are unique across kinds and stable between builds;
a relation is `<subject>.relation-<n>` (its place in the subject's record, from 1) and a
place reference `<record>.<field>-<n>`. Dates are ISO prefix dates at the record's
precision (YYYY, YYYY-MM, YYYY-MM-DD); an early/mid/late part of a month gives the month.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..core.model import Dossier, Entity, Fact, Occurrence, Source
from ..core.schema import KIND_FIELDS, FieldSpec
from ..core.statement import Statement
from ..link.statements import field_statement_id, relation_id
from .ftmrelations import RELATION_SCHEMATA, UNKNOWN_LINK, event_entity, relation_entity, relation_schema
from .ftmtypes import (
    NO_SUPPORT,
    PROP_TYPES,
    FtmEntity,
    PropValue,
    Support,
    date_values,
    qualifier_note,
    support_of,
)

__all__ = ["NO_SUPPORT", "PROP_TYPES", "RELATION_SCHEMATA", "SCHEMA_OF_KIND", "UNKNOWN_LINK", "FtmEntity", "PropValue",
           "Support", "ftm_entities", "links_as_entities", "relation_id", "relation_schema"]

SCHEMA_OF_KIND = {"group": "Organization", "person": "Person", "place": "Territory",
                  "source": "Document", "event": "Event"}

FIELD_PROPS: dict[tuple[str, str], str] = {
    ("group", "kind"): "classification", ("group", "status"): "status",
    ("person", "occupation"): "profession", ("person", "fate"): "status",
    ("place", "kind"): "level", ("place", "country"): "partOf",
    ("group", "founded"): "incorporationDate", ("person", "born"): "birthDate",
    ("group", "registration_number"): "registrationNumber",
}
"""Fields with a fitting FollowTheMoney property (for an occurrence: the property of its date).
Other text fields go into `notes` as 'Label: value'; other place references become UnknownLinks."""
PLACE_PROPS = {("person", "born"): "birthPlace"}
"""Occurrences whose place has a property of its own (the place's name); others become UnknownLinks."""


def ftm_entities(dossier: Dossier) -> tuple[FtmEntity, ...]:
    """Every entity: groups, people and places, sources, events, then relations and place references."""
    return tuple(_walk(dossier))


COMPANY_FIELDS = ("registration_number", "jurisdiction")
"""A group with one of these, or one something owns, is a FollowTheMoney `Company` (an `Asset`, which an
`Ownership` needs), not an `Organization`."""


def companies(dossier: Dossier) -> set[str]:
    """The groups that are companies: registered somewhere, or owned."""
    found: set[str] = {e.id for e in dossier.entities.values()
             if e.kind == "group" and any(e.field(key) for key in COMPANY_FIELDS)}
    for entity in dossier.entities.values():
        for relation in entity.relations:
            if relation.type == "owner-of":
                found.update(relation.targets)
    return found


def _walk(dossier: Dossier) -> Iterator[FtmEntity]:
    registered = companies(dossier)
    for entity in dossier.entities.values():
        record = _record(dossier, entity)
        yield FtmEntity(record.id, "Company", record.values) if entity.id in registered else record
    for source in dossier.sources.values():
        yield _document(dossier, source)
    for event in dossier.events:
        yield event_entity(dossier, event)
    for entity in dossier.entities.values():
        for number, relation in enumerate(entity.relations, 1):
            yield relation_entity(dossier, relation, number)
        yield from _reference_links(dossier, entity)


def _statement(dossier: Dossier, entity_id: str, key: str, index: int) -> Statement:
    return dossier.statements[field_statement_id(entity_id, key, index)]


def _record(dossier: Dossier, entity: Entity) -> FtmEntity:
    values = [PropValue("name", entity.name, "name", NO_SUPPORT)]
    for prop, key, facts in (("alias", "aliases", entity.aliases), ("summary", "summary", entity.summary)):
        for index, fact in enumerate(facts):
            statement = _statement(dossier, entity.id, key, index)
            support = support_of(statement)
            values.append(PropValue(prop, str(fact.value), key, support))
            values += qualifier_note("notes", statement, key, support)
    for spec in KIND_FIELDS[entity.kind]:
        for index, fact in enumerate(entity.field(spec.key)):
            statement = _statement(dossier, entity.id, spec.key, index)
            support = support_of(statement)
            values += _field_values(dossier, entity.kind, spec, fact, support)
            values += qualifier_note("notes", statement, spec.key, support)
    return FtmEntity(entity.id, SCHEMA_OF_KIND[entity.kind], tuple(values))


def _field_values(dossier: Dossier, kind: str, spec: FieldSpec, fact: Fact, support: Support) -> list[PropValue]:
    prop = FIELD_PROPS.get((kind, spec.key))
    value = fact.value
    if isinstance(value, Occurrence):
        found: list[PropValue] = []
        if prop:
            found += date_values(prop, value.date, f"{spec.key}.date", support)
        elif value.date and value.date.year:
            found.append(PropValue("notes", f"{spec.label}: {value.date.iso}", f"{spec.key}.date", support,
                                   value.date.said or "", value.date))
        place_prop = PLACE_PROPS.get((kind, spec.key))
        if value.place and place_prop:
            found.append(PropValue(place_prop, dossier.name_of(value.place), f"{spec.key}.place", support,
                                   value.place))
        if value.by:
            found.append(PropValue("notes", f"{spec.label} by {value.by}", f"{spec.key}.by", support, value.by))
        if value.by_ids:
            names = " and ".join(dossier.name_of(i) for i in value.by_ids)
            found.append(PropValue("notes", f"{spec.label} by {names}", f"{spec.key}.by", support,
                                   " ".join(value.by_ids)))
        return found
    if spec.type == "ref":
        return [PropValue(prop, str(value), spec.key, support)] if prop else []  # else an UnknownLink
    if prop:
        return [PropValue(prop, str(value), spec.key, support)]
    return [PropValue("notes", f"{spec.label}: {value}", spec.key, support, str(value))]


def links_as_entities(kind: str, spec: FieldSpec) -> bool:
    """Whether a field's references become UnknownLinks: those FollowTheMoney has no property for."""
    if spec.type == "ref":
        return (kind, spec.key) not in FIELD_PROPS
    return spec.type == "occurrence" and (kind, spec.key) not in PLACE_PROPS


def _reference_links(dossier: Dossier, entity: Entity) -> Iterator[FtmEntity]:
    """The entity's references that FollowTheMoney has no property for, as UnknownLinks."""
    for spec in KIND_FIELDS[entity.kind]:
        if not links_as_entities(entity.kind, spec):
            continue
        role = f"{spec.label.lower()} in" if spec.type == "occurrence" else spec.label.lower()
        number = 0
        for index, fact in enumerate(entity.field(spec.key)):
            other = fact.value.place if isinstance(fact.value, Occurrence) else fact.value
            if not other:
                continue
            number += 1
            field = f"{spec.key}.place" if spec.type == "occurrence" else spec.key
            statement = _statement(dossier, entity.id, spec.key, index)
            support = support_of(statement)
            values = [PropValue("subject", entity.id, field, support), PropValue("object", str(other), field, support),
                      PropValue("role", role, field, support)]
            # when the place held ("used to fight" there), as an interval's dates, and its qualifiers in words
            values += date_values("date", fact.as_of, f"{spec.key}.as_of", support)
            values += date_values("startDate", fact.held.start, f"{spec.key}.period.from", support)
            values += date_values("endDate", fact.held.end, f"{spec.key}.period.to", support)
            if fact.held.ongoing:
                values.append(PropValue("status", "ongoing", f"{spec.key}.period.to", support, "present"))
            values += qualifier_note("description", statement, spec.key, support)
            yield FtmEntity(f"{entity.id}.{spec.key.replace('_', '-')}-{number}", UNKNOWN_LINK[0], tuple(values))


def _document(dossier: Dossier, source: Source) -> FtmEntity:
    values = [PropValue("name", source.title, "title", NO_SUPPORT),
              PropValue("title", source.title, "title", NO_SUPPORT),
              PropValue("fileName", f"{source.id}.txt", "text", NO_SUPPORT),
              PropValue("bodyText", source.text.strip(), "text", NO_SUPPORT)]
    if source.author:
        values.append(PropValue("author", dossier.name_of(source.author), "author", NO_SUPPORT, source.author))
    if source.outlet:
        values.append(PropValue("publisher", source.outlet, "outlet", NO_SUPPORT))
    values += date_values("publishedAt", source.date, "date", NO_SUPPORT)
    if source.url:
        values.append(PropValue("sourceUrl", source.url, "url", NO_SUPPORT))
    if source.dateline:
        values.append(PropValue("notes", f"Dateline: {dossier.name_of(source.dateline)}", "dateline",
                                NO_SUPPORT, source.dateline))
    return FtmEntity(source.id, "Document", tuple(values))
