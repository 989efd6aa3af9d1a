"""File stamps and digests: telling, cheaply and safely, whether a file changed since it was read.

A stamp is what `stat` says of a file: modification and change times (ns), size and
inode. Writing a file, renaming another over it or restoring its modification time
all move its change time, which no user can set back; so an unchanged stamp means
unchanged bytes, with one exception that git also guards against: a file changed
again within the clock tick of its last change, which file systems may record with
the same times. A stamp taken within `RACY_SECONDS` of its file's last change is
therefore not trusted (`trusted_stamp`): next time the file is read and hashed again.
Digests are BLAKE2b of the bytes, 16 bytes long.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from pathlib import Path

Stamp = tuple[int, int, int, int]
"""(st_mtime_ns, st_ctime_ns, st_size, st_ino) of a file."""

RACY_SECONDS = 2
"""A file changed this recently when it was stamped may change again within the same clock tick."""


def file_stamp(info: os.stat_result) -> Stamp:
    return (info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino)


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def trusted_stamp(stamp: Stamp, now_ns: int | None = None) -> Stamp | None:
    """The stamp, if it can stand for the file's bytes later; None if its file changed too recently."""
    now_ns = time.time_ns() if now_ns is None else now_ns
    recent = now_ns - RACY_SECONDS * 1_000_000_000
    return None if stamp[0] >= recent or stamp[1] >= recent else stamp


Entry = tuple[str, Stamp | None]
"""What a folder holds at a path: its type ('f' file, 'd' folder, 'l' symbolic link, 'o' other) and,
for a file, its stamp. Where links are followed, a link to a file is ('l', the stamp of its target),
a link to a folder is ('l', None) with the target's entries under the link's path, and a link that
leads nowhere (dangling, or into a loop of folders) is ('l', None)."""


def scan_folder(folder: Path, skip_hidden: bool = True, follow_links: bool = False) -> dict[str, Entry]:
    """Every entry under `folder`, by POSIX path relative to it.

    With `skip_hidden`, names starting with '.' are left out with everything under them,
    as the content loader leaves them out. With `follow_links`, symbolic links are followed
    as a reader that opens files by name follows them (Jinja does), so an edit to a link's
    target changes the scan; a folder is walked once per path, never into a loop.
    """
    found: dict[str, Entry] = {}
    if not folder.is_dir():
        return found

    def walk(path: str, prefix: str, above: frozenset[tuple[int, int]]) -> None:
        with os.scandir(path) as entries:
            for entry in entries:
                if skip_hidden and entry.name.startswith("."):
                    continue
                rel = prefix + entry.name
                if entry.is_file(follow_symlinks=False):  # most entries: asked first, one call each
                    found[rel] = ("f", file_stamp(entry.stat(follow_symlinks=False)))
                elif entry.is_symlink():
                    target = _target(entry.path) if follow_links else None
                    if target is not None and stat.S_ISREG(target.st_mode):
                        found[rel] = ("l", file_stamp(target))
                        continue
                    found[rel] = ("l", None)
                    if target is not None and stat.S_ISDIR(target.st_mode) and _identity(target) not in above:
                        walk(entry.path, rel + "/", above | {_identity(target)})
                elif entry.is_dir():
                    found[rel] = ("d", None)
                    walk(entry.path, rel + "/", above | {_identity(entry.stat())})
                else:
                    found[rel] = ("o", None)

    walk(str(folder), "", frozenset({_identity(os.stat(folder))}))
    return dict(sorted(found.items()))


def file_entry(path: Path) -> Entry | None:
    """A regular file's entry as `scan_folder` gives it, links not followed (None if the path is
    not a regular file now)."""
    try:
        info = path.lstat()
    except OSError:
        return None
    return ("f", file_stamp(info)) if stat.S_ISREG(info.st_mode) else None


def _target(path: str) -> os.stat_result | None:
    """What a symbolic link leads to; None if nothing (dangling, a loop of links, unreadable)."""
    try:
        return os.stat(path)
    except OSError:
        return None


def _identity(info: os.stat_result) -> tuple[int, int]:
    return info.st_dev, info.st_ino


def read_digest(path: Path) -> bytes | None:
    """The digest of a file's bytes; None if it cannot be read."""
    try:
        return digest(path.read_bytes())
    except OSError:
        return None
