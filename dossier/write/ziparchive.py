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

Inflating every unchanged file still costs seconds at 10,000 entities (a gigabyte), so the
writer also says which file, by its stamp, each entry was made from (`Zipped`). Given the
files known to be those the previous archive's entries were made from, unwritten since (the
planner knows them: see `Planner.zipped`), and the stamp that archive had when published, a
file of those found as it was is not read: its entry is copied, header and all, with the entries
around it copied alike in one run, inside the kernel where it can (one call for thousands of
entries, not three each). An archive whose own stamp moved, or a file that did, is compared by
inflating.
"""

from __future__ import annotations

import os
import shutil
import struct
import time
import zipfile
import zlib
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from .zipentries import Entry, FileStamp, Out, Previous, Zipped, dos_stamp, file_stamp

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
              previous: Path | None = None, zipped: Zipped | None = None) -> dict[str, FileStamp]:
    """Write `archive`: `files` (relative POSIX paths under `folder`, in order) under the folder `top/`;
    files that `previous` (an archive this writer made, if any) holds as they are keep its deflated bytes,
    and those of `zipped` (files known to be those `previous`'s entries were made from, unwritten since)
    found as they were (all but their change time, which a hard link moves) are not read at all.
    Returns the stamp of each file as zipped (see `Zipped`)."""
    names = [f"{top}/{rel}".encode() for rel in files]
    if not _fits_plain_zip(folder, files, names):
        _write_with_zipfile(folder, files, top, archive, stamp)
        return {}
    dos = dos_stamp(time.gmtime(stamp)[:6])
    dos_date, dos_time = dos >> 16, dos & 0xFFFF
    central = []
    offset = 0
    stamps: dict[str, FileStamp] = {}
    run = [0, 0]
    """A run of the previous archive's entries, each as it would be written here, copied at once."""
    with open(archive, "wb", buffering=0) as raw, _deflating_pool() as pool, Previous.opened(previous) as old:
        out = Out(raw.fileno())
        known = old.known(zipped)
        # paths as strings: joined 11,000 times at 10,000 entities, Path costs more than the copies
        jobs = [(f"{folder}/{rel}", old.entry(name.decode()), known.get(rel))
                for rel, name in zip(files, names, strict=True)]
        if not _deflated_as_here(old, jobs):
            jobs = [(path, None, None) for path, _, _ in jobs]
        for rel, name, (crc, size, data, found) in zip(files, names, _in_order(pool, old, jobs), strict=True):
            flags = 0 if name.isascii() else _UTF8
            length = data.deflated if isinstance(data, Entry) else len(data)
            if isinstance(data, Entry) and data.dos == dos:  # its header is this one (see `_in_order`)
                if data.header != run[1]:
                    _copy_run(out, old, run)
                    run[0] = data.header
                run[1] = data.header + 30 + len(name) + length
            else:
                _copy_run(out, old, run)
                out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, zipfile.ZIP_DEFLATED, dos_time,
                                      dos_date, crc, length, size, len(name), 0) + name)
                if isinstance(data, Entry):
                    out.copy(old, data)
                else:
                    out.write(data)
            if found is not None:
                stamps[rel] = found
            central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, _MADE_BY, 20, flags, zipfile.ZIP_DEFLATED,
                                       dos_time, dos_date, crc, length, size, len(name), 0, 0, 0, 0,
                                       MODE << 16, offset) + name)
            offset += 30 + len(name) + length
        _copy_run(out, old, run)
        directory = b"".join(central)
        out.write(directory)
        out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), len(directory), offset, 0))
        out.flush()
    return stamps


def _copy_run(out: Out, previous: Previous, run: list[int]) -> None:
    """Copy the run of the previous archive's entries gathered, if any, and begin another."""
    if run[1] > run[0]:
        out.copy_range(previous, run[0], run[1] - run[0])
    run[0] = run[1] = 0


Made = tuple[int, int, "bytes | Entry", "FileStamp | None"]
"""A file's entry: its CRC, its size, its deflated bytes (or the previous archive's entry that holds
them), and the file's stamp if it held still while read (or was found as `Zipped` says)."""


def _in_order(pool: ThreadPoolExecutor, previous: Previous,
              jobs: list[tuple[str, Entry | None, FileStamp | None]]) -> Iterator[Made]:
    """Each file deflated (or its deflated bytes taken from `previous`), in order, with at most `AHEAD`
    begun before the one being written: the threads' results do not pile up in memory while the writer
    waits for the interpreter lock. A file found with the stamp `previous` knows it by is not read: its
    entry is given as `previous` holds it (unwritten since it was published, that archive is as this
    writer made it, headers and all, so an entry of the same time is copied header and all)."""
    pending: deque[Future[Made] | Made] = deque()
    for path, entry, known in jobs:
        found = _stamp_of(path) if entry is not None and known is not None else None
        if entry is not None and known is not None and found is not None and _linked_alike(found, known) \
                and known[2] == entry.size:
            pending.append((entry.crc, entry.size, entry, found))
        else:
            pending.append(pool.submit(_deflate, path) if entry is None else pool.submit(_kept_or_deflated, path,
                                                                                         previous, entry))
        if len(pending) > AHEAD:
            yield _made(pending.popleft())
    while pending:
        yield _made(pending.popleft())


def _made(made: Future[Made] | Made) -> Made:
    return made.result() if isinstance(made, Future) else made


def _stamp_of(path: str) -> FileStamp | None:
    try:
        return file_stamp(os.lstat(path))
    except OSError:
        return None


def _linked_alike(found: FileStamp, known: FileStamp) -> bool:
    """Whether a file is the one known, hard-linked since (which moves its change time alone)."""
    return found[0] == known[0] and found[2:] == known[2:]


def _held_still(before: os.stat_result, after: os.stat_result, size: int) -> FileStamp | None:
    """A file's stamp if it did not move while it was read (`size` bytes); else None."""
    found = file_stamp(after)
    return found if file_stamp(before) == found and after.st_size == size else None


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
    total = sum(os.stat(f"{folder}/{rel}").st_size for rel in files)
    return total + total // 1000 + sum(2 * len(n) + 128 for n in names) < _MAX_SIZE


CHUNK = 1 << 20
"""Bytes of a file read and deflated at a time: a data export of 150 MB is never held whole."""


def _deflate(path: str) -> Made:
    compressor = deflating.compressobj(LEVEL, deflating.DEFLATED, -15)
    crc, size, parts = 0, 0, []
    with open(path, "rb") as file:
        before = os.fstat(file.fileno())
        while chunk := file.read(CHUNK):
            crc, size = zlib.crc32(chunk, crc), size + len(chunk)
            parts.append(compressor.compress(chunk))
        found = _held_still(before, os.fstat(file.fileno()), size)
    parts.append(compressor.flush())
    return crc, size, b"".join(parts), found


PROBE_SIZE = 4096
"""A file at least this large, deflated here, shows whether a previous archive was deflated alike."""


def _deflated_as_here(previous: Previous, jobs: list[tuple[str, Entry | None, FileStamp | None]]) -> bool:
    """Whether the previous archive's entries are what this deflater, at this level, gives: the first
    unchanged file of `PROBE_SIZE` bytes or more is deflated again and compared. An archive made by
    another version of zlib-ng, by zlib or at another level lends nothing, so that the new archive
    is byte for byte the one a cold build writes."""
    for path, entry, _ in jobs:
        if entry is not None and entry.size >= PROBE_SIZE:
            kept = _same_bytes(path, previous, entry)
            if kept is not None:
                return kept[2] == _deflate(path)[2]
    return True


def _kept_or_deflated(path: str, previous: Previous, entry: Entry) -> Made:
    """The file's CRC, size and deflated bytes: those of its entry in `previous` when they inflate to
    the file's bytes exactly, else the file deflated."""
    kept = _same_bytes(path, previous, entry)
    return kept if kept is not None else _deflate(path)


def _same_bytes(path: str, previous: Previous, entry: Entry) -> Made | None:
    """`entry`'s CRC (computed again), size and deflated bytes if they inflate to the file's bytes (and
    the file's stamp, if it held still), else None."""
    try:
        if os.stat(path).st_size != entry.size:
            return None
        data = previous.deflated(entry)
        inflater = zlib.decompressobj(-15)
        crc, size, rest = 0, 0, data
        with open(path, "rb") as file:
            before = os.fstat(file.fileno())
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
            found = _held_still(before, os.fstat(file.fileno()), size)
    except (OSError, zlib.error):
        return None
    return crc, size, data, found


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
