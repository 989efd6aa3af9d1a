"""What the release tests share: a test dossier with three releases and a change since the last.

It starts from tests/sites/disputed (a smuggling ring two reports disagree on) and is
edited between its releases, as an editor would:

- r1: the dossier as it is.
- r2: a value edited (the ring's kind), a qualifier edited (the police's estimate is no
  longer marked one), a citation edited (Tobias Wren's occupation cites other words), a record
  added (the coast), and a record renamed (tobias-wren is t-wren, with `previous_ids`).
- r3: the record added in r2 removed, and a disputed value resolved (the Valley Post's
  founding withdrawn, with the review of it).
- since r3, not yet released: Millbrook's summary edited.

Each stage's data/entities.ftm.json is kept, so a test can apply a release's delta to the one
before it.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from dossier.build.read import read_dossier
from dossier.build.release import make_release
from dossier.core.project import load_project
from dossier.export.catalog import export_files
from tests.helpers import SITES

DATES = {"r1": datetime(2025, 1, 10, 9, 0, tzinfo=UTC),
         "r2": datetime(2025, 2, 14, 9, 30, tzinfo=UTC),
         "r3": datetime(2025, 3, 20, 16, 45, tzinfo=UTC)}
NOTES = {"r1": "The first account", "r2": "A new place; Tobias Wren's record renamed", "r3": "The founding settled"}


@dataclass
class Released:
    project: Path
    ftm: dict[str, bytes] = field(default_factory=dict)
    """Release name -> data/entities.ftm.json as the dossier had it when released."""


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def release(done: Released, name: str) -> None:
    project = load_project(done.project)
    dossier, diagnostics = read_dossier(project.content_dir, releases_dir=project.releases_dir)
    assert not diagnostics.errors, [str(d) for d in diagnostics.errors]
    done.ftm[name] = export_files(dossier)["data/entities.ftm.json"]
    make_release(project, name, NOTES[name], now=DATES[name])


def three_releases(root: Path) -> Released:
    """The test dossier in `root`/heron, with releases r1, r2 and r3 and an edit since."""
    folder = root / "heron"
    shutil.copytree(SITES / "disputed", folder)
    content = folder / "content"
    done = Released(folder)
    release(done, "r1")

    ring = content / "groups" / "grey-heron-network.yml"
    edit(ring, "  value: smuggling ring\n", "  value: smuggling network\n")
    edit(ring, "  - value: about 60 members\n    estimate: true\n", "  - value: about 60 members\n")
    wren = content / "people" / "tobias-wren.yml"
    edit(wren, "    quote: police spokesman Tobias Wren\n", "    quote: police spokesman Tobias Wren told the Post\n")
    wren.rename(content / "people" / "t-wren.yml")
    (content / "people" / "t-wren.yml").write_text(
        (content / "people" / "t-wren.yml").read_text() + "previous_ids: [tobias-wren]\n")
    edit(ring, "according_to: tobias-wren", "according_to: t-wren")
    (content / "places" / "the-coast.yml").write_text(
        "name: The coast\nsummary:\n  value: Where the ring moved stolen engines.\n"
        "  cite: moved stolen engines along the coast, police said on Friday.\n")
    release(done, "r2")

    (content / "places" / "the-coast.yml").unlink()
    edit(ring, """  - date: "2012"
    place: millbrook
    by: a former customs officer
    cite:
      source: valley-post
      quote: was set up in Millbrook in 2012 by a former customs officer, residents say.
    credibility:
      grade: "4"
      reason: Unnamed residents, in a paper with retractions; no other source says so.
""", "")
    edit(ring, """  founded: >-
    The Herald has the founding from the police, the Post from unnamed residents, and no
    record of it has been found: both accounts stand, each with its grade.
""", "")
    release(done, "r3")

    edit(content / "places" / "millbrook.yml", "The town where Mara Quill was born and",
         "The town Mara Quill was born in and")
    return done
