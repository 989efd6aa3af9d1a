"""Atlas: the dossier's places on a map of the world's countries, framed on the places themselves.

Takes the linked dossier; gives `Atlas`: the SVG and, for the table beside it, the same points as
rows. Each place with a `location` is numbered (by name) and drawn where its coordinates put it: a
marker where they give the spot or a town, an area where they stand only for a district, a region
or a country (the country's own outline where the point lies in one, a dashed circle about as wide
as such a place otherwise), so that a country's centre never reads as a spot. Each links to the
place's page; the table gives its coordinates, their precision, their basis (a cited sentence, or
the editor's reason) and what happened there (the events placed there, and the foundings and
births). The countries are Natural Earth's (`outlines`), drawn in an
equirectangular projection around the middle latitude of the frame.

Positions are percentages of the drawing, as in the other drawings: the countries are an inner
<svg> with a viewBox that scales with the column, and the markers sit on top at percentages of
it, in pixels that do not scale, so a marker is a 24 px target at 1280 px as at 390 px.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from markupsafe import Markup

from ..core.model import Coordinates, Dossier, EntityId, Event, Occurrence
from ..core.schema import KIND_FIELDS, PRECISIONS
from ..core.urls import entity_url, event_url
from ..link.statements import field_statement_id
from . import svg
from .outlines import CREDIT, CREDIT_URL, world
from .svg import at, circle, num, pct, text
from .words import event_when, short_date

WIDTH, HEIGHT = 900, 600
"""The frame's shape (3:2); the stylesheet gives the drawing the same aspect ratio."""
AREA_KM = {"district": 40, "region": 600, "country": 350}
"""The radius drawn around a point that stands for an area: about a province's, a region's, a country's."""
MIN_SPAN = 8.0
"""The fewest degrees of longitude a frame spans, so one place is shown with its surroundings."""
MARGIN = 0.12
"""The share of the frame left around the places."""
KM_PER_DEGREE = 111.2
HIT_RADIUS, MARKER_RADIUS = 12, 9
"""A marker's target is 24 px across (WCAG 2.2 target size); what it shows is a little smaller."""


@dataclass(frozen=True, slots=True)
class Happening:
    """Something that happened at a place: an event or a founding or birth there, with where it is told."""

    when: str
    what: str
    url: str


@dataclass(frozen=True, slots=True)
class AtlasPlace:
    """A place drawn, with what the table says of it."""

    number: int
    name: str
    url: str
    coordinates: str
    """'31.62° N, 65.71° E'."""
    precision: str
    precision_words: str
    """'somewhere in the town or city'."""
    area: bool
    """Drawn as an area, not a marker."""
    source: str
    """The sentence its location cites, or '' for an editorial one."""
    quote: str
    editorial: str
    qualifiers: str
    """Its other qualifiers in words ('estimate; graded B2'), as every output says them."""
    happened: tuple[Happening, ...]


@dataclass(frozen=True, slots=True)
class Atlas:
    svg: Markup | None
    places: tuple[AtlasPlace, ...]
    unplaced: tuple[tuple[str, str], ...]
    """(name, URL) of each place whose record gives no location."""
    credit: str
    """The outlines' source in words."""
    credit_url: str
    credit_name: str


def atlas(dossier: Dossier) -> Atlas:
    """The map of the dossier's places, and the same points as rows."""
    located: list[tuple[EntityId, Coordinates]] = []
    unplaced = []
    for place_id in sorted(dossier.kinds.get("place", ()), key=lambda i: (dossier.name_of(i).casefold(), i)):
        facts = dossier.entities[place_id].field("location")
        if facts and isinstance(facts[0].value, Coordinates):
            located.append((place_id, facts[0].value))
        else:
            unplaced.append((dossier.name_of(place_id), entity_url("place", place_id)))
    _, credit = world()
    events_at: dict[EntityId, list[Event]] = {}
    for event in dossier.events:  # in the chronology's order
        for place_id in event.places:
            events_at.setdefault(place_id, []).append(event)
    places = tuple(_row(dossier, n, place_id, point, events_at.get(place_id, []))
                   for n, (place_id, point) in enumerate(located, 1))
    drawn = _draw(located, places) if located else None
    return Atlas(drawn, places, tuple(unplaced), credit, CREDIT_URL, CREDIT)


def _row(dossier: Dossier, number: int, place_id: EntityId, point: Coordinates, events: list[Event]) -> AtlasPlace:
    fact = dossier.entities[place_id].field("location")[0]
    statement = dossier.statements.get(field_statement_id(place_id, "location", 0))
    cite = fact.cites[0] if fact.cites else None
    source = f"{entity_url('source', cite.source)}#s-{cite.sentences[0] if cite.sentences else 0}" if cite else ""
    words = [w for w in statement.qualifiers.words if w != "editorial"] if statement else []
    if statement and statement.qualifiers.grade:
        words.append(f"graded {statement.qualifiers.grade}")
    coordinates = str(point).rsplit(" (", 1)[0]
    return AtlasPlace(number, dossier.name_of(place_id), entity_url("place", place_id), coordinates,
                      point.precision, PRECISIONS[point.precision], point.precision in AREA_KM,
                      source, cite.words if cite else "", fact.editorial or "", "; ".join(words),
                      _happened(dossier, place_id, events))


_OCCURRENCE_FIELDS = {(kind, spec.key): spec.label.lower()
                      for kind, specs in KIND_FIELDS.items() for spec in specs if spec.type == "occurrence"}


def _happened(dossier: Dossier, place_id: EntityId, events: list[Event]) -> tuple[Happening, ...]:
    """The events placed at it, in the chronology's order, then the foundings and births there."""
    found = [Happening(event_when(e), e.title, event_url(e.id)) for e in events]
    for mention in dossier.mentions.get(place_id, ()):
        if mention.by not in dossier.entities:
            continue
        entity = dossier.entities[mention.by]
        for (kind, key), label in _OCCURRENCE_FIELDS.items():
            if kind != entity.kind or mention.how != label:
                continue
            for fact in entity.field(key):
                if isinstance(fact.value, Occurrence) and fact.value.place == place_id:
                    date = fact.value.date
                    found.append(Happening(short_date(date) if date and date.year else "",
                                           f"{entity.name} {label}", entity_url(entity.kind, entity.id)))
    return tuple(found)


@dataclass(frozen=True, slots=True)
class _Frame:
    """What part of the world is drawn, and how a point is placed in it."""

    west: float
    north: float
    scale: float
    """Pixels of the frame per degree of latitude."""
    squeeze: float
    """cos(middle latitude): a degree of longitude is this much shorter than a degree of latitude."""

    def x(self, lon: float) -> float:
        return (lon - self.west) * self.squeeze * self.scale

    def y(self, lat: float) -> float:
        return (self.north - lat) * self.scale


def _frame(located: list[tuple[EntityId, Coordinates]]) -> _Frame:
    """The smallest frame of the frame's shape around every place (and the area it stands for), with a margin."""
    lats = [p.lat for _, p in located]
    middle = math.radians(max(-70.0, min(70.0, (min(lats) + max(lats)) / 2)))
    squeeze = math.cos(middle)
    west = min(p.lon - _radius(p) / squeeze for _, p in located)
    east = max(p.lon + _radius(p) / squeeze for _, p in located)
    south = min(p.lat - _radius(p) for _, p in located)
    north = max(p.lat + _radius(p) for _, p in located)
    width, height = max((east - west) * squeeze, MIN_SPAN * squeeze), max(north - south, MIN_SPAN / 3)
    width, height = width * (1 + 2 * MARGIN), height * (1 + 2 * MARGIN)
    if width / height < WIDTH / HEIGHT:
        width = height * WIDTH / HEIGHT
    else:
        height = width * HEIGHT / WIDTH
    centre_lon, centre_lat = (west + east) / 2, (south + north) / 2
    return _Frame(centre_lon - width / squeeze / 2, centre_lat + height / 2, HEIGHT / height, squeeze)


def _radius(point: Coordinates) -> float:
    """The radius of the area a point stands for, in degrees of latitude (0 for a marker)."""
    return AREA_KM.get(point.precision, 0) / KM_PER_DEGREE


FRAME_WIDTHS = (358, 700, 1056)
"""The widths in pixels the map is drawn at on a phone, a tablet and a wide screen: markers are kept
apart at each."""
_SHIFTS = [(0, 0)] + [(round(r * math.cos(a * math.pi / 4)), round(r * math.sin(a * math.pi / 4)))
                      for r in (26, 40, 54) for a in (6, 2, 0, 4, 7, 5, 1, 3)]
"""Where a marker may go from its point, nearest first (up, down, right, left, then the diagonals)."""


def _shifts(points: list[tuple[float, float]]) -> list[tuple[int, int]]:
    """For each point (fractions of the frame, in drawing order), the pixels its marker is moved by so that
    no two markers' 24 px targets overlap, nor leave the frame, at any of `FRAME_WIDTHS` (the first free
    shift; none if none is). Markers placed are kept in a grid of cells a target wide at each width, so
    a marker is checked against its neighbours only."""
    apart = 2 * HIT_RADIUS + 1
    grids: list[dict[tuple[int, int], list[tuple[float, float]]]] = [{} for _ in FRAME_WIDTHS]
    shifts = []
    for fx, fy in points:
        def centres(shift: tuple[int, int], fx: float = fx, fy: float = fy) -> list[tuple[float, float]] | None:
            found = []
            for width, grid in zip(FRAME_WIDTHS, grids, strict=True):
                height = width * HEIGHT / WIDTH
                x, y = fx * width + shift[0], fy * height + shift[1]
                if not (HIT_RADIUS <= x <= width - HIT_RADIUS and HIT_RADIUS <= y <= height - HIT_RADIUS):
                    return None
                cx, cy = int(x // apart), int(y // apart)
                for i in (cx - 1, cx, cx + 1):
                    for j in (cy - 1, cy, cy + 1):
                        if any(math.hypot(x - ox, y - oy) < apart for ox, oy in grid.get((i, j), ())):
                            return None
                found.append((x, y))
            return found
        shift, placed = next(((s, c) for s in _SHIFTS if (c := centres(s)) is not None), ((0, 0), None))
        if placed is None:  # nowhere free: at its point, over the others
            placed = [(fx * w, fy * w * HEIGHT / WIDTH) for w in FRAME_WIDTHS]
        for grid, (x, y) in zip(grids, placed, strict=True):
            grid.setdefault((int(x // apart), int(y // apart)), []).append((x, y))
        shifts.append(shift)
    return shifts


def _clipped(points: list[tuple[float, float]], pad: float = 2.0) -> list[tuple[float, float]]:
    """A ring cut to the frame, a little beyond it (Sutherland-Hodgman): nothing is drawn, or measured, outside."""
    edges = ((0, -pad, False), (0, WIDTH + pad, True), (1, -pad, False), (1, HEIGHT + pad, True))
    for axis, limit, upper in edges:
        if not points:
            break
        def inside(p: tuple[float, float], axis: int = axis, limit: float = limit, upper: bool = upper) -> bool:
            return p[axis] <= limit if upper else p[axis] >= limit
        kept: list[tuple[float, float]] = []
        for a, b in zip(points, points[1:] + points[:1], strict=True):
            if inside(b):
                if not inside(a):
                    kept.append(_crossing(a, b, axis, limit))
                kept.append(b)
            elif inside(a):
                kept.append(_crossing(a, b, axis, limit))
        points = kept
    return points


def _crossing(a: tuple[float, float], b: tuple[float, float], axis: int, limit: float) -> tuple[float, float]:
    t = (limit - a[axis]) / (b[axis] - a[axis])
    return (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))


def _path_data(frame: _Frame, ring_points: tuple[tuple[float, float], ...]) -> str:
    points = _clipped([(frame.x(lon), frame.y(lat)) for lon, lat in ring_points])
    if len(points) < 3:
        return ""
    return "M" + " ".join(f"{num(round(x, 1))} {num(round(y, 1))}" for x, y in points) + "Z"


def _country_at(point: Coordinates) -> str | None:
    """The country of the outlines whose rings hold the point (even-odd over all its rings), or None."""
    inside: dict[str, bool] = {}
    rings, _ = world()
    x, y = point.lon, point.lat
    for ring in rings:
        if not (ring.west <= x <= ring.east and ring.south <= y <= ring.north):
            continue
        crossings = False
        points = ring.points
        for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                crossings = not crossings
        if crossings:
            inside[ring.country] = not inside.get(ring.country, False)
    found = [country for country, holds in inside.items() if holds]
    return found[0] if len(found) == 1 else None


def _outline(frame: _Frame, country: str) -> str:
    """A country's outline as path data in the frame's pixels."""
    rings, _ = world()
    return "".join(_path_data(frame, ring.points) for ring in rings if ring.country == country)


def _land(frame: _Frame) -> str:
    """The outlines of the countries the frame shows, as paths in the frame's pixels."""
    west, east = frame.west, frame.west + WIDTH / frame.scale / frame.squeeze
    south, north = frame.north - HEIGHT / frame.scale, frame.north
    paths = []
    rings, _ = world()
    for ring in rings:
        if ring.east < west or ring.west > east or ring.north < south or ring.south > north:
            continue
        paths.append(_path_data(frame, ring.points))
    return svg.path("".join(paths), "atlas-land") if paths else ""


def _draw(located: list[tuple[EntityId, Coordinates]], places: tuple[AtlasPlace, ...]) -> Markup:
    frame = _frame(located)
    areas, markers = [], []
    # Areas first, largest first, so a smaller one lies over a larger; markers over every area.
    order = sorted(range(len(located)), key=lambda i: -_radius(located[i][1]))
    for i in order:
        point, place = located[i][1], places[i]
        x, y = frame.x(point.lon), frame.y(point.lat)
        if not place.area:
            continue
        country = _country_at(point) if point.precision == "country" else None
        if country:  # the country the point stands for, as its outline gives it
            shape = svg.path(_outline(frame, country), "atlas-area atlas-country")
        else:
            radius = _radius(point) * frame.scale
            shape = circle(num(round(x, 1)), num(round(y, 1)), num(round(radius, 1)),
                           f"atlas-area atlas-{point.precision}")
        areas.append(svg.link(place.url, shape, place.name))
    order = sorted(range(len(located)), key=lambda i: (places[i].area, i))  # spots and towns placed first
    shifts = _shifts([(frame.x(located[i][1].lon) / WIDTH, frame.y(located[i][1].lat) / HEIGHT) for i in order])
    for i, (dx, dy) in reversed(list(zip(order, shifts, strict=True))):  # and drawn last, on top
        point, place = located[i][1], places[i]
        px, py = pct(frame.x(point.lon) / WIDTH), pct(frame.y(point.lat) / HEIGHT)
        leader = (circle("0", "0", "2.5", "atlas-spot") + svg.line("0", "0", str(dx), str(dy), "atlas-leader")
                  if dx or dy else "")
        marker = "atlas-marker" + (" atlas-marker-area" if place.area else "")
        badge = (circle(str(dx), str(dy), str(HIT_RADIUS), "atlas-hit")
                 + circle(str(dx), str(dy), str(MARKER_RADIUS), marker)
                 + text(str(dx), str(dy + 4), str(place.number), "atlas-number"))
        markers.append(svg.link(place.url, at(px, py, leader + badge), place.name))
    inner = (f'<svg class="atlas-world" width="100%" height="100%" viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'preserveAspectRatio="xMidYMid slice"><rect class="atlas-sea" width="{WIDTH}" height="{HEIGHT}"/>'
             f'{_land(frame)}{"".join(areas)}</svg>')
    return Markup(f'<svg class="drawing atlas-map" width="100%" height="100%" aria-hidden="true" focusable="false">'
                  f'{inner}{"".join(markers)}</svg>')
