"""The hostile dossier in a real browser: no payload runs, on any page, even when searched for.

tests/test_hostile_markup.py proves by parsing that no page holds executable
markup; this opens every page of the same dossier (every payload in every
field) in Chromium from disk, searches for the payloads so the search script
draws them into the page, and checks that no dialog opened and no script
failed. A payload that ran would call alert().
"""

from __future__ import annotations

import pytest

from dossier.build.read import read_dossier
from dossier.build.site import render_site
from dossier.write.atomic import write_tree
from tests.hostile.dossiers import write_xss_dossier


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile-browser") / "project"
    write_xss_dossier(root)
    dossier, _ = read_dossier(root / "content")  # the note's unsafe links are errors; render anyway to look
    files = render_site(dossier, root / "templates")
    site = root / "site"
    site.mkdir()
    write_tree(files, site)
    return site, sorted(p for p in files if p.endswith(".html"))


def test_no_page_opens_a_dialog_or_fails_a_script(hostile_site, open_page):
    site, pages = hostile_site
    assert len(pages) >= 10
    visit = open_page((site / pages[0]).as_uri())  # one tab, its listeners record every page it loads
    for page in pages:
        visit.page.goto((site / page).as_uri(), wait_until="load")
        assert visit.dialogs == [], page
        assert visit.page_errors == [], page
        assert visit.foreign_requests() == [], page


def test_searching_for_the_payloads_draws_them_as_text(hostile_site, open_page):
    site, _ = hostile_site
    visit = open_page((site / "index.html").as_uri())
    visit.page.wait_for_function("window.DossierSearch && !document.querySelector('.search').hidden")
    for query in ("script alert", "img onerror", "M-person-name", "javascript", "svg onload"):
        visit.page.fill("#search-input", query)
        visit.page.wait_for_timeout(30)
        assert visit.page.locator("#search-results script, #search-results img, #search-results svg").count() == 0
    visit.page.fill("#search-input", "M-group-name")
    assert "<script>alert(1)</script>" in visit.page.locator("#search-results").inner_text()
    assert visit.dialogs == [] and visit.page_errors == []
