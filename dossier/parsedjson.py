"""Parsed JSON: what a content file gave when read (see `load.CachedFile`), as the JSON the cache keeps.

A record is kept as its data, then the place of every value and of every field name, in the
order a walk of the data meets them (the order in which `load` recorded them). Decoding walks
the data again to rebuild each value's path, so the paths share the field names of the data,
as a freshly parsed record's do: storing the paths themselves would double the memory of
a large dossier's places (a million short strings). Anything that does not decode to what
`encode_parsed` writes raises `Untrusted`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from .diagnostics import Diagnostic, Pos
from .filestamps import Stamp
from .load import CachedFile, RawNote, RawRecord, ValuePath


class Untrusted(Exception):
    """The cache cannot be trusted: it is discarded."""


def encode_parsed(found: CachedFile) -> str:
    item = found.item
    body: list[Any] | None
    if isinstance(item, RawRecord):
        paths = list(_value_paths(item.data))
        keys = [path for path in paths if path and isinstance(path[-1], str)]
        if len(paths) != len(item.positions) or len(keys) != len(item.key_positions):
            raise ValueError(f"{item.path}: places do not match the data")  # a programming error
        body = ["record", item.kind, item.id, item.path, item.data,
                [item.positions[path] for path in paths], [item.key_positions[path] for path in keys]]
    elif isinstance(item, RawNote):
        body = ["note", item.kind, item.id, item.path, item.text]
    else:
        body = None
    diagnostics = [[d.pos.path, d.pos.line, d.pos.column, d.severity, d.message, d.code] for d in found.diagnostics]
    return json.dumps([body, diagnostics], separators=(",", ":"))


def _value_paths(value: Any, path: ValuePath = ()) -> Iterator[ValuePath]:
    """The path of a value and of every value in it, parents first, in order."""
    yield path
    if type(value) is dict:
        for key, item in value.items():
            yield from _value_paths(item, path + (key,))
    elif type(value) is list:
        for index, item in enumerate(value):
            yield from _value_paths(item, path + (index,))


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
        _Places(item, body[5], body[6])
    elif body[0] == "note" and len(body) == 5 and body[3] == rel and isinstance(body[4], str):
        item = RawNote(str(body[1]), str(body[2]), rel, body[4])
    else:
        raise Untrusted(f"the entry of {rel} is not one dossier writes")
    return CachedFile(stamp, item, [Diagnostic(Pos(str(path), int(line), int(column)), severity, str(message),
                                               str(code))
                                    for path, line, column, severity, message, code in diagnostics])


class _Places:
    """Gives each value of a decoded record its place back, in the order `encode_parsed` listed them."""

    def __init__(self, record: RawRecord, positions: list[int], keys: list[int]):
        if not {type(p) for p in positions} | {type(k) for k in keys} <= {int}:
            raise ValueError("a place that is not a number")
        self.record = record
        self.positions = iter(positions)
        self.keys = iter(keys)
        self.walk(record.data, ())
        if next(self.positions, None) is not None or next(self.keys, None) is not None:
            raise ValueError("more places than values")

    def walk(self, value: Any, path: ValuePath) -> None:
        positions, keys = self.record.positions, self.record.key_positions
        positions[path] = next(self.positions)
        if type(value) is dict:
            for key, item in value.items():
                item_path = path + (key,)
                keys[item_path] = next(self.keys)
                if type(item) is str or item is None:
                    positions[item_path] = next(self.positions)
                else:
                    self.walk(item, item_path)
        elif type(value) is list:
            for index, item in enumerate(value):
                self.walk(item, path + (index,))
        elif type(value) is not str and value is not None:
            raise ValueError("a value YAML as dossier reads it cannot give")
