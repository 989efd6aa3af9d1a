"""Release: `dossier release NAME`, a snapshot of every statement written to `releases/NAME.jsonl.gz`.

Takes the project (read and checked as a build reads it: a dossier with errors is not
released), a name and a note; writes the release file (see `core.releasefile`): the
release's line, each record's block of statements (see `link.snapshot`) and the
FollowTheMoney entities as data/entities.ftm.json has them, so that each release's delta
can be made later from the files alone. A release is never rewritten: a name already taken
is refused, and the file is put in place by a link that fails if one is there. No git is
needed, nor anything but the project folder.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..cache.planner import Planner
from ..core.diagnostics import Diagnostic, Diagnostics, DossierError, Pos
from ..core.model import Dossier
from ..core.project import Project
from ..core.releasefile import FORMAT, SUFFIX, compress, name_problem
from ..export.ftmvalues import ftm_entities
from ..export.lines import json_text
from ..link.snapshot import json_line, take_snapshot
from ..load.releases import load_releases
from .site import require_project


@dataclass(frozen=True)
class Made:
    """A release written: its path from the project folder, its number, and what it holds."""

    path: str
    sequence: int
    records: int
    statements: int
    warnings: list[Diagnostic]


def make_release(project: Project, name: str, note: str = "", planner: Planner | None = None,
                 now: datetime | None = None) -> Made:
    """Write release `name` of the project; DossierError (nothing written) for a bad name, a name taken,
    a release that cannot be read, or content with errors."""
    where = Pos(f"releases/{name}{SUFFIX}")
    problem = name_problem(name) or _note_problem(note)
    if problem:
        raise DossierError([Diagnostic(where, "error", problem, "release.name")])
    diagnostics = Diagnostics()
    earlier = load_releases(project.releases_dir, diagnostics)
    if diagnostics.errors:
        raise DossierError(diagnostics.errors)
    if any(file.name == name for file in earlier):
        raise DossierError([Diagnostic(where, "error", f"release '{name}' exists; a release is never rewritten: "
                                       "give the new one another name", "release.name")])
    dossier, warnings = require_project(project, planner or Planner.forgetful(project))
    sequence = (earlier[-1].release.sequence if earlier else 0) + 1
    date = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    lines, records, statements = release_lines(dossier, name, note, date, sequence)
    data = compress(lines)
    project.releases_dir.mkdir(exist_ok=True)
    _write_new(project.releases_dir / f"{name}{SUFFIX}", data)
    return Made(f"{project.releases_dir.name}/{name}{SUFFIX}", sequence, records, statements, warnings)


def release_lines(dossier: Dossier, name: str, note: str, date: str, sequence: int) -> tuple[list[bytes], int, int]:
    """A release file's lines, and its numbers of records and statements."""
    snapshot = take_snapshot(dossier.entities, dossier.sources, dossier.events, dossier.statements)
    statements = sum(block.count(b"\n") for block in snapshot.blocks.values())
    header = {"release": name, "format": FORMAT, "date": date, "note": note, "sequence": sequence,
              "records": len(snapshot.blocks), "statements": statements}
    lines = [json_line(header).encode("utf-8"), *snapshot.blocks.values()]
    lines += [('{"ftm":' + json_text({"id": e.id, "schema": e.schema, "properties": e.properties()}) + "}")
              .encode("utf-8") for e in ftm_entities(dossier)]
    return lines, len(snapshot.blocks), statements


def _note_problem(note: str) -> str:
    if len(note) > 2000:
        return "a release's note is a line or two (at most 2,000 characters); say the rest in the dossier"
    if any(ord(c) < 32 and c != "\n" or c == "\x7f" for c in note):
        return "a release's note may not hold control characters"
    return ""


def _write_new(path: Path, data: bytes) -> None:
    """Write `path`, which must not exist: the bytes go to a file beside it, linked in place (which fails
    if a file is there by then), then the temporary name is removed."""
    handle, temporary = tempfile.mkstemp(prefix=".release.", dir=path.parent)
    try:
        mask = os.umask(0)
        os.umask(mask)
        os.fchmod(handle, 0o666 & ~mask)  # as any file the project's editors write
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            raise DossierError([Diagnostic(Pos(f"releases/{path.name}"), "error", f"release '{path.name}' was "
                                           "written meanwhile by another run; a release is never rewritten",
                                           "release.name")]) from None
    finally:
        os.unlink(temporary)
