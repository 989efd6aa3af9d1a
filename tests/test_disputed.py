"""The second test dossier, tests/sites/disputed: two graded sources that disagree.

Its two reports give different foundings (date, place and founders) and sizes of one
smuggling ring, agree on its leader's year of birth (one adds the place), and both
report one raid. The first prints its photo caption twice, so citing it needs a
prefix or suffix, and has a subhead. Sources carry reliability grades, facts
credibility grades.
"""

from __future__ import annotations

import pytest

from dossier.citations import split_source
from dossier.disagreements import find_disagreements
from dossier.project import load_project
from dossier.site import build_files, read_dossier
from tests.helpers import SITES

DISPUTED = SITES / "disputed"


@pytest.fixture(scope="module")
def disputed():
    return read_dossier(DISPUTED / "content")


def test_it_validates_with_one_warning_per_differing_part(disputed):
    _, diagnostics = disputed
    assert diagnostics.errors == []
    assert [(str(d.pos), d.code) for d in diagnostics.warnings] == [
        ("groups/grey-heron-network.yml:18:5", "check.sources-differ")] * 3 + [
        ("groups/grey-heron-network.yml:31:5", "check.sources-differ")]
    messages = "\n".join(d.message for d in diagnostics.warnings)
    assert "on the date: 2011 (coastal-herald) against 2012 (valley-post)" in messages
    assert "on the place: Port Alder (coastal-herald) against Millbrook (valley-post)" in messages
    assert "on who (`by`): three fishermen (coastal-herald) against a former customs officer (valley-post)" in messages
    assert ("on the value: about 60 members (coastal-herald) against more than 200 members "
            "(valley-post, according to Tobias Wren)") in messages


def test_the_disagreements_are_data_for_pages_to_list(disputed):
    model, _ = disputed
    found = find_disagreements(model, model.entities["grey-heron-network"])
    assert [(d.field, d.part, [s.value for s in d.sides]) for d in found] == [
        ("founded", "date", ["2011", "2012"]),
        ("founded", "place", ["Port Alder", "Millbrook"]),
        ("founded", "by", ["three fishermen", "a former customs officer"]),
        ("strength", "value", ["about 60 members", "more than 200 members"]),
    ]
    assert find_disagreements(model, model.entities["mara-quill"]) == []  # both say 1980; one adds the place


def test_sources_and_facts_carry_their_grades_and_reasons(disputed):
    model, _ = disputed
    herald, post = model.sources["coastal-herald"], model.sources["valley-post"]
    assert (herald.reliability.grade, post.reliability.grade) == ("B", "D")
    assert "retracted" in post.reliability.reason
    founded = model.entities["grey-heron-network"].field("founded")
    assert [f.credibility.grade for f in founded] == ["3", "4"]
    [leads] = [r for r in model.entities["mara-quill"].relations if r.type == "leader-of"]
    assert leads.credibility.grade == "1" and {c.source for c in leads.cites} == {"coastal-herald", "valley-post"}
    [raid] = model.events
    assert raid.credibility.grade == "1" and raid.credibility.reason == "Both reports give the raid and its date."
    assert model.entities["grey-heron-network"].field("strength")[0].credibility is None


def test_a_caption_printed_twice_is_cited_at_the_place_the_citation_names(disputed):
    model, _ = disputed
    split = split_source(model.sources["coastal-herald"].text)
    assert len(split.occurrences("Mara Quill leaves court in Port Alder.").starts) == 2
    [_, caption] = model.entities["mara-quill"].summary[0].cites
    [photo] = [c for c in model.entities["ines-marlow"].summary[0].cites if c.suffix]
    assert [s.number for s in split.locate(caption.quote, start=caption.start)] == [2]
    assert [s.number for s in split.locate(photo.quote, start=photo.start)] == [3]
    assert [s.text for s in split.sentences if s.heading] == ["Rival accounts"]


def test_it_builds():
    files = build_files(load_project(DISPUTED)).files
    assert {"groups/grey-heron-network.html", "people/mara-quill.html", "sources/valley-post.html"} <= set(files)
    page = files["groups/grey-heron-network.html"].decode()
    assert "sources differ" in page and "2011" in page and "2012" in page
