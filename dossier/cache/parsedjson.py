"""Parsed JSON: what a content file gave when read (see `load.CachedFile`), as the JSON the cache keeps.

A record is kept as its data, then the place of every value and of every field name, in the
order a walk of the data meets them, parents first: the order in which `load` records them
(tests/test_cache_store.py checks that every record comes back the same). The places are
kept as the record keeps them (see `load.places`): no path is stored, and decoding only
counts the values to check that each has its place. Anything that does not decode to what
`encode_parsed` writes raises `Untrusted`.
"""

from __future__ import annotations

import json
from typing import Any

from ..core.diagnostics import Diagnostic, Pos
from ..core.filestamps import Stamp
from ..load.files import CachedFile, RawNote, RawRecord
from ..load.places import count_places


class Untrusted(Exception):
    """The cache cannot be trusted: it is discarded."""


def encode_parsed(found: CachedFile) -> str:
    item = found.item
    body: list[Any] | None
    if isinstance(item, RawRecord):  # places in the order load recorded them: a walk's, parents first
        body = ["record", item.kind, item.id, item.path, item.data,
                item.places.tolist(), item.key_places.tolist()]
    elif isinstance(item, RawNote):
        body = ["note", item.kind, item.id, item.path, item.text]
    else:
        body = None
    diagnostics = [[d.pos.path, d.pos.line, d.pos.column, d.severity, d.message, d.code] for d in found.diagnostics]
    return json.dumps([body, diagnostics], separators=(",", ":"))


def decode_parsed(text: str, rel: str, stamp: Stamp, key: bytes | None = None) -> CachedFile:
    """What `encode_parsed` wrote (for bytes of the digest `key`); Untrusted if it is not that (a
    damaged or foreign entry)."""
    try:
        return _decode_parsed(text, rel, stamp, key)
    except (ValueError, TypeError, KeyError, IndexError, RecursionError, StopIteration, OverflowError) as exc:
        raise Untrusted(f"the entry of {rel} does not decode ({type(exc).__name__})") from None


def _decode_parsed(text: str, rel: str, stamp: Stamp, key: bytes | None) -> CachedFile:
    body, diagnostics = json.loads(text)
    item: RawRecord | RawNote | None
    if body is None:
        item = None
    elif body[0] == "record" and len(body) == 7 and body[3] == rel:
        item = RawRecord(str(body[1]), str(body[2]), rel, body[4])
        _place(item, body[5], body[6])
    elif body[0] == "note" and len(body) == 5 and body[3] == rel and isinstance(body[4], str):
        item = RawNote(str(body[1]), str(body[2]), rel, body[4])
    else:
        raise Untrusted(f"the entry of {rel} is not one dossier writes")
    return CachedFile(stamp, item, [Diagnostic(Pos(str(path), int(line), int(column)), severity, str(message),
                                               str(code))
                                    for path, line, column, severity, message, code in diagnostics], key)


def _place(record: RawRecord, positions: list[int], keys: list[int]) -> None:
    """Give a decoded record its places back, as `encode_parsed` listed them: one for each value
    and field name of its data."""
    if not set(map(type, positions)) | set(map(type, keys)) <= {int}:
        raise ValueError("a place that is not a number")
    if count_places(record.data) != (len(positions), len(keys)):
        raise ValueError("not one place for each value")
    record.places.extend(positions)  # OverflowError for a negative number or one too large
    record.key_places.extend(keys)
