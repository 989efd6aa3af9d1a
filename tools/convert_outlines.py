"""Convert Natural Earth's 1:110m countries, as the npm package world-atlas carries them (TopoJSON),
into the compact outline file the atlas draws from (dossier/drawing/outlines-110m.json).

Run once, by hand, when the vendored outlines are to be replaced; the build never runs it and never
downloads anything:

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python tools/convert_outlines.py package/countries-110m.json dossier/drawing/outlines-110m.json

Natural Earth is in the public domain (https://www.naturalearthdata.com/about/terms-of-use/). The
output keeps each country's name and its rings (one that crosses the antimeridian runs on past 180°), each ring a flat list of longitude and latitude in
hundredths of a degree, every pair after the first given as the difference from the one before.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

SOURCE = ("Natural Earth 1:110m Cultural Vectors, Admin 0 - Countries, version 4.1.0 (public domain), "
          "from the TopoJSON of world-atlas 2.0.2")


def arcs_of(topology: dict) -> list[list[tuple[float, float]]]:
    """Every arc in degrees: TopoJSON's arcs are quantized and each point is the difference from the last."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def ring_of(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def unwrapped(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """A ring that crosses the antimeridian (Fiji, Russia) kept whole: past 180° it runs on to 181°, not
    back to -179°, so no line is drawn across the world."""
    out: list[tuple[float, float]] = []
    shift = 0.0
    for lon, lat in ring:
        if out and abs(lon + shift - out[-1][0]) > 180:
            shift += 360 if out[-1][0] > lon + shift else -360
        out.append((lon + shift, lat))
    return out


def packed(ring: list[tuple[float, float]]) -> list[int]:
    """A ring in hundredths of a degree, each point after the first as the difference from the one before,
    points that round to the one before left out."""
    flat: list[int] = []
    last = None
    for lon, lat in ring:
        point = (round(lon * 100), round(lat * 100))
        if point == last:
            continue
        flat.extend(point if last is None else (point[0] - last[0], point[1] - last[1]))
        last = point
    return flat


def convert(topology: dict) -> dict:
    arcs = arcs_of(topology)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = {"Polygon": [geometry.get("arcs", [])], "MultiPolygon": geometry.get("arcs", [])}.get(
            geometry.get("type"), [])
        rings = [packed(unwrapped(ring_of(ring, arcs))) for polygon in polygons for ring in polygon]
        rings = [r for r in rings if len(r) >= 6]
        if rings:
            countries.append([geometry["properties"]["name"], rings])
    countries.sort(key=lambda c: c[0])
    return {"source": SOURCE, "countries": countries}


if __name__ == "__main__":
    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    data = convert(json.loads(source.read_text(encoding="utf-8")))
    target.write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")
