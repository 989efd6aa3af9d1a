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


def test_a_run_that_only_checks_finds_what_a_build_finds_in_links_to_citations(minimal_project: Path):
    """`validate` links the dossier without numbering each page's citations, which no check needs,
    unless a note links to an id of a page: then the page it renders is the build's, citations and all."""
    write_note(minimal_project, "[a mark](../people/ada-varga.html#c-1), [no mark](../people/ada-varga.html#c-99), "
                                "[a sentence](../sources/harbour-gazette.html#s-1).\n")

    def found(numbered: bool):
        dossier, diagnostics = read_dossier(minimal_project / "content", theme=minimal_project / "templates",
                                            numbered=numbered)
        return dossier, [str(d) for d in diagnostics.errors + diagnostics.warnings]

    checked, linked = found(False), found(True)
    assert checked[1] == linked[1]
    assert [d for d in linked[1] if "note.link" in d] == [
        "groups/northwind-syndicate.md:1: error: link '../people/ada-varga.html#c-99' in the note: "
        "people/ada-varga.html has no id 'c-99'. [note.link]"]
    assert checked[0].citations == linked[0].citations and checked[0].cited_by == linked[0].cited_by
    write_note(minimal_project, "No link into a page.\n")
    unnumbered, numbered = found(False)[0], found(True)[0]
    assert not unnumbered.citations and numbered.citations
