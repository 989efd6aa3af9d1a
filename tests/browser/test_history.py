"""The history of the dossier as a reader finds it: from the home page to the changes page, a release's
page and a profile's history, in the offline bundle of the three-release dossier (tests/releasekit.py),
unzipped elsewhere and opened from file://; accessible, valid HTML, nothing asked of the network."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from dossier.core.project import BUNDLE_NAME
from tests.browser import harness
from tests.releasekit import three_releases


@pytest.fixture(scope="module")
def heron_bundle(tmp_path_factory):
    project = three_releases(tmp_path_factory.mktemp("history")).project
    done = subprocess.run([sys.executable, str(harness.ROOT / "build.py"), "--project", str(project), "bundle"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    elsewhere = tmp_path_factory.mktemp("moved") / "Lecteur hors ligne"
    with zipfile.ZipFile(project / "dist" / f"{BUNDLE_NAME}.zip") as zipped:
        zipped.extractall(elsewhere)
    return elsewhere / BUNDLE_NAME


def _quiet(visit):
    assert visit.foreign_requests() == [] and visit.console_errors == [] and visit.page_errors == []


def test_a_reader_goes_from_the_home_page_to_a_release_and_reads_what_changed(heron_bundle, open_page):
    visit = open_page((heron_bundle / "index.html").as_uri())
    page = visit.page
    page.get_by_role("link", name="What changed, release by release").click()
    page.wait_for_load_state()
    assert page.url.endswith("/changes.html")
    assert page.get_by_role("heading", name="Since release r3 (2025-03-20)").is_visible()
    since = page.locator("section.unreleased")
    assert "The town where Mara Quill was born" in since.locator(".before").inner_text()
    assert "The town Mara Quill was born in" in since.locator(".after").inner_text()
    releases = page.locator(".release-list li")
    assert releases.count() == 3
    assert "1 record added, 1 renamed; 3 facts changed, 1 added" in releases.nth(1).inner_text()

    page.get_by_role("link", name="Release r2").click()
    page.wait_for_load_state()
    assert page.url.endswith("/changes/r2.html")
    assert page.get_by_role("heading", name="Release r2", level=1).is_visible()
    kind = page.locator('[data-statement="grey-heron-network.kind-1"]')
    before, after = kind.locator(".before"), kind.locator(".after")
    assert "smuggling ring" in before.inner_text() and "smuggling network" in after.inner_text()
    assert before.bounding_box()["x"] < after.bounding_box()["x"]  # side by side at this width
    assert kind.locator("del").evaluate("e => getComputedStyle(e).textDecorationLine") == "line-through"
    occupation = page.locator('[data-statement="t-wren.occupation-1"]')
    assert "no longer cites" in occupation.locator(".cite-removed").inner_text().lower()
    assert "police spokesman Tobias Wren told the Post" in occupation.locator(".cite-added").inner_text()
    renamed = page.locator(".record-change.change-renamed")
    assert "its id was tobias-wren" in renamed.inner_text()
    renamed.get_by_role("link", name="Tobias Wren").click()
    page.wait_for_load_state()
    assert page.url.endswith("/people/t-wren.html")
    _quiet(visit)


def test_a_profile_shows_its_history_release_by_release(heron_bundle, open_page):
    visit = open_page((heron_bundle / "groups" / "grey-heron-network.html").as_uri())
    page = visit.page
    history = page.locator("section.history")
    assert history.get_by_role("heading", name="History").is_visible()
    entries = history.locator(".history-entry")
    assert [entries.nth(i).locator(".history-release a").inner_text() for i in range(entries.count())] == [
        "Release r3", "Release r2", "Release r1"]
    r3 = entries.nth(0).inner_text()
    assert "removed" in r3.lower() and "founded 2012, in Millbrook" in r3
    assert "strength: about 60 members" in entries.nth(1).inner_text()
    assert "In the dossier since its first release." in entries.nth(2).inner_text()
    entries.nth(0).get_by_role("link", name="Release r3").click()
    page.wait_for_load_state()
    assert page.url.endswith("/changes/r3.html")
    _quiet(visit)


@pytest.mark.parametrize("rel", ["changes.html", "changes/r2.html", "people/t-wren.html"])
def test_the_history_pages_are_accessible_and_fit_a_phone(heron_bundle, open_page, rel):
    visit = open_page((heron_bundle / rel).as_uri())
    bad = [v for v in harness.run_axe(visit.page) if v["impact"] in ("serious", "critical")]
    assert bad == [], harness.format_violations(bad)
    for width in (1280, 390):
        harness.screenshot(visit.page, f"history-{rel.replace('/', '-').removesuffix('.html')}", width)
        overflow = visit.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{rel} scrolls sideways at {width} px"
    _quiet(visit)


def test_the_history_pages_are_valid_html(heron_bundle):
    if not harness.VNU_JAR.is_file():
        pytest.fail("the Nu HTML checker is missing: run tools/ensure-browser.sh")
    errors = harness.validate_html([heron_bundle / "changes.html", heron_bundle / "changes" / "r2.html",
                                    heron_bundle / "changes" / "r3.html", heron_bundle / "people" / "t-wren.html"])
    assert errors == []
