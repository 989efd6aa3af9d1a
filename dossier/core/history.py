"""History: the dossier's releases and what changed between them, as pages and data files show it.

A release (`dossier release NAME`) is a snapshot of every statement, kept in the project's
`releases/` folder (see `releasefile`). The link stage compares each release with the one
before it, and the dossier as it is now with the latest release, and gives these values,
in the `Dossier`'s `history` collection under the keys below, so that a page's reads of them
are recorded as its reads of any other part of the dossier:

- `RELEASES`: every release, oldest first (`Release`);
- `("changes", name)`: what release `name` changed since the release before it, and
  `("changes", UNRELEASED)` what the dossier changed since its latest release (`Changes`);
- `("record", id)`: what each release changed of one record's facts, newest first (`Entry`);
- `SEEN`: for each statement of the dossier now, the release it first appeared in and the one
  since which it has been as it is (`Seen`);
- `("delta", name)`: release `name`'s FollowTheMoney delta (`Delta`).

A dossier with no release has none of these keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .releasefile import decompress, delta_lines, ftm_texts

RELEASES = "releases"
SEEN = "seen"
UNRELEASED = ""
"""The 'release' of the changes made since the latest release."""


@dataclass(frozen=True, slots=True)
class Release:
    """One release, as its file's first line gives it."""

    name: str
    date: str
    """When it was made, in UTC: '2025-03-01T12:00:00Z'."""
    note: str
    sequence: int
    """Its place among the releases (from 1), which orders them."""
    statements: int
    records: int

    @property
    def day(self) -> str:
        """Its date without the time: '2025-03-01'."""
        return self.date[:10]


@dataclass(frozen=True, slots=True)
class Cited:
    """A citation that came or went: the source (its id and title, as the release had it) and the words."""

    source: str
    title: str
    quote: str


@dataclass(frozen=True, slots=True)
class FactChange:
    """A statement added, removed or changed between two snapshots, with both sides' words."""

    change: str
    """'added', 'removed' or 'changed'."""
    record: str
    """The record it is written on (its id now; the id it had, for a removed record)."""
    statement: str
    """Its id in the newer snapshot (in the older one, if removed)."""
    before: str
    """Its words, with its qualifiers in brackets, in the older snapshot ('' if added)."""
    after: str
    """Likewise in the newer ('' if removed)."""
    value_changed: bool = False
    """For a change: whether what it states changed, not only its qualifiers or citations."""
    qualifiers_before: str = ""
    qualifiers_after: str = ""
    """For a change of qualifiers: their words on each side ('estimate; according to ...'), else ''."""
    cites_added: tuple[Cited, ...] = ()
    cites_removed: tuple[Cited, ...] = ()
    others: tuple[str, ...] = ()
    """The other records it names (a relation's target, an event's records), whose histories show it too."""


@dataclass(frozen=True, slots=True)
class RecordChange:
    """A record added, removed, or given a new id (a rename, through `previous_ids`) or a new name."""

    change: str
    """'added', 'removed' or 'renamed'."""
    record: str
    """Its id in the newer snapshot (in the older one, if removed)."""
    kind: str
    name: str
    previous_id: str = ""
    """For a rename: the id it had ('' if only its name changed)."""
    previous_name: str = ""
    """For a rename: the name it had, where it changed."""


@dataclass(frozen=True, slots=True)
class Changes:
    """What one release changed since the one before it (or the dossier since its latest release)."""

    release: str
    """Its name; `UNRELEASED` for the changes since the latest release."""
    since: str
    """The release it is compared with; '' for the first release, compared with nothing."""
    records: tuple[RecordChange, ...]
    facts: tuple[FactChange, ...]
    names: tuple[tuple[str, str, str], ...] = ()
    """(id, kind, name) of every record its changes name, as the newer snapshot (or else the older) has it."""
    first: int = 0
    """For the first release: its number of statements, which are not listed one by one."""

    @property
    def empty(self) -> bool:
        return not (self.records or self.facts)


@dataclass(frozen=True, slots=True)
class Entry:
    """What one release changed of one record: its own changes and those of its facts."""

    release: str
    date: str
    """The release's date ('' for the changes since the latest release)."""
    records: tuple[RecordChange, ...]
    facts: tuple[FactChange, ...]
    first: bool = False
    """Whether the release is the first (whose changes are every record, added)."""
    names: tuple[tuple[str, str, str], ...] = ()
    """(id, kind, name) of the records its facts are written on, as `Changes.names` has them: so that a
    profile shows its history without reading the release's whole changes."""


@dataclass(frozen=True, slots=True)
class Seen:
    """A statement's history: the release it first appeared in, and the one since which it has been as
    it is now ('' for each where that is the dossier since its latest release), with their dates."""

    first: str
    first_date: str
    changed: str
    changed_date: str
    latest_date: str
    """The latest release's date, if the statement is in it as it is now; else ''."""


@dataclass(frozen=True)
class Delta:
    """A release's FollowTheMoney delta: each line an operation, as OpenSanctions writes them:
    {"op": "ADD"|"MOD", "entity": {...}} or {"op": "DEL", "entity": {"id": ...}}.

    It holds the operations and the release file they take their entities from, and makes its lines
    when they are asked for (`lines`), so a build that exports no data reads no release's entities.
    It is the operations and the file's digest that say what it is: they alone are compared and
    pickled (a page's or the data's inputs are digested through pickle)."""

    release: str
    since: str
    ops: tuple[tuple[str, str], ...]
    """(ADD, MOD or DEL, entity id), in the order of the lines."""
    file_digest: str
    data: bytes = field(default=b"", compare=False, repr=False)
    """The release file's bytes, compressed."""

    def lines(self) -> tuple[str, ...]:
        texts = ftm_texts(decompress(self.data)) if any(op != "DEL" for op, _ in self.ops) else {}
        return delta_lines(list(self.ops), texts)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Delta, (self.release, self.since, self.ops, self.file_digest))
