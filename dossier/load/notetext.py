"""Note text: what a note may hold, checked as it is read, before any Markdown parser sees it.

Takes a note's text; gives its problems as diagnostics. A note may hold no
control character but tab and line feed and no direction override (see
`characters`), and no more than `MAX_MARKS` Markdown marks: the parser (pure
Python) stops at each line break and at each ASCII punctuation character it
acts on, and tries its rules there, at up to 55 µs a mark. Prose has about 60 marks
in 1,000 characters, so the limit leaves a 128 KiB note of ordinary Markdown
room; a note made mostly of marks (`[a](` 32,768 times) would instead take
seconds for each of the three times a build parses it, so it is refused unparsed.
"""

from __future__ import annotations

from ..core.characters import describe, refused_in_prose
from ..core.diagnostics import Diagnostics, Pos

MAX_MARKS = 10_000
_MARKS = "\n!#$%&*+-:<=>@[\\]^_`{}~"
"""The characters at which markdown-it's inline parser leaves plain text to try its rules."""


def note_is_readable(text: str, rel: str, diagnostics: Diagnostics) -> bool:
    """Report what a note may not hold; False if it must not be parsed at all."""
    bad = refused_in_prose(text)
    if bad:
        at, char = bad
        line, column = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
        diagnostics.error(Pos(rel, line, column), "text.invisible",
                          f"the note contains {describe(char)}; it would reorder or hide what readers see, "
                          "so remove it")
    if len(text) <= MAX_MARKS:  # the usual note: too short to hold too many marks
        return True
    marks = sum(map(text.count, _MARKS))
    if marks > MAX_MARKS:
        diagnostics.error(Pos(rel), "note.too-complex",
                          f"the note has {marks:,} Markdown marks (line breaks and characters such as "
                          f"[ ] * _ ` < #); a note may have up to {MAX_MARKS:,}: split it or write plainer text")
        return False
    return True
