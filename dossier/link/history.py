"""History: the `Dossier`'s `history` collection, from the project's releases and the dossier now.

Part of the link stage. Takes the release files (see `load.releases`), the dossier's
snapshot now (see `snapshot`) and a cache of what earlier runs found; gives the values of
`core.history`: the releases, what each changed since the one before it (see `releasediff`),
what the dossier changed since its latest release, each record's history, each statement's
first and last releases, and each release's FollowTheMoney delta.

Comparing the releases with each other is done once for a set of releases: what it finds is
kept in the cache under a digest of the release files (`releasecache`), so a run with no new
release reads it back and compares nothing but the dossier now with its latest release, and
that only where a record's block differs from the release's.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

from ..core.history import RELEASES, SEEN, UNRELEASED, Changes, Delta, Entry, FactChange, RecordChange, Seen
from ..core.releasefile import ReleaseFileError, decompress, ftm_texts
from .releasecache import Past, SeenBlocks, chain_key, decode_past, encode_past
from .releasediff import SnapshotDiff, diff_snapshots
from .snapshot import Snapshot

if TYPE_CHECKING:
    from ..load.releases import ReleaseFile

CACHE_STATE = "history"
"""The name of the cache's record of what comparing the releases found."""


class HistoryCache(Protocol):
    """Where what comparing the releases found is kept between runs (the build cache's named state)."""

    def state(self, name: str) -> Any: ...

    def set_state(self, name: str, value: Any) -> None: ...


def link_history(files: Sequence[ReleaseFile], now: Snapshot, cache: HistoryCache | None = None) -> dict[Any, Any]:
    """The history collection's values by key (see `core.history`); {} with no release.
    ReleaseFileError names the file that cannot be read."""
    if not files:
        return {}
    key = chain_key(files)
    recalled = cache.state(CACHE_STATE) if cache is not None else None
    past = decode_past(recalled, key) if isinstance(recalled, dict) else None
    texts = _Texts(files)
    latest_snapshot = _snapshot(files[-1], texts)
    if past is None:
        past = compare_releases(files, texts, latest_snapshot)
        if cache is not None:
            cache.set_state(CACHE_STATE, encode_past(past, key))
    since_latest = diff_snapshots(latest_snapshot, now)
    unreleased = changes_of(since_latest, UNRELEASED, files[-1].name)
    seen = seen_now(past.seen, since_latest, now, files)
    found: dict[Any, Any] = {RELEASES: tuple(file.release for file in files), SEEN: seen,
                             ("changes", UNRELEASED): unreleased}
    for file in files:
        found[("changes", file.name)] = past.changes[file.name]
        found[("delta", file.name)] = Delta(file.name, past.changes[file.name].since, tuple(past.ops[file.name]),
                                            file.digest, file.data)
    dates = {file.name: file.release.date for file in files}
    for record_id, entries in record_entries([unreleased, *(past.changes[f.name] for f in reversed(files))],
                                             dates).items():
        found[("record", record_id)] = entries
    return found


class _Texts(dict[str, bytes]):
    """Each release file's text, decompressed when first asked for (a run with what comparing the
    releases found in its cache reads the latest alone)."""

    def __init__(self, files: Sequence[ReleaseFile]):
        super().__init__()
        self.files = {file.name: file for file in files}

    def __missing__(self, name: str) -> bytes:
        file = self.files[name]
        try:
            found = self[name] = decompress(file.data)
        except ReleaseFileError as exc:
            raise ReleaseFileError(str(exc), file.path) from None
        return found


def _snapshot(file: ReleaseFile, texts: dict[str, bytes]) -> Snapshot:
    try:
        return Snapshot.of_text(texts[file.name])
    except ReleaseFileError as exc:
        raise ReleaseFileError(str(exc), file.path) from None


def compare_releases(files: Sequence[ReleaseFile], texts: dict[str, bytes], latest: Snapshot) -> Past:
    """Each release against the one before it: what changed, the statements' first and last releases
    in the latest, and each release's FollowTheMoney operations."""
    past = Past({}, {}, {})
    previous: Snapshot | None = None
    past_name = ""
    seen: SeenBlocks = {}
    entities: dict[str, dict[str, str]] = {}

    def ftm(name: str) -> dict[str, str]:
        """A release's entities, read once: kept for the next release's comparison, then let go."""
        if name not in entities:
            for older in [k for k in entities if k != past_name]:
                del entities[older]
            entities[name] = ftm_texts(texts[name])
        return entities[name]

    for file in files:
        snapshot = latest if file is files[-1] else _snapshot(file, texts)
        name = file.name
        try:
            if previous is None:
                past.changes[name] = Changes(name, "", tuple(
                    RecordChange("added", r, snapshot.record(r).kind, snapshot.record(r).name)
                    for r in snapshot.blocks), (), first=file.release.statements)
                seen = {r: [(name, name)] * snapshot.statement_count(r) for r in snapshot.blocks}
                past.ops[name] = [("ADD", entity_id) for entity_id in ftm(name)]
            else:
                diff = diff_snapshots(previous, snapshot)
                past.changes[name] = changes_of(diff, name, past_name)
                seen = carry_seen(seen, diff, snapshot, name)
                past.ops[name] = ftm_ops(ftm(past_name), ftm(name))
        except ReleaseFileError as exc:
            raise ReleaseFileError(str(exc), file.path) from None
        except (ValueError, KeyError, TypeError, IndexError) as exc:
            raise ReleaseFileError(f"a line does not read as a release's ({type(exc).__name__}: {exc})",
                                   file.path) from None
        if past_name:
            texts.pop(past_name, None)  # read: its snapshot and entities are kept while needed
        previous, past_name = snapshot, name
    past.seen.update(seen)
    return past


def changes_of(diff: SnapshotDiff, release: str, since: str) -> Changes:
    names = tuple((r.id, r.kind, r.name) for r in diff.names.values())
    return Changes(release, since, tuple(diff.records), tuple(diff.facts), names)


def carry_seen(seen: SeenBlocks, diff: SnapshotDiff, snapshot: Snapshot, release: str) -> SeenBlocks:
    """Each statement of the newer snapshot's first release and the release since which it is as it is,
    from the older's and what changed (`release` for the statements it added or changed)."""
    found: SeenBlocks = {}
    for record_id in snapshot.blocks:
        if record_id in diff.same:
            found[record_id] = seen[diff.same[record_id]]
            continue
        old_id, pairs = diff.paired.get(record_id, ("", {}))
        before = seen.get(old_id, [])
        made = []
        for index in range(snapshot.statement_count(record_id)):
            pair = pairs.get(index)
            if pair is None or pair[0] >= len(before):
                made.append((release, release))
            else:
                first, changed = before[pair[0]]
                made.append((first, release) if pair[1] else (first, changed))
        found[record_id] = made
    return found


def seen_now(seen: SeenBlocks, diff: SnapshotDiff, now: Snapshot, files: Sequence[ReleaseFile]) -> dict[str, Seen]:
    """Each statement of the dossier now: its first release and the one since which it is as it is."""
    blocks = carry_seen(seen, diff, now, UNRELEASED)
    dates = {file.name: file.release.date for file in files} | {UNRELEASED: ""}
    latest_date = files[-1].release.date
    found: dict[str, Seen] = {}
    for record_id, ids in now.statement_ids.items():
        for statement_id, (first, changed) in zip(ids, blocks.get(record_id, ()), strict=False):
            found[statement_id] = Seen(first, dates.get(first, ""), changed, dates.get(changed, ""),
                                       latest_date if changed else "")
    return found


def record_entries(changes: list[Changes], dates: dict[str, str]) -> dict[str, tuple[Entry, ...]]:
    """Each record's history, newest first: what each release (and the dossier since its latest) changed of
    it and of the facts that name it; a record renamed since is found under its id now."""
    renamed: dict[str, str] = {}
    for found in reversed(changes):  # oldest first: a later rename of a renamed record follows it
        for record in found.records:
            if record.change == "renamed" and record.previous_id:
                renamed[record.previous_id] = record.record
    now = _resolver(renamed)
    entries: dict[str, list[Entry]] = {}
    for found in changes:
        records: dict[str, list[RecordChange]] = {}
        facts: dict[str, list[FactChange]] = {}
        for record in found.records:
            records.setdefault(now(record.record), []).append(record)
        for fact in found.facts:
            for record_id in dict.fromkeys((fact.record, *fact.others)):
                facts.setdefault(now(record_id), []).append(fact)
        names = {name[0]: name for name in found.names}
        for record_id in dict.fromkeys([*records, *facts]):
            own = tuple(facts.get(record_id, ()))
            written_on = dict.fromkeys(f.record for f in own)
            entries.setdefault(record_id, []).append(Entry(
                found.release, dates.get(found.release, ""), tuple(records.get(record_id, ())), own,
                bool(found.first), tuple(names[r] for r in written_on if r in names)))
    return {record_id: tuple(found) for record_id, found in entries.items()}


def _resolver(renamed: dict[str, str]):
    def now(record_id: str) -> str:
        seen = {record_id}
        while record_id in renamed and renamed[record_id] not in seen:
            record_id = renamed[record_id]
            seen.add(record_id)
        return record_id
    return now


def ftm_ops(before: dict[str, str], after: dict[str, str]) -> list[tuple[str, str]]:
    """The operations that make `before`'s entities `after`'s: ADD and MOD in the newer's order, then DEL."""
    ops = [("ADD" if entity_id not in before else "MOD", entity_id) for entity_id, text in after.items()
           if before.get(entity_id) != text]
    return ops + [("DEL", entity_id) for entity_id in before if entity_id not in after]
