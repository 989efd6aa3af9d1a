"""The print page's sections kept between builds (cache/planner.py, render/jinja.py): a build that
draws print.html again takes each profile's section from the last build where what the section
read has the digest it had, and draws only the others. The site is a clean build's whatever it
takes; a section whose stored HTML fails its checksum, or that templates changed, is drawn again."""

from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path

import pytest

from dossier.build.site import build_files
from dossier.cache.folder import CACHE_DIR, DATABASE
from dossier.cli import cmd_build
from dossier.core.project import load_project
from dossier.render import jinja
from tests.helpers import file_tree

NOTE = Path("content") / "groups" / "northwind-syndicate.md"


@pytest.fixture
def drawn(monkeypatch) -> list[str]:
    """The print sections drawn, by the name of their record."""
    found: list[str] = []
    draw = jinja.print_fragment

    def counting(env, view):
        found.append(view["id"])
        return draw(env, view)
    monkeypatch.setattr(jinja, "print_fragment", counting)
    return found


def build(project: Path, drawn: list[str]) -> tuple[dict[str, bytes], list[str]]:
    """Build with the cache, and check the site is a clean build's; the site and the sections that
    build drew."""
    before = len(drawn)
    cmd_build(load_project(project), argparse.Namespace(jobs=1, strict=False, bundle=False, no_cache=False))
    built, sections = file_tree(project / "site"), drawn[before:]
    assert built == build_files(load_project(project), jobs=1).files
    return built, sections


def edit(project: Path, added: str) -> None:
    note = project / NOTE
    note.write_text(note.read_text(encoding="utf-8") + added, encoding="utf-8")


def rendered(project: Path, before: dict[str, int]) -> set[str]:
    """The records whose profiles were drawn again since the site's files had the inodes `before`."""
    return {Path(url).stem for url, inode in inodes(project).items() if url.count("/") == 1 and before.get(url) != inode}


def inodes(project: Path) -> dict[str, int]:
    return {p.relative_to(project / "site").as_posix(): p.stat().st_ino for p in (project / "site").rglob("*.html")}


def test_a_note_edit_draws_only_the_sections_of_the_profiles_it_draws_again(minimal_project, drawn):
    _, every = build(minimal_project, drawn)
    assert len(every) >= 5
    before = inodes(minimal_project)
    edit(minimal_project, "\nA sentence for the print page.\n")
    site, sections = build(minimal_project, drawn)
    assert "northwind-syndicate" in sections and len(sections) < len(every)
    assert set(sections) == rendered(minimal_project, before)
    assert b"A sentence for the print page." in site["print.html"]


def test_a_section_whose_stored_html_fails_its_checksum_is_drawn_again(minimal_project, drawn):
    _, every = build(minimal_project, drawn)
    with sqlite3.connect(minimal_project / CACHE_DIR / DATABASE) as connection:
        assert connection.execute("SELECT count(*) FROM sections").fetchone()[0] == len(every)
        connection.execute("UPDATE sections SET html = '<p>planted</p>' WHERE key = 'ada-varga'")
    connection.close()
    before = inodes(minimal_project)
    edit(minimal_project, "\nAgain.\n")
    site, sections = build(minimal_project, drawn)
    assert set(sections) == rendered(minimal_project, before) | {"ada-varga"}
    assert b"planted" not in site["print.html"]


def test_templates_edited_draw_every_section_again(minimal_project, drawn):
    _, every = build(minimal_project, drawn)
    (minimal_project / "templates" / "home.html").write_text(
        (Path(jinja.__file__).parents[2] / "templates" / "home.html").read_text(encoding="utf-8")
        .replace("<h1>", "<p>Edited home.</p><h1>", 1), encoding="utf-8")
    edit(minimal_project, "\nAgain.\n")
    _, sections = build(minimal_project, drawn)
    assert sorted(sections) == sorted(every)
