"""Markup: editors' Markdown notes to safe HTML.

Notes are untrusted text. Raw HTML in them is shown as text, never passed
through; links may only be relative or http(s)/mailto (no `javascript:`,
`data:` or `vbscript:` in any spelling); images are not rendered, since a page
must load nothing from another host.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt

from .markupblocks import render_plain_blocks
from .markuplinks import render_with_links_aside

_SAFE_SCHEMES = {"", "http", "https", "mailto"}
_STRIP = re.compile(r"[\x00-\x20\x7f]+")


def is_safe_url(url: str) -> bool:
    """True for relative, http(s) and mailto URLs, however the scheme is spelled."""
    cleaned = _STRIP.sub("", unquote(url))
    try:
        scheme = urlsplit(cleaned).scheme.lower()
    except ValueError:
        return False
    return scheme in _SAFE_SCHEMES and not cleaned.startswith("//")


_LINKS_KEPT = 16384
"""How many link destinations the parser keeps the normal form and safety of (see `_parser`)."""


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    """The notes' parser. A destination's normal form and whether it is safe are functions of its
    text alone, and the same few destinations recur across notes (each wikilink is a link to a
    profile): each is worked out once, not at every link, which was a sixth of the notes' Markdown."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(["image"])
    # With "html" off, these two rules look at every line and every '<' only to return False at once (they
    # have nothing else to do); left out, the parse is the same, a twentieth quicker.
    md.disable(["html_block", "html_inline"])
    md.normalizeLink = lru_cache(maxsize=_LINKS_KEPT)(md.normalizeLink)  # type: ignore[method-assign]
    md.validateLink = lru_cache(maxsize=_LINKS_KEPT)(is_safe_url)  # type: ignore[method-assign]
    return md


@lru_cache(maxsize=16)
def render_markdown(text: str) -> str:
    """HTML for a note; the caller marks it safe. The last few are kept: a profile's page and its
    section of the print page show the same note, one after the other. Its plain links (its wikilinks) are
    put aside while it is parsed, and put back as the parser draws them (see `markuplinks`); a note of
    paragraphs and simple lists is drawn block by block (see `markupblocks`)."""
    md = _parser()
    html = render_with_links_aside(md, text)
    if html is None:
        html = render_plain_blocks(md, text)
    return md.render(text) if html is None else html
