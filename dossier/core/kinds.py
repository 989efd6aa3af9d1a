"""Kinds: the one table of record kinds that every other place reads.

Each kind of record has a content folder, a URL section, the words pages use for
one and for many, and whether each record gets a profile page. Loading, URLs,
views, the home page's counts, the navigation and the schema all read this table;
adding a kind is one entry here plus its fields in `schema` and its template.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    """One kind of record, and how the site names and places it."""

    name: str
    folder: str
    """The content folder of its records, and the URL section of their pages."""
    label: str
    """One of them, as a heading or a tag says it: 'Person'."""
    title: str
    """All of them, as the navigation and the index page say it: 'People'."""
    profile: bool = False
    """Each record is a group, person or place with a profile page of its own."""
    index: str = ""
    """The page listing them, from the site root: the folder's index.html unless given."""
    index_title: str = ""
    """That page's title, where it is not `title`."""

    @property
    def noun(self) -> str:
        return self.label.lower()

    @property
    def nouns(self) -> str:
        return self.title.lower()

    @property
    def index_url(self) -> str:
        return self.index or f"{self.folder}/index.html"

    @property
    def nav_title(self) -> str:
        return self.index_title or self.title


KINDS: tuple[Kind, ...] = (
    Kind("group", "groups", "Group", "Groups", profile=True),
    Kind("person", "people", "Person", "People", profile=True),
    Kind("place", "places", "Place", "Places", profile=True),
    Kind("event", "events", "Event", "Events", index="chronology.html", index_title="Chronology"),
    Kind("source", "sources", "Source", "Sources"),
)
"""In the order the navigation and the home page's counts give them."""

BY_NAME: dict[str, Kind] = {kind.name: kind for kind in KINDS}
BY_FOLDER: dict[str, Kind] = {kind.folder: kind for kind in KINDS}
ENTITY_KINDS: tuple[str, ...] = tuple(kind.name for kind in KINDS if kind.profile)
"""The kinds with profile pages: groups, people, places."""
