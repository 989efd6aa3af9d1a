"""Zip entries: a previous archive's entries, read or copied into a new one, and the stamps that
tell which file an entry was made from (see `ziparchive`, which writes archives with them).

A `Previous` archive's directory is read once; an entry's deflated bytes are read (to compare
with a file by inflating them) or copied file to file by `Out`, inside the kernel where it can
(`copy_file_range`). `Zipped` is what a published archive holds: its own stamp, and the stamp
of the file each entry was made from, for the next archive to know them by.
"""

from __future__ import annotations

import os
import struct
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, NamedTuple

GATHER = 1 << 20
"""Bytes of small writes gathered before they are written."""

FileStamp = list[int]
"""[mtime_ns, ctime_ns, size, inode] of a file (see `file_stamp`), as `cache.lastsite` stamps them."""


class Zipped(NamedTuple):
    """What a published archive holds: its own stamp, and, by relative path, the stamp of the file each
    entry was made from (of those that held still while read)."""
    archive: FileStamp
    files: dict[str, FileStamp]

def file_stamp(info: os.stat_result) -> FileStamp:
    """[mtime_ns, ctime_ns, size, inode]: any write, link or rename moves the change time."""
    return [info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino]


class Out:
    """The archive being written: small writes gathered, large ones written at once, and the deflated
    bytes of a previous archive's entry copied file to file (inside the kernel where it can)."""

    def __init__(self, fd: int):
        self.fd = fd
        self.pending = bytearray()

    def write(self, data: bytes) -> None:
        if len(data) >= GATHER:
            self.flush()
            _write_all(self.fd, data)
            return
        self.pending += data
        if len(self.pending) >= GATHER:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            _write_all(self.fd, self.pending)
            self.pending.clear()

    def copy(self, previous: Previous, entry: Entry) -> None:
        """An entry's deflated bytes."""
        self.copy_range(previous, previous.data_start(entry), entry.deflated)

    def copy_range(self, previous: Previous, start: int, length: int) -> None:
        """Bytes of the previous archive, from `start`."""
        self.flush()
        while length and hasattr(os, "copy_file_range"):
            try:
                done = os.copy_file_range(previous.fileno(), self.fd, length, start)
            except OSError:
                break
            if done <= 0:
                break
            start, length = start + done, length - done
        while length:
            chunk = os.pread(previous.fileno(), min(length, GATHER), start)
            if not chunk:
                raise OSError("the previous archive ended inside an entry it had read whole")
            _write_all(self.fd, chunk)
            start, length = start + len(chunk), length - len(chunk)


def _write_all(fd: int, data: bytes | bytearray) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


class Entry(NamedTuple):
    """Where an entry of a previous archive is: its local header, its sizes, deflated and whole, its CRC,
    and its time as a zip writes it (the date, then the time, in MS-DOS form)."""
    header: int
    deflated: int
    size: int
    crc: int
    dos: int


def dos_stamp(date_time: tuple[int, int, int, int, int, int]) -> int:
    """A time (year to second) as a zip entry holds it: its MS-DOS date, then its time, as one number."""
    year, month, day, hour, minute, second = date_time
    return ((year - 1980) << 9 | month << 5 | day) << 16 | hour << 11 | minute << 5 | second // 2


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
                self._entries = {info.filename: Entry(info.header_offset, info.compress_size, info.file_size,
                                                      info.CRC, dos_stamp(info.date_time))
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

    def known(self, zipped: Zipped | None) -> dict[str, FileStamp]:
        """The files whose bytes its entries hold, by the stamp they had (see `Zipped`): those of
        `zipped` if it is this very archive, unwritten since it was published; else none."""
        if zipped is None or self._handle is None or not self._entries:
            return {}
        try:
            same = file_stamp(os.fstat(self._handle.fileno())) == zipped.archive
        except OSError:
            return {}
        return zipped.files if same else {}

    def fileno(self) -> int:
        assert self._handle is not None
        return self._handle.fileno()

    def data_start(self, entry: Entry) -> int:
        """Where an entry's deflated bytes begin (after its local header, its name and extra field)."""
        header = os.pread(self.fileno(), 30, entry.header)
        if len(header) < 30 or header[:4] != b"PK\x03\x04":
            raise OSError("the previous archive changed while it was read")
        name_length, extra_length = struct.unpack("<HH", header[26:30])
        return entry.header + 30 + name_length + extra_length

    def deflated(self, entry: Entry) -> bytes:
        """The deflated bytes of an entry."""
        assert self._handle is not None
        with self._lock:
            try:
                start = self.data_start(entry)
            except OSError:
                return b""
            self._handle.seek(start)
            return self._handle.read(entry.deflated)
