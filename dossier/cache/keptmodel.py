"""Kept model: the linked model of a full read, kept in the cache so that an edit to notes alone
is linked into it instead of reading the whole dossier again.

A run that reads the whole dossier while an editor is writing notes (the records unchanged
since the last run) keeps its linked model here, with the diagnostics found up to linking. A
later run whose records, settings, copies and releases are those it was read from (its `key`)
takes it back, and links again only the notes whose bytes differ (see `build.read`): at
10,000 entities that is about three seconds of reading in place of about eighteen of
loading, validating and linking.

It is the one pickle of the cache, so it is read with care (see `store` for the rest):
- the file is unpickled only if its digest is the one the cache's database recorded when
  it was written, and that database is trusted only in the folder it was made in;
- the unpickler makes only the model's own types (`ALLOWED_MODULES`) and the `restore`
  below, never a function of another module: a file that asks for anything else is refused;
- it is written beside its final name and renamed into place, so a run killed while writing
  leaves the last one, whose digest the database still holds.

Dataclasses are written as their fields' values (`_REDUCERS`, through `valuedigests.field_values`
made once per type, as the pages' digests write them) and made again by the class itself where
its `__init__` is the quick one (`core.frozen`), else by `restore`: pickle's own way for frozen
dataclasses with slots calls `dataclasses.fields` for every object, a third of the time of
writing the model.

The file is the collections a run may leave unread (`DEFERRED`: each page's numbered citations,
each source sentence's citers), pickled a group of keys at a time, then the rest of the model in
one pickle holding, in their place, their keys and where each group lies (see `deferred`), then
where that pickle begins. A run makes the rest at once and a group of those only when it asks for
one of its keys: `validate` never does, and a build after a note edit for the pages it draws.
The whole file's bytes are checked first, with CRC-32 and Adler-32 (`checksum`), which find a
damaged file as surely as a digest for a tenth of the time: the database that holds them is no
safer than the file, so a cryptographic digest would guard nothing more.
"""

from __future__ import annotations

import builtins
import dataclasses
import functools
import gc
import io
import os
import pickle
import sys
import types
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.diagnostics import Diagnostic
from ..core.frozen import is_quick
from ..core.model import Dossier
from ..core.reads import RecordedMapping
from .deferred import DeferredValues
from .folder import SNAPSHOT as SNAPSHOT_FILE
from .valuedigests import field_values

try:
    from zlib_ng.zlib_ng import adler32, crc32  # the same sums as zlib's, several times as fast
except ImportError:  # pragma: no cover - a pinned dependency
    from zlib import adler32, crc32

ALLOWED_MODULES = ("dossier.core.", "dossier.link.")
"""The modules whose classes a kept model may be made of: the linked model's."""
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
MAGIC = b"dossier kept model 2\n"
"""The first bytes of a kept model of this layout."""
DEFERRED: dict[str, Callable[[Any], Any]] = {
    "citations": lambda page: page,
    "cited_by": lambda sentence: sentence[0],
}
"""The collections of the model left unread until a run asks for them (see the module), each with
the group a key's value is written in: a page's citations alone; a source's sentences together, as
its page reads them."""
_TRAILER = 8
"""The file ends with where the model's pickle begins, in that many bytes."""


@dataclass(frozen=True)
class Linked:
    """A linked model and the diagnostics found while reading, validating and linking it."""

    dossier: Dossier
    diagnostics: tuple[Diagnostic, ...]
    linked_from: int
    """The index of the first diagnostic the link stage found: those before it, loading and
    validating found."""
    numbered: bool = True
    """Whether each page's citations are numbered (see `link.link_dossier`): a run that only
    checks the dossier leaves them out."""


def write_kept(folder: Path, linked: Linked) -> str:
    """Write a linked model into the cache's folder; the checksum of the file's bytes."""
    temporary = folder / f".{SNAPSHOT_FILE}.{os.getpid()}"
    temporary.unlink(missing_ok=True)  # left by a killed run of the same number
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
    paused = gc.isenabled()
    gc.disable()  # pickling makes nothing the collector could free, but it walks millions of objects
    try:
        with os.fdopen(handle, "wb") as file:
            writer = _Summing(file)
            writer.write(MAGIC)
            deferred = {id(collection): _write_groups(writer, name, collection)
                        for name, collection in _deferred_collections(linked.dossier)}
            start = writer.count
            _Pickler(writer, deferred).dump(linked)
            writer.write(start.to_bytes(_TRAILER, "little"))
        os.replace(temporary, folder / SNAPSHOT_FILE)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    finally:
        if paused:
            gc.enable()
    return writer.checksum


def read_kept(folder: Path, expected: str) -> Linked | None:
    """The linked model in the cache's folder, if its bytes have the checksum `expected`; else None."""
    try:
        handle = os.open(folder / SNAPSHOT_FILE, os.O_RDONLY | _NOFOLLOW)
    except OSError:
        return None
    with os.fdopen(handle, "rb") as file:
        data = file.read()
    if checksum(data) != expected or not data.startswith(MAGIC) or len(data) < len(MAGIC) + _TRAILER:
        return None
    start = int.from_bytes(data[-_TRAILER:], "little")
    if not len(MAGIC) <= start <= len(data) - _TRAILER:
        return None
    groups = data[:start]  # the deferred collections' groups, kept for the run; the rest let go
    model = data[start:-_TRAILER]
    del data
    paused = gc.isenabled()
    gc.disable()  # a few million objects, none of them garbage: collecting while they come is wasted
    try:
        found = _Unpickler(io.BytesIO(model), groups).load()
    except _REFUSED:
        return None
    finally:
        if paused:
            gc.enable()
    return found if isinstance(found, Linked) else None


_REFUSED = (pickle.UnpicklingError, EOFError, AttributeError, TypeError, ValueError, IndexError, KeyError)
"""What unpickling bytes the cache did not write may raise."""


def checksum(data: bytes) -> str:
    """The kept model's checksum: the count, CRC-32 and Adler-32 of its bytes, in hex."""
    return f"{len(data):x}-{crc32(data):08x}{adler32(data):08x}"


def _deferred_collections(dossier: Dossier) -> list[tuple[str, RecordedMapping[Any, Any]]]:
    found = [(name, getattr(dossier, name, None)) for name in DEFERRED]
    return [(name, collection) for name, collection in found
            if isinstance(collection, RecordedMapping) and isinstance(collection.data, dict)]


def _write_groups(writer: _Summing, name: str, collection: RecordedMapping[Any, Any]) -> tuple[Any, ...]:
    """Write a deferred collection's values, a group at a time; what the model's pickle holds in
    its place: its name, its keys, each one's group and where each group lies in the file."""
    data: dict[Any, Any] = collection.data  # type: ignore[assignment]
    group_of = DEFERRED[name]
    numbers: dict[Any, int] = {}
    members: list[list[Any]] = []
    groups = []
    for key in data:
        number = numbers.setdefault(group_of(key), len(numbers))
        if number == len(members):
            members.append([])
        members[number].append(key)
        groups.append(number)
    spans = []
    for keys in members:
        buffer = io.BytesIO()
        _Pickler(buffer).dump({key: data[key] for key in keys})
        group = buffer.getvalue()
        spans.append((writer.count, writer.count + len(group)))
        writer.write(group)
    return name, tuple(data), tuple(groups), tuple(spans)


class _Summing:
    """A file that sums what is written to it (see `checksum`)."""

    def __init__(self, file: io.BufferedWriter):
        self.file = file
        self.count = 0
        self.crc = crc32(b"")
        self.adler = adler32(b"")

    def write(self, data: bytes) -> int:
        self.crc = crc32(data, self.crc)
        self.adler = adler32(data, self.adler)
        self.count += len(data)
        return self.file.write(data)

    @property
    def checksum(self) -> str:
        return f"{self.count:x}-{self.crc:08x}{self.adler:08x}"


def remove_kept(folder: Path) -> None:
    (folder / SNAPSHOT_FILE).unlink(missing_ok=True)


def restore(cls: type, values: tuple[Any, ...]) -> Any:
    """An object of a dataclass from its fields' values, without its `__init__`."""
    return _RESTORERS[cls](values)


class _Restorers(dict):  # type: ignore[type-arg]
    """Dataclass -> a function making one of its objects from its fields' values, written for the
    class as `dataclasses` writes `__init__`: the values unpacked and each set by the slot's own
    setter where the field is a slot, else by `object.__setattr__` with its name. A kept model
    restores about 1.3 million objects at 10,000 entities; a loop over the fields took four
    times as long."""

    def __missing__(self, cls: type) -> Callable[[tuple[Any, ...]], Any]:
        if not dataclasses.is_dataclass(cls):
            raise TypeError(f"{cls!r} is not a dataclass")
        names = field_values(cls)[0]
        scope: dict[str, Any] = {"new": object.__new__, "cls": cls}
        lines = ["def restorer(values):", "    made = new(cls)"]
        if names:
            lines.append(f"    {', '.join(f'v{i}' for i in range(len(names)))}, = values")
        else:
            lines.append("    () = values")
        for i, name in enumerate(names):
            scope[f"s{i}"] = _setter(cls, name)
            lines.append(f"    s{i}(made, v{i})")
        lines.append("    return made")
        exec("\n".join(lines), scope)  # noqa: S102 (the code is made of field numbers alone)
        restorer = scope["restorer"]
        self[cls] = restorer
        return restorer


def _setter(cls: type, name: str) -> Callable[[Any, Any], None]:
    for klass in cls.__mro__:
        slot = klass.__dict__.get(name)
        if isinstance(slot, types.MemberDescriptorType):
            return slot.__set__
    return functools.partial(_set_named, name)


def _set_named(name: str, made: Any, value: Any) -> None:
    object.__setattr__(made, name, value)


_RESTORERS = _Restorers()


class _Reducers(dict):
    """Type -> how to pickle it, made when a type is first met: dataclasses by their fields' values,
    made again by the class (its quick `__init__`) or by `restore` (a `__reduce__` of their own
    may leave out what a digest need not see, such as a release's bytes); any other type
    (KeyError) the usual way."""

    def __missing__(self, cls: type) -> Callable[[Any], Any]:
        if not dataclasses.is_dataclass(cls):
            raise KeyError(cls)
        values = field_values(cls)[1]
        if is_quick(cls):
            def reduce(obj: Any) -> tuple[Any, ...]:
                return cls, values(obj)
        else:
            def reduce(obj: Any) -> tuple[Any, ...]:
                return restore, (cls, values(obj))
        self[cls] = reduce
        return reduce


_REDUCERS = _Reducers()


def recorded(name: str, data: dict[Any, Any] | DeferredValues) -> RecordedMapping[Any, Any]:
    """A collection of the model as it was kept (its mapping as it is, not copied)."""
    made = RecordedMapping.__new__(RecordedMapping)
    made.name, made.data = name, data  # type: ignore[assignment]
    return made


class _ModelReducers(dict):  # type: ignore[type-arg]
    """`_REDUCERS`, with the model's collections written as a name and their mapping, and those
    whose values were written apart (by id: see `_write_groups`) as where they were written."""

    def __init__(self, deferred: dict[int, tuple[Any, ...]]):
        super().__init__()
        self.deferred = deferred
        self[RecordedMapping] = self._collection

    def __missing__(self, cls: type) -> Callable[[Any], Any]:
        found = self[cls] = _REDUCERS[cls]
        return found

    def _collection(self, collection: RecordedMapping[Any, Any]) -> tuple[Any, ...]:
        written = self.deferred.get(id(collection))
        if written is not None:
            return _Unpickler.deferred_collection, written
        data = collection.data
        return recorded, (collection.name, data.whole() if isinstance(data, DeferredValues) else data)


class _Pickler(pickle.Pickler):
    def __init__(self, file: Any, deferred: dict[int, tuple[Any, ...]] | None = None):
        super().__init__(file, protocol=5)
        self.dispatch_table = _ModelReducers(deferred or {})


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: io.BytesIO, groups: bytes = b""):
        super().__init__(file)
        self.groups = groups
        """The bytes of the deferred collections' groups (see `_write_groups`)."""

    def deferred_collection(self, name: str, keys: tuple[Any, ...], numbers: tuple[int, ...],
                            spans: tuple[tuple[int, int], ...]) -> RecordedMapping[Any, Any]:
        """A collection whose values were written apart, each group made when first asked for."""
        groups = self.groups
        if name not in DEFERRED or not all(len(MAGIC) <= start <= end <= len(groups) for start, end in spans):
            raise pickle.UnpicklingError(f"a kept model holds no deferred collection {name!r} there")

        def make(number: int) -> Any:
            start, end = spans[number]
            made = _Unpickler(io.BytesIO(groups[start:end])).load()
            if not isinstance(made, dict):
                raise pickle.UnpicklingError(f"a group of {name} is not a mapping")
            return made
        return recorded(name, DeferredValues(keys, numbers, make))

    def find_class(self, module: str, name: str) -> Any:
        if module == __name__ and name in ("restore", "Linked", "recorded"):
            return {"restore": restore, "Linked": Linked, "recorded": recorded}[name]
        if module == __name__ and name == "_Unpickler.deferred_collection" and self.groups:
            return self.deferred_collection
        if module.startswith(ALLOWED_MODULES) and module in sys.modules:
            found = getattr(sys.modules[module], name, None)
            if isinstance(found, type) and found.__module__ == module:
                return found
        if module == "builtins" and name in ("frozenset", "set", "slice", "range", "complex"):
            return getattr(builtins, name)
        raise pickle.UnpicklingError(f"a kept model does not hold {module}.{name}")
