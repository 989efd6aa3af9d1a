"""Page inputs are recorded as pages read the dossier (see `core.reads`), never listed by hand.

What a page reads must not depend on what was drawn before it (a view kept from an earlier page
still counts as read), every record a page links to must be among its reads, and a page's digest
must move exactly when something it read moves. The dossiers checked are the seed, every test
site, which between them use every kind of record, relation, occurrence and mention, and a dossier
with three releases, whose changes pages and histories read its releases.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import replace
from pathlib import Path

import pytest

from dossier.build.site import build_files
from dossier.cache.pagereads import ReadDigests, decode_reads, encode_reads
from dossier.core.project import load_project
from dossier.core.reads import ALL, KEYS, Memo, RecordedMapping, recording
from dossier.render.claimviews import KeptViews
from dossier.render.jinja import make_environment, render_page, site_info
from dossier.render.pages import make_page, page_keys, page_urls
from dossier.render.views import ViewBuilder
from tests.releasekit import three_releases

ROOT = Path(__file__).resolve().parent.parent
RELEASED = Path("three-releases")
"""The dossier of tests/releasekit.py, with its changes pages and profiles' histories, made when asked for."""
PROJECTS = [ROOT, *sorted(p for p in (ROOT / "tests" / "sites").iterdir() if (p / "mkdocs.yml").exists()),
            RELEASED]
HREF = re.compile(r'href="([^"#]*)(?:#([^"]*))?"')


@pytest.fixture(scope="module", params=PROJECTS, ids=lambda p: p.name)
def built(request, tmp_path_factory):
    folder = request.param
    if folder == RELEASED:
        folder = three_releases(tmp_path_factory.mktemp("released")).project
    project = load_project(folder)
    return project, build_files(project, jobs=1)


def reads_of(project, dossier, views, key):
    env = make_environment(project.templates_dir)
    with recording() as reads:
        render_page(env, make_page(dossier, views, key), site_info(dossier.settings))
    return reads


def test_a_page_reads_the_same_whatever_was_drawn_before_it(built):
    project, result = built
    dossier = result.dossier
    warm = ViewBuilder(dossier)
    keys = page_keys(dossier)
    for key in keys:
        reads_of(project, dossier, warm, key)
    for key in keys:
        alone = reads_of(project, dossier, ViewBuilder(dossier), key)
        assert alone or key[0] == "404", f"{key} read nothing of the dossier"
        assert reads_of(project, dossier, warm, key) == alone, f"{key} reads less once views are kept"


def test_a_page_reads_the_same_from_memos_kept_across_chunks(built):
    """A process keeps some memos from one chunk of pages to the next (`KeptViews`): a page drawn by a new
    builder over memos that earlier builders filled reads what it reads drawn alone."""
    project, result = built
    dossier = result.dossier
    kept = KeptViews()
    keys = page_keys(dossier)
    for key in keys:
        reads_of(project, dossier, ViewBuilder(dossier, kept), key)
    assert kept.links._found and kept.jsonld_nodes._found, "the memos were kept"
    for key in keys:
        alone = reads_of(project, dossier, ViewBuilder(dossier), key)
        assert reads_of(project, dossier, ViewBuilder(dossier, kept), key) == alone, f"{key} reads less"


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


def taken_as_text(dossier, reads, url: str, records: dict[str, str]) -> set[str]:
    """The records a page links to through text it read whole: a note as linked (names and all),
    the labels of the facts citing a source sentence (which name the citing record)."""
    hrefs = []
    for name, key in reads:
        if name == "notes" and key in dossier.notes.data:
            hrefs += [f'href="{t}"' for t in re.findall(r"\]\(([^)]*)\)", dossier.notes.data[key])]
        elif name == "cited_by" and key in dossier.cited_by.data:
            hrefs += [f'href="{posixpath.relpath(target, posixpath.dirname(url) or ".")}"'
                      for citers in dossier.cited_by.data[key] for c in citers
                      for target in (c.url, *(u for u, _ in c.also))]
    return linked_records("".join(hrefs), url, records)


def test_every_record_a_page_links_to_is_among_its_reads(built):
    project, result = built
    dossier = result.dossier
    urls = page_urls(dossier)
    records = {url: key for url, (kind, key) in urls.items() if kind in ("profile", "source")}
    events = {event.id for event in dossier.events}
    views = ViewBuilder(dossier)
    for url, key in urls.items():
        reads = reads_of(project, dossier, views, key)
        read_ids = {k for _, k in reads}
        walked = {name for name, k in reads if k == ALL}
        shown_as_text = taken_as_text(dossier, reads, url, records)
        for record in linked_records(result.files[url].decode(), url, records) - shown_as_text:
            if record in events:
                assert "events" in walked, f"{url} links to the event {record} but never reads the events"
            elif record in dossier.entities:
                assert record in read_ids or "entities" in walked, f"{url} links to {record} without reading it"
            elif record in dossier.sources:
                assert record in read_ids or "sources" in walked, f"{url} links to {record} without reading it"


def test_a_page_digest_moves_with_what_it_read_and_only_with_that(built):
    project, result = built
    dossier = result.dossier
    key = next(k for k in page_keys(dossier) if k[0] == "profile")
    reads = reads_of(project, dossier, ViewBuilder(dossier), key)
    before = ReadDigests(dossier, b"global").page(reads)
    assert ReadDigests(dossier, b"global").page(reads) == before
    assert ReadDigests(dossier, b"templates changed").page(reads) != before
    entity = dossier.entities[key[1]]
    renamed = replace(dossier, entities={**dossier.entities.data, entity.id: replace(entity, name=entity.name + "!")})
    assert ReadDigests(renamed, b"global").page(reads) != before
    unread = next((e for e in dossier.entities.data.values() if ("entities", e.id) not in reads), None)
    if unread is not None and ("entities", ALL) not in reads:
        other = replace(dossier, entities={**dossier.entities.data, unread.id: replace(unread, name="Someone else")})
        assert ReadDigests(other, b"global").page(reads) == before


def test_reads_survive_their_encoding():
    reads = {("entities", "imu"), ("cited_by", ("source-a", 3)), ("events", ALL), ("entities", KEYS)}
    assert set(decode_reads(encode_reads(reads))) == reads
    assert decode_reads("not json") is None


def test_every_way_of_reading_a_collection_is_noted():
    table = RecordedMapping("entities", {"a": 1, "b": 2})
    assert table["a"] == 1 and list(table) == ["a", "b"]  # outside a recording: nothing noted, nothing fails
    ways = {
        "lookup": (lambda: table["a"], {("entities", "a")}),
        "get": (lambda: table.get("zz"), {("entities", "zz")}),
        "in": (lambda: "b" in table, {("entities", "b")}),
        "keys": (lambda: list(table), {("entities", KEYS)}),
        "len": (lambda: len(table), {("entities", KEYS)}),
        "values": (lambda: list(table.values()), {("entities", ALL)}),
        "items": (lambda: dict(table.items()), {("entities", ALL)}),
    }
    for name, (read, expected) in ways.items():
        with recording() as reads:
            read()
        assert reads == expected, name


def test_a_memo_replays_the_reads_that_made_its_value():
    table = RecordedMapping("entities", {"a": "Alpha"})
    memo: Memo[str, str] = Memo()
    with recording() as first:
        assert memo.get("a", lambda: table["a"]) == "Alpha"
    with recording() as second:
        assert memo.get("a", lambda: "never made again") == "Alpha"
    assert first == second == {("entities", "a")}
