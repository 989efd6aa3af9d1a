"""FtM types: a FollowTheMoney property value with the statement it comes from, and the entities they make.

`PropValue` is one value of one property; `Support` is what it rests on and how sure it is,
taken from its statement (see `core.statement`): its citations or the editor's reason, whose
claim it is, estimate, inferred with the reasoning, the note, the credibility grade, the
statement's id and whether sources dispute it. The FtM entities (`ftm`) and the statements
table (`statements`) are two views of the values `ftmvalues` makes of these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from ..core.dates import DateValue
from ..core.model import Citation, Fact
from ..core.statement import NO_QUALIFIERS, Statement

PROP_TYPES = {
    "name": "name", "alias": "name", "summary": "text", "notes": "text", "description": "text",
    "classification": "string", "status": "string", "profession": "string", "level": "string", "partOf": "entity",
    "incorporationDate": "date", "birthDate": "date", "birthPlace": "string", "title": "string",
    "fileName": "string", "bodyText": "text", "author": "string", "publisher": "string",
    "publishedAt": "date", "sourceUrl": "url", "date": "date", "location": "address", "involved": "entity",
    "director": "entity", "organization": "entity", "member": "entity", "subject": "entity",
    "object": "entity", "role": "string", "startDate": "date", "endDate": "date", "proof": "entity",
    "successor": "entity", "predecessor": "entity", "payer": "entity", "beneficiary": "entity",
    "amount": "number", "currency": "string", "purpose": "text", "owner": "entity", "asset": "entity",
    "percentage": "string", "employee": "entity", "employer": "entity", "registrationNumber": "identifier",
}
"""The FollowTheMoney type of each property used (the statements table has a column for it)."""


class Support(NamedTuple):
    """What a value rests on: its statement's citations or editorial reason, and its qualifiers.

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
    inferred: str = ""
    """The editor's reasoning, when the statement itself is inferred."""
    statement: str = ""
    """The id of the statement it comes from."""
    disputed: bool = False
    """One of several values its sources give for one part."""
    as_of: str = ""
    """When a field's value held, as the source says: a date it held at (ISO) ..."""
    held_from: str = ""
    """... or the period it held: its start (ISO) ..."""
    held_to: str = ""
    """... and its end (ISO, or 'present')."""


NO_SUPPORT = Support()
"""A record's name and a source's metadata: the record itself, not a claim with a citation."""


def support_of(statement: Statement, disputed: bool = False) -> Support:
    """The support of a statement's values, from the statement."""
    q = statement.qualifiers
    if q is NO_QUALIFIERS and not disputed:  # most values: their citations and statement alone
        return Support(statement.cites, statement=statement.id)
    as_of, held_from, held_to = "", "", ""
    fact = statement.value
    if q.held and isinstance(fact, Fact):
        as_of = _iso(fact.as_of)
        held_from, held_to = _iso(fact.held.start), "present" if fact.held.ongoing else _iso(fact.held.end)
    return Support(statement.cites, q.editorial or None, q.according_to or q.outlet or None, q.estimate, q.note or None,
                   q.credibility.grade if q.credibility else "", q.inferred, statement.id, disputed,
                   as_of, held_from, held_to)


def _iso(date: DateValue | None) -> str:
    return date.iso if date is not None and date.year is not None else ""


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
    _proof: tuple[str, ...] | None = field(default=None, init=False, repr=False, compare=False)
    """`proof`, once asked for: entities.ftm.json and the statements table each ask."""

    def proof(self) -> tuple[str, ...]:
        """The ids of the sources its values cite (their `Document`s), sorted."""
        if self._proof is None:
            object.__setattr__(self, "_proof", self._cited())
        assert self._proof is not None
        return self._proof

    def _cited(self) -> tuple[str, ...]:
        sources: set[str] = set()
        last = None
        for value in self.values:
            support = value.support
            if support is not last:  # a statement's values follow each other, sharing its support
                last = support
                sources.update(cite.source for cite in support.cites)
        return tuple(sorted(sources))

    def properties(self) -> dict[str, list[str]]:
        """Property -> distinct values, as FollowTheMoney holds them; `proof`: the cited sources."""
        props: dict[str, list[str]] = {}
        for value in self.values:
            listed = props.get(value.prop)
            if listed is None:
                props[value.prop] = [value.value]
            elif value.value not in listed:
                listed.append(value.value)
        proof = self.proof()
        if proof:
            props["proof"] = list(proof)
        return dict(sorted(props.items()))


def date_values(prop: str, date: DateValue | None, field: str, support: Support) -> list[PropValue]:
    """A date as an ISO prefix date at its precision, with the source's own wording where it had no year."""
    if date is None or date.year is None:
        return []
    return [PropValue(prop, date.iso, field, support, date.said or "", date)]


def qualifier_note(prop: str, statement: Statement | None, field: str, support: Support) -> list[PropValue]:
    """A statement that is not plain, in words with its qualifiers, grade and time, as a note (`notes` of a
    thing, `description` of a relation): FollowTheMoney has no property for whose claim a value is, how
    sure, or when it held."""
    if statement is None or statement.qualifiers.plain:
        return []
    return [PropValue(prop, statement.qualified_sentence, f"{field}.qualifiers", support)]
