"""Release diff: what changed between two snapshots, record by record and statement by statement.

Part of the link stage. Takes two `Snapshot`s (an older release and a newer one, or the latest
release and the dossier now); gives a `SnapshotDiff`: the records added, removed and renamed,
the statements added, removed and changed (with both sides' words, and the citations that came
or went), and which statement of the older is which of the newer, for the history of each.

A record whose block is the same bytes in both is the same, and is not parsed. A record given a
new id keeps its history when the newer names the old id in its `previous_ids`: the older
snapshot is read with the old id (wherever it is named: the record, a relation's target, a
value, a citation's source) taken for the new one. The statements of a changed record are then
matched group by group (a field; a relation by type and target; an event; a disputed part or an
ending within its relation or event): first those the same in everything, then those stating
the same value, then those citing the same words, then the rest in order; what is left over is
added or removed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..core.history import Cited, FactChange, RecordChange
from .snapshot import RecordLine, Snapshot

Pairs = dict[int, tuple[int, bool]]
"""A newer block's statement (its place in the block) -> the older's it is, and whether it changed."""


@dataclass
class Unit:
    """A statement of a snapshot, read from its line, with the older's ids taken for the newer's."""

    index: int
    id: str
    kind: str
    key: str
    target: str | None
    value: Any
    qualifiers: dict[str, Any]
    cites: tuple[tuple[str, str], ...]
    words: str
    qualified: str
    children: list[Unit] = field(default_factory=list)

    @property
    def group(self) -> tuple[str, str, str | None]:
        return (self.kind, self.key, self.target)

    @property
    def shown(self) -> str:
        """Its words, with its qualifiers in brackets."""
        return f"{self.words} ({self.qualified})" if self.qualified else self.words


@dataclass
class SnapshotDiff:
    """What changed from an older snapshot to a newer."""

    records: list[RecordChange] = field(default_factory=list)
    facts: list[FactChange] = field(default_factory=list)
    same: dict[str, str] = field(default_factory=dict)
    """Newer record id -> older, for the records whose blocks are the same bytes."""
    paired: dict[str, tuple[str, Pairs]] = field(default_factory=dict)
    """Newer record id -> (older id, its statements paired), for the records that changed."""
    names: dict[str, RecordLine] = field(default_factory=dict)
    """The records the changes name, as the newer snapshot (or else the older) has them."""


def renames(old: Snapshot, new: Snapshot) -> dict[str, str]:
    """Older id -> newer, for each record of the newer whose `previous_ids` name a record of the older
    that the newer does not have."""
    found: dict[str, str] = {}
    for record_id in new.blocks:
        if record_id not in old.blocks:
            for previous in new.record(record_id).previous_ids:
                if previous in old.blocks and previous not in new.blocks:
                    found[previous] = record_id
    return found


def diff_snapshots(old: Snapshot, new: Snapshot) -> SnapshotDiff:
    """Every change from `old` to `new`, in the newer's record order, then the records removed."""
    return _Differ(old, new).diff()


class _Differ:
    def __init__(self, old: Snapshot, new: Snapshot):
        self.old, self.new = old, new
        self.moved = renames(old, new)
        self.mapped = _mapper(self.moved)
        self.result = SnapshotDiff()

    def diff(self) -> SnapshotDiff:
        old, new, diff = self.old, self.new, self.result
        back = {new_id: old_id for old_id, new_id in self.moved.items()}
        for record_id, block in new.blocks.items():
            old_id = back.get(record_id, record_id)
            old_block = old.blocks.get(old_id)
            if old_block is None:
                self.added_record(record_id)
            elif old_block == block:
                diff.same[record_id] = old_id
            else:
                self.changed_record(old_id, record_id)
        for old_id in old.blocks:
            if old_id not in new.blocks and old_id not in self.moved:
                self.removed_record(old_id)
        return diff

    def added_record(self, record_id: str) -> None:
        record = self.new.record(record_id)
        self.result.records.append(RecordChange("added", record_id, record.kind, record.name))
        self.name(record_id)
        for unit in parse_block(self.new.blocks[record_id], None):
            self.fact("added", record_id, None, unit)
        self.result.paired[record_id] = ("", {})

    def removed_record(self, old_id: str) -> None:
        record = self.old.record(old_id)
        self.result.records.append(RecordChange("removed", old_id, record.kind, record.name))
        self.name(old_id)
        for unit in parse_block(self.old.blocks[old_id], None):
            self.fact("removed", old_id, unit, None)

    def changed_record(self, old_id: str, record_id: str) -> None:
        before, after = self.old.record(old_id), self.new.record(record_id)
        if old_id != record_id or before.name != after.name:
            self.result.records.append(RecordChange("renamed", record_id, after.kind, after.name,
                                                    old_id if old_id != record_id else "",
                                                    before.name if before.name != after.name else ""))
            self.name(record_id)
        pairs: Pairs = {}
        self.match(parse_block(self.old.blocks[old_id], self.mapped),
                   parse_block(self.new.blocks[record_id], None), record_id, pairs, ())
        self.result.paired[record_id] = (old_id, pairs)

    def match(self, olds: list[Unit], news: list[Unit], record_id: str, pairs: Pairs,
              parent_others: tuple[str, ...]) -> None:
        """Pair the statements of one record (or of one relation's or event's parts), group by group."""
        groups: dict[tuple[str, str, str | None], tuple[list[Unit], list[Unit]]] = {}
        for unit in olds:
            groups.setdefault(unit.group, ([], []))[0].append(unit)
        for unit in news:
            groups.setdefault(unit.group, ([], []))[1].append(unit)
        for old_group, new_group in groups.values():
            for old, new in match_group(old_group, new_group):
                if old is None or new is None:
                    self.fact("added" if old is None else "removed", record_id, old, new, parent_others)
                    continue
                changed = (old.value, old.qualifiers, old.cites) != (new.value, new.qualifiers, new.cites)
                pairs[new.index] = (old.index, changed)
                if changed:
                    self.fact("changed", record_id, old, new, parent_others)
                self.match(old.children, new.children, record_id, pairs,
                           parent_others or _others(record_id, new, ()))

    def fact(self, change: str, record_id: str, old: Unit | None, new: Unit | None,
             parent_others: tuple[str, ...] = ()) -> None:
        unit = new or old
        assert unit is not None
        others = _others(record_id, unit, parent_others)
        self.name(record_id)
        for other in others:
            self.name(other)
        if old is None or new is None:
            found = FactChange(change, record_id, unit.id, old.shown if old else "", new.shown if new else "",
                               others=others)
        else:
            old_cites, new_cites = set(old.cites), set(new.cites)
            qualifiers = old.qualifiers != new.qualifiers
            found = FactChange(change, record_id, new.id, old.shown, new.shown, old.value != new.value,
                               old.qualified if qualifiers else "", new.qualified if qualifiers else "",
                               tuple(self.cited(s, q) for s, q in new.cites if (s, q) not in old_cites),
                               tuple(self.cited(s, q) for s, q in old.cites if (s, q) not in new_cites), others)
        self.result.facts.append(found)

    def cited(self, source: str, quote: str) -> Cited:
        record = self.record(source)
        return Cited(source, record.name if record else source, quote)

    def record(self, record_id: str) -> RecordLine | None:
        """A record as the newer snapshot has it, or else the older."""
        for snapshot in (self.new, self.old):
            if record_id in snapshot.blocks:
                return snapshot.record(record_id)
        return None

    def name(self, record_id: str) -> None:
        if record_id not in self.result.names:
            record = self.record(record_id)
            if record is not None:
                self.result.names[record_id] = record


def match_group(olds: list[Unit], news: list[Unit]) -> list[tuple[Unit | None, Unit | None]]:
    """Pair two lists of statements of one group: the same in everything, then the same value, then
    the same citations, then in order; the rest alone."""
    if len(olds) == 1 and len(news) == 1:
        return [(olds[0], news[0])]
    left, right = list(olds), list(news)
    found: list[tuple[Unit | None, Unit | None]] = []
    tests: list[Callable[[Unit, Unit], bool]] = [
        lambda a, b: (a.value, a.qualifiers, a.cites) == (b.value, b.qualifiers, b.cites),
        lambda a, b: a.value == b.value,
        lambda a, b: bool(a.cites) and a.cites == b.cites,
        lambda a, b: True]
    for same in tests:
        for new in list(right):
            old = next((o for o in left if same(o, new)), None)
            if old is not None:
                found.append((old, new))
                left.remove(old)
                right.remove(new)
    found += [(old, None) for old in left] + [(None, new) for new in right]
    return found


def parse_block(block: bytes, mapped: Callable[[Any], Any] | None) -> list[Unit]:
    """The statements of a block (each relation's and event's parts as its children), ids mapped by
    `mapped` (an older snapshot's, read with a newer's ids)."""
    top: list[Unit] = []
    by_id: dict[str, Unit] = {}
    for index, line in enumerate(block.split(b"\n")[1:]):
        data = json.loads(line)
        value, qualifiers, target = data["value"], data["qualifiers"], data["target"]
        cites = tuple((str(source), str(quote)) for source, quote in data["cites"])
        if mapped is not None:
            value, qualifiers, target = mapped(value), mapped(qualifiers), mapped({"id": target})["id"]
            cites = tuple((mapped({"id": source})["id"], quote) for source, quote in cites)
        unit = Unit(index, str(data["statement"]), str(data["kind"]), str(data["key"]), target, value, qualifiers,
                    cites, str(data["words"]), str(data["qualified"]))
        by_id[unit.id] = unit
        parent = by_id.get(str(data["parent"])) if data["parent"] else None
        (parent.children if parent is not None else top).append(unit)
    return top


def _mapper(moved: Mapping[str, str]) -> Callable[[Any], Any]:
    """Plain JSON with each {"id": old} made {"id": new}, for the renames of `moved`."""
    def mapped(value: Any) -> Any:
        if isinstance(value, dict):
            if len(value) == 1 and "id" in value:
                return {"id": moved.get(value["id"], value["id"])}
            return {k: mapped(v) for k, v in value.items()}
        if isinstance(value, list):
            return [mapped(v) for v in value]
        return value
    return mapped


def _others(record_id: str, unit: Unit, parent_others: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for i in (*parent_others, *_ids(unit.value)) if i != record_id))


def _ids(value: Any) -> list[str]:
    """Every id a plain value names."""
    if isinstance(value, dict):
        if len(value) == 1 and "id" in value:
            return [str(value["id"])]
        return [i for v in value.values() for i in _ids(v)]
    if isinstance(value, list):
        return [i for v in value for i in _ids(v)]
    return []
