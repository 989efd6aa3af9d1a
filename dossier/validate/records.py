"""Records: one check per kind of record, from raw YAML data to a typed model record.

`RecordChecker` reads a settings file, a source, a group/person/place, or an
event, using the value, fact and relation checks it builds on (`values`, `facts`,
`relations`) for each field.
"""

from __future__ import annotations

from typing import Any

from ..core import schema
from ..core.dates import DateValue
from ..core.kinds import ENTITY_KINDS
from ..core.model import Entity, EntityId, Event, Quote, Settings, Source
from .relations import RelationChecker

_ENTITY_KEYS = {kind: dict(schema.ENTITY_KEYS) | {s.key: s.help for s in specs}
                for kind, specs in schema.KIND_FIELDS.items()}
"""The fields each kind of entity may have (made once, not per record)."""
_ALIASES = schema.FieldSpec("aliases", "Also known as", "text", many=True)
_SUMMARY = schema.FieldSpec("summary", "Summary", "text")


class RecordChecker(RelationChecker):
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
            previous_ids=self.previous_ids(get("previous_ids")),
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
        if not name.isascii():  # (an ASCII name mixes no scripts: its place is not looked up)
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
            self.previous_ids(fields.get("previous_ids")),
        )
        for alias in entity.aliases:
            self.mixed_scripts(alias.pos, str(alias.value), "alias")
        return entity

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
            cite = self.check_quote(path + ("text",), source, text, self.pos(path),
                                    self.text(path + ("prefix",), fields.get("prefix"), "prefix"),
                                    self.text(path + ("suffix",), fields.get("suffix"), "suffix"))
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
        backing = self.backing((), fields, "event")
        date, dates = self.disputable_date(("date",), fields.get("date"), self.first_source(backing.cites), "date")
        title = self.text(("title",), fields.get("title"), "title") or ""
        self.check_backed(backing, [(("title",), title)], [(("date",), None if dates else date)])
        place, places = (self.disputable_ref(("place",), fields["place"], ("place",), "place")
                         if fields.get("place") else (None, ()))
        event = Event(
            EntityId(self.record.id), date or DateValue(None), title, place,
            self.refs(("involves",), fields.get("involves"), ENTITY_KINDS, "involves"),
            backing.cites, backing.editorial, self.pos(()), backing.credibility, backing.according_to,
            backing.estimate, backing.inferred, backing.note,
            tuple((part, alternatives) for part, alternatives in (("date", dates), ("place", places)) if alternatives),
            backing.according_to_outlet,
            self.reviews(("reviewed",), fields.get("reviewed")),
            self.previous_ids(fields.get("previous_ids")),
        )
        return event if date else None
