"""The offline bundle works opened from disk, after being moved: links, anchors, no network, no errors.

Every test opens the unzipped copy in another folder (see conftest.bundle), at a
file:// URL, in Debian's Chromium.
"""

from __future__ import annotations

import re
import zipfile
from collections import deque
from urllib.parse import unquote, urlsplit

from dossier.build.read import read_dossier
from dossier.core.project import BUNDLE_NAME
from dossier.core.urls import entity_url
from dossier.export import DATA_FILES
from dossier.write.linkcheck import check_links
from tests.browser import harness

README = (harness.ROOT / "README.md").read_text(encoding="utf-8")


def _assert_quiet(visit):
    """The page asked for nothing outside file://, logged no error, raised nothing, opened no dialog."""
    assert visit.foreign_requests() == []
    assert visit.console_errors == []
    assert visit.page_errors == []
    assert visit.dialogs == []


def test_bundle_has_its_documented_name_and_the_zip_holds_the_folder(bundle):
    assert bundle.folder.name == BUNDLE_NAME == "dossier-offline"
    assert f"dist/{BUNDLE_NAME}/" in README and f"dist/{BUNDLE_NAME}.zip" in README
    with zipfile.ZipFile(bundle.archive) as zipped:
        names = zipped.namelist()
        assert names == sorted(names) and all(n.startswith(f"{BUNDLE_NAME}/") for n in names)
        in_zip = {n.removeprefix(f"{BUNDLE_NAME}/"): zipped.read(n) for n in names}
    on_disk = {p.relative_to(bundle.folder).as_posix(): p.read_bytes()
               for p in bundle.folder.rglob("*") if p.is_file()}
    assert in_zip == on_disk
    assert {"index.html", "print.html", "chronology.html", "README.txt", "assets/search-index.js"} <= set(in_zip)


def test_nothing_in_the_bundle_points_to_another_host_or_to_where_it_was_built(bundle):
    built_at = str(bundle.project).encode()
    for path, data in bundle.files().items():
        assert built_at not in data, path
        if path.endswith(".html"):
            assert b"default-src 'none'" in data, f"{path} has no Content-Security-Policy"
            # only <a> may point elsewhere: nothing the page loads
            for tag in re.findall(rb"<(?:link|script|img|iframe|source|video|audio|embed|object)\b[^>]*>", data):
                assert not re.search(rb'(?:src|href)="(?:[a-z]+:|//|/)', tag), (path, tag)
        if path.endswith(".css"):
            assert not re.search(rb"url\(|@import", data), path


def test_a_reader_follows_links_from_a_group_to_a_person_and_on_to_the_chronology(bundle, open_page):
    visit = open_page(bundle.url("groups/imu.html"))
    page = visit.page
    assert page.locator("h1").inner_text() == "Islamic Movement of Uzbekistan"
    page.locator("main .relations a.ref-person", has_text="Usman Ghazi").first.click()
    page.wait_for_load_state()
    assert page.url == bundle.url("people/usman-ghazi.html")
    assert page.locator("h1").inner_text() == "Usman Ghazi"
    event = page.locator("main .timeline a[href*='chronology.html#e-']").first
    anchor = event.get_attribute("href").split("#")[1]
    event.click()
    page.wait_for_load_state()
    assert page.url == bundle.url(f"chronology.html#{anchor}")
    assert page.locator("h1").inner_text() == "Chronology"
    target = page.locator(f"[id='{anchor}']")
    assert target.count() == 1 and target.is_visible()
    assert page.evaluate("(id) => { const r = document.getElementById(id).getBoundingClientRect();"
                         " return r.top > -2 && r.top < window.innerHeight; }", anchor), "anchor not scrolled to"
    page.go_back()
    page.go_back()
    assert page.url == bundle.url("groups/imu.html")
    _assert_quiet(visit)


def _crawl(open_page, bundle, **context_options):
    """Every page reachable by following links from index.html, opened one by one in one tab."""
    visit = open_page(bundle.url("index.html"), **context_options)
    seen, queue = {"index.html"}, deque(["index.html"])
    while queue:
        rel = queue.popleft()
        if visit.page.url.split("#")[0] != bundle.url(rel):
            # deferred scripts have run by DOMContentLoaded, and pages load nothing else but CSS
            visit.page.goto(bundle.url(rel), wait_until="domcontentloaded")
        # an <a> of an SVG drawing gives its href as an SVGAnimatedString, resolved here as a browser follows it
        hrefs = visit.page.eval_on_selector_all("a[href]", """links => links.map(a =>
            typeof a.href === 'string' ? a.href : new URL(a.href.baseVal, document.baseURI).href)""")
        for href in hrefs:
            parts = urlsplit(href)
            if parts.scheme != "file":
                continue
            path = unquote(parts.path)
            root = bundle.moved.as_posix() + "/"
            assert path.startswith(root), f"{rel} links outside the bundle: {href}"
            target = path[len(root):]
            if target.endswith(".html") and target not in seen:
                seen.add(target)
                queue.append(target)
    return visit, seen


def test_every_page_opens_from_disk_without_errors_or_network(bundle, open_page):
    visit, seen = _crawl(open_page, bundle)
    pages = {p for p in bundle.files() if p.endswith(".html")}
    assert seen == pages - {"404.html"}
    _assert_quiet(visit)
    assert all(u.startswith(bundle.moved.as_uri()) for u in visit.requests), "a request left the bundle"


def test_without_javascript_the_index_pages_reach_every_record(bundle, open_page):
    dossier, _ = read_dossier(harness.ROOT / "content")
    visit, seen = _crawl(open_page, bundle, java_script_enabled=False)
    expected = {entity_url(e.kind, e.id) for e in dossier.entities.values()}
    expected |= {entity_url("source", s) for s in dossier.sources}
    expected |= {"chronology.html", "print.html", "groups-over-time.html", "network.html"}
    assert expected - seen == set()
    visit.page.goto(bundle.url("people/index.html"))
    assert not visit.page.locator(".search").is_visible(), "the search box shows though it cannot work"
    _assert_quiet(visit)


def test_every_link_and_anchor_in_the_bundle_resolves(bundle):
    files = bundle.files()
    assert sum(1 for p in files if p.endswith(".html")) > 30
    assert [str(b) for b in check_links(files)] == []


def test_every_page_is_valid_html(bundle):
    pages = sorted(p for p in bundle.moved.rglob("*.html"))
    assert len(pages) > 30
    errors = harness.validate_html(pages)
    assert errors == [], "\n".join(errors[:30])


CSP_PROBE = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(
  e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));
"""


def test_json_ld_in_profiles_is_data_the_content_security_policy_lets_be(bundle, open_page):
    """A JSON-LD block is not a script the browser runs, so script-src 'self' has nothing to refuse:
    no violation event, no console error, and the block reads as JSON in the page."""
    dossier, _ = read_dossier(harness.ROOT / "content")
    visit = open_page(bundle.url("index.html"))
    visit.page.context.add_init_script(CSP_PROBE)
    for entity in dossier.entities.values():
        visit.page.goto(bundle.url(entity_url(entity.kind, entity.id)), wait_until="load")
        assert visit.page.evaluate("window.__violations") == [], entity.id
        name = visit.page.evaluate("JSON.parse(document.querySelector('script[type=\"application/ld+json\"]')"
                                   ".textContent)['@graph'][1].name")
        assert name == entity.name
    _assert_quiet(visit)


def test_the_data_page_opens_from_disk_and_links_to_every_data_file(bundle, open_page):
    visit = open_page(bundle.url("index.html"))
    visit.page.click("a[href='data.html']")
    visit.page.wait_for_load_state()
    assert visit.page.url == bundle.url("data.html")
    hrefs = visit.page.eval_on_selector_all("main a[href]", "links => links.map(a => a.href)")
    files = bundle.files()
    data_files = sorted(p for p in files if p.startswith("data/"))
    linked = sorted(unquote(urlsplit(h).path).removeprefix(bundle.moved.as_posix() + "/") for h in hrefs)
    assert linked == data_files
    assert len(data_files) == len(DATA_FILES) + 1  # and data/README.txt
    _assert_quiet(visit)
