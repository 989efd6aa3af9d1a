"""Link check: every link and anchor between the pages of a built site resolves.

Takes the site's files (path -> bytes); gives a list of broken links. Only links
within the site are followed; http(s) and mailto links are left alone. Used by
the build, by the MkDocs plugin (as strict-mode warnings) and by the tests.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

_REF = re.compile(rb'\s(?:href|src)="([^"]*)"')
_ID = re.compile(rb'\sid="([^"]*)"')


@dataclass(frozen=True)
class BrokenLink:
    page: str
    href: str
    problem: str

    def __str__(self) -> str:
        return f"{self.page}: broken link '{self.href}': {self.problem}"


def check_links(files: Mapping[str, bytes]) -> list[BrokenLink]:
    """Every in-site link whose file or anchor does not exist."""
    html = {path: data for path, data in files.items() if path.endswith(".html")}
    ids = {path: {m.decode() for m in _ID.findall(data)} for path, data in html.items()}
    broken: list[BrokenLink] = []
    resolved: dict[tuple[str, bytes], str | None] = {}
    """(folder, href before any '#') -> site path ('' for the page itself, None outside the site):
    most links (navigation, assets, other profiles) recur on thousands of pages; resolve each once."""
    for page, data in sorted(html.items()):
        folder = posixpath.dirname(page)
        for raw in dict.fromkeys(_REF.findall(data)):
            before, _, after = raw.partition(b"#")
            key = (folder, before)
            if key not in resolved:
                resolved[key] = _resolve(folder, before)
            target = resolved[key]
            if target is None:
                continue
            target = target or page
            fragment = after.decode().replace("&amp;", "&")
            if target not in files:
                broken.append(BrokenLink(page, raw.decode().replace("&amp;", "&"), "no such file"))
            elif fragment and fragment not in ids.get(target, set()):
                broken.append(BrokenLink(page, raw.decode().replace("&amp;", "&"), f"no id '{fragment}' in {target}"))
    return broken


def _resolve(folder: str, raw: bytes) -> str | None:
    """The site path an href (without its fragment) points at: '' for the page itself, None outside the site."""
    parts = urlsplit(raw.decode().replace("&amp;", "&"))
    if parts.scheme or parts.netloc:
        return None
    if not parts.path:
        return ""
    return posixpath.normpath(posixpath.join(folder, unquote(parts.path)))
