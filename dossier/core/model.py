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
from .frozen import quick_init
from .reads import RecordedMapping, RecordedTuple
from .statement import Statement

EntityId = NewType("EntityId", str)
UrlPath = NewType("UrlPath", str)
"""A page's path from the site root, with '/' separators, e.g. 'people/usman-ghazi.html'."""


@quick_init
@dataclass(frozen=True, slots=True)
class Citation:
    """The words of a source a fact rests on, and which occurrence of them when they occur more than once.

    `prefix` and `suffix` are the editor's words just before and after the quote
    (as the W3C Web Annotation TextQuoteSelector has them); `start` is the
    occurrence's offset in the source's normalised text (`citations.SourceText`),
    found by validation (-1 until then), so later stages resolve the very sentences.
    `quote` is the editor's typing; `verbatim` the same words as the source has them
    (its quotation marks, dashes, accents), which every output shows.
    """

    source: EntityId
    quote: str
    pos: Pos
    prefix: str | None = None
    suffix: str | None = None
    start: int = -1
    sentences: tuple[int, ...] = ()
    """The numbers of the source's sentences the occurrence is in (found with `start`)."""
    verbatim: str = ""
    """The passage in the source's own characters (found with `start`)."""

    @property
    def words(self) -> str:
        """The quoted words as a reader is shown them: the source's, once validation has found them."""
        return self.verbatim or self.quote


@quick_init
@dataclass(frozen=True, slots=True)
class Grade:
    """An editor's grade from the NATO/Admiralty code, with the reason for it.

    A source's reliability is a letter, A (completely reliable) to F (cannot be
    judged); a fact's credibility a digit, 1 (confirmed by other sources) to 6
    (cannot be judged). `schema.RELIABILITY` and `schema.CREDIBILITY` give the words.
    """

    grade: str
    reason: str
    pos: Pos


@quick_init
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
    credibility: Grade | None = None
    held: Period = Period()
    """When the value held (`period`), as the source says."""
    as_of: DateValue | None = None
    """A date the value held at (`as_of`), as the source says."""
    according_to_outlet: str | None = None
    """Instead of `according_to`: the outlet the source attributes the claim to ("as Caravanserai
    reported"), spelt as a source record's `outlet` is."""
    inferred: str | None = None
    """The editor's reasoning, when the value is inferred from the cited words rather than stated in them."""


@quick_init
@dataclass(frozen=True, slots=True)
class Ending:
    """How a relation is known to end: on a date, or with its state unknown since a date."""

    date: DateValue
    unknown: bool = False
    """True: not an end, but the date since which nothing is known of it ("unknown since")."""


@quick_init
@dataclass(frozen=True, slots=True)
class Occurrence:
    """Where and when something began (a founding, a birth), and by whom if said: the records
    of those who did it (`by_ids`), or the source's words for them (`by`)."""

    date: DateValue | None = None
    place: EntityId | None = None
    by: str | None = None
    by_ids: tuple[EntityId, ...] = ()


@quick_init
@dataclass(frozen=True, slots=True)
class Coordinates:
    """Where a place lies, in decimal degrees (WGS 84), and how precise that is (`schema.PRECISIONS`):
    a town's centre given at town precision says "somewhere in the town", not the spot."""

    lat: float
    lon: float
    precision: str

    def __str__(self) -> str:
        north, east = "N" if self.lat >= 0 else "S", "E" if self.lon >= 0 else "W"
        return f"{abs(self.lat):g}° {north}, {abs(self.lon):g}° {east} ({self.precision} precision)"


Disputed = tuple[tuple[str, tuple[Fact, ...]], ...]
"""The parts of a relation or an event that sources dispute: (part, its alternatives), each alternative a
`Fact` with its own value and support (a relation: 'target', 'on', 'from', 'to', 'as_of', 'amount', 'share';
an event: 'date', 'place')."""


@quick_init
@dataclass(frozen=True, slots=True)
class Relation:
    """A typed, dated link written once on its subject's record, with the qualifiers every statement takes.

    A disputed part keeps its first alternative in its own field (`target`, `on`, `period` ...), so that
    the relation sorts and is drawn at a place; its alternatives are in `disputed`, and the statement
    made in the link stage words it as disputed.
    """

    subject: EntityId
    type: str
    target: EntityId
    role: str | None
    period: Period
    cites: tuple[Citation, ...]
    editorial: str | None
    pos: Pos
    credibility: Grade | None = None
    on: DateValue | None = None
    """The one date of a single act (an attack, a split), written instead of a period."""
    according_to: EntityId | None = None
    estimate: bool = False
    inferred: str | None = None
    note: str | None = None
    as_of: DateValue | None = None
    """A date it held at, when the source gives neither its start nor its end."""
    target_role: str | None = None
    """The target's part in it, where the type does not say (`related-to`)."""
    amount: str | None = None
    """A sum of money, as a decimal number ('2500000'), in `currency`."""
    currency: str | None = None
    share: str | None = None
    """A share, in percent ('75')."""
    ended: Fact | None = None
    """How it is known to end (an `Ending`), with its own support."""
    disputed: Disputed = ()
    according_to_outlet: str | None = None
    """Instead of `according_to`: the outlet the source attributes it to (see `Fact`)."""
    reviewed: tuple[Review, ...] = ()
    """The disputed parts the editor has looked at, each with the reason its values stand."""

    @property
    def start(self) -> DateValue | None:
        """When it began: the date of a single act, or its period's start."""
        return self.on or self.period.start

    @property
    def span(self) -> Period:
        """When it held, as a period: a single act's one date (or the date it held at) is both its start and its end."""
        if self.on or self.as_of:
            return Period(self.on or self.as_of, self.on or self.as_of)
        return self.period

    @property
    def first_date(self) -> DateValue | None:
        """The earliest date it gives: a profile orders relations by it."""
        return self.on or self.period.start or self.period.end or self.as_of

    @property
    def unknown_since(self) -> DateValue | None:
        """The date since which its state is unknown, if the source says so."""
        ending = self.ended.value if self.ended else None
        return ending.date if isinstance(ending, Ending) and ending.unknown else None

    def alternatives(self, part: str) -> tuple[Fact, ...]:
        """The alternatives sources give for a disputed part; () if it is not disputed."""
        if not self.disputed:  # nearly every relation: every drawing and export asks
            return ()
        return next((alternatives for name, alternatives in self.disputed if name == part), ())

    @property
    def targets(self) -> tuple[EntityId, ...]:
        """Every record it may point at: its target, or each alternative of a disputed target."""
        alternatives = self.alternatives("target")
        return tuple(EntityId(str(f.value)) for f in alternatives) if alternatives else (self.target,)


@quick_init
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
    cite: Citation | None = None
    """The quote as a citation of its source, with the occurrence validation found."""


@quick_init
@dataclass(frozen=True, slots=True)
class Review:
    """An editor's word that the disagreement on a field has been looked at, and why its values stand
    side by side: the page still shows every value, but the check no longer warns of it."""

    field: str
    reason: str
    pos: Pos


@quick_init
@dataclass(frozen=True, slots=True)
class Entity:
    """A group, person or place: its name, cited fields, relations and quotes (its note is
    `Dossier.notes`: another file, read by other pages)."""

    id: EntityId
    kind: str
    name: str
    aliases: tuple[Fact, ...]
    summary: tuple[Fact, ...]
    fields: tuple[tuple[str, tuple[Fact, ...]], ...]
    relations: tuple[Relation, ...]
    quotes: tuple[Quote, ...]
    pos: Pos
    reviewed: tuple[Review, ...] = ()
    """The disagreements among its fields the editor has reviewed (`reviewed:`)."""
    previous_ids: tuple[EntityId, ...] = ()
    """The ids it had before (`previous_ids:`), so that its history follows it through a rename."""

    def field(self, name: str) -> tuple[Fact, ...]:
        return dict(self.fields).get(name, ())


@quick_init
@dataclass(frozen=True, slots=True)
class ArchivedCopy:
    """A source's captured copy, as the project's archive folder holds it (see `core.archive`)."""

    path: str
    """The capture file, from the project folder: 'archive/<id>/<id>.warc.gz'."""
    file_size: int
    sha256: str
    """The SHA-256 of the copy's bytes (the page or file as received), in hex."""
    media_type: str
    charset: str | None
    size: int
    """The copy's bytes (not the capture file's)."""
    target: str
    retrieved: str
    extracted: str
    """The text extracted at capture (see `core.archive.Capture`)."""
    published: bool = True
    """Whether the site carries the copy: a capture file over the project's limit stays in the project."""
    capture: bytes = field(repr=False, default=b"")
    """The capture file's bytes, as the site offers it for download."""
    payload: bytes = field(repr=False, default=b"")


@quick_init
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
    reliability: Grade | None = None
    retrieved: str | None = None
    """When the copy was taken, in UTC ('2025-03-01T12:00:00Z'), as `add-source` wrote it."""
    sha256: str | None = None
    """The SHA-256 of the archived copy's bytes, as the record gives it."""
    text_edited: str | None = None
    """The editor's reason for a `text` that is no longer what was extracted from the copy."""
    unchecked: tuple[str, ...] = ()
    """The fields `add-source` filled in that the editor has yet to check."""
    archive: ArchivedCopy | None = None
    """The captured copy, when the project's archive holds one whose hash is the record's."""
    text_is_copy: bool = False
    """Whether `text` is the text extracted from the copy, paragraph for paragraph, so a sentence's
    paragraph is the copy's too (a citation can then point into the copy)."""
    previous_ids: tuple[EntityId, ...] = ()
    """The ids it had before (see `Entity`)."""

    @property
    def name(self) -> str:
        return self.title


@quick_init
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
    credibility: Grade | None = None
    according_to: EntityId | None = None
    estimate: bool = False
    inferred: str | None = None
    note: str | None = None
    disputed: Disputed = ()
    """Its date or place where sources dispute them (`date` and `place` hold the first alternative)."""
    according_to_outlet: str | None = None
    """Instead of `according_to`: the outlet the source attributes it to (see `Fact`)."""
    reviewed: tuple[Review, ...] = ()
    """The disputed parts the editor has looked at, each with the reason its values stand."""
    previous_ids: tuple[EntityId, ...] = ()
    """The ids it had before (see `Entity`)."""

    def alternatives(self, part: str) -> tuple[Fact, ...]:
        if not self.disputed:
            return ()
        return next((alternatives for name, alternatives in self.disputed if name == part), ())

    @property
    def places(self) -> tuple[EntityId, ...]:
        """Every place it may have happened at: its place, or each alternative of a disputed place."""
        alternatives = self.alternatives("place")
        if alternatives:
            return tuple(EntityId(str(f.value)) for f in alternatives)
        return (self.place,) if self.place else ()


@quick_init
@dataclass(frozen=True, slots=True)
class Settings:
    """The dossier's own description, from content/dossier.yml."""

    title: str
    description: str
    default_source: EntityId | None
    key_entities: tuple[EntityId, ...]
    language: str = "en"


@quick_init
@dataclass(frozen=True, slots=True)
class Link:
    """A relation as seen from one side: the other entity and the wording for this side, and its statement."""

    relation: Relation
    other: EntityId
    label: str
    inverse: bool
    statement: Statement | None = None


@quick_init
@dataclass(frozen=True, slots=True)
class Mention:
    """Where a page points at an entity: which entity or page, and how (relation, event, note)."""

    by: EntityId
    how: str


@quick_init
@dataclass(frozen=True, slots=True)
class NoteLink:
    """A link an editor wrote in a note, at its line: what it cannot do, or the site path and #fragment it reaches."""

    line: int
    href: str
    problem: str = ""
    target: str | None = None
    """The site path it points at; None for a web or mail link, or one with a problem."""
    fragment: str = ""


@quick_init
@dataclass(frozen=True, slots=True)
class CitedBy:
    """A fact citing a source sentence: its citation mark's place on the first page showing it,
    what the fact is, and the marks of the other pages showing the same fact."""

    url: UrlPath
    label: str
    also: tuple[tuple[UrlPath, str], ...] = ()
    """(the mark's place, the page's title) on each other page showing the fact."""


Slot = tuple[str, object]
"""A citing item of a page: (section, index or id), e.g. ("summary", 0), ("founded", 1), ("event", id)."""


@quick_init
@dataclass(frozen=True, slots=True)
class Mark:
    """One place of a page that cites: the number of its entry in the page's citation list, and
    an anchor of its own (the entry's first place is c-N, later ones c-N-2, c-N-3 ...)."""

    number: int
    use: int
    """Which place citing this entry it is: 1 for the first."""
    citation: Citation
    label: str
    statement: Pos = Pos("")
    """Where the citing fact, relation, event or quote is written: one statement shown on several
    pages (a relation on both sides' profiles, an event on the chronology and each timeline) is one."""

    @property
    def anchor(self) -> str:
        return f"c-{self.number}" if self.use == 1 else f"c-{self.number}-{self.use}"

    @property
    def sentence(self) -> int:
        """The sentence a reader is sent to: the first the quote is in."""
        return self.citation.sentences[0] if self.citation.sentences else 0


@quick_init
@dataclass(frozen=True, slots=True)
class Reference:
    """An entry of a page's citation list: one passage of a source, and every place citing it."""

    number: int
    citation: Citation
    marks: tuple[Mark, ...]


@quick_init
@dataclass(frozen=True, slots=True)
class PageCitations:
    """A page's citation list, and the marks each citing item has."""

    url: UrlPath
    title: str
    slots: Mapping[Slot, tuple[Mark, ...]]
    """Each citing item's marks, in reading order."""
    uses: tuple[tuple[Mark, ...], ...]
    """Each entry's marks, by entry number."""

    def of(self, slot: Slot) -> tuple[Mark, ...]:
        return self.slots.get(slot, ())

    @property
    def references(self) -> tuple[Reference, ...]:
        """The list, in the order its passages are first cited, as Wikipedia numbers its references."""
        return tuple(Reference(i + 1, places[0].citation, places) for i, places in enumerate(self.uses))

    @property
    def marks(self) -> tuple[Mark, ...]:
        """Every place citing, by entry then by place."""
        return tuple(mark for places in self.uses for mark in places)


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
    notes: Mapping[EntityId, str] = field(default_factory=lambda: MappingProxyType({}))
    """Each entity's note, if it has one, as Markdown with its wikilinks made links."""
    note_targets: Mapping[EntityId, tuple[EntityId, ...]] = field(default_factory=lambda: MappingProxyType({}))
    """The other records each note links to, in the order it first links to them."""
    note_links: Mapping[EntityId, tuple[NoteLink, ...]] = field(default_factory=lambda: MappingProxyType({}))
    """The links within the site that each note's editor wrote (not its wikilinks), to check against the pages."""
    citations: Mapping[str, PageCitations] = field(default_factory=lambda: MappingProxyType({}))
    """Each profile's (by entity id) and the chronology's ("chronology") citations, numbered."""
    cited_by: Mapping[EntityId, tuple[tuple[CitedBy, ...], ...]] = field(default_factory=lambda: MappingProxyType({}))
    """Each cited source's sentences' citers (see `citers`): a source's page reads them together."""
    statements: Mapping[str, Statement] = field(default_factory=lambda: MappingProxyType({}))
    """Every statement (see `statement`), by its id: what each output words and qualifies a fact by."""
    history: Mapping[Any, Any] = field(default_factory=lambda: MappingProxyType({}))
    """The releases and what changed between them, by the keys `history` gives (empty with no release)."""
    kinds: Mapping[str, tuple[EntityId, ...]] = field(init=False)
    """Each kind of entity -> the ids of its records, so a page listing one kind reads no other."""

    def __post_init__(self) -> None:
        """Every collection notes its reads (see `reads`): a page's inputs are what it read."""
        for name in _COLLECTIONS:
            value = getattr(self, name)
            if not isinstance(value, RecordedMapping):
                object.__setattr__(self, name, RecordedMapping(name, value))
        if not isinstance(self.events, RecordedTuple):
            object.__setattr__(self, "events", RecordedTuple(self.events))
        kinds: dict[str, list[EntityId]] = {}
        for entity in self.entities.data.values():  # type: ignore[attr-defined]
            kinds.setdefault(entity.kind, []).append(entity.id)
        object.__setattr__(self, "kinds", RecordedMapping("kinds", {k: tuple(v) for k, v in kinds.items()}))

    def citers(self, source: EntityId, sentence: int) -> tuple[CitedBy, ...]:
        """The facts citing a source's sentence (numbered from 1), each once, in page order."""
        found = self.cited_by.get(source, ())
        return found[sentence - 1] if 0 < sentence <= len(found) else ()

    def name_of(self, entity_id: EntityId) -> str:
        if entity_id in self.entities:
            return self.entities[entity_id].name
        return self.sources[entity_id].title

    def kind_of(self, entity_id: EntityId) -> str:
        if entity_id in self.entities:
            return self.entities[entity_id].kind
        return "source"


_COLLECTIONS = ("entities", "sources", "links", "timelines", "mentions", "quotes_about", "notes", "note_targets",
                "note_links", "citations", "cited_by", "statements", "history")
"""The `Dossier`'s mappings, each recorded under its own name (`settings` is a global input of every page)."""
