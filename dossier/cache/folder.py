"""Folder: .dossier-cache/ and the files in it, made and opened so that nothing planted there is followed.

A project may come from anywhere (a downloaded archive, a clone), its cache folder with it.
So nothing in the folder is written through a symbolic link or opened unless it is a regular
file: `make_folder` replaces a folder that is a link, and a `.gitignore`, `CACHEDIR.TAG` or
`lock` that is not a regular file (a link, dangling or not, a FIFO, a folder), writing its
own files with O_NOFOLLOW and O_EXCL relative to the folder's own handle; `lock` opens its
file without following links or blocking; `odd_database_file` finds a database file (the
database and SQLite's journal, WAL and shared-memory files) that is not a regular file of its
own, which SQLite would follow, block on (a FIFO taken for a hot journal hangs a run) or
write through, so the cache is discarded (`discard`) before SQLite opens anything.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no flock; runs of one project then must not overlap
    fcntl = None  # type: ignore[assignment]

CACHE_DIR = ".dossier-cache"
DATABASE = "cache.sqlite"
DATABASE_FILES = (DATABASE, f"{DATABASE}-journal", f"{DATABASE}-wal", f"{DATABASE}-shm")
"""The database and the files SQLite keeps beside it."""
LOCK = "lock"
SNAPSHOT = "model.pickle"
"""The linked model kept for edits to notes (see `keptmodel`), trusted through the database."""
MARKERS = {
    ".gitignore": "# Made by dossier: a build cache, never committed.\n*\n",
    "CACHEDIR.TAG": "Signature: 8a477f597d28d172789f06886806bc55\n"
                    "# This file marks dossier's build cache (https://bford.info/cachedir/).\n",
}
"""Files that keep git and backup tools out of the folder, with their text."""
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)

Notice = Callable[[str], None]


def make_folder(folder: Path, notice: Notice) -> None:
    """.dossier-cache/ as a real folder of this project, which git and backups leave alone."""
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        notice(f"cache: {CACHE_DIR} is not a folder; replaced by a new cache")
        folder.unlink()
    folder.mkdir(exist_ok=True)
    handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _NOFOLLOW)
    try:
        for name in (*MARKERS, LOCK):
            if _remove_unless_regular(handle, name):
                notice(f"cache: {CACHE_DIR}/{name} was not a regular file; it is replaced, and what it "
                       "pointed to is left alone")
        for name, text in MARKERS.items():
            _write_new(handle, name, text)
    finally:
        os.close(handle)


def _remove_unless_regular(folder: int, name: str) -> bool:
    """Remove the entry `name` of the open folder if it is anything but a regular file (a link is
    removed, never followed); whether there was one."""
    try:
        info = os.lstat(name, dir_fd=folder)
    except FileNotFoundError:
        return False
    if stat.S_ISREG(info.st_mode):
        return False
    if stat.S_ISDIR(info.st_mode):
        shutil.rmtree(name, dir_fd=folder)
    else:
        os.unlink(name, dir_fd=folder)
    return True


def _write_new(folder: int, name: str, text: str) -> None:
    """Write a file of the open folder unless it is there; never through a link (O_EXCL, O_NOFOLLOW)."""
    try:
        handle = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o644, dir_fd=folder)
    except FileExistsError:
        return
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        file.write(text)


def lock(path: Path) -> int | bool | None:
    """An fd holding an exclusive lock on `path`; False if another process holds it; None without flock.

    The file is opened without following a link or waiting on a FIFO, and must be a regular file."""
    if fcntl is None:
        return None
    handle = os.open(path, os.O_RDWR | os.O_CREAT | _NOFOLLOW | _NONBLOCK, 0o644)
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise OSError(f"{path.name} is not a regular file")
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(handle)
        return False
    except BaseException:
        os.close(handle)
        raise
    return handle


def unlock(held: int | bool | None) -> None:
    if isinstance(held, int) and not isinstance(held, bool):
        os.close(held)


def odd_database_file(folder: Path) -> str | None:
    """Why one of the database's files cannot be left to SQLite (it is not a regular file of its own),
    or None. Only names are looked at (lstat): nothing is opened."""
    for name in DATABASE_FILES:
        try:
            info = os.lstat(folder / name)
        except FileNotFoundError:
            continue
        if not stat.S_ISREG(info.st_mode):
            return f"{name} is not a regular file ({_kind(info.st_mode)})"
        if info.st_nlink > 1:
            return f"{name} has other names (hard links) elsewhere"
    return None


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISLNK, "a symbolic link"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISDIR, "a folder"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "a device"


def discard(folder: Path, why: str, notice: Notice) -> None:
    """Remove the database, SQLite's files beside it and the kept model it vouched for (links and
    FIFOs removed, never followed or opened)."""
    notice(f"cache: {CACHE_DIR}/{DATABASE} is discarded: {why}; a new one is begun")
    for name in (*DATABASE_FILES, SNAPSHOT):
        path = folder / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
