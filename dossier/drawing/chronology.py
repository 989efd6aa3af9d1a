"""Chronology: the timeline at the head of the chronology page.

Takes the linked dossier; gives the SVG of its events over time, or None if it has
none. Up to `POINTS_LIMIT` events each get a mark, drawn as `marks` draws a date (a
year-only date spans its year, an approximate one is fuzzy, an inferred one
dashed), numbered as the page's list numbers them, on rows so that close dates do not
cover each other, each linking to its entry and titled with its date, title and its
statement's marks (see `words`). A larger dossier's events would be a
smear of marks, so it is drawn as a bar for each year, split by how sure the dates
are (to the day or month, to the year alone, approximate or inferred), each bar
linking to its year; the cost stays one pass over the events.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from markupsafe import Markup

from ..core.dates import MONTHS, DateValue
from ..core.model import Dossier
from . import svg
from .lanes import event_hit, event_number, event_rows, event_words, place_event_words
from .marks import AXIS_HEIGHT, axis, event_mark
from .scale import TimeScale, date_span, time_scale
from .svg import drawing, group, num, pct, rect
from .words import event_dates, event_when, mark_kinds, with_marks

POINTS_LIMIT = 150
PHONE_PX = 350
"""The width the chronology's timeline is drawn at on a phone, in pixels: its words are fitted to it."""
EVENT_ROW = 24
BARS_HEIGHT = 90
CERTAINTIES = (("sure", "dated to the day or month"), ("year", "dated to the year alone"),
               ("unsure", "approximate or inferred"))
"""The parts of a year's bar, bottom to top, with their words for the legend and the tooltips."""


@dataclass(frozen=True, slots=True)
class ChronologyDrawing:
    svg: Markup
    scale: str
    by_year: bool
    """Drawn as a bar a year (a large dossier), not a mark an event."""
    marks: tuple[str, ...] = ()
    """The kinds of mark its events give (see `words.mark_kinds`), for its legend."""
    breaks: bool = False
    """Its axis breaks over years where nothing is dated."""


def chronology_drawing(dossier: Dossier) -> ChronologyDrawing | None:
    events = dossier.events
    scale = time_scale(date_span(d) for e in events for d in event_dates(e))
    if scale is None:
        return None
    if len(events) > POINTS_LIMIT:
        return ChronologyDrawing(_bars(dossier, scale), scale.description, True)
    rows = event_rows(scale, events)
    labels = event_words(scale, events, rows, dossier.statements, PHONE_PX)
    marks = []
    for number, (event, row, words) in enumerate(zip(events, rows, labels, strict=True), start=1):
        top = AXIS_HEIGHT + 6 + row * EVENT_ROW
        body = (event_mark(scale, event, top + 4, 10) + event_number(scale, event.date, number, top + 13)
                + place_event_words(scale, event, words, top + 13, number) + event_hit(scale, event.date, top))
        title = with_marks(f"{number}. {event_when(event, MONTHS)}: {event.title}", dossier.statements.get(event.id))
        marks.append(svg.link(f"#e-{event.id}", body, title))
    height = AXIS_HEIGHT + 6 + (max(rows) + 1) * EVENT_ROW + 4
    picture = drawing("chronology-events", height, axis(scale, height) + group("".join(marks), "events"))
    return ChronologyDrawing(picture, scale.description, False,
                             mark_kinds(dossier.statements.get(e.id) for e in events), bool(scale.breaks()))


def certainty(date: DateValue) -> str:
    if date.approximate or date.inferred:
        return "unsure"
    return "sure" if date.month else "year"


def _bars(dossier: Dossier, scale: TimeScale) -> Markup:
    counts: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys((c for c, _ in CERTAINTIES), 0))
    for event in dossier.events:
        counts[event.date.year or 0][certainty(event.date)] += 1
    most = max(sum(c.values()) for c in counts.values())
    bottom = AXIS_HEIGHT + 6 + BARS_HEIGHT
    parts = []
    for year, count in counts.items():
        x0, x1 = scale.x(year), scale.x(year + 1)
        left, width = pct(x0 + (x1 - x0) * 0.1), pct((x1 - x0) * 0.8)
        y = float(bottom)
        body = []
        for name, _ in CERTAINTIES:
            height = BARS_HEIGHT * count[name] / most
            if height:
                y -= height
                body.append(rect(left, num(y), width, num(height), f"count {name}"))
        body.append(svg.at(pct((x0 + x1) / 2), num(bottom), svg.hit(  # the year's column, a finger wide at least
            num(-svg.TARGET / 2), str(-BARS_HEIGHT), str(svg.TARGET), str(BARS_HEIGHT))))
        total = sum(count.values())
        words = ", ".join(f"{count[name]} {what}" for name, what in CERTAINTIES if count[name])
        parts.append(svg.link(f"#y-{year}", "".join(body), f"{year}: {total} events ({words})"))
    height = bottom + 4
    return drawing("chronology-years", height, axis(scale, height) + "".join(parts))
