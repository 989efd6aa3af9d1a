"""The kept model (cache/keptmodel.py, build/read.py): after edits to notes alone, a run takes
the linked model an earlier run kept and links the edited notes again, instead of reading the
whole dossier. Whatever it takes, `validate` says what a run without the cache says and the
site is a clean build's; a model read from other records, or a file the cache did not write,
is never taken."""

from __future__ import annotations

import argparse
import os
import pickle
import shutil
from pathlib import Path

import pytest

from dossier.build import read, site
from dossier.cache.folder import CACHE_DIR, SNAPSHOT
from dossier.cache.keptmodel import MAGIC, checksum, read_kept
from dossier.cli import cmd_build, cmd_validate
from dossier.core.diagnostics import DossierError
from dossier.core.project import load_project
from tests.helpers import file_tree

NOTE = Path("content") / "groups" / "northwind-syndicate.md"


def args(**given: object) -> argparse.Namespace:
    return argparse.Namespace(**({"jobs": 1, "strict": False, "bundle": False, "no_cache": False} | given))


@pytest.fixture
def reads(monkeypatch) -> list[int]:
    """Counts the runs that read the whole dossier (each appends 1)."""
    counted: list[int] = []
    whole = read.read_linked

    def counting(*a: object, **k: object):
        counted.append(1)
        return whole(*a, **k)
    monkeypatch.setattr(read, "read_linked", counting)
    return counted


def validated(project: Path, capsys, **given: object) -> tuple[int, str]:
    capsys.readouterr()
    code = cmd_validate(load_project(project), args(**given))
    return code, capsys.readouterr().err


def same_as_without_cache(project: Path, capsys) -> str:
    """Validate with the cache and without: the same words; the words."""
    cached = validated(project, capsys)
    assert cached == validated(project, capsys, no_cache=True)
    return cached[1]


def built(project: Path) -> dict[str, bytes] | DossierError:
    try:
        cmd_build(load_project(project), args())
    except DossierError as error:
        return error
    return file_tree(project / "site")


def clean(project: Path) -> dict[str, bytes] | str:
    try:
        return site.build_files(load_project(project)).files
    except DossierError as error:
        return str(error)


def edit(project: Path, text: str) -> None:
    (project / NOTE).write_text(text, encoding="utf-8")


def test_edits_to_a_note_are_linked_into_the_kept_model_and_say_what_a_clean_run_says(minimal_project, capsys,
                                                                                        reads):
    assert built(minimal_project) == clean(minimal_project)  # cold: read whole, nothing kept
    assert not (minimal_project / CACHE_DIR / SNAPSHOT).exists()
    original = (minimal_project / NOTE).read_text(encoding="utf-8")
    edit(minimal_project, original + "\nA sentence more.\n")
    same_as_without_cache(minimal_project, capsys)  # read whole (and once more without the cache), then kept
    assert (minimal_project / CACHE_DIR / SNAPSHOT).is_file()
    whole = len(reads)
    edits = [
        original + "\nIt answers to [[Tomas Brell]] now.\n",  # a mention on another page
        original.replace("[[Ada Varga]]", "Ada Varga"),  # a mention gone
        original + "\nIt was founded in 2009.\n",  # one side of the disagreement, as plain fact
        original + "\nSee [[Nobody At All]].\n",  # an error
        original + "\nSee [the raid](../events.html#nowhere).\n",  # a link the note check refuses
        original,
    ]
    for text in edits:
        edit(minimal_project, text)
        said = validated(minimal_project, capsys)
        assert len(reads) == whole, text  # the kept model, not a whole read
        assert said == validated(minimal_project, capsys, no_cache=True), text
        whole = len(reads)
        edit(minimal_project, text + "\n")  # a build after a further edit
        result = built(minimal_project)
        assert len(reads) == whole, text
        expected = clean(minimal_project)
        if isinstance(result, DossierError):
            assert str(result) == expected, text
        else:
            assert result == expected, text
        whole = len(reads)


def test_a_record_edited_since_the_model_was_kept_is_read_whole_and_a_build_keeps_the_new_one(
        minimal_project, capsys, reads):
    assert built(minimal_project) == clean(minimal_project)
    note = (minimal_project / NOTE).read_text(encoding="utf-8")
    edit(minimal_project, note + "\nOnce.\n")
    same_as_without_cache(minimal_project, capsys)
    kept = minimal_project / CACHE_DIR / SNAPSHOT
    first = kept.read_bytes()
    record = minimal_project / "content" / "people" / "tomas-brell.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("name: Tomas Brell", "name: Tomas Brel", 1),
                      encoding="utf-8")
    edit(minimal_project, note + "\nTwice.\n")
    before = len(reads)
    result = built(minimal_project)
    assert len(reads) == before + 1
    assert result == clean(minimal_project)
    assert kept.read_bytes() != first  # kept again, from the records as they are now
    edit(minimal_project, note + "\nThrice.\n")  # the editor goes back to the note
    before = len(reads)
    said = validated(minimal_project, capsys)
    assert len(reads) == before  # the kept model, not a whole read
    assert said == validated(minimal_project, capsys, no_cache=True)
    edit(minimal_project, note + "\nFour times.\n")
    before = len(reads)
    result = built(minimal_project)
    assert len(reads) == before
    assert result == clean(minimal_project)


def test_validate_after_a_record_edit_reads_whole_and_lets_the_kept_model_go(minimal_project, capsys, reads):
    assert built(minimal_project) == clean(minimal_project)
    note = (minimal_project / NOTE).read_text(encoding="utf-8")
    edit(minimal_project, note + "\nOnce.\n")
    same_as_without_cache(minimal_project, capsys)
    record = minimal_project / "content" / "people" / "tomas-brell.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("name: Tomas Brell", "name: Tomas Brel", 1),
                      encoding="utf-8")
    before = len(reads)
    assert validated(minimal_project, capsys)[0] == 0  # it draws no pages: no time to write a model in
    assert len(reads) == before + 1
    assert not (minimal_project / CACHE_DIR / SNAPSHOT).exists()  # kept for other records: let go


def test_templates_edited_leave_the_kept_model_usable(minimal_project, capsys, reads):
    assert built(minimal_project) == clean(minimal_project)
    note = (minimal_project / NOTE).read_text(encoding="utf-8")
    edit(minimal_project, note + "\nOnce.\n")
    same_as_without_cache(minimal_project, capsys)
    before = len(reads)
    (minimal_project / "templates" / "home.html").write_text(
        (Path(site.__file__).parents[2] / "templates" / "home.html").read_text(encoding="utf-8")
        .replace("<h1>", "<p>Edited home.</p><h1>", 1), encoding="utf-8")
    result = built(minimal_project)
    assert len(reads) == before
    assert result == clean(minimal_project) and b"Edited home." in result["index.html"]


def test_a_kept_model_changed_on_disk_is_not_taken(minimal_project, capsys, reads):
    assert built(minimal_project) == clean(minimal_project)
    note = (minimal_project / NOTE).read_text(encoding="utf-8")
    edit(minimal_project, note + "\nOnce.\n")
    same_as_without_cache(minimal_project, capsys)
    kept = minimal_project / CACHE_DIR / SNAPSHOT
    kept.write_bytes(kept.read_bytes().replace(b"Northwind", b"Southwind"))
    edit(minimal_project, note + "\nTwice.\n")
    before = len(reads)
    result = built(minimal_project)
    assert len(reads) == before + 1
    assert result == clean(minimal_project)


def test_a_copied_project_does_not_trust_the_model_beside_its_cache(minimal_project, tmp_path, capsys, reads):
    assert built(minimal_project) == clean(minimal_project)
    edit(minimal_project, (minimal_project / NOTE).read_text(encoding="utf-8") + "\nOnce.\n")
    same_as_without_cache(minimal_project, capsys)
    copy = tmp_path / "copy"
    shutil.copytree(minimal_project, copy)
    edit(copy, (copy / NOTE).read_text(encoding="utf-8") + "\nTwice.\n")
    before = len(reads)
    result = built(copy)
    assert len(reads) == before + 1
    assert "discarded" in capsys.readouterr().err
    assert result == clean(copy)


class _Planted:
    """What a hostile file would ask the unpickler to call."""

    def __reduce__(self):
        return (os.system, ("echo planted",))


def test_a_kept_model_that_asks_for_anything_but_the_model_is_refused(tmp_path):
    body = pickle.dumps(_Planted())
    data = MAGIC + body + len(MAGIC).to_bytes(8, "little")  # laid out as a kept model, its checksum right
    (tmp_path / SNAPSHOT).write_bytes(data)
    assert read_kept(tmp_path, checksum(data)) is None
    assert read_kept(tmp_path, "0" * 32) is None


def test_with_the_kept_model_pages_are_compared_by_the_digests_an_earlier_run_found(minimal_project, capsys,
                                                                                      monkeypatch):
    from dossier.cache import valuedigests
    valued: list[int] = []
    of = valuedigests.ValueDigests.of
    monkeypatch.setattr(valuedigests.ValueDigests, "of", lambda self, value, *head: valued.append(1) or of(self, value, *head))
    assert built(minimal_project) == clean(minimal_project)  # the digests of its pages' reads kept
    cold = len(valued)
    note = (minimal_project / NOTE).read_text(encoding="utf-8")
    edit(minimal_project, note + "\nOnce.\n")
    same_as_without_cache(minimal_project, capsys)  # the model kept
    counts = []
    for text in ("Twice.", "Thrice, with [[Tomas Brell]].", "Four times."):
        edit(minimal_project, note + f"\n{text}\n")
        valued.clear()
        result = built(minimal_project)
        counts.append(len(valued))
        assert result == clean(minimal_project), text
    assert max(counts) < cold / 2, (cold, counts)
    record = minimal_project / "content" / "people" / "tomas-brell.yml"
    record.write_text(record.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # read from other records
    valued.clear()
    assert built(minimal_project) == clean(minimal_project)
    assert len(valued) > cold / 2, (cold, len(valued))  # none of the digests taken


def test_digests_kept_by_a_build_are_not_taken_if_their_rows_fail_their_checksum(minimal_project, capsys,
                                                                                   monkeypatch):
    import sqlite3

    from dossier.cache import valuedigests
    from dossier.cache.folder import DATABASE
    valued: list[int] = []
    of = valuedigests.ValueDigests.of
    monkeypatch.setattr(valuedigests.ValueDigests, "of", lambda self, value, *head: valued.append(1) or of(self, value, *head))
    assert built(minimal_project) == clean(minimal_project)
    cold = len(valued)
    with sqlite3.connect(minimal_project / CACHE_DIR / DATABASE) as connection:
        assert connection.execute("SELECT count(*) FROM reads").fetchone()[0] > 0
        connection.execute("UPDATE reads SET digests = zeroblob(length(digests)) WHERE chunk = 0")
    connection.close()
    note = (minimal_project / NOTE).read_text(encoding="utf-8")
    edit(minimal_project, note + "\nOnce.\n")
    valued.clear()
    assert built(minimal_project) == clean(minimal_project)
    assert len(valued) > cold / 2, (cold, len(valued))  # none of them taken


def test_a_run_taking_the_kept_model_makes_only_the_deferred_groups_it_reads(minimal_project, capsys, monkeypatch):
    from dossier.cache.deferred import DeferredValues
    made: list[int] = []
    collections: dict[int, int] = {}  # each deferred collection met -> how many groups it has
    make = DeferredValues._make_group

    def making(self: DeferredValues, group: int) -> None:
        made.append(group)
        collections[id(self)] = len(set(self._groups.values()))
        make(self, group)
    monkeypatch.setattr(DeferredValues, "_make_group", making)
    assert built(minimal_project) == clean(minimal_project)
    note = (minimal_project / NOTE).read_text(encoding="utf-8")
    edit(minimal_project, note + "\nOnce.\n")
    same_as_without_cache(minimal_project, capsys)  # read whole, the model kept
    every = len(made)  # the clean runs read their own models whole: none deferred
    edit(minimal_project, note + "\nTwice.\n")
    assert validated(minimal_project, capsys)[0] == 0
    assert len(made) == every  # validate takes the kept model and makes none of its deferred groups
    edit(minimal_project, note + "\nThrice.\n")
    result = built(minimal_project)
    assert result == clean(minimal_project)
    assert every < len(made) - every < sum(collections.values())  # the pages drawn again, not every page


def test_checks_that_read_records_alone_are_taken_from_the_kept_model(minimal_project, capsys, monkeypatch):
    import functools

    from dossier.check import checks
    ran: list[str] = []

    def counted(check):
        @functools.wraps(check)
        def counting(*a: object):
            ran.append(check.__name__)
            return check(*a)
        return counting
    monkeypatch.setattr(checks, "CHECKS", [counted(check) for check in checks.CHECKS])
    record = minimal_project / "content" / "people" / "ada-varga.yml"
    record.write_text(record.read_text(encoding="utf-8").replace('from: "2014"', 'from: "2014"\n      to: "2012"', 1),
                      encoding="utf-8")  # an error a check that reads records alone finds
    built(minimal_project)
    note = (minimal_project / NOTE).read_text(encoding="utf-8")
    edit(minimal_project, note + "\nOnce.\n")
    same_as_without_cache(minimal_project, capsys)  # the model kept
    edit(minimal_project, note + "\nIt was founded in 2009.\n")  # what `sources_differ` reads in notes
    ran.clear()
    code, said = validated(minimal_project, capsys)
    assert sorted(set(ran)) == ["sources_differ", "unlinked_entities"]
    assert (code, said) == validated(minimal_project, capsys, no_cache=True)
    assert "check.period-order" in said and "northwind-syndicate.md" in said  # and the note's one side


def test_the_names_notes_are_linked_by_are_taken_from_the_kept_model(minimal_project, capsys, monkeypatch):
    from dossier.link import stage
    made: list[int] = []
    names = stage.NameResolver.__init__

    def making(self, *a: object, **k: object) -> None:
        made.append(1)
        names(self, *a, **k)
    monkeypatch.setattr(stage.NameResolver, "__init__", making)
    built(minimal_project)
    note = (minimal_project / NOTE).read_text(encoding="utf-8")
    edit(minimal_project, note + "\nOnce.\n")
    same_as_without_cache(minimal_project, capsys)  # read whole, the model kept with its names
    edit(minimal_project, note + "\nSee [[Ada Varga]] and [[nobody-at-all]].\n")
    made.clear()
    code, said = validated(minimal_project, capsys)
    assert made == []  # the kept names resolved the new links
    assert "wikilink.unresolved" in said and "nobody-at-all" in said
    assert (code, said) == validated(minimal_project, capsys, no_cache=True)
