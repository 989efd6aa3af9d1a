"""Lanes: a profile's timeline, with a swimlane for each dated relation and marks for its events.

Takes the linked dossier and an entity's id; gives the SVG of its timeline, or None
when nothing on the profile has a date. Relations come family by family in the
profile's reading order (see `families`), each lane labelled with its wording, the
other record, its date and its statement's marks (`words`), and drawn as `marks` draws a
period, a single act, a date it held at, an end unknown since a date, or disputed dates.
Events come last, numbered as the profile's list of events numbers them, stacked
into rows so that close dates do not cover each other. Every lane links to its
relation on the profile, every mark to its event.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..core.dates import DateValue
from ..core.model import Dossier, EntityId, Event
from ..link.families import by_family, relation_anchor
from . import svg
from .marks import AXIS_HEIGHT, axis, event_mark, relation_marks
from .scale import Span, TimeScale, date_span, time_scale
from .svg import drawing, group, num, pct, text
from .words import event_dates, event_when, label_lines, mark_kinds, relation_dates, when, with_marks

FAMILY_ROW = 18
LANE = 30
LABEL_LINE = 14
EVENT_ROW = 24
LABEL_CHARS = 50
"""A line of a lane's label: what fits a phone's width at the drawing's type size."""
MIN_GAP = 0.06
"""Events closer than this (a fraction of the width) go on separate rows."""
MAX_EVENT_ROWS = 8


@dataclass(frozen=True, slots=True)
class ProfileTimeline:
    """The drawing, and what its caption says of it."""

    svg: Markup
    scale: str
    """The axis's range and unit, in words: '1990s to 2010s, in decades'."""
    undated: int
    """Relations with no date, which the drawing cannot place."""
    marks: tuple[str, ...] = ()
    """The kinds of mark its relations and events give (see `words.mark_kinds`), for its legend."""


def profile_timeline(dossier: Dossier, entity_id: EntityId) -> ProfileTimeline | None:
    links = dossier.links.get(entity_id, ())
    events = dossier.timelines.get(entity_id, ())
    dated = [(i, link) for i, link in enumerate(links) if link.relation.first_date]
    spans: list[Span] = [date_span(d) for _, link in dated for d in relation_dates(link.relation)]
    spans += [date_span(d) for e in events for d in event_dates(e)]
    scale = time_scale(spans)
    if scale is None:
        return None
    parts: list[str] = []
    y = AXIS_HEIGHT
    dated_indexes = {i for i, _ in dated}
    left = pct(0.0)
    for family_links in by_family(links):
        lanes = [(i, link) for i, link in family_links.links if i in dated_indexes]
        if not lanes:
            continue
        y += 4
        parts.append(text(left, num(y + 12), family_links.family.title.upper(), "family-title"))
        y += FAMILY_ROW
        lane_parts = []
        for index, link in lanes:
            relation = link.relation
            lines = label_lines(f"{link.label} {dossier.name_of(link.other)}",
                                with_marks(when(relation), link.statement), LABEL_CHARS)
            body = text(left, num(y + 11), lines[0], "lane-label")
            for line in lines[1:]:
                y += LABEL_LINE
                body += text(left, num(y + 11), line, "lane-label")
            body += relation_marks(scale, relation, y + 15, 10)
            lane_parts.append(svg.link(f"#{relation_anchor(index)}", body))
            y += LANE
        parts.append(group("".join(lane_parts), f"f-{family_links.family.name}"))
    if events:
        y += 4
        parts.append(text(left, num(y + 12), "EVENTS", "family-title"))
        y += FAMILY_ROW
        rows = event_rows(scale, events)
        marks = []
        for number, (event, row) in enumerate(zip(events, rows, strict=True), start=1):
            top = y + row * EVENT_ROW
            body = event_mark(scale, event, top + 4, 10) + event_number(scale, event.date, number, top + 13)
            title = with_marks(f"{number}. {event_when(event)}: {event.title}", dossier.statements.get(event.id))
            marks.append(svg.link(f"#e-{event.id}", body, title))
        parts.append(group("".join(marks), "events"))
        y += (max(rows) + 1) * EVENT_ROW
    height = y + 6
    used = mark_kinds([*(link.statement for _, link in dated), *(dossier.statements.get(e.id) for e in events)])
    return ProfileTimeline(drawing("lanes", height, axis(scale, height) + "".join(parts)),
                           scale.description, len(links) - len(dated), used)


def event_number(scale: TimeScale, date: DateValue, number: int, y: float) -> str:
    """An event's number, just after its mark (after the stretch its date covers); `y` is its baseline."""
    span = date_span(date)
    x = scale.x(_middle(span) if span.point else span.hi + span.fuzz / 2)
    return text(pct(x), num(y), str(number), "event-number", dx="6")


def _middle(span: Span) -> float:
    return (span.lo + span.hi) / 2


def event_rows(scale: TimeScale, events: tuple[Event, ...]) -> list[int]:
    """The row of each event: the first whose last mark is far enough to its left."""
    last: list[float] = []
    rows = []
    for event in events:
        x = scale.x(_middle(date_span(event.date)))
        row = next((r for r, end in enumerate(last) if x - end >= MIN_GAP), None)
        if row is None:
            if len(last) < MAX_EVENT_ROWS:
                row = len(last)
                last.append(x)
            else:
                row = min(range(len(last)), key=lambda r: (last[r], r))
        last[row] = x
        rows.append(row)
    return rows
