"""Reads: what a page reads of the linked dossier, recorded as it reads it.

The `Dossier`'s collections (entities, sources, events, links, timelines ...) are
`RecordedMapping`s and a `RecordedTuple`. While a `recording()` is open, each one notes
every read as (collection, key): a key looked up (found or not), `KEYS` when its keys are
listed or counted, `ALL` when its values are walked. Nothing else in the model can be
reached without going through one of them, since records name each other by id. So the
reads of a page are known by construction: no list of what each kind of page shows is
kept by hand, and a new field on a page is among its inputs the day it is shown.

A cache of values made from the dossier (a view made once and shown on many pages) must
be a `Memo`: it keeps, with each value, what making it read, and replays those reads on
every later use, so a page that takes a value from it records the same reads as a page
that made it.

With no recording open, a read costs one check of a global.
"""

from __future__ import annotations

from array import array
from collections.abc import (
    Callable,
    Hashable,
    ItemsView,
    Iterable,
    Iterator,
    KeysView,
    Mapping,
    MutableMapping,
    ValuesView,
)
from contextlib import contextmanager
from typing import Any, Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")

ALL = "*all"
"""The key of a read of every value of a collection."""
KEYS = "*keys"
"""The key of a read of which keys a collection has (a walk over them, a count)."""

Read = tuple[str, Hashable]
"""(collection, key): `dossier.<collection>[key]`, or the collection's `ALL` or `KEYS`."""

_current: set[Read] | None = None


@contextmanager
def recording() -> Iterator[set[Read]]:
    """Collect every read of the dossier made inside; an enclosing recording gets them too."""
    global _current
    outer = _current
    reads: set[Read] = set()
    _current = reads
    try:
        yield reads
    finally:
        _current = outer
        if outer is not None:
            outer.update(reads)


def noted(reads: frozenset[Read] | set[Read]) -> None:
    """Add reads made earlier (by a `Memo`'s maker) to the open recording, if any."""
    if _current is not None:
        _current.update(reads)


class RecordedMapping(Mapping[K, V], Generic[K, V]):
    """A read-only mapping that notes each read in the open recording."""

    __slots__ = ("name", "data")

    def __init__(self, name: str, data: Mapping[K, V]):
        self.name = name
        self.data = dict(data)

    def __getitem__(self, key: K) -> V:
        if _current is not None:
            _current.add((self.name, key))  # type: ignore[arg-type]
        return self.data[key]

    def get(self, key: K, default: Any = None) -> Any:  # type: ignore[override]
        if _current is not None:
            _current.add((self.name, key))  # type: ignore[arg-type]
        return self.data.get(key, default)

    def __contains__(self, key: object) -> bool:
        if _current is not None:
            _current.add((self.name, key))  # type: ignore[arg-type]
        return key in self.data

    def __iter__(self) -> Iterator[K]:
        if _current is not None:
            _current.add((self.name, KEYS))
        return iter(self.data)

    def __len__(self) -> int:
        if _current is not None:
            _current.add((self.name, KEYS))
        return len(self.data)

    def keys(self) -> KeysView[K]:
        if _current is not None:
            _current.add((self.name, KEYS))
        return self.data.keys()

    def values(self) -> ValuesView[V]:
        if _current is not None:
            _current.add((self.name, ALL))
        return self.data.values()

    def items(self) -> ItemsView[K, V]:
        if _current is not None:
            _current.add((self.name, ALL))
        return self.data.items()

    def __eq__(self, other: object) -> bool:
        return self.data == (other.data if isinstance(other, RecordedMapping) else other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"RecordedMapping({self.name!r}, {self.data!r})"


class RecordedTuple(tuple):  # type: ignore[type-arg]
    """A tuple (the dossier's events, in order) whose every read is a read of all of it."""

    __slots__ = ()
    name = "events"

    def __getitem__(self, index: Any) -> Any:
        if _current is not None:
            _current.add((self.name, ALL))
        return tuple.__getitem__(self, index)

    def __iter__(self) -> Iterator[Any]:
        if _current is not None:
            _current.add((self.name, ALL))
        return tuple.__iter__(self)

    def __len__(self) -> int:
        if _current is not None:
            _current.add((self.name, ALL))
        return tuple.__len__(self)

    def __contains__(self, value: object) -> bool:
        if _current is not None:
            _current.add((self.name, ALL))
        return tuple.__contains__(self, value)

    def __reduce__(self) -> Any:
        return (RecordedTuple, (tuple(self),))


class Memo(Generic[K, V]):
    """A cache of values made from the dossier, each kept with the reads that made it."""

    __slots__ = ("_found",)

    def __init__(self) -> None:
        self._found: dict[K, tuple[V, frozenset[Read]]] = {}

    def get(self, key: K, make: Callable[[], V]) -> V:
        hit = self._found.get(key)
        if hit is None:
            with recording() as reads:
                value = make()
            self._found[key] = hit = (value, frozenset(reads))
        elif _current is not None:
            _current.update(hit[1])
        return hit[0]


class PagesReads(MutableMapping[str, frozenset[Read]]):
    """What each page of a run read, as kept until it is recorded: each read once, numbered in the
    order first met (`distinct`), and each page's reads as an array of their numbers.

    A page reads about 110 values of the dossier, mostly values other pages read too: as a
    frozenset a page, the 11,000 pages of 10,000 entities held 82 MiB of sets besides the reads
    themselves; as arrays, under a tenth of that. A page's reads read back are a new frozenset."""

    def __init__(self) -> None:
        self.distinct: list[Read] = []
        self._numbers: dict[Read, int] = {}
        self._pages: dict[str, array[int]] = {}

    @classmethod
    def of(cls, pages: Mapping[str, Iterable[Read]]) -> PagesReads:
        if isinstance(pages, PagesReads):
            return pages
        made = cls()
        for url, reads in pages.items():
            made[url] = frozenset(reads)
        return made

    def numbers(self, url: str) -> array[int]:
        """The numbers of the page's reads in `distinct`."""
        return self._pages[url]

    def __setitem__(self, url: str, reads: frozenset[Read]) -> None:
        numbers, distinct = self._numbers, self.distinct
        for read in reads:
            if read not in numbers:
                numbers[read] = len(distinct)
                distinct.append(read)
        self._pages[url] = array("I", map(numbers.__getitem__, reads))

    def __getitem__(self, url: str) -> frozenset[Read]:
        return frozenset(map(self.distinct.__getitem__, self._pages[url]))

    def __delitem__(self, url: str) -> None:
        del self._pages[url]

    def __contains__(self, url: object) -> bool:
        return url in self._pages

    def __iter__(self) -> Iterator[str]:
        return iter(self._pages)

    def __len__(self) -> int:
        return len(self._pages)
