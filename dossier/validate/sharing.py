"""Checking shared out: the groups, people, places and events of a large dossier checked in a
forked worker as well as here, each record's check taken from the cache where it holds.

Takes the records to check, in file order, and what checking one needs (the index of ids, the
default source, the checked sources, and the checks kept by the last run, `kept`); gives each
record's model record (or None) in the same order, its diagnostics added to the run's in that
order, as checking them one after another here gives. A record is checked on its own (its
fields, dates, references to the index, its quotes against its sources' text), with diagnostics
of its own, added record by record in order. The one thing a record's check reads from the rest
of the run is how many quotes were not found before it (past `CLOSEST_PASSAGES`, the closest
passage is no longer looked up): an outcome, kept or checked elsewhere, that found such a quote
while its count differed from the run's is checked again here, in order (`Outcome.holds`).

The worker is forked once the sources are checked and split into sentences, so it has the
records, the index and each source's text and sentences without a byte pickled; what it gives
back, the chunk's outcomes, is pickled with `dumps_quick` (checking a record takes about six
times as long as loading what it gives). Below `PARALLEL_RECORDS` a worker costs more than it
saves. With a cache, each record's model record and diagnostics are pickled where it was checked,
once: the cache keeps those bytes, and this process loads them.
"""

from __future__ import annotations

import os
import pickle
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..core.diagnostics import Diagnostics
from ..core.frozen import dumps_quick
from ..core.kinds import ENTITY_KINDS
from ..core.model import Entity, EntityId, Event, Source
from ..core.parallel import Workers
from ..load.files import RawRecord
from .citations import split_source
from .kept import NOT_FOUND, KeptChecks, Outcome, Reads, SeenIndex, SeenSources, outcomes_of
from .records import RecordChecker
from .values import CLOSEST_PASSAGES

PARALLEL_RECORDS = 5000
"""Records to check from which a worker shares the work (about a second of checking): at 2,000 (1,000
entities) the worker took 0.24 s of CPU to save the main process 0.07 s."""


@dataclass(frozen=True)
class _Job:
    """What a chunk's check needs, inherited by the forked worker."""

    records: Sequence[RawRecord]
    index: dict[str, RawRecord]
    default_source: EntityId | None
    sources: dict[EntityId, Source]
    not_found: int
    """Quotes not found before the first record: each chunk's count starts here."""
    keeping: bool
    """Whether each outcome is pickled, with what its check read, to be kept."""
    here: int
    """This process's id: a chunk checked elsewhere gives its result pickled."""


def check_records(records: Sequence[RawRecord], diagnostics: Diagnostics, index: dict[str, RawRecord],
                  default_source: EntityId | None, sources: dict[EntityId, Source],
                  kept: KeptChecks | None = None) -> list[Entity | Event | None]:
    """Each record checked (see `check_record`) or its check taken from `kept`, in order; those
    checked are shared out when there are enough of them, and kept for the next run."""
    taken: list[Outcome | None] = [kept.take(r) if kept is not None else None for r in records]
    missed = [record for record, outcome in zip(records, taken, strict=True) if outcome is None]
    fresh = iter(_checked(missed, index, default_source, sources, diagnostics.counts[NOT_FOUND], kept is not None))
    items: list[Entity | Event | None] = []
    for record, (outcome, new) in zip(records, outcomes_of(taken, fresh), strict=True):
        before = diagnostics.counts[NOT_FOUND]
        if not outcome.holds(before):
            outcome, new = check_one(record, before, index, default_source, sources, kept is not None), True
        diagnostics.extend(outcome.diagnostics)
        if new and kept is not None:
            kept.keep(record, outcome)
        items.append(outcome.item)
    return items


def _checked(records: Sequence[RawRecord], index: dict[str, RawRecord], default_source: EntityId | None,
             sources: dict[EntityId, Source], not_found: int, keeping: bool) -> list[Outcome]:
    """Each record's outcome, checked as if `not_found` quotes were not found before the first."""
    jobs = (os.cpu_count() or 1) if len(records) >= PARALLEL_RECORDS else 1
    job = _Job(records, index, default_source, sources, not_found, keeping, os.getpid())
    if jobs <= 1:
        return _check_chunk(job, range(len(records)))
    for source in sources.values():  # split once, here, for the worker to inherit: not once in each process
        split_source(source.text)
    checked: list[Outcome] = []
    with Workers(job, len(records), jobs, cycles=False) as workers:
        chunks = workers.chunks(range(len(records)))  # type: ignore[arg-type]  # ranges: a few bytes each
        for result in workers.map(_check_chunk, chunks, at_once=True):
            checked.extend(_given_back(result))
    return checked


def check_one(record: RawRecord, not_found: int, index: dict[str, RawRecord], default_source: EntityId | None,
              sources: dict[EntityId, Source], keeping: bool) -> Outcome:
    """A record checked with diagnostics of its own, as if `not_found` quotes were not found before it;
    with `keeping`, what it read noted and its outcome pickled."""
    found = Diagnostics(counts=Counter({NOT_FOUND: not_found}))
    if not keeping:
        return Outcome(check_record(record, found, index, default_source, sources), found.items,
                       min(not_found, CLOSEST_PASSAGES))
    seen_index, seen_sources = SeenIndex(index), SeenSources(sources)
    item = check_record(record, found, seen_index, default_source, seen_sources)  # type: ignore[arg-type]
    reads = Reads.seen(seen_index, seen_sources, not_found)
    return Outcome(item, found.items, reads.before, reads, dumps_quick((item, found.items)))


def check_record(record: RawRecord, diagnostics: Diagnostics, index: dict[str, RawRecord],
                 default_source: EntityId | None, sources: dict[EntityId, Source]) -> Entity | Event | None:
    """A group's, person's, place's or event's model record (None for another kind, or if it is unusable)."""
    checker = RecordChecker(record, diagnostics, index, default_source, sources)
    item: Entity | Event | None = None
    if record.kind in ENTITY_KINDS:
        item = checker.entity()
    elif record.kind == "event":
        item = checker.event()
    record.forget_paths()  # each record's table of places lives while it is checked only
    return item


def _check_chunk(job: _Job, chunk: range) -> Any:
    not_found = job.not_found
    outcomes = []
    for i in chunk:
        outcome = check_one(job.records[i], not_found, job.index, job.default_source, job.sources, job.keeping)
        not_found += sum(d.code == NOT_FOUND for d in outcome.diagnostics)
        outcomes.append(outcome)
    if os.getpid() == job.here:
        return outcomes
    if job.keeping:  # the record and diagnostics travel once, in the bytes the cache keeps
        outcomes = [replace(outcome, item=None, diagnostics=[]) for outcome in outcomes]
    return dumps_quick(outcomes)


def _given_back(result: Any) -> list[Outcome]:
    """A chunk's outcomes: as they are if it was checked here, else unpickled (with the record and
    diagnostics from the bytes to keep, if they were left out)."""
    if not isinstance(result, bytes):
        return result
    outcomes: list[Outcome] = pickle.loads(result)
    for outcome in outcomes:
        if outcome.body is not None:
            outcome.item, outcome.diagnostics = pickle.loads(outcome.body)
    return outcomes
