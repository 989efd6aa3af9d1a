"""FtM values: the dossier as FollowTheMoney entities, each property value with what supports it.

One walk over the linked `Dossier` gives every entity the exports hold: groups as
`Organization`, people as `Person`, places as `Territory` (FollowTheMoney has no Place;
a Territory is "a country, subnational division or other administrative area"), sources
as `Document`, events as `Event`, relations as interval schemata (`Directorship`,
`Membership`, else `UnknownLink` with the relation's wording as its role), and the place
references FtM has no property for (a group's area, a person's base, a founding's place)
as `UnknownLink`s whose role says what they are. Each value keeps the fact it comes from:
its citations, editorial reason, flags and date. The FtM entities (`ftm`) and the
statements table (`statements`) are two views of this one walk, so they cannot disagree.

Ids are the records' own ids, which are unique across kinds and stable between builds;
a relation is `<subject>.relation-<n>` (its place in the subject's record, from 1) and a
place reference `<record>.<field>-<n>`. Dates are ISO prefix dates at the record's
precision (YYYY, YYYY-MM, YYYY-MM-DD); an early/mid/late part of a month gives the month.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from ..core.dates import DateValue
from ..core.model import Citation, Dossier, Entity, Event, Fact, Grade, Occurrence, Relation, Source
from ..core.schema import KIND_FIELDS, RELATION_TYPES, FieldSpec

SCHEMA_OF_KIND = {"group": "Organization", "person": "Person", "place": "Territory",
                  "source": "Document", "event": "Event"}
RELATION_SCHEMATA: dict[str, tuple[str, str, str]] = {
    "leader-of": ("Directorship", "director", "organization"),
    "member-of": ("Membership", "member", "organization"),
    "succeeded": ("Succession", "successor", "predecessor"),
    "financed": ("Payment", "payer", "beneficiary"),
}
"""Relation types with a FollowTheMoney schema of their own: (schema, subject property, target property)."""
UNKNOWN_LINK = ("UnknownLink", "subject", "object")
"""Every other relation type, its wording kept as the role."""

FIELD_PROPS: dict[tuple[str, str], str] = {
    ("group", "kind"): "classification", ("group", "status"): "status",
    ("person", "occupation"): "profession", ("person", "fate"): "status",
    ("place", "kind"): "level", ("place", "country"): "partOf",
    ("group", "founded"): "incorporationDate", ("person", "born"): "birthDate",
}
"""Fields with a fitting FollowTheMoney property (for an occurrence: the property of its date).
Other text fields go into `notes` as 'Label: value'; other place references become UnknownLinks."""
PLACE_PROPS = {("person", "born"): "birthPlace"}
"""Occurrences whose place has a property of its own (the place's name); others become UnknownLinks."""

PROP_TYPES = {
    "name": "name", "alias": "name", "summary": "text", "notes": "text", "classification": "string",
    "status": "string", "profession": "string", "level": "string", "partOf": "entity",
    "incorporationDate": "date", "birthDate": "date", "birthPlace": "string", "title": "string",
    "fileName": "string", "bodyText": "text", "author": "string", "publisher": "string",
    "publishedAt": "date", "sourceUrl": "url", "date": "date", "location": "address", "involved": "entity",
    "director": "entity", "organization": "entity", "member": "entity", "subject": "entity",
    "object": "entity", "role": "string", "startDate": "date", "endDate": "date", "proof": "entity",
    "successor": "entity", "predecessor": "entity", "payer": "entity", "beneficiary": "entity",
}
"""The FollowTheMoney type of each property used (the statements table has a column for it)."""


class Support(NamedTuple):
    """What a value rests on: the fact's citations or editorial reason, and its flags.

    (This and `PropValue` are named tuples, made several times faster than frozen dataclasses:
    a dossier of 10,000 entities has 350,000 values.)
    """

    cites: tuple[Citation, ...] = ()
    editorial: str | None = None
    according_to: str | None = None
    """The id of the person or group the source attributes the value to, or the outlet's name."""
    estimate: bool = False
    note: str | None = None
    credibility: str = ""
    """The editor's credibility grade of the fact (1-6), or ''."""


NO_SUPPORT = Support()
"""A record's name and a source's metadata: the record itself, not a claim with a citation."""


class PropValue(NamedTuple):
    """One value of one FollowTheMoney property, with the dossier field it comes from."""

    prop: str
    value: str
    field: str
    support: Support
    original: str = ""
    """The value as the record gives it, where FtM holds another form (a place's id, a yearless date)."""
    date: DateValue | None = None


@dataclass(frozen=True, slots=True)
class FtmEntity:
    """One FollowTheMoney entity: its id, schema and values in the order the record gives them."""

    id: str
    schema: str
    values: tuple[PropValue, ...]

    def properties(self) -> dict[str, list[str]]:
        """Property -> distinct values, as FollowTheMoney holds them; `proof`: the cited sources."""
        props: dict[str, list[str]] = {}
        for value in self.values:
            listed = props.setdefault(value.prop, [])
            if value.value not in listed:
                listed.append(value.value)
        proof = self.proof()
        if proof:
            props["proof"] = proof
        return dict(sorted(props.items()))

    def proof(self) -> list[str]:
        """The ids of the sources its values cite (their `Document`s), sorted."""
        return sorted({str(cite.source) for value in self.values for cite in value.support.cites})


def ftm_entities(dossier: Dossier) -> tuple[FtmEntity, ...]:
    """Every entity: groups, people and places, sources, events, then relations and place references."""
    return tuple(_walk(dossier))


def _walk(dossier: Dossier) -> Iterator[FtmEntity]:
    for entity in dossier.entities.values():
        yield _record(dossier, entity)
    for source in dossier.sources.values():
        yield _document(dossier, source)
    for event in dossier.events:
        yield _event(dossier, event)
    for entity in dossier.entities.values():
        for number, relation in enumerate(entity.relations, 1):
            yield _relation(relation, relation_id(entity.id, number))
        yield from _reference_links(entity)


def relation_id(subject: str, number: int) -> str:
    """A relation's id: its subject's id and its place (from 1) among the subject's relations."""
    return f"{subject}.relation-{number}"


def relation_schema(relation_type: str) -> tuple[str, str, str]:
    return RELATION_SCHEMATA.get(relation_type, UNKNOWN_LINK)


def fact_support(fact: Fact) -> Support:
    return Support(fact.cites, fact.editorial, fact.according_to or fact.according_to_outlet, fact.estimate, fact.note,
                   _grade(fact.credibility))


def _grade(grade: Grade | None) -> str:
    return grade.grade if grade else ""


def _date(prop: str, date: DateValue | None, field: str, support: Support) -> list[PropValue]:
    if date is None or date.year is None:
        return []
    return [PropValue(prop, date.iso, field, support, date.said or "", date)]


def _record(dossier: Dossier, entity: Entity) -> FtmEntity:
    values = [PropValue("name", entity.name, "name", NO_SUPPORT)]
    values += [PropValue("alias", str(f.value), "aliases", fact_support(f)) for f in entity.aliases]
    values += [PropValue("summary", str(f.value), "summary", fact_support(f)) for f in entity.summary]
    for spec in KIND_FIELDS[entity.kind]:
        for fact in entity.field(spec.key):
            values += _field_values(dossier, entity.kind, spec, fact)
    return FtmEntity(entity.id, SCHEMA_OF_KIND[entity.kind], tuple(values))


def _field_values(dossier: Dossier, kind: str, spec: FieldSpec, fact: Fact) -> list[PropValue]:
    support = fact_support(fact)
    prop = FIELD_PROPS.get((kind, spec.key))
    value = fact.value
    if isinstance(value, Occurrence):
        found: list[PropValue] = []
        if prop:
            found += _date(prop, value.date, f"{spec.key}.date", support)
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


def _reference_links(entity: Entity) -> Iterator[FtmEntity]:
    """The entity's references that FollowTheMoney has no property for, as UnknownLinks."""
    for spec in KIND_FIELDS[entity.kind]:
        if not links_as_entities(entity.kind, spec):
            continue
        role = f"{spec.label.lower()} in" if spec.type == "occurrence" else spec.label.lower()
        number = 0
        for fact in entity.field(spec.key):
            other = fact.value.place if isinstance(fact.value, Occurrence) else fact.value
            if not other:
                continue
            number += 1
            field = f"{spec.key}.place" if spec.type == "occurrence" else spec.key
            support = fact_support(fact)
            yield FtmEntity(f"{entity.id}.{spec.key.replace('_', '-')}-{number}", UNKNOWN_LINK[0], (
                PropValue("subject", entity.id, field, support),
                PropValue("object", str(other), field, support),
                PropValue("role", role, field, support),
            ))


def _document(dossier: Dossier, source: Source) -> FtmEntity:
    values = [PropValue("name", source.title, "title", NO_SUPPORT),
              PropValue("title", source.title, "title", NO_SUPPORT),
              PropValue("fileName", f"{source.id}.txt", "text", NO_SUPPORT),
              PropValue("bodyText", source.text.strip(), "text", NO_SUPPORT)]
    if source.author:
        values.append(PropValue("author", dossier.name_of(source.author), "author", NO_SUPPORT, source.author))
    if source.outlet:
        values.append(PropValue("publisher", source.outlet, "outlet", NO_SUPPORT))
    values += _date("publishedAt", source.date, "date", NO_SUPPORT)
    if source.url:
        values.append(PropValue("sourceUrl", source.url, "url", NO_SUPPORT))
    if source.dateline:
        values.append(PropValue("notes", f"Dateline: {dossier.name_of(source.dateline)}", "dateline",
                                NO_SUPPORT, source.dateline))
    return FtmEntity(source.id, "Document", tuple(values))


def _event(dossier: Dossier, event: Event) -> FtmEntity:
    support = Support(event.cites, event.editorial, credibility=_grade(event.credibility))
    values = [PropValue("name", event.title, "title", support)]
    values += _date("date", event.date, "date", support)
    if event.place:
        values.append(PropValue("location", dossier.name_of(event.place), "place", support, event.place))
    values += [PropValue("involved", i, "involves", support) for i in event.involves]
    return FtmEntity(event.id, "Event", tuple(values))


def _relation(relation: Relation, relation_id: str) -> FtmEntity:
    schema, subject, target = relation_schema(relation.type)
    support = Support(relation.cites, relation.editorial, credibility=_grade(relation.credibility))
    values = [PropValue(subject, relation.subject, "relations.type", support),
              PropValue(target, relation.target, "relations.target", support)]
    if schema == UNKNOWN_LINK[0]:
        values.append(PropValue("role", RELATION_TYPES[relation.type].forward, "relations.type", support,
                                relation.type))
    if relation.role:
        values.append(PropValue("role", relation.role, "relations.role", support))
    period = relation.span
    start, end = ("relations.on", "relations.on") if relation.on else ("relations.period.from", "relations.period.to")
    values += _date("startDate", period.start, start, support)
    values += _date("endDate", period.end, end, support)
    if period.ongoing:
        values.append(PropValue("status", "ongoing", "relations.period.to", support, "present"))
    return FtmEntity(relation_id, schema, tuple(values))
