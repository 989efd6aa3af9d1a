"""The print page (print.html): every profile and the chronology in one document, anchors unique."""

from __future__ import annotations

import collections
import re

import pytest

from dossier.build.read import require_valid
from dossier.build.site import build_files, render_site
from dossier.core.project import load_project
from dossier.render.pages import build_pages
from dossier.render.printview import rebase_links
from dossier.render.theme import Theme, builtin_theme_dir
from dossier.write.linkcheck import check_links
from tests.helpers import MINIMAL, ROOT

IDS = re.compile(r'\sid="([^"]*)"')


@pytest.fixture(scope="module", params=["minimal", "real"])
def files(request) -> dict[str, bytes]:
    return build_files(load_project(MINIMAL if request.param == "minimal" else ROOT)).files


def test_every_id_on_the_print_page_is_unique(files):
    ids = IDS.findall(files["print.html"].decode())
    assert len(ids) > 50
    assert [i for i, n in collections.Counter(ids).items() if n > 1] == []


def test_the_print_page_holds_every_profile_and_every_event(files):
    html = files["print.html"].decode()
    profiles = [p for p in files if p.split("/")[0] in ("groups", "people", "places") and not p.endswith("index.html")]
    for path in profiles:
        entity_id = path.rsplit("/", 1)[1].removesuffix(".html")
        assert f'id="p-{entity_id}"' in html, path
    for event in re.findall(r'<li class="event" id="(e-[^"]+)"', files["chronology.html"].decode()):
        assert f'id="chronology--{event}"' in html
    assert html.index('id="chronology"') > max(html.index(f'id="p-{p.rsplit("/", 1)[1][:-5]}"') for p in profiles)


def test_the_home_page_links_to_the_print_page_and_its_links_resolve(files):
    assert 'href="print.html"' in files["index.html"].decode()
    assert [str(b) for b in check_links(files) if b.page == "print.html"] == []


def test_the_print_page_does_not_add_back_links_to_the_sources(files):
    source = next(p for p in files if p.startswith("sources/") and not p.endswith("index.html"))
    assert b"print.html" not in files[source]


def test_citation_numbers_match_the_profile_pages(files):
    html = files["print.html"].decode()
    people = [p for p in files if p.startswith("people/") and not p.endswith("index.html")]
    for path in people:
        entity_id = path[len("people/"):-len(".html")]
        section = html[html.index(f'id="p-{entity_id}"'):]
        section = section[:section.index("</article>")]
        marks = re.findall(r'<a id="c-(\d+)" href="\.\./(sources/[^"]+)"', files[path].decode())
        assert marks == re.findall(rf'<a id="p-{entity_id}--c-(\d+)" href="(sources/[^"]+)"', section), path
    assert people


def test_the_note_of_a_profile_links_from_the_print_page():
    html = build_files(load_project(MINIMAL)).files["print.html"].decode()
    assert 'href="people/ada-varga.html"' in html and 'href="../people/ada-varga.html"' not in html


def test_the_print_page_shows_the_profiles_views_and_records_no_back_link_twice():
    dossier, _ = require_valid(MINIMAL / "content")
    pages = {p.url: p for p in build_pages(dossier)}
    profile = pages["people/ada-varga.html"].context["entity"]
    printed = next(e for s in pages["print.html"].context["sections"] for e in s["entities"] if e["id"] == "ada-varga")
    assert printed["citations"] == profile["citations"] and printed["prefix"] == "p-ada-varga--"
    assert pages["print.html"].context["chronology"] == pages["chronology.html"].context["chronology"]
    sentences = [s for p in pages["sources/harbour-gazette.html"].context["source"]["paragraphs"]
                 for s in p["sentences"]]
    back_links = [[link["url"] for link in s["cited_by"]] for s in sentences]
    assert any(back_links) and all(len(urls) == len(set(urls)) for urls in back_links)
    assert not any(url.startswith("print.html") for urls in back_links for url in urls)


@pytest.mark.parametrize("href, expected", [
    ("../people/a.html", "people/a.html"),
    ("../people/a.html#bio", "people/a.html#bio"),
    ("b.html", "groups/b.html"),
    ("#relations", "#p-x--relations"),
    ("https://example.org/a", "https://example.org/a"),
    ("mailto:a@example.org", "mailto:a@example.org"),
])
def test_note_links_are_rebased_to_the_print_page(href, expected):
    assert rebase_links(f'<a href="{href}">x</a>', "groups/x.html", "p-x--") == f'<a href="{expected}">x</a>'


def test_no_print_view_above_the_limit(monkeypatch):
    """A dossier too large for one printable page gets no print.html, and the home page offers none."""
    from dossier.build.site import build_files
    from dossier.core.project import load_project
    from dossier.render import pages
    from tests.helpers import MINIMAL

    monkeypatch.setattr(pages, "PRINT_VIEW_LIMIT", 3)
    files = build_files(load_project(MINIMAL)).files
    assert "print.html" not in files
    assert b'href="print.html"' not in files["index.html"]
    assert "people/ada-varga.html" in files


def test_the_print_page_drawn_from_the_profiles_sections_is_the_one_print_html_draws_and_reads_the_same(tmp_path):
    """The built-in print.html is given each profile as its profile page drew it; a project's own print.html
    gets the views and draws them itself. Both give the same page, which reads the same of the dossier."""
    dossier, _ = require_valid(ROOT / "content")
    fast: dict[str, frozenset] = {}
    drawn = render_site(dossier, Theme.of(None), jobs=1, reads=fast)
    project = tmp_path / "templates"
    project.mkdir()
    (project / "print.html").write_text((builtin_theme_dir() / "print.html").read_text() + "{# the project's #}\n")
    own: dict[str, frozenset] = {}
    drawn_by_the_project = render_site(dossier, Theme.of(project), jobs=1, reads=own)
    assert drawn["print.html"] == drawn_by_the_project["print.html"]
    assert fast["print.html"] == own["print.html"]
    assert len(fast["print.html"]) > len(fast["chronology.html"])
