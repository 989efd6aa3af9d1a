"""Profiles that read in a minute: one-act relations with their one date, relations by family in date
order, "Mentioned in" without repeats, and source texts whose subheads are headings."""

from __future__ import annotations

import re

import pytest

from dossier.build.read import read_dossier
from dossier.build.site import build_files
from dossier.core.project import load_project
from dossier.core.schema import FAMILIES, RELATION_TYPES
from dossier.link.families import link_order
from dossier.validate.citations import is_heading, split_source
from tests.helpers import ROOT, diagnostics_of
from tests.test_validate import edit, only_error


@pytest.fixture(scope="module")
def seed_files() -> dict[str, bytes]:
    return build_files(load_project(ROOT)).files


def test_a_relation_with_both_a_date_and_a_period_is_refused_at_its_date(minimal_project):
    edit(minimal_project, "groups/harbour-police.yml", "    on:\n", '    period:\n      from: "2020"\n    on:\n')
    d = only_error(minimal_project)
    assert d.code == "relation.on-and-period"
    assert str(d.pos) == "groups/harbour-police.yml:10:5"
    assert "`on:`" in d.message and "`period:`" in d.message and "not both" in d.message


def test_a_single_act_date_is_checked_as_any_date(minimal_project):
    edit(minimal_project, "groups/harbour-police.yml", "    on:\n      said: March 3\n", '    on: "2021-02-30"\n')
    d = only_error(minimal_project)
    assert d.code == "date.invalid" and "has 28 days" in d.message and str(d.pos) == "groups/harbour-police.yml:8:9"


def test_a_single_act_is_checked_against_a_birth_and_a_founding_like_a_period_start(minimal_project):
    edit(minimal_project, "people/ada-varga.yml", '    period:\n      from: "2014"\n', '    on: "1970"\n')
    codes = sorted(d.code for d in diagnostics_of(minimal_project / "content").errors)
    assert codes == ["check.before-birth", "check.before-founding"]


def test_a_single_act_shows_its_one_date_on_both_pages(tmp_path):
    files = build_files(load_project(ROOT)).files
    for page, wording in (("groups/afghan-taliban.html", "attacked</span>"), ("groups/imu.html", "attacked by</span>")):
        html = files[page].decode()
        item = re.search(rf'<li id="r-\d+"[^>]*><span class="rel-label">{wording}.*?</li>', html, re.S)
        assert item, page
        assert '<time datetime="2015-12-11">11 December 2015</time>' in item.group(0)
        assert "–" not in item.group(0) and "from " not in item.group(0), item.group(0)


def test_every_relation_type_belongs_to_a_known_family():
    assert {t.family for t in RELATION_TYPES.values()} <= set(FAMILIES)
    assert {"leadership", "alliance", "hostility", "statement", "monitoring"} <= {t.family for t in RELATION_TYPES.values()}


def test_a_profile_tells_its_relations_family_by_family_each_in_date_order(seed_files):
    html = seed_files["groups/imu.html"].decode()
    headings = re.findall(r'<h3 class="family-heading" id="(rel-[a-z]+)">', html)
    assert headings == ["rel-leadership", "rel-alliance", "rel-hostility", "rel-statement", "rel-monitoring"]
    alliance = html[html.index('id="rel-alliance"'):html.index('id="rel-hostility"')]
    wording = re.findall(r'<span class="rel-label">([^<]+)</span> <a[^>]*>([^<]+)</a>', alliance)
    assert wording == [("allied with", "Afghan Taliban"), ("aligned with", "ISIL Khorasan Province"),
                       ("split from", "Islamic State of Iraq and the Levant"), ("fought alongside", "Afghan Taliban")]


def test_relations_known_only_to_have_ended_come_before_those_that_began_then():
    dossier, _ = read_dossier(ROOT / "content")
    links = dossier.links["imu"]
    assert list(links) == sorted(links, key=link_order)
    allied = next(i for i, link in enumerate(links) if link.relation.type == "allied-with")
    aligned = next(i for i, link in enumerate(links) if link.relation.type == "aligned-with")
    ended, began = links[allied].relation.period.end, links[aligned].relation.period.start
    assert ended and began and ended.sort_key == began.sort_key and allied < aligned


def test_citation_numbers_follow_the_order_relations_are_read_in(seed_files):
    html = seed_files["groups/imu.html"].decode()
    relations = html[html.index('id="relations"'):html.index('id="timeline"')]
    first_uses = [int(n) for n in re.findall(r'<a id="c-(\d+)"', relations)]  # an entry's first place: c-N
    assert first_uses == sorted(first_uses) and len(re.findall(r'<a id="c-', relations)) > 10


def test_mentioned_in_leaves_out_what_relations_events_and_quotes_show(seed_files):
    imu = seed_files["groups/imu.html"].decode()
    assert 'id="mentioned-in"' not in imu  # every mention of the IMU is a relation, an event or a quote
    tashkent = seed_files["places/tashkent.html"].decode()
    listed = tashkent[tashkent.index('id="mentioned-in"'):]
    assert "(born)" in listed and "(based in)" in listed and "(event)" not in listed


@pytest.mark.parametrize("paragraph, first, heading", [
    ("Irrelevant in Uzbekistan", False, True),
    ("IMU always a pariah in Uzbekistan", False, True),
    ("2016 in review", False, True),
    ("By Maksim Yeniseyev", True, False),
    ("Now the IMU is vowing to fight ISIL.", False, False),
    ("A quotation ends with its closing mark, \u201cso.\u201d", False, False),
    ("What follows:", False, False),
    ("Related: IMU pledges allegiance to ISIL", False, False),  # a link line, not a subhead
    ("Read more: Taliban rout the IMU in Zabul", False, False),
    ("The IMU in 2016: a brand, not a movement", False, True),  # more than a label before the colon
    ("lower-case words are a fragment of a sentence", False, False),
    ("A line\nbroken in two", False, False),
    ("A" * 81, False, False),
    ("", False, False),
])
def test_a_subhead_is_a_short_line_without_final_punctuation(paragraph, first, heading):
    assert is_heading(paragraph, first) is heading


def test_the_source_page_shows_subheads_as_headings_and_counts_in_the_margin(seed_files):
    dossier, _ = read_dossier(ROOT / "content")
    source = next(iter(dossier.sources.values()))
    split = split_source(source.text)
    html = seed_files[f"sources/{source.id}.html"].decode()
    subheads = re.findall(r'<h2 class="source-subhead">(.*?)</h2>', html)
    assert [re.sub(r"<[^>]+>", "", s) for s in subheads] == [split.paragraphs[i][0].text for i in sorted(split.headings)]
    assert "Irrelevant in Uzbekistan" in subheads[0]
    counts = re.findall(r'<span class="cited" id="s-(\d+)" tabindex="-1"><a class="cite-count" href="#s-\1" '
                        r'aria-label="Sentence \1, cited by (\d+) facts?">\2</a>', html)
    assert len(counts) == sum(1 for citers in dossier.cited_by[source.id] if citers)
    for number, count in counts:
        assert int(count) == len(dossier.citers(source.id, int(number))) > 0
    assert "<mark" not in html


def test_each_mention_is_listed_once_in_the_order_of_who_and_how(minimal_project):
    """A record that mentions another the same way twice (here two 'leader of' relations) is one
    mention; an entity's mentions are in the order of who mentions it, then how."""
    from dossier.build.read import read_dossier
    from tests.test_validate import edit
    relation = ('  - type: leader-of\n    target: northwind-syndicate\n    period:\n      from: "2014"\n'
                "    cite: Ada Varga, who has led the syndicate since 2014\n")
    edit(minimal_project, "people/ada-varga.yml", relation, relation + relation.replace('"2014"', '"2015"'))
    dossier, _ = read_dossier(minimal_project / "content")
    assert len([link for link in dossier.links["ada-varga"] if link.other == "northwind-syndicate"]) == 2
    mentions = [(m.by, m.how) for m in dossier.mentions["northwind-syndicate"]]
    assert mentions.count(("ada-varga", "relation: leader of")) == 1
    for listed in dossier.mentions.values():
        pairs = [(m.by, m.how) for m in listed]
        assert pairs == sorted(set(pairs))
