"""Records' checks kept in the cache (validate/kept.py): after any edit, a read through the cache gives
the diagnostics (the same, in the same order) and the model a read without it gives, checking again
only the records whose file changed or whose check read what changed; a damaged entry is discarded."""

from __future__ import annotations

import re
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

import dossier.core.parallel
import dossier.validate.sharing
from benchmarks.synthetic import generate
from dossier.build.read import read_linked
from dossier.cache.store import CACHE_DIR, DATABASE, _checksum, open_store

ENGINE = "test engine"


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("synthetic")
    generate(100, folder)
    return folder


def _project(synthetic: Path, tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(synthetic / "content", project / "content")
    return project


def _read(project: Path, notices: list[str] | None = None) -> tuple[list[str], object, list[str]]:
    """Diagnostics (in order, as printed), the model, and the paths of the records checked again
    (not taken from the cache), read through the project's cache."""
    fresh: list[str] = []
    with open_store(project, ENGINE, (notices if notices is not None else []).append) as store:
        keep = store.keep_checked

        def noted(rel: str, *rest: object) -> None:
            fresh.append(rel)
            keep(rel, *rest)  # type: ignore[arg-type]

        store.keep_checked = noted  # type: ignore[method-assign]
        linked = read_linked(project / "content", store=store, checked=store)
        store.commit()
    return [str(d) for d in linked.diagnostics], linked.dossier, fresh


def _clean(project: Path) -> tuple[list[str], object]:
    linked = read_linked(project / "content")
    return [str(d) for d in linked.diagnostics], linked.dossier


def _person_citing(content: Path, source: str, other: str | None = None) -> Path:
    """A person's file that cites `source` (and not `other`)."""
    return next(p for p in sorted((content / "people").glob("*.yml"))
                if f"source: {source}" in p.read_text() and (other is None or f"source: {other}" not in p.read_text()))


def _rename_person(content: Path) -> set[str]:
    person = sorted((content / "people").glob("*.yml"))[3]
    person.write_text(re.sub(r'^name: "(.*)"$', r'name: "\1 Renamed"', person.read_text(), count=1, flags=re.M))
    return {f"people/{person.name}"}


def _break_a_cited_source(content: Path) -> set[str]:
    """A source's text edited so that a quote of it no longer occurs: its citers are checked again."""
    source = content / "sources" / "report-00004.yml"
    text = source.read_text()
    quoted = re.search(r'quote: "([^"]+)"', _person_citing(content, "report-00004").read_text()).group(1)
    first_words = " ".join(quoted.split()[:3])
    assert first_words in text
    source.write_text(text.replace(first_words, first_words.upper(), 1))
    return set()


def _delete_a_referenced_record(content: Path) -> set[str]:
    """A group others name is deleted: their references become unknown, with a did-you-mean."""
    (content / "groups" / "sacred-sadgrein-assembly-10.yml").unlink()
    return set()


def _add_a_record_an_unknown_reference_names(content: Path) -> set[str]:
    """A reference to no record, then the record it names added."""
    person = _person_citing(content, "report-00004")
    person.write_text(person.read_text().replace("target: sacred-sadgrein-assembly-10",
                                                 "target: sacred-sadgrein-assembly-99"))
    return {f"people/{person.name}"}


def _settings_default_source(content: Path) -> set[str]:
    settings = content / "dossier.yml"
    settings.write_text(settings.read_text().replace("default_source: report-00000", "default_source: report-00001"))
    return set()


def _duplicate_id(content: Path) -> set[str]:
    """A place given the id of a group: the id is taken by the first, the other reported."""
    shutil.copy(content / "groups" / "sacred-sadgrein-assembly-10.yml",
                content / "places" / "sacred-sadgrein-assembly-10.yml")
    return set()


def _an_id_renamed(content: Path) -> set[str]:
    """A place renamed (its file): references to the old id are unknown, the new one resolves nowhere yet."""
    place = sorted((content / "places").glob("*.yml"))[0]
    place.rename(place.with_name("renamed-place.yml"))
    return set()


EDITS: dict[str, Callable[[Path], set[str]]] = {
    "rename a person": _rename_person,
    "break a cited source's text": _break_a_cited_source,
    "delete a referenced record": _delete_a_referenced_record,
    "an unknown reference": _add_a_record_an_unknown_reference_names,
    "default source": _settings_default_source,
    "duplicate id": _duplicate_id,
    "an id renamed": _an_id_renamed,
}


@pytest.mark.parametrize("edit", list(EDITS), ids=list(EDITS))
def test_a_read_through_kept_checks_gives_what_a_clean_read_gives(synthetic, tmp_path, edit):
    project = _project(synthetic, tmp_path)
    first, first_model, fresh = _read(project)
    assert (first, first_model) == _clean(project)
    assert len(fresh) > 100  # every group, person, place and event was checked, and kept
    EDITS[edit](project / "content")
    found, model, fresh = _read(project)
    expected, expected_model = _clean(project)
    assert found == expected
    assert model == expected_model
    again, again_model, refreshed = _read(project)  # nothing changed since: everything is taken back
    assert (again, again_model) == (expected, expected_model)
    assert refreshed == []


def test_only_the_records_an_edit_touches_are_checked_again(synthetic, tmp_path):
    project = _project(synthetic, tmp_path)
    content = project / "content"
    _read(project)
    assert _read(project)[2] == []
    assert set(_read_after(project, _rename_person)) == _rename_person_paths(content)
    citers = {f"{p.parent.name}/{p.name}" for folder in ("groups", "people", "places", "events")
              for p in (content / folder).glob("*.yml") if "source: report-00004" in p.read_text()}
    again = set(_read_after(project, _break_a_cited_source))
    assert again == citers  # those who quote the edited source, no others
    assert again and len(again) < 100


def _rename_person_paths(content: Path) -> set[str]:
    return {f"people/{sorted((content / 'people').glob('*.yml'))[3].name}"}


def _read_after(project: Path, edit: Callable[[Path], set[str]]) -> list[str]:
    edit(project / "content")
    found, model, fresh = _read(project)
    assert (found, model) == _clean(project)
    return fresh


def test_checks_kept_from_a_worker_give_what_checking_here_gives(synthetic, tmp_path, monkeypatch):
    """The records shared out with a forked worker come back with what is kept of them."""
    monkeypatch.setattr(dossier.validate.sharing, "PARALLEL_RECORDS", 1)
    monkeypatch.setattr(dossier.validate.sharing.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(dossier.core.parallel, "CHUNK", 9)
    project = _project(synthetic, tmp_path)
    assert _read(project)[:2] == _clean(project)
    _break_a_cited_source(project / "content")
    found, model, fresh = _read(project)
    assert (found, model) == _clean(project)
    assert fresh and _read(project)[2] == []


@pytest.mark.parametrize("damage", ["flipped byte", "hostile pickle"])
def test_a_damaged_kept_check_is_discarded_never_trusted(synthetic, tmp_path, damage):
    project = _project(synthetic, tmp_path)
    _read(project)
    rel = "people/" + sorted((project / "content" / "people").glob("*.yml"))[0].name
    with sqlite3.connect(project / CACHE_DIR / DATABASE) as connection:
        key, reads, dependencies, body = connection.execute(
            "SELECT digest, reads, dependencies, body FROM checked WHERE path = ?", (rel,)).fetchone()
        if damage == "flipped byte":
            body = body[:20] + bytes([body[20] ^ 1]) + body[21:]
            checksum = _checksum(rel, key, reads, dependencies, bytes(body))
            checksum = checksum[:-1] + bytes([checksum[-1] ^ 1])  # and its checksum no longer holds
        else:  # a checksum that holds, over bytes that ask for a function of another module
            body = b"cos\nsystem\n(S'echo hostile'\ntR."
            checksum = _checksum(rel, key, reads, dependencies, body)
        connection.execute("UPDATE checked SET body = ?, checksum = ? WHERE path = ?", (body, checksum, rel))
    notices: list[str] = []
    found, model, _ = _read(project, notices)
    assert (found, model) == _clean(project)
    assert any("cache" in notice for notice in notices), notices


def test_a_projects_first_run_keeps_no_checks_and_its_second_keeps_them(synthetic, tmp_path):
    from dossier.cli import main
    project = _project(synthetic, tmp_path)
    (project / "mkdocs.yml").write_text("site_name: Kept checks\n", encoding="utf-8")

    def rows() -> int:
        with sqlite3.connect(project / CACHE_DIR / DATABASE) as connection:
            found = connection.execute("SELECT count(*) FROM checked").fetchone()[0]
        connection.close()
        return found
    assert main(["--project", str(project), "validate"]) == 0
    assert rows() == 0  # a fresh clone's one run pays nothing for keeping
    _rename_person(project / "content")
    assert main(["--project", str(project), "validate"]) == 0
    assert rows() > 50
