"""Graph: the relation graph as GraphML, for Gephi, Neo4j (APOC's `apoc.import.graphml`) and networkx.

Nodes are the groups, people and places, with their kind, name and page; edges are the
relations, directed from the record they are written on, with their type, wording, role,
period and sources. Each node's `labels` (':Person') and each edge's `label` ('LEADER_OF')
are what APOC's `readLabels` option turns into Neo4j labels and relationship types; Gephi
shows `label` as well. Content is escaped as XML text and attributes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from xml.sax.saxutils import quoteattr

from ..core.kinds import BY_NAME
from ..core.model import Dossier
from ..core.schema import RELATION_TYPES
from ..core.urls import entity_url
from .ftmvalues import relation_id, relation_schema
from .lines import Chunks, encoded_lines

NODE_KEYS = (("labels", "the Neo4j label: :Group, :Person or :Place"), ("kind", "group, person or place"),
             ("name", "the record's name"), ("page", "its profile page, from the site root"))
EDGE_KEYS = (("label", "the relation type as a Neo4j relationship type, e.g. LEADER_OF"),
             ("type", "the relation type, e.g. leader-of"), ("wording", "e.g. 'leader of'"),
             ("role", "the title held"), ("start", "when it began (YYYY, YYYY-MM or YYYY-MM-DD)"),
             ("end", "when it ended"), ("ongoing", "true if it holds to the present"),
             ("sources", "the ids of the sources cited, separated by ' | '"),
             ("ftm_schema", "its FollowTheMoney schema"))
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters XML 1.0 cannot hold (validation refuses them in content already)."""


def _text(value: str) -> str:
    """XML text: &, < and > escaped (as saxutils.escape does, several times faster)."""
    if not value.isprintable():  # a tab or newline, or a character XML cannot hold
        value = _NOT_XML.sub("", value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _data(key: str, value: str) -> str:
    return f'<data key="{key}">{_text(value)}</data>' if value else ""


def relations_graphml(dossier: Dossier) -> Chunks:
    return encoded_lines(_lines(dossier))


def _lines(dossier: Dossier) -> Iterator[str]:
    yield '<?xml version="1.0" encoding="UTF-8"?>'
    yield ('<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
           'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">')
    for domain, keys in (("node", NODE_KEYS), ("edge", EDGE_KEYS)):
        for key, _ in keys:
            kind = "boolean" if key == "ongoing" else "string"
            yield f'  <key id="{key}" for="{domain}" attr.name="{key}" attr.type="{kind}"/>'
    yield '  <graph id="relations" edgedefault="directed">'
    for entity in dossier.entities.values():
        yield (f'    <node id={quoteattr(entity.id)}>{_data("labels", ":" + BY_NAME[entity.kind].label)}'
               f'{_data("kind", entity.kind)}{_data("name", entity.name)}'
               f'{_data("page", entity_url(entity.kind, entity.id))}</node>')
    for entity in dossier.entities.values():
        for number, relation in enumerate(entity.relations, 1):
            period = relation.span
            cells = (("label", relation.type.upper().replace("-", "_")), ("type", relation.type),
                     ("wording", RELATION_TYPES[relation.type].forward), ("role", relation.role or ""),
                     ("start", period.start.iso if period.start and period.start.year else ""),
                     ("end", period.end.iso if period.end and period.end.year else ""),
                     ("ongoing", "true" if period.ongoing else ""),
                     ("sources", " | ".join(dict.fromkeys(c.source for c in relation.cites))),
                     ("ftm_schema", relation_schema(relation.type)[0]))
            yield (f'    <edge id={quoteattr(relation_id(entity.id, number))} '
                   f'source={quoteattr(relation.subject)} target={quoteattr(relation.target)}>'
                   + "".join(_data(key, value) for key, value in cells) + "</edge>")
    yield "  </graph>"
    yield "</graphml>"
