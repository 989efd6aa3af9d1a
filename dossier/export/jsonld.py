"""JSON-LD: a profile page's schema.org description, for search engines and linked-data tools.

Each profile carries one `<script type="application/ld+json">` block: a `ProfilePage`
whose `mainEntity` is the group (`Organization`), person (`Person`) or place (`Place`),
with its names, summary, dates and places; the records its relations and place fields
name, and the events of its timeline, as nodes of their own (type, name, page); and its
`citation`s: each distinct quote its facts cite, as a `Quotation` with the words, the
anchor of their sentence and the source (`CreativeWork`) they are part of. Ids and URLs
are relative to the page, so the block works offline and wherever the site is put.

Every statement the page shows (its fields' facts, its relations from its side, its
events, the alternatives of their disputed parts, how a relation ends) that is not plain,
or is graded, is a schema.org `Claim` about the entity: its `text` is the statement's words on this page with its
qualifiers ('member of Islamic Movement of Uzbekistan, as of c. 2000 (approximate;
inferred; according to Viktor Mikhailov)'), its `author` the person or group the source
gives it as theirs, its `keywords` its certainty (estimate, approximate, inferred,
editorial, disputed), its `description` the editor's reasoning or reason, its
`temporalCoverage` when a field's value held ('2016', '2012/..'), its `citation` the
quotations it rests on; a graded statement has a `ClaimReview` whose
`reviewRating` is its grade ('B2', the credibility digit as the rating, 1 best, 6
worst, with the editor's reason). The entity's own properties (birthDate, memberOf ...)
are given only for plain statements, which a source states in its own voice, undisputed
and not graded doubtful: schema.org cannot say that a date is approximate or inferred,
or whose claim a value is, so such a value is a claim and nothing more.

The block is data, never run (the pages' Content-Security-Policy allows no inline
script anyway), but an HTML parser ends a script element at `</script` whatever its
type: so every `<`, `>` and `&` in the JSON is written as a \\u escape, and U+2028 and
U+2029 too, which older JavaScript parsers took for line ends.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from ..core.model import Citation, Dossier, EntityId, Event, Fact, Occurrence
from ..core.reads import Memo
from ..core.schema import KIND_FIELDS
from ..core.statement import NO_QUALIFIERS, Statement
from ..core.urls import entity_url, event_url
from ..link.references import page_citations
from ..link.statements import field_statement_id, parts_of

TYPES = {"group": "Organization", "person": "Person", "place": "Place"}
ROLE_RELATIONS = {"leader-of": "leader", "member-of": "member"}
"""Relations schema.org says with an OrganizationRole: memberOf from the subject, member from the group."""
FIELD_PROPERTIES = {
    ("person", "born"): ("birthDate", "birthPlace"), ("group", "founded"): ("foundingDate", "foundingLocation"),
    ("person", "based_in"): ("", "homeLocation"), ("group", "area"): ("", "areaServed"),
    ("place", "country"): ("", "containedInPlace"), ("person", "nationality"): ("nationality", ""),
    ("person", "occupation"): ("jobTitle", ""), ("group", "registration_number"): ("identifier", ""),
    ("group", "jurisdiction"): ("", "-"),
}
"""Fields with a schema.org property: (property of its text or date, property of its place); a place
property '-' is none (schema.org has no jurisdiction, and a company's is not where it is). Other
place fields are a `location`."""
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
"""What `json.dumps(data, ensure_ascii=False, separators=(",", ":"))` makes a new one of at each call."""
_encode_text = json.encoder.encode_basestring
"""The same encoder's way with a string (most of a profile's are one: a claim's words), without it."""
_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def script_safe_json(data: Any) -> str:
    """JSON that cannot end or comment out the script element it is in."""
    text = _encode_text(data) if type(data) is str else _ENCODER.encode(data)
    for char, escaped in _ESCAPES:  # str.replace: several times faster than str.translate with a table
        if char in text:
            text = text.replace(char, escaped)
    return text


class JsonLd:
    """Makes the JSON-LD of one dossier's profiles. The nodes of records, events, sources and
    quotes recur on many pages: each is made and written as JSON once per page depth, and a
    page's block is put together from those texts (what this keeps is only a cache)."""

    def __init__(self, dossier: Dossier, nodes: Memo[tuple[str, ...], str] | None = None,
                 events: Memo[str, dict[EntityId, Event]] | None = None):
        """`nodes` and `events`, memos to share with other makers of the same dossier's JSON-LD (the texts of
        its records, events and sources, one per record at each page depth, and the events by id); the
        quotations' texts, far more and each on two or three pages, are this maker's own."""
        self.dossier = dossier
        self._texts: Memo[tuple[str, ...], str] = Memo() if nodes is None else nodes
        self._quotations: Memo[tuple[str, ...], str] = Memo()
        self._events: Memo[str, dict[EntityId, Event]] = Memo() if events is None else events

    def profile(self, entity_id: EntityId) -> str:
        """The JSON-LD of a profile page, safe to put between <script> tags as it is."""
        dossier = self.dossier
        entity = dossier.entities[entity_id]
        root = "../" * entity_url(entity.kind, entity.id).count("/")
        main, related = self.main(entity_id, root)
        quotes = {(c.source, c.quote, c.start): c for c in _citations(dossier, entity_id)}
        profile = script_safe_json({"@type": "ProfilePage", "@id": main["url"], "name": entity.name,
                                    "mainEntity": {"@id": main["@id"]}})
        if quotes:
            citations = ",".join(self._quotation(c, root) for c in quotes.values())
            profile = f'{profile[:-1]},"citation":[{citations}]}}'
        claims = [self.claim(statement, words, main, root, related) for statement, words in _shown(dossier, entity_id)]
        related.pop(entity_id, None)
        nodes = [profile, script_safe_json(main), *(self._text(("record", r, root), self.record, r, root)
                                                    for r in related), *claims]
        nodes += [self._text(("event", e.id, root), self.event, e.id, root)
                  for e in dossier.timelines.get(entity_id, ()) if e.date.year]
        nodes += [self._text(("source", s, root), self.source, s, root) for s in dict.fromkeys(s for s, _, _ in quotes)]
        return '{"@context":"https://schema.org","@graph":[' + ",".join(nodes) + "]}"

    def main(self, entity_id: EntityId, root: str) -> tuple[dict[str, Any], dict[EntityId, None]]:
        """The profile's own node, and the records it refers to, in the order it first does."""
        dossier = self.dossier
        entity = dossier.entities[entity_id]
        related: dict[EntityId, None] = {}

        def ref(record: EntityId) -> dict[str, str]:
            related[record] = None
            return {"@id": self.record_id(record, root)}

        url = root + entity_url(entity.kind, entity.id)
        main: dict[str, Any] = {"@type": TYPES[entity.kind], "@id": url + "#entity", "name": entity.name, "url": url}
        statements = dossier.statements

        def plain(key: str, index: int) -> bool:
            statement = statements.get(field_statement_id(entity_id, key, index))
            return statement is None or statement.qualifiers.plain

        aliases = [str(a.value) for i, a in enumerate(entity.aliases) if plain("aliases", i)]
        if aliases:
            main["alternateName"] = aliases
        if entity.summary and plain("summary", 0):
            main["description"] = str(entity.summary[0].value)
        for spec in KIND_FIELDS[entity.kind]:
            value_property, place_property = FIELD_PROPERTIES.get((entity.kind, spec.key), ("", ""))
            for index, fact in enumerate(entity.field(spec.key)):
                value = fact.value
                if not plain(spec.key, index):  # a claim only; the records it names are still nodes
                    for record in _named(value, spec.type):
                        ref(record)
                    continue
                if isinstance(value, Occurrence):
                    if value_property and value.date and value.date.year:
                        main.setdefault(value_property, value.date.iso)
                    if value.place:
                        _add(main, place_property or "location", ref(value.place))
                elif spec.type == "ref":
                    node = ref(EntityId(str(value)))
                    if place_property != "-":
                        _add(main, place_property or "location", node)
                elif value_property:
                    _add(main, value_property, str(value))
        for link in dossier.links.get(entity_id, ()):
            relation = link.relation
            other = ref(link.other)
            if link.statement is not None and not link.statement.qualifiers.plain:
                continue  # a claim only (see `claim`)
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
        return main, related

    def claim(self, statement: Statement, words: str, main: dict[str, Any], root: str,
              related: dict[EntityId, None]) -> str:
        """A statement the page shows, as a schema.org Claim about the entity, with its qualifiers."""
        q = statement.qualifiers
        if q is NO_QUALIFIERS:  # most claims: written from a template (ids and URLs need no escaping in JSON)
            cites = ",".join(f'{{"@id":"{self.quotation_id(c, root)}"}}' for c in dict.fromkeys(statement.cites))
            return (f'{{"@type":"Claim","@id":"{main["url"]}#claim-{statement.id}","about":{{"@id":"{main["@id"]}"}},'
                    f'"text":{script_safe_json(words)}' + (f',"citation":[{cites}]' if cites else "") + "}")
        node: dict[str, Any] = {"@type": "Claim", "@id": f"{main['url']}#claim-{statement.id}",
                                "about": {"@id": main["@id"]}, "text": statement.qualified(words)}
        if q.according_to:
            related[q.according_to] = None
            node["author"] = {"@id": self.record_id(q.according_to, root)}
        elif q.outlet:
            node["author"] = {"@type": "Organization", "name": q.outlet}
        keywords = [*q.certainty, *(["disputed"] if q.disputed else [])]
        if keywords:
            node["keywords"] = keywords
        reasons = [f"{word}: {reason}" for word, reason in (("inferred", q.inferred or q.dates_inferred),
                                                              ("editorial", q.editorial), ("note", q.note)) if reason]
        if reasons:
            node["description"] = " ".join(reasons)
        coverage = _coverage(statement)
        if coverage:
            node["temporalCoverage"] = coverage
        if statement.cites:
            node["citation"] = [{"@id": self.quotation_id(c, root)} for c in dict.fromkeys(statement.cites)]
        text = script_safe_json(node)
        if q.grade:
            rating: dict[str, Any] = {"@type": "Rating", "alternateName": q.grade}
            if q.credibility:
                rating.update({"ratingValue": q.credibility.grade, "bestRating": "1", "worstRating": "6",
                               "ratingExplanation": q.credibility.reason})
            review = {"@type": "ClaimReview", "itemReviewed": {"@id": node["@id"]}, "reviewRating": rating}
            text += "," + script_safe_json(review)
        return text

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

    @staticmethod
    def quotation_id(cite: Citation, root: str) -> str:
        """A quotation's id: its source's page and the place of the words in the source (their offset and length)."""
        return f"{root}{entity_url('source', cite.source)}#q-{max(cite.start, 0)}-{len(cite.quote)}"

    def _quotation(self, cite: Citation, root: str) -> str:
        sentence = cite.sentences[0] if cite.sentences else 0
        key = ("quote", cite.source, cite.quote, str(cite.start), root)
        source = root + entity_url("source", cite.source)
        return self._quotations.get(key, lambda: (f'{{"@type":"Quotation","@id":"{self.quotation_id(cite, root)}",'
                                                  f'"text":{script_safe_json(cite.words)},'
                                                  f'"url":"{source}#s-{sentence}","isPartOf":{{"@id":"{source}"}}}}'))


def _add(node: dict[str, Any], key: str, value: Any) -> None:
    listed = node.setdefault(key, [])
    if value not in listed:
        listed.append(value)


def _citations(dossier: Dossier, entity_id: EntityId) -> Iterator[Citation]:
    """Every citation on the profile, in the order the page numbers them (see `references`)."""
    for marks in page_citations(dossier, entity_id).uses:
        yield marks[0].citation


def _claimed(statement: Statement) -> bool:
    """Whether a statement is a claim of its own: not plain, or graded (a plain one is a property, where one
    fits)."""
    q = statement.qualifiers
    return q is not NO_QUALIFIERS and (not q.plain or bool(q.grade))


def _shown(dossier: Dossier, entity_id: EntityId) -> Iterator[tuple[Statement, str]]:
    """Every statement a profile shows that is a claim of its own, with its words on this page: its fields'
    facts, its relations (from its side), its events, each followed by the alternatives of its disputed parts
    and its end."""
    entity = dossier.entities[entity_id]
    statements = dossier.statements
    for key, facts in (("summary", entity.summary), ("aliases", entity.aliases), *entity.fields):
        for index in range(len(facts)):
            statement = statements[field_statement_id(entity_id, key, index)]
            if _claimed(statement):
                yield statement, statement.words
    seen: set[str] = set()
    for link in dossier.links.get(entity_id, ()):
        shown = link.statement
        if shown is None or shown.id in seen:  # a disputed target: one relation, linked from each alternative
            continue
        seen.add(shown.id)
        words = shown.inverse_words if link.inverse else shown.words
        if _claimed(shown):
            yield shown, words
        if link.relation.disputed or link.relation.ended:
            yield from _parts(statements, shown.id, words)
    for event in dossier.timelines.get(entity_id, ()):
        shown = statements[event.id]
        if _claimed(shown):
            yield shown, shown.words
        if event.disputed:
            yield from _parts(statements, event.id, shown.words)


def _parts(statements: Mapping[str, Statement], parent: str, words: str) -> Iterator[tuple[Statement, str]]:
    """The statements of a relation's or an event's disputed parts and end, worded under their parent's words
    (an end "unknown since" a date, which those words already give, once: after the dash)."""
    for statement in parts_of(statements, statements[parent]):
        if _claimed(statement):
            head = words.replace(f"; {statement.words}", "") if statement.kind == "ending" else words
            yield statement, f"{head} \u2014 {statement.words}"


def _coverage(statement: Statement) -> str:
    """When a field's value held, as an ISO 8601 date or interval ('2016', '2012/..', '../2015-08'), or ''."""
    fact = statement.value
    if not (statement.qualifiers.held and isinstance(fact, Fact)):
        return ""
    if fact.as_of and fact.as_of.year:
        return fact.as_of.iso
    start = fact.held.start.iso if fact.held.start and fact.held.start.year else ".."
    end = ".." if fact.held.ongoing or not (fact.held.end and fact.held.end.year) else fact.held.end.iso
    return f"{start}/{end}"


def _named(value: object, kind: str) -> list[EntityId]:
    """The records a field's value names: an occurrence's place, a place field's place."""
    if isinstance(value, Occurrence):
        return [value.place] if value.place else []
    return [EntityId(str(value))] if kind == "ref" else []
