"""Relations: a record's typed links to others, and the parts of a relation or an event sources dispute.

`RelationChecker` reads each relation of a record: its type (with a did-you-mean by meaning),
its target, when it held (`on`, `period` or `as_of`, exactly one), how it is known to end
(`ended`), its role from each side, a sum (`amount` and `currency`) or a `share` where its type
takes one, and the support and qualifiers of any statement. A relation's target, dates,
amount and share may each be a list of alternatives, each with its own citations, where
sources disagree (`disputable`); an event's date and place likewise (see `records`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..core import schema
from ..core.currencies import CODES
from ..core.dates import DateValue, Period
from ..core.diagnostics import did_you_mean
from ..core.kinds import ENTITY_KINDS
from ..core.model import Disputed, Ending, EntityId, Fact, Relation
from ..load.files import ValuePath
from .facts import Backing, FactChecker, fact_of
from .vocabulary import suggest_relation_type

_NUMBER = re.compile(r"^[0-9]+(?:\.[0-9]+)?$")
_VALUE_KEYS = schema.ALTERNATIVE_KEYS
_WHEN = ("on", "period", "as_of")
Reader = Callable[[ValuePath, Any, Backing | None], Any]
"""Reads one value of a part at a path: alone (no backing of its own), or as an alternative with its backing."""


class RelationChecker(FactChecker):
    """Checks the relations of a record, and the disputable parts of relations and events."""

    # -- parts sources may dispute ----------------------------------------------
    def disputable(self, path: ValuePath, value: Any, what: str, read: Reader,
                   keys: dict[str, str]) -> tuple[Any, tuple[Fact, ...]]:
        """A part given once, or as a list of alternatives, each with its own support: (the value, or the
        first alternative's; the alternatives, or ())."""
        if not isinstance(value, list):
            return read(path, value, None), ()
        alternatives = []
        for item_path, item in self.items(path, value, what):
            fields = self.mapping(item_path, item, keys | schema.SUPPORT_KEYS, f"an alternative {what}",
                                  required=("value",) if keys is _VALUE_KEYS else ())
            if fields is None:
                continue
            backing = self.backing(item_path, fields, f"an alternative {what}")
            own = {k: v for k, v in fields.items() if k in keys}
            parsed = read(item_path, own["value"] if keys is _VALUE_KEYS else own, backing)
            if parsed is not None:
                alternatives.append(fact_of(parsed, backing, self.pos(item_path)))
        if len(value) < 2:
            self.error(path, "dispute.single", f"{what} is a list of one alternative: a list is for values that "
                       "sources dispute, two or more, each cited; give a single value as it is")
        if not alternatives:
            return None, ()
        if len(alternatives) < 2:  # reported above, or an alternative was refused: nothing is disputed
            return alternatives[0].value, ()
        return alternatives[0].value, tuple(alternatives)

    def disputable_date(self, path: ValuePath, value: Any, source: EntityId | None,
                        what: str) -> tuple[DateValue | None, tuple[Fact, ...]]:
        if value is None:  # a part not given (most of them): nothing to read
            return None, ()

        def read(at: ValuePath, given: Any, backing: Backing | None) -> DateValue | None:
            if backing is None:
                return self.date(at, given, source, what)
            date = self.date(at, given, self.first_source(backing.cites) or source, what)
            self.check_backed(backing, [], [(at, date)])
            return date
        return self.disputable(path, value, what, read, schema.DATE_KEYS)

    def disputable_ref(self, path: ValuePath, value: Any, kinds: tuple[str, ...],
                       what: str) -> tuple[EntityId | None, tuple[Fact, ...]]:
        if value is None:
            return None, ()

        def read(at: ValuePath, given: Any, backing: Backing | None) -> EntityId | None:
            return self.ref(at + (("value",) if backing else ()), given, kinds, what)
        return self.disputable(path, value, what, read, _VALUE_KEYS)

    def disputable_number(self, path: ValuePath, value: Any, what: str, amount: bool) -> tuple[str | None,
                                                                                                tuple[Fact, ...]]:
        """An amount (a sum of money) or a share in percent, alone or as alternatives."""
        if value is None:
            return None, ()

        def read(at: ValuePath, given: Any, backing: Backing | None) -> str | None:
            number = self.number(at + (("value",) if backing else ()), given, what, amount)
            if backing and number:
                self.check_backed(backing, [] if amount else [(at, number)], [], [(at, number)] if amount else [])
            return number
        return self.disputable(path, value, what, read, _VALUE_KEYS)

    def number(self, path: ValuePath, value: Any, what: str, amount: bool) -> str | None:
        text = self.text(path, value, what)
        if text is None:
            return None
        if not _NUMBER.match(text):
            example = "2500000 for 2.5 million, without separators" if amount else "75 for 75%"
            self.error(path, "relation.number", f"{what} '{text}' must be a number, such as {example}")
            return None
        if not amount and not 0 < float(text) <= 100:
            self.error(path, "relation.number", f"{what} '{text}' must be a percentage, more than 0 and at most 100")
            return None
        return text

    # -- relations ----------------------------------------------------------------
    def relations(self, subject: EntityId, value: Any) -> tuple[Relation, ...]:
        found: list[Relation] = []
        for path, item in self.items(("relations",), value, "relations"):
            relation = self.relation(subject, path, item)
            if relation is not None:
                found.append(relation)
        return tuple(found)

    def relation(self, subject: EntityId, path: ValuePath, item: Any) -> Relation | None:
        fields = self.mapping(path, item, schema.RELATION_KEYS, "a relation", required=("type", "target"))
        if not fields:
            return None
        kind = self.text(path + ("type",), fields.get("type"), "type")
        rtype = schema.RELATION_TYPES.get(kind or "")
        if kind and rtype is None:
            self.error(path + ("type",), "relation.unknown-type",
                       f"unknown relation type '{kind}'; expected one of: {', '.join(schema.RELATION_TYPES)}."
                       + suggest_relation_type(kind))
        kinds = rtype.target_kinds if rtype else ENTITY_KINDS
        target, targets = self.disputable_ref(path + ("target",), fields.get("target"), kinds, "relation target")
        if rtype and self.record.kind not in rtype.subject_kinds:
            self.error(path + ("type",), "relation.wrong-kind",
                       f"a {self.record.kind} cannot be '{kind}'; that relation starts from a "
                       f"{' or '.join(rtype.subject_kinds)}")
        if subject in ((target,) + tuple(f.value for f in targets)):
            self.error(path + ("target",), "relation.self", f"relation '{kind}' points at its own record")
            return None
        backing = self.backing(path, fields, "relation")
        source = self.first_source(backing.cites)
        disputed: list[tuple[str, tuple[Fact, ...]]] = [("target", targets)]
        on, period, as_of = self.when(path, fields, source, disputed)
        ended = self.ending(path, fields, period, on, source)
        if ended and not ended.value.unknown:
            period = Period(period.start, ended.value.date)
        amount, currency, share = self.sums(path, fields, rtype, disputed)
        role = self.text(path + ("role",), fields.get("role"), "role")
        target_role = self.text(path + ("target_role",), fields.get("target_role"), "target_role")
        plain = {part for part, alternatives in disputed if not alternatives}
        self.check_backed(backing, [(path + ("role",), role), (path + ("target_role",), target_role),
                                    (path + ("share",), share if "share" in plain else None)],
                          [(path + ("period", "from"), period.start if "from" in plain else None),
                           (path + ("period", "to"), period.end if "to" in plain and not ended else None),
                           (path + ("on",), on if "on" in plain else None),
                           (path + ("as_of",), as_of if "as_of" in plain else None)],
                          [(path + ("amount",), amount if "amount" in plain else None)])
        if not (rtype and target):
            return None
        return Relation(subject, rtype.name, target, role, period, backing.cites, backing.editorial, self.pos(path),
                        backing.credibility, on, backing.according_to, backing.estimate, backing.inferred,
                        backing.note, as_of, target_role, amount, currency, share, ended,
                        _only_disputed(disputed), backing.according_to_outlet,
                        self.reviews(path + ("reviewed",), fields.get("reviewed")))

    def when(self, path: ValuePath, fields: dict[str, Any], source: EntityId | None,
             disputed: list[tuple[str, tuple[Fact, ...]]]) -> tuple[DateValue | None, Period, DateValue | None]:
        """A relation's `on`, `period` or `as_of`: a relation has one of them, or none."""
        given = [key for key in _WHEN if fields.get(key) is not None]
        if len(given) > 1:
            self.error_at_key(path + ("on" if "on" in given else given[-1],), "relation.on-and-period",
                              "a relation has `on:` (the one date of a single act, such as an attack or a split), "
                              "`period:` (from, to: a state that lasts, such as a membership) or `as_of:` (a date "
                              f"it held at), not both: this one has {' and '.join(f'`{g}:`' for g in given)}; "
                              "keep the one that fits")
            return None, Period(), None
        on, alternatives = self.disputable_date(path + ("on",), fields.get("on"), source, "date")
        disputed.append(("on", alternatives))
        as_of, alternatives = self.disputable_date(path + ("as_of",), fields.get("as_of"), source, "as_of")
        disputed.append(("as_of", alternatives))
        return on, self.relation_period(path + ("period",), fields.get("period"), source, disputed), as_of

    def relation_period(self, path: ValuePath, value: Any, source: EntityId | None,
                        disputed: list[tuple[str, tuple[Fact, ...]]]) -> Period:
        if value is None:
            return Period()
        fields = self.mapping(path, value, {"from": "start date", "to": "end date or 'present'"}, "period")
        if not fields:
            return Period()
        start, alternatives = self.disputable_date(path + ("from",), fields.get("from"), source, "period start")
        disputed.append(("from", alternatives))
        if fields.get("to") == "present":
            return Period(start, None, True)
        end, alternatives = self.disputable_date(path + ("to",), fields.get("to"), source, "period end")
        disputed.append(("to", alternatives))
        return Period(start, end)

    def ending(self, path: ValuePath, fields: dict[str, Any], period: Period, on: DateValue | None,
               source: EntityId | None) -> Fact | None:
        """How a relation is known to end, with its own support: `{on: DATE}` or `{unknown_since: DATE}`."""
        value = fields.get("ended")
        if value is None:
            return None
        path = path + ("ended",)
        given = self.mapping(path, value, schema.ENDING_KEYS | schema.SUPPORT_KEYS, "ended")
        if given is None:
            return None
        keys = [key for key in schema.ENDING_KEYS if given.get(key) is not None]
        if len(keys) != 1:
            self.error(path, "relation.ended", "`ended` needs exactly one of `on:` (the date it ended) and "
                       "`unknown_since:` (the date since which its state is unknown)")
            return None
        if on or period.end or period.ongoing:
            self.error_at_key(path, "relation.ended",
                              "a relation with `ended` gives its end there: remove "
                              + ("`on:` (a single act does not end)" if on else
                                 "`to: present`" if period.ongoing else "the period's `to:`"))
            return None
        backing = self.backing(path, given, "the end of a relation")
        key = keys[0]
        date = self.date(path + (key,), given[key], self.first_source(backing.cites) or source, "the end's date")
        if date is None:
            return None
        self.check_backed(backing, [], [(path + (key,), date)])
        return fact_of(Ending(date, key == "unknown_since"), backing, self.pos(path))

    def sums(self, path: ValuePath, fields: dict[str, Any], rtype: schema.RelationType | None,
             disputed: list[tuple[str, tuple[Fact, ...]]]) -> tuple[str | None, str | None, str | None]:
        """A relation's `amount` with its `currency`, and its `share`, where its type takes them."""
        takes = rtype.takes if rtype else ("amount", "share")
        for part in ("amount", "share"):
            if fields.get(part) is not None and part not in takes:
                users = [t.name for t in schema.RELATION_TYPES.values() if part in t.takes]
                self.error_at_key(path + (part,), "relation.part",
                                  f"a '{rtype.name if rtype else ''}' relation has no {part}: {part} is for "
                                  f"{', '.join(users)}")
        amount, alternatives = self.disputable_number(path + ("amount",), fields.get("amount"), "amount", True)
        disputed.append(("amount", alternatives))
        share, alternatives = self.disputable_number(path + ("share",), fields.get("share"), "share", False)
        disputed.append(("share", alternatives))
        currency = self.text(path + ("currency",), fields.get("currency"), "currency")
        if currency and currency not in CODES:
            self.error(path + ("currency",), "relation.currency",
                       f"currency '{currency}' is not an ISO 4217 code (EUR, USD, GBP ...)."
                       + did_you_mean(currency.upper(), CODES))
            currency = None
        elif fields.get("amount") is not None and not currency and "currency" not in fields:
            self.error_at_key(path + ("amount",), "relation.currency",
                              "an amount needs its `currency:`, an ISO 4217 code (EUR, USD, GBP ...)")
        elif currency and fields.get("amount") is None:
            self.error_at_key(path + ("currency",), "relation.currency", "a currency needs the `amount:` it is of")
        return amount, currency, share


def _only_disputed(parts: list[tuple[str, tuple[Fact, ...]]]) -> Disputed:
    return tuple((part, alternatives) for part, alternatives in parts if alternatives)
