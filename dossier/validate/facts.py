"""Facts: a field's facts, and the support and qualifiers every statement takes, checked at their lines.

`FactChecker` builds on `ValueChecker`: `backing` reads what any statement rests on and how sure it
is (cite or editorial, according_to, estimate, inferred, note, credibility), the same way for a
field's fact, a relation, an event and each alternative of a disputed part; `facts` reads a
field's facts, with when each held (`as_of` or `period`), for an occurrence its date, place
and who, and for a location its latitude, longitude and precision.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, NamedTuple

from ..core import schema
from ..core.dates import DateValue, Period
from ..core.diagnostics import Pos, did_you_mean
from ..core.model import Citation, Coordinates, EntityId, Fact, Grade, Occurrence, Review
from ..load.files import ValuePath
from .values import ID_SHAPED, ValueChecker

_OCCURRENCE_FACT_KEYS = {k: v for k, v in schema.FACT_KEYS.items() if k != "value"} | schema.OCCURRENCE_KEYS
"""The keys of an occurrence fact (founded, born): a fact's, with date, place and by for its value."""
_COORDINATE_FACT_KEYS = {k: v for k, v in schema.FACT_KEYS.items() if k != "value"} | schema.COORDINATE_KEYS
"""The keys of a location: a fact's, with lat, lon and precision for its value."""
_DEGREES = re.compile(r"^-?[0-9]{1,3}(?:\.[0-9]+)?$")
_VALUE_KEYS = {"occurrence": (_OCCURRENCE_FACT_KEYS, ()),
               "coordinates": (_COORDINATE_FACT_KEYS, ("lat", "lon", "precision"))}
"""The keys and required keys of the fact types whose value is in keys of its own, not in `value`."""
_QUALIFIER_KEYS = frozenset({"according_to", "estimate", "inferred", "note", "credibility"})
"""The keys of a statement's qualifiers, which `backing` reads besides its support."""


class Backing(NamedTuple):
    """What a statement rests on (its citations or the editor's reason) and how sure it is."""

    cites: tuple[Citation, ...] = ()
    editorial: str | None = None
    according_to: EntityId | None = None
    estimate: bool = False
    inferred: str | None = None
    note: str | None = None
    credibility: Grade | None = None
    according_to_outlet: str | None = None
    """Instead of `according_to`: the outlet the source attributes it to ("as Caravanserai reported")."""

    @property
    def unchecked(self) -> bool:
        """The editor's own reading: its numbers and dates need not be in its quotes."""
        return bool(self.editorial or self.inferred)


class FactChecker(ValueChecker):
    """Checks the facts of a record's fields, and the support of any statement."""

    def backing(self, path: ValuePath, fields: dict[str, Any], what: str) -> Backing:
        """The support and qualifiers of a statement whose keys are `fields` (already checked as known)."""
        cites, editorial = self.support(path, fields, what)
        if fields.keys().isdisjoint(_QUALIFIER_KEYS):  # most statements: their support and nothing more
            return Backing(cites, editorial, None, False, None, None, None, None)
        according_to, outlet = self.attribution(path + ("according_to",), fields.get("according_to"))
        return Backing(
            cites, editorial, according_to,
            self.flag(path + ("estimate",), fields.get("estimate"), "estimate"),
            self.text(path + ("inferred",), fields.get("inferred"), "inferred"),
            self.text(path + ("note",), fields.get("note"), "note"),
            self.credibility(path + ("credibility",), fields.get("credibility"), cites),
            outlet,
        )

    def reviews(self, path: ValuePath, value: Any) -> tuple[Review, ...]:
        """`reviewed:`, a mapping of a field's name (or a relation's or an event's part) to the editor's
        reason for letting its values differ.

        Whether there is a disagreement to review is for the check stage to say, once it has them all.
        """
        if value is None:
            return ()
        if not isinstance(value, dict):
            self.error(path, "type.mapping", "reviewed must be a mapping of a field's name to your reason, e.g. "
                       "`founded: The two papers ask different witnesses; neither is better placed.`")
            return ()
        found = []
        for key, reason in value.items():
            text = self.text(path + (key,), reason, f"the reason for reviewing '{key}'")
            if text:
                found.append(Review(str(key), text, self.record.key_pos(path + (key,))))
            elif text is not None or reason is None:
                self.error(path + (key,), "field.required",
                           f"reviewed '{key}' needs your reason: why its values stand side by side")
        return tuple(found)

    def check_backed(self, backing: Backing, texts: Iterable[tuple[ValuePath, str | None]],
                     dates: Iterable[tuple[ValuePath, DateValue | None]],
                     amounts: Iterable[tuple[ValuePath, str | None]] = ()) -> None:
        """Warn of numbers, dates and amounts a cited statement states that none of its quotes gives."""
        if not backing.unchecked:
            self.check_support(backing.cites, None, texts, dates, amounts)

    def facts(self, path: ValuePath, value: Any, spec: schema.FieldSpec) -> tuple[Fact, ...]:
        """A field's facts: one mapping, or a list of them (for `many` fields or differing sources)."""
        if value is None:
            return ()
        if spec.many or isinstance(value, list):
            entries = self.items(path, value, f"'{spec.key}'")
        else:
            entries = [(path, value)]
        facts = (self.fact(p, item, spec) for p, item in entries)
        return tuple(f for f in facts if f is not None)

    def fact(self, path: ValuePath, value: Any, spec: schema.FieldSpec) -> Fact | None:
        allowed, required = _VALUE_KEYS.get(spec.type, (schema.FACT_KEYS, ("value",)))
        fields = self.mapping(path, value, allowed, f"'{spec.key}'", required=required)
        if fields is None:
            return None
        backing = self.backing(path, fields, f"'{spec.key}'")
        cites = backing.cites
        parsed: Any
        if spec.type == "occurrence":
            by, by_ids = self.by(path + ("by",), fields.get("by"))
            parsed = Occurrence(
                self.date(path + ("date",), fields.get("date"), self.first_source(cites), "date"),
                self.ref(path + ("place",), fields.get("place"), ("place",), "place") if "place" in fields else None,
                by, by_ids,
            )
        elif spec.type == "coordinates":
            parsed = self.coordinates(path, fields)
        elif spec.type == "ref":
            parsed = self.ref(path + ("value",), fields.get("value"), spec.ref_kinds, f"'{spec.key}'")
        else:
            parsed = self.text(path + ("value",), fields.get("value"), f"'{spec.key}'")
        if parsed is None:
            return None
        as_of, held = self.held(path, fields, self.first_source(cites))
        held_dates = [(path + ("as_of",), as_of), (path + ("period", "from"), held.start),
                      (path + ("period", "to"), held.end)]
        if isinstance(parsed, Occurrence):
            self.check_backed(backing, [(path + ("by",), parsed.by)], [(path + ("date",), parsed.date), *held_dates])
        elif isinstance(parsed, Coordinates):  # a cited location's numbers must be in its quotes
            self.check_backed(backing, [(path + ("lat",), f"{abs(parsed.lat):g}"),
                                        (path + ("lon",), f"{abs(parsed.lon):g}")], held_dates)
        elif spec.type != "ref":
            self.check_backed(backing, [(path + ("value",), parsed)], held_dates)
        return fact_of(parsed, backing, self.pos(path), held, as_of)

    def coordinates(self, path: ValuePath, fields: dict[str, Any]) -> Coordinates | None:
        """A location: latitude and longitude in decimal degrees, in range, and a known precision."""
        lat = self.degrees(path + ("lat",), fields.get("lat"), "lat", 90, "latitude, -90 (south) to 90 (north)")
        lon = self.degrees(path + ("lon",), fields.get("lon"), "lon", 180, "longitude, -180 (west) to 180 (east)")
        precision = self.text(path + ("precision",), fields.get("precision"), "precision")
        if precision is not None and precision not in schema.PRECISIONS:
            self.error(path + ("precision",), "place.precision",
                       f"unknown precision '{precision}'; expected one of: {', '.join(schema.PRECISIONS)}."
                       + did_you_mean(precision.lower(), schema.PRECISIONS))
            precision = None
        if lat is None or lon is None or precision is None:
            return None
        return Coordinates(lat, lon, precision)

    def degrees(self, path: ValuePath, value: Any, key: str, limit: int, expected: str) -> float | None:
        text = self.text(path, value, key)
        if text is None:
            return None
        if not _DEGREES.match(text) or abs(float(text)) > limit:
            self.error(path, "place.coordinates",
                       f"{key} '{text}' must be a {expected}, in decimal degrees such as 31.62 "
                       "(not degrees and minutes)")
            return None
        return float(text)

    def held(self, path: ValuePath, fields: dict[str, Any], source: EntityId | None) -> tuple[DateValue | None, Period]:
        """When a fact held, as the source says: an `as_of` date, or a `period` (not both)."""
        if "as_of" in fields and "period" in fields:
            self.error(path + ("period",), "date.form",
                       "a fact holds either `as_of` a date or for a `period`, not both: keep one")
            return None, Period()
        as_of = self.date(path + ("as_of",), fields.get("as_of"), source, "as_of")
        return as_of, self.period(path + ("period",), fields.get("period"), source)

    def by(self, path: ValuePath, value: Any) -> tuple[str | None, tuple[EntityId, ...]]:
        """Who did it: the ids of people or groups (one, or a list), or the source's words for them.

        A single word shaped like an id (`helene-orru`) must name a record: printed as words it
        would show a file name to readers, so it is an error with a did-you-mean if it names none.
        """
        if isinstance(value, list):
            return None, self.refs(path, value, ("person", "group"), "by")
        text = self.text(path, value, "by")
        if text is None or not ID_SHAPED.match(text):
            return text, ()
        target = self.ref(path, text, ("person", "group"), "by (an id, or the source's words for who)")
        return None, (target,) if target else ()


def fact_of(value: Any, backing: Backing, pos: Pos, held: Period | None = None,
            as_of: DateValue | None = None) -> Fact:
    """A fact: a value with its backing."""
    return Fact(value, backing.cites, backing.editorial, backing.according_to, backing.estimate, backing.note, pos,
                backing.credibility, held or Period(), as_of, according_to_outlet=backing.according_to_outlet,
                inferred=backing.inferred)
