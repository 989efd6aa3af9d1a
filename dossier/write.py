"""Write: put a rendered site on disk atomically and deterministically.

The new site is written in full to a temporary folder beside the target, then
swapped in with one rename (an atomic exchange where the system has it), so a
failed or killed build leaves the previous site exactly as it was. Files are
written in sorted order with '\n' line endings and fixed modification times.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
from pathlib import Path
from typing import Mapping

TEMP_PREFIX = ".dossier-tmp-"
FIXED_MTIME = 315532800
"""1980-01-01, the earliest time a zip can hold; used unless SOURCE_DATE_EPOCH says otherwise."""


def build_time() -> int:
    """The timestamp output files carry: SOURCE_DATE_EPOCH if set, else a fixed one."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    return max(int(value), FIXED_MTIME) if value.isdigit() else FIXED_MTIME


def collect_files(pages: Mapping[str, str], assets_dir: Path | None) -> dict[str, bytes]:
    """Every output file, path -> bytes: the rendered pages and the theme's static assets."""
    files: dict[str, bytes] = {}
    if assets_dir is not None and assets_dir.is_dir():
        for path in sorted(assets_dir.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                files[f"assets/{path.relative_to(assets_dir).as_posix()}"] = path.read_bytes()
    for url, html in pages.items():
        files[url] = html.encode("utf-8")
    return dict(sorted(files.items()))


def write_tree(files: Mapping[str, bytes], folder: Path) -> None:
    """Write files into an existing empty folder, with fixed timestamps."""
    stamp = build_time()
    for rel in sorted(files):
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(files[rel])
        os.utime(target, (stamp, stamp))


def replace_folder_atomically(files: Mapping[str, bytes], target: Path) -> None:
    """Write `files` as the whole content of `target`, replacing it in one step."""
    target = Path(target).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(target.parent)
    staging = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX, dir=target.parent))
    try:
        write_tree(files, staging)
        os.chmod(staging, 0o755)
        if target.exists() and _exchange(staging, target):
            shutil.rmtree(staging)  # staging now holds the old site
        else:
            if target.exists():
                old = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX, dir=target.parent))
                os.rename(target, old / "old")
                os.rename(staging, target)
                shutil.rmtree(old)
            else:
                os.rename(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def remove_stale_temporaries(parent: Path) -> None:
    """Remove what a killed build left behind; the published folder is never among them."""
    for leftover in parent.glob(TEMP_PREFIX + "*"):
        shutil.rmtree(leftover, ignore_errors=True)


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
