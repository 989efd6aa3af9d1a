"""Releases: the project's `releases/` folder, each release file's bytes and its first line.

Part of the load stage. Takes the folder; gives a `ReleaseFile` for each `NAME.jsonl.gz` in
it (see `core.releasefile`), ordered as they were made (by their sequence, then their date and
name), with its bytes as they are on disk (only its first line is read here: the link stage
reads the rest). A file that cannot be a release (not gzip, not the format, its name not the
one inside it, two releases claiming one place) is an error at its path; anything else in the
folder is left alone.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..core.characters import refused_in_value
from ..core.diagnostics import Diagnostics, Pos
from ..core.history import Release
from ..core.releasefile import FORMAT, RELEASE, SUFFIX, ReleaseFileError, digest, first_line, name_problem

MAX_FILE_BYTES = 512 * 1024 * 1024
"""A release file larger than this on disk is refused rather than read."""
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$")


@dataclass(frozen=True)
class ReleaseFile:
    """One release of the project, as its file holds it."""

    path: str
    """Its path from the project folder: 'releases/2025-03.jsonl.gz'."""
    release: Release
    data: bytes = field(repr=False)
    """The file's bytes, compressed."""
    digest: str

    @property
    def name(self) -> str:
        return self.release.name


def load_releases(folder: Path, diagnostics: Diagnostics) -> tuple[ReleaseFile, ...]:
    """Every release in `folder` (none if it does not exist), oldest first; problems to `diagnostics`."""
    try:
        names = sorted(os.listdir(folder))
    except FileNotFoundError:
        return ()
    except OSError as exc:
        diagnostics.error(Pos(folder.name), "release.unreadable", f"cannot list the releases: {exc.strerror or exc}")
        return ()
    found: list[ReleaseFile] = []
    for file_name in names:
        if file_name.endswith(SUFFIX) and not file_name.startswith("."):
            loaded = _load_one(folder, file_name, diagnostics)
            if loaded is not None:
                found.append(loaded)
    found.sort(key=lambda r: (r.release.sequence, r.release.date, r.name))
    for before, after in zip(found, found[1:], strict=False):
        if before.release.sequence == after.release.sequence:
            diagnostics.error(Pos(after.path), "release.unreadable",
                              f"release '{after.name}' is number {after.release.sequence}, as '{before.name}' is "
                              f"({before.path}); releases are numbered as they are made: was one copied from "
                              "another project?")
    return tuple(found)


def _load_one(folder: Path, file_name: str, diagnostics: Diagnostics) -> ReleaseFile | None:
    path = f"{folder.name}/{file_name}"
    name = file_name[: -len(SUFFIX)]
    try:
        data = _read(folder / file_name)
        release = parse_header(first_line(data))
    except OSError as exc:
        diagnostics.error(Pos(path), "release.unreadable", f"cannot read the release: {exc.strerror or exc}")
        return None
    except ReleaseFileError as exc:
        diagnostics.error(Pos(path), "release.unreadable", f"not a release file: {exc}; a release is written by "
                          "`dossier release NAME` and never edited")
        return None
    if release.name != name or name_problem(name):
        diagnostics.error(Pos(path), "release.unreadable",
                          f"the file is named '{name}' but holds release '{release.name}'; a release keeps the "
                          f"name it was made with: rename the file {release.name}{SUFFIX}")
        return None
    return ReleaseFile(path, release, data, digest(data))


def _read(path: Path) -> bytes:
    with open(path, "rb") as file:
        size = os.fstat(file.fileno()).st_size
        if size > MAX_FILE_BYTES:
            raise ReleaseFileError(f"it is {size:,} bytes, over the {MAX_FILE_BYTES:,} a release may be")
        return file.read()


def parse_header(line: bytes) -> Release:
    """A release file's first line as a `Release`; ReleaseFileError if it is not one."""
    if not line.startswith(RELEASE):
        raise ReleaseFileError("its first line is not a release's")
    try:
        data = json.loads(line)
        if data.get("format") != FORMAT:
            raise ReleaseFileError(f"it is in format {data.get('format')!r}; this version of dossier reads "
                                   f"format {FORMAT}")
        if not _DATE.match(_text(data["date"])):
            raise ValueError(f"its date is not YYYY-MM-DDTHH:MM:SSZ: {data['date'][:40]!r}")
        return Release(_text(data["release"]), _text(data["date"]), _text(data.get("note", "")),
                       _number(data["sequence"]), _number(data["statements"]), _number(data["records"]))
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        if isinstance(exc, ReleaseFileError):
            raise
        raise ReleaseFileError(f"its first line does not read as a release ({type(exc).__name__}: {exc})") from None


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, found {type(value).__name__}")
    if refused_in_value(value.replace("\n", " ")):
        raise ValueError("it holds a control or invisible character")
    return value


def _number(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise TypeError(f"expected a whole number, found {value!r}")
    return value
