"""Places: the line and column of every value of a record, kept compact until a check asks for one.

A large dossier has about 870,000 values, each with a place, and most of them under a field
name that has its own. Held as a table from each value's path (a tuple) to its place, they
were most of the memory of reading (about 260 MB at 10,000 entities) until every record was
checked. A record keeps them instead as two arrays of packed ints, 8 bytes a place, in the
order of a walk of its data, parents first: the order in which `load` meets them and the
cache stores them. The table from paths to places is made from the data when a place is
first asked for, and let go of once the record is checked (`RawRecord.forget_paths`).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable
from typing import Any

ValuePath = tuple[Any, ...]
Places = array
"""Packed places (see `pack`), typecode 'Q'."""

COLUMN_BITS = 24
"""Files are at most 2 MiB long (load.MAX_FILE_BYTES), so a column fits in 24 bits."""
COLUMN_MASK = (1 << COLUMN_BITS) - 1


def new_places() -> Places:
    return array("Q")


def pack(line: int, column: int) -> int:
    """A 0-based line and column as one int."""
    return (line << COLUMN_BITS) | column


def unpack(packed: int) -> tuple[int, int]:
    """The 1-based line and column of a packed place."""
    return (packed >> COLUMN_BITS) + 1, (packed & COLUMN_MASK) + 1


def walk_paths(data: Any) -> tuple[list[ValuePath], list[ValuePath]]:
    """The path of every value of `data` and of every field name, in the order of the places
    (a walk, parents first; a scalar is a string or None). ValueError for anything else."""
    values: list[ValuePath] = []
    keys: list[ValuePath] = []
    _walk(data, (), values.append, keys.append)
    return values, keys


def value_paths(data: Any) -> list[ValuePath]:
    """The first list of `walk_paths` alone: the paths of the values, which every check asks for
    (a field name's place is asked for only by a few messages, and its table made then)."""
    values: list[ValuePath] = []
    _walk_values(data, (), values.append)
    return values


def _walk(value: Any, path: ValuePath, add_value: Callable[[ValuePath], None],
          add_key: Callable[[ValuePath], None]) -> None:
    """(A function of the module, not a closure: a closure that calls itself is a reference cycle,
    which would keep every path it made alive while the cycle collector is off.)"""
    add_value(path)
    if type(value) is dict:
        for key, item in value.items():
            item_path = path + (key,)
            add_key(item_path)
            if type(item) is str or item is None:
                add_value(item_path)
            else:
                _walk(item, item_path, add_value, add_key)
    elif type(value) is list:
        for index, item in enumerate(value):
            if type(item) is str or item is None:
                add_value(path + (index,))
            else:
                _walk(item, path + (index,), add_value, add_key)
    elif type(value) is not str and value is not None:
        raise ValueError("a value YAML as dossier reads it cannot give")


def _walk_values(value: Any, path: ValuePath, add_value: Callable[[ValuePath], None]) -> None:
    """`_walk` without the field names."""
    add_value(path)
    if type(value) is dict:
        for key, item in value.items():
            if type(item) is str or item is None:
                add_value(path + (key,))
            else:
                _walk_values(item, path + (key,), add_value)
    elif type(value) is list:
        for index, item in enumerate(value):
            if type(item) is str or item is None:
                add_value(path + (index,))
            else:
                _walk_values(item, path + (index,), add_value)
    elif type(value) is not str and value is not None:
        raise ValueError("a value YAML as dossier reads it cannot give")


def count_places(data: Any) -> tuple[int, int]:
    """How many places `walk_paths` gives for `data`, (values, field names), without making the paths."""
    values, keys = 1, 0
    if type(data) is dict:
        keys = len(data)
        for item in data.values():
            found, found_keys = (1, 0) if type(item) is str or item is None else count_places(item)
            values, keys = values + found, keys + found_keys
    elif type(data) is list:
        for item in data:
            found, found_keys = (1, 0) if type(item) is str or item is None else count_places(item)
            values, keys = values + found, keys + found_keys
    elif type(data) is not str and data is not None:
        raise ValueError("a value YAML as dossier reads it cannot give")
    return values, keys
