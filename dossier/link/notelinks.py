"""Note links: every link an editor writes in a note must stay inside the site, or be a web or mail link.

The renderer already refuses unsafe links (they are shown as text, see
`markup`), but silently: an editor who writes `[map](javascript:...)` or links
`/etc/passwd` would get a dead or missing link and no word why. This pass
parses the note as the renderer does, but keeps every link, and reports each
one that will not work, at its line: a scheme other than http(s)/mailto, an
absolute path, or a relative path that climbs out of the site. Links within the
site keep the path and #fragment they reach, which `notecheck` checks against
the pages themselves.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt

from ..core.markup import is_safe_url
from ..core.model import NoteLink


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(["image"])  # as the renderer: ![x](y) is '!' and a link
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    md.normalizeLink = lambda url: url  # type: ignore[method-assign]  # report the link as written
    return md


def note_links(note: str, page: str) -> list[NoteLink]:
    """Every link of a note (shown on the page at site path `page`), in order."""
    links: list[NoteLink] = []
    for block in _parser().parse(note):
        if block.type != "inline" or not block.children or block.map is None:
            continue
        line = block.map[0] + 1
        for token in block.children:
            if token.type in ("softbreak", "hardbreak"):
                line += 1
            elif token.type == "link_open":
                href = str(token.attrGet("href") or "")
                links.append(_link(line, href, page))
    return links


def note_link_problems(note: str, page: str) -> list[NoteLink]:
    """Links in a note that cannot work, in order."""
    return [link for link in note_links(note, page) if link.problem]


def _link(line: int, href: str, page: str) -> NoteLink:
    problem = _problem(href, page)
    if problem:
        return NoteLink(line, href, problem)
    parts = urlsplit(href.strip())
    if parts.scheme or parts.netloc:
        return NoteLink(line, href)
    path = unquote(parts.path).replace("\\", "/")
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else page
    return NoteLink(line, href, target=target, fragment=unquote(parts.fragment))


def _problem(href: str, page: str) -> str:
    if not is_safe_url(href):
        return ("only relative links, http(s):// and mailto: are allowed; "
                "this one would be shown as plain text")
    parts = urlsplit(unquote(href).strip())
    if parts.scheme or parts.netloc or not parts.path:
        return ""
    if parts.path.startswith(("/", "\\")):
        return "an absolute path leaves the site; link relative to the page, or use a [[wikilink]]"
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), parts.path.replace("\\", "/")))
    if target == ".." or target.startswith("../"):
        return "this relative path climbs out of the site; use a [[wikilink]] to link a record"
    return ""
