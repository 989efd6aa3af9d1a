"""Note code: `[[wikilinks]]` inside a note's code spans and code blocks stay as written.

Takes a note's text and the wikilinks found in it; tells which of them Markdown
shows as code. The note is parsed as the renderer will parse it once its
wikilinks are links: each wikilink is stood in for by a link whose text is a
numbered marker, and a marker that comes out in a code span, a fenced or an
indented code block is code. So every rule of the parser holds (backticks of
equal length, backslashes, indenting inside lists and quotes, code spans
against autolinks and link targets) without being written twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from markdown_it import MarkdownIt

_CODE_MARKS = ("`", "~~~", "    ", "\t")
"""A backtick, a tilde fence, four spaces or a tab (indenting, after a list marker too): a note with
none of them holds no code, and is not parsed here (`in` finds each far faster than one regex)."""
_CODE_BLOCKS = ("fence", "code_block")


def substitute_outside_code(pattern: re.Pattern[str], replace: Callable[[re.Match[str]], str], note: str) -> str:
    """`pattern.sub(replace, note)`, except that matches inside code are left as written."""
    if not ("`" in note or "~~~" in note or "    " in note or "\t" in note):  # _CODE_MARKS, with no generator
        return pattern.sub(replace, note)
    matches = list(pattern.finditer(note))
    if not matches:
        return note
    pieces: list[str] = []
    last = 0
    for match, in_code in zip(matches, matches_in_code(note, matches), strict=True):
        pieces.append(note[last:match.start()])
        pieces.append(match.group(0) if in_code else replace(match))
        last = match.end()
    pieces.append(note[last:])
    return "".join(pieces)


def matches_in_code(note: str, matches: Sequence[re.Match[str]]) -> list[bool]:
    """For each match (in order, not overlapping), whether it lies in code once each match is a link."""
    marker = next(chr(c) for c in range(0xE000, 0xF900) if chr(c) not in note)  # a private-use character
    stand_in: list[str] = []
    last = 0
    for number, match in enumerate(matches):
        stand_in.append(f"{note[last:match.start()]}[{marker}{number}{marker}](x)")
        last = match.end()
    stand_in.append(note[last:])
    numbered = re.compile(f"{marker}([0-9]+){marker}")
    in_code = [False] * len(matches)
    for token in _parser().parse("".join(stand_in)):
        codes = [token] if token.type in _CODE_BLOCKS else [
            child for child in token.children or () if child.type == "code_inline"]
        for code in codes:
            for found in numbered.finditer(code.content):
                in_code[int(found.group(1))] = True
    return in_code


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(["image"])  # as the renderer (see `markup`)
    return md
