"""Network: groups and people as nodes, their relations as lines, laid out at build time.

Takes the linked dossier and an entity's id (its neighbourhood: the records it is
related to, and theirs, two steps, capped) or nothing (the whole dossier, capped);
gives `Network`: the SVG, and what its caption and legend say of it, or None when
there is nothing to draw.

The layout is made for a column as narrow as a phone, and so that no line ever
crosses a name: the records stand in two columns with their names on the outer
side (the entity's direct relations on the left, the second step on the right; for
the whole dossier, groups on the left and people on the right), and every line runs
in the band between the columns: straight from one column to the other, bowed into
the band within a column. The entity itself stands at the top of the band. A record
on the right stands level with the records it is related to on the left where there
is room, so lines run short and cross little. It is a fixed construction, no
iteration and no randomness: the same dossier gives the same bytes, at a cost of
one pass over the links of the records drawn (at most `NEAR_CAP` + `FAR_CAP` of
them, or `WHOLE_CAP` for the whole dossier).

Lines are styled by family of relation (the theme's classes f-<family>); a split is
drawn as a broken line, so that it never reads as the alliance it ended. A line whose
statement is less than sure carries its marks at its middle ('c.', '?', 'ed.', 'per'),
the signs the other drawings' labels give. Every node
links to its profile; every line links to its relation on its subject's profile and
is titled with its wording, its date and its statement's marks (`words`), as the
other drawings give them.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

from markupsafe import Markup

from ..core.model import Dossier, EntityId, Link
from ..core.schema import FAMILIES
from ..core.statement import NO_QUALIFIERS, Statement
from ..core.urls import entity_url, relative
from ..link.families import family_of, relation_anchor
from . import svg
from .svg import circle, num, path, rect, text
from .words import mark_kinds, when_marked, with_endings, with_marks, wrap

KINDS = ("group", "person")
"""The records a network draws."""
NEAR_CAP, FAR_CAP, PER_NEAR = 14, 10, 3
"""A neighbourhood: at most this many records one step away, this many two steps away, and this many
second-step records through any one first-step record."""
WHOLE_CAP = 48
"""The whole dossier's network: at most this many records (the most related), so that it stays readable."""
BREAKS = frozenset({"split-from"})
"""Relations that end another: drawn broken, so that a split never reads as an alliance."""

WIDTH = 360
"""The drawing's own width, in its units; it is scaled to its column (a phone's column is about this)."""
LEFT_X, RIGHT_X = 134, 226
"""Where the two columns of nodes stand; lines run between them, names outside them."""
NAME_CHARS = 19
SELF_CHARS = 44
"""Characters of a name's line that fit outside a column at the drawing's type size."""
LINE, ROW_GAP, TOP = 13, 17, 44
TARGET = 30
"""A link's least size, in the drawing's units: 24 CSS px (`svg.TARGET`) in a column down to 288 px wide, a
phone's of 320 px; rows of names are as far apart, so that one node's target never covers another's."""
BOW, BOW_MAX, PARALLEL = 10, 40, 7


@dataclass(frozen=True, slots=True)
class Network:
    svg: Markup
    nodes: int
    """Records drawn."""
    edges: int
    """Relations drawn."""
    more: int
    """Records left out by the caps (related, but not drawn)."""
    families: tuple[tuple[str, str], ...]
    """(name, title) of each family drawn, for the legend."""
    breaks: bool
    """Some line is a split, drawn broken."""
    marks: tuple[str, ...] = ()
    """The kinds of mark its relations give (see `words.mark_kinds`), for its legend."""


@dataclass(frozen=True, slots=True)
class _Edge:
    subject: EntityId
    index: int
    link: Link


def neighbourhood(dossier: Dossier, entity_id: EntityId) -> Network | None:
    """The records an entity is related to, and theirs, two steps, capped: the entity at the top."""
    near: dict[EntityId, None] = {}
    more = 0
    for link in dossier.links.get(entity_id, ()):
        other = link.other
        if other == entity_id or other in near or dossier.kind_of(other) not in KINDS:
            continue
        if len(near) < NEAR_CAP:
            near[other] = None
        else:
            more += 1
    if not near:
        return None
    far: dict[EntityId, None] = {}
    for first in near:
        taken = 0
        for link in dossier.links.get(first, ()):
            if taken == PER_NEAR or len(far) == FAR_CAP:
                break
            other = link.other
            if other == entity_id or other in near or other in far or dossier.kind_of(other) not in KINDS:
                continue
            if taken < PER_NEAR and len(far) < FAR_CAP:
                far[other] = None
                taken += 1
    if len(near) > 2 * max(len(far), 1) + 2:  # a lopsided drawing: share the first step between the columns
        moved = list(near)[(len(near) + len(far)) // 2:]
        left, right = [n for n in near if n not in moved], [*moved, *far]
    else:
        left, right = list(near), list(far)
    return _draw(dossier, entity_id, left, right, more, "network", frozenset(far))


def whole_network(dossier: Dossier) -> Network | None:
    """Every group (left) and person (right) with a relation, or the `WHOLE_CAP` most related of them."""
    related = [e for kind in KINDS for e in dossier.kinds.get(kind, ()) if dossier.links.get(e)]
    if not related:
        return None
    chosen = set(related)
    if len(related) > WHOLE_CAP:
        chosen = set(heapq.nsmallest(WHOLE_CAP, related, key=lambda e: (-len(dossier.links.get(e, ())), e)))
    left = _near_first(dossier, [e for e in dossier.kinds.get("group", ()) if e in chosen])
    right = [e for e in dossier.kinds.get("person", ()) if e in chosen]
    return _draw(dossier, None, left, right, len(related) - len(chosen), "network whole-network")


def _near_first(dossier: Dossier, column: list[EntityId]) -> list[EntityId]:
    """A column's records in an order that keeps related records near each other (so that the lines
    bowed within the column run short): breadth first from the most related, the more related first."""
    members = set(column)
    degree = {e: len(dossier.links.get(e, ())) for e in column}
    by_rank = sorted(column, key=lambda e: (-degree[e], dossier.name_of(e).casefold(), e))
    order: dict[EntityId, None] = {}
    for start in by_rank:
        if start in order:
            continue
        queue = [start]
        order[start] = None
        while queue:
            current = queue.pop(0)
            nexts = {link.other for link in dossier.links.get(current, ()) if link.other in members}
            for other in sorted(nexts - order.keys(), key=lambda e: (-degree[e], dossier.name_of(e).casefold(), e)):
                order[other] = None
                queue.append(other)
    return list(order)


def _edges(dossier: Dossier, drawn: set[EntityId]) -> list[_Edge]:
    """Every relation between two records drawn, once (from its subject's side), in a fixed order."""
    edges = []
    for subject in sorted(drawn):
        for index, link in enumerate(dossier.links.get(subject, ())):
            if not link.inverse and link.other in drawn and link.other != subject:
                edges.append(_Edge(subject, index, link))
    return edges


def _draw(dossier: Dossier, centre: EntityId | None, left: list[EntityId], right: list[EntityId],
          more: int, cls: str, far: frozenset[EntityId] = frozenset()) -> Network:
    """The drawing; `far`: the records two steps away, whose names are drawn grey."""
    page = entity_url(dossier.kind_of(centre), centre) if centre else "index.html"
    drawn = {*left, *right, *([centre] if centre else [])}
    edges = _edges(dossier, drawn)
    names = {e: wrap(dossier.name_of(e), NAME_CHARS) for e in drawn}
    place: dict[EntityId, tuple[float, float]] = {}
    top = TOP if centre else 12
    if centre:
        place[centre] = (WIDTH / 2, 30)
    y = float(top)
    for entity in left:
        place[entity] = (LEFT_X, y + 6)
        y += LINE * len(names[entity]) + ROW_GAP
    bottom = y
    # The right column: each record level with those it is related to on the left, where there is room.
    partners: dict[EntityId, list[float]] = {e: [] for e in right}
    for edge in edges:
        for a, b in ((edge.subject, edge.link.other), (edge.link.other, edge.subject)):
            if a in partners and b in place and b != centre:
                partners[a].append(place[b][1])
    wanted = {e: (sum(ys) / len(ys) if ys else float("inf")) for e, ys in partners.items()}
    y = float(top)
    for entity in sorted(right, key=lambda e: (wanted[e], right.index(e))):
        at_y = max(y + 6, wanted[entity]) if wanted[entity] != float("inf") else y + 6
        place[entity] = (RIGHT_X, at_y)
        y = at_y - 6 + LINE * len(names[entity]) + ROW_GAP
    height = max(bottom, y) + 4
    parts: list[str] = []
    seen: dict[tuple[EntityId, EntityId], int] = {}
    used_families: dict[str, str] = {}
    breaks = False
    tabs: list[_Box] = [(x - 8, y - 8, x + 8, y + 8) for x, y in place.values()]  # clear of the nodes
    on_top: list[str] = []
    for edge in edges:
        pair = (min(edge.subject, edge.link.other), max(edge.subject, edge.link.other))
        nth = seen[pair] = seen.get(pair, -1) + 1
        family = family_of(edge.link)
        used_families[family.name] = family.title
        broken = edge.link.relation.type in BREAKS
        breaks |= broken
        curve, control = _curve(place[edge.subject], place[edge.link.other], nth)
        statement = edge.link.statement
        marks, tab = ("", (0.0, 0.0)) if statement is None or (  # the usual line: sure, with no end given
            statement.qualifiers is NO_QUALIFIERS and edge.link.relation.ended is None) else _certainty(
            control, with_endings([statement], dossier.statements), tabs)
        shape = path(curve, "edge" + (" broken" if broken else "")) + _target(_point(control, 0.5))
        subject_page = entity_url(dossier.kind_of(edge.subject), edge.subject)
        anchor = f"#{relation_anchor(edge.index)}"
        href = anchor if edge.subject == centre else relative(subject_page, page) + anchor
        date = when_marked(edge.link.relation, edge.link.statement, dossier.statements)
        words = f"{dossier.name_of(edge.subject)} {edge.link.label} {dossier.name_of(edge.link.other)}"
        title = f"{words}, {date}" if date else with_marks(words, edge.link.statement)
        parts.append(svg.group(svg.link(href, shape, title), f"f-{family.name}"))
        if marks:  # over every line, a target of the same link
            on_top.append(svg.group(svg.link(href, marks + _target(tab), title), f"f-{family.name}"))
    parts += on_top
    nodes = []
    for entity, (x, y0) in place.items():
        kind = dossier.kind_of(entity)
        own = entity == centre
        mark = _node(x, y0, kind, "self" if own else "node")
        if own:
            label = text(num(x), "14", wrap(dossier.name_of(entity), SELF_CHARS, lines=1)[0], "net-self")
            nodes.append(svg.group(mark + label, "net-node"))
            continue
        side = ("net-name net-left" if x == LEFT_X else "net-name net-right") + (" net-far" if entity in far else "")
        label_x = num(x - 9 if x == LEFT_X else x + 9)
        label = "".join(text(label_x, num(y0 + 4 + k * LINE), line, side) for k, line in enumerate(names[entity]))
        inner = x + TARGET / 2 if x == LEFT_X else x - TARGET / 2  # the node and its name, to the drawing's edge
        target = svg.hit("0" if x == LEFT_X else num(inner), num(y0 - TARGET / 2),
                         num(inner if x == LEFT_X else WIDTH - inner), num(TARGET + LINE * (len(names[entity]) - 1)))
        nodes.append(svg.link(relative(entity_url(kind, entity), page), mark + label + target))
    body = "".join(parts) + "".join(nodes)
    picture = Markup(f'<svg class="drawing {cls}" viewBox="0 0 {WIDTH} {num(height)}" width="100%" '
                     f'aria-hidden="true" focusable="false">{body}</svg>')
    families = tuple((name, FAMILIES[name].title) for name in FAMILIES if name in used_families)
    return Network(picture, len(place), len(edges), more, families, breaks,
                   mark_kinds(with_endings((edge.link.statement for edge in edges), dossier.statements)))


Point = tuple[float, float]
Curve = tuple[Point, Point, Point]
"""A quadratic curve's start, control point and end (a straight line's control point is its middle)."""


def _curve(a: Point, b: Point, nth: int) -> tuple[str, Curve]:
    """A line from a to b in the band between the columns: straight across it (bowed a little for a second
    relation between the same two), or bowed into it between two records of one column."""
    (x1, y1), (x2, y2) = a, b
    if x1 != x2:
        if not nth:
            return f"M{num(x1)} {num(y1)}L{num(x2)} {num(y2)}", (a, ((x1 + x2) / 2, (y1 + y2) / 2), b)
        mx, my = (x1 + x2) / 2, (y1 + y2) / 2 + (PARALLEL * ((nth + 1) // 2) * (1 if nth % 2 else -1))
    else:
        inward = 1 if x1 == LEFT_X else -1
        bow = min(BOW_MAX, BOW + abs(y2 - y1) * 0.2) + PARALLEL * nth
        mx, my = x1 + inward * bow * 2, (y1 + y2) / 2
    return f"M{num(x1)} {num(y1)}Q{num(mx)} {num(my)} {num(x2)} {num(y2)}", (a, (mx, my), b)


_SIZE = str(TARGET)


def _target(at: Point) -> str:
    return svg.hit(num(at[0] - TARGET / 2), num(at[1] - TARGET / 2), _SIZE, _SIZE)


def _point(curve: Curve, t: float) -> Point:
    (x0, y0), (x1, y1), (x2, y2) = curve
    u = 1 - t
    return u * u * x0 + 2 * u * t * x1 + t * t * x2, u * u * y0 + 2 * u * t * y1 + t * t * y2


CERTAINTY_KINDS = ("c.", "?", "est.", "ed.", "per", "disputed")
"""The marks a line carries: how sure its statement is, the signs every drawing's labels give and its
legend explains (`words.MARK_KINDS`; the grade is left to the title and the list)."""
MARK_PX, MARK_HEIGHT = 5.2, 13
"""The width of a character of a line's marks, in the drawing's units, at their type size (a little over),
and the height of their tab."""
ALONG = (0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78)
"""Where along its line a tab of marks may stand, in order of preference: the middle first."""
_Box = tuple[float, float, float, float]


def _certainty(curve: Curve, statements: list[Statement | None], tabs: list[_Box]) -> tuple[str, Point]:
    """A line's marks ('c. ? per': its statement's and its end's) on a white tab in its family's colour, where
    its statement is less than sure: a network has no room for labels, and its lines no dash left to give (their
    families have them). The tab stands at the line's middle, or the nearest point along it clear of the tabs
    already drawn (`tabs`, to which it is added); gives the markup and where it stands (the line's middle
    without marks)."""
    kinds = [kind for kind in mark_kinds(statements) if kind in CERTAINTY_KINDS]
    if not kinds:
        return "", _point(curve, 0.5)
    words = " ".join(kinds)
    width = len(words) * MARK_PX + 6
    boxes = []
    for t in ALONG:
        x, y = _point(curve, t)
        boxes.append((x - width / 2, y - MARK_HEIGHT / 2, x + width / 2, y + MARK_HEIGHT / 2))
    box = min(boxes, key=lambda b: sum(_overlap(b, other) for other in tabs))  # the first clear, or the least covered
    tabs.append(box)
    x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return (f'<g class="net-marks"><rect x="{num(box[0])}" y="{num(box[1])}" width="{num(width)}" '
            f'height="{MARK_HEIGHT}" rx="3" fill="#fff"/>{text(num(x), num(y + 3.5), words, "net-mark")}</g>'), (x, y)


def _overlap(a: _Box, b: _Box) -> float:
    """How much of two boxes, each with a unit's margin, lies over the other (0 when they are apart)."""
    wide = min(a[2], b[2]) - max(a[0], b[0]) + 2
    tall = min(a[3], b[3]) - max(a[1], b[1]) + 2
    return wide * tall if wide > 0 and tall > 0 else 0.0


def _node(x: float, y: float, kind: str, cls: str) -> str:
    """A record's mark: a square for a group, a circle for a person (as the relationship map drew them)."""
    if kind == "group":
        return rect(num(x - 5), num(y - 5), "10", "10", f"{cls} kind-group")
    return circle(num(x), num(y), "5.5", f"{cls} kind-{kind}")

