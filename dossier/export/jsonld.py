"""JSON-LD: a profile page's schema.org description, for search engines and linked-data tools.

Each profile carries one `<script type="application/ld+json">` block: a `ProfilePage`
whose `mainEntity` is the group (`Organization`), person (`Person`) or place (`Place`),
with its names, summary, dates and places; the records its relations and place fields
name, and the events of its timeline, as nodes of their own (type, name, page); and its
`citation`s: each distinct quote its facts cite, as a `Quotation` with the words, the
anchor of their sentence and the source (`CreativeWork`) they are part of. Ids and URLs
are relative to the page, so the block works offline and wherever the site is put.
Dates are ISO at their precision; schema.org cannot say that a date is approximate or
inferred: the page says it.

The block is data, never run (the pages' Content-Security-Policy allows no inline
script anyway), but an HTML parser ends a script element at `</script` whatever its
type: so every `<`, `>` and `&` in the JSON is written as a \\u escape, and U+2028 and
U+2029 too, which older JavaScript parsers took for line ends.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ..core.model import Citation, Dossier, EntityId, Event, Occurrence
from ..core.reads import Memo
from ..core.schema import KIND_FIELDS
from ..core.urls import entity_url, event_url
from .lines import json_text

TYPES = {"group": "Organization", "person": "Person", "place": "Place"}
ROLE_RELATIONS = {"leader-of": "leader", "member-of": "member"}
"""Relations schema.org says with an OrganizationRole: memberOf from the subject, member from the group."""
FIELD_PROPERTIES = {
    ("person", "born"): ("birthDate", "birthPlace"), ("group", "founded"): ("foundingDate", "foundingLocation"),
    ("person", "based_in"): ("", "homeLocation"), ("group", "area"): ("", "areaServed"),
    ("place", "country"): ("", "containedInPlace"), ("person", "nationality"): ("nationality", ""),
    ("person", "occupation"): ("jobTitle", ""),
}
"""Fields with a schema.org property: (property of its text or date, property of its place)."""
_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"))


def script_safe_json(data: Any) -> str:
    """JSON that cannot end or comment out the script element it is in (nor break a line: `json_text`)."""
    text = json_text(data)
    for char, escaped in _ESCAPES:  # str.replace: several times faster than str.translate with a table
        if char in text:
            text = text.replace(char, escaped)
    return text


class JsonLd:
    """Makes the JSON-LD of one dossier's profiles. The nodes of records, events, sources and
    quotes recur on many pages: each is made and written as JSON once per page depth, and a
    page's block is put together from those texts (what this keeps is only a cache)."""

    def __init__(self, dossier: Dossier):
        self.dossier = dossier
        self._texts: Memo[tuple[str, ...], str] = Memo()
        self._events: Memo[str, dict[EntityId, Event]] = Memo()

    def profile(self, entity_id: EntityId) -> str:
        """The JSON-LD of a profile page, safe to put between <script> tags as it is."""
        dossier = self.dossier
        entity = dossier.entities[entity_id]
        root = "../" * entity_url(entity.kind, entity.id).count("/")
        main, related = self.main(entity_id, root)
        quotes = {(c.source, c.words): c for c in _citations(dossier, entity_id)}
        profile = script_safe_json({"@type": "ProfilePage", "@id": main["url"], "name": entity.name,
                                    "mainEntity": {"@id": main["@id"]}})
        if quotes:
            citations = ",".join(self._quotation(c, root) for c in quotes.values())
            profile = f'{profile[:-1]},"citation":[{citations}]}}'
        nodes = [profile, script_safe_json(main), *(self._text(("record", r, root), self.record, r, root)
                                                    for r in related)]
        nodes += [self._text(("event", e.id, root), self.event, e.id, root)
                  for e in dossier.timelines.get(entity_id, ()) if e.date.year]
        nodes += [self._text(("source", s, root), self.source, s, root) for s in dict.fromkeys(s for s, _ in quotes)]
        return '{"@context":"https://schema.org","@graph":[' + ",".join(nodes) + "]}"

    def main(self, entity_id: EntityId, root: str) -> tuple[dict[str, Any], list[EntityId]]:
        """The profile's own node, and the records it refers to, in the order it first does."""
        dossier = self.dossier
        entity = dossier.entities[entity_id]
        related: dict[EntityId, None] = {}

        def ref(record: EntityId) -> dict[str, str]:
            related[record] = None
            return {"@id": self.record_id(record, root)}

        url = root + entity_url(entity.kind, entity.id)
        main: dict[str, Any] = {"@type": TYPES[entity.kind], "@id": url + "#entity", "name": entity.name, "url": url}
        if entity.aliases:
            main["alternateName"] = [str(a.value) for a in entity.aliases]
        if entity.summary:
            main["description"] = str(entity.summary[0].value)
        for spec in KIND_FIELDS[entity.kind]:
            value_property, place_property = FIELD_PROPERTIES.get((entity.kind, spec.key), ("", ""))
            for fact in entity.field(spec.key):
                value = fact.value
                if isinstance(value, Occurrence):
                    if value_property and value.date and value.date.year:
                        main.setdefault(value_property, value.date.iso)
                    if value.place:
                        _add(main, place_property or "location", ref(value.place))
                elif spec.type == "ref":
                    _add(main, place_property or "location", ref(EntityId(str(value))))
                elif value_property:
                    _add(main, value_property, str(value))
        for link in dossier.links.get(entity_id, ()):
            relation = link.relation
            other = ref(link.other)
            role_name = ROLE_RELATIONS.get(relation.type)
            if role_name:
                role: dict[str, Any] = {"@type": "OrganizationRole", "roleName": relation.role or role_name}
                period = relation.span
                if period.start and period.start.year:
                    role["startDate"] = period.start.iso
                if period.end and period.end.year:
                    role["endDate"] = period.end.iso
                key = "member" if link.inverse else "memberOf"
                _add(main, key, {**role, key: other})
            elif relation.type == "branch-of":
                _add(main, "subOrganization" if link.inverse else "parentOrganization", other)
        related.pop(entity_id, None)
        return main, list(related)

    def _text(self, key: tuple[str, ...], make: Callable[[EntityId, str], str], record: EntityId, root: str) -> str:
        return self._texts.get(key, lambda: make(record, root))

    def record_id(self, record: EntityId, root: str) -> str:
        return f"{root}{entity_url(self.dossier.kind_of(record), record)}#entity"

    def record(self, record: EntityId, root: str) -> str:
        """A group, person or place as other nodes refer to it: type, id, name, page.

        Written from a template (ids and URLs are ASCII letters, digits, '-', '.', '/' and
        '#', which JSON holds as they are): faster than a mapping through json.dumps."""
        kind = self.dossier.kind_of(record)
        url = root + entity_url(kind, record)
        return (f'{{"@type":"{TYPES[kind]}","@id":"{url}#entity",'
                f'"name":{script_safe_json(self.dossier.name_of(record))},"url":"{url}"}}')

    def event(self, event_id: EntityId, root: str) -> str:
        event = self._events.get("", lambda: {event.id: event for event in self.dossier.events})[event_id]
        url = root + event_url(event_id)
        return (f'{{"@type":"Event","@id":"{url}","name":{script_safe_json(event.title)},'
                f'"startDate":"{event.date.iso}","url":"{url}"}}')

    def source(self, source_id: EntityId, root: str) -> str:
        source = self.dossier.sources[source_id]
        url = root + entity_url("source", source.id)
        node: dict[str, Any] = {"@type": "CreativeWork", "@id": url, "name": source.title, "url": url}
        if source.url:
            node["sameAs"] = source.url
        if source.outlet:
            node["publisher"] = source.outlet  # names, not nodes: the page describes no outlet or author
        if source.author:
            node["author"] = self.dossier.name_of(source.author)
        if source.date and source.date.year:
            node["datePublished"] = source.date.iso
        return script_safe_json(node)

    def _quotation(self, cite: Citation, root: str) -> str:
        sentence = cite.sentences[0] if cite.sentences else 0
        key = ("quote", cite.source, cite.words, str(sentence), root)
        source = root + entity_url("source", cite.source)
        return self._texts.get(key, lambda: f'{{"@type":"Quotation","text":{script_safe_json(cite.words)},'
                                            f'"url":"{source}#s-{sentence}","isPartOf":{{"@id":"{source}"}}}}')


def _add(node: dict[str, Any], key: str, value: Any) -> None:
    listed = node.setdefault(key, [])
    if value not in listed:
        listed.append(value)


def _citations(dossier: Dossier, entity_id: EntityId) -> Iterator[Citation]:
    """Every citation on the profile, in the order the page numbers them (see `references`)."""
    entity = dossier.entities[entity_id]
    for facts in (entity.summary, entity.aliases, *(facts for _, facts in entity.fields)):
        for fact in facts:
            yield from fact.cites
    for link in dossier.links.get(entity_id, ()):
        yield from link.relation.cites
    for event in dossier.timelines.get(entity_id, ()):
        yield from event.cites
    for quote in (*entity.quotes, *dossier.quotes_about.get(entity_id, ())):
        if quote.cite:
            yield quote.cite
