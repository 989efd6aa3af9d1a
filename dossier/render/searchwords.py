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
    """Each text's words (`unique_words`), remembered by the text's digest.

    `known`: digest (hex) -> words, as an earlier index left them (`used`), or a function that
    gives them, called when the first text is asked for (a cache read only once an index is made).
    The words of every text asked for are in `used`, so a text no longer indexed (an entity
    deleted, a note edited) is not carried on to the next."""

    def __init__(self, known: Mapping[str, str] | Callable[[], Mapping[str, str]] | None = None):
        self._known: Mapping[str, str] | Callable[[], Mapping[str, str]] = known or {}
        self.used: dict[str, str] = {}
        self.made = 0
        """How many texts were folded, not remembered."""

    def of(self, text: str, note: str = "") -> str:
        """The words of `text`, then those of the Markdown `note`: but for its links' targets, and
        with its backticks made spaces (Markdown's other marks, `*` `_` `[` ..., separate words
        as folding makes them spaces; folding would drop a backtick as an apostrophe)."""
        h = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16)
        if note:
            h.update(b"\xff")  # never in UTF-8: where the text ends
            h.update(note.encode("utf-8", "surrogatepass"))
        key = h.hexdigest()
        found = self.used.get(key)
        if found is None:
            if callable(self._known):
                self._known = self._known()
            found = self._known.get(key)
            if found is None:
                found = unique_words(f"{text} {without_link_targets(note).replace('`', ' ')}" if note else text)
                self.made += 1
            self.used[key] = found
        return found

    @property
    def changed(self) -> bool:
        """Whether `used` differs from what was known: a text folded, or one known not asked for
        (unless none was asked for: then no index was made)."""
        if not self.used:
            return False
        known = self._known
        return bool(self.made) or callable(known) or len(self.used) != len(known)

    def next(self) -> SearchWords:
        """A memo for the next index, knowing what this one used."""
        return SearchWords(self.used)


def known_words(value: object) -> dict[str, str]:
    """The words an earlier index used, from a stored value: {} unless it is such a mapping
    (a damaged or foreign value remembers nothing, and every text is folded again)."""
    if not isinstance(value, dict) or not all(type(k) is str and type(v) is str for k, v in value.items()):
        return {}
    return value
