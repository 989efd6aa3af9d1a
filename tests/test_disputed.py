"""The second test dossier, tests/sites/disputed: two graded sources that disagree.

Its two reports give different foundings (date, place and founders) and sizes of one
smuggling ring, agree on its leader's year of birth (one adds the place), and both
report one raid. The first prints its photo caption twice, so citing it needs a
prefix or suffix, and has a subhead. Sources carry reliability grades, facts
credibility grades.
"""

from __future__ import annotations

import re
import shutil

import pytest

from dossier.build.read import read_dossier
from dossier.build.site import build_files
from dossier.check.disagreements import find_disagreements
from dossier.core.project import load_project
from dossier.validate.citations import split_source
from tests.helpers import SITES

DISPUTED = SITES / "disputed"


@pytest.fixture(scope="module")
def disputed():
    return read_dossier(DISPUTED / "content")


def test_it_validates_without_a_warning_as_its_disagreements_are_reviewed(disputed):
    model, diagnostics = disputed
    assert diagnostics.errors == [] and diagnostics.warnings == []
    reviews = model.entities["grey-heron-network"].reviewed
    assert [(r.field, str(r.pos)) for r in reviews] == [("founded", "groups/grey-heron-network.yml:38:3"),
                                                         ("strength", "groups/grey-heron-network.yml:41:3")]
    assert "no record of it has been found" in reviews[0].reason


def test_without_its_reviews_it_warns_once_per_differing_part(tmp_path):
    shutil.copytree(DISPUTED, tmp_path / "disputed")
    record = tmp_path / "disputed/content/groups/grey-heron-network.yml"
    text = record.read_text()
    record.write_text(text[:text.index("reviewed:")] + text[text.index("summary:"):])
    diagnostics = read_dossier(tmp_path / "disputed/content")[1]
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
    assert "say why both stand under `reviewed: founded: ...`" in messages


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


@pytest.fixture(scope="module")
def pages():
    return {path: data.decode() for path, data in build_files(load_project(DISPUTED)).files.items()
            if path.endswith(".html")}


def test_each_differing_value_names_its_source_inline_not_only_on_hover(pages):
    infobox = pages["groups/grey-heron-network.html"].split('<aside class="infobox"', 1)[1].split("</aside>", 1)[0]
    founded = infobox.split("<dt>Founded", 1)[1].split("<dt>", 1)[0]
    assert re.search(r'2011</time>.*?<span class="given-by">\(Coastal Herald\)</span>', founded, re.S)
    assert re.search(r'2012</time>.*?<span class="given-by">\(Valley Post\)</span>', founded, re.S)
    kind = infobox.split("<dt>Kind", 1)[1].split("<dt>", 1)[0]
    assert "given-by" not in kind  # where sources agree, no names are added


def test_a_profile_with_disagreements_lists_them_part_by_part(pages):
    section = pages["groups/grey-heron-network.html"].split('id="sources-differ"', 1)[1].split("</section>", 1)[0]
    items = [" ".join(re.sub(r"<[^>]+>", " ", li).split("[")[0].split()) for li in re.findall(r"<li>(.*?)</li>", section, re.S)]
    assert any(i.startswith("Founded, date: 2011 (Coastal Herald)") for i in items)
    assert any("by:" in i and "three fishermen (Coastal Herald)" in i for i in items)
    assert any(i.startswith("Strength:") for i in items)
    assert 'id="c-' not in section  # its marks repeat the infobox's, so they carry no ids


def test_grades_show_beside_citations_with_a_legend_page(pages):
    page = pages["groups/grey-heron-network.html"]
    # the grade's meaning and reasons are in the page, shown on focus and in print, not in a tooltip alone
    assert re.search(r'<span class="grade"><span class="visually-hidden">graded </span>B3</span><span '
                     r'class="basis-text">source B: usually reliable; fact 3: possibly true\. B: [^<]+</span>', page)
    assert ' title="source' not in page
    assert "Grades</a>: Citations: " in page and "graded B (usually reliable)" in page
    legend = pages["grades.html"]
    assert 'id="reliability-F"' in legend and 'id="credibility-6"' in legend
    assert "Heron network founder questioned</a> <span class=\"grade\">B</span>" in legend


def test_an_ungraded_dossier_shows_no_grade_and_has_no_legend(pages):
    seed = build_files(load_project(SITES / "minimal")).files
    assert "grades.html" not in seed
    assert not any(b'class="grade"' in data for data in seed.values())


def test_a_source_page_gives_its_reliability_grade_and_the_editors_reason(pages):
    meta = pages["sources/valley-post.html"].split('<dl class="meta">', 1)[1].split("</dl>", 1)[0]
    reliability = " ".join(re.sub(r"<[^>]+>", " ", meta.split("<dt>Reliability</dt>", 1)[1].split("</dd>", 1)[0]).split())
    assert reliability.startswith("D not usually reliable: A weekly that has retracted two crime stories")
    assert 'href="../grades.html"' in meta


def test_an_ungraded_source_says_so():
    page = build_files(load_project(SITES / "minimal")).files
    source = next(data.decode() for path, data in page.items() if path.startswith("sources/") and path != "sources/index.html")
    assert "<dt>Reliability</dt><dd>not graded by the editor</dd>" in source
