"""Page inputs against the pages themselves: every record a page links to is among the records
its digest takes in, so renaming or editing that record redraws the page (see `pageinputs`).

A link is how a page shows another record's name, so a record linked but not taken in is a
page the build cache would keep stale. The dossiers checked are the seed and every test site,
which between them use every kind of record, relation, occurrence and mention.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest

from dossier.build.site import build_files
from dossier.cache.pageinputs import PageInputs
from dossier.core.project import load_project
from dossier.render.pages import page_urls

ROOT = Path(__file__).resolve().parent.parent
PROJECTS = [ROOT, *sorted(p for p in (ROOT / "tests" / "sites").iterdir() if (p / "mkdocs.yml").exists())]
HREF = re.compile(r'href="([^"#]*)(?:#([^"]*))?"')


class Recorded(PageInputs):
    """PageInputs that also keeps the ids of the records each page's digest takes in, with
    those of the pages' digests it takes in whole (print.html takes every profile's)."""

    def __init__(self, *args: object) -> None:
        super().__init__(*args)  # type: ignore[arg-type]
        self.taken_by: dict[tuple[str, str], set[str]] = {}
        self._taking: list[set[str]] = []

    def digest(self, key):  # type: ignore[no-untyped-def]
        if key not in self.taken_by:
            self._taking.append(set())
            super().digest(key)
            self.taken_by[key] = self._taking.pop()
        if self._taking:
            self._taking[-1].update(self.taken_by[key])
        return super().digest(key)

    def _records(self, ids, add):  # type: ignore[no-untyped-def]
        ids = list(ids)
        self._taking[-1].update(ids)
        super()._records(ids, add)


def linked_records(html: str, url: str, records: dict[str, str]) -> set[str]:
    """The ids of the records whose pages (or chronology entries) `html`, found at `url`, links to."""
    found = set()
    for target, fragment in HREF.findall(html):
        path = posixpath.normpath(posixpath.join(posixpath.dirname(url), target)) if target else url
        if path in records:
            found.add(records[path])
        elif path == "chronology.html" and fragment:
            found.add(fragment.removeprefix("e-"))
    return found


def taken_as_text(dossier, key: tuple[str, str], url: str, records: dict[str, str]) -> set[str]:
    """The records a page links to through text its digest takes in whole: a profile's note as
    linked (names and all), a source page's "cited by" labels (which name the citing record)."""
    if key[0] == "profile":
        targets = re.findall(r"\]\(([^)]*)\)", dossier.entities[key[1]].note or "")
        return linked_records("".join(f'href="{t}"' for t in targets), url, records)
    if key[0] == "source":
        hrefs = "".join(f'href="{url}"' for (source, _), cited in dossier.cited_by.items()
                        if source == key[1] for c in cited for url in (c.url, *(u for u, _ in c.also)))
        return linked_records(hrefs, "", records)
    return set()


@pytest.mark.parametrize("project_dir", PROJECTS, ids=lambda p: p.name)
def test_every_record_a_page_links_to_is_among_its_inputs(project_dir: Path) -> None:
    built = build_files(load_project(project_dir), jobs=1)
    dossier = built.dossier
    urls = page_urls(dossier)
    records = {url: key for url, (kind, key) in urls.items() if kind in ("profile", "source")}
    events = {event.id for event in dossier.events}
    inputs = Recorded(dossier, {}, b"")
    checked = 0
    for url, key in urls.items():
        if inputs.digest(key) is None:
            continue
        linked = {r for r in linked_records(built.files[url].decode(), url, records)
                  if r in records.values() or r in events}
        missing = linked - inputs.taken_by[key] - taken_as_text(dossier, key, url, records) - ({key[1]} if key[0] != "index" else set())
        assert not missing, f"{url} links to {sorted(missing)} but its digest does not take them in"
        checked += 1
    assert checked >= len(records)
