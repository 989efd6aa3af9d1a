"""Kept checks: each record's check (its model record and its diagnostics) kept between runs, and
taken back while everything the check read is as it was.

Takes the cache (a `CheckedStore`), the digest of each record file's bytes (as load found them),
the index of ids, the checked sources and the default source; gives, for a group, person, place
or event, the `Outcome` its check gave last time if it still holds, and keeps the outcome of each
record checked again. A record's check reads, and its kept outcome is keyed by (`dependencies`):

- its own file: the digest of its bytes;
- each id it looks up (`SeenIndex`): whether a record has it, and that record's kind and path;
- every id, when it lists them (a did-you-mean, an unknown reference);
- each source it looks up (`SeenSources`): the whole checked source (its text, which quotes are
  checked against; its date, which resolves a date said without a year; its title and the rest);
- every source, when it lists them (an outlet named in `according_to`);
- the default source of dossier.yml;
- how many quotes were not found before it, when it has one itself (past `CLOSEST_PASSAGES` the
  closest passage is not given): `Outcome.holds`.

The index and the sources are handed to the check only through the two recorders, which note
each read as it is made, so a read added to the checks is noted without a list kept by hand; one
they do not know (another method of the mapping) raises, it is never let through unnoted. Any
dependency that cannot be found again (a file without a digest, an entry that does not decode)
is a miss: the record is checked again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from ..core.diagnostics import Diagnostic
from ..core.model import Entity, EntityId, Event, Source
from ..load.files import RawRecord
from .values import CLOSEST_PASSAGES

NOT_FOUND = "cite.not-in-source"


class CheckedStore(Protocol):
    """Where records' checks are kept between runs (see `cache.store`)."""

    def checked(self) -> dict[str, tuple[bytes, str, bytes]]:
        """Content path -> (digest of the file's bytes, `Reads.encode()`, `dependencies`) of each kept check."""

    def checked_outcome(self, rel: str) -> tuple[Entity | Event | None, list[Diagnostic]] | None:
        """The model record and diagnostics kept for the file at `rel`, or None (none kept, or
        one that cannot be trusted: the cache is then discarded)."""

    def keep_checked(self, rel: str, key: bytes, reads: str, dependencies: bytes, body: bytes) -> None:
        """Keep a check's outcome: `body`, its model record and diagnostics pickled (`dumps_quick`)."""


class SeenIndex:
    """The index of ids as one record's check reads it, noting each id looked up (`ids`) and
    whether every id was listed (`whole`)."""

    __slots__ = ("index", "ids", "whole")

    def __init__(self, index: dict[str, RawRecord]):
        self.index = index
        self.ids: list[str] = []
        self.whole = False

    def get(self, key: str, default: Any = None) -> RawRecord | None:
        self.ids.append(key)
        return self.index.get(key, default)

    def __contains__(self, key: str) -> bool:
        self.ids.append(key)
        return key in self.index

    def __getitem__(self, key: str) -> RawRecord:
        self.ids.append(key)
        return self.index[key]

    def items(self) -> Any:
        self.whole = True
        return self.index.items()


class SeenSources:
    """The checked sources as one record's check reads them, noting each looked up (`ids`) and
    whether all were listed (`whole`)."""

    __slots__ = ("sources", "ids", "whole")

    def __init__(self, sources: dict[EntityId, Source]):
        self.sources = sources
        self.ids: list[str] = []
        self.whole = False

    def get(self, key: EntityId | None, default: Any = None) -> Source | None:
        if key is not None:
            self.ids.append(key)
        return self.sources.get(key, default)  # type: ignore[arg-type]

    def values(self) -> Any:
        self.whole = True
        return self.sources.values()


@dataclass(frozen=True)
class Reads:
    """What one record's check read of the rest of the run (see the module)."""

    ids: tuple[str, ...]
    sources: tuple[str, ...]
    all_ids: bool
    all_sources: bool
    before: int
    """Quotes not found before it, up to CLOSEST_PASSAGES (past it they are alike)."""

    @classmethod
    def seen(cls, index: SeenIndex, sources: SeenSources, before: int) -> Reads:
        return cls(tuple(dict.fromkeys(index.ids)), tuple(dict.fromkeys(sources.ids)), index.whole, sources.whole,
                   min(before, CLOSEST_PASSAGES))

    def encode(self) -> str:
        return json.dumps([self.before, self.ids, self.sources, self.all_ids, self.all_sources],
                          separators=(",", ":"))

    @classmethod
    def decode(cls, text: str) -> Reads | None:
        """What `encode` wrote, or None."""
        try:
            before, ids, sources, all_ids, all_sources = json.loads(text)
        except (ValueError, TypeError, RecursionError):
            return None
        if not (type(before) is int and isinstance(ids, list) and isinstance(sources, list)
                and all(type(i) is str for i in ids) and all(type(s) is str for s in sources)
                and type(all_ids) is bool and type(all_sources) is bool):
            return None
        return cls(tuple(ids), tuple(sources), all_ids, all_sources, before)


@dataclass
class Outcome:
    """What checking one record gave: its model record, its diagnostics, what it read, and (to be
    kept) the first two pickled."""

    item: Entity | Event | None
    diagnostics: list[Diagnostic]
    before: int
    """Quotes not found before it when it was checked, up to CLOSEST_PASSAGES."""
    reads: Reads | None = None
    body: bytes | None = None

    def holds(self, not_found_before: int) -> bool:
        """Whether the record, checked with `not_found_before` quotes not found before it, gives this."""
        if min(not_found_before, CLOSEST_PASSAGES) == self.before:
            return True
        return not any(d.code == NOT_FOUND for d in self.diagnostics)


class KeptChecks:
    """The checks kept in the store, taken back (`take`) or kept anew (`keep`) for this run's index,
    sources and default source."""

    def __init__(self, store: CheckedStore, digests: dict[str, bytes], index: dict[str, RawRecord],
                 sources: dict[EntityId, Source], default_source: EntityId | None):
        self.store = store
        self.digests = digests
        self.index = index
        self.sources = sources
        self.default_source = default_source
        self.rows = store.checked()
        self._source_digests: dict[str, bytes] = {}
        self._all_ids: bytes | None = None
        self._all_sources: bytes | None = None

    def take(self, record: RawRecord) -> Outcome | None:
        """The kept outcome of the record's check, if its file and everything the check read are as they were."""
        row = self.rows.get(record.path)
        key = self.digests.get(record.path)
        if row is None or key is None or row[0] != key:
            return None
        reads = Reads.decode(row[1])
        if reads is None or self.dependencies(reads) != row[2]:
            return None
        found = self.store.checked_outcome(record.path)
        if found is None:
            return None
        return Outcome(found[0], found[1], reads.before, reads)

    def keep(self, record: RawRecord, outcome: Outcome) -> None:
        """Keep a record's outcome, checked in this run, for the next (if its file's digest is known)."""
        key = self.digests.get(record.path)
        if key is None or outcome.reads is None or outcome.body is None:
            return
        self.store.keep_checked(record.path, key, outcome.reads.encode(), self.dependencies(outcome.reads),
                                outcome.body)

    def dependencies(self, reads: Reads) -> bytes:
        """The digest of what `reads` names, as it is in this run."""
        h = hashlib.blake2b(digest_size=16)
        _feed(h, "default", self.default_source or "")
        for key in reads.ids:
            found = self.index.get(key)
            _feed(h, "id", key, "" if found is None else f"{found.kind}\0{found.path}")
        for key in reads.sources:
            _feed(h, "source", key)
            h.update(self._source_digest(key))
        if reads.all_ids:
            h.update(self._every_id())
        if reads.all_sources:
            h.update(self._every_source())
        return h.digest()

    def _source_digest(self, key: str) -> bytes:
        found = self._source_digests.get(key)
        if found is None:
            source = self.sources.get(EntityId(key))
            text = "" if source is None else repr(source)  # every field the check may read (the copy's bytes
            found = hashlib.blake2b(text.encode("utf-8", "surrogatepass"),  # are the sha256 it gives)
                                    digest_size=16).digest()
            self._source_digests[key] = found
        return found

    def _every_id(self) -> bytes:
        if self._all_ids is None:
            h = hashlib.blake2b(digest_size=16)
            for key, record in self.index.items():
                _feed(h, key, record.kind, record.path)
            self._all_ids = h.digest()
        return self._all_ids

    def _every_source(self) -> bytes:
        if self._all_sources is None:
            h = hashlib.blake2b(digest_size=16)
            for key in self.sources:
                _feed(h, key)
                h.update(self._source_digest(key))
            self._all_sources = h.digest()
        return self._all_sources


def _feed(h: Any, *parts: str) -> None:
    """Feed parts to a digest, each with its length, so no two lists of parts feed the same bytes."""
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)


def outcomes_of(taken: list[Outcome | None], fresh: Iterator[Outcome]) -> Iterator[tuple[Outcome, bool]]:
    """Each record's outcome in order, kept or fresh (`fresh` gives those of the records not kept,
    in order), and whether it is fresh."""
    for outcome in taken:
        yield (outcome, False) if outcome is not None else (next(fresh), True)
