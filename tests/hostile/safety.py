"""Scan built HTML for anything a browser could execute or load that content put there.

Parsed with html.parser, so markup is judged as a browser tokenizes it, not by
regex: attribute values arrive entity-decoded (`&#106;avascript:` is seen as
`javascript:`). The theme's own markup is known and small: two <script src>
tags pointing into assets/, one stylesheet, a few <meta>, on profiles one JSON-LD data
block, which must be JSON and hold no '<' (so nothing in it can end the element early or
open a comment), and the drawings' SVG: shapes, text and links, never a script, an
animation, an embedded document or image, or a reference to another file. Anything else
that can run code, load a frame or restyle the page is reported.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

FORBIDDEN_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "form", "img",
                  "math", "style", "video", "audio", "source", "track", "input", "button", "textarea",
                  "select", "portal", "template", "noscript", "xmp", "plaintext", "listing",
                  "animate", "set", "animatemotion", "animatetransform", "foreignobject", "image", "use",
                  "feimage", "handler", "listener"}
"""Tags the theme never writes; from content they could only be injected. (The one <input> is the
search box: allowed below by its id.) SVG elements that run, animate an attribute (an href into a
script URL) or embed another document are among them."""
SVG_ATTRIBUTES = {"class", "width", "height", "aria-hidden", "focusable", "x", "y", "overflow", "viewbox"}
"""The attributes of the drawings' <svg> elements (a network is drawn in its own units: `viewBox`)."""
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcdoc", "data", "poster",
                  "background", "cite", "longdesc", "ping", "manifest", "srcset"}
SAFE_SCHEMES = {"", "http", "https", "mailto"}
_THEME_SCRIPT = re.compile(r"^(?:\.\./)*assets/[a-z-]+\.js$")
_THEME_STYLESHEET = re.compile(r"^(?:\.\./)*assets/[a-z-]+\.css$")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.in_script = False
        self.data_block: list[str] | None = None
        """The text of the JSON-LD block being read, if in one."""

    def _problem(self, text: str) -> None:
        line, column = self.getpos()
        self.problems.append(f"{line}:{column}: {text}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs)

    def _check(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "script" and values == {"type": "application/ld+json"}:
            self.in_script, self.data_block = True, []
        elif tag == "script":
            self.in_script = True
            if set(values) - {"src", "defer"} or not _THEME_SCRIPT.match(values.get("src", "")):
                self._problem(f"<script> that is not the theme's own: {attrs}")
        elif tag == "link" and not (values.get("rel") == "stylesheet" and _THEME_STYLESHEET.match(values.get("href", ""))):
            self._problem(f"<link> that is not the theme's stylesheet: {attrs}")
        elif tag == "meta" and values.get("http-equiv", "").lower() not in ("", "content-security-policy"):
            self._problem(f"<meta http-equiv> other than the CSP: {attrs}")
        elif tag == "input" and values.get("id") == "search-input" and values.get("type") == "search":
            pass
        elif tag in FORBIDDEN_TAGS:
            self._problem(f"<{tag}> in a page: {attrs}")
        elif tag == "svg" and set(values) - SVG_ATTRIBUTES:
            self._problem(f"<svg> that is not a drawing's: {attrs}")
        for name, value in values.items():
            if name.startswith("on"):
                self._problem(f"event-handler attribute {name}={value!r} on <{tag}>")
            elif name == "style":
                self._problem(f"style attribute {value!r} on <{tag}>")
            elif name in URL_ATTRIBUTES and not url_is_safe(value):
                self._problem(f"{name}={value!r} on <{tag}> is not a relative, http(s) or mailto URL")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_script = False
            if self.data_block is not None:
                self._check_data_block("".join(self.data_block))
                self.data_block = None

    def _check_data_block(self, text: str) -> None:
        if "<" in text:
            self._problem(f"'<' in a JSON-LD block: {text[max(0, text.index('<') - 30):text.index('<') + 30]!r}")
        try:
            json.loads(text)
        except ValueError as exc:
            self._problem(f"a JSON-LD block that is not JSON ({exc}): {text[:60]!r}")

    def handle_data(self, data: str) -> None:
        if self.data_block is not None:
            self.data_block.append(data)
        elif self.in_script and data.strip():
            self._problem(f"inline script content {data[:60]!r}")


def url_is_safe(value: str) -> bool:
    """As a browser reads it: control characters and spaces dropped, scheme case ignored."""
    cleaned = _INVISIBLE.sub("", value)
    if cleaned.startswith(("//", "\\\\", "/\\")):
        return False
    try:
        return urlsplit(cleaned).scheme.lower() in SAFE_SCHEMES
    except ValueError:
        return False


def executable_markup(html: str) -> list[str]:
    """Every problem in one page, as 'line:column: what'; [] for a safe page."""
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    return scanner.problems


def site_problems(files: dict[str, bytes]) -> dict[str, list[str]]:
    """{page: problems} for every HTML page of a built site that has any."""
    found = {}
    for path, data in sorted(files.items()):
        if path.endswith(".html"):
            problems = executable_markup(data.decode("utf-8"))
            if problems:
                found[path] = problems
    return found


_RUNS_OR_LOADS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "link", "meta",
                  "portal"}


class _InertScanner(HTMLParser):
    """What an archived copy shown in the viewer may not hold: it keeps its layout and styles, never
    an element that runs or loads, a handler, an address to load or follow, or a `url(` in a style."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_startendtag(tag, attrs)
        self.in_style = tag == "style"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _RUNS_OR_LOADS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in URL_ATTRIBUTES:
                self.problems.append(f"{name}= on <{tag}>")
            elif name == "style" and _LOADS_IN_STYLE.search(value or ""):
                self.problems.append(f"style {value!r} on <{tag}>")

    def handle_endtag(self, tag: str) -> None:
        self.in_style = False

    def handle_data(self, data: str) -> None:
        if self.in_style and _LOADS_IN_STYLE.search(data):
            self.problems.append(f"<style> that loads: {data!r}")


_LOADS_IN_STYLE = re.compile(r"url\s*\(|@import|image-set|\\", re.I)


def loading_markup(html: str) -> list[str]:
    """Everything in an archived copy's markup that could run or load; [] for an inert one."""
    scanner = _InertScanner()
    scanner.feed(html)
    scanner.close()
    return scanner.problems
