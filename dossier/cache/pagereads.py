"""Page reads: whether a page is out of date, from what it read of the dossier when it was drawn.

Rendering records each page's reads (see `core.reads`): (collection, key) pairs such as
("entities", "imu") or ("events", ALL). A page's digest is the digest of the global inputs
(engine, templates, settings, build time) and of the value of each of its reads in the
dossier at hand. The next run, given the reads a page made last time and the digest they
gave, takes the digest of the same reads in the new dossier: the same digest means the page
would render to the same bytes, since it reads nothing else; a different one, or no record of
the page, means it is drawn again. A read whose value cannot be digested faithfully fails
closed: the page is drawn again.

Values are digested through their pickled bytes (`ValueDigests`): the model is frozen, slotted
dataclasses, tuples, mappings, strings and numbers, which pickle writes completely and the same
in every process. A value of any other type fails closed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import operator
import os
import pickle
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..core.model import Dossier
from ..core.reads import ALL, KEYS, Read, RecordedMapping

_ABSENT = b"\0absent"

Recorded = Mapping[str, tuple[bytes, str]]
"""URL -> (the digest of a page when drawn, its reads as `encode_reads` gives them)."""


def encode_reads(reads: Iterable[Read]) -> str:
    """A page's reads as compact, sorted JSON (keys that are tuples become lists)."""
    return "[" + ",".join(sorted({_encoded(read) for read in reads})) + "]"


def _encoded(read: Read) -> str:
    return json.dumps(list(read), separators=(",", ":"))


def decode_reads(text: str) -> list[Read] | None:
    """The reads `encode_reads` wrote, or None if the text is not such a list."""
    try:
        found = json.loads(text)
        return [(str(name), tuple(key) if isinstance(key, list) else key) for name, key in found]
    except (ValueError, TypeError, RecursionError):
        return None


def encode_digests(found: Mapping[Read, bytes]) -> dict[str, Any]:
    """Digests of reads as JSON's values: the reads, and their digests in one hex string."""
    reads = sorted(found, key=_encoded)
    return {"reads": "[" + ",".join(_encoded(read) for read in reads) + "]",
            "digests": b"".join(found[read] for read in reads).hex()}


def decode_digests(value: Any) -> dict[Read, bytes] | None:
    """The digests `encode_digests` wrote, or None if the value is not such."""
    if not isinstance(value, dict) or not isinstance(value.get("reads"), str) or \
            not isinstance(value.get("digests"), str):
        return None
    reads = decode_reads(value["reads"])
    try:
        digests = bytes.fromhex(value["digests"])
    except ValueError:
        return None
    if reads is None or len(digests) != 16 * len(reads):
        return None
    return {read: digests[16 * i: 16 * i + 16] for i, read in enumerate(reads)}


class ReadDigests:
    """The digest of each read in one dossier, made once and kept for the run (`known`: the
    digests of reads whose values are those of a dossier that an earlier run digested)."""

    def __init__(self, dossier: Dossier, global_digest: bytes, known: Mapping[Read, bytes] | None = None):
        self.dossier = dossier
        self.values = ValueDigests()
        self.global_digest = hashlib.blake2b(global_digest + self.values.of(dossier.settings), digest_size=16).digest()
        self._found: dict[tuple[str, Hashable], bytes] = dict(known or {})
        self._encoded: dict[Read, str] = {}

    def found(self) -> dict[Read, bytes]:
        """Every read digested so far (or known), with its digest."""
        return dict(self._found)

    def page(self, reads: Iterable[Read]) -> bytes:
        """The digest of a page that made these reads."""
        return self.record(reads)[0]

    def record(self, reads: Iterable[Read]) -> tuple[bytes, str]:
        """(The digest of a page that made these reads, the reads as `encode_reads` writes them.)

        Pages share most of their reads (the site's settings, the lists, the records they link),
        so each read's digest and its JSON are made once a run: the reads are ordered by their
        JSON, and the page's digest takes theirs in that order."""
        encoded = self._encoded
        by_text = {}
        for read in reads:
            text = encoded.get(read)
            if text is None:
                text = encoded[read] = _encoded(read)
            by_text[text] = read
        order = sorted(by_text)
        h = hashlib.blake2b(self.global_digest, digest_size=16)
        for text in order:
            h.update(self.read(*by_text[text]))
        return h.digest(), "[" + ",".join(order) + "]"

    def recorded_page(self, reads: Iterable[Read]) -> bytes:
        """The digest of a page whose reads are given as `record` wrote them: each once, in order."""
        h = hashlib.blake2b(self.global_digest, digest_size=16)
        found, read = self._found, self.read
        for name, key in reads:
            h.update(found.get((name, key)) or read(name, key))
        return h.digest()

    def read(self, name: str, key: Hashable) -> bytes:
        found = self._found.get((name, key))
        if found is None:
            found = self._found[(name, key)] = self._digest(name, key)
        return found

    def _digest(self, name: str, key: Hashable) -> bytes:
        collection = getattr(self.dossier, name, None)
        h = hashlib.blake2b(f"{name}\0{key!r}\0".encode("utf-8", "surrogatepass"), digest_size=16)
        if isinstance(collection, RecordedMapping):
            if key == ALL:
                for each in collection.data:
                    h.update(self.read(name, each))
            elif key == KEYS:
                h.update(self.values.of(tuple(collection.data)))
            else:
                h.update(self.values.of(collection.data[key]) if key in collection.data else _ABSENT)
        elif name == "events" and key == ALL:
            h.update(self.values.of(tuple(self.dossier.events)))
        else:
            return os.urandom(16)  # a read this module cannot value: never the same twice
        return h.digest()


class ValueDigests:
    """The digest of a model value: its bytes as pickle writes them, never stored and never loaded.

    Each dataclass of the model is written as its class's name and its fields (`_reducer`), so
    the bytes are the value's, the same in every process; pickle's memo is off, so they do not
    depend on how parts happen to be shared. A value of any type pickle cannot take fails closed.
    """

    def __init__(self) -> None:
        self._table = _DispatchTable()

    def of(self, value: object) -> bytes:
        data = io.BytesIO()
        pickler = pickle.Pickler(data, protocol=5)
        pickler.fast = True
        pickler.dispatch_table = self._table
        try:
            pickler.dump(value)
        except (pickle.PicklingError, TypeError, AttributeError, ValueError, RecursionError):
            return os.urandom(16)  # never the same twice
        return hashlib.blake2b(data.getbuffer(), digest_size=16).digest()


class _DispatchTable(dict):  # type: ignore[type-arg]
    """A class -> how pickle writes its objects: a dataclass as its name and fields, a recorded
    collection as its items; other types as pickle would (found once per class)."""

    def __missing__(self, kind: type) -> Any:
        if isinstance(kind, type) and issubclass(kind, RecordedMapping):
            reducer: Any = _mapping_items
        elif isinstance(kind, type) and dataclasses.is_dataclass(kind):
            reducer = _reducer(kind)
        else:
            raise KeyError(kind)  # pickle's own way, for the types it knows
        self[kind] = reducer
        return reducer


def _reducer(kind: type) -> Any:
    name = f"{kind.__module__}.{kind.__qualname__}"
    values = field_values(kind)[1]
    return lambda value: (_made, (name, *values(value)))


def field_values(kind: type) -> tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]]:
    """A dataclass's field names, and a function giving an object's values of them, in order."""
    names = tuple(field.name for field in dataclasses.fields(kind))
    getter = operator.attrgetter(*names)
    if len(names) == 1:
        return names, lambda value: (getter(value),)
    return names, getter


def _mapping_items(value: RecordedMapping) -> tuple[Any, tuple[Any, ...]]:
    return _made, ("mapping", tuple(value.data.items()))


def _made(*parts: object) -> None:
    """What the pickled bytes name as their maker; never called (nothing here is ever unpickled)."""
    raise TypeError("the digests' bytes are never unpickled")


@dataclass
class PagePlan:
    """Which pages of a run are out of date: each page's digest now, where its reads are known."""

    digests: ReadDigests
    recorded: Recorded

    def current(self, url: str) -> bytes | None:
        """The digest of the page at `url` in this run's dossier, if its reads were recorded; else None."""
        entry = self.recorded.get(url)
        if entry is None:
            return None
        reads = decode_reads(entry[1])
        return None if reads is None else self.digests.recorded_page(reads)

    def unchanged(self, url: str) -> bool:
        """Whether the page would render as it did when its reads were recorded."""
        entry = self.recorded.get(url)
        return entry is not None and self.current(url) == entry[0]
