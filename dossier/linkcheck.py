"""Link check: every link and anchor between the pages of a built site resolves.

Takes the site's files (path -> bytes); gives a list of broken links. Only links
within the site are followed; http(s) and mailto links are left alone. Used by
the build, by the MkDocs plugin (as strict-mode warnings) and by the tests.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import Mapping
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
    for page, data in sorted(html.items()):
        for raw in dict.fromkeys(_REF.findall(data)):
            href = raw.decode().replace("&amp;", "&")
            parts = urlsplit(href)
            if parts.scheme or parts.netloc:
                continue
            target = page
            if parts.path:
                target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
            if target not in files:
                broken.append(BrokenLink(page, href, "no such file"))
            elif parts.fragment and parts.fragment not in ids.get(target, set()):
                broken.append(BrokenLink(page, href, f"no id '{parts.fragment}' in {target}"))
    return broken
