"""Checking shared out: the groups, people, places and events of a large dossier checked in a
forked worker as well as here.

Takes the records to check, in file order, and what checking one needs (the index of ids, the
default source, the checked sources); gives each record's model record (or None) in the same
order, its diagnostics added to the run's in that order, as checking them one after another
here gives. A record is checked on its own (its fields, dates, references to the index, its
quotes against its sources' text), so each chunk of records is checked with diagnostics of its
own and they are added chunk by chunk in order. The one thing a record's check reads from the
rest of the run is how many quotes were not found before it (past `CLOSEST_PASSAGES`, the
closest passage is no longer looked up): a chunk that found such a quote while its count
differed from the run's is checked again here, in order.

The worker is forked once the sources are checked and split into sentences, so it has the
records, the index and each source's text and sentences without a byte pickled; what it gives
back, the chunk's records and diagnostics, is pickled with `dumps_quick` (checking a record takes
about six times as long as loading what it gives). Below `PARALLEL_RECORDS` a worker costs more
than it saves.
"""

from __future__ import annotations

import os
import pickle
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..core.diagnostics import Diagnostic, Diagnostics
from ..core.frozen import dumps_quick
from ..core.kinds import ENTITY_KINDS
from ..core.model import Entity, EntityId, Event, Source
from ..core.parallel import Workers
from ..load.files import RawRecord
from .citations import split_source
from .records import RecordChecker
from .values import CLOSEST_PASSAGES

PARALLEL_RECORDS = 5000
"""Records to check from which a worker shares the work (about a second of checking): at 2,000 (1,000
entities) the worker took 0.24 s of CPU to save the main process 0.07 s."""
_NOT_FOUND = "cite.not-in-source"


@dataclass(frozen=True)
class _Job:
    """What a chunk's check needs, inherited by the forked worker."""

    records: Sequence[RawRecord]
    index: dict[str, RawRecord]
    default_source: EntityId | None
    sources: dict[EntityId, Source]
    not_found: int
    """Quotes not found before the first record: each chunk's count starts here."""
    here: int
    """This process's id: a chunk checked elsewhere gives its result pickled."""


def check_records(records: Sequence[RawRecord], diagnostics: Diagnostics, index: dict[str, RawRecord],
                  default_source: EntityId | None, sources: dict[EntityId, Source]) -> list[Entity | Event | None]:
    """Each record checked (see `check_record`), in order, shared out when there are enough of them."""
    jobs = (os.cpu_count() or 1) if len(records) >= PARALLEL_RECORDS else 1
    if jobs <= 1:
        return [check_record(record, diagnostics, index, default_source, sources) for record in records]
    for source in sources.values():  # split once, here, for the worker to inherit: not once in each process
        split_source(source.text)
    job = _Job(records, index, default_source, sources, diagnostics.counts[_NOT_FOUND], os.getpid())
    checked: list[Entity | Event | None] = []
    with Workers(job, len(records), jobs, cycles=False) as workers:
        chunks = workers.chunks(range(len(records)))  # type: ignore[arg-type]  # ranges: a few bytes each
        for chunk, result in zip(chunks, workers.map(_check_chunk, chunks, at_once=True), strict=True):
            items, found = _given_back(result)
            if not _same_as_in_order(found, job.not_found, diagnostics.counts[_NOT_FOUND]):
                items = [check_record(records[i], diagnostics, index, default_source, sources) for i in chunk]
            else:
                diagnostics.extend(found)
            checked.extend(items)
    return checked


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
    found = Diagnostics(counts=Counter({_NOT_FOUND: job.not_found}))
    items = [check_record(job.records[i], found, job.index, job.default_source, job.sources) for i in chunk]
    result = (items, found.items)
    return result if os.getpid() == job.here else dumps_quick(result)


def _given_back(result: Any) -> tuple[list[Entity | Event | None], list[Diagnostic]]:
    """A chunk's records and diagnostics: as they are if it was checked here, else unpickled."""
    return pickle.loads(result) if isinstance(result, bytes) else result


def _same_as_in_order(found: list[Diagnostic], assumed: int, actual: int) -> bool:
    """Whether a chunk checked with `assumed` quotes not found before it gives what it would with `actual`."""
    if actual == assumed or (assumed >= CLOSEST_PASSAGES and actual >= CLOSEST_PASSAGES):
        return True
    return not any(d.code == _NOT_FOUND for d in found)
