"""Rendering: golden pages of the minimal dossier, and what every page must carry."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest

from dossier.build.site import build_files
from dossier.core.project import load_project
from tests.helpers import ROOT

GOLDEN = Path(__file__).parent / "golden" / "minimal"
GOLDEN_PAGES = ["people/ada-varga.html", "groups/northwind-syndicate.html", "chronology.html"]


@pytest.fixture(scope="module")
def minimal_files(tmp_path_factory) -> dict[str, bytes]:
    from tests.helpers import MINIMAL
    return build_files(load_project(MINIMAL)).files


@pytest.mark.parametrize("page", GOLDEN_PAGES)
def test_page_matches_its_golden_file(minimal_files, page, update_golden):
    golden = GOLDEN / page
    actual = minimal_files[page].decode()
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    expected = golden.read_text(encoding="utf-8")
    diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), "golden", "built"))
    assert actual == expected, f"{page} differs from its golden file (rerun with --update-golden to accept):\n{diff}"


def test_relations_show_on_both_pages_with_inverse_wording(minimal_files):
    varga = minimal_files["people/ada-varga.html"].decode()
    syndicate = minimal_files["groups/northwind-syndicate.html"].decode()
    assert re.search(r"leader of</span>\s*<a href=\"../groups/northwind-syndicate.html\"", varga)
    assert re.search(r"led by</span>\s*<a href=\"../people/ada-varga.html\"", syndicate)


def test_differing_sources_are_shown_not_picked(minimal_files):
    syndicate = minimal_files["groups/northwind-syndicate.html"].decode()
    assert "sources differ" in syndicate and ">2009<" in syndicate and ">2008<" in syndicate


def test_estimates_attributions_and_editorial_facts_are_labelled(minimal_files):
    syndicate = minimal_files["groups/northwind-syndicate.html"].decode()
    assert 'flag-estimate">estimate' in syndicate and "according to" in syndicate
    assert 'flag-editorial">editorial' in minimal_files["people/ada-varga.html"].decode()


def test_every_citation_mark_lands_on_a_highlighted_sentence(minimal_files):
    for page, data in minimal_files.items():
        for source, sentence in re.findall(rb'class="cite"><a id="c-\d+" href="(?:\.\./)*sources/([\w-]+)\.html#(s-\d+)"', data):
            text = minimal_files[f"sources/{source.decode()}.html"]
            assert f'<span class="cited" id="{sentence.decode()}"'.encode() in text, (page, source, sentence)


def test_source_page_links_back_to_the_facts_citing_each_sentence(minimal_files):
    source = minimal_files["sources/harbour-gazette.html"].decode()
    assert 'href="../people/ada-varga.html#c-' in source
    assert "cited by" in source


def test_yearless_dates_show_that_the_year_is_inferred(minimal_files):
    chronology = minimal_files["chronology.html"].decode()
    assert '<time datetime="2021-03-03">3 March</time>' in chronology and "year inferred" in chronology
    assert chronology.index(">early-March</time>") < chronology.index(">3 March</time>")
    harbour_police = minimal_files["groups/harbour-police.html"].decode()
    assert "3 March 2021</time>" in harbour_police


def test_the_chronology_puts_a_years_events_under_one_heading_without_repeating_the_year(minimal_files):
    chronology = minimal_files["chronology.html"].decode()
    assert chronology.count('<h2 id="y-2021">2021</h2>') == 1
    assert '<time datetime="2009">year only</time>' in chronology
    assert not re.search(r'<span class="event-date"><time datetime="\d{4}(?:-\d\d)*">\d{4}', chronology)


def test_every_page_is_self_contained(minimal_files):
    for page, data in minimal_files.items():
        if page.endswith(".html"):
            html = data.decode()
            assert "Content-Security-Policy" in html, page
            assert not re.search(r'(?:src|href)="(?:https?:)?//', html.split("<main", 1)[0]), page


def test_no_page_lists_every_other_page_in_its_navigation(minimal_files):
    nav = re.search(r"<nav aria-label=\"Sections\">(.*?)</nav>", minimal_files["people/ada-varga.html"].decode(), re.S)
    assert nav and nav.group(1).count("<a ") == 8  # the five kinds' sections, the groups over time, the network, the atlas


def test_the_library_leaves_the_cycle_collector_as_it_found_it(tmp_path):
    """Reading pauses the collector and forked rendering freezes the model; both are undone after."""
    import gc

    from dossier.build.read import read_dossier
    from dossier.build.site import render_files
    from dossier.write.outputs import InMemory
    from tests.helpers import MINIMAL
    frozen = gc.get_freeze_count()
    dossier, _ = read_dossier(MINIMAL / "content")
    assert gc.isenabled() and gc.get_freeze_count() == frozen
    render_files(dossier, ROOT / "templates", InMemory(), jobs=2)
    assert gc.isenabled() and gc.get_freeze_count() == frozen


def test_forked_workers_render_with_the_model_frozen():
    """Neither side of the fork rescans the model while pages are rendered."""
    import gc

    from dossier.core.parallel import Workers
    with Workers("job", tasks=1000, jobs=2) as workers:
        assert workers.pool is not None and gc.get_freeze_count() > 0
        assert list(workers.map(_job_and_chunk, [[1], [2]])) == [("job", [1], False), ("job", [2], False)]


def _job_and_chunk(job, chunk):
    import gc
    return job, chunk, gc.isenabled()


def test_a_quote_holding_quotation_marks_is_quoted_once_its_own_marks_turned_single():
    from dossier.render.jinja import quoted
    assert quoted('"Today isn\'t 1999," Khan said') == "\u201c\u2018Today isn't 1999,\u2019 Khan said\u201d"
    assert quoted("\u201cA\u201d and B") == "\u201c\u2018A\u2019 and B\u201d"
    assert quoted("plain") == "\u201cplain\u201d"


def test_no_citation_shows_two_opening_quotation_marks_in_a_row(minimal_files):
    for page, data in minimal_files.items():
        assert not re.search(r'\u201c["\u201c]', data.decode("utf-8", "replace")), page


def test_a_facts_note_is_a_remark_not_the_editors_notes_panel(minimal_project):
    from tests.test_validate import edit
    edit(minimal_project, "people/ada-varga.yml", "  - value: ", "  - note: as the harbour knew her\n    value: ")
    page = build_files(load_project(minimal_project)).files["people/ada-varga.html"].decode()
    assert '<span class="fact-note">(as the harbour knew her)</span>' in page
    assert '<span class="note">' not in page
