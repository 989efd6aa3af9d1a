"""Relmap: a profile's relationship map, the entity and every record it is directly related to.

Takes the linked dossier and an entity's id; gives the SVG of its map, or None when
it has no relations. Rather than a hairball, the map is a tree that reads top to
bottom: the entity, then one branch per family of relation (colour and line style
by family, in the profile's order), and on each branch the other records, each
named once with every relation it has with the entity and their dates. It grows
down, not out, so it stays readable at forty relations and more, in a column as
narrow as a phone; a family with very many records shows the first `MAX_PER_FAMILY`
and links to the rest in the profile's list. Every record links to its page, every
relation to its place in the profile's list.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..families import by_family, relation_anchor
from ..model import Dossier, EntityId, Link
from ..urls import entity_url, relative
from . import svg
from .lanes import when
from .svg import clip, drawing, element, esc, num, wrap

MAX_PER_FAMILY = 12
NAME_CHARS = 34
DETAIL_CHARS = 44
"""Characters of a name and of a line of relations that fit beside a node in a 20rem column."""
TRUNK, BRANCH, NODE, TEXT = 8, 22, 42, 54
"""The x (pixels) of the entity's trunk, of each family's branch, of the nodes and of their names."""
HEAD, FAMILY_ROW, NAME_ROW, DETAIL_ROW, GAP = 24, 26, 17, 14, 7


@dataclass(frozen=True, slots=True)
class RelationMap:
    svg: Markup
    families: tuple[tuple[str, str], ...]
    """(name, title) of each family drawn, for the legend."""
    others: int
    """How many records the map shows."""


def relation_map(dossier: Dossier, entity_id: EntityId) -> RelationMap | None:
    links = dossier.links.get(entity_id, ())
    if not links:
        return None
    entity = dossier.entities[entity_id]
    page = entity_url(entity.kind, entity.id)
    parts = [_node(TRUNK, HEAD / 2, entity.kind, "self"),
             element("text", esc(clip(entity.name, NAME_CHARS + 4)), x=num(TRUNK + 12), y=num(HEAD / 2 + 5),
                     class_="map-self")]
    y = float(HEAD)
    last_branch_y = y
    families = []
    shown: set[EntityId] = set()
    for group in by_family(links):
        family = group.family
        families.append((family.name, family.title))
        others: dict[EntityId, list[tuple[int, Link]]] = {}
        for index, link in group.links:
            others.setdefault(link.other, []).append((index, link))
        title_y = y + FAMILY_ROW - 8
        body = [element("line", x1=num(TRUNK), y1=num(title_y - 4), x2=num(BRANCH), y2=num(title_y - 4), class_="edge"),
                element("text", esc(f"{family.title} ({len(group.links)})"), x=num(BRANCH + 6), y=num(title_y),
                        class_="family-title")]
        last_branch_y = title_y - 4
        y += FAMILY_ROW
        node_ys = []
        for count, (other, rels) in enumerate(others.items()):
            if count == MAX_PER_FAMILY:
                rest = len(others) - MAX_PER_FAMILY
                body.append(svg.link(f"#rel-{family.name}", element(
                    "text", esc(f"and {rest} more, in the list of relations"), x=num(NODE - 6), y=num(y + 12),
                    class_="map-more"), f"{rest} more {family.title.lower()}: see the list of relations"))
                y += NAME_ROW + GAP
                break
            shown.add(other)
            node_y = y + NAME_ROW / 2 + 1
            node_ys.append(node_y)
            other_url = relative(entity_url(dossier.kind_of(other), other), page)
            name = dossier.name_of(other)
            body.append(element("line", x1=num(BRANCH), y1=num(node_y), x2=num(NODE - 6), y2=num(node_y),
                                class_="edge"))
            name_lines = "".join(element("text", esc(line), x=num(TEXT), y=num(node_y + 4.5 + k * NAME_ROW),
                                         class_="map-name") for k, line in enumerate(wrap(name, NAME_CHARS)))
            body.append(svg.link(other_url, _node(NODE, node_y, dossier.kind_of(other), "node") + name_lines, name))
            y += NAME_ROW * len(wrap(name, NAME_CHARS))
            for line in _detail_lines(rels):
                body.append(element("text", "".join(line), x=num(TEXT), y=num(y + 10), class_="map-detail"))
                y += DETAIL_ROW
            y += GAP
        if node_ys:
            body.insert(0, element("line", x1=num(BRANCH), y1=num(title_y - 4), x2=num(BRANCH),
                                   y2=num(node_ys[-1]), class_="edge"))
        parts.append(element("g", "".join(body), class_=f"f-{family.name}"))
    parts.insert(0, element("line", x1=num(TRUNK), y1=num(HEAD / 2), x2=num(TRUNK), y2=num(last_branch_y),
                            class_="trunk"))
    return RelationMap(drawing("relmap", y + 2, "".join(parts)), tuple(families), len(shown))


def _detail_lines(rels: list[tuple[int, Link]]) -> list[list[str]]:
    """Each relation with a record as a link to its entry, 'allied with, until Aug 2015?', wrapped into lines."""
    lines: list[list[str]] = [[]]
    used = 0
    for index, link in rels:
        date = when(link.relation)
        words = clip(f"{link.label}, {date}" if date else link.label, DETAIL_CHARS)
        separator = "; " if lines[-1] else ""
        if lines[-1] and used + len(separator) + len(words) > DETAIL_CHARS:
            lines.append([])
            used, separator = 0, ""
        piece = f'<a href="#{relation_anchor(index)}" tabindex="-1">{esc(words)}</a>'
        lines[-1].append(esc(separator) + piece)
        used += len(separator) + len(words)
    return lines


def _node(x: float, y: float, kind: str, cls: str) -> str:
    """A record's mark: a square for a group, a circle for a person."""
    if kind == "group":
        return element("rect", x=num(x - 5), y=num(y - 5), width="10", height="10", class_=f"{cls} kind-group")
    return element("circle", cx=num(x), cy=num(y), r="5.5", class_=f"{cls} kind-{kind}")
