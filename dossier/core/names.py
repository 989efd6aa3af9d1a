"""Names folded the way readers type them: case, diacritics and apostrophe variants ignored.

Used to resolve wikilinks and to build the search index, so that 'Yo'ldosh',
'Yoʻldosh' and 'Yoldosh' are one name. templates/assets/search.js folds queries
with the same steps in the same order; tests/browser/test_search.py checks that
both give the same key for a set of tricky names.
"""

from __future__ import annotations

import re
import string
import unicodedata

APOSTROPHES = "'`\u00b4\u02b9\u02bb\u02bc\u02bd\u02be\u02bf\u055a\u05f3\u2018\u2019\u201b\u2032\u2035\ua78b\ua78c"
"""Straight, curly and modifier apostrophes, primes, and the ʾ ʿ of Arabic transliteration.
Kept equal to APOSTROPHES in templates/assets/search.js."""

_APOSTROPHES = re.compile(f"[{re.escape(APOSTROPHES)}]")
_NON_WORD = re.compile(r"[\W_]+")
_ASCII_FOLD = {code: None if chr(code) in APOSTROPHES else " "
               for code in range(128) if chr(code) not in string.ascii_lowercase + string.digits}
"""For ASCII text once lowercased: apostrophes dropped, anything else but a letter or digit a space."""


def fold(text: str) -> str:
    """Lowercase key without accents or apostrophes, words separated by single spaces.

    Steps: lowercase; compatibility-decompose (NFKD: 'ﬁ' -> 'fi', full-width -> ASCII);
    drop every combining mark (category M, not only those with a combining class);
    drop apostrophes (after decomposing, so 'ŉ' and full-width apostrophes go too);
    anything that is not a letter or digit separates words.
    """
    if text.isascii():  # the same steps, by one table, without the decomposition that cannot change ASCII
        return " ".join(text.lower().translate(_ASCII_FOLD).split())
    return fold_any(text)


class _WithoutMarks(dict[int, int | None]):
    """A `str.translate` table filled as it is used: a combining mark (category M) maps to None,
    any other character to itself. Each character's category is looked up once, not once a use."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.category(chr(code)).startswith("M") else code
        self[code] = kept
        return kept


_WITHOUT_MARKS = _WithoutMarks()


def fold_any(text: str) -> str:
    """`fold` for text in any script."""
    stripped = unicodedata.normalize("NFKD", text.lower()).translate(_WITHOUT_MARKS)
    return _NON_WORD.sub(" ", _APOSTROPHES.sub("", stripped)).strip()
