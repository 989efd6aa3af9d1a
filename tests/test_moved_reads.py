"""Pages compared by the reads that moved (cache/keeper.py `moved`, cache/pagereads.py `Moved`): a
build after note edits digests again only the reads of the collections notes are linked into,
and keeps a page none of whose recorded reads moved since the last build. Whatever it keeps, the
site is a clean build's; a page whose record is older than the last build is drawn again when a
read of it moves, even back to what it was; a damaged page record is never trusted; and with
anything else changed (a template, a record), pages are compared by their digests as before."""

from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path

import pytest

from dossier.build import site
from dossier.build.read import read_dossier
from dossier.cache import planner as planner_module
from dossier.cache.folder import CACHE_DIR, DATABASE
from dossier.cache.keeper import MOVED_FROM
from dossier.cache.pagereads import Moved, ReadDigests, encode_read, encode_reads
from dossier.cli import cmd_build
from dossier.core.project import load_project
from dossier.core.reads import ALL, KEYS
from tests.helpers import file_tree

NOTE = Path("content") / "groups" / "northwind-syndicate.md"
OTHER = Path("content") / "people" / "ada-varga.md"
PAGE = "groups/northwind-syndicate.html"
OTHER_PAGE = "people/ada-varga.html"


def args() -> argparse.Namespace:
    return argparse.Namespace(jobs=1, strict=False, bundle=False, no_cache=False)


@pytest.fixture
def plans(monkeypatch) -> list[planner_module.PagePlan]:
    """The page plans of the builds that follow, in order."""
    made: list[planner_module.PagePlan] = []
    page_plan = planner_module.Planner.page_plan

    def kept(self, *a, **k):
        plan = page_plan(self, *a, **k)
        made.append(plan)
        return plan
    monkeypatch.setattr(planner_module.Planner, "page_plan", kept)
    return made


def build(project: Path) -> tuple[dict[str, bytes], set[str]]:
    """Build; the site's files, and the pages written anew (not the last site's, hard-linked)."""
    before = {p.relative_to(project / "site").as_posix(): p.stat().st_ino
              for p in (project / "site").rglob("*.html")} if (project / "site").is_dir() else {}
    cmd_build(load_project(project), args())
    after = {p.relative_to(project / "site").as_posix(): p.stat().st_ino for p in (project / "site").rglob("*.html")}
    return file_tree(project / "site"), {page for page, inode in after.items() if before.get(page) != inode}


def clean(project: Path) -> dict[str, bytes]:
    return site.build_files(load_project(project)).files


def write(project: Path, path: Path, text: str) -> None:
    (project / path).write_text(text, encoding="utf-8")


def test_after_a_note_edit_pages_are_compared_by_the_reads_that_moved(minimal_project, plans):
    note = (minimal_project / NOTE).read_text(encoding="utf-8")
    files, _ = build(minimal_project)
    assert plans[-1].moved is None  # nothing kept to compare by
    for text in (note + "\nA sentence more.\n", note + "\nIt answers to [[Tomas Brell]] now.\n", note):
        write(minimal_project, NOTE, text)
        files, written = build(minimal_project)
        assert files == clean(minimal_project), text
        assert plans[-1].moved is not None and plans[-1].moved.texts, text
        assert PAGE in written and len(written) < len(files) / 2, (text, sorted(written))
    mentioned = "people/tomas-brell.html"  # its "mentioned in" list: the link came, then went
    assert mentioned in written


def test_a_page_kept_with_a_record_older_than_the_last_build_is_drawn_again_when_its_reads_move(
        minimal_project, plans):
    note = (minimal_project / NOTE).read_text(encoding="utf-8")
    write(minimal_project, OTHER, "Ada Varga's own note.\n")
    build(minimal_project)
    write(minimal_project, NOTE, note + "\nFirst.\n")
    _, written = build(minimal_project)
    assert PAGE in written
    write(minimal_project, OTHER, "Ada Varga's own note, edited.\n")
    files, written = build(minimal_project)  # the group's page kept: its record is the last build but one's
    assert PAGE not in written and OTHER_PAGE in written
    assert files == clean(minimal_project)
    write(minimal_project, NOTE, note)  # back to what it read when first recorded
    files, written = build(minimal_project)
    assert plans[-1].moved is not None
    assert PAGE in written and OTHER_PAGE not in written
    assert files == clean(minimal_project)
    write(minimal_project, OTHER, "Ada Varga's own note.\n")  # back, too
    files, written = build(minimal_project)
    assert OTHER_PAGE in written and files == clean(minimal_project)


def test_other_edits_compare_pages_by_their_digests(minimal_project, plans):
    note = (minimal_project / NOTE).read_text(encoding="utf-8")
    build(minimal_project)
    write(minimal_project, NOTE, note + "\nOnce.\n")
    build(minimal_project)
    assert plans[-1].moved is not None
    (minimal_project / "templates" / "extra.css").write_text("p { color: #222; }\n", encoding="utf-8")
    files, _ = build(minimal_project)  # another global digest
    assert plans[-1].moved is None and files == clean(minimal_project)
    record = minimal_project / "content" / "people" / "tomas-brell.yml"
    record.write_text(record.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    write(minimal_project, NOTE, note + "\nTwice.\n")
    files, _ = build(minimal_project)  # another model
    assert plans[-1].moved is None and files == clean(minimal_project)
    write(minimal_project, NOTE, note)
    files, _ = build(minimal_project)
    assert plans[-1].moved is not None and files == clean(minimal_project)


def test_a_page_record_that_fails_its_checksum_is_never_trusted(minimal_project, capsys, plans):
    note = (minimal_project / NOTE).read_text(encoding="utf-8")
    build(minimal_project)
    with sqlite3.connect(minimal_project / CACHE_DIR / DATABASE) as connection:
        reads = connection.execute("SELECT reads FROM pages WHERE url = ?", (PAGE,)).fetchone()[0]
        assert '["notes",' in reads
        connection.execute("UPDATE pages SET reads = ? WHERE url = ?", ("[]", PAGE))  # as if it read nothing
    connection.close()
    write(minimal_project, NOTE, note + "\nOnce.\n")
    capsys.readouterr()
    files, written = build(minimal_project)
    assert "fails its checksum" in capsys.readouterr().err
    assert PAGE in written and files == clean(minimal_project)


def test_the_digests_a_build_compares_by_are_kept_only_if_every_read_was_valued(minimal_project):
    build(minimal_project)
    with sqlite3.connect(minimal_project / CACHE_DIR / DATABASE) as connection:
        assert connection.execute("SELECT count(*) FROM state WHERE name = ?", (MOVED_FROM,)).fetchone()[0] == 1
    connection.close()
    project = load_project(minimal_project)
    dossier = read_dossier(project.content_dir)[0]
    digests = ReadDigests(dossier, b"global")
    digests.read("entities", KEYS)
    digests.read("notes", ALL)
    assert digests.valued_all
    digests.read("no such collection", "x")  # a read that cannot be valued
    assert not digests.valued_all


def test_a_moved_read_is_found_in_every_page_that_made_it_whether_few_or_many_moved():
    pages = {
        "a": [("notes", "a"), ("entities", "a"), ("mentions", "b"), ("entities", ALL)],
        "b": [("notes", "b"), ("entities", "b"), ("citations", ("b", 2))],
        "c": [("entities", "notes"), ("kinds", '["notes","a"]')],  # the texts of moved reads within keys
        "d": [],
    }
    recorded = {url: encode_reads(reads) for url, reads in pages.items()}
    recorded["e"] = "not the reads of a page"
    filler = [("statements", f"s{n}") for n in range(Moved.FEW + 1)]
    for moved in ([("notes", "a")], [("notes", "a"), *filler], [("citations", ("b", 2))],
                  [("citations", ("b", 2)), *filler], [("mentions", ALL)], [("mentions", ALL), *filler]):
        found = Moved(map(encode_read, moved))
        made = {url for url, reads in pages.items() if set(reads) & set(moved)}
        read_by = {url for url, text in recorded.items() if found.read_by(text)}
        assert made <= read_by, moved  # never a page that made one missed
        assert "d" not in read_by, moved
        assert ("e" in read_by) == (len(moved) > Moved.FEW), moved  # undecodable: drawn again
