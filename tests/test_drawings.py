"""Drawings: the SVG pictures show what the facts say, uncertainty included, stay readable as a
dossier grows, escape what they show, and link to pages and anchors that exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from benchmarks.synthetic import generate
from dossier.build.read import read_dossier
from dossier.build.site import build_files
from dossier.core.dates import DateValue
from dossier.core.project import load_project
from dossier.core.urls import entity_url
from dossier.drawing.chronology import POINTS_LIMIT, chronology_drawing
from dossier.drawing.lanes import profile_timeline
from dossier.drawing.lifelines import GROUP_CAP, chosen_groups, dossier_map
from dossier.drawing.marks import date_mark, period_bar
from dossier.drawing.network import CERTAINTY_KINDS, FAR_CAP, NEAR_CAP, WHOLE_CAP, neighbourhood, whole_network
from dossier.drawing.relmap import MAX_PER_FAMILY, relation_map
from dossier.drawing.scale import MAX_LABELS, Span, date_span, time_scale
from dossier.drawing.words import label_lines, mark_kinds, with_endings
from dossier.link.families import relation_anchor
from dossier.render.jinja import make_environment, render_page, site_info
from dossier.render.pages import make_page
from dossier.render.views import ViewBuilder
from dossier.write.linkcheck import check_links
from tests.helpers import ROOT, write_tree


def scale_over(first: int, last: int):
    """A scale over dates spread evenly from `first` to `last`: a story with no long empty stretch."""
    step = max(1, (last - first) // 30)
    scale = time_scale([Span(year, year + 1) for year in [*range(first, last, step), last]])
    assert scale is not None
    return scale


@pytest.mark.parametrize("first, last, unit", [(2014, 2016, "years"), (1993, 2016, "years"),
                                               (1950, 2016, "decades"), (1500, 2016, "centuries")])
def test_the_scale_follows_the_data(first, last, unit):
    scale = scale_over(first, last)
    assert scale.unit_name == unit
    assert scale.start <= first and scale.end >= last + 1
    assert 1 <= sum(labelled for _, _, labelled in scale.intervals()) <= MAX_LABELS
    assert scale.intervals()[-1][2]  # the last interval is labelled


def _rects(svg: str) -> list[dict[str, str]]:
    return [dict(re.findall(r'(\w[\w-]*)="([^"]*)"', tag)) for tag in re.findall(r"<rect [^>]*>", svg)]


def _percent(value: str) -> float:
    return float(value.rstrip("%")) / 100


def test_a_date_of_the_year_alone_spans_its_year_and_a_day_is_a_dot():
    scale = scale_over(2000, 2019)
    year = _rects(date_mark(scale, DateValue(2015), 0, 10))
    assert len(year) == 1 and year[0]["class"] == "range"
    assert _percent(year[0]["width"]) == pytest.approx(scale.x(2016) - scale.x(2015), abs=0.001)
    day = date_mark(scale, DateValue(2015, 12, 11), 0, 10)
    assert _rects(day) == [] and 'r="4.5" class="dot"' in day


def test_an_approximate_date_is_fuzzy_and_an_inferred_one_dashed():
    scale = scale_over(1990, 2010)
    approximate = _rects(date_mark(scale, DateValue(2000, approximate=True), 0, 10))
    fuzz = [r for r in approximate if r["class"] == "fuzz"]
    assert len(fuzz) == 3 and len({r["width"] for r in fuzz}) == 3  # three widening shades
    widest = _percent(max(fuzz, key=lambda r: _percent(r["width"]))["width"])
    assert widest == pytest.approx(scale.x(2002) - scale.x(1999), abs=0.002)  # a year either side of c. 2000
    inferred = date_mark(scale, DateValue(2000, inferred="Born in 1970, he moved at 30."), 0, 10)
    assert 'class="range inferred"' in inferred and 'class="dot inferred"' in inferred


def test_a_period_ends_as_its_statement_gives_it_and_an_unknown_start_has_a_mark_of_its_own():
    scale = scale_over(2000, 2016)
    told = date_span(DateValue(2016, 8)).hi  # the date of the source saying so
    ongoing = period_bar(scale, DateValue(2005), None, True, 0, 10, told)
    bar = next(r for r in _rects(ongoing) if r["class"] == "bar")
    assert _percent(bar["x"]) + _percent(bar["width"]) == pytest.approx(scale.x(told), abs=0.002)
    assert scale.x(told) < scale.x(scale.end) - 0.01  # as of its source's date, not to the edge
    assert 'class="arrow"' in ongoing
    no_end = period_bar(scale, DateValue(2005), None, False, 0, 10, told)
    assert 'class="open"' in no_end and 'class="end-unknown"' in no_end and 'class="bar"' not in no_end
    assert f'x2="{scale.x(told) * 100:.1f}%"' in no_end
    unknown_start = period_bar(scale, None, DateValue(2010, 3), False, 0, 10)
    assert 'class="lead-in"' in unknown_start and 'class="start-unknown"' in unknown_start
    assert 'class="open"' not in unknown_start and "arrow" not in unknown_start  # nothing from the edge
    closed = period_bar(scale, DateValue(2005), DateValue(2010), False, 0, 10)
    assert "arrow" not in closed and "unknown" not in closed and 'class="bar"' in closed


def test_the_axis_breaks_where_dates_cluster_and_every_mark_stays_at_its_date():
    spans = [date_span(DateValue(1970))] + [date_span(DateValue(2015, m)) for m in range(1, 13, 2)]
    scale = time_scale(spans)
    assert scale is not None and len(scale.segments) == 2 and len(scale.breaks()) == 1
    late = scale.segments[-1]
    assert late.x1 - late.x0 > 0.5  # the cluster of six dates has most of the width, not a sliver
    xs = [scale.x(t / 12) for t in range(1969 * 12, 2017 * 12)]
    assert xs == sorted(xs)  # in order everywhere, through the break too
    for span in spans:  # each date inside its own segment, at its place in it
        middle = (span.lo + span.hi) / 2
        segment = next(s for s in scale.segments if s.start <= middle <= s.end)
        assert segment.x0 <= scale.x(middle) <= segment.x1
    assert "skips 1971 to 2014" in scale.description
    labels = [year for year, _, labelled in scale.intervals() if labelled]
    assert labels[-1] == 2015
    assert scale_over(2000, 2010).breaks() == []  # no break in a story without long empty stretches


@pytest.fixture
def hub_project(tmp_path: Path) -> Path:
    """A group with 45 allies and 3 enemies: more than a map can show one by one."""
    files = {"dossier.yml": "title: Hub\ndescription: A hub.\nkey_entities: [hub]\n",
             "groups/hub.yml": "name: The <Hub> & \"Co\"\nsummary: {value: x, editorial: y}\nrelations:\n"}
    for i in range(48):
        files[f"groups/g{i}.yml"] = f"name: Group {i}\nsummary: {{value: x, editorial: y}}\n"
        kind = "allied-with" if i < 45 else "attacked"
        files["groups/hub.yml"] += (f"  - type: {kind}\n    target: g{i}\n    period: {{from: \"{1990 + i % 20}\"}}\n"
                                    "    editorial: for the test\n")
    write_tree(tmp_path / "content", files)
    (tmp_path / "mkdocs.yml").write_text("site_name: Hub\ndocs_dir: content\ntheme:\n  custom_dir: templates\n")
    (tmp_path / "templates").symlink_to(ROOT / "templates")
    return tmp_path


def test_the_relationship_map_stays_readable_at_forty_relations_and_more(hub_project):
    dossier, diagnostics = read_dossier(hub_project / "content")
    assert diagnostics.errors == []
    drawn = relation_map(dossier, "hub")
    assert drawn is not None and [name for name, _ in drawn.families] == ["alliance", "hostility"]
    names = re.findall(r'class="map-name">([^<]*)<', drawn.svg)
    assert len(names) == MAX_PER_FAMILY + 3 and drawn.others == 48
    assert 'href="#rel-alliance"' in drawn.svg and "and 33 more" in drawn.svg
    assert "The &lt;Hub&gt; &amp; &quot;Co&quot;" in drawn.svg and "<Hub>" not in drawn.svg
    files = build_files(load_project(hub_project)).files
    page = files["groups/hub.html"].decode()
    assert page.count('<li id="r-') == 48  # the list beside the map has every relation
    assert check_links(files) == []


def test_a_profile_has_its_map_and_timeline_with_the_same_facts_listed_beside_them():
    files = build_files(load_project(ROOT)).files
    html = files["groups/imu.html"].decode()
    side = html[html.index('<div class="profile-side">'):html.index('<div class="profile-body">')]
    assert 'class="infobox"' in side and '<svg class="drawing network"' in side
    lanes = html[html.index('<svg class="drawing lanes"'):]
    lanes = lanes[:lanes.index("</svg></figure>") if "</svg></figure>" in lanes else lanes.index("</figure>")]
    anchors = set(re.findall(r'href="#([^"]+)"', lanes))
    assert {a for a in anchors if a.startswith("r-")} and {a for a in anchors if a.startswith("e-")}
    ids = set(re.findall(r' id="([^"]+)"', html))
    assert anchors <= ids
    for svg in re.findall(r"<svg class=\"drawing.*?</svg>", html, re.S):
        assert 'aria-hidden="true"' in svg.split(">")[0]
        assert all('tabindex="-1"' in a for a in re.findall(r"<a [^>]*>", svg))


def test_drawings_are_the_same_from_one_reading_to_the_next():
    first, _ = read_dossier(ROOT / "content")
    second, _ = read_dossier(ROOT / "content")
    for entity_id in first.entities:
        assert relation_map(first, entity_id) == relation_map(second, entity_id)
        assert neighbourhood(first, entity_id) == neighbourhood(second, entity_id)
        assert profile_timeline(first, entity_id) == profile_timeline(second, entity_id)
    assert dossier_map(first) == dossier_map(second) and chronology_drawing(first) == chronology_drawing(second)
    assert whole_network(first) == whole_network(second)


def test_the_link_check_follows_links_inside_drawings():
    page = (b'<p id="x">x</p><svg class="drawing" width="100%" height="9" aria-hidden="true" focusable="false">'
            b'<a href="#x" tabindex="-1"><circle cx="1%" cy="1" r="1"/></a>'
            b'<a href="#gone" tabindex="-1"><circle cx="2%" cy="1" r="1"/></a></svg>')
    assert [b.href for b in check_links({"a.html": page})] == ["#gone"]


@pytest.fixture(scope="module")
def synthetic_1k(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("synthetic") / "dossier-1k"
    generate(1000, folder)
    return folder


def test_the_map_of_a_large_dossier_draws_the_key_entities_and_their_neighbours_and_says_so(synthetic_1k):
    dossier, _ = read_dossier(synthetic_1k / "content")
    groups = sum(1 for e in dossier.entities.values() if e.kind == "group")
    chosen = chosen_groups(dossier)
    assert groups > GROUP_CAP and len(chosen) == GROUP_CAP == len(set(chosen))
    assert all(dossier.entities[g].kind == "group" for g in chosen)
    drawn = dossier_map(dossier)
    assert drawn.subset and drawn.groups == groups
    assert len(drawn.lifelines) + len(drawn.undated_groups) == GROUP_CAP
    names = re.findall(r'<a href="groups/[^"]+" tabindex="-1"><text [^>]*class="life-name"', drawn.svg)
    assert drawn.svg is not None and len(names) == len(drawn.lifelines)
    in_map = {lifeline.group.url for lifeline in drawn.lifelines}
    assert all(c.subject.url in in_map and c.target.url in in_map for c in drawn.crossings)


def test_a_large_chronology_is_drawn_as_a_bar_a_year_split_by_how_sure_the_dates_are(synthetic_1k):
    dossier, _ = read_dossier(synthetic_1k / "content")
    assert len(dossier.events) > POINTS_LIMIT
    drawn = chronology_drawing(dossier)
    assert drawn is not None and drawn.by_year
    years = {e.date.year for e in dossier.events}
    assert set(re.findall(r'href="#y-(\d+)"', drawn.svg)) == {str(y) for y in years}
    assert len(drawn.svg) < 100 * len(years) * 4  # a few shapes a year, not one an event


def test_the_map_page_of_a_large_dossier_says_how_many_groups_it_draws(synthetic_1k):
    dossier, _ = read_dossier(synthetic_1k / "content")
    page = make_page(dossier, ViewBuilder(dossier), ("groups-over-time", ""))
    html = render_page(make_environment(ROOT / "templates"), page, site_info(dossier.settings))
    groups = sum(1 for e in dossier.entities.values() if e.kind == "group")
    assert f"{GROUP_CAP} of the dossier's {groups:,} groups are drawn" in html
    for href in set(re.findall(r'href="((?:groups|people)/[^"#]+)\.html#r-(\d+)"', html)):
        entity_id, index = href[0].split("/")[1], int(href[1])
        assert index < len(dossier.links[entity_id]), href  # each mark's entry is on its profile


def test_a_date_span_never_runs_backwards():
    for date in (DateValue(2016), DateValue(2016, 7), DateValue(2016, 7, part="mid"), DateValue(2016, 7, 19),
                 DateValue(2016, 12, 31, approximate=True)):
        span = date_span(date)
        assert span.hi > span.lo and span.fuzz >= 0


@pytest.mark.parametrize("entity_id, other, families", [
    ("afghan-taliban", "Islamic Movement of Uzbekistan", {"Alliances and allegiance", "Hostilities"}),
    ("abu-dher-azzam", "Islamic State of Iraq and the", {"Leadership and membership", "Statements and commentary"}),
])
def test_a_record_related_in_two_families_is_on_both_branches_of_the_map(entity_id, other, families):
    """As docs/drawings.md says: each record once on each branch it has relations on (a long name wraps,
    so its first line is looked for)."""
    dossier, _ = read_dossier(ROOT / "content")
    drawn = relation_map(dossier, entity_id)
    assert drawn is not None
    branches = re.split(r'<text [^>]*class="family-title">', str(drawn.svg))[1:]
    holding = {branch.split(" (")[0] for branch in branches if f">{other}<" in branch}
    assert holding == families


def test_a_person_under_a_group_on_the_map_keeps_whose_word_it_is_and_the_grade(tmp_path):
    """A long part is wrapped, never cut: cut to one line, 'per ...' and the grade were the first words lost,
    and the membership read as the dossier's own."""
    write_tree(tmp_path / "content", {
        "dossier.yml": "title: T\ndescription: D.\nkey_entities: [movement]\n",
        "groups/movement.yml": "name: The Northern Movement\nsummary: {value: x, editorial: y}\n",
        "people/analyst.yml": "name: Konstantin Aleksandrovich Mikhailovsky\nsummary: {value: x, editorial: y}\n",
        "people/member.yml": """\
            name: Bartholomew Fitzwilliam Okonkwo
            summary: {value: x, editorial: y}
            relations:
              - type: member-of
                target: movement
                as_of: {value: "2000", approximate: true}
                according_to: analyst
                credibility: {grade: "3", reason: One analyst's word.}
                editorial: for the test
            """,
    })
    dossier, diagnostics = read_dossier(tmp_path / "content")
    assert diagnostics.errors == []
    drawn = dossier_map(dossier)
    assert drawn.svg is not None
    lines = re.findall(r'class="life-person">([^<]*)<', str(drawn.svg))
    assert lines == ["Bartholomew Fitzwilliam Okonkwo", "member, as of c. 2000 · ed.",
                     "per Konstantin Aleksandrovich Mikhailovsky · 3"]
    assert not any("…" in line for line in lines)
    ys = [float(y) for y in re.findall(r'<text x="[^"]*" y="([^"]*)" class="life-person"', str(drawn.svg))]
    assert ys == sorted(ys) and len(set(ys)) == len(ys)  # one under another, none on top of another


def test_the_network_of_a_profile_is_two_steps_capped_and_links_each_node_and_line():
    dossier, _ = read_dossier(ROOT / "content")
    drawn = neighbourhood(dossier, "imu")
    assert drawn is not None
    svg = str(drawn.svg)
    nodes = set(re.findall(r'href="\.\./(?:groups|people)/([^"#]+)\.html"', svg))
    assert {"usman-ghazi", "afghan-taliban", "isil-khorasan", "isil", "imam-bukhari-jamaat"} <= nodes
    assert "imam-bukhari-jamaat" not in {link.other for link in dossier.links["imu"]}  # two steps away
    lines = re.findall(r'<a href="([^"]*#r-\d+)"[^>]*><title>([^<]*)</title>', svg)
    assert len(set(lines)) == drawn.edges and drawn.edges >= 10  # a line with marks links from its tab too
    assert any("split from" in title for _, title in lines) and 'class="edge broken"' in svg
    assert "<script" not in svg and "http" not in svg


def test_a_network_never_draws_a_line_through_a_name():
    """Names stand outside the two columns, every line between them: so no line can cross a name."""
    dossier, _ = read_dossier(ROOT / "content")
    for drawn in [whole_network(dossier), *(neighbourhood(dossier, e) for e in dossier.entities)]:
        if drawn is None:
            continue
        svg = str(drawn.svg)
        for d in re.findall(r'<path d="([^"]+)" class="edge', svg):
            numbers = [float(v) for v in re.findall(r"-?[\d.]+", d)]
            x0, x2 = numbers[0], numbers[-2]
            x1 = numbers[2] if "Q" in d else (x0 + x2) / 2
            xs = [(1 - t) ** 2 * x0 + 2 * (1 - t) * t * x1 + t ** 2 * x2 for t in (i / 20 for i in range(21))]
            assert all(134 <= x <= 226 for x in xs), d  # every point of the line, not only its ends
        for x, anchor in re.findall(r'<text x="([\d.]+)" [^>]*class="net-name (net-left|net-right)"', svg):
            assert (float(x) < 134) if anchor == "net-left" else (float(x) > 226)


def test_a_network_line_shows_how_sure_its_statement_is_with_the_marks_the_other_drawings_give():
    """Not in a tooltip alone: a line whose statement (or its end's) is approximate, inferred, editorial or
    someone's word carries those marks on a tab, linked as the line is; a sure line carries none; the legend
    explains them."""
    dossier, _ = read_dossier(ROOT / "content")
    drawn = whole_network(dossier)
    assert drawn is not None
    svg = str(drawn.svg)
    tabs = dict(re.findall(r'<a href="([^"]+)" tabindex="-1"><title>[^<]*</title><g class="net-marks">'
                           r'<rect [^>]*/><text [^>]*class="net-mark">([^<]*)</text>', svg))
    by_href = {f"{entity_url(dossier.kind_of(s), s)}#{relation_anchor(i)}": link
               for s in dossier.entities for i, link in enumerate(dossier.links.get(s, ())) if not link.inverse}
    expected = {}
    for href, link in by_href.items():
        kinds = [k for k in mark_kinds(with_endings([link.statement], dossier.statements)) if k in CERTAINTY_KINDS]
        if kinds and href in svg:
            expected[href] = " ".join(kinds)
    assert tabs == expected and len(tabs) >= 8
    on_word = [href for href, link in by_href.items() if link.statement.qualifiers.attribution and href in svg]
    assert on_word and all("per" in tabs[href].split() for href in on_word)
    assert not any(href in tabs for href, link in by_href.items() if link.statement.qualifiers.plain
                   and not link.relation.ended)
    assert set(drawn.marks) >= {"c.", "?", "ed.", "per"}  # each explained by the legend (marks_legend)


def test_the_network_of_a_large_dossier_is_capped(synthetic_1k):
    dossier, _ = read_dossier(synthetic_1k / "content")
    whole = whole_network(dossier)
    assert whole is not None and whole.nodes == WHOLE_CAP and whole.more > 0
    sizes = [n.nodes for e in list(dossier.entities)[:200] if (n := neighbourhood(dossier, e))]
    assert sizes and max(sizes) <= 1 + NEAR_CAP + FAR_CAP


def test_every_crossing_of_the_groups_over_time_stands_at_its_date():
    dossier, _ = read_dossier(ROOT / "content")
    drawn = dossier_map(dossier)
    assert drawn.svg is not None and drawn.time is not None
    places = re.findall(r'<svg x="([\d.]+)%" y="[\d.]+" width="1" height="1" overflow="visible">'
                        r'<line x1="(\d+)"[^>]*class="edge', str(drawn.svg))
    assert len(places) == len(drawn.crossings) == 7  # the survivors' break with ISIL is the seventh
    for (x, shift), crossing in zip(places, drawn.crossings, strict=True):
        group, anchor = crossing.fact.split("#")
        link = dossier.links[group.rsplit("/", 1)[-1].removesuffix(".html")][int(anchor[2:])]
        span = date_span(link.relation.first_date)
        assert float(x) == pytest.approx(drawn.time.x((span.lo + span.hi) / 2) * 100, abs=0.06)
        assert int(shift) <= 10  # staggered by a few pixels at most, never moved in time
    assert len(drawn.lifelines) == len(dossier.kinds["group"])  # every group, dated or not


def test_a_date_longer_than_its_line_breaks_after_a_semicolon_and_keeps_its_marks_whole():
    lines = label_lines("Usman Ghazi", "leader, from 2012; unknown since 11 Dec 2015? · per Viktor Mikhailov · 3", 30)
    assert lines == ["Usman Ghazi", "leader, from 2012;", "unknown since 11 Dec 2015?", "per Viktor Mikhailov · 3"]
    assert all(len(line) <= 30 for line in lines)
    assert label_lines("Usman Ghazi", "from 2012; to 2015", 40) == ["Usman Ghazi · from 2012; to 2015"]
