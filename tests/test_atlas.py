"""The atlas: places take coordinates and a precision, checked at their lines, and the atlas draws
them on Natural Earth's countries, framed on the dossier's places, with a table of the same points."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dossier.build.read import read_dossier
from dossier.build.site import build_files
from dossier.core.model import Coordinates
from dossier.core.project import load_project
from dossier.drawing.atlas import AREA_KM, FRAME_WIDTHS, HEIGHT, HIT_RADIUS, WIDTH, atlas
from dossier.drawing.outlines import OUTLINES, world
from tests.helpers import ROOT, diagnostics_of

KANDAHAR = """location:
  lat: 31.62
  lon: 65.71
  precision: town
  editorial: The editor's, the city centre.
"""


def place(project: Path, location: str, rel: str = "places/port-meridian.yml") -> None:
    path = project / "content" / rel
    path.write_text(path.read_text() + location)


def errors(project: Path):
    return diagnostics_of(project / "content").errors


def test_a_location_is_read_as_degrees_and_precision(minimal_project):
    place(minimal_project, KANDAHAR)
    assert errors(minimal_project) == []
    dossier, _ = read_dossier(minimal_project / "content")
    fact = dossier.entities["port-meridian"].field("location")[0]
    assert fact.value == Coordinates(31.62, 65.71, "town") and fact.editorial
    assert str(fact.value) == "31.62° N, 65.71° E (town precision)"


@pytest.mark.parametrize("lat, lon, key", [("91", "10", "lat"), ("10", "-180.5", "lon"), ("31°37'N", "65", "lat"),
                                           ("ten", "65", "lat")])
def test_a_coordinate_out_of_range_or_not_in_decimal_degrees_is_refused_at_its_line(minimal_project, lat, lon, key):
    place(minimal_project, KANDAHAR.replace("31.62", f'"{lat}"').replace("65.71", f'"{lon}"'))
    found = errors(minimal_project)
    assert [d.code for d in found] == ["place.coordinates"]
    line = 9 + ["lat", "lon"].index(key)  # the location starts on line 8
    assert str(found[0].pos).startswith(f"places/port-meridian.yml:{line}:")
    assert "decimal degrees" in found[0].message and f"{key} '" in found[0].message


def test_an_unknown_precision_suggests_the_right_one(minimal_project):
    place(minimal_project, KANDAHAR.replace("precision: town", "precision: Twon"))
    [error] = errors(minimal_project)
    assert error.code == "place.precision" and str(error.pos).startswith("places/port-meridian.yml:11:")
    assert "exact, town, district, region, country" in error.message and "Did you mean 'town'?" in error.message


def test_a_location_needs_its_precision_and_its_support(minimal_project):
    place(minimal_project, KANDAHAR.replace("  precision: town\n", "").replace("  editorial: The editor's, the city centre.\n", ""))
    codes = sorted(d.code for d in errors(minimal_project))
    assert codes == ["fact.uncited", "field.required"]
    assert any("'precision'" in d.message for d in errors(minimal_project))


def test_a_cited_location_must_give_its_numbers_in_its_quote(minimal_project):
    place(minimal_project, KANDAHAR.replace("  editorial: The editor's, the city centre.\n",
                                            "  cite: moved contraband through Port Meridian for a decade\n"))
    warnings = diagnostics_of(minimal_project / "content").warnings
    assert {d.code for d in warnings} >= {"cite.unsupported-number"}


def test_the_vendored_outlines_are_natural_earths_countries_and_small():
    rings, credit = world()
    assert OUTLINES.stat().st_size < 100_000 and "Natural Earth" in credit and "public domain" in credit
    countries = {r.country for r in rings}
    assert len(countries) > 170 and {"Afghanistan", "Libya", "Uzbekistan", "Fiji"} <= countries
    # no ring jumps across the world at the antimeridian
    assert all(abs(a[0] - b[0]) < 180 for r in rings for a, b in zip(r.points, r.points[1:]))


@pytest.fixture(scope="module")
def seed():
    dossier, _ = read_dossier(ROOT / "content")
    return dossier


def test_every_seed_place_has_a_location_with_its_basis(seed):
    for place_id in seed.kinds["place"]:
        [fact] = seed.entities[place_id].field("location")
        assert fact.cites or fact.editorial, place_id
        if fact.value.precision in ("country", "region", "district"):
            assert "stands for the whole" in fact.editorial, place_id


def test_the_atlas_draws_every_located_place_linked_to_its_page_within_the_frame(seed):
    drawn = atlas(seed)
    assert [p.name for p in drawn.places] == sorted((seed.name_of(i) for i in seed.kinds["place"]), key=str.casefold)
    assert drawn.unplaced == ()
    svg = str(drawn.svg)
    for p in drawn.places:
        assert f'href="{p.url}"' in svg
    # markers sit at percentages of the frame, inside it
    spots = [tuple(float(v) for v in m) for m in re.findall(r'<svg x="([\d.]+)%" y="([\d.]+)%"', svg)]
    assert len(spots) == len(drawn.places) and all(0 < x < 100 and 0 < y < 100 for x, y in spots)
    # a country's point is drawn as the country, a district's and a region's as an area, a town as a marker
    assert svg.count("atlas-area atlas-country") == 7
    assert svg.count("atlas-area atlas-district") == 2 and svg.count("atlas-area atlas-region") == 1
    assert svg.count('"atlas-marker"') == 3  # Damascus, Kandahar, Tashkent
    assert "<script" not in svg and "http" not in svg


def test_the_atlas_says_what_happened_at_each_place_and_the_basis_of_its_point(seed):
    rows = {p.name: p for p in atlas(seed).places}
    kandahar = rows["Kandahar"]
    assert kandahar.coordinates == "31.62° N, 65.71° E" and kandahar.precision == "town" and not kandahar.area
    assert kandahar.editorial.startswith("The article names the city") and kandahar.source == ""
    assert [h.what for h in kandahar.happened] == ["The IMU is founded in Kandahar, Afghanistan",
                                                   "Islamic Movement of Uzbekistan founded"]
    assert rows["Zabul Province"].happened[0].url == "chronology.html#e-2015-12-11-taliban-decimate-imu-in-zabul"
    assert rows["Libya"].area and rows["Libya"].happened == ()


def test_no_two_markers_overlap_at_a_phones_a_tablets_or_a_wide_screens_width(seed):
    svg = str(atlas(seed).svg)
    markers = re.findall(r'<svg x="([\d.]+)%" y="([\d.]+)%"[^>]*>(?:<circle[^>]*atlas-spot[^>]*/><line[^>]*/>)?'
                         r'<circle cx="(-?\d+)" cy="(-?\d+)" r="12" class="atlas-hit"/>', svg)
    assert len(markers) == 13
    for width in FRAME_WIDTHS:
        height = width * HEIGHT / WIDTH
        centres = [(float(x) / 100 * width + int(dx), float(y) / 100 * height + int(dy)) for x, y, dx, dy in markers]
        for i, a in enumerate(centres):
            for b in centres[i + 1:]:
                assert ((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 >= 2 * HIT_RADIUS, width


def test_the_atlas_page_credits_natural_earth_and_a_dossier_without_coordinates_says_so(minimal_project):
    files = build_files(load_project(minimal_project)).files
    page = files["atlas.html"].decode()
    assert "No place in this dossier gives its coordinates yet" in page and "Port Meridian" in page
    place(minimal_project, KANDAHAR)
    page = build_files(load_project(minimal_project)).files["atlas.html"].decode()
    assert 'href="https://www.naturalearthdata.com/"' in page and "public domain" in page
    assert "31.62° N, 65.71° E, town precision" in page and 'class="drawing atlas-map"' in page
    assert '<a href="places/port-meridian.html" tabindex="-1"><title>Port Meridian</title>' in page
    assert 'href="atlas.html">Atlas</a>' in files["index.html"].decode()


def test_the_areas_radius_grows_with_the_precision():
    assert AREA_KM["district"] < AREA_KM["country"] < AREA_KM["region"]
