"""Search words: the folded words of a text, each once, as the search index lists them, made once
for each text and remembered from one index to the next.

Takes texts (a record's summary and note, a source's text); gives their words. The words are most
of the cost of the search index (about 2 s of 3 at 10,000 entities), and after an edit nearly every
text is one an earlier index already folded. So `SearchWords` remembers each text's words by the
digest of the text: a function of the text alone, which is right whatever else changed, and a text
not remembered (or changed by a byte) is folded again. The build keeps what one index used in its
cache for the next (see `cache.planner`); `serve` keeps it in memory.
"""

from __future__ import annotations

import hashlib
import string
from collections.abc import Callable, Mapping

from ..core.names import APOSTROPHES, fold
from .searchplaces import Places, word_places

Entry = list[str]
"""A row of the index but its words: [title, kind label, url, context, folded names, rank] (see
`search.search_entries`)."""

_ASCII_WORDS = bytes(code + 32 if 65 <= code <= 90 else code if chr(code) in string.ascii_lowercase + string.digits
                     else 32 for code in range(256))
"""For ASCII text as bytes: capitals lowercased, anything but a letter or digit a space (as `fold` does)."""
_ASCII_APOSTROPHES = bytes(ord(c) for c in APOSTROPHES if ord(c) < 128)
"""Dropped, as `fold` drops them."""


def unique_words(text: str) -> str:
    """The folded words of a text, each once, in order, separated by spaces.

    ASCII text is folded whole as bytes, by one table (what `fold` does to ASCII, much quicker).
    Other text: only the distinct words as written are folded (a source's text says "the" hundreds
    of times), which gives the words folding the whole text would: folding never joins what
    whitespace separates."""
    if text.isascii():
        return b" ".join(dict.fromkeys(text.encode("ascii").translate(_ASCII_WORDS, _ASCII_APOSTROPHES).split())
                         ).decode("ascii")
    return " ".join(dict.fromkeys(fold(" ".join(dict.fromkeys(text.split()))).split()))


def without_link_targets(note: str) -> str:
    """The note without the `](url)` of its links, in one pass.

    (The regex `\\]\\([^)]*\\)` did the same, but scanned to the end of the note from
    every `](` that no `)` follows: minutes for a note of many unclosed links.)
    """
    if "](" not in note:
        return note
    parts: list[str] = []
    start = 0
    while (at := note.find("](", start)) >= 0:
        end = note.find(")", at + 2)
        if end < 0:
            break  # no later `](` can be closed either
        parts.append(note[start:at])
        parts.append(" ")
        start = end + 1
    parts.append(note[start:])
    return "".join(parts)


class SearchWords:
    """Each text's words (`unique_words`), remembered by the text's digest, the last index's
    places (see `searchplaces`) and, for a build, its rows but their words.

    `known`: digest (hex) -> words, as an earlier index left them (`used`), and `last`, the places
    it made; or `load`, a function giving what an earlier index kept (`kept`), called when first
    needed (a cache read only once an index is made). The words of every text asked for are in
    `used`, so a text no longer indexed (an entity deleted, a note edited) is not carried on to the
    next; `keys` are the digests asked for, one a row, in order.

    `key`: the key of the records the index is made from (`cache.keeper.ModelKeeper.key`: every
    input but the notes' bytes). A row but its words (`Entry`) is a function of the records alone,
    so an index made from records with the key of the last one kept takes its entries (`entries`)
    and asks only for the words of each row's texts: a build after a note edit."""

    def __init__(self, known: Mapping[str, str] | None = None, last: Places | None = None,
                 load: Callable[[], object] | None = None, key: str = ""):
        self._known: Mapping[str, str] = known or {}
        self._last = last
        self._load = load
        self.key = key
        self._last_entries: list[Entry] | None = None
        """The last index's entries, if made from records with this `key`."""
        self.entries: list[Entry] | None = None
        """The entries of the index made with these words, once made."""
        self.used: dict[str, str] = {}
        self.keys: list[str] = []
        self.places: Places | None = None
        """The places of the index made with these words, once made."""
        self.made = 0
        """How many texts were folded, not remembered."""

    def _loaded(self) -> None:
        if self._load is not None:
            value = self._load()
            self._known, self._last = restored(value)
            self._last_entries = restored_entries(value, self.key)
            self._load = None

    def last_entries(self, rows: int) -> list[Entry] | None:
        """The entries of the last index, if it was made from records with this run's key and had
        `rows` rows (else None: the entries are made)."""
        self._loaded()
        found = self._last_entries
        return found if found is not None and len(found) == rows else None

    def of(self, text: str, note: str = "") -> str:
        """The words of `text`, then those of the Markdown `note`: but for its links' targets, and
        with its backticks made spaces (Markdown's other marks, `*` `_` `[` ..., separate words
        as folding makes them spaces; folding would drop a backtick as an apostrophe)."""
        h = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16)
        if note:
            h.update(b"\xff")  # never in UTF-8: where the text ends
            h.update(note.encode("utf-8", "surrogatepass"))
        key = h.hexdigest()
        self.keys.append(key)
        found = self.used.get(key)
        if found is None:
            self._loaded()
            found = self._known.get(key)
            if found is None:
                found = unique_words(f"{text} {without_link_targets(note).replace('`', ' ')}" if note else text)
                self.made += 1
            self.used[key] = found
        return found

    def place(self, row_words: list[str]) -> Places:
        """The places of the rows whose words `of` gave, in order (from the last index's where
        it can, see `searchplaces`); kept in `places`."""
        self._loaded()
        keys = self.keys if len(self.keys) == len(row_words) else [""] * len(row_words)  # "": no text's key
        self.places = word_places(row_words, keys, self._last, self._known.get)
        return self.places

    @property
    def changed(self) -> bool:
        """Whether what the next index should know differs from what this one was given: a text
        folded, one known not asked for, or other places (unless no index was made)."""
        if self.places is None:
            return False
        last = self._last
        return bool(self.made) or len(self.used) != len(self._known) or last is None or \
            self.places.rows != last.rows or (bool(self.key) and self.entries is not self._last_entries)

    def next(self) -> SearchWords:
        """A memo for the next index, knowing what this one used and made."""
        return SearchWords(self.used, self.places)

    def kept(self) -> dict[str, object]:
        """What the next index, in another process, should know, as a value for the build cache
        (five strings of lines: folded words and places hold neither a newline nor, in a word, a space;
        and, with a `key`, the entries made from records with that key)."""
        assert self.places is not None
        kept: dict[str, object] = {
            "texts": "\n".join(self.used), "words of texts": "\n".join(self.used.values()),
            "rows": "\n".join(self.places.rows), "words": "\n".join(self.places.words),
            "places": "\n".join(self.places.places)}
        if self.key and self.entries is not None:
            kept |= {"key": self.key, "entries": self.entries}
        return kept


def restored_entries(value: object, key: str) -> list[Entry] | None:
    """The entries an earlier index kept (`SearchWords.kept`), if made from records with `key` and
    whole (each a list of six strings); else None."""
    if not key or not isinstance(value, dict) or value.get("key") != key:
        return None
    entries = value.get("entries")
    if not isinstance(entries, list) or not all(
            type(entry) is list and len(entry) == 6 and all(type(part) is str for part in entry) for entry in entries):
        return None
    return entries


def restored(value: object) -> tuple[dict[str, str], Places | None]:
    """What an earlier index left (`SearchWords.kept`), from a stored value: nothing known unless it
    is such a value, whole (a damaged or foreign value remembers nothing, and every text is folded
    and every word placed again)."""
    if not isinstance(value, dict) or not all(type(value.get(name)) is str for name in _KEPT):
        return {}, None
    texts = _lines(value["texts"])
    words = value["words of texts"].split("\n") if texts else []  # a text's words may be none
    if len(texts) != len(words):
        return {}, None
    known = dict(zip(texts, words, strict=True))
    rows, index_words, places = _lines(value["rows"]), _lines(value["words"]), _lines(value["places"])
    if len(index_words) != len(places) or not all(key in known for key in rows):
        return known, None
    return known, Places(rows, index_words, places)


_KEPT = ("texts", "words of texts", "rows", "words", "places")


def _lines(text: str) -> list[str]:
    return text.split("\n") if text else []
