"""Lifelines: the whole dossier's map, groups as lines over time with what passed between them.

Takes the linked dossier; gives `DossierMap`: the SVG and, for the table beside it,
the same facts as rows. In the manner of Mapping Militant Organizations, each group
is a line from its founding (or its first date) to its last date, with an arrow if a
relation of it runs on to the present. Relations between two groups drawn (splits,
alignments, alliances, hostilities, pledges, branches) cross between their lines at
their dates, coloured and dashed by family, each linking to its entry (with its
citation marks) on its subject's profile and quoting its citation when pointed at,
with its statement's marks (whose claim, how sure, its grade); the table gives each
with a link to the cited sentence and its qualifiers in words. Up to
`PEOPLE_PER_GROUP` leaders, founders and members hang under their group's line.

A large dossier would give an unreadable map, so at most `GROUP_CAP` groups are
drawn: the dossier's key entities (a key person brings their groups), then the
groups most related to those, then the groups with the most relations; the page
says how many of how many. The cost is one pass over the groups and the relations
of those drawn.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from markupsafe import Markup

from ..core.dates import DateValue
from ..core.model import Dossier, EntityId, Link, Occurrence
from ..core.schema import FAMILIES
from ..core.statement import Statement
from ..core.urls import entity_url
from ..link.families import family_of, relation_anchor
from . import svg
from .marks import AXIS_HEIGHT, axis, date_mark, period_bar, told_on
from .scale import TimeScale, date_span, time_scale
from .svg import at, circle, drawing, line, num, path, pct, rect, text
from .words import (
    clip,
    ending_of,
    ending_when,
    event_dates,
    label_lines,
    mark_kinds,
    relation_dates,
    short_date,
    when,
    when_marked,
    with_endings,
    wrap,
)

GROUP_CAP = 40
PEOPLE_PER_GROUP = 3
NAME_ROW, LINE_ROW, PERSON_ROW, GAP = 16, 12, 24, 10
NAME_CHARS = 48
_ROLE_ORDER = {"leader-of": 0, "founder-of": 1, "member-of": 2}


@dataclass(frozen=True, slots=True)
class Ref:
    """A record as the map's page links to it (URL from the site root)."""

    name: str
    url: str


@dataclass(frozen=True, slots=True)
class Crossing:
    """A relation between two groups of the map, and where its entry and its source are."""

    when: str
    subject: Ref
    label: str
    target: Ref
    family: str
    fact: str
    """Its entry on the subject's profile."""
    source: str
    """Its first cited sentence, or '' for an editorial relation."""
    quote: str
    editorial: str
    qualifiers: str = ""
    """What qualifies it, in words ('according to Viktor Mikhailov; estimate; graded B2'), as every output says it."""


@dataclass(frozen=True, slots=True)
class Lifeline:
    """A group drawn, its span in words, and the people under it (with their part)."""

    group: Ref
    span: str
    people: tuple[tuple[Ref, str], ...]
    more_people: int


@dataclass(frozen=True, slots=True)
class DossierMap:
    svg: Markup | None
    scale: str
    groups: int
    """Groups in the dossier."""
    subset: bool
    """Fewer groups drawn than the dossier has."""
    lifelines: tuple[Lifeline, ...]
    undated_groups: tuple[Ref, ...]
    crossings: tuple[Crossing, ...]
    undated: tuple[Crossing, ...]
    """Relations between groups drawn that have no date, so are in the table only."""
    families: tuple[tuple[str, str], ...]
    """(name, title) of each family of relation drawn, for the legend."""
    marks: tuple[str, ...] = ()
    """The kinds of mark the relations drawn give (see `words.mark_kinds`), for the legend."""
    breaks: bool = False
    """The axis breaks over years where nothing is dated."""
    ends: bool = False
    """Some crossing is a split, or a relation known only by its end: drawn ending in a bar."""
    time: TimeScale | None = None
    """Its time axis (for tests and for a template that would place something on it)."""


def chosen_groups(dossier: Dossier) -> list[EntityId]:
    """The groups the map draws: every group, or at most `GROUP_CAP` around the key entities."""
    groups = list(dossier.kinds.get("group", ()))
    if len(groups) <= GROUP_CAP:
        return groups
    chosen: dict[EntityId, None] = {}
    for key in dossier.settings.key_entities:
        if dossier.kind_of(key) == "group":
            chosen[key] = None
        else:
            chosen.update((link.other, None) for link in dossier.links.get(key, ())
                          if dossier.kind_of(link.other) == "group")
    chosen = dict.fromkeys(list(chosen)[:GROUP_CAP])
    score: Counter[EntityId] = Counter()
    for group in chosen:
        for link in dossier.links.get(group, ()):
            if link.other not in chosen and dossier.kind_of(link.other) == "group":
                score[link.other] += 1
    room = GROUP_CAP - len(chosen)
    chosen.update((g, None) for g in heapq.nsmallest(room, score, key=lambda g: (-score[g], g)))
    room = GROUP_CAP - len(chosen)
    if room > 0:
        busiest = heapq.nsmallest(room + len(chosen), groups, key=lambda g: (-len(dossier.links.get(g, ())), g))
        chosen.update((g, None) for g in busiest if g not in chosen)
    return list(chosen)[:GROUP_CAP]


@dataclass(frozen=True, slots=True)
class _Extent:
    """What the dossier dates of a group: from its founding or first date to the date of the latest source
    telling of it (`told`), for it is known to exist as of then; a group with no date of its own has only that."""

    lo: float
    hi: float
    first: DateValue | None
    told: DateValue | None
    founded: bool


def _extent(dossier: Dossier, group: EntityId) -> _Extent | None:
    entity = dossier.entities[group]
    founded = [f.value.date for f in entity.field("founded") if isinstance(f.value, Occurrence) and f.value.date]
    dates = list(founded)
    sources = {c.source for fact in entity.summary for c in fact.cites}
    sources.update(c.source for _, facts in entity.fields for fact in facts for c in fact.cites)
    for link in dossier.links.get(group, ()):
        dates += relation_dates(link.relation)
        sources.update(c.source for c in link.relation.cites)
    dates += [d for event in dossier.timelines.get(group, ()) for d in event_dates(event)]
    told_dates = [d for s in sorted(sources) if (d := dossier.sources[s].date) is not None]
    told = max(told_dates, key=lambda d: date_span(d).hi) if told_dates else None
    ends = dates + ([told] if told else [])
    if not ends:
        return None
    spans = {id(d): date_span(d) for d in ends}
    first = min(founded or dates, key=lambda d: spans[id(d)].lo) if dates else None
    last = max(ends, key=lambda d: spans[id(d)].hi)
    lo = spans[id(first)].lo if first else spans[id(last)].lo
    return _Extent(lo, spans[id(last)].hi, first, told, bool(founded))


def _ref(dossier: Dossier, entity_id: EntityId, anchor: str = "") -> Ref:
    url = entity_url(dossier.kind_of(entity_id), entity_id)
    return Ref(dossier.name_of(entity_id), f"{url}#{anchor}" if anchor else url)


def _crossing(dossier: Dossier, group: EntityId, index: int, link: Link) -> Crossing:
    relation = link.relation
    cite = relation.cites[0] if relation.cites else None
    source = ""
    if cite:
        sentence = cite.sentences[0] if cite.sentences else 0
        source = f"{entity_url('source', cite.source)}#s-{sentence}"
    ending = ending_of(link.statement, dossier.statements)
    dates = when(relation)
    if ending is not None:  # the end, a statement of its own: whose word it rests on, beside it
        end = qualifier_words(ending)
        start = when(relation, ending=False)
        dates = f"{start}; {ending_when(relation)}" if start else ending_when(relation)
        dates += f" ({end})" if end else ""
    return Crossing(dates, _ref(dossier, group), link.label, _ref(dossier, link.other),
                    family_of(link).name, _ref(dossier, group, relation_anchor(index)).url, source,
                    cite.words if cite else "", relation.editorial or "", qualifier_words(link.statement))


def _people(dossier: Dossier, group: EntityId) -> list[tuple[int, Link]]:
    """The people under a group: leaders, founders, then members; the dated first, in date order."""
    people = [(i, link) for i, link in enumerate(dossier.links.get(group, ()))
              if link.inverse and link.relation.type in _ROLE_ORDER and dossier.kind_of(link.other) == "person"]
    return sorted(people, key=lambda p: (_ROLE_ORDER[p[1].relation.type], p[1].relation.first_date is None,
                                         p[1].relation.first_date.sort_key if p[1].relation.first_date else (),
                                         p[1].other))


def dossier_map(dossier: Dossier) -> DossierMap:
    groups = chosen_groups(dossier)
    extents = {g: extent for g in groups if (extent := _extent(dossier, g))}
    dated = sorted(extents, key=lambda g: (extents[g].lo, dossier.name_of(g).casefold(), g))
    undated_groups = tuple(_ref(dossier, g) for g in sorted(groups, key=lambda g: dossier.name_of(g).casefold())
                           if g not in extents)
    crossings: list[tuple[EntityId, int, Link]] = []
    undated: list[tuple[EntityId, int, Link]] = []
    for group in dated:
        for index, link in enumerate(dossier.links.get(group, ())):
            if not link.inverse and link.other in extents:
                (crossings if link.relation.first_date else undated).append((group, index, link))
    crossings.sort(key=_crossing_order)
    spans = [date_span(d) for g in dated for d in (extents[g].first, extents[g].told) if d is not None]
    spans += [date_span(d) for _, _, link in crossings for d in relation_dates(link.relation)]
    for group in dated:  # the people drawn under each group: their dates, and their sources' (see `told_on`)
        for _, link in _people(dossier, group)[:PEOPLE_PER_GROUP]:
            told = told_on(dossier, link.relation)
            spans += [date_span(d) for d in (*relation_dates(link.relation), *([told] if told else []))]
    scale = time_scale(spans)
    lifelines = []
    for group in dated:
        people = _people(dossier, group)
        lifelines.append(Lifeline(_ref(dossier, group), _span_words(extents[group]),
                                  tuple((_ref(dossier, link.other), _part(link, dossier.statements))
                                        for _, link in people),
                                  max(0, len(people) - PEOPLE_PER_GROUP)))
    all_groups = len(dossier.kinds.get("group", ()))
    return DossierMap(_draw(dossier, scale, dated, extents, crossings) if scale else None,
                      scale.description if scale else "", all_groups, len(groups) < all_groups,
                      tuple(lifelines), undated_groups,
                      tuple(_crossing(dossier, g, i, link) for g, i, link in crossings),
                      tuple(_crossing(dossier, g, i, link) for g, i, link in undated),
                      tuple((f.name, f.title) for f in FAMILIES.values()
                            if any(family_of(link) is f for _, _, link in crossings)),
                      mark_kinds(with_endings([*(link.statement for _, _, link in crossings),
                                               *(link.statement for g in dated
                                                 for _, link in _people(dossier, g)[:PEOPLE_PER_GROUP])],
                                              dossier.statements)),
                      bool(scale and scale.breaks()),
                      any(link.relation.type in ENDS or not link.relation.start for _, _, link in crossings),
                      scale)


STAGGER = 5
"""Crossings at nearly the same place stand this many pixels apart, each still at its date."""
CLOSE = 0.015
"""Crossings closer than this (a fraction of the width) whose lines overlap are staggered."""
PHONE_PX = 350
"""The width the drawing is fitted to (a phone's column), in pixels: names keep left of the first crossing."""
NAME_PX, PERSON_PX = 7.4, 6.3
"""The width of a character of a group's name and of a person's line, in pixels, a little over."""
MIN_CHARS = 14
ENDS = frozenset({"split-from"})
"""Relations that end another: drawn broken, and ending in a bar, so that a split never reads as an alliance."""


def _staggered(scale: TimeScale, crossings: list[tuple[EntityId, int, Link]], rows: dict[EntityId, int]) -> list[int]:
    """How many pixels each crossing (in date order) stands right of its date: 0, or a few where another near
    it, over the same rows, would cover it."""
    placed: list[tuple[float, int, int, int]] = []  # x, top row, bottom row, shift
    for subject, _, link in crossings:
        x = _crossing_x(scale, link)
        top, bottom = sorted((rows[subject], rows[link.other]))
        taken = {shift for px, t, b, shift in placed if abs(px - x) < CLOSE and t <= bottom and top <= b}
        placed.append((x, top, bottom, next(k * STAGGER for k in range(len(placed) + 1) if k * STAGGER not in taken)))
    return [shift for *_, shift in placed]


def _crossing_x(scale: TimeScale, link: Link) -> float:
    """Where a relation crosses: at its one date, its start, or (known only by its end) its end."""
    first = link.relation.first_date
    assert first is not None
    span = date_span(first)
    return scale.x((span.lo + span.hi) / 2)


def _crossing_order(crossing: tuple[EntityId, int, Link]) -> tuple[tuple[int, int, int, int], str, int]:
    first = crossing[2].relation.first_date
    return (first.sort_key if first else (0, 0, 0, 0), crossing[0], crossing[1])


def _part(link: Link, statements: Mapping[str, Statement]) -> str:
    """A person's part in a group, from the group's side, with its marks and its end's: 'leader, from 2012;
    unknown since 11 Dec 2015?', 'member, as of c. 2000? · per Viktor Mikhailov'."""
    part = {"leader-of": "leader", "founder-of": "founder", "member-of": "member"}[link.relation.type]
    date = when_marked(link.relation, link.statement, statements)
    return f"{part}, {date}" if date else part


def qualifier_words(statement: Statement | None) -> str:
    """A statement's qualifiers and grade in words, as the map's table gives them beside each relation."""
    if statement is None:
        return ""
    words = [w for w in statement.qualifiers.words if w != "editorial"]  # the table says editorial itself
    if statement.qualifiers.grade:
        words.append(f"graded {statement.qualifiers.grade}")
    return "; ".join(words)


def _span_words(extent: _Extent) -> str:
    if extent.first is None:
        start = "no date of its own"
    else:
        start = f"founded {short_date(extent.first)}" if extent.founded else f"first dated {short_date(extent.first)}"
    end = f"its latest source tells of it as of {short_date(extent.told)}" if extent.told else "no dated source"
    return f"{start}; {end}"


def _draw(dossier: Dossier, scale: TimeScale, dated: list[EntityId], extents: dict[EntityId, _Extent],
          crossings: list[tuple[EntityId, int, Link]]) -> Markup:
    parts: list[str] = []
    line_y: dict[EntityId, int] = {}
    rows: dict[EntityId, int] = {}
    y = AXIS_HEIGHT + 4
    left = pct(0.0)
    first_x = min((_crossing_x(scale, link) for _, _, link in crossings), default=1.0)
    room = first_x * PHONE_PX - 10  # names and people's lines keep left of the first crossing
    name_chars = max(MIN_CHARS, min(NAME_CHARS, int(room / NAME_PX)))
    person_chars = max(MIN_CHARS, min(NAME_CHARS, int(room / PERSON_PX)))
    for number, group_id in enumerate(dated):
        rows[group_id] = number
        extent = extents[group_id]
        page = entity_url("group", group_id)
        names = wrap(dossier.name_of(group_id), name_chars)
        target = svg.hit("0", num(y), num(max(svg.TARGET, max(map(len, names)) * NAME_PX)),
                         num(max(svg.TARGET, NAME_ROW * len(names))))  # over its bar's row, which links nowhere
        row = [svg.link(page, "".join(text(left, num(y + 12 + k * NAME_ROW), name, "life-name")
                                      for k, name in enumerate(names)) + target)]
        y += NAME_ROW * len(names)
        middle = y + LINE_ROW // 2
        line_y[group_id] = middle
        x0, x1 = scale.x(extent.lo), scale.x(extent.hi)
        if extent.first is not None:
            row.append(rect(pct(x0), num(middle - 4), pct(max(x1 - x0, 0.004)), "8", "lifeline"))
        if extent.founded:
            row.append(at(pct(x0), num(middle), path("M0 -7V7", "founding")))
        else:  # it existed before its first date in the dossier, since a time the dossier does not give
            row.append(at(pct(x0), num(middle), path("M-16 0H0", "life-before")))
        if extent.told:  # as of its latest source: the dossier says nothing after
            row.append(at(pct(x1), num(middle), path("M0 -7V7M0 0H4", "life-asof")))
        y += LINE_ROW
        for index, link in _people(dossier, group_id)[:PEOPLE_PER_GROUP]:
            relation = link.relation
            row_top = y - 3
            words = label_lines(dossier.name_of(link.other), _part(link, dossier.statements), person_chars)
            label = "".join(text(pct(0.01), num(y + 8 + k * LINE_ROW), one, "life-person")
                            for k, one in enumerate(words))
            y += LINE_ROW * (len(words) - 1)  # the mark under the label's last line
            shape = ""
            told = told_on(dossier, relation)
            if relation.on or relation.as_of:
                shape = date_mark(scale, relation.on or relation.as_of, y + 11, 6)  # type: ignore[arg-type]
            elif relation.first_date:
                shape = period_bar(scale, relation.period.start, relation.period.end or relation.unknown_since,
                                   relation.period.ongoing, y + 11, 6, date_span(told).hi if told else extent.hi)
            target = svg.hit("0", num(row_top), "100%", num(y + PERSON_ROW - 3 - row_top))  # the whole row
            row.append(svg.link(f"{page}#{relation_anchor(index)}", label + shape + target))
            y += PERSON_ROW
        parts.append(svg.group("".join(row), "life"))
        y += GAP
    height = y + AXIS_HEIGHT
    marks = []
    for (subject, index, link), shift in zip(crossings, _staggered(scale, crossings, rows), strict=True):
        x = pct(_crossing_x(scale, link))
        y1, y2 = line_y[subject], line_y[link.other]
        down = y2 > y1
        ends = link.relation.type in ENDS
        inferred = date_span(link.relation.first_date).inferred  # type: ignore[arg-type]  # hollow, as timelines draw it
        known_by_end = not link.relation.start and link.relation.period.end is not None
        head = ("M-6 0H6" if ends or known_by_end else
                "M-5 -8L0 0L5 -8Z" if down else "M-5 8L0 0L5 8Z")
        tip = y2 - (6 if down else -6) if not (ends or known_by_end) else y2
        body = (line(num(shift), "0", num(shift), num(tip - y1), "edge" + (" broken" if ends else ""))
                + circle(num(shift), "0", "4", "cross-dot" + (" inferred" if inferred else ""))
                + f'<g transform="translate({num(shift)} {num(y2 - y1)})">'
                + path(head, "cross-end" if ends or known_by_end else "cross-arrow") + "</g>")
        if known_by_end:  # its start not given: a mark of its own, before it
            body += path(f"M{num(shift - 18)} 0H{num(shift - 6)}", "lead-in") + text(num(shift - 26), "4", "?",
                                                                                   "start-unknown")
        reach = y2 - y1
        body += svg.hit(num(shift - svg.TARGET / 2), num(min(0, reach)), str(svg.TARGET), num(abs(reach)))
        shape = at(x, num(y1), body)
        title = (f"{dossier.name_of(subject)} {link.label} {dossier.name_of(link.other)}, "
                 f"{when_marked(link.relation, link.statement, dossier.statements)}")
        cites = link.relation.cites
        if cites:  # the citation, as the table beside the map links it
            title += f": \u201c{clip(cites[0].words, 160)}\u201d ({dossier.sources[cites[0].source].title})"
        elif link.relation.editorial:
            title += f" (editorial: {clip(link.relation.editorial, 160)})"
        marks.append(svg.group(svg.link(f"{entity_url('group', subject)}#{relation_anchor(index)}", shape, title),
                               f"f-{family_of(link).name}"))
    body = axis(scale, height - AXIS_HEIGHT, below=True) + "".join(parts) + "".join(marks)
    return drawing("lifelines", height, body)
