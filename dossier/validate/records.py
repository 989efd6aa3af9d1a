"""Records: one check per kind of record, from raw YAML data to a typed model record.

`RecordChecker` reads a settings file, a source, a group/person/place, or an
event, using `ValueChecker`'s value checks for each field.
"""

from __future__ import annotations

from typing import Any

from ..core import schema
from ..core.dates import DateValue
from ..core.diagnostics import did_you_mean
from ..core.kinds import ENTITY_KINDS
from ..core.model import Citation, Entity, EntityId, Event, Quote, Relation, Review, Settings, Source
from ..load.files import ValuePath
from .values import ValueChecker

_ENTITY_KEYS = {kind: dict(schema.ENTITY_KEYS) | {s.key: s.help for s in specs}
                for kind, specs in schema.KIND_FIELDS.items()}
"""The fields each kind of entity may have (made once, not per record)."""
_ALIASES = schema.FieldSpec("aliases", "Also known as", "text", many=True)
_SUMMARY = schema.FieldSpec("summary", "Summary", "text")


class RecordChecker(ValueChecker):
    """Checks one record, field by field."""

    def settings(self) -> Settings | None:
        fields = self.mapping((), self.record.data, schema.SETTINGS_KEYS, "dossier.yml",
                              required=("title", "description"))
        if fields is None:
            return None
        default = None
        if fields.get("default_source"):
            default = self.ref(("default_source",), fields["default_source"], ("source",), "default_source")
        keys = self.refs(("key_entities",), fields.get("key_entities"), ENTITY_KINDS, "key_entities")
        return Settings(self.text(("title",), fields.get("title"), "title") or "",
                        self.text(("description",), fields.get("description"), "description") or "",
                        default, keys, self.language(("language",), fields.get("language")) or "en")

    def source(self) -> Source | None:
        fields = self.mapping((), self.record.data, schema.SOURCE_KEYS, "a source", required=("title", "text"))
        if fields is None:
            return None
        get = fields.get
        source = Source(
            EntityId(self.record.id),
            self.text(("title",), get("title"), "title") or "",
            self.ref(("author",), get("author"), ("person",), "author") if get("author") else None,
            self.text(("outlet",), get("outlet"), "outlet"),
            self.ref(("dateline",), get("dateline"), ("place",), "dateline") if get("dateline") else None,
            self.date(("date",), get("date"), None, "date"),
            self.url(("url",), get("url")) if get("url") else None,
            self.source_text(("text",), get("text")) or "",
            self.pos(()),
            reliability=self.grade(("reliability",), get("reliability"), schema.RELIABILITY, "reliability"),
            retrieved=self.timestamp(("retrieved",), get("retrieved")),
            sha256=self.sha256(("sha256",), get("sha256")),
            text_edited=self.text(("text_edited",), get("text_edited"), "text_edited"),
            unchecked=self.unchecked(("unchecked",), get("unchecked")),
        )
        return source

    def entity(self) -> Entity | None:
        kind = self.record.kind
        specs = schema.KIND_FIELDS[kind]
        fields = self.mapping((), self.record.data, _ENTITY_KEYS[kind], f"a {kind}", required=("name", "summary"))
        if fields is None:
            return None
        entity_id = EntityId(self.record.id)
        name = self.text(("name",), fields.get("name"), "name") or ""
        self.mixed_scripts(self.pos(("name",)), name, "name")
        entity = Entity(
            entity_id, kind, name,
            self.facts(("aliases",), fields.get("aliases"), _ALIASES),
            self.facts(("summary",), fields.get("summary"), _SUMMARY),
            tuple((s.key, self.facts((s.key,), fields.get(s.key), s)) for s in specs if fields.get(s.key) is not None),
            self.relations(entity_id, fields.get("relations")),
            self.quotes(entity_id, fields.get("quotes")),
            self.pos(()),
            self.reviews(("reviewed",), fields.get("reviewed")),
        )
        for alias in entity.aliases:
            self.mixed_scripts(alias.pos, str(alias.value), "alias")
        return entity

    def reviews(self, path: ValuePath, value: Any) -> tuple[Review, ...]:
        """`reviewed:`, a mapping of a field's name to the editor's reason for letting its values differ.

        Whether the field has a disagreement to review is for the check stage to say, once it has them all.
        """
        if value is None:
            return ()
        if not isinstance(value, dict):
            self.error(path, "type.mapping", "reviewed must be a mapping of a field's name to your reason, e.g. "
                       "`founded: The two papers ask different witnesses; neither is better placed.`")
            return ()
        found = []
        for key, reason in value.items():
            text = self.text(path + (key,), reason, f"the reason for reviewing '{key}'")
            if text:
                found.append(Review(str(key), text, self.record.key_pos(path + (key,))))
            elif text is not None or reason is None:
                self.error(path + (key,), "field.required",
                           f"reviewed '{key}' needs your reason: why its values stand side by side")
        return tuple(found)

    def relations(self, subject: EntityId, value: Any) -> tuple[Relation, ...]:
        found: list[Relation] = []
        for path, item in self.items(("relations",), value, "relations"):
            fields = self.mapping(path, item, schema.RELATION_KEYS, "a relation", required=("type", "target"))
            if not fields:
                continue
            kind = self.text(path + ("type",), fields.get("type"), "type")
            rtype = schema.RELATION_TYPES.get(kind or "")
            if kind and rtype is None:
                self.error(path + ("type",), "relation.unknown-type",
                           f"unknown relation type '{kind}'; expected one of: {', '.join(schema.RELATION_TYPES)}."
                           + did_you_mean(kind, schema.RELATION_TYPES))
            kinds = rtype.target_kinds if rtype else ENTITY_KINDS
            target = self.ref(path + ("target",), fields.get("target"), kinds, "relation target")
            if rtype and self.record.kind not in rtype.subject_kinds:
                self.error(path + ("type",), "relation.wrong-kind",
                           f"a {self.record.kind} cannot be '{kind}'; that relation starts from a "
                           f"{' or '.join(rtype.subject_kinds)}")
            if target == subject:
                self.error(path + ("target",), "relation.self", f"relation '{kind}' points at its own record")
                continue
            cites, editorial = self.support(path, fields, "relation")
            period = self.period(path + ("period",), fields.get("period"), self.first_source(cites))
            on = self.one_date(path, fields, self.first_source(cites))
            role = self.text(path + ("role",), fields.get("role"), "role")
            credibility = self.credibility(path + ("credibility",), fields.get("credibility"), cites)
            self.check_support(cites, editorial, [(path + ("role",), role)],
                               [(path + ("period", "from"), period.start), (path + ("period", "to"), period.end),
                                (path + ("on",), on)])
            if rtype and target:
                found.append(Relation(subject, rtype.name, target, role, period, cites, editorial, self.pos(path),
                                      credibility, on))
        return tuple(found)

    def one_date(self, path: ValuePath, fields: dict[str, Any], source: EntityId | None) -> DateValue | None:
        """A relation's `on:`, the date of a single act; a relation has it or a period, not both."""
        if fields.get("on") is None:
            return None
        if fields.get("period") is not None:
            self.error_at_key(path + ("on",), "relation.on-and-period",
                              "a relation has `on:` (the one date of a single act, such as an attack or a split) "
                              "or `period:` (from, to: a state that lasts, such as a membership), not both; "
                              "keep the one that fits")
            return None
        return self.date(path + ("on",), fields["on"], source, "date")

    def quotes(self, speaker: EntityId, value: Any) -> tuple[Quote, ...]:
        found: list[Quote] = []
        for path, item in self.items(("quotes",), value, "quotes"):
            fields = self.mapping(path, item, schema.QUOTE_KEYS, "a quote", required=("text",))
            if not fields:
                continue
            source = self.default_source
            if fields.get("source"):
                source = self.ref(path + ("source",), fields["source"], ("source",), "quote source")
            text = self.text(path + ("text",), fields.get("text"), "quote text")
            if not (source and text):
                continue
            cite = self.check_quote(path + ("text",), Citation(
                source, text, self.pos(path), self.text(path + ("prefix",), fields.get("prefix"), "prefix"),
                self.text(path + ("suffix",), fields.get("suffix"), "suffix")))
            if cite is None:
                continue
            found.append(Quote(speaker, text, source,
                               self.refs(path + ("about",), fields.get("about"),
                                         ENTITY_KINDS + ("source",), "about"),
                               self.date(path + ("date",), fields.get("date"), source, "date"),
                               self.text(path + ("medium",), fields.get("medium"), "medium"),
                               self.text(path + ("context",), fields.get("context"), "context"),
                               self.pos(path), cite))
        return tuple(found)

    def event(self) -> Event | None:
        fields = self.mapping((), self.record.data, schema.EVENT_KEYS, "an event",
                              required=("date", "title"))
        if fields is None:
            return None
        cites, editorial = self.support((), fields, "event")
        date = self.date(("date",), fields.get("date"), self.first_source(cites), "date")
        title = self.text(("title",), fields.get("title"), "title") or ""
        self.check_support(cites, editorial, [(("title",), title)], [(("date",), date)])
        event = Event(
            EntityId(self.record.id), date or DateValue(None), title,
            self.ref(("place",), fields.get("place"), ("place",), "place") if fields.get("place") else None,
            self.refs(("involves",), fields.get("involves"), ENTITY_KINDS, "involves"),
            cites, editorial, self.pos(()),
            self.credibility(("credibility",), fields.get("credibility"), cites),
        )
        return event if date else None
