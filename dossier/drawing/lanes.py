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

from collections.abc import Mapping
from dataclasses import dataclass

from markupsafe import Markup

from ..core.dates import DateValue
from ..core.model import Dossier, EntityId, Event
from ..core.statement import Statement
from ..link.families import by_family, relation_anchor
from . import svg
from .marks import AXIS_HEIGHT, axis, event_mark, relation_marks, told_on
from .scale import Span, TimeScale, date_span, time_scale
from .svg import drawing, group, num, pct, text
from .words import (
    clip,
    event_dates,
    event_when,
    label_lines,
    mark_kinds,
    marks,
    relation_dates,
    when_marked,
    with_endings,
    with_marks,
)

FAMILY_ROW = 18
LANE = 30
LABEL_LINE = 14
EVENT_ROW = 24
LABEL_CHARS = 50
"""A line of a lane's label: what fits a phone's width at the drawing's type size."""
MIN_GAP = 0.06
"""Events closer than this (a fraction of the width) go on separate rows."""
MAX_EVENT_ROWS = 8
ROW_EACH = 16
"""Up to this many events, each has a row of its own (and room for its words)."""


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
    breaks: bool = False
    """Its axis breaks over years where nothing is dated."""


def profile_timeline(dossier: Dossier, entity_id: EntityId) -> ProfileTimeline | None:
    links = dossier.links.get(entity_id, ())
    events = dossier.timelines.get(entity_id, ())
    dated = [(i, link) for i, link in enumerate(links) if link.relation.first_date]
    spans: list[Span] = [date_span(d) for _, link in dated for d in relation_dates(link.relation)]
    spans += [date_span(d) for e in events for d in event_dates(e)]
    told = {i: told_on(dossier, link.relation) for i, link in dated if link.relation.period.start
            and not link.relation.period.end and not link.relation.unknown_since}
    spans += [date_span(d) for d in told.values() if d]
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
            lane_top = y
            lines = label_lines(f"{link.label} {dossier.name_of(link.other)}",
                                when_marked(relation, link.statement, dossier.statements), LABEL_CHARS)
            body = text(left, num(y + 11), lines[0], "lane-label")
            for line in lines[1:]:
                y += LABEL_LINE
                body += text(left, num(y + 11), line, "lane-label")
            source_date = told.get(index)
            body += relation_marks(scale, relation, y + 15, 10, date_span(source_date).hi if source_date else None)
            body += svg.hit("0", num(lane_top), "100%", num(y + LANE - lane_top))  # the whole lane, label and marks
            lane_parts.append(svg.link(f"#{relation_anchor(index)}", body))
            y += LANE
        parts.append(group("".join(lane_parts), f"f-{family_links.family.name}"))
    if events:
        y += 4
        parts.append(text(left, num(y + 12), "EVENTS", "family-title"))
        y += FAMILY_ROW
        rows = event_rows(scale, events)
        labels = event_words(scale, events, rows, dossier.statements, LANES_PX)
        drawn = []
        for number, (event, row, words) in enumerate(zip(events, rows, labels, strict=True), start=1):
            top = y + row * EVENT_ROW
            body = (event_mark(scale, event, top + 4, 10) + event_number(scale, event.date, number, top + 13)
                    + place_event_words(scale, event, words, top + 13, number) + event_hit(scale, event.date, top))
            title = with_marks(f"{number}. {event_when(event)}: {event.title}", dossier.statements.get(event.id))
            drawn.append(svg.link(f"#e-{event.id}", body, title))
        parts.append(group("".join(drawn), "events"))
        y += (max(rows) + 1) * EVENT_ROW
    height = y + 6
    used = mark_kinds([*with_endings((link.statement for _, link in dated), dossier.statements),
                       *(dossier.statements.get(e.id) for e in events)])
    return ProfileTimeline(drawing("lanes", height, axis(scale, height) + "".join(parts)),
                           scale.description, len(links) - len(dated), used, bool(scale.breaks()))


def event_number(scale: TimeScale, date: DateValue, number: int, y: float) -> str:
    """An event's number, just after its mark (after the stretch its date covers); `y` is its baseline."""
    span = date_span(date)
    x = scale.x(_middle(span) if span.point else span.hi + span.fuzz / 2)
    return text(pct(x), num(y), str(number), "event-number", dx="6")


def event_hit(scale: TimeScale, date: DateValue, top: float) -> str:
    """An event's target: a square a finger's width (`svg.TARGET`) around its mark and number, in a row of
    `EVENT_ROW` px whose top is `top`."""
    span = date_span(date)
    return svg.hit_around(pct(scale.x(_middle(span))), num(top + EVENT_ROW / 2 - 3))


def _middle(span: Span) -> float:
    return (span.lo + span.hi) / 2


CHAR_PX = 6.4
"""The width of a character of an event's words, in pixels, at the drawing's type size (a little over)."""
LANES_PX = 300
"""The narrowest width a profile's timeline is drawn at (its side column), in pixels: words are fitted to it."""
MIN_WORDS = 7
"""Fewer characters than this are not worth writing beside a mark."""


def event_words(scale: TimeScale, events: tuple[Event, ...], rows: list[int], statements: Mapping[str, Statement],
                width_px: float) -> list[tuple[str, bool]]:
    """The words beside each event's mark where there is room at `width_px`: its title, cut to the room
    between its number and the next mark of its row (or, if more, between the mark before and its own), its
    statement's marks kept whole ('ed.', 'per ...'); and whether they stand left of the mark. ('', False) where
    there is no room. Wider drawings have more room; the words are the same."""
    spans = [date_span(e.date) for e in events]
    by_row: dict[int, list[int]] = {}
    for i, row in enumerate(rows):
        by_row.setdefault(row, []).append(i)
    out = [("", False)] * len(events)
    for members in by_row.values():
        members.sort(key=lambda i: (scale.x(spans[i].lo), i))
        taken = LEFT_EDGE
        for k, i in enumerate(members):
            lo, hi = scale.x(spans[i].lo - spans[i].fuzz), scale.x(spans[i].hi + spans[i].fuzz)
            after = hi + (12 + 7 * len(str(i + 1))) / width_px
            following = scale.x(spans[members[k + 1]].lo - spans[members[k + 1]].fuzz) if k + 1 < len(members) else 1.0
            right, left = (following - after) * width_px, (lo - taken) * width_px - 8
            room, on_left = (right, False) if right >= left else (left, True)
            extra = marks(statements.get(events[i].id))
            chars = int(room / CHAR_PX) - (len(extra) + 3 if extra else 0)
            if chars < MIN_WORDS:
                taken = after
                continue
            words = clip(events[i].title, chars) + (f" · {extra}" if extra else "")
            out[i] = (words, on_left)
            taken = after + (0 if on_left else len(words) * CHAR_PX / width_px)
    return out


LEFT_EDGE = 0.0


def place_event_words(scale: TimeScale, event: Event, words: tuple[str, bool], y: float, number: int) -> str:
    """An event's words (see `event_words`): after its number, or before its mark; `y` is the baseline."""
    text_words, on_left = words
    if not text_words:
        return ""
    span = date_span(event.date)
    if on_left:
        return text(pct(scale.x(span.lo - span.fuzz)), num(y), text_words, "event-words left", dx="-6")
    x = scale.x(_middle(span) if span.point else span.hi + span.fuzz / 2)
    return text(pct(x), num(y), text_words, "event-words", dx=str(12 + 7 * len(str(number))))


def event_rows(scale: TimeScale, events: tuple[Event, ...]) -> list[int]:
    """The row of each event: a row each, so that each has room for its words, up to `ROW_EACH` events;
    beyond, the first row whose last mark is far enough to its left."""
    if len(events) <= ROW_EACH:
        return list(range(len(events)))
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
