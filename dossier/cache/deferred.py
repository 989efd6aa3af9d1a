"""Deferred values: a collection of the kept model whose values are made from the file's bytes
only when a run first asks for them, a group of keys at a time.

Takes the collection's keys in order, the group each key's value was written in, and a function
making one group's values (a mapping of its keys) from its number; gives a read-only mapping
that answers as the collection's own mapping would, for the `RecordedMapping` of the collection
to hold (see `keptmodel`). A run taking the kept model after a note edit reads the numbered
citations of the few pages it draws again, and `validate` none: at 10,000 entities those of
11,000 pages and 118,000 source sentences are 40% of the objects of the model.

Its keys, their order, `len`, `in` and `get` are known without making a value; `values` and
`items` make every group first, and then answer from one plain dictionary in the keys' order.
Pickled (for a worker that is not forked), it is that dictionary.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, ItemsView, Iterator, KeysView, Mapping, ValuesView
from typing import Any

_ABSENT = object()


class DeferredValues(Mapping[Hashable, Any]):
    """A mapping of the kept model whose values are made when first asked for (see the module)."""

    __slots__ = ("_groups", "_make", "_made", "_made_groups", "_whole")

    def __init__(self, keys: tuple[Hashable, ...], groups: tuple[int, ...],
                 make: Callable[[int], Mapping[Hashable, Any]]):
        self._groups = dict(zip(keys, groups, strict=True))
        """Each key -> the number of the group its value was written in, in the collection's order."""
        self._make = make
        self._made: dict[Hashable, Any] = {}
        self._made_groups: set[int] = set()
        self._whole: dict[Hashable, Any] | None = None

    def __getitem__(self, key: Hashable) -> Any:
        found = self._made.get(key, _ABSENT)
        if found is _ABSENT:
            self._make_group(self._groups[key])  # KeyError for a key the collection lacks
            found = self._made[key]
        return found

    def get(self, key: Hashable, default: Any = None) -> Any:
        return self[key] if key in self._groups else default

    def __contains__(self, key: object) -> bool:
        return key in self._groups

    def __iter__(self) -> Iterator[Hashable]:
        return iter(self._groups)

    def __len__(self) -> int:
        return len(self._groups)

    def keys(self) -> KeysView[Hashable]:
        return self._groups.keys()

    def values(self) -> ValuesView[Any]:
        return self.whole().values()

    def items(self) -> ItemsView[Hashable, Any]:
        return self.whole().items()

    def whole(self) -> dict[Hashable, Any]:
        """Every value made, as one dictionary in the collection's order."""
        if self._whole is None:
            for group in dict.fromkeys(self._groups.values()):
                if group not in self._made_groups:
                    self._make_group(group)
            self._whole = {key: self._made[key] for key in self._groups}
        return self._whole

    def _make_group(self, group: int) -> None:
        made = self._make(group)
        if any(self._groups.get(key) != group for key in made):
            raise ValueError(f"group {group} of a kept collection holds keys of another")
        self._made.update(made)
        self._made_groups.add(group)

    def __eq__(self, other: object) -> bool:
        return self.whole() == (other.whole() if isinstance(other, DeferredValues) else other)

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> Any:
        return (dict, (self.whole(),))

    def __repr__(self) -> str:
        return f"DeferredValues({len(self._groups)} keys, {len(self._made_groups)} groups made)"
