"""Consistency checks across records: impossible orders are errors, doubtful things warnings."""

from __future__ import annotations

import pytest

from tests.helpers import diagnostics_of, write_tree
from tests.test_validate import edit


def codes(project, severity="errors"):
    return [d.code for d in getattr(diagnostics_of(project / "content"), severity)]


def test_an_event_before_a_persons_birth_is_an_error(minimal_project):
    edit(minimal_project, "events/2014-varga-takes-over.yml", 'date: "2014"', 'date: "1970"')
    assert codes(minimal_project) == ["check.before-birth"]


def test_a_role_before_the_group_was_founded_is_an_error(minimal_project):
    edit(minimal_project, "people/ada-varga.yml", 'from: "2014"', 'from: "2001"')
    assert codes(minimal_project) == ["check.before-founding"]


def test_a_period_that_ends_before_it_starts_is_an_error(minimal_project):
    edit(minimal_project, "people/ada-varga.yml", 'from: "2014"', 'from: "2014"\n      to: "2012"')
    assert codes(minimal_project) == ["check.period-order"]


def test_same_year_at_different_precision_is_not_out_of_order(minimal_project):
    edit(minimal_project, "people/ada-varga.yml", 'from: "2014"', 'from: "2014-06"\n      to: "2014"')
    assert codes(minimal_project) == []


def test_differing_sources_are_a_warning_not_a_silent_pick(minimal_project):
    warnings = diagnostics_of(minimal_project / "content").warnings
    assert [d.code for d in warnings] == ["check.sources-differ"]
    assert str(warnings[0].pos) == "groups/northwind-syndicate.yml:11:5"
    assert "sources differ on the date: 2009 (harbour-gazette) against 2008 (island-courier)" in warnings[0].message


def test_a_fact_that_leaves_a_part_out_does_not_disagree_on_it(minimal_project):
    edit(minimal_project, "groups/northwind-syndicate.yml", '  - date: "2008"', '  - date: "2009"')
    edit(minimal_project, "groups/northwind-syndicate.yml", '  - date: "2009"\n    cite: The',
         '  - date: "2009"\n    place: port-meridian\n    cite: The')
    assert "check.sources-differ" not in codes(minimal_project, "warnings")


def test_dates_differ_only_at_the_precision_both_give(minimal_project):
    edit(minimal_project, "groups/northwind-syndicate.yml", '  - date: "2008"', '  - date: {value: "2009-05", inferred: x}')
    assert codes(minimal_project, "warnings") == []


def test_each_differing_part_is_named_with_its_values_and_their_sources(minimal_project):
    edit(minimal_project, "groups/northwind-syndicate.yml", '  - date: "2009"\n    cite: The',
         '  - date: "2009"\n    place: port-meridian\n    cite: The')
    edit(minimal_project, "groups/northwind-syndicate.yml", '  - date: "2008"\n',
         '  - date: "2008"\n    place: kestrel-island\n    according_to: tomas-brell\n')
    messages = [d.message for d in diagnostics_of(minimal_project / "content").warnings]
    assert len(messages) == 2  # the note names Kestrel Island, but not as where the ring was founded
    assert "on the date: 2009 (harbour-gazette) against 2008 (island-courier, according to Tomas Brell)" in messages[0]
    assert "on the place: Port Meridian (harbour-gazette) against Kestrel Island (island-courier" in messages[1]


def test_text_values_that_differ_only_in_case_or_spacing_agree(minimal_project):
    edit(minimal_project, "groups/northwind-syndicate.yml", "kind:\n  value: smuggling ring\n",
         "kind:\n  - value: smuggling ring\n    editorial: x\n  - value: Smuggling  Ring\n")
    edit(minimal_project, "groups/northwind-syndicate.yml", "  cite: The Northwind Syndicate, a smuggling ring founded in 2009\nfounded",
         "    editorial: y\nfounded")
    assert codes(minimal_project, "warnings") == ["check.sources-differ"]  # the founding date, as before


# -- one side of a disagreement stated as plain fact (a heuristic) ----------------------

SUMMARY = "  value: A smuggling ring that moved contraband through Port Meridian for a decade."


def one_sided(project):
    return [d for d in diagnostics_of(project / "content").warnings if d.code == "check.one-sided"]


def test_a_summary_stating_one_side_as_plain_fact_is_a_warning(minimal_project):
    edit(minimal_project, "groups/northwind-syndicate.yml", SUMMARY,
         "  value: A smuggling ring founded in 2009.\n  editorial: x")
    [d] = one_sided(minimal_project)
    assert str(d.pos) == "groups/northwind-syndicate.yml:24:3"
    assert "gives 2009 as plain fact" in d.message and "2008 (island-courier)" in d.message


def test_a_note_stating_one_side_is_a_warning_at_its_line(minimal_project):
    edit(minimal_project, "groups/northwind-syndicate.md", "The two reports disagree on the founding year.",
         "Ring of old.\nIt began in 2008 on the island.")
    [d] = one_sided(minimal_project)
    assert str(d.pos) == "groups/northwind-syndicate.md:2" and "gives 2008 as plain fact" in d.message


@pytest.mark.parametrize("sentence", [
    "Founded in 2009 according to the Harbour Gazette.",   # attributed in words
    "Founded in 2009 or 2008.",                             # both sides given
    "Founded in 2009, the Island Courier gives another year.",  # a source named
    "Founded in the late 2000s.",                           # a side in other words: missed, as documented
    "It dates from 2009.",                                  # no word of founding: missed, as documented
    "Founded a year before 2009.",                          # flagged, though it names 2009 for another reason
])
def test_what_the_one_sided_heuristic_lets_pass_and_what_it_misses(minimal_project, sentence):
    edit(minimal_project, "groups/northwind-syndicate.yml", SUMMARY, f"  value: {sentence}\n  editorial: x")
    expected = 1 if sentence == "Founded a year before 2009." else 0
    assert len(one_sided(minimal_project)) == expected


def test_an_entity_nothing_links_to_is_a_warning(minimal_project):
    write_tree(minimal_project / "content", {"places/lonely-rock.yml": (
        "name: Lonely Rock\nsummary: {value: x, editorial: y}\n")})
    assert "check.unlinked" in codes(minimal_project, "warnings")
