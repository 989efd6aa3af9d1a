"""Disagreements: where the facts of one field give different values, part by part.

Takes an `Entity` of the linked `Dossier`; gives a `Disagreement` for each part
(an occurrence's date, place or by; any other field's value) of a single-valued
field on which its facts differ. A fact that leaves a part out does not
disagree on it (a founding in 1996 and a founding in 1996 in Kandahar agree);
two dates differ only at the precision both give (1996 and May 1996 agree);
values that held at different times do not disagree (a strength as of 2016 and
one as of April 2011; periods that do not overlap). A disagreement whose values
all come from one voice (the same sources, the same person quoted) is a source
differing with itself, told apart from sources that differ. `checks` warns of
each, but of those the record says it has reviewed, and of summaries and notes
that state one side of one as plain fact; pages list them all.

The one-sided check is a heuristic. It reads the entity's own summary and note
sentence by sentence, and flags a sentence that names some of the differing
values but not all of them, without an attribution ("according to", "said",
"reported", a source's title or outlet, the name of the one the source
attributes the claim to ...). A value is named when its words appear: a year
as digits (with its month's name for a month date), or a day's date by its day
and month without the year ("last December 11"), a part of a month likewise
("in early March"), a place by its name or an
alias, a text value word for word; for a founding or a birth the sentence must
also speak of one ("founded", "set up", "began" ...; "born"), since a year or a
place is named for many reasons. It misses a value put in other words (a decade
for ten years, "the year after"), a value stated on another record's page, a
founding told without such a word ("the ring dates from 2009"), and a sentence
whose attribution is about something else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import combinations

from ..core.dates import MONTHS, DateValue
from ..core.model import Dossier, Entity, EntityId, Fact, Occurrence
from ..core.names import fold
from ..core.schema import KIND_FIELDS

_PARTS = ("date", "place", "by")
_ATTRIBUTION = re.compile(
    r"(?i)\b(?:according|said|says|say|saying|told|tells|report|reports|reported|claim|claims|claimed|"
    r"estimate|estimates|estimated|allegedly|reportedly|differ|differs|disagree|disagrees|disputed?|"
    r"versions?|sources?|accounts?)\b")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)]*\s+")
_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
"""A note's links (its wikilinks are Markdown links by the time checks run): only their words count."""
_CUES = {"founded": re.compile(r"\b(?:found\w*|set up|formed?|establish\w*|began|begun|created?|started|"
                               r"registered|incorporated)\b"),
         "born": re.compile(r"\b(?:born|birth\w*)\b")}
"""Words a sentence must have to speak of an occurrence field: a year or a place alone is named for many reasons."""


@dataclass(frozen=True)
class Side:
    """One value given for a part, and the facts that give it."""

    value: str
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class Disagreement:
    """The facts of one field differ on one part: each side with the facts giving it, in record order.

    The facts may be any statements with a value, citations and an attribution (a field's facts
    today; a relation's or an event's disputed dates as well): the one-sided check reads them alike.
    """

    field: str
    label: str
    part: str
    """'date', 'place' or 'by' for an occurrence (founded, born); 'value' for any other field."""
    sides: tuple[Side, ...]
    record: EntityId = EntityId("")
    """The record the field is written on (a review there silences the warning)."""

    @property
    def one_source(self) -> bool:
        """Whether every value comes from one voice: the same sources, or the same person or outlet quoted."""
        return len({voice(f) for side in self.sides for f in side.facts}) == 1


def voice(fact: Fact) -> object:
    """Whose a fact is: the one its source attributes it to, else its sources, else the editor."""
    if fact.according_to or fact.according_to_outlet:
        return ("according to", fact.according_to or fact.according_to_outlet)
    return frozenset(c.source for c in fact.cites) or "editorial"


def find_disagreements(dossier: Dossier, entity: Entity) -> list[Disagreement]:
    """The disagreements among the facts of each single-valued field of an entity."""
    found: list[Disagreement] = []
    fields = dict(entity.fields)
    for spec in KIND_FIELDS[entity.kind]:
        facts = fields.get(spec.key, ())
        if spec.many or len(facts) < 2:
            continue
        for part in _PARTS if spec.type == "occurrence" else ("value",):
            given = [(f, _part(f, part)) for f in facts]
            given = [(f, v) for f, v in given if v is not None]
            clashing = {i for pair in combinations(range(len(given)), 2) for i in pair if _clash(given, *pair)}
            if not clashing:
                continue
            sides: dict[str, list[Fact]] = {}
            for fact, value in (given[i] for i in sorted(clashing)):
                sides.setdefault(_reading(dossier, value), []).append(fact)
            found.append(Disagreement(spec.key, spec.label, part, tuple(Side(v, tuple(fs)) for v, fs in sides.items()),
                                      entity.id))
    return found


def _clash(given: list[tuple[Fact, object]], i: int, j: int) -> bool:
    """Two facts give different values for a time at which both could hold."""
    (a, value_a), (b, value_b) = given[i], given[j]
    return _differ(value_a, value_b) and could_hold_together(a, b)


def could_hold_together(a: Fact, b: Fact) -> bool:
    """False only when the times two facts held at (`as_of`, `period`) certainly do not meet: a
    strength as of 2016 and one as of April 2011 are two states, not two accounts of one."""
    when_a, when_b = _when(a), _when(b)
    if when_a is None or when_b is None:
        return True
    (start_a, end_a), (start_b, end_b) = when_a, when_b
    return not ((end_a and start_b and _earlier(end_a, start_b)) or (end_b and start_a and _earlier(end_b, start_a)))


def _when(fact: Fact) -> tuple[DateValue | None, DateValue | None] | None:
    """(from, to) of the time a fact held, either end open; None when it does not say."""
    if fact.as_of is not None:
        return fact.as_of, fact.as_of
    held = fact.held
    if held.start is None and held.end is None:
        return None
    return held.start, None if held.ongoing else held.end


def _earlier(a: DateValue, b: DateValue) -> bool:
    """True only when `a` is certainly before `b` at the precision both give."""
    shared = min(_depth(a), _depth(b))
    return a.sort_key[:shared] < b.sort_key[:shared]


def _part(fact: Fact, part: str) -> object:
    value = fact.value
    if isinstance(value, Occurrence):
        if part == "by" and value.by_ids:
            return " and ".join(value.by_ids)  # ids read as names in `_reading`
        return getattr(value, part)
    return value if part == "value" else None


def _differ(a: object, b: object) -> bool:
    if isinstance(a, DateValue) and isinstance(b, DateValue):
        shared = min(_depth(a), _depth(b))
        return a.sort_key[:shared] != b.sort_key[:shared]
    if isinstance(a, str) and isinstance(b, str):
        return " ".join(a.casefold().split()) != " ".join(b.casefold().split())
    return a != b


def _depth(date: DateValue) -> int:
    return 3 if date.day or date.part else 2 if date.month else 1


def _reading(dossier: Dossier, value: object) -> str:
    if isinstance(value, DateValue):
        return value.text
    text = str(value)
    return " and ".join(dossier.name_of(EntityId(part)) if part in dossier.entities else part
                        for part in text.split(" and "))


def sources_of(dossier: Dossier, fact: Fact) -> str:
    """Whose a fact is, for a message: its sources' ids, with whom they attribute it to, or 'editorial'."""
    names: list[str] = list(dict.fromkeys(c.source for c in fact.cites)) or ["editorial"]
    if fact.according_to or fact.according_to_outlet:
        names.append(f"according to {attributed_to(dossier, fact)}")
    return ", ".join(names)


def attributed_to(dossier: Dossier, fact: Fact) -> str:
    """The name of whom a fact's source attributes it to (a person, a group or an outlet), or ''."""
    if fact.according_to:
        return dossier.name_of(fact.according_to)
    return fact.according_to_outlet or ""


def describe(dossier: Dossier, disagreement: Disagreement) -> str:
    """'2009 (harbour-gazette) against 2008 (island-courier)': each value and its sources."""
    return " against ".join(
        f"{side.value} ({'; '.join(sources_of(dossier, f) for f in side.facts)})" for side in disagreement.sides)


# -- one side stated as plain fact -------------------------------------------------

@dataclass(frozen=True)
class OneSided:
    """A sentence of a summary or note that names some sides of a disagreement but not all, unattributed."""

    where: str
    """'summary' or 'note'."""
    line: int
    """The sentence's line in the note (1-based), or 0 in a summary."""
    sentence: str
    disagreement: Disagreement
    named: tuple[str, ...]


def one_sided(dossier: Dossier, entity: Entity, disagreements: list[Disagreement]) -> list[OneSided]:
    """Sentences of an entity's summary and note that state one side of a disagreement as plain fact.

    The disagreements may be on any statement the entity's texts speak of: its own fields, and a
    relation or an event of its once those can be disputed; each side's facts need only a value
    (a date, an id, words), citations and an attribution.
    """
    if not disagreements:
        return []
    attributions = _attributions(dossier, disagreements)
    texts = [("summary", 0, str(f.value)) for f in entity.summary]
    note = dossier.notes.get(entity.id)
    if note:
        texts.append(("note", 1, note))
    found: list[OneSided] = []
    for where, first_line, text in texts:
        for line, sentence in _sentences(text, first_line):
            plain = fold(_MARKDOWN_LINK.sub(r"\1", sentence))
            if _ATTRIBUTION.search(plain) or any(a in plain for a in attributions):
                continue
            for disagreement in disagreements:
                cue = _CUES.get(disagreement.field)
                if cue and not cue.search(plain):
                    continue
                named = tuple(s.value for s in disagreement.sides
                              if any(_names(dossier, plain, f, disagreement.part) for f in s.facts))
                if named and len(named) < len(disagreement.sides):
                    found.append(OneSided(where, line, sentence.strip(), disagreement, named))
    return found


def _attributions(dossier: Dossier, disagreements: list[Disagreement]) -> set[str]:
    """Names whose mention in a sentence says whose claim it is: sources (title, outlet) and those quoted."""
    names: set[str] = set()
    for disagreement in disagreements:
        for side in disagreement.sides:
            for fact in side.facts:
                for cite in fact.cites:
                    source = dossier.sources[cite.source]
                    names.update(fold(n) for n in (source.title, source.outlet) if n)
                if fact.according_to or fact.according_to_outlet:
                    names.add(fold(attributed_to(dossier, fact)))
    return names


def _sentences(text: str, first_line: int) -> list[tuple[int, str]]:
    """The sentences of a text, each with its line (counted from `first_line`; 0 keeps 0)."""
    found, start = [], 0
    for match in list(_SENTENCE_END.finditer(text)) + [None]:
        end = match.start() if match else len(text)
        chunk = text[start:end]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            found.append((first_line + text.count("\n", 0, start + lead) if first_line else 0, chunk))
        start = match.end() if match else len(text)
    return found


def _names(dossier: Dossier, plain: str, fact: Fact, part: str) -> bool:
    """Whether a folded sentence names the value a fact gives for a part."""
    value = _part(fact, part)
    if isinstance(value, DateValue):
        month = fold(MONTHS[value.month - 1]) if value.month else ""
        if value.year is not None and re.search(rf"\b{value.year}\b", plain):
            return not month or month in plain
        # a date written without its year, as sources do ("last December 11", "in early March"), is
        # named by its day and month, or its part of the month
        if value.day and month:
            return bool(re.search(rf"\b(?:{month}\s+{value.day}|{value.day}\s+{month})\b", plain))
        return bool(value.part and month and re.search(rf"\b{value.part}[-\s]+{month}\b", plain))
    text = str(value)
    if text in dossier.entities:
        entity = dossier.entities[EntityId(text)]
        words = [entity.name] + [str(a.value) for a in entity.aliases]
    else:
        words = [text]
    return any(re.search(rf"(?<!\w){re.escape(fold(w))}(?!\w)", plain) for w in words if w.strip())
