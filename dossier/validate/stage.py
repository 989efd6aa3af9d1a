"""Validate: check raw records against the schema and turn them into typed model records.

Takes `LoadedContent`; gives a `ValidContent` of `Entity`, `Source` and `Event`
records plus diagnostics. It checks types, required and unknown fields, id
syntax and uniqueness, that every reference resolves, dates, that every quote
occurs in its source as whole words, within one paragraph, once or at the place
its citation names, and grades; it warns of numbers and dates a fact states that
its quotes do not give. It reports every problem it finds, never only the
first, each with its file, line and a did-you-mean where one fits. This module
indexes ids and runs the checks in order (the groups, people, places and events
shared out in `sharing`, each taken from the cache while what it read is unchanged, see `kept`);
`records` checks each kind of record and `values` each kind of value. The checks across records
(ids repeated or malformed, notes without a record, previous ids claimed twice, sources against
their copies) run over every record each time: they read only ids, paths and the model records.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..core.diagnostics import Diagnostics, Pos, did_you_mean
from ..core.kinds import ENTITY_KINDS
from ..core.model import ArchivedCopy, Entity, EntityId, Event, Settings, Source
from ..load.files import LoadedContent, RawNote, RawRecord
from .archive import check_archive
from .citations import split_source
from .kept import CheckedStore, KeptChecks
from .records import RecordChecker
from .sharing import check_records

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_MAX_ID = 80
_RESERVED_IDS = {"index", "con", "prn", "aux", "nul", "assets", "search"} | {
    f"{p}{n}" for p in ("com", "lpt") for n in range(10)}


@dataclass
class ValidContent:
    settings: Settings | None
    entities: dict[EntityId, Entity]
    sources: dict[EntityId, Source]
    events: list[Event]
    notes: dict[EntityId, str]
    """The note of each valid entity that has one, as written."""


def validate_content(loaded: LoadedContent, diagnostics: Diagnostics,
                     copies: dict[str, ArchivedCopy] | None = None, kept: CheckedStore | None = None) -> ValidContent:
    """Check everything, collecting diagnostics; give back what could be read. `copies`: the archive's
    captured copies by source id (see `load.archive`), or None when the content is checked without one.
    `kept`: the cache of records' checks, each taken back while what it read is unchanged (see `kept`)."""
    index = _index_ids(loaded.records, diagnostics)
    settings = None
    if loaded.settings is not None:
        settings = RecordChecker(loaded.settings, diagnostics, index, None, {}).settings()
        loaded.settings.forget_paths()
    default_source = settings.default_source if settings else None
    sources: dict[EntityId, Source] = {}
    for record in _unique(loaded.records, index):
        if record.kind == "source":
            source = RecordChecker(record, diagnostics, index, None, sources).source()
            record.forget_paths()  # each record's table of places lives while it is checked only
            if source:
                sources[source.id] = source
    sources = check_archive(sources, copies, index, diagnostics)
    notes = _attach_notes(loaded.notes, index, diagnostics)
    entities: dict[EntityId, Entity] = {}
    events: list[Event] = []
    others = [record for record in _unique(loaded.records, index) if record.kind != "source"]
    checks = KeptChecks(kept, loaded.digests, index, sources, default_source) if kept is not None else None
    for item in check_records(others, diagnostics, index, default_source, sources, checks):
        if isinstance(item, Entity):
            entities[item.id] = item
        elif item is not None:
            events.append(item)
    _check_previous_ids([*entities.values(), *sources.values(), *events], diagnostics)
    for source in sources.values():  # the passages found, kept for quotes cited again: no use once all are checked
        split_source(source.text).located.clear()
    return ValidContent(settings, entities, sources, events,
                        {entity_id: note.text for entity_id, note in notes.items() if entity_id in entities})


def _check_previous_ids(records: list[Entity | Source | Event], diagnostics: Diagnostics) -> None:
    """A previous id names one record's past: two records claiming it are an error at the second."""
    claimed: dict[str, Entity | Source | Event] = {}
    for record in records:
        for previous in record.previous_ids:
            first = claimed.setdefault(previous, record)
            if first is not record:
                diagnostics.error(record.pos, "id.previous",
                                  f"previous id '{previous}' is claimed by {first.pos.path} too; a record's history "
                                  "follows one record: keep it on the record that was renamed from it")


def _index_ids(records: list[RawRecord], diagnostics: Diagnostics) -> dict[str, RawRecord]:
    """Every well-formed id, once; bad and repeated ids are reported here."""
    index: dict[str, RawRecord] = {}
    invalid: list[tuple[RawRecord, str]] = []
    for record in records:
        problem = id_problem(record.id)
        if problem:
            invalid.append((record, problem))
            continue
        if record.id in index:
            first = index[record.id]
            diagnostics.error(Pos(record.path, 1), "id.duplicate",
                              f"id '{record.id}' is already used by {first.path}; ids are unique across all kinds")
            continue
        index[record.id] = record
    for record, problem in invalid:
        taken = index.get(record.id.lower())
        clash = (f" Note that {taken.path} already has the id '{taken.id}': on a disk that ignores case"
                 " the two files are one." if taken else "")
        diagnostics.error(Pos(record.path), "id.invalid",
                          f"file name gives the id '{record.id}', which {problem}{clash}")
    return index


def id_problem(text: str) -> str:
    """Why a string cannot be an id (it becomes a file name and a URL), or ''."""
    if not _ID.match(text):
        foreign = next((c for c in text if not c.isascii()), "")
        ascii_text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
        lowered = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
        hint = f" Did you mean '{lowered}'?" if lowered and _ID.match(lowered) and ascii_text.isascii() else ""
        what = (f" It contains '{foreign}' (U+{ord(foreign):04X} {unicodedata.name(foreign, 'unnamed character')}),"
                " which only looks like, or is not, an ASCII letter." if foreign else "")
        return "is not made of lowercase ASCII letters, digits and single hyphens." + what + hint
    if len(text) > _MAX_ID:
        return f"is longer than {_MAX_ID} characters."
    if text in _RESERVED_IDS:
        return ("is a reserved name: it would clash with a page the site makes itself (index, assets, search) "
                "or is a device name on Windows (con, nul, com1 ...).")
    return ""


def _unique(records: list[RawRecord], index: dict[str, RawRecord]) -> list[RawRecord]:
    return [r for r in records if index.get(r.id) is r]


def _attach_notes(notes: list[RawNote], index: dict[str, RawRecord],
                  diagnostics: Diagnostics) -> dict[EntityId, RawNote]:
    attached: dict[EntityId, RawNote] = {}
    for note in notes:
        record = index.get(note.id)
        if record is None or record.kind != note.kind or record.kind not in ENTITY_KINDS:
            diagnostics.error(Pos(note.path, 1), "note.orphan",
                              f"note '{note.path}' has no group, person or place record "
                              f"'{note.id}.yml' beside it." + did_you_mean(note.id, index))
            continue
        attached[EntityId(note.id)] = note
    return attached
