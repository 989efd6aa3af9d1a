"""Validation: every kind of content error is reported with its file, line and a hint."""

from __future__ import annotations

import re
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


# -- citations -------------------------------------------------------------------------

EMPTY_CITES = ["''", "'   '", "", "[]", "['']", "[{quote: ' '}]"]
CITED = [("people/ada-varga.yml", "  cite: was born in 1975 on Kestrel Island", "  cite: {}", 8),
         ("people/ada-varga.yml", "    cite: Ada Varga, who has led the syndicate since 2014", "    cite: {}", 20),
         ("events/2009-syndicate-founded.yml", "cite: a smuggling ring founded in 2009", "cite: {}", 4)]


@pytest.mark.parametrize("where, old, new, line", CITED, ids=["field", "relation", "event"])
@pytest.mark.parametrize("empty", EMPTY_CITES)
def test_an_empty_or_blank_citation_is_uncited_at_its_line(minimal_project, where, old, new, line, empty):
    edit(minimal_project, where, old, new.format(empty))
    d = only_error(minimal_project)
    assert d.code == "fact.uncited" and "empty" in d.message
    assert d.pos.path == where and d.pos.line == line


@pytest.mark.parametrize("quote", ["was born in 197", "as born in 1975", "Kestrel Isl", "ada Varga"])
def test_a_quote_must_match_whole_words(minimal_project, quote):
    edit(minimal_project, "people/ada-varga.yml", "cite: was born in 1975 on Kestrel Island", f"cite: {quote}")
    d = only_error(minimal_project)
    assert d.code == "cite.not-in-source"


def test_a_quote_found_only_inside_words_says_so(minimal_project):
    edit(minimal_project, "people/ada-varga.yml", "cite: was born in 1975 on Kestrel Island", "cite: Kestrel Isl")
    d = only_error(minimal_project)
    assert "only inside longer words" in d.message and "[Kestrel Isl]and" in d.message


def test_a_quote_that_occurs_twice_names_both_places_and_a_prefix_or_suffix_says_which(minimal_project):
    summary = "  cite: Ada Varga, who has led the syndicate since 2014"
    edit(minimal_project, "people/ada-varga.yml", summary, "  cite: the syndicate")
    d = only_error(minimal_project)
    assert d.code == "cite.ambiguous" and str(d.pos) == "people/ada-varga.yml:14:9"
    assert "occurs 2 times" in d.message and "[the syndicate] since 2014" in d.message
    assert "raided [the syndicate]'s warehouses" in d.message and "prefix: 'led'" in d.message
    edit(minimal_project, "people/ada-varga.yml", "  cite: the syndicate", "  cite: {quote: the syndicate, prefix: has led}")
    assert diagnostics_of(minimal_project / "content").errors == []
    edit(minimal_project, "people/ada-varga.yml", "prefix: has led}", "suffix: since 2014}")
    assert diagnostics_of(minimal_project / "content").errors == []
    edit(minimal_project, "people/ada-varga.yml", "suffix: since 2014}", "suffix: since 2015}")
    d = only_error(minimal_project)
    assert d.code == "cite.not-in-source" and "not with suffix 'since 2015'" in d.message


def test_the_occurrence_a_citation_names_is_the_one_its_mark_links(minimal_project):
    from dossier.build.site import build_files
    from dossier.core.project import load_project
    edit(minimal_project, "people/ada-varga.yml", "  cite: Ada Varga, who has led the syndicate since 2014",
         "  cite: {quote: the syndicate, suffix: \"'s warehouses\"}")
    page = build_files(load_project(minimal_project)).files["people/ada-varga.html"].decode()
    # the first 'the syndicate' is in sentence 2 ('who has led the syndicate'); the suffix names sentence 4's
    assert re.findall(r'href="../sources/harbour-gazette.html#(s-\d+)" aria-label="Citation \d+: the syndicate"',
                      page) == ["s-4"]


def test_a_quote_record_says_which_occurrence_too(minimal_project):
    edit(minimal_project, "people/tomas-brell.yml", "  - text: She ran it like a shipping line,",
         "  - text: the syndicate\n    suffix: since 2014")
    assert diagnostics_of(minimal_project / "content").errors == []
    edit(minimal_project, "people/tomas-brell.yml", "    suffix: since 2014\n", "")
    assert only_error(minimal_project).code == "cite.ambiguous"


def test_a_quote_may_not_run_across_a_paragraph_break(minimal_project):
    edit(minimal_project, "people/ada-varga.yml", "cite: was born in 1975 on Kestrel Island",
         "cite: an inquiry heard on Tuesday. Ada Varga")
    d = only_error(minimal_project)
    assert d.code == "cite.spans-boundary" and "paragraph break" in d.message and "as a list of quotes" in d.message
    edit(minimal_project, "people/ada-varga.yml", "cite: an inquiry heard on Tuesday. Ada Varga",
         "cite: [an inquiry heard on Tuesday., Ada Varga]")
    assert not [d for d in diagnostics_of(minimal_project / "content").errors]


# -- support -----------------------------------------------------------------------------

def warnings_of(project, code):
    return [d for d in diagnostics_of(project / "content").warnings if d.code == code]


@pytest.mark.parametrize("where, old, new, code, fragment", [
    ("groups/northwind-syndicate.yml", "value: no more than 40 people", "value: no more than 400 people",
     "cite.unsupported-number", "'400'"),
    ("people/ada-varga.yml", 'date: "1975"', 'date: "1976"', "cite.unsupported-date", "the year 1976"),
    ("events/2009-syndicate-founded.yml", 'date: "2009"', 'date: "2009-05"', "cite.unsupported-date", "(May)"),
    ("events/2009-syndicate-founded.yml", "title: The Northwind Syndicate is founded",
     "title: The Northwind Syndicate is founded by four smugglers", "cite.unsupported-number", "'four'"),
    ("people/ada-varga.yml", "    target: northwind-syndicate\n", "    target: northwind-syndicate\n    role: second boss\n",
     "cite.unsupported-number", "'second'"),
    ("people/ada-varga.yml", 'from: "2014"', 'from: "2014-03-02"', "cite.unsupported-date",
     "the month (March) and the day (2)"),
])
def test_a_number_or_date_no_quote_gives_is_a_warning_at_its_line(minimal_project, where, old, new, code, fragment):
    edit(minimal_project, where, old, new)
    assert diagnostics_of(minimal_project / "content").errors == []
    [d] = warnings_of(minimal_project, code)
    assert d.pos.path == where and fragment in d.message


def test_an_estimate_is_checked_but_an_editorial_fact_or_an_inferred_date_is_not(minimal_project):
    edit(minimal_project, "groups/northwind-syndicate.yml", "value: no more than 40 people",
         "value: unlikely to have more than 100 members")
    [d] = warnings_of(minimal_project, "cite.unsupported-number")
    assert "'100'" in d.message
    edit(minimal_project, "groups/northwind-syndicate.yml", "  according_to: tomas-brell\n",
         "  according_to: tomas-brell\n  editorial: The editors' reading of the estimate.\n")
    edit(minimal_project, "people/ada-varga.yml", 'from: "2014"', 'from: {value: "2014-03", inferred: a reason}')
    assert warnings_of(minimal_project, "cite.unsupported-number") == []
    assert warnings_of(minimal_project, "cite.unsupported-date") == []


# -- grades --------------------------------------------------------------------------------

GAZETTE = "sources/harbour-gazette.yml"


def test_graded_sources_and_facts_validate_and_reach_the_model(minimal_project):
    from dossier.build.read import read_dossier
    edit(minimal_project, GAZETTE, "outlet: Harbour Gazette", "outlet: Harbour Gazette\n"
         "reliability: {grade: B, reason: Its court reports have held up.}")
    edit(minimal_project, "people/ada-varga.yml", "  cite: was born in 1975 on Kestrel Island",
         "  cite: was born in 1975 on Kestrel Island\n  credibility: {grade: '2', reason: Fits the island register.}")
    model, diagnostics = read_dossier(minimal_project / "content")
    assert diagnostics.errors == []
    assert model.sources["harbour-gazette"].reliability.grade == "B"
    assert model.sources["harbour-gazette"].reliability.reason == "Its court reports have held up."
    [born] = model.entities["ada-varga"].field("born")
    assert born.credibility.grade == "2" and born.credibility.reason == "Fits the island register."


@pytest.mark.parametrize("where, old, grade, code, fragment", [
    (GAZETTE, "outlet: Harbour Gazette", "reliability: {grade: b, reason: x}", "grade.invalid", "Did you mean 'B'?"),
    (GAZETTE, "outlet: Harbour Gazette", "reliability: {grade: G, reason: x}", "grade.invalid", "A (completely reliable)"),
    (GAZETTE, "outlet: Harbour Gazette", "reliability: {grade: '2', reason: x}", "grade.invalid", "is not a grade"),
    (GAZETTE, "outlet: Harbour Gazette", "reliability: B", "grade.no-reason", "write `grade: B` and `reason: ...` under it, one a line"),
    (GAZETTE, "outlet: Harbour Gazette", "reliability: {grade: B}", "grade.no-reason", "usually reliable"),
    (GAZETTE, "outlet: Harbour Gazette", "reliability: {grade: B, reason: '  '}", "grade.no-reason", "reason"),
    ("events/2009-syndicate-founded.yml", "title: The Northwind Syndicate is founded",
     "credibility: {grade: '7', reason: x}", "grade.invalid", "6 (truth cannot be judged)"),
    ("people/ada-varga.yml", "    target: northwind-syndicate", "    credibility: {grade: C, reason: x}",
     "grade.invalid", "1 (confirmed by other sources)"),
    ("people/ada-varga.yml", "    target: northwind-syndicate", "    credibility: '3'", "grade.no-reason", "possibly true"),
])
def test_a_grade_outside_its_scale_or_without_a_reason_is_an_error(minimal_project, where, old, grade, code, fragment):
    edit(minimal_project, where, old, f"{old}\n{grade}")
    d = only_error(minimal_project)
    assert d.code == code and fragment in d.message and d.pos.path == where


def test_credibility_1_on_a_single_source_is_a_warning(minimal_project):
    edit(minimal_project, "people/ada-varga.yml", "  cite: was born in 1975 on Kestrel Island",
         "  cite: was born in 1975 on Kestrel Island\n  credibility: {grade: '1', reason: Confirmed.}")
    [d] = warnings_of(minimal_project, "grade.unconfirmed")
    assert d.pos.path == "people/ada-varga.yml" and "cites one source" in d.message


BLOCK_CITE = """    cite:
      source: island-courier
      quote: The Northwind Syndicate, founded in 2008 according to islanders"""


def test_a_comma_in_a_value_between_braces_says_to_quote_it_or_use_block_style(minimal_project):
    """The flow-mapping trap: between braces a comma ends a value, so YAML reads the rest of the quote
    as a field with no value; the error says what happened and what to write instead."""
    edit(minimal_project, "groups/northwind-syndicate.yml", BLOCK_CITE,
         "    cite: {source: island-courier, quote: The Northwind Syndicate, founded in 2008 according to islanders}")
    error = only_error(minimal_project)
    assert (str(error.pos), error.code) == ("groups/northwind-syndicate.yml:12:68", "field.unknown")
    assert "unknown field 'founded in 2008 according to islanders' in citation" in error.message
    assert "a comma ends a value" in error.message and "in 'quote'" in error.message
    assert 'Put the value in quotation marks (quote: "..., founded in 2008 according to islanders")' in error.message
    assert "or write the mapping in block style, one field a line" in error.message
    assert "expected one of" not in error.message


@pytest.mark.parametrize("cite", [
    BLOCK_CITE,
    '    cite: {source: island-courier, quote: "The Northwind Syndicate, founded in 2008 according to islanders"}',
])
def test_a_comma_in_a_quoted_or_block_style_value_is_part_of_it(minimal_project, cite):
    edit(minimal_project, "groups/northwind-syndicate.yml", BLOCK_CITE, cite)
    assert diagnostics_of(minimal_project / "content").errors == []


def test_an_unknown_field_between_braces_with_a_value_is_an_ordinary_unknown_field(minimal_project):
    edit(minimal_project, "groups/northwind-syndicate.yml", BLOCK_CITE,
         "    cite: {source: island-courier, qoute: The Northwind Syndicate}")
    error = next(d for d in diagnostics_of(minimal_project / "content").errors if d.code == "field.unknown")
    assert "Did you mean 'quote'?" in error.message and "comma" not in error.message
