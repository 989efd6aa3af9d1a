"""Wording: the words of a statement, from each side, as every output gives them.

Takes a relation, a fact or an event with the names of the records it names; gives plain
text: a relation as its subject's page says it ('leader of Islamic Movement of Uzbekistan as
emir (the fourth), from 2012') and as its target's page says it ('led by Usman Ghazi as emir
(the fourth), from 2012'), a field's fact ('born 1970, in Tashkent'), an event ('11 December
2015: ...'), a disputed part ('the amount: EUR 2,500,000') and how a relation ends. A role
follows the name of the one whose role it is, or names them both where the type says nothing
of who does what (`related-to`, and the other types that read the same from both sides), so
no page reads inverted. Dates are worded as readers read them ('c. 2000'), their certainty among
the statement's qualifiers; the drawings' shorter forms are made from the same dates (`when`,
with the drawings' month names).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from ..core.dates import MONTHS, DateValue, Period
from ..core.model import Ending, EntityId, Event, Fact, Occurrence, Relation
from ..core.schema import RELATION_TYPES, FieldSpec
from ..core.statement import part_words

NameOf = Callable[[EntityId], str]


def date_words(date: DateValue, months: list[str] = MONTHS, marks: bool = False) -> str:
    """A date as readers read it: '11 December 2015', 'c. 2000'; with `marks`, a drawing's 'c. 2000?' (an
    inferred date). Whether a date is inferred is one of its statement's qualifiers, said beside it."""
    text = date.wording(months)
    return f"{text}?" if marks and date.inferred else text


def period_words(period: Period, months: list[str] = MONTHS, marks: bool = False) -> str:
    start = date_words(period.start, months, marks) if period.start and period.start.year else ""
    end = "present" if period.ongoing else (date_words(period.end, months, marks)
                                            if period.end and period.end.year else "")
    if start and end:
        return f"{start} – {end}"
    if start:
        return f"from {start}"
    return f"until {end}" if end else ""


def amount_words(amount: str, currency: str | None) -> str:
    """'EUR 2,500,000': the code, then the number grouped in thousands."""
    whole, _, decimals = amount.partition(".")
    number = f"{int(whole):,}" + (f".{decimals}" if decimals else "")
    return f"{currency} {number}" if currency else number


def share_words(share: str) -> str:
    return f"{Decimal(share).normalize():f}%"


def when(relation: Relation, months: list[str] = MONTHS, marks: bool = False, ending: bool = True) -> str:
    """When a relation held, disputed dates given as their alternatives: 'from 2012', '11 December 2015',
    'as of c. 2000', '11 December 2015 or early November 2015'. With `ending` false, how it is known to end
    (`ended`: a statement of its own, worded by `ending_words`) is left out: 'from 2012', not 'from 2012;
    unknown since 11 December 2015'."""
    if not (relation.disputed or relation.ended):  # the usual relation: its own dates, worded as they are
        if relation.on:
            return date_words(relation.on, months, marks)
        if relation.as_of:
            return f"as of {date_words(relation.as_of, months, marks)}"
        return period_words(relation.period, months, marks)

    def one(part: str, date: DateValue | None) -> str:
        alternatives = relation.alternatives(part)
        if alternatives:
            return " or ".join(date_words(f.value, months, marks) for f in alternatives)
        return date_words(date, months, marks) if date and date.year else ""

    if relation.on or relation.alternatives("on"):
        text = one("on", relation.on)
    elif relation.as_of or relation.alternatives("as_of"):
        text = f"as of {one('as_of', relation.as_of)}"
    else:
        period = relation.period
        start = one("from", period.start)
        end = "present" if period.ongoing else "" if relation.ended and not ending else one("to", period.end)
        text = f"{start} – {end}" if start and end else f"from {start}" if start else f"until {end}" if end else ""
    unknown = relation.unknown_since if ending else None
    if unknown:
        text = f"{text}; unknown since {date_words(unknown, months, marks)}" if text else \
            f"unknown since {date_words(unknown, months, marks)}"
    return text


def label(relation: Relation, inverse: bool) -> str:
    """The type's words from one side: 'leader of' on the subject's page, 'led by' on the target's."""
    rtype = RELATION_TYPES[relation.type]
    return rtype.inverse if inverse else rtype.forward


def names_roles(relation: Relation) -> bool:
    """Whether a page names whose role is whose: where the type reads the same from both sides, or both
    sides have a role, 'as X' after the other's name would read as the other's role."""
    return bool(relation.target_role) or (bool(relation.role) and RELATION_TYPES[relation.type].symmetric)


def role_words(relation: Relation, name_of: NameOf) -> str:
    """The roles, as they follow the other's name: ' as emir (the fourth)' (the subject's, after the subject's
    name on the target's page; after the target's name on the subject's page, where the type makes it
    the subject's), or both named: ' (Ana Pell as defendant; the Office as prosecutor)'."""
    rtype = RELATION_TYPES[relation.type]
    if names_roles(relation):
        named = []
        if relation.role:
            named.append(f"{name_of(relation.subject)} {rtype.role_word} {relation.role}")
        if relation.target_role:
            named.append(f"{name_of(relation.target)} as {relation.target_role}")
        return f" ({'; '.join(named)})"
    return f" {rtype.role_word} {relation.role}" if relation.role else ""


def sums_words(relation: Relation) -> str:
    """', EUR 2,500,000' or ', a 75% share', alternatives given as such."""
    parts = []
    amounts = relation.alternatives("amount")
    if amounts:
        parts.append(" or ".join(amount_words(str(f.value), relation.currency) for f in amounts))
    elif relation.amount:
        parts.append(amount_words(relation.amount, relation.currency))
    shares = relation.alternatives("share")
    if shares:
        parts.append("a share of " + " or ".join(share_words(str(f.value)) for f in shares))
    elif relation.share:
        parts.append(f"a {share_words(relation.share)} share")
    return "".join(f", {part}" for part in parts)


def relation_words(relation: Relation, inverse: bool, other: EntityId, name_of: NameOf) -> str:
    """A relation as one side's page says it, without that side's name."""
    return _side_words(relation, inverse, other, name_of, role_words(relation, name_of) + sums_words(relation),
                       when(relation))


def both_sides_words(relation: Relation, name_of: NameOf) -> tuple[str, str]:
    """`relation_words` from the subject's side and from the target's, the roles, sums and dates
    (which read the same from both sides) worded once."""
    roles_and_sums, dates = role_words(relation, name_of) + sums_words(relation), when(relation)
    return (_side_words(relation, False, relation.target, name_of, roles_and_sums, dates),
            _side_words(relation, True, relation.subject, name_of, roles_and_sums, dates))


def _side_words(relation: Relation, inverse: bool, other: EntityId, name_of: NameOf, roles_and_sums: str,
                dates: str) -> str:
    text = f"{label(relation, inverse)} {name_of(other)}" + roles_and_sums
    return f"{text}, {dates}" if dates else text


def fact_words(spec: FieldSpec | None, fact: Fact, name_of: NameOf) -> str:
    """A field's fact: 'born 1970, in Tashkent', 'strength: about 60 members (as of 2016)'."""
    value = fact.value
    label_text = spec.label.lower() if spec else "summary"
    if isinstance(value, Occurrence):
        parts = [date_words(value.date)] if value.date and value.date.year else []
        if value.place:
            parts.append(f"in {name_of(value.place)}")
        if value.by:
            parts.append(f"by {value.by}")
        if value.by_ids:
            parts.append("by " + " and ".join(name_of(i) for i in value.by_ids))
        text = f"{label_text} {', '.join(parts)}" if parts else label_text
    elif spec is not None and spec.type == "ref":
        text = f"{label_text}: {name_of(EntityId(str(value)))}"
    else:
        text = f"{label_text}: {value}"
    if fact.as_of:
        text += f" (as of {date_words(fact.as_of)})"
    held = period_words(fact.held)
    return f"{text} ({held})" if held else text


def event_words(event: Event, name_of: NameOf) -> str:
    """'11 December 2015: The Afghan Taliban ... decimate it in battle'; a disputed date or place given as its
    alternatives ('11 December 2015 or early November 2015: ...; in Zabul Province or Kandahar')."""
    dates = event.alternatives("date")
    date = " or ".join(date_words(f.value) for f in dates) if dates else date_words(event.date)
    places = event.alternatives("place")
    place = "; in " + " or ".join(name_of(EntityId(str(f.value))) for f in places) if places else ""
    return f"{date}: {event.title}{place}"


def part_value_words(part: str, value: object, relation: Relation | None, name_of: NameOf) -> str:
    """One alternative of a disputed part: 'EUR 2,500,000', '11 December 2015', 'Harlow Consulting'."""
    if isinstance(value, DateValue):
        return date_words(value)
    if part == "amount":
        return amount_words(str(value), relation.currency if relation else None)
    if part == "share":
        return share_words(str(value))
    return name_of(EntityId(str(value)))


def part_words_of(part: str, value: object, relation: Relation | None, name_of: NameOf) -> str:
    """'the amount: EUR 2,500,000'."""
    return f"{part_words(part)}: {part_value_words(part, value, relation, name_of)}"


def ending_words(ending: Ending, months: list[str] = MONTHS, marks: bool = False) -> str:
    """How a relation is known to end: 'ended c. 14 June 2016', 'unknown since 11 December 2015'."""
    return f"{'unknown since' if ending.unknown else 'ended'} {date_words(ending.date, months, marks)}"
