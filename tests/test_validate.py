"""Validation: every kind of content error is reported with its file, line and a hint."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import diagnostics_of, write_tree


def edit(project: Path, rel: str, old: str, new: str) -> None:
    path = project / "content" / rel
    text = path.read_text()
    assert old in text, f"fixture changed: {old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1))


def only_error(project: Path):
    errors = diagnostics_of(project / "content").errors
    assert len(errors) == 1, "\n".join(map(str, errors))
    return errors[0]


def test_the_minimal_fixture_is_valid(minimal_project):
    assert diagnostics_of(minimal_project / "content").errors == []


def test_unknown_field_names_the_line_and_suggests_the_field(minimal_project):
    edit(minimal_project, "people/ada-varga.yml", "summary:", "sumary:")
    errors = diagnostics_of(minimal_project / "content").errors
    unknown = next(d for d in errors if d.code == "field.unknown")
    assert str(unknown.pos) == "people/ada-varga.yml:12:1"
    assert "Did you mean 'summary'?" in unknown.message
    assert any(d.code == "field.required" and "'summary'" in d.message for d in errors)


def test_reference_to_unknown_entity_suggests_close_id(minimal_project):
    edit(minimal_project, "people/ada-varga.yml", "target: northwind-syndicate", "target: northwind-syndicat")
    d = only_error(minimal_project)
    assert d.code == "ref.unknown-entity"
    assert str(d.pos) == "people/ada-varga.yml:17:13"
    assert "Did you mean 'northwind-syndicate'?" in d.message


def test_reference_to_the_wrong_kind_is_refused(minimal_project):
    edit(minimal_project, "groups/northwind-syndicate.yml", "  - value: port-meridian", "  - value: ada-varga")
    d = only_error(minimal_project)
    assert d.code == "ref.wrong-kind" and "'ada-varga' is a person" in d.message


def test_unknown_relation_type_suggests_a_known_one(minimal_project):
    edit(minimal_project, "people/ada-varga.yml", "type: leader-of", "type: leader-off")
    d = only_error(minimal_project)
    assert d.code == "relation.unknown-type" and "Did you mean 'leader-of'?" in d.message
    assert str(d.pos) == "people/ada-varga.yml:16:11"


def test_a_relation_to_itself_is_refused(minimal_project):
    edit(minimal_project, "people/tomas-brell.yml", "target: ada-varga", "target: tomas-brell")
    assert only_error(minimal_project).code == "relation.self"


@pytest.mark.parametrize("date, fragment", [("2015-13-45", "month 13"), ("2016-02-30", "has 29 days"),
                                            ("sometime", "not a date")])
def test_bad_dates_say_what_is_wrong(minimal_project, date, fragment):
    edit(minimal_project, "events/2009-syndicate-founded.yml", 'date: "2009"', f'date: "{date}"')
    d = only_error(minimal_project)
    assert d.code == "date.invalid" and fragment in d.message
    assert str(d.pos) == "events/2009-syndicate-founded.yml:1:7"


def test_missing_required_field(minimal_project):
    edit(minimal_project, "events/2009-syndicate-founded.yml", "title: The Northwind Syndicate is founded\n", "")
    d = only_error(minimal_project)
    assert d.code == "field.required" and "'title'" in d.message


def test_wrong_type_says_what_was_found(minimal_project):
    edit(minimal_project, "people/ada-varga.yml", "aliases:\n  - value: Áda Várga\n    editorial: Spelling with accents, for search tests.",
         "aliases: Áda Várga")
    d = only_error(minimal_project)
    assert d.code == "type.list" and "found the text 'Áda Várga'" in d.message


def test_duplicate_ids_across_kinds(minimal_project):
    write_tree(minimal_project / "content", {"places/ada-varga.yml": "name: A\nsummary: {value: x, editorial: y}\n"})
    errors = diagnostics_of(minimal_project / "content").errors
    assert [d.code for d in errors] == ["id.duplicate"]
    assert "people/ada-varga.yml" in errors[0].message


@pytest.mark.parametrize("name", ["Ada-Varga", "ada_varga", "ada.varga", "адa", "con", "index", "a--b", "x" * 81])
def test_file_names_that_cannot_be_ids_are_refused(minimal_project, name):
    write_tree(minimal_project / "content", {f"places/{name}.yml": "name: A\nsummary: {value: x, editorial: y}\n"})
    errors = diagnostics_of(minimal_project / "content").errors
    assert [d.code for d in errors] == ["id.invalid"]


def test_a_quote_not_in_its_source_shows_the_closest_passage(minimal_project):
    edit(minimal_project, "people/ada-varga.yml", "cite: was born in 1975 on Kestrel Island",
         "cite: was born in 1976 on Kestrel Island")
    d = only_error(minimal_project)
    assert d.code == "cite.not-in-source"
    assert "closest passage" in d.message and "born in 1975" in d.message
    assert "they part at" in d.message and "born in 1976" in d.message


def test_quotes_match_across_typographic_quotes_and_line_breaks(minimal_project):
    edit(minimal_project, "people/tomas-brell.yml", "  - text: She ran it like a shipping line,",
         "  - text: \u201cShe ran it   like a shipping line,\u201d said customs")
    assert diagnostics_of(minimal_project / "content").errors == []


def test_a_fact_without_citation_or_editorial_reason_is_an_error(minimal_project):
    edit(minimal_project, "people/ada-varga.yml", "  editorial: Neither report says.\n", "")
    d = only_error(minimal_project)
    assert d.code == "fact.uncited" and d.pos.line == 10


def test_a_note_without_a_record_is_reported(minimal_project):
    write_tree(minimal_project / "content", {"people/ada-vrga.md": "text"})
    d = only_error(minimal_project)
    assert d.code == "note.orphan" and "Did you mean 'ada-varga'?" in d.message


def test_invisible_direction_marks_in_names_are_refused(minimal_project):
    edit(minimal_project, "people/ada-varga.yml", "name: Ada Varga", "name: Ada \u202eVarga")
    d = only_error(minimal_project)
    assert d.code == "text.invisible" and "U+202E" in d.message


def test_every_error_is_reported_at_once(minimal_project):
    edit(minimal_project, "people/ada-varga.yml", "type: leader-of", "type: leads")
    edit(minimal_project, "events/2009-syndicate-founded.yml", 'date: "2009"', 'date: "2009-02-30"')
    edit(minimal_project, "groups/harbour-police.yml", "target: northwind-syndicate", "target: nowhere")
    errors = diagnostics_of(minimal_project / "content").errors
    assert {d.pos.path for d in errors} == {"people/ada-varga.yml", "events/2009-syndicate-founded.yml",
                                            "groups/harbour-police.yml"}


def test_unknown_or_ambiguous_wikilinks_are_errors(minimal_project):
    edit(minimal_project, "groups/northwind-syndicate.md", "[[Ada Varga]]", "[[Ada Vargas]]")
    d = only_error(minimal_project)
    assert d.code == "wikilink.unresolved" and "Did you mean 'Ada Varga'?" in d.message
    assert str(d.pos) == "groups/northwind-syndicate.md:1"
    write_tree(minimal_project / "content", {"places/ada-varga-street.yml": (
        "name: Ada Varga\nsummary: {value: x, editorial: y}\n")})
    edit(minimal_project, "groups/northwind-syndicate.md", "[[Ada Vargas]]", "[[ada varga]]")
    d = only_error(minimal_project)
    assert "ambiguous" in d.message and "ada-varga, ada-varga-street" in d.message
