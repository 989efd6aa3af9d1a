"""The last site: the site/ a build published, as the next build finds it.

`tree_stamps` takes the stamp of every file and folder of it, which the planner records; a file
whose stamp is the one recorded is as its build left it. `LastSite` gives such files to a new
site by hard link (`lend`), copied where links are refused. `SiteLinks` holds the links of every
file of a build: those rendered, as found, and those kept from the last site, read from their
files when the link check asks for them. `zipped_alike` tells which files lent are those the
bundle's zip was made from, as `zipped_as_recorded` recorded them.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from ..write.linkcheck import PageLinks, page_links
from ..write.zipentries import Zipped

TreeStamps = dict[str, list[int]]
"""Relative path ('' for the folder itself, 'x/' for a folder) -> [mtime, ctime, size, inode]."""


class SiteLinks(Mapping[str, "PageLinks | None"]):
    """The links of every file of a build: those rendered, as found; those kept from the last site,
    read from their files when asked for (most never are, see `Planner.pages_to_check`)."""

    def __init__(self, found: dict[str, Any], kept: set[str], folder: Path):
        self.found = found
        self.kept = kept
        self.folder = folder
        self._read: dict[str, PageLinks] = {}

    def __getitem__(self, url: str) -> PageLinks | None:
        if url in self.found:
            value = self.found[url]
            return value if isinstance(value, PageLinks) else None
        if url not in self.kept:
            raise KeyError(url)
        if url not in self._read:
            try:
                self._read[url] = page_links((self.folder / url).read_bytes())
            except OSError:  # gone since: links into it are reported broken, as they are
                return None
        return self._read[url]

    def __contains__(self, url: object) -> bool:
        return url in self.found or url in self.kept

    def __iter__(self) -> Iterator[str]:
        return iter(self.found.keys() | self.kept)

    def __len__(self) -> int:
        return len(self.found.keys() | self.kept)


class LastSite:
    """The site last published, opened as a folder (so a build that replaces it meanwhile does not
    mislead): gives a file to a new site if it is as its build left it."""

    def __init__(self, handle: int, stamps: TreeStamps):
        self.handle = handle
        self.stamps = stamps
        self.made: set[str] = set()
        """The folders of the new site made (paths as strings: joined 11,000 times, Path costs more than the links)."""
        self.lent: list[str] = []
        """The files given by hard link."""

    @classmethod
    @contextlib.contextmanager
    def opened(cls, site_dir: Path, state: Any) -> Iterator[LastSite | None]:
        if not isinstance(state, dict) or not isinstance(state.get("stamps"), dict) or \
                os.link not in os.supports_dir_fd or os.stat not in os.supports_dir_fd:
            yield None
            return
        stamps: TreeStamps = state["stamps"]
        try:
            handle = os.open(site_dir, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        except OSError:
            yield None
            return
        try:
            info = os.fstat(handle)
            same = [info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino] == stamps.get("")
            yield cls(handle, stamps) if same else None
        finally:
            os.close(handle)

    def give(self, rel: str, folder: Path) -> bool:
        """Hard-link (or copy) the file at `rel` into `folder` if it is as recorded; whether it was."""
        expected = self.stamps.get(rel)
        try:
            info = os.stat(rel, dir_fd=self.handle, follow_symlinks=False)
        except OSError:
            return False
        if expected is None or _stamp(info) != expected:
            return False
        target, parent = f"{folder}/{rel}", f"{folder}/{rel.rpartition('/')[0]}"
        if parent not in self.made:
            os.makedirs(parent, exist_ok=True)
            self.made.add(parent)
        try:
            lend(self.handle, rel, target)
        except OSError:
            return self._copy(rel, Path(target), expected)
        self.lent.append(rel)
        linked = os.lstat(target)  # the same file still: its change time moved with the new link, nothing else
        if (linked.st_ino, linked.st_mtime_ns, linked.st_size) != (expected[3], expected[0], expected[2]):
            os.unlink(target)
            return False
        return True

    def _copy(self, rel: str, target: Path, expected: list[int]) -> bool:
        """Where hard links are refused: the bytes, if the file read is the one recorded."""
        from ..write.atomic import write_file
        try:
            handle = os.open(rel, os.O_RDONLY, dir_fd=self.handle)
        except OSError:
            return False
        with os.fdopen(handle, "rb") as file:
            data = file.read()
            if _stamp(os.fstat(file.fileno())) != expected:
                return False
        write_file(target.parent, target.name, data)
        return True


def give_all(last: LastSite, files: list[str], folder: Path) -> bool:
    """Hard-link every one of `files` from the last site into `folder`, or none: a file given is
    the last site's own, and must not be left there to be written over."""
    given: list[str] = []
    for rel in files:
        if not last.give(rel, folder):
            for done in given:
                (folder / done).unlink()
            return False
        given.append(rel)
    return True


def lend(folder: int, rel: str, target: Path | str) -> None:
    """Hard-link the file at `rel` of an open folder to `target`."""
    os.link(rel, target, src_dir_fd=folder, follow_symlinks=False)


def _stamp(info: os.stat_result) -> list[int]:
    return [info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino]


def tree_stamps(folder: Path) -> TreeStamps:
    """The stamp of a folder and of everything in it (not following symbolic links); {} if it is missing."""
    try:
        stamps: TreeStamps = {"": _stamp(os.lstat(folder))}
    except OSError:
        return {}

    def walk(path: str, prefix: str) -> None:
        with os.scandir(path) as entries:
            for entry in entries:
                info = entry.stat(follow_symlinks=False)
                if entry.is_dir(follow_symlinks=False):
                    stamps[prefix + entry.name + "/"] = _stamp(info)
                    walk(entry.path, prefix + entry.name + "/")
                else:
                    stamps[prefix + entry.name] = _stamp(info)

    try:
        walk(str(folder), "")
    except OSError:
        return {}
    return stamps


def recorded_file(path: Path, stamp: list[int]) -> bytes | None:
    """The bytes of a file, if it is as its stamp recorded it; else None."""
    try:
        with open(path, "rb") as file:
            if _stamp(os.fstat(file.fileno())) != stamp:
                return None
            return file.read()
    except OSError:
        return None


def zipped_alike(lent: list[str], site: Any, zipped: Any) -> Zipped | None:
    """Of the files `lent` from the last site (whose recorded stamps are `site`'s), those known to
    be the files the published bundle's zip (`zipped`, as its writer told, see
    `write.ziparchive.Zipped`) was made from, unwritten since, with that zip's stamp; None if
    that cannot be told.

    Each file lent was found with the stamp recorded for it, change time and all (see
    `LastSite.give`); where that is the stamp it had as it was zipped, it is the same file,
    untouched between, since a write or a link moves the change time. The bundle's folder holds
    hard links to the site's files, so they are the ones it zips next."""
    if not lent or not isinstance(site, dict) or not isinstance(zipped, dict):
        return None
    stamps, archive, files = site.get("stamps"), zipped.get("archive"), zipped.get("files")
    if not isinstance(stamps, dict) or not isinstance(archive, list) or not isinstance(files, dict):
        return None
    return Zipped(archive, {rel: found for rel in lent
                            if (found := files.get(rel)) is not None and stamps.get(rel) == found})


def zipped_as_recorded(zipped: Zipped, site: TreeStamps) -> dict[str, list[int]]:
    """The files the bundle's zip was made from (`zipped`, their stamps as zipped), by the stamps
    site/ was just recorded with (`site`): those found as they were zipped, but for their change time.

    Between the zip and the record, the build removed the old bundle's folder, whose hard links
    to these files' unchanged pages went with it: that moves their change time and nothing else
    (as a link does, see `Planner._retake_site`). A file written since has another time, size
    or inode, and is left out."""
    return {rel: now for rel, then in zipped.files.items()
            if (now := site.get(rel)) is not None and now[0] == then[0] and now[2:] == then[2:]}
