"""Names folded the way readers type them: case, diacritics and apostrophe variants ignored.

Used to resolve wikilinks and to build the search index, so that 'Yo'ldosh',
'Yoʻldosh' and 'Yoldosh' are one name. templates/assets/search.js folds queries
with the same steps in the same order; tests/browser/test_search.py checks that
both give the same key for a set of tricky names.
"""

from __future__ import annotations

import re
import unicodedata

APOSTROPHES = "'`\u00b4\u02b9\u02bb\u02bc\u02bd\u02be\u02bf\u055a\u05f3\u2018\u2019\u201b\u2032\u2035\ua78b\ua78c"
"""Straight, curly and modifier apostrophes, primes, and the ʾ ʿ of Arabic transliteration.
Kept equal to APOSTROPHES in templates/assets/search.js."""

_APOSTROPHES = re.compile(f"[{re.escape(APOSTROPHES)}]")
_NON_WORD = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """Lowercase key without accents or apostrophes, words separated by single spaces.

    Steps: lowercase; compatibility-decompose (NFKD: 'ﬁ' -> 'fi', full-width -> ASCII);
    drop every combining mark (category M, not only those with a combining class);
    drop apostrophes (after decomposing, so 'ŉ' and full-width apostrophes go too);
    anything that is not a letter or digit separates words.
    """
    if text.isascii():  # the same steps, minus the decomposition that cannot change ASCII (fast path)
        return _NON_WORD.sub(" ", _APOSTROPHES.sub("", text.lower())).strip()
    decomposed = unicodedata.normalize("NFKD", text.lower())
    stripped = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
    return _NON_WORD.sub(" ", _APOSTROPHES.sub("", stripped)).strip()
