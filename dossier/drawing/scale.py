"""Scale: where a date falls on a drawing's time axis, and the axis itself.

A date is drawn as the stretch of time it names, not as a point: a date of the year
alone covers its year, a month its month, 'mid-July' the 11th to the 20th, a day one
day. An approximate date may reach one more unit of its precision on either side
(its `fuzz`, drawn fuzzy); an inferred one is drawn dashed. A `TimeScale` maps years
to fractions of a drawing's width. Its unit follows the data: years for up to 30
years, decades for up to 200, centuries beyond, with a label on every interval or on
every few, so no more than `MAX_LABELS` labels share the width of a phone.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from ..core.dates import PARTS, DateValue

_MONTH = 1 / 12
_DAY = _MONTH / 31
_PART = 10 * _DAY


@dataclass(frozen=True, slots=True)
class Span:
    """The time a date covers, in years (2015.5 is mid-2015), and how sure it is."""

    lo: float
    hi: float
    fuzz: float = 0.0
    """How far beyond lo and hi an approximate date may reach; 0 for a date the source gives plainly."""
    inferred: bool = False
    point: bool = False
    """A day: too short to draw as a stretch, so it is drawn as a mark."""


def at_year(year: int, month: int = 1, day: int = 1) -> float:
    """A moment as a number of years: the start of that day."""
    return year + (month - 1) * _MONTH + (day - 1) * _DAY


@lru_cache(maxsize=8192)
def date_span(date: DateValue) -> Span:
    """The stretch of time a date covers. (Cached: a timeline asks for the span of each of its dates
    several times, and a dossier repeats a few thousand dates.)"""
    year = date.year or 0
    if not date.month:
        lo, width = float(year), 1.0
    elif date.day:
        lo, width = at_year(year, date.month, date.day), _DAY
    elif date.part:
        lo, width = at_year(year, date.month, PARTS[date.part]), _PART
    else:
        lo, width = at_year(year, date.month), _MONTH
    return Span(lo, lo + width, width if date.approximate else 0.0, bool(date.inferred), bool(date.day))


_UNITS = ((30, 1, "years"), (200, 10, "decades"), (math.inf, 100, "centuries"))
"""(the longest stretch of data drawn in this unit, the unit in years, its name)."""
MAX_LABELS = 8
"""Labels along the axis: at most this many, so that they fit side by side at 390 px."""
LEFT, RIGHT = 0.04, 0.96
"""The axis runs between these fractions of the width; the margins hold open-ended arrows."""


@dataclass(frozen=True, slots=True)
class TimeScale:
    """A time axis from `start` to `end` (years, whole units), spread over the drawing's width."""

    start: int
    end: int
    unit: int
    unit_name: str
    every: int
    """Label one interval in this many."""

    def x(self, t: float) -> float:
        """The fraction of the width at which time `t` (in years) falls; clamped to the axis."""
        if t <= self.start:
            return LEFT
        if t >= self.end:
            return RIGHT
        return LEFT + (RIGHT - LEFT) * (t - self.start) / (self.end - self.start)

    def intervals(self) -> list[tuple[int, bool]]:
        """The start year of each interval of the axis, and whether it is labelled."""
        return [(year, i % self.every == 0) for i, year in enumerate(range(self.start, self.end, self.unit))]

    def label(self, year: int) -> str:
        return str(year) if self.unit == 1 else f"{year}s"

    @property
    def description(self) -> str:
        """The axis in words: '1993 to 2016, in years'; 'in 2014' for an axis of one year."""
        last = self.end - self.unit
        if last == self.start:
            return f"in {self.label(self.start)}"
        return f"{self.label(self.start)} to {self.label(last)}, in {self.unit_name}"


def time_scale(spans: Iterable[Span]) -> TimeScale | None:
    """The scale that holds every span (with its fuzz), or None if there is none."""
    lo, hi = math.inf, -math.inf
    for span in spans:
        lo, hi = min(lo, span.lo - span.fuzz), max(hi, span.hi + span.fuzz)
    if lo > hi:
        return None
    unit, name = next((unit, name) for longest, unit, name in _UNITS if hi - lo <= longest)
    start = math.floor(lo / unit) * unit
    end = max(math.ceil(hi / unit) * unit, start + unit)
    count = (end - start) // unit
    return TimeScale(start, end, unit, name, max(1, math.ceil(count / MAX_LABELS)))
