"""Marks: how a date and a period are drawn on a time axis, uncertainty included.

One place for the visual grammar every timeline and its legend share:

- a date is drawn over the stretch it covers (a year-only date spans its year), with
  a dot at its middle: a large one for a day, a small one for anything coarser;
- an approximate date fades out over how far it may reach (three steps of shade);
- an inferred date, or a period with one, is drawn dashed and hollow;
- a period is a bar from its start to its end; an end that is not known is a thin
  line running to the edge with an arrowhead, and a period ongoing to the present
  is a full bar running to the edge with an arrowhead; a period whose state is
  unknown since a date is a bar to that date, then a short dotted tail, no arrow;
- a disputed date is drawn at each date its sources give, the alternatives after
  the first hollow.

Each function gives SVG markup, drawn between `y` and `y + height` pixels; classes
carry the look (see the drawings' part of the theme's stylesheet).
"""

from __future__ import annotations

from ..core.dates import DateValue
from ..core.model import Event, Relation
from .scale import LEFT, RIGHT, Span, TimeScale, date_span
from .svg import at, circle, line, num, path, pct, rect, text

_FUZZ_STEPS = 3
_ARROW_RIGHT = "M0 -5L7 0L0 5Z"
_ARROW_LEFT = "M0 -5L-7 0L0 5Z"


VISIBLE = 0.003
"""A stretch narrower than this (a fraction of the width: a pixel at 390 px) is not drawn: no one could see it."""


def _stretch(scale: TimeScale, lo: float, hi: float, y: str, height: str, cls: str) -> str:
    x0 = scale.x(lo)
    width = scale.x(hi) - x0
    return rect(pct(x0), y, pct(width), height, cls) if width >= VISIBLE else ""


def _fuzz(scale: TimeScale, span: Span, y: str, height: str) -> str:
    """Three widening shades around a span: darkest where the date most likely is."""
    if not span.fuzz:
        return ""
    return "".join(_stretch(scale, span.lo - span.fuzz * k / _FUZZ_STEPS, span.hi + span.fuzz * k / _FUZZ_STEPS,
                            y, height, "fuzz") for k in range(_FUZZ_STEPS, 0, -1))


def date_mark(scale: TimeScale, date: DateValue, y: int, height: int) -> str:
    """A date: the stretch it covers (faded if approximate), and a dot at its middle (a larger one for a day)."""
    span = date_span(date)
    sure = " inferred" if span.inferred else ""
    top, tall = num(y), num(height)
    parts = _fuzz(scale, span, top, tall)
    if not span.point:
        parts += _stretch(scale, span.lo, span.hi, top, tall, "range" + sure)
    middle = pct(scale.x((span.lo + span.hi) / 2))
    return parts + circle(middle, num(y + height // 2), "4.5" if span.point else "2.5", "dot" + sure)


def period_bar(scale: TimeScale, start: DateValue | None, end: DateValue | None, ongoing: bool,
               y: int, height: int) -> str:
    """A period from `start` to `end`: sure in the middle, shaded over the stretches its dates cover,
    faded where approximate, dashed if a date is inferred, open-ended with an arrow."""
    first = date_span(start) if start else None
    last = date_span(end) if end else None
    sure = " inferred" if (first and first.inferred) or (last and last.inferred) else ""
    top, tall, mid = num(y), num(height), num(y + height // 2)
    parts: list[str] = []
    for span in (first, last):
        if span:
            parts.append(_fuzz(scale, span, top, tall))
            parts.append(_stretch(scale, span.lo, span.hi, top, tall, "range" + sure))
    if first and last:
        if last.lo > first.hi:
            parts.append(_stretch(scale, first.hi, last.lo, top, tall, "bar" + sure))
    elif first:  # runs on: to the present, or to an end the source does not give
        if ongoing:
            parts.append(_stretch(scale, first.hi, scale.end, top, tall, "bar" + sure))
        else:
            parts.append(line(pct(scale.x(first.hi)), mid, pct(RIGHT), mid, "open" + sure))
        parts.append(at(pct(RIGHT), mid, path(_ARROW_RIGHT, "arrow")))
    elif last:  # began before a date the source does not give
        parts.append(line(pct(LEFT), mid, pct(scale.x(last.lo)), mid, "open" + sure))
        parts.append(at(pct(LEFT), mid, path(_ARROW_LEFT, "arrow")))
    return "".join(parts)


UNKNOWN_TAIL = 0.03
"""How far (a fraction of the width) the dotted tail of a state unknown since a date reaches."""


def relation_marks(scale: TimeScale, relation: Relation, y: int, height: int) -> str:
    """A relation on a lane: its one date, the date it held at, or its period; each other date sources
    give for a disputed part, hollow; and where its state became unknown, a dotted tail."""
    unknown = relation.unknown_since
    if relation.on:
        shape = date_mark(scale, relation.on, y, height)
    elif relation.as_of:
        shape = date_mark(scale, relation.as_of, y, height)
    else:
        period = relation.period
        shape = period_bar(scale, period.start, period.end or unknown, period.ongoing, y, height)
    if unknown:
        span = date_span(unknown)
        mid = num(y + height // 2)
        shape += line(pct(scale.x(span.hi)), mid, pct(min(RIGHT, scale.x(span.hi) + UNKNOWN_TAIL)), mid, "unknown")
    others = [f.value for part in ("on", "from", "to", "as_of") for f in relation.alternatives(part)[1:]]
    shape += "".join(f'<g class="alternative">{date_mark(scale, d, y, height)}</g>' for d in others
                     if isinstance(d, DateValue))
    return shape


def event_mark(scale: TimeScale, event: Event, y: int, height: int) -> str:
    """An event at its date, and at each other date its sources give, hollow."""
    others = [f.value for f in event.alternatives("date")[1:] if isinstance(f.value, DateValue)]
    return date_mark(scale, event.date, y, height) + "".join(
        f'<g class="alternative">{date_mark(scale, d, y, height)}</g>' for d in others)


AXIS_HEIGHT = 18
"""The band at the top of a timeline that holds the axis's labels."""


def axis(scale: TimeScale, bottom: float, below: bool = False) -> str:
    """The time axis: a line at each labelled interval's start down to `bottom`, its label in the band
    above (and, for a tall drawing, `below` it too)."""
    parts = []
    foot, under = num(bottom), num(bottom + 13)
    for year, labelled in scale.intervals():
        if not labelled:
            continue
        x = pct(scale.x(year))
        parts.append(line(x, "14", x, foot, "tick"))
        middle = pct(scale.x(year + scale.unit / 2))
        label = scale.label(year)
        parts.append(text(middle, "12", label, "tick-label"))
        if below:
            parts.append(text(middle, under, label, "tick-label"))
    end = pct(scale.x(scale.end))
    parts.append(line(end, "14", end, foot, "tick"))
    return "".join(parts)
