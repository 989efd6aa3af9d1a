"""Touch targets meet WCAG 2.2's target size (SC 2.5.8): each is at least 24 by 24 CSS px, or a
24 px circle centred on it meets no other target and no other small target's circle, or the same
link is given by a target that passes (the equivalent exception: an area of the atlas whose marker
is its link too). Measured in Chromium at 390 and 1280 px over the citation marks, a source's
counts, the navigation, the grades and the atlas's markers and areas, and checked again with
axe-core's own target-size rule, which Lighthouse runs. The links of the other drawings (timelines,
the groups over time, networks) are each at least 24 by 24 px: an area drawn as nothing takes the
taps around a dot, a line or a name."""

from __future__ import annotations

import pytest

from tests.browser import harness

PAGES = ["groups/imu.html", "people/usman-ghazi.html", "chronology.html", "atlas.html", "index.html",
         "sources/caravanserai-imu-cuts-ties-with-isil.html"]
MEASURED = "sup.cite a, .cite-count, .masthead a, .grade-basis, svg.atlas-map a"
WIDTHS = [1280, 390]

TARGETS = """(selector) => {
  const all = [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex="0"]')]
    .filter(el => { const r = el.getBoundingClientRect();
                    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden'; });
  const centre = r => [r.left + r.width / 2, r.top + r.height / 2];
  const small = r => r.width < 23.95 || r.height < 23.95;
  const circleMeetsBox = (c, r) => {
    const dx = Math.max(r.left - c[0], 0, c[0] - r.right), dy = Math.max(r.top - c[1], 0, c[1] - r.bottom);
    return dx * dx + dy * dy < 144 - 0.01;
  };
  const passes = el => {
    const r = el.getBoundingClientRect();
    if (!small(r)) return true;
    const c = centre(r);
    return !all.some(other => {
      if (other === el || other.contains(el) || el.contains(other)) return false;
      const o = other.getBoundingClientRect();
      return circleMeetsBox(c, o) || (small(o) && Math.hypot(c[0] - centre(o)[0], c[1] - centre(o)[1]) < 24 - 0.01);
    });
  };
  const measured = [...document.querySelectorAll(selector)].filter(el => el.getBoundingClientRect().width > 0);
  const failing = measured.filter(el => !passes(el)).filter(el => {
    const href = el.getAttribute('href');  // the equivalent exception: the same link as a target that passes
    return !(href && all.some(o => o !== el && o.getAttribute('href') === href && !small(o.getBoundingClientRect())
                               && passes(o)));
  }).map(el => el.outerHTML.slice(0, 100));
  return {measured: measured.length, failing};
}"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page_path", PAGES)
def test_every_target_meets_the_wcag_target_size(bundle, open_page, page_path, width):
    page = open_page(bundle.url(page_path), viewport={"width": width, "height": 900}).page
    found = page.evaluate(TARGETS, MEASURED)
    assert found["measured"] >= 8 and found["failing"] == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page_path", PAGES)
def test_axe_finds_no_target_too_small_or_too_close(bundle, open_page, page_path, width):
    page = open_page(bundle.url(page_path), viewport={"width": width, "height": 900}).page
    bad = harness.run_axe(page, {"runOnly": ["target-size"]})
    assert bad == [], harness.format_violations(bad)


DRAWING_PAGES = ["groups/imu.html", "people/usman-ghazi.html", "chronology.html", "groups-over-time.html",
                 "network.html"]
DRAWN_LINKS = "svg.drawing:not(.atlas-map) a"
"""The links of the timelines, the groups over time and the networks (the atlas's markers are measured above)."""
OPEN_FOLDS = "() => document.querySelectorAll('details.fold').forEach(d => { d.open = true; })"
SIZES = """(selector) => [...document.querySelectorAll(selector)].map(a => {
  const r = a.getBoundingClientRect();
  return {width: r.width, height: r.height, html: a.outerHTML.slice(0, 100)};
})"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page_path", DRAWING_PAGES)
def test_every_link_of_a_drawing_is_a_target_a_finger_wide(bundle, open_page, page_path, width):
    """A dot, a line or a name of a drawing is thinner than a finger: each link holds an area drawn as
    nothing that makes it at least 24 by 24 px, whatever its neighbours (the drawings that fold on a
    phone opened, as a reader opens them)."""
    page = open_page(bundle.url(page_path), viewport={"width": width, "height": 900}).page
    page.evaluate(OPEN_FOLDS)
    sizes = page.evaluate(SIZES, DRAWN_LINKS)
    small = [s for s in sizes if s["width"] < 23.95 or s["height"] < 23.95]
    assert len(sizes) >= 10 and small == []


@pytest.mark.parametrize("page_path", DRAWING_PAGES)
def test_the_targets_of_a_drawing_draw_nothing(bundle, open_page, page_path):
    """The same pixels with the targets' areas taken out: they change what a tap reaches, not what is seen."""
    page = open_page(bundle.url(page_path), viewport={"width": 390, "height": 900}).page
    page.evaluate(OPEN_FOLDS)
    drawings = page.locator("svg.drawing:not(.atlas-map)")
    assert drawings.count() >= 1 and page.locator("svg.drawing .hit").count() >= 10
    before = [drawings.nth(i).screenshot() for i in range(drawings.count())]
    page.evaluate("() => document.querySelectorAll('svg.drawing .hit').forEach(r => r.remove())")
    assert [drawings.nth(i).screenshot() for i in range(drawings.count())] == before


def test_the_drawing_measure_fails_links_without_their_areas(bundle, open_page):
    """The measure can fail: without the areas, a network's lines and a timeline's dots are too small."""
    page = open_page(bundle.url("groups/imu.html"), viewport={"width": 390, "height": 900}).page
    page.evaluate(OPEN_FOLDS)
    page.evaluate("() => document.querySelectorAll('svg.drawing .hit').forEach(r => r.remove())")
    assert [s for s in page.evaluate(SIZES, DRAWN_LINKS) if s["width"] < 23.95 or s["height"] < 23.95]


LIGHTHOUSE_PHONE = {"viewport": {"width": 412, "height": 823}, "device_scale_factor": 1.75, "is_mobile": True,
                    "has_touch": True}
"""The phone Lighthouse emulates: its text wraps where a 390 px window's does not, so an event's title can
end its line right above the citation mark that follows it."""


@pytest.mark.parametrize("page_path", PAGES + ["groups-over-time.html", "network.html"])
def test_axe_finds_no_target_too_small_on_the_phone_lighthouse_emulates(bundle, open_page, page_path):
    page = open_page(bundle.url(page_path), **LIGHTHOUSE_PHONE).page
    bad = harness.run_axe(page, {"runOnly": ["target-size"]})
    assert bad == [], harness.format_violations(bad)


def test_the_measure_fails_marks_as_small_as_they_were(bundle, open_page):
    """The measure can fail: citation marks drawn at their text's size, as they were, are too close."""
    page = open_page(bundle.url("groups/imu.html"), viewport={"width": 1280, "height": 900}).page
    page.evaluate("""() => document.querySelectorAll('.cite a').forEach(a => Object.assign(a.style,
        {display: 'inline', minWidth: '0', height: 'auto', margin: '0', lineHeight: '1'}))""")
    assert page.evaluate(TARGETS, "sup.cite a")["failing"]


CASTOR_PAGES = ["groups/castor-holdings.html", "people/orrin-dace.html", "sources/sable-ledger-road-money.html"]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page_path", CASTOR_PAGES)
def test_the_grades_of_a_graded_dossier_are_targets_of_their_own(castor_site, open_page, page_path, width):
    page = open_page((castor_site / page_path).as_uri(), viewport={"width": width, "height": 900}).page
    found = page.evaluate(TARGETS, MEASURED)
    assert found["measured"] >= 8 and found["failing"] == []
    if not page_path.startswith("sources/"):
        assert page.locator(".grade-basis").count() >= 3
