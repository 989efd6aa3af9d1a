"""Parsed JSON: what a content file gave when read (see `load.CachedFile`), as the JSON the cache keeps.

A record is kept as its data, then the place of every value and of every field name, in the
order a walk of the data meets them, parents first: the order in which `load` records them
(tests/test_cache_store.py checks that every record comes back the same). Decoding walks
the data again to rebuild each value's path, so the paths share the field names of the data,
as a freshly parsed record's do: storing the paths themselves would double the memory of
a large dossier's places (a million short strings). Anything that does not decode to what
`encode_parsed` writes raises `Untrusted`.
"""

from __future__ import annotations

import json
from typing import Any

from ..core.diagnostics import Diagnostic, Pos
from ..core.filestamps import Stamp
from ..load.files import CachedFile, RawNote, RawRecord, ValuePath


class Untrusted(Exception):
    """The cache cannot be trusted: it is discarded."""


def encode_parsed(found: CachedFile) -> str:
    item = found.item
    body: list[Any] | None
    if isinstance(item, RawRecord):  # places in the order load recorded them: a walk's, parents first
        body = ["record", item.kind, item.id, item.path, item.data,
                list(item.positions.values()), list(item.key_positions.values())]
    elif isinstance(item, RawNote):
        body = ["note", item.kind, item.id, item.path, item.text]
    else:
        body = None
    diagnostics = [[d.pos.path, d.pos.line, d.pos.column, d.severity, d.message, d.code] for d in found.diagnostics]
    return json.dumps([body, diagnostics], separators=(",", ":"))


def decode_parsed(text: str, rel: str, stamp: Stamp) -> CachedFile:
    """What `encode_parsed` wrote; Untrusted if it is not that (a damaged or foreign entry)."""
    try:
        return _decode_parsed(text, rel, stamp)
    except (ValueError, TypeError, KeyError, IndexError, RecursionError, StopIteration) as exc:
        raise Untrusted(f"the entry of {rel} does not decode ({type(exc).__name__})") from None


def _decode_parsed(text: str, rel: str, stamp: Stamp) -> CachedFile:
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
                                    for path, line, column, severity, message, code in diagnostics])


def _place(record: RawRecord, positions: list[int], keys: list[int]) -> None:
    """Give each value of a decoded record its place back, in the order `encode_parsed` listed them
    (the hottest loop of a cached read: scalars, most values, are handled inline)."""
    if not set(map(type, positions)) | set(map(type, keys)) <= {int}:
        raise ValueError("a place that is not a number")
    places, key_places = record.positions, record.key_positions
    next_place, next_key = iter(positions).__next__, iter(keys).__next__

    def walk(value: Any, path: ValuePath) -> None:
        places[path] = next_place()
        if type(value) is dict:
            for key, item in value.items():
                item_path = path + (key,)
                key_places[item_path] = next_key()
                if type(item) is str or item is None:
                    places[item_path] = next_place()
                else:
                    walk(item, item_path)
        elif type(value) is list:
            for index, item in enumerate(value):
                if type(item) is str or item is None:
                    places[path + (index,)] = next_place()
                else:
                    walk(item, path + (index,))
        elif type(value) is not str and value is not None:
            raise ValueError("a value YAML as dossier reads it cannot give")

    walk(record.data, ())
    if len(places) != len(positions) or len(key_places) != len(keys):
        raise ValueError("more places than values")
