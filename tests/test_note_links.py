"""Notes link events and sources by wikilink, and every link a note makes within the site is
checked at validation, against the pages themselves, and reported at the note's line."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.build.read import read_dossier
from dossier.build.site import build_files
from dossier.core.diagnostics import DossierError
from dossier.core.project import load_project
from dossier.serve.rebuilder import Rebuilder

NOTE = "content/groups/northwind-syndicate.md"


def write_note(project: Path, text: str) -> None:
    (project / NOTE).write_text(text, encoding="utf-8")


def problems(project: Path):
    _, diagnostics = read_dossier(project / "content", theme=project / "templates")
    return diagnostics.errors


def test_events_and_sources_are_wikilinked_by_id_or_title(minimal_project: Path):
    write_note(minimal_project, "Raided ([[2021-03-03-warehouse-raid]]), as [[Syndicate boss named in harbour inquiry]] reported,\n"
                                "and [[island-courier|the Courier]] too.\n")
    result = build_files(load_project(minimal_project))
    page = result.files["groups/northwind-syndicate.html"].decode()
    assert 'href="../chronology.html#e-2021-03-03-warehouse-raid"' in page
    assert 'href="../sources/harbour-gazette.html">Syndicate boss named in harbour inquiry</a>' in page
    assert 'href="../sources/island-courier.html">the Courier</a>' in page
    assert "northwind-syndicate" not in {m.by for m in result.dossier.mentions.get("island-courier", ())}


def test_an_unknown_wikilink_names_every_kind_it_looked_in(minimal_project: Path):
    write_note(minimal_project, "See [[2021-03-03-warehouse-rad]].\n")
    [error] = problems(minimal_project)
    assert error.code == "wikilink.unresolved" and "source or event" in error.message
    assert "Did you mean '2021-03-03-warehouse-raid'?" in error.message


@pytest.mark.parametrize("link, words", [
    ("../people/ada-varga.html#relashuns", "people/ada-varga.html has no id 'relashuns'. Did you mean 'relations'?"),
    ("../people/nobody.html", "the site has no page people/nobody.html"),
    ("../chronology.html#e-no-such-event", "chronology.html has no id 'e-no-such-event'"),
    ("#no-such-section", "groups/northwind-syndicate.html has no id 'no-such-section'"),
])
def test_a_broken_link_in_a_note_is_an_error_at_its_line(minimal_project: Path, link, words):
    write_note(minimal_project, f"First line.\n\nSecond, with [a link]({link}).\n")
    [error] = problems(minimal_project)
    assert (error.code, str(error.pos)) == ("note.link", "groups/northwind-syndicate.md:3")
    assert words in error.message


def test_links_that_reach_their_pages_and_ids_pass(minimal_project: Path):
    write_note(minimal_project, "[Ada's relations](../people/ada-varga.html#relations), "
                                "[the raid](../chronology.html#e-2021-03-03-warehouse-raid), "
                                "[a sentence](../sources/harbour-gazette.html#s-1), [home](../index.html).\n")
    assert problems(minimal_project) == []


def test_serve_checks_an_edited_notes_links_too(minimal_project: Path):
    rebuilder = Rebuilder(load_project(minimal_project))
    rebuilder.full_build()
    note = minimal_project / NOTE
    note.write_text(note.read_text() + "\nSee [her relations](../people/ada-varga.html#relashuns).\n")
    with pytest.raises(DossierError, match="has no id 'relashuns'"):
        rebuilder.rebuild([str(note)])
