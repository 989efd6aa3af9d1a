"""Model: the typed, immutable dossier that the render stage reads.

Validation gives `Entity`, `Source` and `Event` records, each citation resolved to
the sentences of its source; linking adds the relation graph with inverses, each
entity's own timeline, its backlinks, and the facts citing each source sentence.
Every value here is plain data: templates never see a loader or a file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, NewType

from .dates import DateValue, Period
from .diagnostics import Pos

EntityId = NewType("EntityId", str)
UrlPath = NewType("UrlPath", str)
"""A page's path from the site root, with '/' separators, e.g. 'people/usman-ghazi.html'."""


@dataclass(frozen=True, slots=True)
class Citation:
    """The words of a source a fact rests on, and the numbers of the source's sentences they are in."""

    source: EntityId
    quote: str
    pos: Pos
    sentences: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Fact:
    """One value of a field with what supports it: citations, or an editor's stated reason."""

    value: Any
    cites: tuple[Citation, ...] = ()
    editorial: str | None = None
    according_to: EntityId | None = None
    estimate: bool = False
    note: str | None = None
    pos: Pos = Pos("")


@dataclass(frozen=True, slots=True)
class Occurrence:
    """Where and when something began (a founding, a birth), and by whom if said."""

    date: DateValue | None = None
    place: EntityId | None = None
    by: str | None = None


@dataclass(frozen=True, slots=True)
class Relation:
    """A typed, dated link written once on its subject's record."""

    subject: EntityId
    type: str
    target: EntityId
    role: str | None
    period: Period
    cites: tuple[Citation, ...]
    editorial: str | None
    pos: Pos
    on: DateValue | None = None
    """The one date of a single act (an attack, a split), written instead of a period."""

    @property
    def start(self) -> DateValue | None:
        """When it began: the date of a single act, or its period's start."""
        return self.on or self.period.start

    @property
    def first_date(self) -> DateValue | None:
        """The earliest date it gives: a profile orders relations by it."""
        return self.on or self.period.start or self.period.end


@dataclass(frozen=True, slots=True)
class Quote:
    """Words someone said, verbatim from a source, with what they were about."""

    speaker: EntityId
    text: str
    source: EntityId
    about: tuple[EntityId, ...]
    date: DateValue | None
    medium: str | None
    context: str | None
    pos: Pos
    sentences: tuple[int, ...] = ()
    """The source's sentences the words are in."""

    @property
    def citation(self) -> Citation:
        """The quote as a citation of its own words."""
        return Citation(self.source, self.text, self.pos, self.sentences)


@dataclass(frozen=True, slots=True)
class Entity:
    """A group, person or place: its name, cited fields, relations, quotes and note."""

    id: EntityId
    kind: str
    name: str
    aliases: tuple[Fact, ...]
    summary: tuple[Fact, ...]
    fields: tuple[tuple[str, tuple[Fact, ...]], ...]
    relations: tuple[Relation, ...]
    quotes: tuple[Quote, ...]
    note: str | None
    pos: Pos

    def field(self, name: str) -> tuple[Fact, ...]:
        return dict(self.fields).get(name, ())


@dataclass(frozen=True, slots=True)
class Source:
    """A source document: its metadata and full text, which citations quote."""

    id: EntityId
    title: str
    author: EntityId | None
    outlet: str | None
    dateline: EntityId | None
    date: DateValue | None
    url: str | None
    text: str
    pos: Pos
    kind: str = "source"

    @property
    def name(self) -> str:
        return self.title


@dataclass(frozen=True, slots=True)
class Event:
    """A dated happening from the source, with the entities involved."""

    id: EntityId
    date: DateValue
    title: str
    place: EntityId | None
    involves: tuple[EntityId, ...]
    cites: tuple[Citation, ...]
    editorial: str | None
    pos: Pos


@dataclass(frozen=True, slots=True)
class Settings:
    """The dossier's own description, from content/dossier.yml."""

    title: str
    description: str
    default_source: EntityId | None
    key_entities: tuple[EntityId, ...]
    language: str = "en"


@dataclass(frozen=True, slots=True)
class Link:
    """A relation as seen from one side: the other entity and the wording for this side."""

    relation: Relation
    other: EntityId
    label: str
    inverse: bool


@dataclass(frozen=True, slots=True)
class Mention:
    """Where a page points at an entity: which entity or page, and how (relation, event, note)."""

    by: EntityId
    how: str


@dataclass(frozen=True, slots=True)
class CitedBy:
    """A fact citing a source sentence: its citation mark's place, and what the fact is."""

    url: UrlPath
    label: str


@dataclass(frozen=True, slots=True)
class Dossier:
    """Everything the pages need, linked and ordered."""

    settings: Settings
    entities: Mapping[EntityId, Entity]
    sources: Mapping[EntityId, Source]
    events: tuple[Event, ...]
    links: Mapping[EntityId, tuple[Link, ...]] = field(default_factory=lambda: MappingProxyType({}))
    timelines: Mapping[EntityId, tuple[Event, ...]] = field(default_factory=lambda: MappingProxyType({}))
    mentions: Mapping[EntityId, tuple[Mention, ...]] = field(default_factory=lambda: MappingProxyType({}))
    quotes_about: Mapping[EntityId, tuple[Quote, ...]] = field(default_factory=lambda: MappingProxyType({}))
    note_targets: Mapping[EntityId, tuple[EntityId, ...]] = field(default_factory=lambda: MappingProxyType({}))
    """The other records each note links to, in the order it first links to them."""
    cited_by: Mapping[tuple[EntityId, int], tuple[CitedBy, ...]] = field(default_factory=lambda: MappingProxyType({}))
    """(source, sentence number) -> the facts citing that sentence, in page order."""

    def name_of(self, entity_id: EntityId) -> str:
        if entity_id in self.entities:
            return self.entities[entity_id].name
        return self.sources[entity_id].title

    def kind_of(self, entity_id: EntityId) -> str:
        if entity_id in self.entities:
            return self.entities[entity_id].kind
        return "source"
