"""Marks: how a date and a period are drawn on a time axis, uncertainty included.

One place for the visual grammar every timeline and its legend share:

- a date is drawn over the stretch it covers (a year-only date spans its year), with
  a dot at its middle: a large one for a day, a small one for anything coarser;
- an approximate date fades out over how far it may reach (three steps of shade);
- an inferred date, or a period with one, is drawn dashed and hollow;
- a period is a bar from its start to its end, drawn as its statement gives them:
  a period still holding (`to: present`) is a bar to the date of the source that says
  so, ending in an arrowhead there ("as of" that date, never beyond); an end the
  source does not give is a thin line to the source's date, ending in a '?'; a
  period whose state is unknown since a date is a bar to that date, then a short
  dotted tail; a start the source does not give is a mark of its own, a short dotted
  lead-in with a '?', never a line from the edge of the drawing;
- a disputed date is drawn at each date its sources give, the alternatives after
  the first hollow.

Each function gives SVG markup, drawn between `y` and `y + height` pixels; classes
carry the look (see the drawings' part of the theme's stylesheet).
"""

from __future__ import annotations

from ..core.dates import DateValue
from ..core.model import Dossier, Event, Relation
from .scale import Span, TimeScale, date_span
from .svg import at, circle, line, num, path, pct, rect, text

_FUZZ_STEPS = 3
_ARROW_RIGHT = "M0 -5L7 0L0 5Z"
_LEAD_IN = "M-18 0H-2"


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
               y: int, height: int, told: float | None = None) -> str:
    """A period from `start` to `end`: sure in the middle, shaded over the stretches its dates cover,
    faded where approximate, dashed if a date is inferred. Without an end, it runs to `told` (the date of
    the source that gives it, in years; the axis's end if none): as a bar ending in an arrowhead if it
    still holds then, else as a thin line ending in a '?'. Without a start, a dotted lead-in and a '?'."""
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
    elif first:  # runs on: still holding as of its source's date, or to an end the source does not give
        until = max(first.hi, told if told is not None else scale.end)
        x = pct(scale.x(until))
        if ongoing:
            parts.append(_stretch(scale, first.hi, until, top, tall, "bar" + sure))
            parts.append(at(x, mid, path(_ARROW_RIGHT, "arrow")))
        else:
            parts.append(line(pct(scale.x(first.hi)), mid, x, mid, "open" + sure))
            parts.append(text(x, num(y + height), "?", "end-unknown", dx="2"))
    elif last:  # began at a time the source does not give: a mark of its own, before its end
        parts.append(at(pct(scale.x(last.lo)), mid, path(_LEAD_IN, "lead-in") + text("-26", "4", "?", "start-unknown")))
    return "".join(parts)


def told_on(dossier: Dossier, relation: Relation) -> DateValue | None:
    """The date of the latest source a relation cites: what it says holds as of then. None if no source it
    cites is dated (an editorial relation), and then a period without an end runs to the axis's end."""
    dates = [d for c in relation.cites if (d := dossier.sources[c.source].date) is not None]
    return max(dates, key=lambda d: date_span(d).hi) if dates else None


UNKNOWN_TAIL = 0.03
"""How far (a fraction of the width) the dotted tail of a state unknown since a date reaches."""


def relation_marks(scale: TimeScale, relation: Relation, y: int, height: int, told: float | None = None) -> str:
    """A relation on a lane: its one date, the date it held at, or its period (see `period_bar`; `told`: the
    date of its source); each other date sources give for a disputed part, hollow; and where its state
    became unknown, a dotted tail."""
    unknown = relation.unknown_since
    if relation.on:
        shape = date_mark(scale, relation.on, y, height)
    elif relation.as_of:
        shape = date_mark(scale, relation.as_of, y, height)
    else:
        period = relation.period
        shape = period_bar(scale, period.start, period.end or unknown, period.ongoing, y, height, told)
    if unknown:
        span = date_span(unknown)
        mid = num(y + height // 2)
        shape += line(pct(scale.x(span.hi)), mid, pct(min(scale.x(scale.end), scale.x(span.hi) + UNKNOWN_TAIL)), mid,
                      "unknown")
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


LABEL_ROOM = 0.11
"""Labels along the axis are at least this far apart (a fraction of the width): 'MMMM' at 300 px, with room."""
QUARTERS_FROM = 0.08
"""A year at least this wide (a fraction of the width) has its quarters marked."""


def axis(scale: TimeScale, bottom: float, below: bool = False) -> str:
    """The time axis: a line at each labelled interval's start down to `bottom`, its label in the band
    above (and, for a tall drawing, `below` it too); each break a shaded gap with a zigzag at its top; the
    last interval always labelled."""
    parts = []
    foot, under = num(bottom), num(bottom + 13)
    labels: list[tuple[float, int, int]] = []  # kept from the right: the last is always labelled
    for year, unit, labelled in reversed(scale.intervals()):
        middle = scale.x(year + unit / 2)
        if labelled and (not labels or labels[-1][0] - middle >= LABEL_ROOM):
            labels.append((middle, year, unit))
    for x0, x1 in scale.breaks():
        parts.append(rect(pct(x0), "14", pct(x1 - x0), num(bottom - 14), "axis-gap"))
        parts.append(at(pct((x0 + x1) / 2), "14", path("M-5 -6L-1 2M1 -2L5 6", "axis-break")))
    for segment in scale.segments:
        for edge in (segment.x0, segment.x1):
            parts.append(line(pct(edge), "14", pct(edge), foot, "tick"))
    for segment in scale.segments:  # quarters, where a year has room for them
        if segment.unit == 1 and segment.x(segment.start + 1) - segment.x0 >= QUARTERS_FROM:
            for year in range(segment.start, segment.end):
                for quarter in (0.25, 0.5, 0.75):
                    quarter_x = pct(segment.x(year + quarter))
                    parts.append(line(quarter_x, "16", quarter_x, foot, "tick minor"))
    for at_x, year, unit in reversed(labels):
        x = pct(scale.x(year))
        parts.append(line(x, "14", x, foot, "tick"))
        label_x = pct(at_x)
        label = scale.label(year, unit)
        parts.append(text(label_x, "12", label, "tick-label"))
        if below:
            parts.append(text(label_x, under, label, "tick-label"))
    return "".join(parts)
