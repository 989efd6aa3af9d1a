"""Characters: which ones content may not hold, and how messages show the ones it does.

A reader cannot see a control character, a format character or an invisible
letter, yet each changes what a name is or how a line reads: "Jane\\u3164Example"
(a Hangul filler) looks like "Jane Example", U+202E reverses the text after it,
and ESC or BEL sent to a terminal retitles, recolours or erases it. So:

- record values (names, aliases, summaries, titles, quotes ...) may hold no
  control character but tab and line feed, no format character (category Cf:
  direction controls, zero-width characters, the soft hyphen, U+FFF9 ...), no
  line or paragraph separator, no surrogate, no other default-ignorable
  code point (the Hangul fillers, U+034F, variation selectors) and no
  noncharacter (U+FFFE, U+FFFF, U+FDD0..U+FDEF ...);
- source texts and notes, which are prose pasted from elsewhere, may hold no
  control character but tab and line feed, no direction override, embedding
  or isolate and no noncharacter; marks such as U+200F and soft hyphens are kept;
- every message printed for a person shows these characters as escapes, so no
  content reaches a terminal raw or splits one `file:line: error` line.
"""

from __future__ import annotations

import re
import unicodedata

_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
"""Controls, format characters, line and paragraph separators, surrogates."""
_IGNORABLE_NOT_FORMAT = re.compile(
    "[\u034f\u115f\u1160\u17b4\u17b5\u3164\uffa0\ufff0-\ufff8\U000e0000-\U000e0fff"
    "\u180b-\u180d\u180f\ufe00-\ufe0f\U000e0100-\U000e01ef]")
"""The default-ignorable code points that are not format characters: Unicode's
Other_Default_Ignorable_Code_Point and Variation_Selector properties (PropList.txt),
which Python's unicodedata does not expose. Letters and marks that draw nothing."""
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(chr(plane + 0xFFFE) + chr(plane + 0xFFFF)
                                           for plane in range(0, 0x110000, 0x10000))
"""The 66 noncharacters: U+FDD0..U+FDEF and the last two code points of each plane (U+FFFE, U+FFFF,
U+1FFFE ...). Unicode keeps them for a program's own use, never for text; XML cannot hold U+FFFE
and U+FFFF, so a GraphML writer drops them, and a name holding one is not the name it shows."""
_NONCHARACTER = re.compile(f"[{_NONCHARACTERS}]")
_PROSE_REFUSED = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069{_NONCHARACTERS}]")
"""In source texts and notes: C0 and C1 controls but tab and line feed (category Cc, a fixed set),
the direction embeddings, overrides and isolates (bare marks, U+200E/F, are fine in prose) and the
noncharacters."""
_PROSE_REFUSED_BMP = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufdd0-\ufdef\ufffe\uffff]")
"""`_PROSE_REFUSED` for a text with no character beyond U+FFFF: the same answer, ten times as fast (the
noncharacters of the other planes make the full class one the regex engine tries range by range)."""
_BEYOND_BMP = re.compile("[\U00010000-\U0010ffff]")
_ASCII_ALLOWED = b"\t\n" + bytes(range(0x20, 0x7F))
"""The ASCII characters prose may hold: tab, line feed and the printable ones (`_PROSE_REFUSED` refuses the rest)."""
_TAB_AND_NEWLINE = str.maketrans("", "", "\t\n")
_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def refused_in_value(text: str) -> str | None:
    """The first character a record's value may not hold, or None."""
    if text.isascii():
        found = None if text.isprintable() else refused_in_prose(text)
        return found[1] if found else None
    if text.translate(_TAB_AND_NEWLINE).isprintable() and not _IGNORABLE_NOT_FORMAT.search(text):
        return None  # the usual case: one pass in C, no look-up per character
    for char in text:
        if char not in "\t\n" and _is_hidden(char):
            return char
    return None


def refused_in_prose(text: str) -> tuple[int, str] | None:
    """The first control character or direction override in a source text or note, with its offset, or None.

    An ASCII text (most notes) is refused nothing if deleting the bytes it may hold leaves none: one
    pass in C, four times as quick as searching it with the class, and twenty as quick as first
    looking for a character beyond U+FFFF. Another is refused nothing if each of its lines is
    printable (what it refuses never is), twice as quick as the two searches."""
    if text.isascii():
        if not text.encode("ascii").translate(None, _ASCII_ALLOWED):
            return None
        found = _PROSE_REFUSED_BMP.search(text)
    elif all(map(str.isprintable, text.split("\n"))):  # what it refuses is never printable
        return None
    else:
        found = (_PROSE_REFUSED if _BEYOND_BMP.search(text) else _PROSE_REFUSED_BMP).search(text)
    return (found.start(), found.group()) if found else None


def describe(char: str) -> str:
    """'U+3164 (HANGUL FILLER)', '(a noncharacter)', or '(a control character)' for the others that have no name."""
    unnamed = "a noncharacter" if _NONCHARACTER.match(char) else "a control character"
    return f"U+{ord(char):04X} ({unicodedata.name(char, unnamed)})"


def printable(text: str, keep_newlines: bool = False) -> str:
    """The text with every hidden character escaped ('\\x1b', '\\u2028', '\\n'), safe to print to a terminal.

    Escapes are themselves printable ASCII, so escaping twice changes nothing.
    """
    if text.isascii() and text.isprintable():
        return text
    if keep_newlines:
        return "\n".join(printable(line) for line in text.split("\n"))
    if text.isprintable() and not _IGNORABLE_NOT_FORMAT.search(text):
        return text
    return "".join(_escape(c) if _is_hidden(c) else c for c in text)


def _is_hidden(char: str) -> bool:
    return (unicodedata.category(char) in _REFUSED_CATEGORIES or bool(_IGNORABLE_NOT_FORMAT.match(char))
            or bool(_NONCHARACTER.match(char)))


def _escape(char: str) -> str:
    code = ord(char)
    if char in _ESCAPES:
        return _ESCAPES[char]
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
