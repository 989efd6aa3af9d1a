"""Link check: every link and anchor between the pages of a built site resolves.

Takes the site's files (path -> bytes), or what `page_links` kept of each page
while the site was written; gives a list of broken links. Only links
within the site are followed; http(s) and mailto links are left alone. Used by
the build, by the MkDocs plugin (as strict-mode warnings) and by the tests.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

_HREF = re.compile(rb'href="(?<=\shref=")([^"]*)"')
_SRC = re.compile(rb'src="(?<=\ssrc=")([^"]*)"')
_ID = re.compile(rb'id="(?<=\sid=")([^"]*)"')
"""Each value of one attribute. The pattern starts with the bare name, which the regex engine finds fast;
the look-behind after it counts a match only where the name starts an attribute, after whitespace, so
`data-id="…"` is not an id."""


@dataclass(frozen=True)
class BrokenLink:
    page: str
    href: str
    problem: str

    def __str__(self) -> str:
        return f"{self.page}: broken link '{self.href}': {self.problem}"


@dataclass(frozen=True, slots=True)
class PageLinks:
    """What the check needs of one HTML page: the ids it has and the hrefs it uses.

    Far smaller than the page, so a large site can be checked after its pages are
    written and let go of.
    """

    ids: frozenset[str]
    hrefs: tuple[bytes, ...]


def page_links(data: bytes) -> PageLinks:
    """The ids and the distinct hrefs (and srcs) of a page, hrefs in the order they come.

    Every page of a site goes through this as it is written (a tenth of a gigabyte at 1,000 entities), so
    the values are found without a match object each: a page's few srcs with their places, and its hrefs
    a stretch at a time between them, which keeps their order without sorting."""
    ids = frozenset([value.decode() for value in _ID.findall(data)])
    hrefs: list[bytes] = []
    start = 0
    for match in _SRC.finditer(data):
        place = match.start()
        if _ends_an_href(data, place):
            return PageLinks(ids, tuple(dict.fromkeys(value for _, value in sorted(
                _placed(_HREF, data) + _placed(_SRC, data)))))
        hrefs += _HREF.findall(data, start, place)
        hrefs.append(match.group(1))
        start = place
    hrefs += _HREF.findall(data, start)
    return PageLinks(ids, tuple(dict.fromkeys(hrefs)))


def _ends_an_href(data: bytes, place: int) -> bool:
    """Whether the `src="` at `place` may be the end of an href's value (`href="a src="`), which the stretch
    before it would not find whole: the last quote before it opens an href."""
    quote = data.rfind(b'"', 0, place)
    return quote >= 0 and data.endswith(b'href="', 0, quote + 1)


def _placed(pattern: re.Pattern[bytes], data: bytes) -> list[tuple[int, bytes]]:
    """Each value of one attribute, with its place."""
    return [(match.start(), match.group(1)) for match in pattern.finditer(data)]


def check_links(files: Mapping[str, bytes]) -> list[BrokenLink]:
    """Every in-site link whose file or anchor does not exist."""
    return find_broken({path: page_links(data) if path.endswith(".html") else None for path, data in files.items()})


def find_broken(site: Mapping[str, PageLinks | None], pages: Iterable[str] | None = None) -> list[BrokenLink]:
    """Every broken in-site link of a site given as path -> its links (None for a file that is not a page);
    of the `pages` given only, if any (their links are checked against the whole site)."""
    broken: list[BrokenLink] = []
    resolved: dict[tuple[str, bytes], str | None] = {}
    """(folder, href before any '#') -> site path ('' for the page itself, None outside the site):
    most links (navigation, assets, other profiles) recur on thousands of pages; resolve each once."""
    for page in sorted(site if pages is None else pages):
        links = site[page]
        if links is None:
            continue
        folder = posixpath.dirname(page)
        for raw in links.hrefs:
            before, _, after = raw.partition(b"#")
            key = (folder, before)
            try:
                target = resolved[key]
            except KeyError:
                target = resolved[key] = _resolve(folder, before)
            if target is None:
                continue
            target = target or page
            if target not in site:  # a page's ids are looked at only for a #fragment (they may cost a read)
                broken.append(BrokenLink(page, _text(raw), "no such file"))
            elif after:
                fragment = _text(after)
                target_links = site[target]
                if target_links is None and target.endswith(".pdf") and fragment.startswith("page="):
                    continue  # a PDF's page, which PDF viewers open at (RFC 8118)
                if target_links is None or fragment not in target_links.ids:
                    broken.append(BrokenLink(page, _text(raw), f"no id '{fragment}' in {target}"))
    return broken


def _text(raw: bytes) -> str:
    return raw.decode().replace("&amp;", "&")


def _resolve(folder: str, raw: bytes) -> str | None:
    """The site path an href (without its fragment) points at: '' for the page itself, None outside the site."""
    parts = urlsplit(_text(raw))
    if parts.scheme or parts.netloc:
        return None
    if not parts.path:
        return ""
    return posixpath.normpath(posixpath.join(folder, unquote(parts.path)))
