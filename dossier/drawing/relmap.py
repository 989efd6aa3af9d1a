"""Relmap: a profile's relationship map, the entity and every record it is directly related to.

Takes the linked dossier and an entity's id; gives the SVG of its map, or None when
it has no relations. Rather than a hairball, the map is a tree that reads top to
bottom: the entity, then one branch per family of relation (colour and line style
by family, in the profile's order), and on each branch the other records, each
named once with every relation it has with the entity, their dates and the marks of
their qualifiers (whose claim, how sure, the grade: see `words`). It grows
down, not out, so it stays readable at forty relations and more, in a column as
narrow as a phone; a family with very many records shows the first `MAX_PER_FAMILY`
and links to the rest in the profile's list. Every record links to its page; the
timeline beside the map links each dated relation to its entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from markupsafe import Markup

from ..core.model import Dossier, EntityId, Link
from ..core.statement import NO_QUALIFIERS, Statement
from ..core.urls import entity_url, relative
from ..link.families import by_family
from . import svg
from .svg import circle, drawing, esc, group, line, num, path, rect, text
from .words import clip, ending_of, mark_kinds, pack, pieces, when, when_marked, wrap

MAX_PER_FAMILY = 12
NAME_CHARS = 34
DETAIL_CHARS = 44
"""Characters of a name and of a line of relations that fit beside a node in a 20rem column."""
TRUNK, BRANCH, NODE, TEXT = 8, 22, 42, 54
"""The x (pixels) of the entity's trunk, of each family's branch, of the nodes and of their names."""
HEAD, FAMILY_ROW, NAME_ROW, DETAIL_ROW, GAP = 24, 26, 16, 14, 7


@dataclass(frozen=True, slots=True)
class RelationMap:
    svg: Markup
    families: tuple[tuple[str, str], ...]
    """(name, title) of each family drawn, for the legend."""
    others: int
    """How many records the entity is related to (a family with very many shows some)."""
    marks: tuple[str, ...] = ()
    """The kinds of mark its relations give (see `words.mark_kinds`), for its legend."""


def relation_map(dossier: Dossier, entity_id: EntityId) -> RelationMap | None:
    links = dossier.links.get(entity_id, ())
    if not links:
        return None
    entity = dossier.entities[entity_id]
    page = entity_url(entity.kind, entity.id)
    parts = [_node(TRUNK, HEAD // 2, entity.kind, "self"),
             text(num(TRUNK + 12), num(HEAD // 2 + 5), clip(entity.name, NAME_CHARS + 4), "map-self")]
    y = HEAD
    last_branch_y = y
    families = []
    node_left = num(NODE - 6)
    for family_links in by_family(links):
        family = family_links.family
        families.append((family.name, family.title))
        others: dict[EntityId, list[tuple[int, Link]]] = {}
        for index, link in family_links.links:
            others.setdefault(link.other, []).append((index, link))
        title_y = y + FAMILY_ROW - 8
        last_branch_y = title_y - 4
        edges = [f"M{TRUNK} {last_branch_y}H{BRANCH}"]
        body = [text(num(BRANCH + 6), num(title_y), f"{family.title} ({len(family_links.links)})", "family-title")]
        y += FAMILY_ROW
        node_y = last_branch_y
        for count, (other, rels) in enumerate(others.items()):
            if count == MAX_PER_FAMILY:
                rest = len(others) - MAX_PER_FAMILY
                body.append(svg.link(f"#rel-{family.name}", text(
                    node_left, num(y + 12), f"and {rest} more, in the list of relations", "map-more")))
                y += NAME_ROW + GAP
                break
            node_y = y + NAME_ROW // 2 + 1
            kind = dossier.kind_of(other)
            names = wrap(dossier.name_of(other), NAME_CHARS)
            edges.append(f"M{BRANCH} {node_y}H{NODE - 6}")
            block = [svg.link(relative(entity_url(kind, other), page), _node(NODE, node_y, kind, "node") + "".join(
                text(num(TEXT), num(node_y + 5 + k * NAME_ROW), name, "map-name") for k, name in enumerate(names)))]
            y += NAME_ROW * len(names)
            for detail in _detail_lines(rels, dossier.statements):
                block.append(f'<text x="{TEXT}" y="{num(y + 10)}" class="map-detail">{detail}</text>')
                y += DETAIL_ROW
            body.append(group("".join(block), "map-other"))  # a record and the lines of its relations
            y += GAP
        edges.append(f"M{BRANCH} {last_branch_y}V{node_y}")
        body.insert(0, path("".join(edges), "edge"))
        parts.append(group("".join(body), f"f-{family.name}"))
    parts.insert(0, line(num(TRUNK), num(HEAD // 2), num(TRUNK), num(last_branch_y), "trunk"))
    return RelationMap(drawing("relmap", y + 2, "".join(parts)), tuple(families), len({link.other for link in links}),
                       mark_kinds(link.statement for link in links))


def _detail_lines(rels: list[tuple[int, Link]], statements: Mapping[str, Statement]) -> list[str]:
    """Each relation with a record and its marks, 'allied with, until Aug 2015? · per X', in lines of escaped
    text: short ones share a line, separated by '; '; a long one is wrapped, never cut (its marks are its
    qualifiers)."""
    lines: list[tuple[str, bool]] = []
    """Each line, and whether it holds whole relations only (so another may join it)."""
    for _, link in rels:
        date = when(link.relation)
        words = f"{link.label}, {date}" if date else link.label
        if ending_of(link.statement, statements) is not None:  # its end a statement of its own, with its marks
            detail = f"{link.label}, {when_marked(link.relation, link.statement, statements)}"
            wrapped = pack(detail.split(" "), DETAIL_CHARS)
        elif (link.statement is None or link.statement.qualifiers is NO_QUALIFIERS
              or not link.statement.qualifiers.marks):
            detail = words  # the usual relation: no marks to keep with it
            wrapped = [words] if len(words) <= DETAIL_CHARS else pack(words.split(" "), DETAIL_CHARS)
        else:
            parts = pieces(words, link.statement)
            detail = " ".join(parts)
            wrapped = pack(parts, DETAIL_CHARS)
        if len(wrapped) == 1 and lines and lines[-1][1] and len(lines[-1][0]) + 2 + len(detail) <= DETAIL_CHARS:
            lines[-1] = (f"{lines[-1][0]}; {detail}", True)
        else:
            lines += [(one, len(wrapped) == 1) for one in wrapped]
    return [esc(one) for one, _ in lines]


def _node(x: int, y: int, kind: str, cls: str) -> str:
    """A record's mark: a square for a group, a circle for a person."""
    if kind == "group":
        return rect(num(x - 5), num(y - 5), "10", "10", f"{cls} kind-group")
    return circle(num(x), num(y), "5.5", f"{cls} kind-{kind}")
