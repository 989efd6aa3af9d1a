"""Validation shared out (validate/sharing.py): the groups, people, places and events of a large dossier
are checked in a forked worker as well as the main process, chunk by chunk; what it finds must be what
checking them all in one process finds, in the same order, and so must the linked model."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import dossier.core.parallel
import dossier.validate.sharing
from dossier.build.read import read_dossier
from dossier.validate.values import CLOSEST_PASSAGES

SEED = Path(__file__).parent.parent / "content"


def _content(tmp_path: Path) -> Path:
    """The seed dossier with many people added, a few of them with mistakes of every sort a record's own
    check finds, and more quotes not in their source than are given their closest passage."""
    content = tmp_path / "content"
    shutil.copytree(SEED, content)
    people = content / "people"
    for n in range(120):
        lines = [f"name: Person {n}", "summary:", f"  value: A person named in the article ({n}).",
                 "  cite: ISIL commander Abu Bakr al-Baghdadi"]
        if n % 2:  # a quote the source does not have: past CLOSEST_PASSAGES they are shown no passage
            lines += ["occupation:", "  value: commander", f"  cite: words the article never wrote {n}"]
        if n % 7 == 0:
            lines += ["relations:", "  - type: member-of", "    target: imuu", "    cite: he's only the leader of ISIL"]
        if n % 11 == 0:
            lines += ["born:", "  date: 1975-13-40", "  cite: he's only the leader of ISIL"]
        if n % 13 == 0:
            lines += ["colour: blue"]
        (people / f"person-{n:03d}.yml").write_text("\n".join(lines) + "\n")
    (content / "events" / "bad-event.yml").write_text("title: An event with no date\n")
    return content


def _read(content: Path, monkeypatch: pytest.MonkeyPatch, shared: bool):
    monkeypatch.setattr(dossier.validate.sharing, "PARALLEL_RECORDS", 1 if shared else 10**9)
    monkeypatch.setattr(dossier.core.parallel, "CHUNK", 9)  # many chunks, some of them the worker's
    linked, diagnostics = read_dossier(content)
    return linked, [str(d) for d in diagnostics.items]


def test_records_checked_in_a_worker_give_what_checking_them_here_gives(tmp_path, monkeypatch):
    content = _content(tmp_path)
    loaded: list[bool] = []
    given_back = dossier.validate.sharing._given_back

    def counted(result):
        loaded.append(isinstance(result, bytes))  # bytes: a chunk the forked worker checked
        return given_back(result)

    monkeypatch.setattr(dossier.validate.sharing, "_given_back", counted)
    monkeypatch.setattr(dossier.validate.sharing.os, "cpu_count", lambda: 2)
    here_model, here = _read(content, monkeypatch, shared=False)
    assert not loaded
    shared_model, shared = _read(content, monkeypatch, shared=True)
    assert any(loaded) and len(loaded) > 5  # the worker took a share, in many chunks
    assert shared == here
    assert shared_model == here_model
    not_found = [d for d in here if "[cite.not-in-source]" in d]
    assert len(not_found) > CLOSEST_PASSAGES  # the hint's limit falls within the records shared out
    assert sum("closest passages are shown for the first" in d for d in not_found) == len(not_found) - CLOSEST_PASSAGES
    for code in ("ref.unknown-entity", "date.invalid", "field.unknown", "field.required"):
        assert any(f"[{code}]" in d for d in here), code


def test_a_record_checked_with_another_count_of_missing_quotes_is_checked_again_here():
    """What a record's check found (in a worker, or kept from the last run) stands when the quotes not
    found before it are as it assumed, or past the limit either way, or when it found no missing quote;
    otherwise the record is checked again in order."""
    from dossier.core.diagnostics import Diagnostic, Pos
    from dossier.validate.kept import Outcome

    def same(found, assumed, actual):
        return Outcome(None, found, min(assumed, CLOSEST_PASSAGES)).holds(actual)

    missing = [Diagnostic(Pos("people/x.yml", 3), "error", "quote 'x' is not in source 's'", "cite.not-in-source")]
    other = [Diagnostic(Pos("people/x.yml", 3), "error", "x", "date.invalid")]
    assert same(missing, 3, 3)
    assert same(missing, CLOSEST_PASSAGES, CLOSEST_PASSAGES + 9)
    assert same(other, 0, CLOSEST_PASSAGES + 9)
    assert not same(missing, 0, 1)
    assert not same(missing, CLOSEST_PASSAGES - 1, CLOSEST_PASSAGES)
