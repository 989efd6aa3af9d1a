"""The build cache, under random sequences of edits: after every step, the cached build gives
byte for byte what a clean build of the same content gives (files, modes and times), or fails
with the same diagnostics, leaving site/ as it was.

Each sequence comes from a seeded generator, so a failure repeats: the test names its seed and
step. The edits are those an editor makes: a note, a record's field, a rename, a deletion, an
addition, a template, a source's text, the settings (dossier.yml and mkdocs.yml), a file only
touched, SOURCE_DATE_EPOCH, and site/ edited by hand. Stamps are trusted at once (no racy
window), so the sequences go through the cache's stamp path as well as its hashing path.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from benchmarks import synthetic
from dossier.build.site import build_files
from dossier.cli import cmd_build
from dossier.core import filestamps
from dossier.core.diagnostics import DossierError
from dossier.core.project import load_project


def tree(folder: Path) -> dict[str, tuple[bytes | None, int, int]]:
    """path -> (bytes, or None for a folder; mode; mtime) of everything under `folder`."""
    found = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        found[path.relative_to(folder).as_posix()] = (
            path.read_bytes() if path.is_file() else None, stat.S_IMODE(info.st_mode), int(info.st_mtime))
    return found


def clean_build(project: Path) -> tuple[dict[str, bytes] | None, list[str]]:
    """What a build without any cache gives: the files, or None and the diagnostics that stop it."""
    try:
        return build_files(load_project(project)).files, []
    except DossierError as exc:
        return None, [str(d) for d in exc.diagnostics]


def cached_build(project: Path) -> list[str]:
    """`build.py build` through the cache, in this process; [] or the diagnostics that stopped it."""
    try:
        cmd_build(load_project(project), argparse.Namespace(jobs=1, strict=False, bundle=False, no_cache=False))
    except DossierError as exc:
        return [str(d) for d in exc.diagnostics]
    return []


def assert_same_as_clean(project: Path, before: dict, where: str) -> None:
    expected, expected_errors = clean_build(project)
    errors = cached_build(project)
    site = project / "site"
    if expected is None:
        assert errors == expected_errors, where
        assert tree(site) == before, f"{where}: a failed build changed site/"
        return
    assert errors == [], f"{where}: {errors}"
    found = tree(site)
    files = {rel: data for rel, (data, _, _) in found.items() if data is not None}
    assert files == expected, f"{where}: {sorted(k for k in files.keys() | expected.keys() if files.get(k) != expected.get(k))}"
    stamp = int(os.environ.get("SOURCE_DATE_EPOCH") or 315532800)
    assert {(mode, mtime) for data, mode, mtime in found.values() if data is not None} == {(0o644, stamp)}, where
    assert {(mode, mtime) for data, mode, mtime in found.values() if data is None} == {(0o755, stamp)}, where


# -- the edits ---------------------------------------------------------------------------

Edit = Callable[[random.Random, Path, int], None]


def _pick(rng: random.Random, project: Path, pattern: str) -> Path | None:
    found = sorted((project / "content").glob(pattern))
    return rng.choice(found) if found else None


def _names(project: Path) -> list[str]:
    names = []
    for path in sorted((project / "content").glob("*/*.yml")):
        match = re.search(r'^name: "?([^"\n]+)"?$', path.read_text(encoding="utf-8"), re.M)
        if match:
            names.append(match.group(1))
    return names


def edit_note(rng: random.Random, project: Path, step: int) -> None:
    note = _pick(rng, project, "*/*.md")
    if note is None or rng.random() < 0.3:  # a new note for a record that had none
        record = _pick(rng, project, "[gp]*/*.yml")
        if record is None:
            return
        note = record.with_suffix(".md")
    text = note.read_text(encoding="utf-8") if note.exists() else ""
    if text and rng.random() < 0.3:
        text = text.rsplit("\n\n", 1)[0] + "\n"  # a paragraph (and its wikilinks) removed
    else:
        names = _names(project)
        link = f" [[{rng.choice(names)}]]" if names else ""
        text += f"\nStep {step} adds a line{link}.\n"
    note.write_text(text, encoding="utf-8")


def edit_field(rng: random.Random, project: Path, step: int) -> None:
    record = _pick(rng, project, "[gp]*/*.yml")
    if record is not None:
        text = record.read_text(encoding="utf-8")
        record.write_text(re.sub(r'(summary:\n  value: "?)', rf"\g<1>Edited {step}: ", text, count=1),
                          encoding="utf-8")


def rename(rng: random.Random, project: Path, step: int) -> None:
    record = _pick(rng, project, "[gp]*/*.yml")
    if record is not None:
        text = record.read_text(encoding="utf-8")
        record.write_text(re.sub(r'^name: "?([^"\n]+?)"?$', rf'name: "\1 R{step}"', text, count=1, flags=re.M),
                          encoding="utf-8")


def delete(rng: random.Random, project: Path, step: int) -> None:
    if rng.random() < 0.5:
        note = _pick(rng, project, "*/*.md")
        if note is not None:
            note.unlink()
        return
    record = _pick(rng, project, "*/*.yml")  # whatever names it now fails, until it comes back
    if record is not None and record.name != "dossier.yml":
        record.unlink()
        record.with_suffix(".md").unlink(missing_ok=True)


def add(rng: random.Random, project: Path, step: int) -> None:
    group = _pick(rng, project, "groups/*.yml")
    relation = (f"relations:\n  - type: member-of\n    target: {group.stem}\n"
                f"    editorial: Added at step {step}.\n") if group is not None else ""
    person = project / "content" / "people" / f"added-{step}.yml"
    person.write_text(f'name: "Added Person {step}"\nsummary:\n  value: Someone added at step {step}.\n'
                      f"  editorial: A test addition.\n{relation}", encoding="utf-8")


def edit_template(rng: random.Random, project: Path, step: int) -> None:
    base = project / "templates" / "base.html"
    if base.exists() and rng.random() < 0.4:
        base.unlink()
    else:
        base.write_text('{% extends "!base.html" %}\n{% block footer %}<footer>Footer of step '
                        f"{step}</footer>{{% endblock %}}\n", encoding="utf-8")


def edit_source_text(rng: random.Random, project: Path, step: int) -> None:
    source = _pick(rng, project, "sources/*.yml")
    if source is not None:  # a sentence before all others: every later sentence's number moves
        text = source.read_text(encoding="utf-8")
        source.write_text(text.replace("text: |\n  ", f"text: |\n  Inserted at step {step}. ", 1), encoding="utf-8")


def edit_settings(rng: random.Random, project: Path, step: int) -> None:
    if rng.random() < 0.5:
        settings = project / "content" / "dossier.yml"
        text = settings.read_text(encoding="utf-8")
        settings.write_text(re.sub(r"^description: .*$", f"description: Described at step {step}.", text,
                                   count=1, flags=re.M), encoding="utf-8")
        return
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if "ignore:" in text:
        text = text.replace("  - dossier:\n      ignore: [check.sources-differ]\n", "  - dossier\n")
    else:
        text = text.replace("  - dossier\n", "  - dossier:\n      ignore: [check.sources-differ]\n")
    config.write_text(text, encoding="utf-8")


def touch(rng: random.Random, project: Path, step: int) -> None:
    path = _pick(rng, project, "*/*")
    if path is not None:
        path.write_bytes(path.read_bytes())  # new times, the same bytes


def tamper(rng: random.Random, project: Path, step: int) -> None:
    pages = sorted((project / "site").rglob("*.html"))
    if pages:
        page = rng.choice(pages)
        if rng.random() < 0.5:
            page.unlink()
        else:
            page.write_bytes(page.read_bytes().replace(b"</body>", b"<p>edited by hand</p></body>"))


def epoch(rng: random.Random, project: Path, step: int) -> None:
    os.environ["SOURCE_DATE_EPOCH"] = rng.choice(["", "1700000000", "1600000000"])


EDITS: list[Edit] = [edit_note, edit_note, edit_field, rename, delete, add, edit_template, edit_source_text,
                     edit_settings, touch, tamper, epoch]


def run_sequence(project: Path, seed: int, steps: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(filestamps, "RACY_SECONDS", 0)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "")
    rng = random.Random(seed)
    before = tree(project / "site") if (project / "site").exists() else {}
    assert_same_as_clean(project, before, f"seed {seed}, first build")
    for step in range(steps):
        edit = rng.choice(EDITS)
        edit(rng, project, step)
        before = tree(project / "site")
        assert_same_as_clean(project, before, f"seed {seed}, step {step} ({edit.__name__})")


@pytest.fixture
def synthetic_project(tmp_path: Path) -> Path:
    project = synthetic.generate(40, tmp_path / "synthetic")
    shutil.rmtree(project / "templates")
    (project / "templates").mkdir()
    return project


@pytest.mark.parametrize("seed", [1, 2])
def test_random_edits_of_a_synthetic_dossier_build_as_a_clean_build_does(synthetic_project, seed, monkeypatch):
    run_sequence(synthetic_project, seed, 24, monkeypatch)


def test_random_edits_of_the_minimal_dossier_build_as_a_clean_build_does(minimal_project, monkeypatch):
    run_sequence(minimal_project, 3, 40, monkeypatch)

