"""Page reads: whether a page is out of date, from what it read of the dossier when it was drawn.

Rendering records each page's reads (see `core.reads`): (collection, key) pairs such as
("entities", "imu") or ("events", ALL). A page's digest is the digest of the global inputs
(engine, templates, settings, build time) and of the value of each of its reads in the
dossier at hand. The next run, given the reads a page made last time and the digest they
gave, takes the digest of the same reads in the new dossier: the same digest means the page
would render to the same bytes, since it reads nothing else; a different one, or no record of
the page, means it is drawn again. A read whose value cannot be digested faithfully fails
closed: the page is drawn again.

Each value is digested by `valuedigests.ValueDigests`: a function of its content alone, the
same in every process. A site's records are made in one pass (`ReadDigests.records`), each read
digested and encoded once, and handed to the store as they are made.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
from array import array
from collections.abc import Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from json.encoder import encode_basestring_ascii as _json_string  # type: ignore[attr-defined]
from typing import Any

from ..core.model import Dossier
from ..core.parallel import PARALLEL_THRESHOLD, Forked, Workers
from ..core.reads import ALL, KEYS, PagesReads, Read, RecordedMapping
from .valuedigests import MARSHAL_VERSION, ValueDigests

_ABSENT = b"\0absent"
_MISSING = object()

Recorded = Mapping[str, tuple[bytes, str]]
"""URL -> (the digest of a page when drawn, its reads as `encode_reads` gives them)."""


def encode_reads(reads: Iterable[Read]) -> str:
    """A page's reads as compact, sorted JSON (keys that are tuples become lists)."""
    return "[" + ",".join(sorted({encode_read(read) for read in reads})) + "]"


def encode_read(read: Read) -> str:
    """One read as `encode_reads` writes it."""
    name, key = read
    if type(name) is str:  # most reads: what json.dumps writes, made quicker
        if type(key) is str:
            return f"[{_json_string(name)},{_json_string(key)}]"
        if type(key) is tuple and len(key) == 2 and type(key[0]) is str and type(key[1]) is int:
            return f"[{_json_string(name)},[{_json_string(key[0])},{int.__repr__(key[1])}]]"
    return json.dumps(list(read), separators=(",", ":"))


def decode_reads(text: str) -> list[Read] | None:
    """The reads `encode_reads` wrote, or None if the text is not such a list."""
    try:
        found = json.loads(text)
        return [(name, key) if type(name) is str and type(key) is str else
                (str(name), tuple(key) if isinstance(key, list) else key) for name, key in found]
    except (ValueError, TypeError, RecursionError):
        return None


def encode_digests(found: Mapping[Read, bytes]) -> Iterator[tuple[str, bytes]]:
    """Digests of reads as rows for the cache, made one by one: each read as JSON, and its digest."""
    return ((encode_read(read), digest) for read, digest in found.items())


def decode_digests(rows: Mapping[str, bytes]) -> dict[Read, bytes] | None:
    """The digests `encode_digests` wrote (by read as JSON), or None if the rows are not such."""
    texts, digests = [], []
    for text, digest in rows.items():
        if not isinstance(text, str) or not isinstance(digest, bytes) or len(digest) != 16:
            return None
        texts.append(text)
        digests.append(digest)
    reads = decode_reads("[" + ",".join(texts) + "]")
    if reads is None or len(reads) != len(digests):
        return None
    return dict(zip(reads, digests, strict=True))


class ReadDigests:
    """The digest of each read in one dossier, made once and kept for the run (`known`: the
    digests of reads whose values are those of a dossier that an earlier run digested; `by_text`,
    likewise by each read as `encode_reads` writes it, taken as a read is first met, but for the
    reads of the collections `untaken`)."""

    def __init__(self, dossier: Dossier, global_digest: bytes, known: Mapping[Read, bytes] | None = None,
                 by_text: Mapping[str, bytes] | None = None, untaken: Iterable[str] = ()):
        self.dossier = dossier
        self.by_text = by_text
        self._untaken = frozenset(untaken)
        self.values = ValueDigests()
        self.global_digest = hashlib.blake2b(global_digest + self.values.of(dossier.settings), digest_size=16).digest()
        self._found: dict[tuple[str, Hashable], bytes] = dict(known or {})
        self._encoded: dict[Read, str] = {}
        self._unvalued: set[Read] = set()
        """Reads this module cannot value, given a digest never the same twice."""
        self._ahead: tuple[list[Read], Forked] | None = None
        """The reads a forked process is digesting for `digest_all` (see `digest_ahead`)."""

    def found(self) -> Mapping[Read, bytes]:
        """Every read digested so far (or known), with its digest; but those that could not be
        valued, whose digests hold for this run alone. Not to be changed: it may be the table
        this object keeps (several hundred thousand reads at 10,000 entities)."""
        if not self._unvalued:
            return self._found
        return {read: found for read, found in self._found.items() if read not in self._unvalued}

    def page(self, reads: Iterable[Read]) -> bytes:
        """The digest of a page that made these reads."""
        return self.record(reads)[0]

    def record(self, reads: Iterable[Read]) -> tuple[bytes, str]:
        """(The digest of a page that made these reads, the reads as `encode_reads` writes them.)

        Pages share most of their reads (the site's settings, the lists, the records they link),
        so each read's digest and its JSON are made once a run: the reads are ordered by their
        JSON, and the page's digest takes theirs in that order."""
        reads = list(reads)
        self._know(reads)
        return self._recorded(reads)

    def records(self, pages: Mapping[str, Iterable[Read]]) -> Iterator[tuple[str, bytes, str]]:
        """(URL, digest, reads as `encode_reads` writes them) of each page, as `record` gives them,
        made as they are taken (a site's are many megabytes).

        Every read of the site is digested and encoded once (see `PagesReads`), and the reads are
        sorted once, all of them: a page's reads are then put in order by their ranks, numbers,
        and its digest and text joined from those of its reads in that order."""
        pages = PagesReads.of(pages)
        self.digest_all(pages)
        distinct = pages.distinct
        encoded = list(map(encode_read, distinct))
        texts: list[str] = []
        digests: list[bytes] = []
        rank = array("I", [0]) * len(distinct)
        found = self._found
        for index in sorted(range(len(distinct)), key=encoded.__getitem__):
            text = encoded[index]
            if not texts or texts[-1] != text:
                texts.append(text)
                digests.append(found[distinct[index]])
            rank[index] = len(texts) - 1
        del encoded
        for url in pages:
            order = sorted(set(map(rank.__getitem__, pages.numbers(url))))
            h = hashlib.blake2b(self.global_digest, digest_size=16)
            h.update(b"".join(map(digests.__getitem__, order)))
            yield url, h.digest(), "[" + ",".join(map(texts.__getitem__, order)) + "]"

    def digest_ahead(self, pages: PagesReads, jobs: int | None = None) -> None:
        """Start digesting the reads of the pages not known yet in a forked process, for
        `digest_all` to take, if they are many and more than one process may work.

        A cold build's are many (347,000 at 10,000 entities, 7 s of CPU), and its pages are
        drawn before they are: the run goes on checking links, publishing and zipping the
        bundle, which leave part of the machine idle, while they are digested."""
        missing = [each for each in pages.distinct if each not in self._found]
        if jobs == 1 or len(missing) // READS_A_TASK < PARALLEL_THRESHOLD or (os.cpu_count() or 1) < 2:
            return
        self.cancel_ahead()
        self._ahead = missing, Forked(_digested, self, missing)

    def cancel_ahead(self) -> None:
        """Stop the digesting `digest_ahead` started, if any: the run records nothing."""
        if self._ahead is not None:
            self._ahead[1].cancel()
            self._ahead = None

    def digest_all(self, pages: PagesReads, jobs: int | None = None) -> None:
        """Digest every read of the pages (those not known yet); each read, once (in up to `jobs`
        processes), taking those `digest_ahead` digested.

        A cold build's are many, and are digested when every page is drawn, with one core idle:
        they are shared out to forked workers as the pages are (see `core.parallel`), since a
        value's digest is a function of its content alone, the same in every process."""
        found = self._found
        if self._ahead is not None:
            self._take_ahead()
        missing = [each for each in pages.distinct if each not in found]
        chunks = [missing[start:start + DIGEST_CHUNK] for start in range(0, len(missing), DIGEST_CHUNK)]
        tasks = len(missing) // READS_A_TASK
        with Workers(self, tasks, jobs if tasks >= PARALLEL_THRESHOLD else 1) as workers:
            for chunk, (digests, unvalued) in zip(chunks, workers.map(_digested, chunks), strict=True):
                for index, each in enumerate(chunk):
                    found[each] = digests[16 * index:16 * index + 16]
                self._unvalued.update(chunk[index] for index in unvalued)
        self.values = ValueDigests()  # let go of the shared parts' digests: every read is digested

    def _take_ahead(self) -> None:
        """The digests the forked process of `digest_ahead` made (none if it failed), but of reads
        digested here meanwhile."""
        assert self._ahead is not None
        reads, forked = self._ahead
        self._ahead = None
        result = forked.result()
        if result is None:
            return
        digests, unvalued = result[0], set(result[1])
        found = self._found
        for index, each in enumerate(reads):
            if each not in found:
                found[each] = digests[16 * index:16 * index + 16]
                if index in unvalued:
                    self._unvalued.add(each)

    def _know(self, reads: Iterable[Read]) -> None:
        """Digest and encode each read not yet met."""
        encoded, read = self._encoded, self.read
        for each in set(reads).difference(encoded):
            encoded[each] = encode_read(each)
            read(*each)

    def _recorded(self, reads: Iterable[Read]) -> tuple[bytes, str]:
        """A page's digest and encoded reads, each of its reads being known (`_know`)."""
        by_text = dict(zip(map(self._encoded.__getitem__, reads), reads, strict=True))
        order = sorted(by_text)
        h = hashlib.blake2b(self.global_digest, digest_size=16)
        h.update(b"".join(map(self._found.__getitem__, map(by_text.__getitem__, order))))
        return h.digest(), "[" + ",".join(order) + "]"

    def recorded_page(self, reads: Iterable[Read]) -> bytes:
        """The digest of a page whose reads are given as `record` wrote them: each once, in order."""
        h = hashlib.blake2b(self.global_digest, digest_size=16)
        try:
            h.update(b"".join(map(self._found.__getitem__, reads)))  # most reads are known: one pass in C
        except KeyError:
            h.update(b"".join([self.read(name, key) for name, key in reads]))
        return h.digest()

    @property
    def valued_all(self) -> bool:
        """Whether every read digested so far was valued (see `_digest`)."""
        return not self._unvalued

    def read(self, name: str, key: Hashable) -> bytes:
        found = self._found.get((name, key))
        if found is None:
            if self.by_text is not None and name not in self._untaken:
                found = self.by_text.get(encode_read((name, key)))
            if found is None:
                found = self._digest(name, key)
            self._found[(name, key)] = found
        return found

    def _digest(self, name: str, key: Hashable) -> bytes:
        collection = getattr(self.dossier, name, None)
        read: Any = (name, key)
        try:
            head = marshal.dumps(read, MARSHAL_VERSION)  # ends where it ends: the value follows
        except ValueError:  # a key marshal does not write (none is such yet)
            head = f"{name}\0{key!r}\0".encode("utf-8", "surrogatepass")
        if isinstance(collection, RecordedMapping):
            data = collection.data
            if key == ALL:
                h = hashlib.blake2b(head, digest_size=16)
                h.update(b"".join([self.read(name, each) for each in data]))
                return h.digest()
            if key == KEYS:
                return self.values.of(tuple(data), head)
            value = data.get(key, _MISSING)
            return self.values.of(value, head) if value is not _MISSING else \
                hashlib.blake2b(head + _ABSENT, digest_size=16).digest()
        if name == "events" and key == ALL:
            return self.values.of(tuple(self.dossier.events), head)
        self._unvalued.add(read)
        return os.urandom(16)  # a read this module cannot value: never the same twice


DIGEST_CHUNK = 2048
"""Reads digested in one task of `digest_all`."""
READS_A_TASK = 50
"""Reads that cost about as much to digest as a page to draw (for `Workers`' threshold)."""


def _digested(digests: ReadDigests, reads: list[Read]) -> tuple[bytes, list[int]]:
    """The digests of `reads`, one after another, and the indices of those that could not be valued."""
    found = b"".join([digests.read(*each) for each in reads])
    return found, [index for index, each in enumerate(reads) if each in digests._unvalued]


Decoded = dict[str, tuple[str, "list[Read] | None"]]
"""URL -> (a page's reads as recorded, as `decode_reads` gives them): kept by `serve` between edits."""


@dataclass
class PagePlan:
    """Which pages of a run are out of date: each page's digest now, where its reads are known
    (`decoded`: the reads of pages decoded by earlier plans, taken while still those recorded);
    or, given the reads that `moved` since the digests the recorded pages were last found to
    have (see `keeper.ModelKeeper.moved`), whether a page recorded one of those."""

    digests: ReadDigests
    recorded: Recorded
    decoded: Decoded = field(default_factory=dict)
    moved: Moved | None = None

    def current(self, url: str) -> bytes | None:
        """The digest of the page at `url` in this run's dossier, if its reads were recorded; else None."""
        entry = self.recorded.get(url)
        if entry is None:
            return None
        known = self.decoded.get(url)
        if known is not None and known[0] is entry[1]:  # the very text recorded: decoded alike
            reads = known[1]
        else:
            reads = decode_reads(entry[1])
            self.decoded[url] = entry[1], reads
        return None if reads is None else self.digests.recorded_page(reads)

    def unchanged(self, url: str) -> bool:
        """Whether the page would render as it did when its reads were recorded."""
        entry = self.recorded.get(url)
        if entry is None:
            return False
        if self.moved is not None:
            return not self.moved.read_by(entry[1])
        return self.current(url) == entry[0]


class Moved:
    """Reads whose digest moved (each as `encode_reads` writes it), and whether a page's recorded
    reads hold one of them.

    A few are looked for as they are written in the page's text, in one pass of C each: a read
    written there is found, and a find that is not one of its reads (a read's text within
    another's key) only draws the page again. More are looked for among the page's reads decoded."""

    FEW = 24

    def __init__(self, texts: Iterable[str]):
        self.texts = tuple(sorted(set(texts)))
        self._reads: frozenset[Read] | None = None
        if len(self.texts) > self.FEW:
            reads = decode_reads("[" + ",".join(self.texts) + "]")
            assert reads is not None, "reads this module encoded"
            self._reads = frozenset(reads)

    def read_by(self, recorded: str) -> bool:
        """Whether a page whose reads were recorded as `recorded` made one of these reads (True if
        they cannot be decoded)."""
        if self._reads is None:
            return any(text in recorded for text in self.texts)
        reads = decode_reads(recorded)
        try:
            return reads is None or not self._reads.isdisjoint(reads)
        except TypeError:  # a key that cannot be hashed: none this module wrote
            return True
