"""URLs: where each page lives, as paths from the site root.

Every page is a plain .html file (no directory URLs) so links work from disk.
Each kind's section is its content folder (see `kinds`).
"""

from __future__ import annotations

from .kinds import BY_NAME, KINDS
from .model import EntityId, UrlPath

HOME = UrlPath("index.html")
CHRONOLOGY = UrlPath("chronology.html")
PRINT = UrlPath("print.html")
GROUPS_OVER_TIME = UrlPath("groups-over-time.html")
NETWORK = UrlPath("network.html")
ATLAS = UrlPath("atlas.html")
_SECTION = {kind.name: kind.folder for kind in KINDS}
"""Looked up for every link of every page: a plain dict, not an attribute of a `Kind`."""


def entity_url(kind: str, entity_id: EntityId | str) -> UrlPath:
    return UrlPath(f"{_SECTION[kind]}/{entity_id}.html")


def section_url(kind: str) -> UrlPath:
    return UrlPath(BY_NAME[kind].index_url)


def event_url(event_id: EntityId | str) -> UrlPath:
    return UrlPath(f"{CHRONOLOGY}#e-{event_id}")


def relative(url: str, from_page: str) -> str:
    """`url` (from the site root) as seen from the page at `from_page`."""
    depth = from_page.count("/")
    return "../" * depth + url
