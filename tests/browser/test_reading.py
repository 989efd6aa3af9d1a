"""The bundle reads well: accessible, laid out for 1280 px and 390 px screens, and printable.

Screenshots go to tests/output/screenshots/ and the printed dossier to
tests/output/print/ (both git-ignored), for a person to look at; the
assertions here check what a machine can: axe-core finds no serious problems,
nothing is wider than a phone's screen, print hides navigation and keeps
citations and the addresses of outside links, and the PDF holds every profile.
"""

from __future__ import annotations

import subprocess

import pytest

from dossier.build.read import read_dossier
from tests.browser import harness

PAGES = {"home": "index.html", "profile": "people/usman-ghazi.html", "group": "groups/imu.html",
         "chronology": "chronology.html", "source": "sources/caravanserai-imu-cuts-ties-with-isil.html",
         "groups-over-time": "groups-over-time.html", "network": "network.html", "atlas": "atlas.html",
         "print": "print.html", "data": "data.html"}
SCREENSHOT_PAGES = ["home", "profile", "group", "chronology", "source", "groups-over-time", "network", "atlas", "data"]
WIDTHS = [1280, 390]


@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_accessibility_problems(bundle, open_page, name):
    visit = open_page(bundle.url(PAGES[name]))
    bad = [v for v in harness.run_axe(visit.page) if v["impact"] in ("serious", "critical")]
    assert bad == [], harness.format_violations(bad)
    assert visit.console_errors == [] and visit.page_errors == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", SCREENSHOT_PAGES)
def test_screenshots_and_nothing_wider_than_the_screen(bundle, open_page, name, width):
    visit = open_page(bundle.url(PAGES[name]), viewport={"width": width, "height": 800})
    path = harness.screenshot(visit.page, name, width)
    assert path.stat().st_size > 10_000
    too_wide = visit.page.evaluate("""(w) => [...document.querySelectorAll('body *')]
        .filter(el => { const r = el.getBoundingClientRect(); return r.width && r.right > w + 1
                        && getComputedStyle(el).position !== 'absolute'; })
        .map(el => el.tagName + '.' + el.className)""", width)
    assert visit.page.evaluate("document.documentElement.scrollWidth") <= width, too_wide
    assert too_wide == []


@pytest.mark.parametrize("width", WIDTHS)
def test_citation_tips_stay_on_the_screen(bundle, open_page, width):
    visit = open_page(bundle.url("groups/imu.html"), viewport={"width": width, "height": 800})
    for where in ("main .infobox", "main .summary", "main .relations"):
        marks = visit.page.locator(f"{where} sup.cite")
        for index in (0, marks.count() - 1):
            mark = marks.nth(index)
            mark.locator("a").focus()
            box = mark.locator(".tip").bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, (where, index, box)
            assert box["y"] >= 0 and box["y"] + box["height"] <= 800, (where, index, box)


def test_inferred_dates_explain_themselves_on_focus(bundle, open_page):
    visit = open_page(bundle.url(PAGES["chronology"]), viewport={"width": 1280, "height": 800})
    basis = visit.page.locator("main .basis").first
    text = basis.locator(".basis-text")
    assert text.bounding_box()["width"] <= 1  # folded away, but read by screen readers
    basis.focus()
    assert text.bounding_box()["width"] > 100 and len(text.inner_text()) > 20


def test_print_hides_navigation_and_keeps_citations_and_outside_addresses(bundle, open_page):
    page = open_page(bundle.url(PAGES["profile"])).page
    # The real dossier links nowhere outside; add a link as a note could hold one.
    page.evaluate("""() => { const a = document.createElement('a'); a.href = 'https://example.org/report';
                             a.textContent = 'a report'; document.querySelector('.summary p').append(' ', a); }""")
    page.emulate_media(media="print")
    assert not page.locator("header.masthead nav").is_visible()
    assert not page.locator(".search").is_visible()
    outside = page.locator("main a[href='https://example.org/report']")
    assert "https://example.org/report" in outside.evaluate("a => getComputedStyle(a, '::after').content")
    inside = page.locator("main a.ref").first.evaluate("a => getComputedStyle(a, '::after').content")
    assert inside in ("none", "normal", '""')
    assert page.locator("main sup.cite a").first.is_visible()
    assert page.locator("main .references li").first.is_visible()
    assert page.locator("main .basis-text").first.bounding_box()["width"] > 50  # the reasoning, in print


def test_the_whole_dossier_prints_as_one_document(bundle, open_page):
    visit = open_page(bundle.url(PAGES["print"]))
    pdf = harness.print_pdf(visit.page, harness.OUTPUT / "print" / "dossier.pdf")
    for old in pdf.parent.glob("page-*.png"):
        old.unlink()
    pngs = harness.pdf_to_pngs(pdf, pdf.parent / "page", dpi=60)
    assert len(pngs) >= 10
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    dossier, _ = read_dossier(harness.ROOT / "content")
    squeezed = " ".join(text.split())
    missing = [e.name for e in dossier.entities.values() if e.name not in squeezed]
    missing += [e.title for e in dossier.events if " ".join(e.title.split()) not in squeezed]
    assert missing == []
    assert "Chronology" in text and "Groups" not in text.split("Contents")[0]
    assert "Search the dossier" not in text and "Skip to content" not in text
    assert visit.console_errors == [] and visit.page_errors == []
