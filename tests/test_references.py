"""A page's citation list, as Wikipedia keeps one: one entry per passage cited, each mark in the
text carrying its entry's number, and from each entry a way back to every place citing it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dossier.build.site import build_files
from dossier.core.project import load_project
from dossier.link.references import CHRONOLOGY_PAGE, page_citations
from tests.helpers import ROOT


@pytest.fixture(scope="module")
def seed():
    return build_files(load_project(ROOT))


def test_each_passage_is_one_entry_however_many_facts_cite_it(seed):
    for page in [*seed.dossier.entities, CHRONOLOGY_PAGE]:
        citations = page_citations(seed.dossier, page)
        passages = [(r.citation.source, r.citation.start, r.citation.quote) for r in citations.references]
        assert len(passages) == len(set(passages)), page
        assert [r.number for r in citations.references] == list(range(1, len(passages) + 1))


def test_a_quote_cited_four_times_is_one_entry_with_four_ways_back(seed):
    page = seed.files["people/usman-ghazi.html"].decode()
    entries = re.findall(r'<li id="ref-(\d+)" value="\1">(.*?)</li>', page, re.S)
    quoted = [re.search(r"“(.*?)”</a>", body).group(1) for _, body in entries]
    assert len(quoted) == len(set(quoted)) < 17  # before: 17 entries, one quote four times
    moved = next(body for _, body in entries if "moved to Tajikistan at age 30" in body)
    assert re.findall(r'aria-label="Back to citing place ([a-z])"', moved) == ["a", "b", "c", "d"]


def test_every_way_back_reaches_a_mark_carrying_the_entrys_number(seed):
    for path, data in seed.files.items():
        if not path.endswith(".html"):
            continue
        page = data.decode()
        for number, body in re.findall(r'<li id="ref-(\d+)" value="\1">(.*?)</li>', page, re.S):
            for anchor in re.findall(r'href="#(c-[\d-]+)"', body):
                mark = re.search(rf'<a id="{anchor}" [^>]*>\[(\d+)\]</a>', page)
                assert mark and mark.group(1) == number, (path, anchor)


def test_the_source_page_links_back_to_each_place_citing_a_sentence(seed):
    source = seed.files["sources/caravanserai-imu-cuts-ties-with-isil.html"].decode()
    backs = re.findall(r'href="\.\./people/usman-ghazi\.html#(c-[\d-]+)"', source)
    assert "c-2-4" in backs  # the fourth place citing entry 2 on Ghazi's page


def test_print_keeps_each_profiles_list(tmp_path: Path, seed):
    printed = seed.files["print.html"].decode()
    assert 'id="p-usman-ghazi--ref-2"' in printed and 'href="#p-usman-ghazi--c-2-4"' in printed
