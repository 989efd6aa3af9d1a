"""History: the changes pages and each profile's history, as plain views of the dossier's releases.

Takes the `Dossier`'s `history` collection (made in the link stage, see `core.history`);
gives the pages `changes.html` (what changed since the latest release, and every release
with what it changed) and `changes/NAME.html` (one release's changes against the one before
it), and the history block of a profile: which of its facts entered or changed in which
release. Records are linked where they exist now and named as the release had them where
they do not. A dossier with no release has none of these pages and no history block.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..core.history import RELEASES, UNRELEASED, Changes, Cited, Entry, FactChange, RecordChange, Release
from ..core.model import Dossier, EntityId, UrlPath
from ..core.urls import event_url
from .views import ViewBuilder

CHANGES = UrlPath("changes.html")
FEED = "changes.xml"


def release_url(name: str) -> UrlPath:
    """The page of what release `name` changed."""
    return UrlPath(f"changes/{name}.html")


def releases(dossier: Dossier) -> tuple[Release, ...]:
    return dossier.history.get(RELEASES) or ()


def changes_keys(dossier: Dossier) -> list[str]:
    """The changes pages: '' for changes.html, and each release's name, oldest first."""
    found = releases(dossier)
    return ["", *(release.name for release in found)] if found else []


def changes_page_url(key: str) -> UrlPath:
    return release_url(key) if key else CHANGES


def counts(changes: Changes) -> str:
    """'1 record added, 1 renamed; 3 facts changed, 2 added' or 'no change'."""
    if changes.first:
        return f"the first release: {_n(changes.first, 'statement')} of {_n(len(changes.records), 'record')}"
    parts = []
    for things, noun, kinds in ((changes.records, "record", ("added", "removed", "renamed")),
                                (changes.facts, "fact", ("changed", "added", "removed"))):
        found = [(sum(1 for c in things if c.change == kind), kind) for kind in kinds]
        found = [(n, kind) for n, kind in found if n]
        if found:
            head, *rest = found
            parts.append(", ".join([f"{_n(head[0], noun)} {head[1]}", *(f"{n} {kind}" for n, kind in rest)]))
    return "; ".join(parts) or "no change"


def _n(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


class HistoryViews:
    """The views of the history, through a page's `ViewBuilder` (whose links are read as the page's)."""

    def __init__(self, dossier: Dossier, views: ViewBuilder):
        self.dossier, self.views = dossier, views

    def record_link(self, record_id: str, kind: str, name: str) -> dict[str, Any]:
        """{name, url, kind}: a link where the record exists now ('' url where it does not)."""
        record = EntityId(record_id)
        if kind == "event":
            if record in self.views.event_order:
                event = self.dossier.events[self.views.event_order[record]]
                return {"name": event.title, "url": event_url(record), "kind": "event"}
        elif record in self.dossier.entities or record in self.dossier.sources:
            link = self.views.link(record)
            return {"name": link.name, "url": link.url, "kind": link.kind}
        return {"name": name or record_id, "url": "", "kind": kind}

    def _names(self, changes: Changes) -> dict[str, tuple[str, str]]:
        return {record_id: (kind, name) for record_id, kind, name in changes.names}

    def fact(self, fact: FactChange, names: dict[str, tuple[str, str]]) -> dict[str, Any]:
        kind, name = names.get(fact.record, ("", fact.record))
        return {"change": fact.change, "record": self.record_link(fact.record, kind, name),
                "statement": fact.statement, "before": fact.before, "after": fact.after,
                "value_changed": fact.value_changed, "qualifiers_before": fact.qualifiers_before,
                "qualifiers_after": fact.qualifiers_after,
                "cites_added": [self.cited(c) for c in fact.cites_added],
                "cites_removed": [self.cited(c) for c in fact.cites_removed]}

    def cited(self, cited: Cited) -> dict[str, Any]:
        return {"source": self.record_link(cited.source, "source", cited.title), "quote": cited.quote}

    def record(self, record: RecordChange) -> dict[str, Any]:
        return {"change": record.change, "link": self.record_link(record.record, record.kind, record.name),
                "kind": record.kind, "previous_id": record.previous_id, "previous_name": record.previous_name}

    def changes(self, changes: Changes, listed: bool = True) -> dict[str, Any]:
        """What one release changed: its records' changes, and its facts' grouped by record."""
        names = self._names(changes)
        groups: dict[str, list[dict[str, Any]]] = {}
        for fact in changes.facts:
            groups.setdefault(fact.record, []).append(self.fact(fact, names))
        return {"counts": counts(changes), "empty": changes.empty and not changes.first,
                "first": bool(changes.first),
                "records": [self.record(r) for r in changes.records] if listed else [],
                "groups": [{"record": facts[0]["record"], "facts": facts} for facts in groups.values()]}

    def release(self, release: Release) -> dict[str, Any]:
        return {"name": release.name, "date": release.day, "note": release.note, "sequence": release.sequence,
                "url": release_url(release.name), "statements": release.statements, "records": release.records}

    def entries(self, entries: Iterable[Entry], record_id: str) -> list[dict[str, Any]]:
        """A profile's history, newest first: each release's changes to it and to the facts that name it."""
        found = []
        for entry in entries:
            names = {record_id: (kind, name) for record_id, kind, name in entry.names}
            found.append({"release": entry.release, "date": entry.date[:10],
                          "url": release_url(entry.release) if entry.release != UNRELEASED else CHANGES,
                          "first": entry.first,
                          "records": [self.record(r) for r in entry.records],
                          "facts": [self.fact(f, names) for f in entry.facts]})
        return found


def changes_context(dossier: Dossier, views: ViewBuilder, key: str) -> tuple[str, dict[str, Any]]:
    """The title and context of a changes page (see `changes_keys`)."""
    history = HistoryViews(dossier, views)
    found = releases(dossier)
    if key == UNRELEASED:
        latest = found[-1]
        return "Changes", {
            "mode": "index", "latest": history.release(latest),
            "unreleased": history.changes(dossier.history[("changes", UNRELEASED)]),
            "releases": [dict(history.release(r), counts=counts(dossier.history[("changes", r.name)]))
                         for r in reversed(found)],
            "feed": FEED}
    release = next(r for r in found if r.name == key)
    changes: Changes = dossier.history[("changes", key)]
    before = next((r for r in found if r.name == changes.since), None)
    after = next((r for r in found if r.sequence > release.sequence), None)
    return f"Release {key}", {
        "mode": "release", "release": history.release(release),
        "since": history.release(before) if before else None,
        "next": history.release(after) if after else None,
        "changes": history.changes(changes, listed=not changes.first),
        "delta": f"data/deltas/{key}.ftm.json", "feed": FEED}


def profile_history(dossier: Dossier, views: ViewBuilder, entity_id: str) -> list[dict[str, Any]]:
    """The history block of a profile ([] with no release)."""
    entries = dossier.history.get(("record", entity_id)) or ()
    return HistoryViews(dossier, views).entries(entries, entity_id)
