"""Keeper: for one run, whether to take the model an earlier run kept, and whether to keep this
one's; and the digests of the values pages read, kept for the next run.

The planner (see `planner`) asks it, with the run's scan of its inputs and the digest of each
file. A model is kept (see `keptmodel` for the file) by a run that read the whole dossier when an
editor is likely to edit notes next: when the only files changed since the last run were notes or
templates, or, in a run that goes on to draw pages, when the cache knew the last run's inputs
(after a record edited: a build draws its pages in the time the model takes to write). A build
has it written by a forked process while it goes on (`parallel.Forked`); a run that only checks
writes it itself at its end (it would only wait). It is recorded once the run's records are. It
is kept numbered, as a build needs it. It is taken by a run whose `key` is the kept one's: the
same engine, records, settings, notes' names, mkdocs.yml, copies and releases, whatever the
notes' bytes (those that differ are linked again, see `build.read`).

A run that built a site keeps, for the next, the digests of the reads its pages were compared
by (see `pagereads`), with the key and the notes of the model they were read from. A later run
whose model has that key, read whole or taken, reads the same values but where notes differ,
and only the collections notes are linked into (`link.RELINKED`) hold those: it takes every
other digest as known instead of digesting every value of the dossier again (7 of 16 s of a
build after a note edit at 10,000 entities).

It also keeps, for the next run, the digests its pages were compared by of the reads of those
collections (`MOVED_FROM`), with its pages' global digest, in the transaction that records the
pages: after it, each page's record is that of a page drawn from values with those digests. A
later run with the same key and global digest digests those reads again and compares pages by
what `moved`: a page none of whose reads moved reads what it read when last found up to date,
without its digest being made again (3 of 8 s of a build after a note edit at 10,000 entities).
"""

from __future__ import annotations

import functools
import hashlib
import itertools
from collections.abc import Iterator, Mapping
from dataclasses import replace
from json.encoder import encode_basestring_ascii as _json_string  # type: ignore[attr-defined]
from pathlib import Path

from ..core.parallel import Called, Forked
from ..core.reads import Read
from ..core.timings import timed
from .inputs import Scan, engine_version
from .keptmodel import Linked, read_kept, remove_kept, write_kept
from .pagereads import Moved, ReadDigests, decode_digests, decode_reads, encode_digests, encode_read
from .store import CONTENT, NullStore, Store

MODEL = "model"
"""The state naming the kept model: its key, the checksum of its file, and its notes' digests."""
DIGESTS = "model digests"
"""The state naming the digests of the reads of the last site's pages (the cache's `reads`): the
key and the notes' digests of the model they were read from, and the rows' checksum."""
MOVED_FROM = "relinked digests"
"""The state of the digests the last build compared its pages by of the reads of the collections
notes are linked into: the key of its model, its pages' global digest, and each read (as JSON) ->
the hex digest of its value."""


def is_note(rel: str) -> bool:
    """Whether a content path is a note (a .md file in a kind's folder)."""
    return rel.endswith(".md") and rel.count("/") == 1


class ModelKeeper:
    """The kept model as one run sees it (`digests`: each input file's, by 'namespace:path')."""

    def __init__(self, store: Store | NullStore, scan: Scan, digests: dict[str, bytes | None]):
        self.store = store
        self.scan = scan
        self.digests = digests
        self._writing: Forked | Called | None = None
        """The writing of the model this run read whole, if it is worth keeping."""
        self._known: dict[Read, bytes] | None = None
        """The digests of reads an earlier run found that hold in this run's model."""

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
                not isinstance(state.get("notes"), dict) or not isinstance(state.get("checksum"), str):
            return None
        notes = self.notes
        if notes is None or notes.keys() != state["notes"].keys() or not isinstance(self.store, Store):
            return None
        with timed("reading the kept model"):
            linked = read_kept(self.store.folder, state["checksum"])
        if linked is None:
            return None
        return linked, [rel for rel, found in notes.items() if found != state["notes"][rel]]

    def keep(self, linked: Linked, pages_follow: bool) -> None:
        """A model read whole, if it is worth keeping, for `record_model` to record: written now by a
        forked process if this run goes on to draw pages (`pages_follow`), else by `record_model`
        (the run would only wait for the fork)."""
        if isinstance(self.store, Store) and self.store.usable and self.notes is not None and (
                self._edits_to_text_alone() or (pages_follow and self.store.remembers_a_run)):
            if pages_follow:
                lock = self.store.lock_descriptor
                self._writing = Forked(_write_model, self.store.folder, linked, unheld=() if lock is None else (lock,))
            else:
                self._writing = Called(_write_model, self.store.folder, linked)

    def cancel(self) -> None:
        """Stop writing the model: this run records nothing."""
        if self._writing is not None:
            self._writing.cancel()
            self._writing = None

    @functools.cached_property
    def _rows(self) -> Mapping[str, bytes]:
        """The digests of reads the last site's pages were compared by (by read, as JSON), if read
        from a model with this run's key and as the last build wrote them; else none."""
        stored = self.store.state(DIGESTS)
        if not isinstance(stored, dict) or stored.get("key") != self.key:
            return {}
        with timed("taking the digests of the last run's reads"):
            rows, checksum = self.store.read_digests()
        return rows if checksum == stored.get("checksum") else {}

    def _notes_moved(self) -> bool:
        """Whether the notes are not those the kept digests were read with."""
        stored = self.store.state(DIGESTS)
        return self.notes is None or not isinstance(stored, dict) or stored.get("notes") != self.notes

    def known_digests(self) -> dict[Read, bytes]:
        """The digests of reads the last site's pages were compared by, if they were read from a
        model with this run's key: all of them where its notes are this run's, else but the
        reads of the collections notes are linked into."""
        if self._known is None:
            known = (decode_digests(self._rows) or {}) if self._rows else {}
            if known and self._notes_moved():
                from ..link.stage import RELINKED  # the link stage: only for a run that found them
                known = {read: found for read, found in known.items() if read[0] not in RELINKED}
            self._known = known
        return self._known

    def known_texts(self) -> tuple[Mapping[str, bytes], tuple[str, ...]]:
        """The digests of `known_digests`, by read as JSON, and the collections whose reads they
        do not hold (those they hold are left out only as they are looked up)."""
        from ..link.stage import RELINKED  # the link stage: only for a run that found them
        return self._rows, (RELINKED if self._notes_moved() else ())

    def moved(self, digests: ReadDigests) -> Moved | None:
        """The reads of the collections notes are linked into whose digests in `digests` differ
        from those the last build compared its pages by (each is digested again); None if that
        build kept none for a model with this run's key and its pages' global digest, when every
        other read of its pages may have moved too."""
        state = self.store.state(MOVED_FROM)
        if not isinstance(state, dict) or state.get("key") != self.key or \
                state.get("global") != digests.global_digest.hex() or not isinstance(state.get("digests"), dict):
            return None
        before: dict[str, str] = state["digests"]
        reads = decode_reads("[" + ",".join(before) + "]") if before else []
        if reads is None or len(reads) != len(before) or any(map(str.__ne__, map(encode_read, reads), before)):
            return None
        with timed("digesting the reads notes are linked into"):
            return Moved(text for (text, found), read in zip(before.items(), reads, strict=True)
                         if digests.read(*read).hex() != found)

    def record_moved_from(self, digests: ReadDigests) -> None:
        """Keep the digests of this build's reads of the collections notes are linked into (see
        `moved`), in the transaction that records its pages: all of them, if every read was valued."""
        if not digests.valued_all or self.notes is None:
            self.store.drop_state(MOVED_FROM)
            return
        from ..link.stage import RELINKED  # the link stage: only for a run that rendered pages
        relinked = {read: found for read, found in digests.found().items() if read[0] in RELINKED}
        self.store.set_state(MOVED_FROM, {"key": self.key, "global": digests.global_digest.hex(),
                                          "digests": dict(zip(map(encode_read, relinked),
                                                              map(bytes.hex, relinked.values()), strict=True))})

    def record_model(self) -> None:
        """Record the model this run kept, once written, and let go of one kept for other inputs."""
        if isinstance(self.store, Store):
            self._record_model()

    def record_digests(self, digests: ReadDigests) -> None:
        """Keep the digests of the reads of the pages this run rendered, if it found some of them
        that the last run had not; with those it took by their text (see `known_texts`), but the
        reads of the collections notes are linked into, unless found again."""
        found = digests.found()
        from ..link.stage import RELINKED  # the link stage: only for a run that rendered pages
        notes = self.notes
        if notes is None:
            return
        if digests.by_text is None:  # every read met is in `found`, those known included
            known = self.known_digests()
            if any(read not in known and read[0] not in RELINKED for read in found):
                self._keep_digests(encode_digests(found), notes)
            return
        encoded = {read: encode_read(read) for read in found}
        texts = set(encoded.values())
        if any(text not in self._rows for read, text in encoded.items() if read[0] not in RELINKED):
            relinked = tuple(f"[{_json_string(name)}," for name in RELINKED)
            self._keep_digests(itertools.chain(((text, known) for text, known in self._rows.items()
                                                if text not in texts and not text.startswith(relinked)),
                                               encode_digests(found)), notes)

    def _keep_digests(self, rows: Iterator[tuple[str, bytes]], notes: dict[str, str]) -> None:
        with timed("keeping the digests of the pages' reads"):
            checksum = self.store.set_read_digests(rows)
            self.store.set_state(DIGESTS, {"key": self.key, "notes": notes, "checksum": checksum})

    def _record_model(self) -> None:
        assert isinstance(self.store, Store)
        key, state, writing = self.key, self.store.state(MODEL), self._writing
        if writing is None:
            if isinstance(state, dict) and state.get("key") != key:
                self.store.drop_state(MODEL)
                remove_kept(self.store.folder)
            return
        with timed("keeping the model"):
            checksum = writing.result()
        self._writing = None
        if not isinstance(checksum, str):
            self.store.drop_state(MODEL)
            return
        self.store.set_state(MODEL, {"key": key, "checksum": checksum, "notes": self.notes})

    @functools.cached_property
    def notes(self) -> dict[str, str] | None:
        """Each note's content path -> the hex digest of its bytes; None if one cannot be read (made
        once a run, as `key` is)."""
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


def _write_model(folder: Path, linked: Linked) -> str:
    """Write a model to keep, numbered (as a build needs it: a run that takes it need not number
    it), with what the checks that read records alone find in it and its names (a run that links
    notes into it takes those); the checksum of its file. Called by a forked process, or at the
    run's end (see `ModelKeeper.keep`)."""
    if not linked.numbered:
        from ..link.references import link_citations  # the link stage: only for a run that keeps it
        with timed("numbering the citations of the model to keep"):
            linked = replace(linked, dossier=link_citations(linked.dossier), numbered=True)
    if linked.checked is None:
        from ..check.checks import records_findings  # the check stage: only for a run that keeps it
        with timed("the checks of records alone, to keep"):
            linked = replace(linked, checked=records_findings(linked.dossier))
    if linked.resolver is None:
        from ..link.stage import NameResolver  # the link stage: only for a run that keeps it
        with timed("the names notes are linked by, to keep"):
            linked = replace(linked, resolver=NameResolver.of(linked.dossier))
    with timed("writing the model"):
        return write_kept(folder, linked)
