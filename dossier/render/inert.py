"""An archived web page made inert before it is shown: nothing in it can run or reach out.

The viewer's sandboxed frame and its Content-Security-Policy already forbid both, but a
browser may look ahead through a page for things to fetch before a policy in that page
applies, and a sandboxed frame may still follow a link in itself. So the markup is
rewritten once more, here, where it is plain to test: scripts, frames, objects, `<base>`,
`<link>` and `<meta>` go with what they hold; every attribute that runs code (`on…`) or
names something to load or go to (`src`, `href`, `poster`, `srcset`, `data`, `action`, …)
goes, a link's address kept as its `title` for the reader to see; a stylesheet keeps its
rules but not its `url(…)`, `@import` or escapes. What is left is the page's words and layout.
The raw bytes stay in the capture file.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

_DROPPED = frozenset({"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "link",
                      "meta", "portal", "noembed", "template", "animate", "set", "animatemotion",
                      "animatetransform", "discard"})
"""Elements removed with everything inside them (SVG's animations among them: one can set an address)."""
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                   "wbr", "param", "keygen"})
_LOADING = frozenset({"src", "srcset", "href", "xlink:href", "poster", "background", "data", "action", "formaction",
                      "ping", "cite", "longdesc", "lowsrc", "dynsrc", "manifest", "codebase", "archive", "usemap",
                      "profile", "icon", "imagesrcset", "srcdoc", "itemtype", "itemid", "attributionsrc"})
"""Attributes that name something to load or to go to."""
_NAME = re.compile(r"[a-z][a-z0-9:._-]*\Z")
"""A tag or attribute name that reads back the same; anything else is left out."""
_STYLE_URL = re.compile(r"url\s*\(|@import|image-set\s*\(|expression\s*\(", re.I)


def inert_html(markup: str) -> str:
    """The page's markup with nothing left that runs or loads."""
    parser = _Inert()
    parser.feed(markup)
    parser.close()
    return "".join(parser.out)


class _Inert(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.dropping: list[str] = []  # the dropped elements we are inside, innermost last
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=True)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> None:
        if self.dropping or tag in _DROPPED:
            if not closed and tag not in _VOID:
                self.dropping.append(tag)
            return
        if not _NAME.match(tag):
            return
        kept: list[tuple[str, str | None]] = []
        for name, value in attrs:
            if not _NAME.match(name) or name.startswith("on") or name in _LOADING:
                if tag == "a" and name == "href" and value:
                    kept.append(("title", value))
                continue
            if name == "style" and value:
                value = _inert_style(value)
            kept.append((name, value))
        self.in_style = tag == "style" and not closed
        self.out.append(f"<{tag}{_attributes(kept)}{' /' if closed else ''}>")

    def handle_endtag(self, tag: str) -> None:
        if self.dropping:
            if tag in self.dropping:  # closes it, and whatever inside it was left open
                del self.dropping[len(self.dropping) - 1 - self.dropping[::-1].index(tag):]
            return
        if tag in _DROPPED or not _NAME.match(tag):
            return
        self.in_style = False
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self.dropping:
            return
        self.out.append(_inert_style(data) if self.in_style else html.escape(data, quote=False))

    def handle_decl(self, decl: str) -> None:
        if decl.lower().startswith("doctype"):
            self.out.append(f"<!{html.escape(decl, quote=False)}>")


def _inert_style(css: str) -> str:
    """The rules without what loads: `url(…)`, `@import`, and the escapes that could spell them."""
    return _STYLE_URL.sub("none(", css.replace("\\", ""))


def _attributes(attrs: list[tuple[str, str | None]]) -> str:
    return "".join(f" {name}" if value is None else f' {name}="{html.escape(value)}"' for name, value in attrs)
