"""Scale: where a date falls on a drawing's time axis, and the axis itself.

A date is drawn as the stretch of time it names, not as a point: a date of the year
alone covers its year, a month its month, 'mid-July' the 11th to the 20th, a day one
day. An approximate date may reach one more unit of its precision on either side
(its `fuzz`, drawn fuzzy); an inferred one is drawn dashed. A `TimeScale` maps years
to fractions of a drawing's width.

Where the dates cluster with long empty stretches between (a birth in 1970, then the
story of 2015 and 2016), the axis breaks: each cluster is a `Segment` of its own,
given a share of the width by how long it runs and how many dates it holds, and the
stretch between two clusters is squeezed into a narrow gap drawn as a break. So no
stretch of the story is a sliver, and every mark still sits at its date within its
segment. A segment's unit follows its length: years for up to 30 years, decades for
up to 200, centuries beyond, with a label on every interval or on every few (always
on the last), so no more than `MAX_LABELS` labels share the width of a phone.
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
"""The axis runs between these fractions of the width; the margins hold the marks at its ends."""
GAP = 0.035
"""The width of a break in the axis (a fraction of the drawing's width)."""
BREAK_AFTER = 2.0
BREAK_SHARE = 0.05
"""The axis breaks over an empty stretch longer than `BREAK_AFTER` years and than this share of the whole."""
MIN_SHARE = 0.07
"""The least width a segment is given, so that a lone date is not a sliver."""


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of the axis: from `start` to `end` (years, whole units), drawn from `x0` to `x1`."""

    start: int
    end: int
    x0: float
    x1: float
    unit: int
    every: int
    """Label one interval in this many (counted back from the last, which is always labelled)."""

    def x(self, t: float) -> float:
        return self.x0 + (self.x1 - self.x0) * (t - self.start) / (self.end - self.start)


@dataclass(frozen=True, slots=True)
class TimeScale:
    """A time axis of one segment or more (a break between each two), spread over the drawing's width."""

    segments: tuple[Segment, ...]
    unit_name: str

    @property
    def start(self) -> int:
        return self.segments[0].start

    @property
    def end(self) -> int:
        return self.segments[-1].end

    @property
    def unit(self) -> int:
        return self.segments[0].unit

    def x(self, t: float) -> float:
        """The fraction of the width at which time `t` (in years) falls; clamped to the axis. A time in a
        break falls in its gap, in order."""
        if t <= self.start:
            return LEFT
        if t >= self.end:
            return RIGHT
        before = self.segments[0]
        for segment in self.segments:
            if t <= segment.end:
                if t >= segment.start:
                    return segment.x(t)
                return before.x1 + (segment.x0 - before.x1) * (t - before.end) / (segment.start - before.end)
            before = segment
        return RIGHT

    def intervals(self) -> list[tuple[int, int, bool]]:
        """The start year of each interval of the axis, its unit, and whether it is labelled."""
        out = []
        for segment in self.segments:
            years = list(range(segment.start, segment.end, segment.unit))
            last = len(years) - 1
            first = (last % segment.every >= max(1, segment.every // 2)  # room for the first label too
                     and last // segment.every + 2 <= MAX_LABELS)
            out += [(year, segment.unit, (last - i) % segment.every == 0 or (i == 0 and first))
                    for i, year in enumerate(years)]
        return out

    def breaks(self) -> list[tuple[float, float]]:
        """Where the axis breaks: each gap's two ends, as fractions of the width."""
        return [(a.x1, b.x0) for a, b in zip(self.segments, self.segments[1:], strict=False)]

    @staticmethod
    def label(year: int, unit: int = 1) -> str:
        return str(year) if unit == 1 else f"{year}s"

    @property
    def description(self) -> str:
        """The axis in words: '1993 to 2016, in years'; 'in 2014' for an axis of one year; and what it skips."""
        first, final = self.segments[0], self.segments[-1]
        last = final.end - final.unit
        if len(self.segments) == 1 and last == first.start:
            return f"in {self.label(first.start, first.unit)}"
        words = f"{self.label(first.start, first.unit)} to {self.label(last, final.unit)}, in {self.unit_name}"
        skipped = [f"{a.end} to {b.start - 1}" if b.start - 1 > a.end else str(a.end)
                   for a, b in zip(self.segments, self.segments[1:], strict=False)]
        if skipped:
            words += "; the axis skips " + " and ".join(skipped) + ", where nothing is dated"
        return words


def _unit(length: float) -> tuple[int, str]:
    return next((unit, name) for longest, unit, name in _UNITS if length <= longest)


def time_scale(spans: Iterable[Span]) -> TimeScale | None:
    """The scale that holds every span (with its fuzz), broken over long empty stretches; None if there is none."""
    stretches = sorted((span.lo - span.fuzz, span.hi + span.fuzz) for span in spans)
    if not stretches:
        return None
    lo, hi = stretches[0][0], max(h for _, h in stretches)
    threshold = max(BREAK_AFTER, BREAK_SHARE * (hi - lo))
    clusters: list[list[float]] = []  # [lo, hi, count]
    for a, b in stretches:
        if clusters and a - clusters[-1][1] <= threshold:
            clusters[-1][1] = max(clusters[-1][1], b)
            clusters[-1][2] += 1
        else:
            clusters.append([a, b, 1])
    _, name = _unit(hi - lo)
    rounded: list[list[float]] = []
    for a, b, count in clusters:  # to whole units; clusters that then touch are one
        unit, _ = _unit(b - a)
        start = math.floor(a / unit) * unit
        end = max(math.ceil(b / unit) * unit, start + unit)
        if rounded and start <= rounded[-1][1] + max(unit, rounded[-1][3]):
            rounded[-1][1] = max(rounded[-1][1], end)
            rounded[-1][2] += count
            rounded[-1][3] = max(unit, _unit(rounded[-1][1] - rounded[-1][0])[0])
        else:
            rounded.append([start, end, count, unit])
    if len(rounded) == 1:  # no break: the one unit of the whole
        unit, name = _unit(hi - lo)
        start = math.floor(lo / unit) * unit
        end = max(math.ceil(hi / unit) * unit, start + unit)
        count = (end - start) // unit
        return TimeScale((Segment(start, end, LEFT, RIGHT, unit, max(1, math.ceil(count / MAX_LABELS))),), name)
    total_length = sum(b - a for a, b, _, _ in rounded)
    total_count = sum(c for _, _, c, _ in rounded)
    weights = [max(MIN_SHARE, 0.3 * (b - a) / total_length + 0.7 * c / total_count) for a, b, c, _ in rounded]
    room = RIGHT - LEFT - GAP * (len(rounded) - 1)
    segments = []
    x = float(LEFT)
    for (a, b, _, size), weight in zip(rounded, weights, strict=True):
        width = room * weight / sum(weights)
        intervals = int((b - a) // size)
        labels = max(1, math.floor(MAX_LABELS * width / (RIGHT - LEFT)))
        segments.append(Segment(int(a), int(b), x, x + width, int(size), max(1, math.ceil(intervals / labels))))
        x += width + GAP
    return TimeScale(tuple(segments), _unit(max(s.end - s.start for s in segments))[1])
