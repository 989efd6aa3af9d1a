"""Consistency checks across records: impossible orders are errors, doubtful things warnings."""

from __future__ import annotations

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
    assert warnings[0].pos.path == "groups/northwind-syndicate.yml"


def test_an_entity_nothing_links_to_is_a_warning(minimal_project):
    write_tree(minimal_project / "content", {"places/lonely-rock.yml": (
        "name: Lonely Rock\nsummary: {value: x, editorial: y}\n")})
    assert "check.unlinked" in codes(minimal_project, "warnings")
