"""URLs: where each page lives, as paths from the site root.

Every page is a plain .html file (no directory URLs) so links work from disk.
"""

from __future__ import annotations

from .model import EntityId, UrlPath

SECTIONS = {"group": "groups", "person": "people", "place": "places", "source": "sources"}
SECTION_TITLES = {"group": "Groups", "person": "People", "place": "Places", "source": "Sources"}
HOME = UrlPath("index.html")
CHRONOLOGY = UrlPath("chronology.html")
PRINT = UrlPath("print.html")


def entity_url(kind: str, entity_id: EntityId | str) -> UrlPath:
    return UrlPath(f"{SECTIONS[kind]}/{entity_id}.html")


def section_url(kind: str) -> UrlPath:
    return UrlPath(f"{SECTIONS[kind]}/index.html")


def event_url(event_id: EntityId | str) -> UrlPath:
    return UrlPath(f"{CHRONOLOGY}#e-{event_id}")


def relative(url: str, from_page: str) -> str:
    """`url` (from the site root) as seen from the page at `from_page`."""
    depth = from_page.count("/")
    return "../" * depth + url
