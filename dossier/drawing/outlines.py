"""Outlines: the countries of the world, vendored from Natural Earth, for the atlas to draw.

Takes nothing; gives each country's rings in degrees, with the bounding box of each ring, read once
from `outlines-110m.json` beside this module (Natural Earth's 1:110m countries, public domain, made
compact by tools/convert_outlines.py). Nothing is downloaded: the file is part of the package.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

OUTLINES = Path(__file__).with_name("outlines-110m.json")
CREDIT = "Natural Earth"
CREDIT_URL = "https://www.naturalearthdata.com/"


@dataclass(frozen=True, slots=True)
class Ring:
    """One ring of a country's outline: (longitude, latitude) points, and its bounding box."""

    country: str
    points: tuple[tuple[float, float], ...]
    west: float
    south: float
    east: float
    north: float


@cache
def world() -> tuple[tuple[Ring, ...], str]:
    """Every ring of every country, in name order, and the outlines' source in words."""
    data = json.loads(OUTLINES.read_text(encoding="utf-8"))
    rings = []
    for name, packed in data["countries"]:
        for flat in packed:
            x, y = flat[0], flat[1]
            points = [(x, y)]
            for i in range(2, len(flat) - 1, 2):
                x, y = x + flat[i], y + flat[i + 1]
                points.append((x, y))
            degrees = tuple((px / 100, py / 100) for px, py in points)
            lons, lats = [p[0] for p in degrees], [p[1] for p in degrees]
            rings.append(Ring(name, degrees, min(lons), min(lats), max(lons), max(lats)))
    return tuple(rings), data["source"]
