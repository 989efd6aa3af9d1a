"""Value digests: the digest of a value of the linked model, a function of its content alone.

`pagereads` compares what a page read by these digests, between runs and processes, so a digest
must be the same for values equal in content however their parts are shared or were made (read
from YAML, from the cache's JSON, or unpickled with a kept model), in every process whatever
its hash seed, and must move with any part of the value however deep. A value that cannot be
written faithfully gets a digest never given twice (the page is drawn again).
"""

from __future__ import annotations

import dataclasses
import hashlib
import marshal
import operator
import os
import pickle
from collections.abc import Callable
from itertools import repeat
from typing import Any

from ..core.reads import RecordedMapping


class ValueDigests:
    """The digest of a model value: the digest of its content as `marshal` writes it, never
    stored and never loaded.

    The model is frozen, slotted dataclasses, tuples, mappings, strings and numbers. A value is
    first made plain: each dataclass becomes a tuple of `...`, its class's name and its fields,
    a recorded collection one of `...`, "mapping" and its items (`...` is never content: no
    record, note or setting can hold it), any other type that marshal does not write one of
    `...`, "pickle" and pickle's bytes. Then marshal (version 2: no references between objects,
    no mark of interned strings; only exact types) writes it, so the bytes are the value's
    alone, the same in every process. A value that cannot be written so fails closed.

    The link stage shares parts of the model between collections (`SHARED`): a citation is in
    its fact, its statement and its page's marks; a statement in the statements and in both
    sides' links; a relation in its record and its links; an event in the events and in each
    timeline. Each such object is digested once a run, and a value holding it holds its digest
    (16 bytes) in its place: still a function of the value's content alone (a Merkle tree),
    whichever parts are shared. Shared objects are known by identity, and held while their
    digests are known, so an id is never another object's meanwhile.

    Making a value plain looks only at the fields of each class that were seen to hold more
    than a string or a number (`_Plain`): marshal refuses anything else left in place, and then
    the value is made plain again looking at every field. Either way the plain value is the same.
    """

    def __init__(self) -> None:
        self._known: dict[int, bytes] = {}
        self._held: list[object] = []
        self._fields: dict[type, list[int]] = {}
        """A dataclass -> the indices of its fields seen holding more than a string or number."""
        self._quick = _Plain(self, quick=True)
        """The quick way (a type -> how its values are made plain): a class's, dropped when one of its
        fields is first seen holding more than a string or a number."""
        self._every_field = _Plain(self, quick=False)

    def of(self, value: object, head: bytes = b"") -> bytes:
        """The digest of `head` (bytes that end where they end, such as marshal's) and the value."""
        for plain in (self._quick.plain, self._every_field.plain):
            try:
                return _digest(plain(value), head)
            except ValueError:  # marshal met what the quick way left in place: look at every field
                continue
            except (TypeError, AttributeError, RecursionError, pickle.PicklingError):
                break
        return os.urandom(16)  # never the same twice


def _digest(plain: Any, head: bytes = b"") -> bytes:
    if head:
        h = hashlib.blake2b(head, digest_size=16)
        h.update(marshal.dumps(plain, MARSHAL_VERSION))
        return h.digest()
    return hashlib.blake2b(marshal.dumps(plain, MARSHAL_VERSION), digest_size=16).digest()


class _Plain(dict):  # type: ignore[type-arg]
    """A type -> how its values are made plain (see `ValueDigests`), found once per type.

    `quick`: a dataclass's fields that never held more than strings and numbers (`_fields`) are
    left as they are, and a tuple of objects of one such class is made plain in one step."""

    def __init__(self, digests: ValueDigests, quick: bool):
        super().__init__()
        self.digests = digests
        self.quick = quick
        self.flat: dict[type, tuple[str, Callable[[Any], tuple[Any, ...]]]] = {}
        """A dataclass that is not shared -> its name and its fields' values."""
        found, of, leaf = self.get, self._of, _LEAVES

        def plain(value: Any) -> Any:
            kind = type(value)
            if kind in leaf or value is _EMPTY:
                return value
            made = found(kind)
            if made is None:
                made = self[kind] = of(kind)
            return made(value)
        self.plain = plain

    def _of(self, kind: type) -> Callable[[Any], Any]:
        plain, leaf = self.plain, _LEAVES
        if kind is tuple:
            return self._tuple()
        if kind is list:
            return lambda value: [item if type(item) in leaf else plain(item) for item in value]
        if kind is dict:
            return lambda value: {plain(key): plain(item) for key, item in value.items()}
        if kind in (set, frozenset):
            return lambda value: value  # as marshal writes them, which refuses any part not plain
        if issubclass(kind, RecordedMapping):
            return lambda value: (..., "mapping", plain(tuple(value.data.items())))
        if not dataclasses.is_dataclass(kind):
            return lambda value: (..., "pickle", pickle.dumps(value, protocol=5))
        name = f"{kind.__module__}.{kind.__qualname__}"
        names, values = field_values(kind)
        fields = self._quick_fields(kind, name, names, values) if self.quick else self._every_field(kind, name, values)
        if name not in SHARED:
            self.flat[kind] = name, values
            return fields
        known, held = self.digests._known, self.digests._held

        def shared(value: Any) -> bytes:  # digested the first time it is met, and held
            found = known.get(id(value))
            if found is None:
                found = known[id(value)] = _digest(fields(value))
                held.append(value)
            return found
        return shared

    def _tuple(self) -> Callable[[tuple[Any, ...]], tuple[Any, ...]]:
        plain, leaf, seen, flat, quick = self.plain, _LEAVES, self.digests._fields, self.flat, self.quick

        def items(value: tuple[Any, ...]) -> tuple[Any, ...]:
            if quick and len(value) > 1:
                kinds = set(map(type, value))
                if len(kinds) == 1:
                    kind = kinds.pop()
                    if kind in leaf:
                        return value
                    if kind in flat and seen.get(kind) == []:  # objects of a class of strings and numbers
                        name, values = flat[kind]
                        return tuple(zip(repeat(...), repeat(name), map(values, value)))
            return tuple([item if type(item) in leaf else plain(item) for item in value])
        return items

    def _every_field(self, kind: type, name: str, values: Callable[[Any], tuple[Any, ...]]) -> Callable[[Any], Any]:
        plain, leaf, seen, quick = self.plain, _LEAVES, self.digests._fields, self.digests._quick

        def fields(value: Any) -> tuple[Any, ...]:
            made: list[Any] = []
            indices = seen.setdefault(kind, [])
            for index, item in enumerate(values(value)):
                if type(item) in leaf:
                    made.append(item)
                else:
                    made.append(plain(item))
                    if index not in indices and not _plain_already(item, made[-1]):
                        indices.append(index)
                        quick.pop(kind, None)  # its quick way is made again, for these fields
            return ..., name, tuple(made)
        return fields

    def _quick_fields(self, kind: type, name: str, names: tuple[str, ...],
                      values: Callable[[Any], tuple[Any, ...]]) -> Callable[[Any], Any]:
        """A class's fields made plain, those seen holding only strings and numbers left as they
        are: written out as Python for the fields seen so far (made again when more are seen)."""
        indices = self.digests._fields.get(kind)
        if indices is None:  # never seen: every field looked at, and then its quick way made
            every_field, quick = self._every_field(kind, name, values), self
            def first(value: Any) -> tuple[Any, ...]:
                quick.pop(kind, None)
                return every_field(value)
            return first
        if not indices:
            return lambda value: (..., name, values(value))
        return _written_out(name, names, indices, self.plain, self.get)


def _written_out(name: str, names: tuple[str, ...], indices: list[int], plain: Callable[[Any], Any],
                 found: Callable[[type], Callable[[Any], Any] | None]) -> Callable[[Any], Any]:
    """`lambda value: (..., name, (value.a, plain(value.b), ...))` for the fields at `indices`
    made plain (unless a string, a number or the empty tuple), the others left as they are;
    `plain`'s way for each type (`found`) called at once where it is known."""
    lines = []
    for index in indices:
        lines += [f"_{index} = value.{names[index]}", f"kind = type(_{index})",
                  f"if kind not in leaf and _{index} is not empty:",
                  "    made = found(kind)",
                  f"    _{index} = made(_{index}) if made is not None else plain(_{index})"]
    parts = [f"_{index}" if index in indices else f"value.{field}" for index, field in enumerate(names)]
    body = "\n    ".join([*lines, f"return ..., name, ({', '.join(parts)},)"])
    scope: dict[str, Any] = {"name": name, "leaf": _LEAVES, "empty": _EMPTY, "plain": plain, "found": found}
    exec(f"def fields(value):\n    {body}\n", scope)  # noqa: S102 (field names of the model's own dataclasses)
    return scope["fields"]


def _plain_already(value: Any, plain: Any) -> bool:
    """Whether a value is its own plain form (a tuple of strings, say): a field that holds no
    more is left in place."""
    return type(value) is type(plain) and type(value) in (tuple, list, dict, set, frozenset) and value == plain


_LEAVES = frozenset({str, int, float, bool, type(None), bytes})
"""The types marshal writes as themselves."""
_EMPTY = ()
"""The empty tuple, made plain as it is (Python has one; another is made plain all the same)."""
MARSHAL_VERSION = 2
"""marshal's version 2: no references between objects, no mark of interned strings."""
SHARED = frozenset({"dossier.core.model.Citation", "dossier.core.model.Relation", "dossier.core.model.Event",
                    "dossier.core.statement.Statement"})
"""The dataclasses whose objects the link stage puts in more than one collection."""


def field_values(kind: type) -> tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]]:
    """A dataclass's field names, and a function giving an object's values of them, in order."""
    names = tuple(field.name for field in dataclasses.fields(kind))
    getter = operator.attrgetter(*names)
    if len(names) == 1:
        return names, lambda value: (getter(value),)
    return names, getter
