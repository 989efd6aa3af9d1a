"""Keeper: for one run, whether to take the model an earlier run kept, and whether to keep this one's.

The planner (see `planner`) asks it, with the run's scan of its inputs and the digest of each
file. A model is kept (see `keptmodel` for the file) by a run that read the whole dossier when
the only files changed since the last run were notes or templates: an editor at work, likely
to edit notes again. It is taken by a run whose `key` is the kept one's: the same engine,
records, settings, notes' names, mkdocs.yml, copies and releases, whatever the notes' bytes
(those that differ are linked again, see `build.read`).

A run that took it and built a site keeps, for the next, the digests of the reads its pages
were compared by (see `pagereads`), but for those the notes linked again may have changed
(`link.RELINKED` at the entities they touched, and every listing of those collections): the
next run's other reads have the kept model's values, so their digests are known without
digesting every value of the dossier again (12 of 15 s of comparing pages at 10,000 entities).
"""

from __future__ import annotations

import functools
import hashlib

from ..core.model import EntityId
from ..core.reads import Read
from ..core.timings import timed
from .inputs import Scan, engine_version
from .keptmodel import Linked, read_kept, remove_kept, write_kept
from .pagereads import ReadDigests, decode_digests, encode_digests
from .store import CONTENT, NullStore, Store

MODEL = "model"
"""The state naming the kept model: its key, the digest of its file, and its notes' digests."""
DIGESTS = "model digests"
"""The state of the digests of the kept model's reads, with the digest of the model's file."""


def is_note(rel: str) -> bool:
    """Whether a content path is a note (a .md file in a kind's folder)."""
    return rel.endswith(".md") and rel.count("/") == 1


class ModelKeeper:
    """The kept model as one run sees it (`digests`: each input file's, by 'namespace:path')."""

    def __init__(self, store: Store | NullStore, scan: Scan, digests: dict[str, bytes | None]):
        self.store = store
        self.scan = scan
        self.digests = digests
        self._model: Linked | None = None
        """The model this run read whole, to keep if it is worth keeping."""
        self._known: dict[Read, bytes] | None = None
        """The digests of reads taken from the kept model's earlier runs."""
        self._taken: frozenset[Read] | None = None
        """With the kept model taken: the reads whose values the notes linked again may have changed."""

    @functools.cached_property
    def key(self) -> str:
        """A digest of what the linked model is read from, but the bytes of the notes (made once a
        run: the scan it is made from does not change)."""
        h = hashlib.blake2b(digest_size=16)
        h.update(f"engine {engine_version()}\0".encode())
        for namespace in ("content", "config", "archive", "releases"):
            for rel, (kind, stamp) in self.scan.folders[namespace][1].items():
                h.update(f"{namespace}:{rel}\0{kind}\0".encode("utf-8", "surrogateescape"))
                if stamp is not None and not (namespace == "content" and is_note(rel)):
                    h.update(self.digests.get(f"{namespace}:{rel}") or b"unreadable")
        return h.hexdigest()

    def take(self) -> tuple[Linked, list[str]] | None:
        """The kept model, if its key is this run's, and the notes whose bytes changed since."""
        state = self.store.state(MODEL)
        if not isinstance(state, dict) or state.get("key") != self.key or \
                not isinstance(state.get("notes"), dict) or not isinstance(state.get("digest"), str):
            return None
        notes = self._note_digests()
        if notes is None or notes.keys() != state["notes"].keys() or not isinstance(self.store, Store):
            return None
        with timed("reading the kept model"):
            linked = read_kept(self.store.folder, state["digest"])
        if linked is None:
            return None
        return linked, [rel for rel, found in notes.items() if found != state["notes"][rel]]

    def took(self, touched: set[EntityId]) -> None:
        """This run's model is the kept one, with the notes of `touched` entities linked again (see
        `link.relink_notes`)."""
        from ..link.stage import relinked_reads  # the link stage: only for a run that took the model
        self._taken = relinked_reads(touched)

    def keep(self, linked: Linked) -> None:
        """A model read whole, for `record` to keep if it is worth keeping."""
        if self.store.usable:
            self._model = linked

    def known_digests(self) -> dict[Read, bytes]:
        """With the kept model taken: the digests of its reads an earlier run found, but those the
        notes linked again may have changed."""
        if self._known is None:
            self._known = {}
            model, stored = self.store.state(MODEL), self.store.state(DIGESTS)
            if self._taken is not None and isinstance(model, dict) and isinstance(stored, dict) and \
                    stored.get("model") == model.get("digest"):
                known = decode_digests(stored.get("found")) or {}
                self._known = {read: found for read, found in known.items() if read not in self._taken}
        return self._known

    def record(self) -> None:
        """Keep this run's model, if it read one whole and it is worth keeping; let go of one kept
        for other inputs."""
        if self._model is None or not isinstance(self.store, Store):
            return
        key, state = self.key, self.store.state(MODEL)
        notes = self._note_digests()
        if notes is None or not self._edits_to_text_alone():
            if isinstance(state, dict) and state.get("key") != key:
                self.store.drop_state(MODEL, DIGESTS)
                remove_kept(self.store.folder)
            return
        with timed("keeping the model"):
            try:
                digest = write_kept(self.store.folder, self._model)
            except OSError:
                self.store.drop_state(MODEL, DIGESTS)
                return
        self.store.set_state(MODEL, {"key": key, "digest": digest, "notes": notes})
        self.store.drop_state(DIGESTS)

    def record_digests(self, digests: ReadDigests) -> None:
        """With the kept model taken, keep the digests of its reads this run found, for the next."""
        model = self.store.state(MODEL)
        if self._taken is None or not isinstance(model, dict):
            return
        found = {read: value for read, value in digests.found().items() if read not in self._taken}
        if len(found) > len(self._known or {}):
            self.store.set_state(DIGESTS, {"model": model.get("digest"), "found": encode_digests(found)})

    def _note_digests(self) -> dict[str, str] | None:
        """Each note's content path -> the hex digest of its bytes; None if one cannot be read."""
        found = {}
        for rel, (_, stamp) in self.scan.folders["content"][1].items():
            if stamp is not None and is_note(rel):
                known = self.digests.get(CONTENT + rel)
                if known is None:
                    return None
                found[rel] = known.hex()
        return found

    def _edits_to_text_alone(self) -> bool:
        """Whether some input changed since the last run, every one of them a note or a template."""
        changed = [key for key, known in self.digests.items() if self.store.last_digest(key) != known]
        return bool(changed) and all(key.startswith(("templates:", "theme:")) or
                                     (key.startswith(CONTENT) and is_note(key[len(CONTENT):])) for key in changed)
