"""Pages that travel: each page has a meta description and Open Graph's title and description, a
profile's drawn from its summary with the summary's qualifiers in words, so that a shared link
previews what the page says and never more."""

from __future__ import annotations

import html
import re

import pytest

from dossier.build.site import build_files
from dossier.core.project import load_project
from dossier.render.pages import DESCRIPTION_CHARS, described
from tests.helpers import ROOT


def meta(page: str, attribute: str, name: str) -> str:
    found = re.findall(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', page)
    assert len(found) == 1, name
    return html.unescape(found[0])


@pytest.fixture(scope="module")
def seed():
    return {p: d.decode() for p, d in build_files(load_project(ROOT)).files.items()
            if p.endswith(".html") and not p.startswith("archive/")}


def test_every_page_has_a_description_and_open_graph_title_and_description(seed):
    for path, page in seed.items():
        description = meta(page, "name", "description")
        assert 20 < len(description) <= DESCRIPTION_CHARS, path
        assert meta(page, "property", "og:description") == description, path
        title = re.search(r"<title>(.*?) · ", page) or re.search(r"<title>(.*?)</title>", page)
        assert meta(page, "property", "og:title") == html.unescape(title.group(1)), path


def test_a_profiles_description_is_its_summary(seed):
    assert meta(seed["people/viktor-mikhailov.html"], "name", "description") == (
        "A Tashkent-based terrorism analyst who told Caravanserai of Usman Ghazi's early life.")
    imu = meta(seed["groups/imu.html"], "name", "description")
    assert imu.startswith("A terrorist group founded in Kandahar in 1996") and imu.endswith("…")


def test_a_qualified_summary_keeps_its_qualifiers_in_the_description(minimal_project):
    path = minimal_project / "content" / "people" / "ada-varga.yml"
    text = path.read_text()
    summary = text.split("summary:", 1)[1].split("\n", 2)[1]
    assert "value:" in summary
    path.write_text(text.replace(summary, summary + "\n  estimate: true", 1))
    page = build_files(load_project(minimal_project)).files["people/ada-varga.html"].decode()
    assert meta(page, "name", "description").endswith("(estimate)")


def test_a_long_description_is_cut_at_a_word():
    text = "word " * 100
    cut = described(text)
    assert len(cut) <= DESCRIPTION_CHARS and cut.endswith("word…")
    assert described("  a   short\nline ") == "a short line"
