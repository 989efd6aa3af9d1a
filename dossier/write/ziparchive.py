"""Zip archive: a deterministic zip of a folder, its files deflated on every core.

Deflating is most of the cost of an archive, and zlib releases the interpreter
lock while it works, so threads compress files side by side while the archive
is written in order. Entries are sorted, with one fixed timestamp and fixed
modes, so the same folder gives the same bytes. The format is the plain one
(no ZIP64): an archive that would need ZIP64 is written by `zipfile` instead.

The deflater is zlib-ng's where it is installed (it is pinned in requirements.txt).
A site of 10,000 entities (968 MiB) deflates with zlib at level 6 to 161.6 MiB in
14.1 s of CPU; with zlib-ng at level 6 to 161.0 MiB in 8.2 s, at level 7 to 159.9
MiB in 10.1 s, at level 8 to 159.4 MiB in 12.8 s. Level 7 it is: smaller and
faster than zlib's 6, and zlib-ng's 6 (a quicker matcher) deflates long repeats
poorly. The archive is a plain zip either way; only the deflated bytes differ.

A build after an edit changes a few pages of thousands: given the archive it
replaces (`previous`), a file whose bytes its entry of the same name holds is
not deflated again, its deflated bytes are copied (see `Previous`). Inflating to
compare costs about a seventh of deflating, and a copied entry is the very bytes
deflating would give, so the archive is the one a cold build writes (one file is
deflated again to check that the previous archive was deflated alike: see
`_deflated_as_here`).
"""

from __future__ import annotations

import os
import shutil
import struct
import threading
import time
import zipfile
import zlib
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, NamedTuple

try:
    from zlib_ng import zlib_ng as deflating
except ImportError:  # a platform without its wheel: the archive is the same files, deflated by zlib
    deflating = zlib  # type: ignore[misc]

LEVEL = 7
AHEAD = 32
"""Files deflated ahead of the one being written (see `_in_order`)."""
MODE = 0o100644
"""A regular file, readable by all: the Unix mode every entry gets."""
_MAX_ENTRIES = 0xFFFF
_MAX_SIZE = 0xFFFFFFFF
"""What a plain zip can count: entries, and bytes of any size or offset."""
_UTF8 = 0x0800
"""General-purpose flag: the entry's name is UTF-8."""
_MADE_BY = (3 << 8) | 20
"""Unix, zip specification 2.0, so the external attributes are Unix modes."""


def write_zip(folder: Path, files: list[str], top: str, archive: Path, stamp: int,
              previous: Path | None = None) -> None:
    """Write `archive`: `files` (relative POSIX paths under `folder`, in order) under the folder `top/`;
    files that `previous` (an archive this writer made, if any) holds as they are keep its deflated bytes."""
    names = [f"{top}/{rel}".encode() for rel in files]
    if not _fits_plain_zip(folder, files, names):
        _write_with_zipfile(folder, files, top, archive, stamp)
        return
    year, month, day, hour, minute, second = time.gmtime(stamp)[:6]
    dos_date, dos_time = (year - 1980) << 9 | month << 5 | day, hour << 11 | minute << 5 | second // 2
    central = []
    offset = 0
    with open(archive, "wb") as out, _deflating_pool() as pool, Previous.opened(previous) as old:
        jobs = [(folder / rel, old.entry(name.decode())) for rel, name in zip(files, names, strict=True)]
        if not _deflated_as_here(old, jobs):
            jobs = [(path, None) for path, _ in jobs]
        for name, (crc, size, data) in zip(names, _in_order(pool, old, jobs), strict=True):
            flags = 0 if name.isascii() else _UTF8
            out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, zipfile.ZIP_DEFLATED, dos_time, dos_date,
                                  crc, len(data), size, len(name), 0) + name)
            out.write(data)
            central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, _MADE_BY, 20, flags, zipfile.ZIP_DEFLATED,
                                       dos_time, dos_date, crc, len(data), size, len(name), 0, 0, 0, 0,
                                       MODE << 16, offset) + name)
            offset += 30 + len(name) + len(data)
        directory = b"".join(central)
        out.write(directory)
        out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), len(directory), offset, 0))


class Entry(NamedTuple):
    """Where an entry of a previous archive is: its local header, its sizes, deflated and whole."""
    header: int
    deflated: int
    size: int


class Previous:
    """The archive a new one replaces, read for the deflated bytes of files that did not change.

    Its directory is read once; threads read entries through one handle, under a lock. The
    handle stays open while the new archive is written, so another build that publishes its
    archive meanwhile (a rename) does not change what this one reads. A file unreadable as a
    zip gives no entries: every file is deflated."""

    def __init__(self, handle: BinaryIO | None):
        self._handle = handle
        self._lock = threading.Lock()
        self._entries: dict[str, Entry] = {}
        if handle is None:
            return
        try:
            with zipfile.ZipFile(handle) as zipped:
                self._entries = {info.filename: Entry(info.header_offset, info.compress_size, info.file_size)
                                 for info in zipped.infolist()
                                 if info.compress_type == zipfile.ZIP_DEFLATED and not info.flag_bits & 0x1}
        except (zipfile.BadZipFile, OSError, ValueError):
            self._entries = {}

    @classmethod
    @contextmanager
    def opened(cls, path: Path | None) -> Iterator[Previous]:
        try:
            handle = open(path, "rb") if path is not None else None  # noqa: SIM115 (closed below)
        except OSError:
            handle = None
        try:
            yield cls(handle)
        finally:
            if handle is not None:
                handle.close()

    def entry(self, name: str) -> Entry | None:
        return self._entries.get(name)

    def deflated(self, entry: Entry) -> bytes:
        """The deflated bytes of an entry (after its local header, whose name and extra field it skips)."""
        assert self._handle is not None
        with self._lock:
            self._handle.seek(entry.header)
            header = self._handle.read(30)
            if len(header) < 30 or header[:4] != b"PK\x03\x04":
                return b""
            name_length, extra_length = struct.unpack("<HH", header[26:30])
            self._handle.seek(entry.header + 30 + name_length + extra_length)
            return self._handle.read(entry.deflated)


def _in_order(pool: ThreadPoolExecutor, previous: Previous,
              jobs: list[tuple[Path, Entry | None]]) -> Iterator[tuple[int, int, bytes]]:
    """Each file deflated (or its deflated bytes taken from `previous`), in order, with at most `AHEAD`
    begun before the one being written: the threads' results do not pile up in memory while the writer
    waits for the interpreter lock."""
    pending: deque[Future[tuple[int, int, bytes]]] = deque()
    for path, entry in jobs:
        pending.append(pool.submit(_deflate, path) if entry is None else pool.submit(_kept_or_deflated, path,
                                                                                     previous, entry))
        if len(pending) > AHEAD:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


@contextmanager
def _deflating_pool() -> Iterator[ThreadPoolExecutor]:
    """Threads to deflate files; on an error or Ctrl-C the files not yet begun are dropped, not deflated."""
    pool = ThreadPoolExecutor(os.cpu_count() or 1)
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _fits_plain_zip(folder: Path, files: list[str], names: list[bytes]) -> bool:
    """Whether no count, size or offset can pass the plain format's limits (deflate grows
    incompressible data by well under 0.1%, plus a few bytes)."""
    if len(files) >= _MAX_ENTRIES:
        return False
    total = sum((folder / rel).stat().st_size for rel in files)
    return total + total // 1000 + sum(2 * len(n) + 128 for n in names) < _MAX_SIZE


CHUNK = 1 << 20
"""Bytes of a file read and deflated at a time: a data export of 150 MB is never held whole."""


def _deflate(path: Path) -> tuple[int, int, bytes]:
    compressor = deflating.compressobj(LEVEL, deflating.DEFLATED, -15)
    crc, size, parts = 0, 0, []
    with open(path, "rb") as file:
        while chunk := file.read(CHUNK):
            crc, size = zlib.crc32(chunk, crc), size + len(chunk)
            parts.append(compressor.compress(chunk))
    parts.append(compressor.flush())
    return crc, size, b"".join(parts)


PROBE_SIZE = 4096
"""A file at least this large, deflated here, shows whether a previous archive was deflated alike."""


def _deflated_as_here(previous: Previous, jobs: list[tuple[Path, Entry | None]]) -> bool:
    """Whether the previous archive's entries are what this deflater, at this level, gives: the first
    unchanged file of `PROBE_SIZE` bytes or more is deflated again and compared. An archive made by
    another version of zlib-ng, by zlib or at another level lends nothing, so that the new archive
    is byte for byte the one a cold build writes."""
    for path, entry in jobs:
        if entry is not None and entry.size >= PROBE_SIZE:
            kept = _same_bytes(path, previous, entry)
            if kept is not None:
                return kept[2] == _deflate(path)[2]
    return True


def _kept_or_deflated(path: Path, previous: Previous, entry: Entry) -> tuple[int, int, bytes]:
    """The file's CRC, size and deflated bytes: those of its entry in `previous` when they inflate to
    the file's bytes exactly, else the file deflated."""
    kept = _same_bytes(path, previous, entry)
    return kept if kept is not None else _deflate(path)


def _same_bytes(path: Path, previous: Previous, entry: Entry) -> tuple[int, int, bytes] | None:
    """`entry`'s CRC (computed again), size and deflated bytes if they inflate to the file's bytes, else None."""
    try:
        if path.stat().st_size != entry.size:
            return None
        data = previous.deflated(entry)
        inflater = zlib.decompressobj(-15)
        crc, size, rest = 0, 0, data
        with open(path, "rb") as file:
            while not inflater.eof:
                expected = inflater.decompress(rest, CHUNK)
                rest = inflater.unconsumed_tail
                if not expected and not rest and not inflater.eof:
                    return None  # the entry ends early: not a whole deflate stream
                if file.read(len(expected)) != expected:
                    return None
                crc, size = zlib.crc32(expected, crc), size + len(expected)
            if file.read(1) or inflater.unused_data or rest:
                return None
    except (OSError, zlib.error):
        return None
    return crc, size, data


def _write_with_zipfile(folder: Path, files: list[str], top: str, archive: Path, stamp: int) -> None:
    """The archive as `zipfile.writestr` writes it, each file streamed a chunk at a time: a site this
    large has data exports of gigabytes, which read whole took as much memory again (2 GB at
    100,000 entities). zipfile deflates with zlib, not zlib-ng."""
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=LEVEL) as zipped:
        for rel in files:
            info = zipfile.ZipInfo(f"{top}/{rel}", date_time=time.gmtime(stamp)[:6])
            info.external_attr = MODE << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            with open(folder / rel, "rb") as source:
                info.file_size = os.fstat(source.fileno()).st_size  # as writestr sets it: it decides ZIP64
                with zipped.open(info, "w") as entry:
                    shutil.copyfileobj(source, entry, CHUNK)
