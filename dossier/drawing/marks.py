"""Marks: how a date and a period are drawn on a time axis, uncertainty included.

One place for the visual grammar every timeline and its legend share:

- a date is drawn over the stretch it covers (a year-only date spans its year), with
  a mark at its middle: a diamond for a day, a dot for anything coarser;
- an approximate date fades out over how far it may reach (three steps of shade);
- an inferred date, or a period with one, is drawn dashed and hollow;
- a period is a bar from its start to its end; an end that is not known is a thin
  line running to the edge with an arrowhead, and a period ongoing to the present
  is a full bar running to the edge with an arrowhead.

Each function gives SVG markup, drawn between `y` and `y + height` pixels; classes
carry the look (see the drawings' part of the theme's stylesheet).
"""

from __future__ import annotations

from ..dates import DateValue
from .scale import LEFT, RIGHT, Span, TimeScale, date_span
from .svg import at, element, num, pct, text

_FUZZ_STEPS = 3
_DIAMOND = "M0 -5L5 0L0 5L-5 0Z"
_ARROW_RIGHT = "M0 -5L7 0L0 5Z"
_ARROW_LEFT = "M0 -5L-7 0L0 5Z"


def _stretch(scale: TimeScale, lo: float, hi: float, y: float, height: float, cls: str) -> str:
    x0, x1 = scale.x(lo), scale.x(hi)
    return element("rect", x=pct(x0), y=num(y), width=pct(max(x1 - x0, 0.0)), height=num(height), class_=cls)


def _fuzz(scale: TimeScale, span: Span, y: float, height: float) -> str:
    """Three widening shades around a span: darkest where the date most likely is."""
    if not span.fuzz:
        return ""
    return "".join(_stretch(scale, span.lo - span.fuzz * k / _FUZZ_STEPS, span.hi + span.fuzz * k / _FUZZ_STEPS,
                            y, height, "fuzz") for k in range(_FUZZ_STEPS, 0, -1))


def date_mark(scale: TimeScale, date: DateValue, y: float, height: float) -> str:
    """A date: the stretch it covers (faded if approximate), and a mark at its middle."""
    span = date_span(date)
    middle = scale.x((span.lo + span.hi) / 2)
    sure = " inferred" if span.inferred else ""
    parts = [_fuzz(scale, span, y, height)]
    if not span.point:
        parts.append(_stretch(scale, span.lo, span.hi, y, height, "range" + sure))
    shape = (element("path", d=_DIAMOND, class_="dot" + sure) if span.point
             else element("circle", r="3.5", class_="dot" + sure))
    parts.append(at(pct(middle), y + height / 2, shape))
    return "".join(parts)


def period_bar(scale: TimeScale, start: DateValue | None, end: DateValue | None, ongoing: bool,
               y: float, height: float) -> str:
    """A period from `start` to `end`: sure in the middle, shaded over the stretches its dates cover,
    faded where approximate, dashed if a date is inferred, open-ended with an arrow."""
    first = date_span(start) if start else None
    last = date_span(end) if end else None
    sure = " inferred" if (first and first.inferred) or (last and last.inferred) else ""
    parts: list[str] = []
    mid = y + height / 2
    core_lo = first.hi if first else None
    core_hi = last.lo if last else None
    for span in (first, last):
        if span:
            parts.append(_fuzz(scale, span, y, height))
            parts.append(_stretch(scale, span.lo, span.hi, y, height, "range" + sure))
    if first and last:
        if core_lo is not None and core_hi is not None and core_hi > core_lo:
            parts.append(_stretch(scale, core_lo, core_hi, y, height, "bar" + sure))
    elif first:  # runs on: to the present, or to an end the source does not give
        lo = first.hi
        if ongoing:
            parts.append(_stretch(scale, lo, scale.end, y, height, "bar" + sure))
        else:
            parts.append(_open_line(scale.x(lo), RIGHT, mid, sure))
        parts.append(at(pct(RIGHT), mid, element("path", d=_ARROW_RIGHT, class_="arrow")))
    elif last:  # began before a date the source does not give
        parts.append(_open_line(LEFT, scale.x(last.lo), mid, sure))
        parts.append(at(pct(LEFT), mid, element("path", d=_ARROW_LEFT, class_="arrow")))
    return "".join(parts)


def _open_line(x0: float, x1: float, y: float, sure: str) -> str:
    return element("line", x1=pct(x0), y1=num(y), x2=pct(x1), y2=num(y), class_="open" + sure)


AXIS_HEIGHT = 18
"""The band at the top of a timeline that holds the axis's labels."""


def axis(scale: TimeScale, bottom: float, below: bool = False) -> str:
    """The time axis: a line at each interval's start down to `bottom`, labels in the band above
    (and, for a tall drawing, `below` it too)."""
    parts = []
    for year, labelled in scale.intervals():
        x = scale.x(year)
        parts.append(element("line", x1=pct(x), y1=num(AXIS_HEIGHT - 4 if labelled else AXIS_HEIGHT), x2=pct(x),
                             y2=num(bottom), class_="tick" + (" major" if labelled else "")))
        if labelled:
            middle = pct(scale.x(year + scale.unit / 2))
            parts.append(text(middle, 12, scale.label(year), "tick-label"))
            if below:
                parts.append(text(middle, bottom + 13, scale.label(year), "tick-label"))
    end = scale.x(scale.end)
    parts.append(element("line", x1=pct(end), y1=num(AXIS_HEIGHT), x2=pct(end), y2=num(bottom), class_="tick"))
    return "".join(parts)
