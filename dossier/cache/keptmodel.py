"""Kept model: the linked model of a full read, kept in the cache so that an edit to notes alone
is linked into it instead of reading the whole dossier again.

A run that reads the whole dossier while an editor is writing notes (the records unchanged
since the last run) keeps its linked model here, with the diagnostics found up to linking. A
later run whose records, settings, copies and releases are those it was read from (its `key`)
takes it back, and links again only the notes whose bytes differ (see `build.read`): at
10,000 entities that is about one second of reading in place of about eighteen of loading,
validating and linking.

The file is the collections a run may leave unread (`keptpickle.DEFERRED`: each record's
statements, each page's numbered citations, each source sentence's citers, each entity's links),
pickled a group of keys at a time, then the rest of the model in one pickle holding, in their
place, their keys and where each group lies (see `deferred`), then where that pickle begins. A run
makes the rest at once, and a group of those only when it asks for one of its keys: `validate`
never does, a build after a note edit for the few pages it draws. They are half the model's
objects at 10,000 entities.

It is the one pickle of the cache, so it is read with care (see `store` for the rest):
- the file is unpickled only if its checksum is the one the cache's database recorded when
  it was written, and that database is trusted only in the folder it was made in;
- the unpickler makes only the model's own types (see `keptpickle`): a file that asks for
  anything else is refused;
- it is written beside its final name and renamed into place, so a run killed while writing
  leaves the last one, whose checksum the database still holds.

The checksum (`checksum`) is the count, CRC-32 and Adler-32 of every byte of the file, checked
before any of it is unpickled: they find accidental damage (a flipped bit, a burst, a file cut
short or grown) as a digest does, in a twentieth of the time (0.02 s for 150 MB, not 0.2 to 0.4).
A file made to pass them on purpose needs someone who can write the cache's folder, and so its
database, which holds whatever sum it holds: a cryptographic digest would guard nothing more.
"""

from __future__ import annotations

import gc
import io
import os
import pickle
from pathlib import Path
from typing import Any

from ..core.model import Dossier
from ..core.reads import RecordedMapping
from .folder import SNAPSHOT as SNAPSHOT_FILE
from .keptpickle import DEFERRED, Linked, ModelPickler, ModelUnpickler, Shared, Table

__all__ = ["Linked", "checksum", "read_kept", "remove_kept", "write_kept"]

try:
    from zlib_ng.zlib_ng import adler32, crc32  # the same sums as zlib's, several times as fast
except ImportError:  # pragma: no cover - a pinned dependency
    from zlib import adler32, crc32

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
MAGIC = b"dossier kept model 2\n"
"""The first bytes of a kept model of this layout."""
_TRAILER = 8
"""The file ends with where the model's pickle begins, in that many bytes."""


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
            table = Table()
            deferred = {id(collection): _write_groups(writer, name, collection, table)
                        for name, collection in _deferred_collections(linked.dossier)}
            start = writer.count
            ModelPickler(writer, deferred).dump((tuple(table.objects), linked))
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
    with os.fdopen(handle, "rb", buffering=0) as file:
        size = os.fstat(file.fileno()).st_size
        if size < len(MAGIC) + _TRAILER:
            return None
        trailer = os.pread(file.fileno(), _TRAILER, size - _TRAILER)
        start = int.from_bytes(trailer, "little")
        if not len(MAGIC) <= start <= size - _TRAILER:
            return None
        groups = file.read(start)  # the deferred collections' groups, kept for the run (as read)
        model = file.read(size - _TRAILER - start)
        rest = file.read()
    if not groups.startswith(MAGIC) or rest != trailer or _Summing.of(groups, model, trailer) != expected:
        return None
    from ..link import stage  # noqa: F401 (a kept model holds its names: the unpickler imports nothing)
    shared = Shared()
    paused = gc.isenabled()
    gc.disable()  # a few million objects, none of them garbage: collecting while they come is wasted
    try:
        found = ModelUnpickler(io.BytesIO(model), groups, shared).load()
    except _REFUSED:
        return None
    finally:
        if paused:
            gc.enable()
    if not (isinstance(found, tuple) and len(found) == 2 and isinstance(found[0], tuple)
            and isinstance(found[1], Linked)):
        return None
    shared.objects.extend(found[0])
    statements = found[1].dossier.statements
    # not a read of the run's, but the group's own
    shared.statements = statements.data if isinstance(statements, RecordedMapping) else statements
    return found[1]


_REFUSED = (pickle.UnpicklingError, EOFError, AttributeError, TypeError, ValueError, IndexError, KeyError)
"""What unpickling bytes the cache did not write may raise."""


def checksum(data: bytes) -> str:
    """The kept model's checksum: the count, CRC-32 and Adler-32 of its bytes, in hex."""
    return _Summing.of(data)


def _deferred_collections(dossier: Dossier) -> list[tuple[str, RecordedMapping[Any, Any]]]:
    found = [(name, getattr(dossier, name, None)) for name in DEFERRED]
    return [(name, collection) for name, collection in found
            if isinstance(collection, RecordedMapping) and isinstance(collection.data, dict)]


def _write_groups(writer: _Summing, name: str, collection: RecordedMapping[Any, Any],
                  table: Table) -> tuple[Any, ...]:
    """Write a deferred collection's values, a group at a time; what the model's pickle holds in
    its place: its name, its keys, each one's group and where each group lies in the file. The
    objects a group shares with the rest of the model (`SHARED`) are written as their number in
    `table`, which the model's pickle holds first: one object, as the link stage made it; a
    statement in another collection's group, as its id (`keptpickle.named_statement`)."""
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
        ModelPickler(buffer, table=table, statements=name == "statements").dump({key: data[key] for key in keys})
        group = buffer.getvalue()
        spans.append((writer.count, writer.count + len(group)))
        writer.write(group)
    return name, tuple(data), tuple(groups), tuple(spans)


class _Summing:
    """A file that sums what is written to it (see `checksum`)."""

    @staticmethod
    def of(*parts: bytes) -> str:
        """The checksum of the parts' bytes, one after another."""
        crc, adler, count = crc32(b""), adler32(b""), 0
        for part in parts:
            crc, adler, count = crc32(part, crc), adler32(part, adler), count + len(part)
        return f"{count:x}-{crc:08x}{adler:08x}"

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
