"""Content that cannot be true: impossible dates, relations and cycles, blank or misspelt fields.

tests/test_validate.py covers the basic cases (a bad date in an event, an unknown
relation type, a self-relation, a missing title); these go further: the same
mistakes in nested places, cycles that need the whole graph to see, and values
that are present but empty.
"""

from __future__ import annotations

import pytest

from tests.helpers import diagnostics_of, write_tree
from tests.test_validate import edit, only_error

GROUP = "name: {name}\nsummary: {{value: x, editorial: y}}\nrelations:\n{relations}"


def relation(rtype: str, target: str, period: str = "") -> str:
    return f"  - type: {rtype}\n    target: {target}\n    editorial: test\n{period}"


def groups(project, **relations: str) -> None:
    write_tree(project / "content", {f"groups/{gid}.yml": GROUP.format(name=gid.upper(), relations=rel)
                                     for gid, rel in relations.items()})


def codes(project, severity="errors"):
    return [d.code for d in getattr(diagnostics_of(project / "content"), severity)]


# -- cycles ----------------------------------------------------------------------

def test_two_groups_each_a_branch_of_the_other(minimal_project):
    groups(minimal_project, **{"alpha": relation("branch-of", "beta"), "beta": relation("branch-of", "alpha")})
    d = only_error(minimal_project)
    assert d.code == "check.cycle" and str(d.pos) == "groups/alpha.yml:4:5"
    assert "ALPHA would be part of itself: ALPHA branch of BETA (groups/alpha.yml:4:5); " \
           "BETA branch of ALPHA (groups/beta.yml:4:5)" in d.message


def test_a_membership_cycle_through_three_groups_is_reported_once(minimal_project):
    groups(minimal_project, **{"alpha": relation("member-of", "beta"), "beta": relation("member-of", "gamma"),
                               "gamma": relation("branch-of", "alpha")})
    d = only_error(minimal_project)
    assert d.code == "check.cycle" and d.message.count("(groups/") == 3


def test_a_cycle_whose_relations_never_held_together_is_history_not_an_error(minimal_project):
    groups(minimal_project, **{
        "alpha": relation("branch-of", "beta", '    period:\n      from: "2001"\n      to: "2005"\n'),
        "beta": relation("branch-of", "alpha", '    period:\n      from: "2010"\n'),
    })
    assert "check.cycle" not in codes(minimal_project)


def test_overlapping_or_unknown_periods_still_make_a_cycle(minimal_project):
    groups(minimal_project, **{
        "alpha": relation("branch-of", "beta", '    period:\n      from: "2001"\n      to: "2010"\n'),
        "beta": relation("member-of", "alpha", '    period:\n      from: "2010"\n'),
    })
    assert codes(minimal_project) == ["check.cycle"]


def test_mutual_alliances_are_not_cycles(minimal_project):
    groups(minimal_project, **{"alpha": relation("allied-with", "beta"), "beta": relation("allied-with", "alpha"),
                               "gamma": relation("member-of", "alpha") + relation("branch-of", "beta")})
    assert codes(minimal_project) == []


# -- relations ------------------------------------------------------------------------

@pytest.mark.parametrize("rtype, hint", [("branch_of", "branch-of"), ("Leader-Of", "leader-of"),
                                         ("memberof", "member-of"), ("<script>", "")])
def test_unknown_relation_types_with_a_hint_where_one_fits(minimal_project, rtype, hint):
    edit(minimal_project, "people/ada-varga.yml", "type: leader-of", f"type: '{rtype}'")
    d = only_error(minimal_project)
    assert d.code == "relation.unknown-type" and (f"Did you mean '{hint}'?" in d.message if hint
                                                   else "Did you mean" not in d.message)


def test_a_group_cannot_be_a_branch_of_a_person(minimal_project):
    groups(minimal_project, alpha=relation("branch-of", "ada-varga"))
    d = only_error(minimal_project)
    assert d.code == "ref.wrong-kind" and "'ada-varga' is a person" in d.message


def test_a_self_relation_in_a_list_of_several_names_its_own_line(minimal_project):
    groups(minimal_project, alpha=relation("allied-with", "northwind-syndicate") + relation("branch-of", "alpha"))
    d = only_error(minimal_project)
    assert d.code == "relation.self" and str(d.pos) == "groups/alpha.yml:8:13"


# -- dates ---------------------------------------------------------------------------

@pytest.mark.parametrize("where, old, new, fragment", [
    ("people/ada-varga.yml", 'date: "1975"', 'date: "1975-13-45"', "month 13"),
    ("people/ada-varga.yml", 'from: "2014"', 'from: "2015-02-29"', "February 2015 has 28 days"),
    ("people/ada-varga.yml", 'from: "2014"', "from: sometime", "'sometime' is not a date"),
    ("people/ada-varga.yml", 'from: "2014"', 'from: "0000"', "year 0000"),
    ("people/ada-varga.yml", 'from: "2014"', 'from: "14"', "expected YYYY"),
    ("events/2009-syndicate-founded.yml", 'date: "2009"', "date: {said: February 30}", "February never has more than 29 days"),
])
def test_impossible_dates_anywhere_say_what_is_wrong_at_their_line(minimal_project, where, old, new, fragment):
    edit(minimal_project, where, old, new)
    d = only_error(minimal_project)
    assert d.code == "date.invalid" and fragment in d.message and d.pos.path == where


@pytest.mark.parametrize("date, digit", [("２０１４", "U+FF12 FULLWIDTH DIGIT TWO"),
                                         ("٢٠١٤", "U+0662 ARABIC-INDIC DIGIT TWO"),
                                         ("2014-０３", "U+FF10 FULLWIDTH DIGIT ZERO"),
                                         ("۲۰۱۴", "U+06F2 EXTENDED ARABIC-INDIC DIGIT TWO")])
def test_dates_in_other_digits_are_refused_not_read_as_ascii(minimal_project, date, digit):
    """int() reads '２０１４' and '٢٠١٤' as 2014, and so did the date pattern; a date is written in 0-9."""
    edit(minimal_project, "people/ada-varga.yml", 'from: "2014"', f'from: "{date}"')
    d = only_error(minimal_project)
    assert d.code == "date.invalid" and "in the digits 0-9" in d.message and digit in d.message


@pytest.mark.parametrize("said", ["March １9", "Auguſt 3", "mid-Auguſt", "٣ March"])
def test_yearless_wording_with_look_alike_digits_or_letters_is_refused(minimal_project, said):
    """Unicode case-folding read 'Auguſt' (a long s) as August, and then failed with a traceback."""
    edit(minimal_project, "events/2021-03-03-warehouse-raid.yml", "said: March 3", f"said: {said}")
    d = only_error(minimal_project)
    assert d.code == "date.invalid" and "cannot read" in d.message


def test_a_yearless_date_before_its_source_in_year_1_is_refused_not_put_in_year_0(minimal_project):
    edit(minimal_project, "sources/harbour-gazette.yml", 'date: "2021-04-20"', 'date: "0001-02-01"')
    found = diagnostics_of(minimal_project / "content").errors
    assert {d.code for d in found} == {"date.unresolvable"}  # each 'March 3' the source dates, and only those
    d = next(d for d in found if d.pos.path.startswith("events/"))
    assert str(d.pos) == "events/2021-03-03-warehouse-raid.yml:2:3" and "'March 3' has no year" in d.message
    assert "would be in year 0, which does not exist" in d.message


def test_a_yearless_date_that_does_not_exist_in_its_resolved_year(minimal_project):
    edit(minimal_project, "events/2021-03-03-warehouse-raid.yml", "said: March 3", "said: February 29")
    d = only_error(minimal_project)
    assert d.code == "date.invalid" and "resolves to 2021" in d.message and "28 days" in d.message


def test_a_date_as_a_yaml_timestamp_stays_text_and_is_checked(minimal_project):
    edit(minimal_project, "events/2009-syndicate-founded.yml", 'date: "2009"', "date: 2009-02-30")
    assert only_error(minimal_project).code == "date.invalid"


# -- fields ----------------------------------------------------------------------------

@pytest.mark.parametrize("old, new, hint", [
    ("    target: northwind-syndicate\n    period:", "    taget: northwind-syndicate\n    period:", "target"),
    ("    period:\n      from: \"2014\"", "    peroid:\n      from: \"2014\"", "period"),
    ('      from: "2014"', '      form: "2014"', "from"),
    ("  cite: was born in 1975", "  cyte: was born in 1975", "cite"),
    ("  place: kestrel-island", "  palce: kestrel-island", "place"),
])
def test_misspelt_nested_fields_are_named_with_a_hint(minimal_project, old, new, hint):
    edit(minimal_project, "people/ada-varga.yml", old, new)
    unknown = [d for d in diagnostics_of(minimal_project / "content").errors if d.code == "field.unknown"]
    assert len(unknown) == 1 and f"Did you mean '{hint}'?" in unknown[0].message
    assert unknown[0].pos.path == "people/ada-varga.yml" and unknown[0].pos.line > 1


@pytest.mark.parametrize("where, old, new, field", [
    ("people/ada-varga.yml", "name: Ada Varga", "name: '   '", "name"),
    ("people/ada-varga.yml", "name: Ada Varga", "name:", "name"),
    ("people/ada-varga.yml", "  value: Leader of the Northwind Syndicate since 2014.", "  value: ' '", "value"),
    ("events/2009-syndicate-founded.yml", "title: The Northwind Syndicate is founded", "title: ''", "title"),
    ("dossier.yml", "title: The Northwind Syndicate", "title: \"\\t\"", "title"),
])
def test_blank_required_values_are_missing_not_empty_pages(minimal_project, where, old, new, field):
    edit(minimal_project, where, old, new)
    required = [d for d in diagnostics_of(minimal_project / "content").errors if d.code == "field.required"]
    assert len(required) == 1 and f"'{field}'" in required[0].message and required[0].pos.path == where


def test_a_relation_without_target_or_type(minimal_project):
    edit(minimal_project, "people/ada-varga.yml", "    target: northwind-syndicate\n", "")
    d = only_error(minimal_project)
    assert d.code == "field.required" and "'target'" in d.message


def test_a_source_without_text(minimal_project):
    write_tree(minimal_project / "content", {"sources/empty-source.yml": "title: Nothing in it\ntext: ''\n"})
    d = only_error(minimal_project)
    assert d.code == "field.required" and "'text'" in d.message and d.pos.path == "sources/empty-source.yml"


def test_a_huge_value_makes_a_short_message(minimal_project):
    big = "x" * 500_000
    edit(minimal_project, "people/ada-varga.yml", "type: leader-of", f"type: leader-{big}")
    edit(minimal_project, "people/ada-varga.yml", 'date: "1975"', f'date: "1975{big}"')
    found = diagnostics_of(minimal_project / "content").errors
    assert {d.code for d in found} == {"relation.unknown-type", "date.invalid"}
    assert all(len(d.message) < 600 and "xxx…'" in d.message for d in found), [len(d.message) for d in found]


# -- citations ---------------------------------------------------------------------------

def big_source(project, words: int = 100_000) -> None:
    text = " ".join(f"a word {i}." for i in range(words // 3))
    write_tree(project / "content", {"sources/big.yml": f"title: Big\ntext: |\n  {text}\n"})


def cite_big(project, cite: str) -> None:
    edit(project, "people/ada-varga.yml", "  cite: was born in 1975 on Kestrel Island", f"  cite: {cite}")


@pytest.mark.parametrize("quote", ["a", "a word", "'.'"])
def test_a_quote_found_thousands_of_times_makes_a_short_message(minimal_project, quote):
    big_source(minimal_project)
    cite_big(minimal_project, f"{{source: big, quote: {quote}}}")
    d = only_error(minimal_project)
    assert d.code == "cite.ambiguous" and "occurs 33333 times" in d.message and "and 33327 more" in d.message
    assert len(d.message) < 1500


def test_a_prefix_that_tells_apart_one_of_thousands_of_occurrences(minimal_project):
    big_source(minimal_project)
    cite_big(minimal_project, "{source: big, quote: a word, suffix: 31337.}")
    assert diagnostics_of(minimal_project / "content").errors == []


@pytest.mark.parametrize("selector", ["prefix: [x]", "suffix: {a: b}", "prefix: \"\\u202e\""])
def test_a_prefix_or_suffix_of_the_wrong_shape_is_an_error(minimal_project, selector):
    cite_big(minimal_project, "{quote: the syndicate, " + selector + "}")
    errors = diagnostics_of(minimal_project / "content").errors
    assert errors and {d.code for d in errors} <= {"type.text", "text.invisible", "cite.ambiguous"}


def test_a_huge_quote_or_prefix_makes_a_short_message(minimal_project):
    big = "word " * 50_000
    cite_big(minimal_project, f"{{quote: the syndicate, prefix: '{big}'}}")
    d = only_error(minimal_project)
    assert d.code == "cite.not-in-source" and len(d.message) < 1500


def test_a_value_of_a_hundred_thousand_number_words_is_checked_and_reported_briefly(minimal_project):
    words = " ".join(["one", "two", "three", "fourth", "and"] * 20_000)
    edit(minimal_project, "people/ada-varga.yml", "  value: Leader of the Northwind Syndicate since 2014.",
         f"  value: Leader of the Northwind Syndicate since 2014. {words}")
    [d] = [d for d in diagnostics_of(minimal_project / "content").warnings if d.code == "cite.unsupported-number"]
    assert len(d.message) < 1500


@pytest.mark.parametrize("grade", ["'<script>'", "'A ' ", "[A]", "{grade: {x: y}, reason: r}", "{grade: A, reason: [r]}"])
def test_hostile_grades_are_refused_with_a_message(minimal_project, grade):
    edit(minimal_project, "sources/harbour-gazette.yml", "outlet: Harbour Gazette",
         f"outlet: Harbour Gazette\nreliability: {grade}")
    errors = diagnostics_of(minimal_project / "content").errors
    assert errors and all(d.pos.path == "sources/harbour-gazette.yml" for d in errors)
    assert {d.code for d in errors} <= {"grade.invalid", "grade.no-reason", "type.text"}
