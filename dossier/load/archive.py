"""Archive: the captured copies of sources, read from the project's archive folder.

Takes the archive folder (`archive/` beside the content folder; see `core.archive`);
gives each source id's `ArchivedCopy` (the copy's bytes, their SHA-256, type, address,
time and the text extracted at capture) and diagnostics for a capture file that cannot
be read. Whether a copy is the one its source record names is validation's question.
Nothing here touches the network.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from ..core.archive import CAPTURE_SUFFIX, read_capture
from ..core.diagnostics import Diagnostics, Pos
from ..core.model import ArchivedCopy
from ..core.project import ARCHIVE_FOLDER
from ..core.warc import WarcError

MAX_CAPTURE_BYTES = 256 * 1024 * 1024
"""A capture file larger than this is refused unread (a copy is a page or a document, not a disk image)."""


def load_archive(archive_dir: Path | None, diagnostics: Diagnostics,
                 publish_up_to: int = 20_000_000) -> dict[str, ArchivedCopy]:
    """Every readable capture under `archive_dir`, by source id, in sorted order; {} when there is no folder.
    A copy whose capture file is over `publish_up_to` bytes is marked to stay out of the site."""
    if archive_dir is None or not archive_dir.is_dir():
        return {}
    copies: dict[str, ArchivedCopy] = {}
    for entry in sorted(os.scandir(archive_dir), key=lambda e: e.name):
        if entry.name.startswith(".") or not entry.is_dir(follow_symlinks=False):
            continue
        rel = f"{ARCHIVE_FOLDER}/{entry.name}/{entry.name}{CAPTURE_SUFFIX}"
        copy = _read_copy(Path(entry.path) / f"{entry.name}{CAPTURE_SUFFIX}", rel, diagnostics, publish_up_to)
        if copy is not None:
            copies[entry.name] = copy
    return copies


def _read_copy(path: Path, rel: str, diagnostics: Diagnostics, publish_up_to: int) -> ArchivedCopy | None:
    try:
        if path.is_symlink() or not path.is_file():
            diagnostics.error(Pos(rel), "archive.unreadable",
                              f"'{rel}' is missing or not a regular file: the archive folder "
                              f"'{path.parent.name}' holds no capture (`add-source` writes it)")
            return None
        size = path.stat().st_size
        if size > MAX_CAPTURE_BYTES:
            diagnostics.error(Pos(rel), "archive.unreadable",
                              f"'{rel}' is {size:,} bytes, over the {MAX_CAPTURE_BYTES:,} a capture may have")
            return None
        data = path.read_bytes()
    except OSError as exc:
        diagnostics.error(Pos(rel), "archive.unreadable", f"'{rel}' cannot be read: {exc.strerror or exc}")
        return None
    try:
        capture = read_capture(data)
    except WarcError as exc:
        diagnostics.error(Pos(rel), "archive.unreadable", f"'{rel}' is not a capture this engine can read: {exc}")
        return None
    return ArchivedCopy(rel, len(data), hashlib.sha256(capture.payload).hexdigest(), capture.media_type,
                       capture.charset, len(capture.payload), capture.target, capture.retrieved,
                       capture.extracted, len(data) <= publish_up_to, data, capture.payload)
