"""The build cache, under random sequences of edits: after every step, the cached build gives
byte for byte what a clean build of the same content gives (files, modes and times), or fails
with the same diagnostics, leaving site/ as it was; so do the site `serve` keeps up to date and
`mkdocs build`.

Each sequence comes from a seeded generator, so a failure repeats: the test names its seed and
step. The edits are those an editor makes: a note, any value of any record (a date, a relation's
type or target, a grade, a quote, an alias, a place, a text), a rename, a deletion, an addition,
a record that an existing wikilink comes to name, a template, a source's text, the settings
(dossier.yml and mkdocs.yml), a file only touched, SOURCE_DATE_EPOCH, site/ edited by hand, and a
release made or a release file damaged.
Stamps are trusted at once (no racy window), so the sequences go through the cache's stamp path
as well as its hashing path. They run on a synthetic dossier, the minimal one, the seed and
tests/sites/vallis.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import re
import shutil
import stat
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from benchmarks import synthetic
from dossier.build.release import make_release
from dossier.build.site import build_files
from dossier.cli import cmd_build
from dossier.core import filestamps
from dossier.core.diagnostics import DossierError
from dossier.core.project import load_project
from dossier.core.schema import RELATION_TYPES
from dossier.serve.rebuilder import Rebuilder
from dossier.serve.server import snapshot
from tests.helpers import ROOT, SITES


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


_VALUE = re.compile(r'^(\s*(?:- )?([a-z_]+): )(?!\||>)(\S.*)$', re.M)
_DATE = re.compile(r'^"?(\d{4})((?:-\d\d){0,2})"?$')
_ID_KEYS = {"target", "place", "according_to", "source", "speaker", "author", "dateline", "default_source"}


def edit_value(rng: random.Random, project: Path, step: int) -> None:
    """Any scalar of any record, changed as its key suggests: a date moves a year, a relation
    takes another type, a reference another record, a grade another grade, a quote loses its
    end, a text gains words. Many such edits make the content wrong: then every path must fail
    alike, and the next edit is read on top."""
    record = _pick(rng, project, "*/*.yml")
    if record is None:
        return
    text = record.read_text(encoding="utf-8")
    found = list(_VALUE.finditer(text))
    if not found:
        return
    match = rng.choice(found)
    lead, key, value = match.group(1), match.group(2), match.group(3)
    date = _DATE.match(value)
    if date:
        value = f'"{int(date.group(1)) + rng.choice([-1, 1])}{date.group(2)}"'
    elif key == "type" and value in RELATION_TYPES:
        value = rng.choice(sorted(RELATION_TYPES))
    elif key in _ID_KEYS:
        value = rng.choice(sorted(p.stem for p in (project / "content").glob("*/*.yml")))
    elif key in ("reliability", "credibility", "grade") or re.fullmatch(r"[A-F1-6]", value):
        value = rng.choice("ABCDEF" if value[:1].isalpha() else "123456")
    elif key in ("quote", "cite"):
        value = value[: max(4, len(value) // 2)].rstrip('"') + ('"' if value.startswith('"') else "")
    elif value.startswith(("[", "{", "&", "*", "!")):
        return
    else:
        value = f"{value.rstrip(chr(34))} edit {step}" + ('"' if value.startswith('"') else "")
    record.write_text(text[:match.start()] + lead + value + text[match.end():], encoding="utf-8")


def wikilink_then_record(rng: random.Random, project: Path, step: int) -> None:
    """First a note links [[a name]] no record has (the build fails); the next time, a record of that
    name is added, and the note's page must now link to it."""
    waiting = project / "waiting-name"
    if waiting.exists():
        name = waiting.read_text()
        waiting.unlink()
        (project / "content" / "people" / f"named-{step}.yml").write_text(
            f'name: "{name}"\nsummary:\n  value: Named at step {step}.\n  editorial: A test addition.\n',
            encoding="utf-8")
        return
    record = _pick(rng, project, "[gp]*/*.yml")
    if record is not None:
        name = f"Awaited Person {step}"
        note = record.with_suffix(".md")
        note.write_text((note.read_text(encoding="utf-8") if note.exists() else "") + f"\nSee [[{name}]].\n",
                        encoding="utf-8")
        waiting.write_text(name)


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


def release(rng: random.Random, project: Path, step: int) -> None:
    """A release made (when the content has no error), or, now and then, a release file damaged (which the
    editor undoes)."""
    folder = project / "releases"
    made = sorted(folder.glob("*.jsonl.gz")) if folder.is_dir() else []
    if made and rng.random() < 0.25:
        damaged = rng.choice(made)
        data = damaged.read_bytes()
        damaged.write_bytes(data[: len(data) // 2])
        return
    try:
        make_release(load_project(project), f"s{step}", f"Step {step}",
                     now=datetime(2025, 1, 1, tzinfo=UTC) + timedelta(days=step))
    except DossierError:
        pass


EDITS: list[Edit] = [edit_note, edit_note, edit_field, edit_value, edit_value, edit_value, rename, delete, add,
                     wikilink_then_record, edit_template, edit_source_text, edit_settings, touch, tamper, epoch,
                     release, release]


class Served:
    """The site `serve` keeps up to date, in a folder of its own, told of each edit as its watcher is."""

    def __init__(self, project: Path):
        config = load_project(project)
        self.rebuilder = Rebuilder(dataclasses.replace(config, site_dir=project.parent / "served"))
        self.folders = [project / "content", project / "templates", project / "releases"]
        self.rebuilder.full_build()
        self.last = snapshot(*self.folders)

    def check(self, project: Path, where: str) -> None:
        now = snapshot(*self.folders)
        changed = sorted(p for p in now.keys() | self.last.keys() if now.get(p) != self.last.get(p))
        self.last = now
        expected, errors = clean_build(project)
        try:
            self.rebuilder.rebuild(changed)
        except DossierError as exc:
            assert expected is None, f"{where}: serve failed where a clean build passes: {exc.diagnostics[:3]}"
            return
        assert expected is not None, f"{where}: serve passed where a clean build fails: {errors[:3]}"
        served = self.rebuilder.project.site_dir
        files = {p.relative_to(served).as_posix(): p.read_bytes() for p in served.rglob("*") if p.is_file()}
        assert files == expected, f"{where} (serve): {sorted(k for k in files.keys() | expected.keys() if files.get(k) != expected.get(k))}"


def mkdocs_matches(project: Path, where: str) -> None:
    """`mkdocs build` (in this process, not strict) into a folder of its own gives the clean build's files."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException
    expected, _ = clean_build(project)
    out = project.parent / "mkdocs-site"
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch == "":  # unset, as dossier reads it; MkDocs reads an empty value as a number
        del os.environ["SOURCE_DATE_EPOCH"]
    try:
        build(load_config(str(project / "mkdocs.yml"), site_dir=str(out), strict=False))
    except MkDocsException:
        assert expected is None, f"{where}: mkdocs build failed where a clean build passes"
        return
    finally:
        if epoch is not None:
            os.environ["SOURCE_DATE_EPOCH"] = epoch
    assert expected is not None, f"{where}: mkdocs build passed where a clean build fails"
    files = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*")
             if p.is_file() and not p.name.startswith("sitemap.xml")}  # MkDocs' own
    assert files == expected, f"{where} (mkdocs): {sorted(k for k in files.keys() | expected.keys() if files.get(k) != expected.get(k))}"


def run_sequence(project: Path, seed: int, steps: int, monkeypatch: pytest.MonkeyPatch, others: bool = False) -> None:
    """`steps` random edits, each checked against a clean build; with `others`, through `serve` and
    `mkdocs build` too."""
    monkeypatch.setattr(filestamps, "RACY_SECONDS", 0)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "")
    rng = random.Random(seed)
    before = tree(project / "site") if (project / "site").exists() else {}
    assert_same_as_clean(project, before, f"seed {seed}, first build")
    served = Served(project) if others else None
    failed = 0
    good = sources(project)
    for step in range(steps):
        edit = rng.choice(EDITS)
        edit(rng, project, step)
        for where in (f"seed {seed}, step {step} ({edit.__name__})", f"seed {seed}, step {step} undone"):
            before = tree(project / "site")
            assert_same_as_clean(project, before, where)
            if served is not None:
                served.check(project, where)
                mkdocs_matches(project, where)
            if clean_build(project)[0] is not None:
                good = sources(project)
                break
            failed += 1
            if rng.random() < 0.25 and edit is not wikilink_then_record:
                break
            restore(project, good)  # the editor mostly undoes a mistake before going on
    assert failed < steps * 3 // 4, "most edits failed: the sequence tested errors, not the cache"


def sources(project: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for folder in ("content", "templates", "releases") for p in (project / folder).rglob("*")
            if p.is_file()} | {project / "mkdocs.yml": (project / "mkdocs.yml").read_bytes()}


def restore(project: Path, kept: dict[Path, bytes]) -> None:
    for path in sources(project).keys() - kept.keys():
        path.unlink()
    for path, data in kept.items():
        if not path.exists() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)


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
    run_sequence(minimal_project, 3, 40, monkeypatch, others=True)


def copied(source: Path, target: Path) -> Path:
    """A project's content, templates and mkdocs.yml, copied (the seed's templates are the built-in theme's)."""
    shutil.copytree(source / "content", target / "content")
    if (source / "templates").is_dir():
        shutil.copytree(source / "templates", target / "templates")
    else:
        (target / "templates").mkdir()
    config = (source / "mkdocs.yml").read_text()
    (target / "mkdocs.yml").write_text(re.sub(r"custom_dir: .*", "custom_dir: templates", config))
    return target


@pytest.mark.parametrize("name", ["seed", "vallis"])
def test_random_edits_of_the_real_dossiers_build_serve_and_mkdocs_build_as_a_clean_build_does(
        name, tmp_path, monkeypatch):
    project = copied(ROOT if name == "seed" else SITES / name, tmp_path / name)
    run_sequence(project, 4, 16, monkeypatch, others=True)

