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
made once per type, as the pages' digests write them) and made again by `restore`: pickle's own
way for frozen dataclasses with slots calls `dataclasses.fields` for every object, a third of
the time of writing the model.
"""

from __future__ import annotations

import builtins
import dataclasses
import functools
import gc
import hashlib
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
from ..core.model import Dossier
from .folder import SNAPSHOT as SNAPSHOT_FILE
from .valuedigests import field_values

ALLOWED_MODULES = ("dossier.core.", "dossier.link.")
"""The modules whose classes a kept model may be made of: the linked model's."""
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


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
    """Write a linked model into the cache's folder; the hex digest of the file's bytes."""
    temporary = folder / f".{SNAPSHOT_FILE}.{os.getpid()}"
    temporary.unlink(missing_ok=True)  # left by a killed run of the same number
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
    paused = gc.isenabled()
    gc.disable()  # pickling makes nothing the collector could free, but it walks millions of objects
    try:
        with os.fdopen(handle, "wb") as file:
            writer = _Digesting(file)
            _Pickler(writer, protocol=5).dump(linked)
        os.replace(temporary, folder / SNAPSHOT_FILE)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    finally:
        if paused:
            gc.enable()
    return writer.digest.hexdigest()


def read_kept(folder: Path, expected: str) -> Linked | None:
    """The linked model in the cache's folder, if its bytes have the digest `expected`; else None."""
    try:
        handle = os.open(folder / SNAPSHOT_FILE, os.O_RDONLY | _NOFOLLOW)
    except OSError:
        return None
    with os.fdopen(handle, "rb") as file:
        data = file.read()
    if hashlib.blake2b(data, digest_size=16).hexdigest() != expected:
        return None
    paused = gc.isenabled()
    gc.disable()  # a few million objects, none of them garbage: collecting while they come is wasted
    try:
        found = _Unpickler(io.BytesIO(data)).load()
    except (pickle.UnpicklingError, EOFError, AttributeError, TypeError, ValueError, IndexError):
        return None
    finally:
        if paused:
            gc.enable()
    return found if isinstance(found, Linked) else None


class _Digesting:
    """A file that digests what is written to it."""

    def __init__(self, file: io.BufferedWriter):
        self.file = file
        self.digest = hashlib.blake2b(digest_size=16)

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        return self.file.write(data)


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
    """Type -> how to pickle it, made when a type is first met: dataclasses by `restore`, every
    field (a `__reduce__` of their own may leave out what a digest need not see, such as a
    release's bytes); any other type (KeyError) the usual way."""

    def __missing__(self, cls: type) -> Callable[[Any], Any]:
        if not dataclasses.is_dataclass(cls):
            raise KeyError(cls)
        values = field_values(cls)[1]

        def reduce(obj: Any) -> tuple[Any, ...]:
            return restore, (cls, values(obj))
        self[cls] = reduce
        return reduce


_REDUCERS = _Reducers()


class _Pickler(pickle.Pickler):
    dispatch_table = _REDUCERS


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if module == __name__ and name in ("restore", "Linked"):
            return restore if name == "restore" else Linked
        if module.startswith(ALLOWED_MODULES) and module in sys.modules:
            found = getattr(sys.modules[module], name, None)
            if isinstance(found, type) and found.__module__ == module:
                return found
        if module == "builtins" and name in ("frozenset", "set", "slice", "range", "complex"):
            return getattr(builtins, name)
        raise pickle.UnpicklingError(f"a kept model does not hold {module}.{name}")
