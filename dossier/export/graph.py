"""Graph: the relation graph as GraphML, for Gephi, Neo4j (APOC's `apoc.import.graphml`) and networkx.

Nodes are the groups, people and places, with their kind, name and page; edges are the
relations, directed from the record they are written on, with their type, wording, role,
period, sums and sources, and their statement's qualifiers and grade (a relation whose
target sources dispute is an edge to each, with the same id but for a `.target-<n>`).
Each node's `labels` (':Person') and each edge's `label` ('LEADER_OF')
are what APOC's `readLabels` option turns into Neo4j labels and relationship types; Gephi
shows `label` as well. Content is escaped as XML text and attributes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from xml.sax.saxutils import quoteattr

from ..core.dates import DateValue
from ..core.kinds import BY_NAME
from ..core.model import Dossier, Relation
from ..core.schema import RELATION_TYPES
from ..core.statement import Statement
from ..core.urls import entity_url
from .ftmrelations import relation_schema
from .ftmvalues import relation_id
from .lines import Chunks, encoded_lines
from .tables import under

NODE_KEYS = (("labels", "the Neo4j label: :Group, :Person or :Place"), ("kind", "group, person or place"),
             ("name", "the record's name"), ("page", "its profile page, from the site root"))
EDGE_KEYS = (("label", "the relation type as a Neo4j relationship type, e.g. LEADER_OF"),
             ("type", "the relation type, e.g. leader-of"), ("wording", "e.g. 'leader of'"),
             ("role", "the title held"), ("start", "when it began (YYYY, YYYY-MM or YYYY-MM-DD)"),
             ("end", "when it ended"), ("ongoing", "true if it holds to the present"),
             ("as_of", "a date it held at, where neither its start nor its end is given"),
             ("unknown_since", "the date since which its state is unknown (it does not run on)"),
             ("amount", "a sum of money; several values sources dispute separated by ' | ', never a sum"),
             ("currency", "the amount's ISO 4217 code"), ("share", "a share in percent"),
             ("sources", "the ids of the sources cited, separated by ' | '"),
             ("according_to", "the id of the person or group the source attributes it to"),
             ("qualifiers", "what qualifies it, in words: estimate, approximate, inferred, editorial, "
                            "according to whom, what sources differ on"),
             ("grade", "its grade: sources' reliability (A-F), then its credibility (1-6)"),
             ("statement", "the relation in words with its qualifiers, as the site says it"),
             ("disputed", "each value sources give for a disputed part, in words with its qualifiers and grade"),
             ("ended", "how it is known to end, in words with its qualifiers and grade"),
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


_ATTRIBUTE_ESCAPED = re.compile('[&<>"\t\n\r]')
"""What `quoteattr` escapes or quotes otherwise; ids hold none of it."""


def _attribute(value: str) -> str:
    """`quoteattr(value)`, quicker for a value it would write as it is, between double quotes."""
    return f'"{value}"' if _ATTRIBUTE_ESCAPED.search(value) is None else quoteattr(value)


def _values(relation: Relation, part: str, given: object) -> str:
    """A part's value, or each value its sources give, separated by ' | '."""
    if not relation.disputed:
        return (given.iso if given.year is not None else "") if isinstance(given, DateValue) else str(given or "")
    alternatives = relation.alternatives(part)
    values = [f.value for f in alternatives] if alternatives else ([given] if given else [])
    return " | ".join(v.iso if isinstance(v, DateValue) else str(v) for v in values
                      if not isinstance(v, DateValue) or v.year is not None)


def _edge_cells(relation: Relation, statement: Statement) -> tuple[tuple[str, str], ...]:
    q = statement.qualifiers
    single = relation.on or relation.alternatives("on")
    return (("label", relation.type.upper().replace("-", "_")), ("type", relation.type),
            ("wording", RELATION_TYPES[relation.type].forward), ("role", relation.role or ""),
            ("start", _values(relation, "on", relation.on) if single else
             _values(relation, "from", relation.period.start)),
            ("end", _values(relation, "on", relation.on) if single else _values(relation, "to", relation.period.end)),
            ("ongoing", "true" if relation.period.ongoing else ""),
            ("as_of", _values(relation, "as_of", relation.as_of)),
            ("unknown_since", relation.unknown_since.iso if relation.unknown_since else ""),
            ("amount", _values(relation, "amount", relation.amount)), ("currency", relation.currency or ""),
            ("share", _values(relation, "share", relation.share)),
            ("sources", " | ".join(dict.fromkeys(c.source for c in relation.cites))),
            ("according_to", q.according_to or q.outlet or ""), ("qualifiers", "; ".join(q.words)), ("grade", q.grade),
            ("statement", statement.qualified_sentence))


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
        yield (f'    <node id={_attribute(entity.id)}>{_data("labels", ":" + BY_NAME[entity.kind].label)}'
               f'{_data("kind", entity.kind)}{_data("name", entity.name)}'
               f'{_data("page", entity_url(entity.kind, entity.id))}</node>')
    for entity in dossier.entities.values():
        for number, relation in enumerate(entity.relations, 1):
            statement = dossier.statements[relation_id(entity.id, number)]
            cells = _edge_cells(relation, statement) + (
                ("disputed", under(dossier, statement, "part")), ("ended", under(dossier, statement, "ending")),
                ("ftm_schema", relation_schema(relation.type)[0]))
            data = "".join([f'<data key="{key}">{_text(value)}</data>' for key, value in cells if value])
            targets = relation.targets
            for k, target in enumerate(targets, 1):  # a disputed target: an edge to each, one relation
                edge_id = statement.id if len(targets) == 1 else f"{statement.id}.target-{k}"
                yield (f'    <edge id={_attribute(edge_id)} source={_attribute(relation.subject)} '
                       f'target={_attribute(target)}>' + data + "</edge>")
    yield "  </graph>"
    yield "</graphml>"
