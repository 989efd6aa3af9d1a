"""Note text: what a note may hold, checked as it is read, before any Markdown parser sees it.

Takes a note's text; gives its problems as diagnostics. A note may hold no
control character but tab and line feed and no direction override (see
`characters`).
"""

from __future__ import annotations

from .characters import describe, refused_in_prose
from .diagnostics import Diagnostics, Pos


def note_is_readable(text: str, rel: str, diagnostics: Diagnostics) -> bool:
    """Report what a note may not hold; False if it must not be parsed at all."""
    bad = refused_in_prose(text)
    if bad:
        at, char = bad
        line, column = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
        diagnostics.error(Pos(rel, line, column), "text.invisible",
                          f"the note contains {describe(char)}; it would reorder or hide what readers see, "
                          "so remove it")
    return True
