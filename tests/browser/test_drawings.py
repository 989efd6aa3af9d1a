"""The drawings in a real browser: each is screenshotted at 1280 and 390 px, fits its column with
every label inside it, no line of a relation crosses a label, every mark stands at its date, and
no page of the bundle scrolls sideways on a phone. A profile is short on a phone: its lists come
before its drawings, which fold. The source page's cited sentences are plain until pointed at or
linked to, and then open the facts that cite them.

Screenshots of each drawing go to tests/output/screenshots/drawing-*.png for a person to look at.
"""

from __future__ import annotations

import pytest

from tests.browser import harness

DRAWINGS = {
    "network": ("groups/imu.html", ".network-figure"),
    "person-network": ("people/usman-ghazi.html", ".network-figure"),
    "whole-network": ("network.html", ".network-figure"),
    "lanes": ("groups/imu.html", ".lanes-figure"),
    "person-lanes": ("people/usman-ghazi.html", ".lanes-figure"),
    "chronology": ("chronology.html", ".chronology-figure"),
    "lifelines": ("groups-over-time.html", ".lifelines-figure"),
    "atlas": ("atlas.html", ".atlas-figure"),
}
OPEN_FOLDS = "document.querySelectorAll('details.fold').forEach(d => d.open = true)"
WIDTHS = [1280, 390]

FITS = """(figure) => {
    const svg = figure.querySelector('svg.drawing');
    const box = svg.getBoundingClientRect();
    const outside = [...svg.querySelectorAll('text')].filter(t => {
        const r = t.getBoundingClientRect();
        return r.width && (r.left < box.left - 1 || r.right > box.right + 1);
    }).map(t => t.textContent);
    return {width: box.width, height: box.height, outside};
}"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(DRAWINGS))
def test_each_drawing_fits_its_column_with_every_label_inside(bundle, open_page, name, width):
    page_path, selector = DRAWINGS[name]
    visit = open_page(bundle.url(page_path), viewport={"width": width, "height": 900})
    visit.page.evaluate(OPEN_FOLDS)  # on a phone the timeline folds: a reader opens it
    figure = visit.page.locator(selector)
    assert figure.count() == 1
    harness.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    figure.screenshot(path=str(harness.SCREENSHOTS / f"drawing-{name}-{width}.png"))
    fit = figure.evaluate(FITS)
    assert 200 < fit["width"] <= width and fit["height"] > 40
    assert fit["outside"] == [], f"labels cut off at {width} px"
    assert visit.console_errors == [] and visit.page_errors == []


def _wide_pages(open_page, urls):
    visit = open_page(urls[0], viewport={"width": 390, "height": 800})
    wide = []
    for url in urls:
        visit.page.goto(url, wait_until="load")
        if visit.page.evaluate("document.documentElement.scrollWidth") > 390:
            wide.append(url)
    return wide


def test_no_page_scrolls_sideways_on_a_phone(bundle, open_page):
    pages = sorted(p for p in bundle.files() if p.endswith(".html"))
    assert len(pages) > 30 and _wide_pages(open_page, [bundle.url(p) for p in pages]) == []


def test_no_page_of_a_dossier_with_a_long_source_address_scrolls_sideways(castor_site, open_page):
    pages = sorted(castor_site.rglob("*.html"))
    source = (castor_site / "sources" / "sable-ledger-road-money.html").read_text(encoding="utf-8")
    assert len(source.split('rel="noopener noreferrer">', 1)[1].split("</a>", 1)[0].replace("<wbr>", "")) > 200
    assert len(pages) > 20 and _wide_pages(open_page, [p.as_uri() for p in pages]) == []


def test_drawings_are_links_for_the_pointer_but_stay_out_of_the_tab_order(bundle, open_page):
    page = open_page(bundle.url("groups/imu.html")).page
    links = page.locator("svg.drawing a")
    assert links.count() > 10
    assert page.evaluate("[...document.querySelectorAll('svg.drawing a')].every(a => a.tabIndex === -1)")
    page.locator("svg.network a", has=page.locator("text.net-name", has_text="Usman Ghazi")).first.click()
    page.wait_for_load_state()
    assert page.url == bundle.url("people/usman-ghazi.html")


SOURCE = "sources/caravanserai-imu-cuts-ties-with-isil.html"


def test_a_cited_sentence_is_plain_until_pointed_at_then_shows_the_facts_citing_it(bundle, open_page):
    page = open_page(bundle.url(SOURCE), viewport={"width": 1280, "height": 900}).page
    sentence = page.locator(".cited").nth(3)
    facts = sentence.locator(".cited-by")
    assert sentence.evaluate("s => getComputedStyle(s).backgroundColor") == "rgba(0, 0, 0, 0)"
    assert not facts.is_visible()
    sentence.hover()
    page.wait_for_timeout(400)  # the list opens after a moment, so that reading past a sentence does not open it
    assert sentence.evaluate("s => getComputedStyle(s).backgroundColor") != "rgba(0, 0, 0, 0)"
    assert facts.is_visible() and facts.locator("a").count() >= 1
    count = sentence.locator(".cite-count")
    assert count.inner_text() == str(facts.locator("a").count())
    assert sentence.evaluate("s => s.firstElementChild.classList.contains('cite-count')")  # it opens the sentence


OVERLAPS = """() => {
    const boxes = [...document.querySelectorAll('.cite-count')].map(c => c.getBoundingClientRect());
    const pairs = [];
    boxes.forEach((a, i) => boxes.slice(i + 1).forEach(b => {
        if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) pairs.push([a.top, a.left]);
    }));
    return {count: boxes.length, pairs, small: boxes.filter(b => b.width < 24 || b.height < 24).length};
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_a_sources_citation_counts_never_print_over_each_other(bundle, open_page, width):
    page = open_page(bundle.url(SOURCE), viewport={"width": width, "height": 900}).page
    found = page.evaluate(OVERLAPS)
    assert found["count"] > 30 and found["pairs"] == [] and found["small"] == 0


def test_following_a_citation_opens_the_facts_at_the_sentence(bundle, open_page):
    page = open_page(bundle.url("groups/imu.html"), viewport={"width": 1280, "height": 900}).page
    mark = page.locator("main .relations sup.cite a").first
    target = mark.get_attribute("href").split("#")[1]
    mark.click()
    page.wait_for_load_state()
    sentence = page.locator(f"[id='{target}']")
    assert sentence.evaluate("s => s.matches(':target')")
    assert sentence.locator(".cited-by").is_visible()


ATLAS_MARKERS = """() => [...document.querySelectorAll('svg.atlas-map > a')].map(a => {
    const hit = a.querySelector('.atlas-hit').getBoundingClientRect();
    return {href: a.getAttribute('href'), x: hit.left + hit.width / 2, y: hit.top + hit.height / 2,
            w: hit.width, h: hit.height};
})"""


@pytest.mark.parametrize("width", WIDTHS)
def test_the_atlas_marks_each_place_with_a_target_of_its_own_and_loads_nothing(bundle, open_page, width):
    visit = open_page(bundle.url("atlas.html"), viewport={"width": width, "height": 900})
    visit.page.locator(".atlas-frame").scroll_into_view_if_needed()
    markers = visit.page.evaluate(ATLAS_MARKERS)
    rows = visit.page.locator(".atlas-table tbody tr")
    assert len(markers) == rows.count() == 13
    assert all(m["w"] >= 23.9 and m["h"] >= 23.9 for m in markers), markers
    for i, a in enumerate(markers):
        for b in markers[i + 1:]:
            assert ((a["x"] - b["x"]) ** 2 + (a["y"] - b["y"]) ** 2) ** 0.5 >= 24, (a["href"], b["href"])
    assert {m["href"] for m in markers} == set(rows.locator("td:first-child a").evaluate_all(
        "links => links.map(l => l.getAttribute('href'))"))
    assert visit.foreign_requests() == [] and visit.console_errors == [] and visit.page_errors == []
    with visit.page.expect_navigation():  # a marker is a link to its place
        visit.page.mouse.click(markers[-1]["x"], markers[-1]["y"])
    assert visit.page.url.endswith(markers[-1]["href"])


CROSSINGS = """(svg) => {
    // Every point of every relation's line (sampled along it) against every label's box, in the page's
    // pixels: a line may start or end at a mark, never pass over words. A line's marks stand on it, on an
    // opaque tab drawn after every line (checked below), so no line passes over their words.
    const boxes = [...svg.querySelectorAll('text:not(.net-mark)')].filter(t => t.textContent.trim())
        .map(t => [t.textContent, t.getBoundingClientRect()]);
    const hits = [];
    for (const line of svg.querySelectorAll('.edge')) {
        const length = line.getTotalLength(), matrix = line.getScreenCTM();
        for (let at = 0; at <= length; at += 2) {
            const p = line.getPointAtLength(at).matrixTransform(matrix);
            for (const [words, r] of boxes) {
                if (p.x > r.left + 1 && p.x < r.right - 1 && p.y > r.top + 1 && p.y < r.bottom - 1) {
                    hits.push(words);
                }
            }
        }
    }
    return [...new Set(hits)];
}"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["network", "person-network", "whole-network", "lifelines"])
def test_no_line_of_a_relation_crosses_a_label(bundle, open_page, name, width):
    page_path, selector = DRAWINGS[name]
    page = open_page(bundle.url(page_path), viewport={"width": width, "height": 900}).page
    page.evaluate(OPEN_FOLDS)  # on a phone a profile's network folds: a reader opens it
    svg = page.locator(f"{selector} svg.drawing")
    assert svg.locator(".edge").count() > 3
    assert svg.evaluate(CROSSINGS) == []
    assert svg.evaluate("""(svg) => { const edges = [...svg.querySelectorAll('.edge')], last = edges[edges.length - 1];
        return [...svg.querySelectorAll('.net-marks')].every(tab =>
            last.compareDocumentPosition(tab) & Node.DOCUMENT_POSITION_FOLLOWING); }""")


MARK_PLACES = """(svg) => [...svg.querySelectorAll(':scope > g.events > a, :scope > g > a')]
    .filter(a => a.querySelector('.cross-dot, .dot'))
    .map(a => [a.getAttribute('href'), a.querySelector('.cross-dot, .dot').getBoundingClientRect().x])"""


@pytest.mark.parametrize("width", WIDTHS)
def test_every_mark_stands_at_its_date(bundle, open_page, width):
    """The chronology's events and the crossings of the groups over time, drawn in date order, stand in
    date order from left to right; and every crossing stands within a few pixels of the place its date
    has on the axis (which tests/test_drawings.py checks against the scale)."""
    page = open_page(bundle.url("chronology.html"), viewport={"width": width, "height": 900}).page
    places = page.locator(".chronology-figure svg.drawing").evaluate(MARK_PLACES)
    xs = [x for _, x in places]
    assert len(xs) == 13
    # in date order; dates that overlap (mid-July and 19 July) may stand a hair apart either way
    assert all(b >= a - 3 for a, b in zip(xs, xs[1:], strict=False))
    assert xs[-1] - xs[0] > 0.6 * page.locator(".chronology-figure svg.drawing").bounding_box()["width"]
    page = open_page(bundle.url("groups-over-time.html"), viewport={"width": width, "height": 900}).page
    svg = page.locator(".lifelines-figure svg.drawing")
    box = svg.bounding_box()
    crossings = svg.evaluate("""(svg) => [...svg.querySelectorAll('.cross-dot')].map(d => {
        const r = d.getBoundingClientRect(); return r.x + r.width / 2; })""")
    wanted = svg.evaluate("""(svg) => [...svg.querySelectorAll('.cross-dot')].map(d =>
        parseFloat(d.closest('svg[x]').getAttribute('x')))""")
    assert len(crossings) == 7  # the survivors' break with ISIL is the seventh
    for at, percent in zip(crossings, wanted, strict=True):
        assert abs(at - (box["x"] + box["width"] * percent / 100)) <= 11  # a stagger of a few pixels at most
    assert wanted == sorted(wanted)


def test_a_profile_on_a_phone_is_short_with_its_lists_before_its_drawings(bundle, open_page):
    visit = open_page(bundle.url("groups/imu.html"), viewport={"width": 390, "height": 800})
    page = visit.page
    assert page.evaluate("document.documentElement.scrollHeight") <= 6000
    top = lambda selector: page.locator(selector).first.bounding_box()["y"]  # noqa: E731
    assert top(".infobox") < top(".relations-section") < top(".timeline-section") < top("details.fold summary")
    assert not page.locator(".lanes-figure").is_visible() and not page.locator(".network-figure").is_visible()
    for drawing, figure in (("Network drawing", ".network-figure"), ("Timeline drawing", ".lanes-figure")):
        page.locator("details.fold summary", has_text=drawing).click()
        assert page.locator(figure).is_visible()
    page.goto(bundle.url("groups/imu.html#ref-3"))
    assert page.locator("[id='ref-3']").is_visible()  # a link to a citation opens the folded list
    wide = open_page(bundle.url("groups/imu.html"), viewport={"width": 1280, "height": 800}).page
    assert wide.locator(".lanes-figure").is_visible() and not wide.locator("details.fold summary").first.is_visible()
    relations = wide.locator(".relations-section").bounding_box()
    network = wide.locator(".network-figure").bounding_box()
    assert network["x"] > relations["x"] + relations["width"] and network["y"] < relations["y"] + relations["height"]
