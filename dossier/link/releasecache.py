"""Release cache: what comparing a set of releases found, as plain JSON the build cache keeps.

Part of the link stage. A `Past` is what `history.compare_releases` finds: each release's
changes since the one before it, the first and last release of each statement of the latest
(by record, in the order of its block), and each release's FollowTheMoney operations. It is
kept under a key made from every release file's name and digest (`chain_key`), so a new,
removed or altered release is compared afresh, and read back by `decode_past`, which gives
None for anything it did not write (the comparison is then made again).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..core.history import Changes, Cited, FactChange, RecordChange
from ..load.releases import ReleaseFile

VERSION = 1
"""Goes up when what is kept changes shape or meaning (the cache is also dropped with a new engine)."""

SeenBlocks = dict[str, list[tuple[str, str]]]
"""Record id -> (first release, release since which it is as it is) of each statement of its block, in order."""


@dataclass
class Past:
    changes: dict[str, Changes]
    seen: SeenBlocks
    ops: dict[str, list[tuple[str, str]]]


def chain_key(files: Sequence[ReleaseFile]) -> str:
    """The key of a set of releases: their names and digests, in order."""
    h = hashlib.blake2b(f"history {VERSION}".encode(), digest_size=16)
    for file in files:
        h.update(f"\0{file.name}\0{file.digest}".encode())
    return h.hexdigest()


def encode_past(past: Past, key: str) -> dict[str, Any]:
    return {"key": key,
            "changes": {name: _encode_changes(found) for name, found in past.changes.items()},
            "seen": {record_id: [list(pair) for pair in pairs] for record_id, pairs in past.seen.items()},
            "ops": {name: [list(op) for op in ops] for name, ops in past.ops.items()}}


def decode_past(data: dict[str, Any], key: str) -> Past | None:
    """What `encode_past` kept under `key`, or None (another key, or not what it writes)."""
    if data.get("key") != key:
        return None
    try:
        return Past({str(name): _decode_changes(found) for name, found in data["changes"].items()},
                    {str(record_id): [(_s(first), _s(changed)) for first, changed in pairs]
                     for record_id, pairs in data["seen"].items()},
                    {str(name): [(_s(op), _s(entity_id)) for op, entity_id in ops]
                     for name, ops in data["ops"].items()})
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def _encode_changes(found: Changes) -> dict[str, Any]:
    return {"release": found.release, "since": found.since, "first": found.first,
            "records": [[r.change, r.record, r.kind, r.name, r.previous_id, r.previous_name] for r in found.records],
            "facts": [[f.change, f.record, f.statement, f.before, f.after, f.value_changed, f.qualifiers_before,
                       f.qualifiers_after, [_cited(c) for c in f.cites_added], [_cited(c) for c in f.cites_removed],
                       list(f.others)] for f in found.facts],
            "names": [list(name) for name in found.names]}


def _cited(cited: Cited) -> list[str]:
    return [cited.source, cited.title, cited.quote]


def _decode_changes(data: dict[str, Any]) -> Changes:
    records = tuple(RecordChange(*(_s(v) for v in row)) for row in data["records"] if len(row) == 6)
    facts = tuple(FactChange(_s(change), _s(record), _s(statement), _s(before), _s(after), _b(value_changed),
                             _s(qb), _s(qa), tuple(Cited(*map(_s, c)) for c in added),
                             tuple(Cited(*map(_s, c)) for c in removed), tuple(map(_s, others)))
                  for change, record, statement, before, after, value_changed, qb, qa, added, removed, others
                  in data["facts"])
    names = tuple((_s(i), _s(k), _s(n)) for i, k, n in data["names"])
    first = data["first"]
    if not isinstance(first, int) or isinstance(first, bool) or len(records) != len(data["records"]):
        raise ValueError("not what encode_past writes")
    return Changes(_s(data["release"]), _s(data["since"]), records, facts, names, first)


def _s(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("expected text")
    return value


def _b(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError("expected true or false")
    return value
