"""Markup blocks: a note of paragraphs and simple lists drawn without markdown-it's block parser, the same HTML.

Takes a note's Markdown and the parser `markup` renders it with; gives its HTML, or None where the
note holds a line this cannot vouch for (the caller then renders it whole). Notes are mostly
paragraphs of prose and a list or two, yet markdown-it's block parser tries each of its rules at
each line: two fifths of a note's parse once its links are put aside (`markuplinks`). Here the
lines are sorted into paragraphs and lists by the few rules that apply to such lines, and the
parser draws each one's text (`renderInline`, its inline rules as in a whole parse: the text of
a paragraph is its lines joined, as the block parser gives it).

A line is taken as a paragraph's when nothing else could start there: it starts with no space,
tab or other white space (an indented line is code, or a list's continuation), with none of
`#`, `>`, `[`, a backtick, `~`, `<` or `|`, with no ordered list's number (`1.` or `1)` then a
white space), and where it starts with `*`, `_`, `-`, `+` or `=`, that mark is not followed by white space
(a list item) and the line is not that mark alone, with white space (a rule, or a heading's underline);
and it ends with no white space (a hard break, and what the parser trims). A list is a run of
lines each `- ` then a paragraph's line, with a blank line or the end after it, and no list after
that blank line (which would make one loose list of both): a tight list, each item its text.
Anything else, and a carriage return or NUL (which the parser rewrites first), leaves the note
to the parser. tests/test_markup_links.py compares both ways on notes of every shape.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

_ORDERED = re.compile(r"[0-9]{1,9}[.)](?:\s|$)")
_NEVER_FIRST = frozenset("#>[`~<|")
_MARKS = frozenset("*_-+=")


def render_plain_blocks(md: MarkdownIt, text: str) -> str | None:
    """The note's HTML, drawn block by block, if it is made of paragraphs and tight `- ` lists only; else None."""
    if "\r" in text or "\x00" in text:
        return None
    lines = text.split("\n")
    count = len(lines)
    inline = md.renderInline
    out: list[str] = []
    i = 0
    while i < count:
        line = lines[i]
        if not line:
            i += 1
            continue
        if line.startswith("- "):
            items = []
            while i < count and lines[i].startswith("- "):
                item = lines[i][2:]
                if not _plain(item):
                    return None
                items.append(f"<li>{inline(item)}</li>\n")
                i += 1
            if i < count and lines[i]:
                return None  # a line right after an item continues it
            after = i
            while after < count and not lines[after]:
                after += 1
            if after < count and lines[after].startswith("- "):
                return None  # a list after a blank line: one loose list with this one
            out.append("<ul>\n" + "".join(items) + "</ul>\n")
            continue
        start = i
        while i < count and lines[i]:
            if not _plain(lines[i]):
                return None
            i += 1
        out.append(f"<p>{inline(chr(10).join(lines[start:i]))}</p>\n")
    return "".join(out)


def _plain(line: str) -> bool:
    """Whether a line can only be a paragraph's (see the module docstring)."""
    if not line:
        return False
    first = line[0]
    if first.isspace() or line[-1].isspace() or first in _NEVER_FIRST:
        return False
    if first in _MARKS:
        return len(line) > 1 and not line[1].isspace() and bool("".join(line.split()).strip(first))
    return not (first.isdigit() and _ORDERED.match(line))
