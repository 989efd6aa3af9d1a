"""Releases: `release NAME` records every statement, never rewritten; the site and the data show what
changed between releases (the changes pages, each profile's history, the Atom feed, FollowTheMoney
deltas, first_seen and last_changed in the statements table), on the three-release dossier of
tests/releasekit.py, and a build with no new release compares no releases again."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from dossier.build import release as release_module
from dossier.build.read import read_dossier
from dossier.build.site import build_files
from dossier.cache.planner import Planner
from dossier.core.diagnostics import DossierError
from dossier.core.history import UNRELEASED
from dossier.core.project import load_project
from dossier.link import history as history_module
from tests.helpers import build_py
from tests.releasekit import Released, three_releases

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def heron(tmp_path_factory) -> Released:
    return three_releases(tmp_path_factory.mktemp("releases"))


@pytest.fixture(scope="module")
def site(heron) -> dict[str, bytes]:
    return build_files(load_project(heron.project)).files


@pytest.fixture(scope="module")
def dossier(heron):
    project = load_project(heron.project)
    found, diagnostics = read_dossier(project.content_dir, releases_dir=project.releases_dir)
    assert not diagnostics.errors
    return found


def changes(dossier, name):
    return dossier.history[("changes", name)]


def text_of(html: bytes) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.decode())).strip()


# -- the release file -----------------------------------------------------------------------

def test_a_release_holds_every_statement_with_a_stable_key_and_its_date_and_note(heron, dossier):
    lines = gzip.decompress((heron.project / "releases" / "r1.jsonl.gz").read_bytes()).decode().splitlines()
    head = json.loads(lines[0])
    assert head | {"statements": 0} == {"release": "r1", "format": 1, "date": "2025-01-10T09:00:00Z",
                                        "note": "The first account", "sequence": 1, "records": 9, "statements": 0}
    statements = [json.loads(line) for line in lines if line.startswith('{"statement":')]
    assert len(statements) == head["statements"] > 10
    keys = {s["statement"] for s in statements}
    assert "grey-heron-network.kind-1" in keys and len(keys) == len(statements)
    kind = next(s for s in statements if s["statement"] == "grey-heron-network.kind-1")
    assert kind["value"] == "smuggling ring"
    assert kind["cites"] == [["coastal-herald", "The Grey Heron Network, a smuggling ring"]]
    assert kind["words"] == dossier.statements["grey-heron-network.kind-1"].words.replace("network", "ring")
    assert any(line.startswith('{"ftm":') for line in lines)


def test_a_release_is_never_rewritten_and_a_bad_name_is_refused(heron):
    project = load_project(heron.project)
    path = heron.project / "releases" / "r2.jsonl.gz"
    before = path.read_bytes()
    with pytest.raises(DossierError) as taken:
        release_module.make_release(project, "r2", "again")
    assert "never rewritten" in str(taken.value.diagnostics[0]) and path.read_bytes() == before
    for bad in ("../x", "a b", "-x", ""):
        with pytest.raises(DossierError) as refused:
            release_module.make_release(project, bad)
        assert refused.value.diagnostics[0].code == "release.name"
    assert sorted(p.name for p in (heron.project / "releases").iterdir()) == [
        "r1.jsonl.gz", "r2.jsonl.gz", "r3.jsonl.gz"]


def test_the_release_command_works_without_git_and_says_what_it_wrote(tmp_path):
    project = three_releases(tmp_path).project
    assert not (project / ".git").exists()
    done = build_py(project, "release", "r4", "--note", "Millbrook's summary reworded")
    assert done.returncode == 0, done.stderr
    assert "release 4, 'r4': releases/r4.jsonl.gz" in done.stderr
    again = build_py(project, "release", "r4")
    assert again.returncode == 1 and "never rewritten" in again.stderr


# -- what changed ---------------------------------------------------------------------------

def test_edits_of_values_qualifiers_and_citations_show_as_changes_with_both_sides(dossier):
    found = {f.statement: f for f in changes(dossier, "r2").facts}
    kind = found["grey-heron-network.kind-1"]
    assert (kind.change, kind.value_changed) == ("changed", True)
    assert "smuggling ring" in kind.before and "smuggling network" in kind.after
    strength = found["grey-heron-network.strength-1"]
    assert (strength.value_changed, strength.qualifiers_before, strength.qualifiers_after) == (
        False, "estimate; graded B", "graded B")
    occupation = found["t-wren.occupation-1"]
    assert [c.quote for c in occupation.cites_added] == ["police spokesman Tobias Wren told the Post"]
    assert [c.quote for c in occupation.cites_removed] == ["police spokesman Tobias Wren"]
    assert occupation.cites_added[0].title == "Heron gang bigger than police admit"


def test_a_rename_is_a_rename_not_a_removal_and_an_addition(dossier):
    records = changes(dossier, "r2").records
    assert [(r.change, r.record, r.previous_id) for r in records] == [
        ("renamed", "t-wren", "tobias-wren"), ("added", "the-coast", "")]
    assert not any(f.record == "tobias-wren" for f in changes(dossier, "r2").facts)
    strength_2 = [f for f in changes(dossier, "r2").facts if f.statement == "grey-heron-network.strength-2"]
    assert strength_2 == []  # according_to names the record by its new id: the same claim


def test_records_added_and_removed_and_a_disputed_value_resolved(dossier):
    r3 = changes(dossier, "r3")
    assert [(r.change, r.record) for r in r3.records] == [("removed", "the-coast")]
    removed = {f.statement: f for f in r3.facts if f.change == "removed"}
    assert "founded 2012" in removed["grey-heron-network.founded-2"].before
    assert "millbrook" in removed["grey-heron-network.founded-2"].others
    assert "the-coast.summary-1" in removed
    since = changes(dossier, UNRELEASED)
    assert [(f.statement, f.value_changed) for f in since.facts] == [("millbrook.summary-1", True)]
    assert since.since == "r3"


def test_each_profile_has_its_history_through_its_renames(dossier):
    entries = dossier.history[("record", "t-wren")]
    assert [e.release for e in entries] == ["r2", "r1"]
    assert entries[0].records[0].change == "renamed" and entries[1].records[0].record == "tobias-wren"
    millbrook = [e.release for e in dossier.history[("record", "millbrook")]]
    assert millbrook == [UNRELEASED, "r3", "r1"]  # r3 removed a founding that named it


def test_first_seen_and_last_changed_per_statement(site):
    rows = list(csv.DictReader(io.StringIO(site["data/statements.csv"].decode())))
    by_statement = {}
    for row in rows:
        by_statement.setdefault(row["statement_id"], row)
    kind = by_statement["grey-heron-network.kind-1"]
    assert (kind["first_seen"], kind["last_changed"], kind["last_seen"]) == (
        "2025-01-10T09:00:00Z", "2025-02-14T09:30:00Z", "2025-03-20T16:45:00Z")
    summary = by_statement["millbrook.summary-1"]  # changed since the latest release
    assert (summary["first_seen"], summary["last_changed"], summary["last_seen"]) == ("2025-01-10T09:00:00Z", "", "")
    founded = by_statement["grey-heron-network.founded-1"]
    assert (founded["first_seen"], founded["last_changed"]) == ("2025-01-10T09:00:00Z", "2025-01-10T09:00:00Z")


# -- data out -------------------------------------------------------------------------------

def apply_delta(before: bytes, delta: bytes) -> bytes:
    """An FtM export with a delta applied: MOD replaces an entity in place, ADD adds it, DEL removes it;
    the result ordered as the newer export orders entities (the order ADD and MOD list them in)."""
    entities = {json.loads(line)["id"]: line for line in before.decode().splitlines()}
    order = list(entities)
    for line in delta.decode().splitlines():
        op = json.loads(line)
        entity_id = op["entity"]["id"]
        if op["op"] == "DEL":
            assert entity_id in entities
            del entities[entity_id]
        else:
            assert (entity_id in entities) == (op["op"] == "MOD"), op["op"]
            entities[entity_id] = json.dumps(op["entity"], ensure_ascii=False, separators=(",", ":"))
            if entity_id not in order:
                order.append(entity_id)
    return "".join(entities[i] + "\n" for i in order if i in entities).encode()


def test_a_releases_delta_applied_to_the_release_before_gives_that_release_exactly(heron, site):
    names = ["r1", "r2", "r3"]
    for before, name in zip(["", *names], names):
        delta = site[f"data/deltas/{name}.ftm.json"]
        assert delta, name
        ops = {json.loads(line)["op"] for line in delta.decode().splitlines()}
        assert ops == ({"ADD"} if name == "r1" else ops)
        made = apply_delta(heron.ftm[before] if before else b"", delta)
        assert sorted(made.splitlines()) == sorted(heron.ftm[name].splitlines()), name
    assert b"deltas/<release>.ftm.json" in site["data/README.txt"]
    assert b'href="data/deltas/r3.ftm.json"' in site["data.html"]
    r2 = [json.loads(line) for line in site["data/deltas/r2.ftm.json"].decode().splitlines()]
    assert {(op["op"], op["entity"]["id"]) for op in r2} >= {("ADD", "t-wren"), ("DEL", "tobias-wren"),
                                                              ("ADD", "the-coast"), ("MOD", "grey-heron-network")}


def test_the_atom_feed_is_rfc_4287_and_links_to_the_changes(site):
    feed = ET.fromstring(site["changes.xml"])
    assert feed.tag == f"{ATOM}feed"
    for element in (feed, *feed.findall(f"{ATOM}entry")):  # the elements RFC 4287 requires of each
        assert element.find(f"{ATOM}id").text.startswith("urn:uuid:")
        assert element.find(f"{ATOM}title").text
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", element.find(f"{ATOM}updated").text)
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "The Grey Heron Network"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == [
        "Release r3: The founding settled", "Release r2: A new place; Tobias Wren's record renamed",
        "Release r1: The first account"]
    assert len({e.find(f"{ATOM}id").text for e in entries}) == 3
    assert entries[1].find(f"{ATOM}summary").text.endswith("1 record added, 1 renamed; 3 facts changed, 1 added.")
    for entry in entries:
        for link in entry.findall(f"{ATOM}link"):
            assert link.get("href") in site, link.get("href")  # relative: works from the offline bundle


# -- the pages ------------------------------------------------------------------------------

def test_the_home_page_links_to_the_changes_page_which_lists_every_release(site):
    assert b'href="changes.html"' in site["index.html"]
    page = text_of(site["changes.html"])
    assert "Since release r3 (2025-03-20) 1 fact changed, not yet released." in page
    assert re.search(r"Release r3 2025-03-20 ?: The founding settled \(1 record removed; 2 facts removed\)", page)
    for name in ("r1", "r2", "r3"):
        assert f'href="changes/{name}.html"'.encode() in site["changes.html"]


def test_a_release_page_shows_old_and_new_side_by_side_with_the_citations(site):
    page = site["changes/r2.html"].decode()
    assert re.search(r"<del>kind: smuggling ring \(graded B\)</del>.*<ins>kind: smuggling network", page, re.S)
    assert "its id was <code>tobias-wren</code>" in page
    assert re.search(r"no longer cites</span> <a [^>]*>Heron gang bigger than police admit</a>: "
                     r"<del>“police spokesman Tobias Wren”</del>", page)
    assert '<span class="gone">The coast</span>' in site["changes/r3.html"].decode()  # gone: named, not linked


def test_a_profile_shows_its_history(site):
    page = text_of(site["people/t-wren.html"])
    history = page[page.index("History"):]
    assert re.match(r"History Release r2 2025-02-14 renamed Tobias Wren person ?: its id was tobias-wren", history)
    assert "Release r1 2025-01-10 In the dossier since its first release." in history


def test_a_dossier_without_releases_has_no_changes(tmp_path):
    files = build_files(load_project(Path(__file__).parent / "sites" / "disputed")).files
    assert not any(path.startswith(("changes", "data/deltas")) for path in files)
    assert b"changes.html" not in files["index.html"]


# -- cost and errors ------------------------------------------------------------------------

def test_a_build_with_no_new_release_reads_what_comparing_them_found(heron, monkeypatch, tmp_path):
    calls = []
    compare = history_module.compare_releases
    monkeypatch.setattr(history_module, "compare_releases", lambda *a: calls.append(1) or compare(*a))
    project = tmp_path / "cached"
    shutil.copytree(heron.project, project)
    for _ in range(2):
        assert build_py(project, "build").returncode == 0
    loaded = load_project(project)
    with Planner.opened(loaded, print) as planner:
        first = read_dossier(loaded.content_dir, releases_dir=loaded.releases_dir, history_cache=planner.store)[0]
        second = read_dossier(loaded.content_dir, releases_dir=loaded.releases_dir, history_cache=planner.store)[0]
    assert calls == [] and first.history == second.history  # the build's own run kept it
    assert read_dossier(loaded.content_dir, releases_dir=loaded.releases_dir)[0].history == first.history
    assert calls == [1]  # without the cache, compared afresh


def test_a_damaged_or_renamed_release_is_an_error_at_its_file(tmp_path, heron):
    project = tmp_path / "damaged"
    shutil.copytree(heron.project, project)
    r2 = project / "releases" / "r2.jsonl.gz"
    r2.write_bytes(r2.read_bytes()[:200])
    done = build_py(project, "build")
    assert done.returncode == 1 and "releases/r2.jsonl.gz" in done.stderr and "[release.unreadable]" in done.stderr
    r2.unlink()
    shutil.copyfile(heron.project / "releases" / "r2.jsonl.gz", project / "releases" / "second.jsonl.gz")
    done = build_py(project, "build")
    assert done.returncode == 1 and "rename the file r2.jsonl.gz" in done.stderr


def test_previous_ids_must_be_ids_no_record_has_and_claimed_once(tmp_path, heron):
    project = tmp_path / "previous"
    shutil.copytree(heron.project, project)
    wren = project / "content" / "people" / "t-wren.yml"
    wren.write_text(wren.read_text().replace("previous_ids: [tobias-wren]", "previous_ids: [millbrook, Bad_Id]"))
    marlow = project / "content" / "people" / "ines-marlow.yml"
    marlow.write_text(marlow.read_text() + "previous_ids: [old-wren]\n")
    quill = project / "content" / "people" / "mara-quill.yml"
    quill.write_text(quill.read_text() + "previous_ids: [old-wren]\n")
    done = build_py(project, "validate")
    assert done.returncode == 1
    assert "previous id 'millbrook' is the id of places/millbrook.yml" in done.stderr.replace("\n", " ")
    assert "previous id 'Bad_Id' is not an id" in done.stderr
    assert "previous id 'old-wren' is claimed by" in done.stderr
    assert done.stderr.count("[id.previous]") == 3



def test_the_pages_that_show_a_release_read_it(heron, dossier):
    """A release added or edited draws again the pages that show it, and only through what they read."""
    from dossier.core.reads import recording
    from dossier.render.jinja import make_environment, render_page, site_info
    from dossier.render.pages import make_page
    from dossier.render.views import ViewBuilder
    env = make_environment(load_project(heron.project).templates_dir)

    def reads(key):
        with recording() as found:
            render_page(env, make_page(dossier, ViewBuilder(dossier), key), site_info(dossier.settings))
        return {(name, key) for name, key in found if name == "history"}

    assert reads(("profile", "t-wren")) == {("history", ("record", "t-wren"))}
    assert {("history", ("changes", "r2")), ("history", "releases")} <= reads(("changes", "r2"))
    assert ("history", ("changes", "r3")) not in reads(("changes", "r2"))
    assert {("history", ("changes", "")), ("history", ("changes", "r1"))} <= reads(("changes", ""))
    assert reads(("home", "")) == {("history", "releases")}
    assert reads(("chronology", "")) == set()
