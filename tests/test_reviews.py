"""Disagreements one by one: a record's `reviewed:` settles the warning of one field's
disagreement (the page still shows it), a review that matches none is stale, values that held
at different times do not disagree, and one source giving two values is told apart from
sources that differ.

The minimal dossier's one warning is the founding year its two sources give (2009, 2008).
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from dossier.build.read import require_valid
from dossier.build.site import build_files
from dossier.check.disagreements import Disagreement, Side, one_sided
from dossier.core.model import Fact
from dossier.core.project import load_project
from tests.helpers import MINIMAL, diagnostics_of
from tests.test_validate import edit

SYNDICATE = "groups/northwind-syndicate.yml"
STRENGTH = ("strength:\n  value: no more than 40 people\n  estimate: true\n  according_to: tomas-brell\n"
            '  cite: Brell estimated the ring at "no more than 40 people".\n')


def review(project, text: str) -> None:
    edit(project, SYNDICATE, "summary:\n", f"reviewed:\n{text}summary:\n")


def warnings(project):
    return [(d.code, str(d.pos)) for d in diagnostics_of(project / "content").warnings]


def page(project, rel: str = "groups/northwind-syndicate.html") -> str:
    return build_files(load_project(project), jobs=1).files[rel].decode()


def strength(project, *facts: str) -> None:
    edit(project, SYNDICATE, STRENGTH, "strength:\n" + "".join(facts))


def test_a_reviewed_disagreement_no_longer_warns_and_the_page_still_shows_every_value(minimal_project):
    assert warnings(minimal_project) == [("check.sources-differ", f"{SYNDICATE}:11:5")]
    before = page(minimal_project)
    review(minimal_project, "  founded: The islanders' memory and the inquiry's record differ; neither is dated.\n")
    assert warnings(minimal_project) == []
    after = page(minimal_project)
    assert 'id="sources-differ"' in after and ">2009<" in after and ">2008<" in after
    assert after == before  # shown to readers as it was


def test_a_review_settles_only_its_own_field(minimal_project):
    review(minimal_project, "  founded: Reviewed.\n")
    strength(minimal_project, '  - value: no more than 40 people\n    cite: Brell estimated the ring at "no more than 40 people".\n',
             "  - value: about 90 people\n    editorial: the warehouses' size\n")
    assert [code for code, _ in warnings(minimal_project)] == ["check.sources-differ"]
    assert "'strength' of Northwind Syndicate" in diagnostics_of(minimal_project / "content").warnings[0].message


def test_a_review_needs_a_reason_and_is_a_mapping_of_fields(minimal_project):
    review(minimal_project, "  founded: ''\n")
    errors = diagnostics_of(minimal_project / "content").errors
    assert [(d.code, str(d.pos)) for d in errors] == [("field.required", f"{SYNDICATE}:24:12")]
    assert "reviewed 'founded' needs your reason" in errors[0].message
    edit(minimal_project, SYNDICATE, "reviewed:\n  founded: ''\n", "reviewed: [founded]\n")
    assert [d.code for d in diagnostics_of(minimal_project / "content").errors] == ["type.mapping"]


def test_a_review_of_a_field_without_a_disagreement_is_stale_with_a_did_you_mean(minimal_project):
    review(minimal_project, "  founde: The two years are both reported.\n")
    found = diagnostics_of(minimal_project / "content").warnings
    assert [(d.code, str(d.pos)) for d in found] == [("check.sources-differ", f"{SYNDICATE}:11:5"),
                                                     ("check.stale-review", f"{SYNDICATE}:24:3")]
    assert "group records have no single-valued field 'founde'" in found[1].message
    assert found[1].message.endswith("Did you mean 'founded'?")


def test_a_review_left_behind_once_the_sources_agree_is_stale(minimal_project):
    review(minimal_project, "  founded: The two years are both reported.\n")
    edit(minimal_project, SYNDICATE, '  - date: "2008"\n    cite:\n      source: island-courier\n'
         "      quote: The Northwind Syndicate, founded in 2008 according to islanders\n",
         '  - date: "2009"\n    editorial: The islanders say so too.\n')
    found = diagnostics_of(minimal_project / "content").warnings
    assert [d.code for d in found] == ["check.stale-review"]
    assert "has reviewed 'founded', but there is no disagreement on it (its facts agree, or held at different times)" in found[0].message


def test_values_that_held_at_different_dates_do_not_disagree(minimal_project):
    strength(minimal_project, '  - value: no more than 40 people\n    as_of: "2016"\n    editorial: x\n',
             '  - value: about 90 people\n    as_of: "2011-04"\n    editorial: y\n')
    assert warnings(minimal_project) == [("check.sources-differ", f"{SYNDICATE}:11:5")]  # the founding alone
    assert "sources differ" not in page(minimal_project).split('<dt>Strength', 1)[1].split("</dd>", 1)[0]


def test_values_at_the_same_date_as_far_as_both_say_do_disagree(minimal_project):
    strength(minimal_project, '  - value: no more than 40 people\n    as_of: "2016"\n    editorial: x\n',
             '  - value: about 90 people\n    as_of: "2016-04"\n    editorial: y\n')
    assert ("check.source-differs-with-itself", f"{SYNDICATE}:22:5") in warnings(minimal_project)


def test_periods_that_do_not_overlap_do_not_disagree_and_an_undated_value_may_hold_at_any_time(minimal_project):
    strength(minimal_project,
             '  - value: no more than 40 people\n    period: {from: "2009", to: "2012"}\n    editorial: x\n',
             '  - value: about 90 people\n    period: {from: "2015", to: present}\n    editorial: y\n')
    assert [code for code, _ in warnings(minimal_project)] == ["check.sources-differ"]  # the founding alone
    edit(minimal_project, SYNDICATE, "  - value: about 90 people\n    period:",
         "  - value: about 70 people\n    editorial: z\n  - value: about 90 people\n    period:")
    message = next(d.message for d in diagnostics_of(minimal_project / "content").warnings if "'strength'" in d.message)
    assert "no more than 40 people (editorial) against about 70 people (editorial) against about 90 people" in message


def test_two_values_from_one_source_are_flagged_as_such(minimal_project):
    edit(minimal_project, SYNDICATE, '  - date: "2008"\n    cite:\n      source: island-courier\n'
         "      quote: The Northwind Syndicate, founded in 2008 according to islanders\n",
         '  - date: "2014"\n    cite: Ada Varga, who has led the syndicate since 2014\n')
    found = diagnostics_of(minimal_project / "content").warnings
    assert [d.code for d in found] == ["check.source-differs-with-itself"]
    assert ("'founded' of Northwind Syndicate: one source gives 2 values for the date: 2009 (harbour-gazette) "
            "against 2014 (harbour-gazette)") in found[0].message
    text = page(minimal_project)
    assert "one source gives both" in text and "values differ</span></dt>" in text
    review(minimal_project, "  founded: The inquiry's record gives both years.\n")
    assert warnings(minimal_project) == []


def test_two_people_quoted_in_one_source_are_sources_that_differ(minimal_project):
    edit(minimal_project, SYNDICATE, '  - date: "2008"\n    cite:\n      source: island-courier\n'
         "      quote: The Northwind Syndicate, founded in 2008 according to islanders\n",
         '  - date: "2014"\n    according_to: tomas-brell\n    cite: Ada Varga, who has led the syndicate since 2014\n')
    assert [code for code, _ in warnings(minimal_project)] == ["check.sources-differ"]


def test_a_review_does_not_excuse_a_text_that_takes_one_side(minimal_project):
    review(minimal_project, "  founded: Both years are reported.\n")
    edit(minimal_project, "groups/northwind-syndicate.md", "The two reports disagree on the founding year.",
         "It was founded in 2009.")
    found = diagnostics_of(minimal_project / "content").warnings
    assert [(d.code, str(d.pos)) for d in found] == [("check.one-sided", "groups/northwind-syndicate.md:1")]
    assert re.search(r"gives 2009 as plain fact", found[0].message)


# -- the one-sided check takes any disputed statement ------------------------------------------

@pytest.mark.parametrize("sentence, flagged", [
    ("Its warehouses were raided on March 3.", True),         # a day's date named without its year
    ("Its warehouses were raided on 3 March.", True),
    ("Its warehouses were raided in early March.", True),     # the other side, likewise
    ("Its warehouses were raided in March.", False),          # a month alone names neither side
    ("Its warehouses were raided on March 3 or in early March.", False),  # both sides given
    ("Its warehouses were raided on 3 March 2021.", False),   # names the early March 2021 side too
    ("The Island Courier has the raid later.", False),        # no side named
])
def test_the_one_sided_check_reads_a_disputed_event_date_as_any_other(sentence, flagged):
    """An event's date two sources give differently, as the statement model lets events and relations
    be disputed: the check takes the disagreement as it takes a field's."""
    dossier, _ = require_valid(MINIMAL / "content")
    events = {e.id: e for e in dossier.events}
    raids = [events["2021-03-03-warehouse-raid"], events["2021-03-early-raid-recalled"]]
    sides = tuple(Side(event.date.text, (Fact(event.date, event.cites, pos=event.pos),)) for event in raids)
    disputed = Disagreement("date", "Date", "value", sides, raids[0].id)
    syndicate = dossier.entities["northwind-syndicate"]
    text = replace(syndicate, summary=(Fact(sentence, editorial="x"),))
    without_note = replace(dossier, notes={k: v for k, v in dossier.notes.items() if k != syndicate.id})
    found = one_sided(without_note, text, [disputed])
    assert len(found) == flagged
    if flagged:
        named = sides[1].value if "early" in sentence else sides[0].value
        assert found[0].named == (named,) and found[0].where == "summary"


@pytest.fixture
def castor(tmp_path):
    """A copy of tests/sites/castor, whose disputed payment and arrest date are reviewed."""
    import shutil

    from tests.helpers import SITES
    target = tmp_path / "castor"
    shutil.copytree(SITES / "castor" / "content", target / "content")
    return target


PAYER = "groups/brightwater-construction.yml"
ARREST = "events/2021-04-orrin-dace-arrested.yml"


def without_review(path) -> None:
    """Drop the `reviewed:` block of a relation or an event: it runs from `reviewed:` to the end of the
    reason, the lines indented under it."""
    lines = path.read_text().split("\n")
    start = next(i for i, line in enumerate(lines) if line.strip() == "reviewed:")
    indent = len(lines[start]) - len(lines[start].lstrip())
    end = next((i for i in range(start + 1, len(lines))
                if lines[i].strip() and len(lines[i]) - len(lines[i].lstrip()) <= indent), len(lines))
    path.write_text("\n".join(lines[:start] + lines[end:]))


def test_a_reviewed_dispute_of_a_relation_or_an_event_no_longer_warns(castor):
    assert [code for code, _ in warnings(castor)] == []
    without_review(castor / "content" / PAYER)
    without_review(castor / "content" / ARREST)
    found = warnings(castor)
    assert ("check.sources-differ", f"{PAYER}:20:9") in found
    assert any(code == "check.sources-differ" and where.startswith(ARREST) for code, where in found)


def test_a_review_of_a_part_its_sources_do_not_dispute_is_stale(castor):
    path = castor / "content" / ARREST
    path.write_text(path.read_text().replace("reviewed:\n  date:", "reviewed:\n  place:"))
    found = [(code, where) for code, where in warnings(castor) if where.startswith(ARREST)]
    assert any(code == "check.stale-review" for code, _ in found)
    assert any(code == "check.sources-differ" for code, _ in found)  # the date, no longer reviewed
