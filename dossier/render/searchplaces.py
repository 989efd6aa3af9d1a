"""Search places: the search index's words, each once and sorted, and the rows that hold each word
(`places`), made whole, or from the last index's where few rows' words changed.

Takes each row's words (a string, as `searchwords` gives them) and the key of the text they were
folded from; gives `Places`. Listing which rows hold each word walks every word of every row
(1.6 million at 10,000 entities, most of the index's cost once the words are remembered). After
an edit to a few notes the rows are the same rows, in the same order, and only the edited rows'
keys differ: then only the words those rows gained or lost are placed again, from the last
index's places. Rows added, removed or moved (any other count of rows), or many rows changed,
and the places are made whole. Either way they are the same.
"""

from __future__ import annotations

import operator
from bisect import insort
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate

_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class Places:
    """`rows`: the key of each row's text (see `searchwords.SearchWords`); `words`: every word of any
    row, once, sorted; `places`: for each word, the numbers of the rows holding it, in increasing
    order, each written as its distance from the one before (the first from 0), in base 36,
    separated by spaces."""

    rows: list[str]
    words: list[str]
    places: list[str]


def word_places(row_words: list[str], keys: list[str], last: Places | None = None,
                last_words: Callable[[str], str | None] | None = None) -> Places:
    """The places of `row_words` (the rows' texts having `keys`); from `last`, the last index's, if it
    had as many rows and few differ, given `last_words`, the words of a key of the last index."""
    if last is None or last_words is None or len(last.rows) != len(keys):
        return _all_places(row_words, keys)
    changed = [number for number, (key, before) in enumerate(zip(keys, last.rows, strict=True))
               if key != before]
    if not changed:
        return Places(keys, last.words, last.places)
    if len(changed) * 8 > len(keys):  # many rows changed: placing every word is quicker
        return _all_places(row_words, keys)
    try:
        return _patched(row_words, keys, changed, last, last_words)
    except (KeyError, ValueError):  # the last places do not hold what the last words say: made whole
        return _all_places(row_words, keys)


def _patched(row_words: list[str], keys: list[str], changed: list[int], last: Places,
             last_words: Callable[[str], str | None]) -> Places:
    """The last places, with the words the `changed` rows gained or lost placed again."""
    found = dict(zip(last.words, last.places, strict=True))
    holding: dict[str, list[int]] = {}
    for number in changed:
        before_words = last_words(last.rows[number])
        if before_words is None:  # not known: the last places cannot be patched
            raise KeyError(last.rows[number])
        before, now = set(before_words.split()), set(row_words[number].split())
        for word in before ^ now:
            numbers = holding.get(word)
            if numbers is None:
                numbers = holding[word] = _numbers(found[word]) if word in found else []
            if word in now:
                insort(numbers, number)
            else:
                numbers.remove(number)
    new_or_gone = any(not numbers or word not in found for word, numbers in holding.items())
    for word, numbers in holding.items():
        if numbers:
            found[word] = _distances(numbers, _base36)
        else:
            del found[word]
    words = sorted(found) if new_or_gone else last.words
    return Places(keys, words, list(map(found.__getitem__, words)))


def _all_places(row_words: list[str], keys: list[str]) -> Places:
    holding: dict[str, list[int]] = {}
    for number, text in enumerate(row_words):
        for word in text.split():
            found = holding.get(word)
            if found is None:
                holding[word] = [number]
            else:
                found.append(number)
    words = sorted(holding)
    written = list(map(_base36, range(len(row_words) + 1))).__getitem__  # every distance, written once
    return Places(keys, words, [_distances(holding[word], written) for word in words])


def _distances(numbers: list[int], written: Callable[[int], str]) -> str:
    if len(numbers) == 1:
        return written(numbers[0])
    return " ".join(map(written, map(operator.sub, numbers, [0, *numbers[:-1]])))


def _numbers(places: str) -> list[int]:
    """The row numbers a word's places give."""
    return list(accumulate(int(step, 36) for step in places.split()))


def _base36(number: int) -> str:
    digits = ""
    while True:
        number, digit = divmod(number, 36)
        digits = _DIGITS[digit] + digits
        if not number:
            return digits
