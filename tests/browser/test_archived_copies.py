"""Archived copies in a real browser: the captured dossier's offline bundle, opened from disk.

tests/sites/captured holds the capture of a hostile page: scripts inline and from elsewhere,
a meta refresh, a <base>, styles, images, frames, objects, a poster, an SVG image, an autofocus
handler, all pointing at 127.0.0.1:9. Its viewer shows it made inert and must run none of it and
request nothing: no dialog, no request but the bundle's own files. The copies of a PDF and a text file open at the
place a citation names, and each page is looked at as a reader would (1280 and 390 px).
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from dossier.core.project import BUNDLE_NAME
from tests.browser import harness
from tests.helpers import CAPTURED


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    project = tmp_path_factory.mktemp("captured") / "project"
    for folder in ("content", "archive"):
        shutil.copytree(CAPTURED / folder, project / folder)
    (project / "mkdocs.yml").write_text((CAPTURED / "mkdocs.yml").read_text().replace(
        "../../../templates", str(harness.ROOT / "templates")))
    result = subprocess.run([sys.executable, str(harness.ROOT / "build.py"), "--project", str(project), "bundle"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return project / "dist" / BUNDLE_NAME


def test_a_hostile_archived_page_runs_nothing_and_requests_nothing(bundle, open_page):
    visit = open_page((bundle / "archive" / "greywater-statement" / "index.html").as_uri())
    visit.page.wait_for_timeout(1500)  # past the page's meta refresh (0 s) and its onload
    frame = next(f for f in visit.page.frames if f.url == "about:srcdoc")
    assert "it never used the cannery" in frame.locator("body").inner_text()
    assert visit.dialogs == []
    assert visit.foreign_requests() == []
    assert visit.page.url.endswith("/archive/greywater-statement/index.html")  # never navigated away
    assert frame.evaluate("document.scripts.length + document.querySelectorAll('[onload], [src]').length") == 0
    for width in (1280, 390):  # a page of its own at each width: a frame is not redrawn on a resize
        at_width = open_page(visit.page.url, viewport={"width": width, "height": 800})
        at_width.page.wait_for_timeout(300)
        harness.screenshot(at_width.page, "archived-hostile-page", width)
        assert at_width.dialogs == [] and at_width.foreign_requests() == []


def test_the_copy_of_a_text_file_opens_at_the_cited_line(bundle, open_page):
    place = open_page((bundle / "places" / "lantern-cove.html").as_uri())
    place.page.click("text=line 3 of the copy")
    place.page.wait_for_url("**/archive/harbour-notice/index.html#L3")  # the click navigates: wait for the page
    place.page.wait_for_load_state("load")
    assert place.page.evaluate("document.querySelector(':target').textContent").startswith("The cannery pier is closed")
    for width in (1280, 390):
        harness.screenshot(place.page, "archived-text-file", width)
    assert place.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_source_page_names_its_copy_and_a_profile_the_page_of_a_pdf(bundle, open_page):
    source = open_page((bundle / "sources" / "greywater-ruling.html").as_uri())
    link = source.page.locator("a", has_text="See the copy")
    assert link.get_attribute("href") == "../archive/greywater-ruling/index.html"
    for width in (1280, 390):
        harness.screenshot(source.page, "source-with-archived-copy", width)
        assert source.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    person = open_page((bundle / "people" / "piet-halloran.html").as_uri())
    assert person.page.locator("a", has_text="page 2 of the PDF").get_attribute("href") == \
        "../archive/greywater-ruling/greywater-ruling.pdf#page=2"
    assert person.foreign_requests() == [] and source.foreign_requests() == []
