"""Write: put a rendered site on disk atomically and deterministically.

The new site is written in full to a temporary folder beside the target, then
swapped in with one rename (an atomic exchange where the system has it), so a
failed or killed build leaves the previous site exactly as it was. Files are
written in sorted order with '\n' line endings and fixed modification times.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from ..core.timings import timed

try:
    import fcntl
except ImportError:  # Windows: no flock; stale folders are then removed unconditionally
    fcntl = None  # type: ignore[assignment]

TEMP_PREFIX = ".dossier-tmp-"
FIXED_MTIME = 315532800
"""1980-01-01, the earliest time a zip can hold; used unless SOURCE_DATE_EPOCH says otherwise."""


LATEST_MTIME = 4354819198
"""2107-12-31 23:59:58, the latest time a zip can hold."""


def build_time() -> int:
    """The timestamp output files carry: SOURCE_DATE_EPOCH if set, else a fixed one.

    Clamped to what a zip can hold (1980 to 2107), so folder and archive agree.
    A value that is not a whole number of seconds is refused (ValueError), as
    the reproducible-builds specification asks, rather than silently ignored.
    """
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    if not value:
        return FIXED_MTIME
    if not value.isdigit() or not value.isascii():
        raise ValueError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, not '{value[:40]}'")
    return min(max(int(value), FIXED_MTIME), LATEST_MTIME)


def write_file(folder: Path, rel: str, data: bytes) -> None:
    """Write one file of a tree, creating its folders, with the fixed timestamp and mode."""
    write_chunks(folder, rel, (data,))


def write_chunks(folder: Path, rel: str, chunks: Iterable[bytes]) -> None:
    """As `write_file`, for a file made in chunks, each written as it comes."""
    target = folder / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "wb") as file:
        for chunk in chunks:
            file.write(chunk)
    os.chmod(target, 0o644)
    stamp = build_time()
    os.utime(target, (stamp, stamp))


def replace_file(folder: Path, rel: str, data: bytes) -> None:
    """Replace one file of a live tree in one rename, so a reader never sees it half written.

    The bytes go to a temporary file of a name of its own beside the target, with the
    fixed timestamp and mode; if anything fails, that file is removed and the old one stays.
    """
    target = folder / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(partial, 0o644)
        stamp = build_time()
        os.utime(partial, (stamp, stamp))
        os.replace(partial, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(partial)
        raise


def write_tree(files: Mapping[str, bytes], folder: Path) -> None:
    """Write files into an existing folder, with fixed timestamps and modes (folders: `stamp_folders`)."""
    for rel in sorted(files):
        write_file(folder, rel, files[rel])


def stamp_folders(folder: Path) -> None:
    """Give every folder of a tree the build's timestamp and a fixed mode, deepest first.

    Writing into a folder moves its time, so this runs once the files are in; an
    archive of the tree is then as reproducible as its bytes, and the umask of
    whoever builds does not show.
    """
    stamp = build_time()
    folders = [dirpath for dirpath, _, _ in os.walk(folder)]
    for path in sorted(folders, key=lambda p: p.count(os.sep), reverse=True):
        os.chmod(path, 0o755)
        os.utime(path, (stamp, stamp))


@contextmanager
def staging_folder(target: Path) -> Iterator[Path]:
    """A new temporary folder beside `target`, locked while this build uses it, removed after.

    The lock (flock on the folder, which the system drops when the process
    dies, SIGKILL included) tells a concurrent build that the folder is in
    use, so it only clears the leftovers of builds that are gone. The folder is
    made and locked as one step (see `_new_locked_folder`).
    """
    staging, handle = _new_locked_folder(target.parent)
    try:
        yield staging
    finally:
        with timed("removing the staging folder"):  # once published, it holds the last tree
            shutil.rmtree(staging, ignore_errors=True)
        if handle is not None:
            os.close(handle)


def _new_locked_folder(parent: Path) -> tuple[Path, int | None]:
    """A new folder of `parent` (named TEMP_PREFIX...), locked, and still the folder at its name.

    A folder's name is seen before it can be locked, and in that instant another build's
    `remove_stale_temporaries` may take it, unlocked, for a killed build's leftover and
    remove it. So the lock is taken, then checked to be on the folder the name holds: if
    the folder was taken, the lock is on a folder that is gone (or opening it failed), and
    another is made. Once the check passes, the folder is this build's until it removes it,
    for no build removes a locked folder. Where there are no locks (None), there is no check.

    (A lock taken first, on the folder that holds them, would spare the retry, but there is
    no such lock to take without a cost: dist/'s own lock already means "publishing" to
    concurrent bundles, and a lock file beside site/ would stay in the project for good.)
    """
    while True:
        staging = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX, dir=parent))
        handle = _lock(staging, wait=True)
        if isinstance(handle, int) and not isinstance(handle, bool):
            if _same_folder(handle, staging):
                return staging, handle
            os.close(handle)
        elif fcntl is None or os.path.isdir(staging):  # locks are not supported here
            return staging, None


def _same_folder(handle: int, path: Path) -> bool:
    """Whether the folder open at `handle` is the one at `path`."""
    try:
        held, named = os.fstat(handle), os.lstat(path)
    except OSError:
        return False
    return (held.st_dev, held.st_ino) == (named.st_dev, named.st_ino)


@contextmanager
def publishing_lock(folder: Path, on_wait: Callable[[str], None]) -> Iterator[None]:
    """Hold an exclusive lock on `folder` (the dist/ of a project) while outputs in it are published.

    Another build of the same project that reaches this point waits, after saying
    so through `on_wait`, until the lock is released; the system releases it when a
    process dies, so a killed build never blocks the next.
    """
    handle = _lock(folder, wait=False)
    if handle is False:
        on_wait(f"waiting for another build to finish publishing into {folder}")
        handle = _lock(folder, wait=True)
    try:
        yield
    finally:
        if isinstance(handle, int):
            os.close(handle)


@contextmanager
def replacing_folder(target: Path) -> Iterator[Path]:
    """An empty folder to fill; when the block ends normally it becomes `target` in one step.

    If the block raises, the new folder is thrown away and `target` is left as it
    was. The new tree is built in `<staging>/site`, then swapped with `target` by
    one renameat2 exchange. Where the system cannot exchange, the old tree is
    first parked in the staging folder and the new one renamed in; a build
    killed between those two renames leaves the old tree parked, and the next
    build puts it back before anything else.
    """
    target = Path(target).resolve()
    if target.exists() and not target.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "exists and is not a folder; move it away", str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(target.parent, target)
    with staging_folder(target) as staging:
        new = staging / "site"
        new.mkdir()
        yield new
        with timed("publishing"):
            _swap_in(new, target, staging)


def _swap_in(new: Path, target: Path, staging: Path) -> None:
    """Make the filled folder `new` the `target` (see `replacing_folder`)."""
    stamp_folders(new)
    made = os.stat(new)
    if target.exists() and _exchange(new, target):
        _published(target, made)
        return  # `new` now holds the old tree, removed with the staging folder
    if not target.exists():
        os.rename(new, target)
        _published(target, made)
        return
    os.rename(target, staging / _PARKED)
    try:
        os.rename(new, target)
    except BaseException:
        os.rename(staging / _PARKED, target)  # the staging folder is about to be removed
        raise
    _published(target, made)


def rename_into_place(private: Path, target: Path) -> None:
    """Rename a finished file over `target` (readers see the old file or the new, never a part),
    noting it as published by this process."""
    made = os.stat(private)
    os.replace(private, target)
    _published(target, made)


_PUBLISHED: dict[Path, tuple[int, int]] = {}
"""Output path (resolved) -> the device and inode of what this process last published there."""


def _published(target: Path, made: os.stat_result) -> None:
    _PUBLISHED[Path(target).resolve()] = (made.st_dev, made.st_ino)


def published_here(target: Path) -> tuple[int, int] | None:
    """The device and inode of what this process published at `target`, or None if it published
    nothing there: with builds running at once, an output that changed may be another build's."""
    return _PUBLISHED.get(Path(target).resolve())


def replace_folder_atomically(files: Mapping[str, bytes], target: Path) -> None:
    """Write `files` as the whole content of `target`, replacing it in one step."""
    with replacing_folder(target) as folder:
        write_tree(files, folder)


_PARKED = "parked-old-site"


def remove_stale_temporaries(parent: Path, target: Path | None = None) -> None:
    """Remove what killed builds left behind; folders a running build holds are left alone.

    A killed build that had parked the old site and not yet published the new
    one leaves no `target`: the parked site is put back first.
    """
    for leftover in sorted(parent.glob(TEMP_PREFIX + "*")):
        handle = _lock(leftover, wait=False)
        if handle is False:
            continue  # a live build's
        try:
            parked = leftover / _PARKED
            if target is not None and not target.exists() and parked.is_dir():
                os.rename(parked, target)
            shutil.rmtree(leftover, ignore_errors=True)
        finally:
            if isinstance(handle, int):
                os.close(handle)


def _lock(folder: Path, wait: bool) -> int | None | bool:
    """An fd holding an exclusive lock on `folder`; False if another process holds it; None if locks are unsupported."""
    if fcntl is None:
        return None
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        os.close(handle)
        return False
    except OSError:
        os.close(handle)
        return None
    return handle


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one system call (Linux renameat2); False where unsupported."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0
