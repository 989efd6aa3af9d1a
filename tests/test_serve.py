"""Serve's incremental rebuilds: after any edit, site/ is byte-identical to a fresh full build."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from dossier.build.site import build_files
from dossier.core.diagnostics import DossierError
from dossier.core.project import load_project
from dossier.serve.rebuilder import Rebuilder
from dossier.serve.server import watch
from tests.helpers import override

NOTE = "content/groups/northwind-syndicate.md"


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def assert_same_as_full_build(project_dir: Path) -> None:
    project = load_project(project_dir)
    fresh = build_files(project).files
    served = site_files(project.site_dir)
    assert sorted(served) == sorted(fresh)
    different = [p for p in fresh if served[p] != fresh[p]]
    assert different == []


@pytest.fixture
def rebuilder(minimal_project: Path) -> Rebuilder:
    rebuilder = Rebuilder(load_project(minimal_project))
    rebuilder.full_build()
    return rebuilder


def edit(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_note_edit_rewrites_only_the_pages_it_touches(minimal_project: Path, rebuilder: Rebuilder) -> None:
    note = minimal_project / NOTE
    changed = edit(note, note.read_text() + "\nSee also [[Tomas Brell]] and [[lena-ostrom|the reporter]].\n")
    written = rebuilder.rebuild([changed])
    assert written[0] == "groups/northwind-syndicate.html"
    assert "people/tomas-brell.html" in written  # its "mentioned in" now lists the syndicate
    assert "assets/search-index.js" in written
    assert "people/ada-varga.html" not in written
    assert_same_as_full_build(minimal_project)


def test_removing_a_wikilink_updates_mentions(minimal_project: Path, rebuilder: Rebuilder) -> None:
    note = minimal_project / NOTE
    rebuilder.rebuild([edit(note, note.read_text() + "\nAlso [[Tomas Brell]].\n")])
    rebuilder.rebuild([edit(note, "Nothing to link to any more.\n")])
    assert_same_as_full_build(minimal_project)
    rebuilder.rebuild([edit(note, "")])
    assert_same_as_full_build(minimal_project)


def test_record_and_template_edits_rebuild_in_full(minimal_project: Path, rebuilder: Rebuilder) -> None:
    record = minimal_project / "content/people/tomas-brell.yml"
    changed = edit(record, record.read_text().replace("name: Tomas Brell", "name: Tomas Brell-Varga"))
    rebuilder.rebuild([changed])
    assert_same_as_full_build(minimal_project)
    template = override(minimal_project, "404.html")
    rebuilder.rebuild([edit(template, template.read_text() + "<!-- edited -->\n")])
    assert_same_as_full_build(minimal_project)
    new_note = minimal_project / "content/people/tomas-brell.md"
    rebuilder.rebuild([edit(new_note, "A new note on [[Ada Varga]].\n")])
    assert_same_as_full_build(minimal_project)
    rebuilder.rebuild(None)
    assert_same_as_full_build(minimal_project)


def test_a_bad_edit_keeps_the_last_good_site(minimal_project: Path, rebuilder: Rebuilder) -> None:
    note = minimal_project / NOTE
    before = site_files(rebuilder.project.site_dir)
    good = note.read_text()
    with pytest.raises(DossierError):
        rebuilder.rebuild([edit(note, "Links to [[Nobody At All]].\n")])
    assert site_files(rebuilder.project.site_dir) == before
    rebuilder.rebuild([edit(note, good + "\nNow [[Kestrel Island]].\n")])
    assert_same_as_full_build(minimal_project)


def test_watcher_rewrites_an_edited_note_page(minimal_project: Path, rebuilder: Rebuilder) -> None:
    page = rebuilder.project.site_dir / "groups/northwind-syndicate.html"
    stop, ready = threading.Event(), threading.Event()
    thread = threading.Thread(target=watch, args=(rebuilder, stop, ready), daemon=True)
    thread.start()
    try:
        assert ready.wait(10)
        note = minimal_project / NOTE
        edit(note, note.read_text() + "\nA sentence only the watcher can have put here.\n")
        deadline = time.monotonic() + 20
        while b"only the watcher" not in page.read_bytes():
            assert time.monotonic() < deadline, "the edited note's page was not rewritten"
            time.sleep(0.02)
    finally:
        stop.set()
        thread.join(10)
    assert_same_as_full_build(minimal_project)


def test_several_notes_in_one_rebuild(minimal_project: Path, rebuilder: Rebuilder) -> None:
    second = minimal_project / "content/people/tomas-brell.md"
    rebuilder.rebuild([edit(second, "Brell on [[Ada Varga]].\n")])  # a new file: a full rebuild
    note = minimal_project / NOTE
    changed = [edit(note, "The syndicate ([[Northwind Syndicate]]) and [[Harbour Police]].\n"),
               edit(second, "Brell on [[Kestrel Island]] and [[Ada Varga]], then [[Lena Ostrom]].\n")]
    written = rebuilder.rebuild(changed)
    assert {"groups/northwind-syndicate.html", "people/tomas-brell.html"} <= set(written)
    assert_same_as_full_build(minimal_project)
    rebuilder.rebuild([edit(second, "Nothing.\n"), edit(note, "Only [[Tomas Brell]].\n")])
    assert_same_as_full_build(minimal_project)


def test_note_edits_compare_pages_by_the_reads_that_moved(minimal_project: Path, rebuilder: Rebuilder,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """After a notes-only edit the plan digests again only the reads the notes are linked into (not
    every page's reads), and still finds every page out of date: with site-wide pages deferred and
    edited again before `finish`, and after an edit that failed."""
    from dossier.cache.planner import Planner
    plans: list[bool] = []
    page_plan = Planner.page_plan

    def spied(self, dossier, recorded=None, known=None, decoded=None, moved_from=None):  # type: ignore[no-untyped-def]
        plan = page_plan(self, dossier, recorded, known, decoded, moved_from)
        plans.append(plan.moved is not None)
        return plan

    monkeypatch.setattr(Planner, "page_plan", spied)
    note = minimal_project / NOTE
    rebuilder.rebuild([edit(note, note.read_text() + "\nAlso [[Tomas Brell]].\n")], defer=True)
    assert plans[-1], "a notes-only edit compares pages by the reads that moved"
    rebuilder.rebuild([edit(note, "Now [[Kestrel Island]] alone.\n")], defer=True)  # before finish()
    rebuilder.finish()
    assert_same_as_full_build(minimal_project)
    with pytest.raises(DossierError):
        rebuilder.rebuild([edit(note, "Links to [[Nobody At All]].\n")])
    rebuilder.rebuild([edit(note, "Back to [[Tomas Brell]].\n")])
    assert not plans[-1], "after a failed edit the pages are compared whole"
    assert_same_as_full_build(minimal_project)
    rebuilder.rebuild([edit(note, "[[Tomas Brell]] and [[Ada Varga]].\n")])
    assert plans[-1], "once the pages were compared whole, by the reads that moved again"
    assert_same_as_full_build(minimal_project)
