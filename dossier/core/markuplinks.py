"""Markup links: a note's plain inline links drawn without markdown-it parsing each, the same HTML.

Takes a note's Markdown and the parser `markup` renders it with; gives its HTML, or None where the
note is one this cannot vouch for (the caller then renders it whole). A note's links are mostly its
wikilinks, which the link stage wrote as `[escaped words](../kind/id.html)`: markdown-it parses each
through its label, destination, normalising and checking rules, nearly half of a note's parse. Here
each such link is put aside as a stand-in (`⦃n⦄`, punctuation as `[` and `)` are, so the emphasis
around it is read the same), the note is rendered, and each stand-in is replaced by the link as
markdown-it draws it: `<a href="normalised destination">words</a>`, escaped as its renderer escapes.

That is the same HTML only where each stand-in stands where the link would have been a link, and
the link's words are plain text. So a note is taken only if it has no code (no backtick, no `~~~`
fence, no tab, no four spaces in a row: an indented line, or a list item or quote whose text starts
four columns in), no `<` (an autolink could hold the link), no stand-in
character of its own, no square bracket but the links taken (a link in a link's words, a
reference, an escaped bracket), and each link's words hold no mark markdown-it acts on (emphasis,
entities, code) but backslash escapes of ASCII punctuation, which give the character itself; its
destination, only the characters of a path in the site (no escape, no space, no title), and one
the parser's own check accepts. Each stand-in must come out once, in order; otherwise the note is
rendered whole. The note with its stand-ins is drawn block by block where it can be (`markupblocks`).
tests/test_markup_links.py compares both ways on notes of every shape.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml

from .markupblocks import render_plain_blocks

OPEN, CLOSE = "\u2983", "\u2984"
"""The stand-in's ends: ⦃ and ⦄, Unicode punctuation (Ps, Pe), as `[` and `)` are ASCII punctuation."""

_LINK = re.compile(r"\[((?:\\[!-/:-@\[-`{-~]|&(?![#A-Za-z])|[^\\\[\]\n`*_<>&!~\x00-\x1f])+)\]\(([A-Za-z0-9._/#-]+)\)")
"""A link this draws: words of plain characters, backslash escapes of ASCII punctuation and '&' where it
cannot start an entity, and a path-like destination."""
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_STAND_IN = re.compile("\u2983([0-9]+)\u2984")


def render_with_links_aside(md: MarkdownIt, text: str) -> str | None:
    """The note's HTML, its plain links put aside while it is parsed; None if the note must be parsed whole."""
    if "](" not in text or _refused(text):
        return None
    parts: list[str] = []
    links: list[str] = []
    last = 0
    for match in _LINK.finditer(text):
        start = match.start()
        if start and text[start - 1] in "\\!":  # an escaped bracket; an image's '!'
            return None
        href = md.normalizeLink(match.group(2))
        if not md.validateLink(href):
            return None
        words = match.group(1)
        if "\\" in words:
            words = _ESCAPE.sub(_unescaped, words)
        links.append(f'<a href="{escapeHtml(href)}">{escapeHtml(words)}</a>')
        parts.append(text[last:start])
        parts.append(f"{OPEN}{len(links) - 1}{CLOSE}")
        last = match.end()
    parts.append(text[last:])
    stood_in = "".join(parts)
    if "[" in stood_in or "]" in stood_in:
        return None
    html = render_plain_blocks(md, stood_in)
    if html is None:
        html = md.render(stood_in)
    if html.count(OPEN) != len(links) or html.count(CLOSE) != len(links):
        return None
    pieces = _STAND_IN.split(html)  # text, number, text, number ... text
    if pieces[1::2] != [str(number) for number in range(len(links))]:
        return None
    for i in range(1, len(pieces), 2):
        pieces[i] = links[int(pieces[i])]
    return "".join(pieces)


def _refused(text: str) -> bool:
    """Whether a note may hold code, an autolink or a stand-in's character (see the module docstring)."""
    return ("`" in text or "<" in text or "~~~" in text or "\t" in text or OPEN in text or CLOSE in text
            or "    " in text)  # four spaces: an indented line, or code after a list's or a quote's mark


def _unescaped(match: re.Match[str]) -> str:
    return match.group(1)

