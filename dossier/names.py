"""Names folded the way readers type them: case, diacritics and apostrophe variants ignored.

Used to resolve wikilinks and to build the search index, so that 'Yo'ldosh',
'Yoʻldosh' and 'Yoldosh' are one name.
"""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = re.compile("['\u2018\u2019\u02bb\u02bc\u02b9\u0060\u00b4\u2032]")
_NON_WORD = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """Lowercase ASCII-ish key: no accents, no apostrophes, single spaces."""
    text = _APOSTROPHES.sub("", text)
    decomposed = unicodedata.normalize("NFKD", text.lower())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", stripped).strip()
