"""The build cache as an editor meets it: a build with nothing changed does nothing, an edit
re-renders the pages it touches and no others, a validation with nothing changed replays the
last, `--no-cache` and `clean`, and `serve` and the MkDocs plugin reading through the same cache.
Whatever the cache does, the output is a clean build's (see test_cache_property.py)."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from dossier.build import read, site
from dossier.cache import pagereads
from dossier.cli import cmd_build, cmd_validate
from dossier.core.diagnostics import DossierError
from dossier.core.project import load_project
from dossier.load import files as load
from dossier.serve.rebuilder import Rebuilder
from tests.helpers import CACHE_DATABASE, ROOT, SITES, build_py, file_tree, override


def inodes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


def clean(project: Path) -> dict[str, bytes]:
    """The site a build without the cache makes of the project as it is."""
    return site.build_files(load_project(project)).files


def args(**given: object) -> argparse.Namespace:
    return argparse.Namespace(**({"jobs": 1, "strict": False, "bundle": False, "no_cache": False} | given))


# -- nothing changed --------------------------------------------------------------------

def test_a_build_with_nothing_changed_writes_nothing_and_says_so(minimal_project):
    assert build_py(minimal_project, "build").returncode == 0
    before = inodes(minimal_project / "site")
    again = build_py(minimal_project, "build")
    assert again.returncode == 0
    assert "nothing changed" in again.stderr and "[check.sources-differ]" in again.stderr  # its warning, replayed
    assert inodes(minimal_project / "site") == before


def test_files_rewritten_with_the_same_bytes_are_nothing_changed(minimal_project):
    assert build_py(minimal_project, "build").returncode == 0
    for path in (minimal_project / "content").rglob("*.yml"):
        path.write_bytes(path.read_bytes())
    assert "nothing changed" in build_py(minimal_project, "build").stderr


def test_a_page_of_site_edited_by_hand_is_rendered_again(minimal_project):
    assert build_py(minimal_project, "build").returncode == 0
    page = minimal_project / "site" / "people" / "ada-varga.html"
    page.write_bytes(page.read_bytes().replace(b"Ada Varga", b"Someone Else"))
    result = build_py(minimal_project, "build")
    assert "nothing changed" not in result.stderr
    assert file_tree(minimal_project / "site") == clean(minimal_project)


def test_a_bundle_with_nothing_changed_is_left_as_it_was(minimal_project):
    assert build_py(minimal_project, "build", "--bundle").returncode == 0
    archive = minimal_project / "dist" / "dossier-offline.zip"
    before = archive.stat().st_ino
    result = build_py(minimal_project, "build", "--bundle")
    assert "nothing changed" in result.stderr and "are up to date" in result.stderr
    assert archive.stat().st_ino == before
    (minimal_project / "dist" / "dossier-offline" / "README.txt").unlink()
    assert "are up to date" not in build_py(minimal_project, "build", "--bundle").stderr
    assert (minimal_project / "dist" / "dossier-offline" / "README.txt").is_file()


def test_strict_fails_on_the_warning_of_a_replayed_build_and_writes_nothing(minimal_project):
    assert build_py(minimal_project, "build").returncode == 0
    before = inodes(minimal_project / "site")
    result = build_py(minimal_project, "build", "--strict")
    assert result.returncode == 1 and "[check.sources-differ]" in result.stderr
    assert inodes(minimal_project / "site") == before


def test_a_first_validation_reads_each_content_file_once(minimal_project, monkeypatch):
    """With no model kept, the run's fingerprint takes the digests reading made, instead of reading
    every content file a second time to digest it (the files' stamps trusted, as files not changed
    within the last clock ticks are)."""
    from dossier.cache import inputs
    from dossier.core import filestamps
    monkeypatch.setattr(filestamps, "RACY_SECONDS", 0)
    digested: list[str] = []
    digest_file = inputs.file_digest

    def counted(path: Path, key: str, *rest: object) -> bytes | None:
        digested.append(key)
        return digest_file(path, key, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(inputs, "file_digest", counted)
    project = load_project(minimal_project)
    assert cmd_validate(project, args()) == 0
    assert not [key for key in digested if key.startswith("content:")]
    assert "config:mkdocs.yml" in digested  # what reading does not read is digested for the fingerprint

# -- replayed runs ---------------------------------------------------------------------------

def test_a_validation_with_nothing_changed_replays_the_last_without_reading(minimal_project, capsys, monkeypatch):
    project = load_project(minimal_project)
    assert cmd_validate(project, args()) == 0
    first = capsys.readouterr().err

    def unread(*_: object, **__: object) -> None:
        raise AssertionError("the content was read again")

    monkeypatch.setattr(read, "read_linked", unread)
    assert cmd_validate(project, args()) == 0
    assert capsys.readouterr().err == first
    assert "0 error(s), 1 warning(s) in 7 entities, 4 events, 2 source(s)" in first


def test_a_build_that_would_fail_as_the_last_fails_at_once_with_the_same_errors(minimal_project, monkeypatch):
    note = minimal_project / "content" / "groups" / "northwind-syndicate.md"
    note.write_text("Links to [[Nobody At All]].\n", encoding="utf-8")
    project = load_project(minimal_project)
    with pytest.raises(DossierError) as first:
        cmd_build(project, args())
    monkeypatch.setattr(read, "read_linked", lambda *a, **k: pytest.fail("the content was read again"))
    with pytest.raises(DossierError) as again:
        cmd_build(project, args())
    assert [str(d) for d in again.value.diagnostics] == [str(d) for d in first.value.diagnostics]
    assert "Nobody At All" in str(again.value)


# -- in proportion to the edit -------------------------------------------------------------

def rendered_again(project: Path, edit) -> set[str]:  # noqa: ANN001
    """The files of site/ that a build after `edit` wrote anew (the others are the last build's files)."""
    assert build_py(project, "build").returncode == 0
    before = inodes(project / "site")
    edit()
    result = build_py(project, "build")
    assert result.returncode == 0, result.stderr
    assert file_tree(project / "site") == clean(project)
    after = inodes(project / "site")
    return {path for path, inode in after.items() if before.get(path) != inode}


def test_a_note_edit_renders_its_page_and_the_pages_gathering_notes_only(minimal_project):
    note = minimal_project / "content" / "groups" / "northwind-syndicate.md"
    again = rendered_again(minimal_project, lambda: note.write_text(note.read_text() + "\nOne more line.\n"))
    assert {path for path in again if path.endswith(".html")} == {"groups/northwind-syndicate.html", "print.html"}
    assert not any(path.startswith("data/") for path in again)  # no export holds a note: kept


def test_a_rename_renders_the_pages_that_name_the_record_and_keeps_the_others(minimal_project):
    record = minimal_project / "content" / "people" / "ada-varga.yml"
    site_dir = minimal_project / "site"
    assert build_py(minimal_project, "build").returncode == 0
    naming = {page for page, data in file_tree(site_dir).items() if page.endswith(".html") and b"Ada Varga" in data}

    def rename() -> None:
        record.write_text(record.read_text().replace("name: Ada Varga", "name: Ada Varga-Lind"))

    again = rendered_again(minimal_project, rename)
    assert "data/entities.csv" in again and "data.html" in again  # the exports hold every record: made again
    again = {path for path in again if path.endswith(".html") and path != "data.html"}
    assert "people/ada-varga.html" in again and again <= naming
    assert len(naming) < len(inodes(site_dir))  # some pages do not name her, and were kept


@pytest.mark.parametrize("fails", [False, True])
def test_data_files_made_ahead_in_a_forked_process_are_those_made_here(minimal_project, tmp_path, monkeypatch, fails):
    """A build that keeps pages of the last site makes the data files, once found out of date,
    in a forked process while it compares and renders the pages (`site.DataAhead`); if that
    process fails, they are made here. Either way the site and its records are one process's."""
    monkeypatch.setattr(site, "DATA_AHEAD_STATEMENTS", 0)  # the few statements of a small site: made ahead
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    here, makers = os.getpid(), tmp_path / "makers"
    real = site.put_data_read

    def spy(*given):  # noqa: ANN001, ANN202
        with makers.open("a") as file:
            file.write(f"{'here' if os.getpid() == here else 'forked'}\n")
        if fails and os.getpid() != here:
            raise RuntimeError("the forked process fails")
        return real(*given)
    monkeypatch.setattr(site, "put_data_read", spy)
    unheld: list[tuple[int, ...]] = []
    real_forked = site.Forked

    def forked(*given, **named):  # noqa: ANN002, ANN003, ANN202
        unheld.append(named.get("unheld", ()))
        return real_forked(*given, **named)
    monkeypatch.setattr(site, "Forked", forked)
    one = tmp_path / "one"
    shutil.copytree(minimal_project, one)

    def made_by(project: Path) -> list[str]:
        makers.unlink(missing_ok=True)
        cmd_build(load_project(project), args(jobs=1 if project == one else 2))
        return makers.read_text().split()
    for project in (one, minimal_project):
        assert made_by(project) == ["here"]  # no last site: rendering shares out the work
        record = project / "content" / "people" / "ada-varga.yml"
        record.write_text(record.read_text().replace("name: Ada Varga", "name: Ada Varga-Lind"))
        assert made_by(project) == (["here"] if project == one else ["forked", "here"] if fails else ["forked"])
    assert len(unheld) == 1 and len(unheld[0]) == 1  # the cache's lock: closed in the forked process
    assert file_tree(minimal_project / "site") == file_tree(one / "site") == clean(minimal_project)
    pages = "SELECT url, digest, reads FROM pages ORDER BY url"
    with sqlite3.connect(minimal_project / CACHE_DATABASE) as ahead, sqlite3.connect(one / CACHE_DATABASE) as here_db:
        assert ahead.execute(pages).fetchall() == here_db.execute(pages).fetchall() != []


def test_reads_digested_ahead_make_the_records_a_build_in_one_process_makes(minimal_project, tmp_path, monkeypatch):
    """A build with more than one process digests its pages' reads in a forked process while it
    checks links and zips (`ReadDigests.digest_ahead`); a failed build stops that process."""
    monkeypatch.setattr(pagereads, "PARALLEL_THRESHOLD", 1)  # the few reads of a small site: digested ahead
    monkeypatch.setattr(pagereads, "READS_A_TASK", 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    events: list[str] = []

    def spying(name: str):  # noqa: ANN202
        real = getattr(pagereads.ReadDigests, name)

        def spy(self) -> None:  # noqa: ANN001
            if self._ahead is not None:
                events.append(name)
            real(self)
        return spy
    for name in ("_take_ahead", "cancel_ahead"):
        monkeypatch.setattr(pagereads.ReadDigests, name, spying(name))
    one = tmp_path / "one"
    shutil.copytree(minimal_project, one)
    cmd_build(load_project(one), args(jobs=1))
    cmd_build(load_project(minimal_project), args(jobs=2, bundle=True))
    assert events == ["_take_ahead"]
    assert file_tree(minimal_project / "site") == file_tree(one / "site") == clean(minimal_project)
    pages = "SELECT url, digest, reads FROM pages ORDER BY url"
    with sqlite3.connect(minimal_project / CACHE_DATABASE) as ahead, sqlite3.connect(one / CACHE_DATABASE) as here:
        assert ahead.execute(pages).fetchall() == here.execute(pages).fetchall() != []
    broken = tmp_path / "broken"  # a first build (a later one digests the reads to compare its pages)
    shutil.copytree(one, broken, ignore=shutil.ignore_patterns(".dossier-cache", "site"))
    override(broken, "404.html", '{% extends "base.html" %}{% block content %}<a href="gone.html">x</a>{% endblock %}')
    with pytest.raises(DossierError, match="gone.html"):
        cmd_build(load_project(broken), args(jobs=2))
    assert events[1:] == ["cancel_ahead"]


@pytest.mark.parametrize("name", ["seed", "minimal", "vallis", "disputed"])  # captured names no author
def test_renaming_a_source_s_author_redraws_every_page_that_names_them(name, tmp_path):
    """A profile names a cited source's author in its JSON-LD; a build after the author is renamed
    must be a clean build's, pages and all (the cache once kept 25 seed profiles stale here)."""
    source = ROOT if name == "seed" else SITES / name
    project = tmp_path / name
    shutil.copytree(source / "content", project / "content")
    if (source / "archive").is_dir():
        shutil.copytree(source / "archive", project / "archive")
    (project / "templates").mkdir()
    config = (source / "mkdocs.yml").read_text()
    (project / "mkdocs.yml").write_text(re.sub(r"custom_dir: .*", "custom_dir: templates", config))
    authors = sorted({m.group(1) for p in (project / "content" / "sources").glob("*.yml")
                      for m in [re.search(r"^author: (\S+)$", p.read_text(), re.M)] if m})
    assert authors, f"{name} has no source with an author"
    record = next((project / "content").glob(f"*/{authors[0]}.yml"))
    old = re.search(r'^name: "?([^"\n]+?)"?$', record.read_text(), re.M).group(1)

    def rename() -> None:
        record.write_text(record.read_text().replace(f"name: {old}", f"name: {old} Renamed", 1))

    again = rendered_again(project, rename)  # asserts the site equals a clean build's
    assert any(path.endswith(".html") and path != "data.html" for path in again)


# -- options and commands --------------------------------------------------------------------

@pytest.mark.parametrize("linked, edited, shown_in", [
    ("base.html", "base.html", "index.html"),
    ("assets/style.css", "style.css", "assets/style.css"),
    ("assets", "style.css", "assets/style.css"),  # a linked folder: its files are followed too
])
def test_an_edit_to_the_target_of_a_linked_theme_file_is_seen(minimal_project, tmp_path, linked, edited, shown_in):
    """A theme shared between projects by symbolic links: the build reads the links' targets, so the
    cache must see an edit there, or it says "nothing changed" and keeps the old pages."""
    shared = tmp_path / "shared" / linked
    if (ROOT / "templates" / linked).is_dir():
        shutil.copytree(ROOT / "templates" / linked, shared)
    else:
        shared.parent.mkdir(parents=True)
        shutil.copy(ROOT / "templates" / linked, shared)
    link = minimal_project / "templates" / linked
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(shared)
    assert build_py(minimal_project, "build").returncode == 0
    target = shared / edited if shared.is_dir() else shared
    marker = "<!-- the shared theme, edited -->" if edited.endswith(".html") else "/* the shared theme, edited */"
    target.write_text(target.read_text() + marker + "\n")
    result = build_py(minimal_project, "build")
    assert result.returncode == 0 and "nothing changed" not in result.stderr, result.stderr
    assert marker in (minimal_project / "site" / shown_in).read_text()
    assert file_tree(minimal_project / "site") == clean(minimal_project)


def test_no_cache_neither_reads_nor_writes_the_cache_and_builds_the_same(minimal_project, tmp_path):
    assert build_py(minimal_project, "build", "--no-cache").returncode == 0
    assert not (minimal_project / ".dossier-cache").exists()
    uncached = file_tree(minimal_project / "site")
    assert build_py(minimal_project, "build").returncode == 0
    assert (minimal_project / CACHE_DATABASE).is_file()
    assert file_tree(minimal_project / "site") == uncached
    assert "nothing changed" not in build_py(minimal_project, "build", "--no-cache").stderr


def test_clean_removes_the_site_the_bundle_and_the_cache(minimal_project):
    assert build_py(minimal_project, "build", "--bundle").returncode == 0
    result = build_py(minimal_project, "clean")
    assert result.returncode == 0 and "site/" in result.stderr and ".dossier-cache/" in result.stderr
    assert sorted(p.name for p in minimal_project.iterdir()) == ["content", "mkdocs.yml", "templates"]
    assert "nothing to remove" in build_py(minimal_project, "clean").stderr


def test_clean_leaves_a_site_folder_that_holds_the_project_alone(minimal_project):
    config = minimal_project / "mkdocs.yml"
    config.write_text(config.read_text().replace("site_dir: site", "site_dir: content"))
    result = build_py(minimal_project, "clean")
    assert result.returncode == 2 and "holds the project's own files" in result.stderr
    assert (minimal_project / "content" / "dossier.yml").is_file()


def test_the_cache_is_never_committed(tmp_path):
    project = tmp_path / "new"
    assert build_py(project, "new", str(project)).returncode == 0  # --project is ignored by `new`
    assert ".dossier-cache/" in (project / ".gitignore").read_text().splitlines()
    assert build_py(project, "build").returncode == 0
    assert (project / ".dossier-cache" / ".gitignore").read_text().splitlines()[-1] == "*"
    git = subprocess.run(["git", "init", "-q", str(project)], capture_output=True)
    if git.returncode == 0:
        status = subprocess.run(["git", "-C", str(project), "status", "--porcelain", "--untracked-files=all"],
                                capture_output=True, text=True).stdout
        assert ".dossier-cache" not in status and "content/dossier.yml" in status


# -- serve and MkDocs ----------------------------------------------------------------------------

def parsed_rows(project: Path) -> int:
    with sqlite3.connect(project / CACHE_DATABASE) as connection:
        return connection.execute("SELECT count(*) FROM parsed").fetchone()[0]


def test_serve_reads_through_the_cache_and_a_restart_parses_nothing(minimal_project, monkeypatch):
    parsed: list[str] = []
    original = load._parse
    monkeypatch.setattr(load, "_parse", lambda data, path, rel, *rest: parsed.append(rel) or original(data, path, rel,
                                                                                                      *rest))
    Rebuilder(load_project(minimal_project), cache=True).full_build()
    files = sorted(p.relative_to(minimal_project / "content").as_posix()
                   for p in (minimal_project / "content").rglob("*") if p.is_file())
    assert sorted(parsed) == files and parsed_rows(minimal_project) == len(files)
    parsed.clear()
    Rebuilder(load_project(minimal_project), cache=True).full_build()
    assert parsed == []


def test_the_mkdocs_plugin_reads_through_the_cache_unless_told_not_to(minimal_project):
    config = minimal_project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - dossier\n", "  - dossier:\n      ignore: [check.sources-differ]\n"))
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    assert subprocess.run(mkdocs, cwd=minimal_project, capture_output=True).returncode == 0
    files = [p for p in (minimal_project / "content").rglob("*") if p.is_file()]
    assert parsed_rows(minimal_project) == len(files)
    assert build_py(minimal_project, "clean").returncode == 0
    config.write_text(config.read_text().replace("ignore: [check.sources-differ]\n",
                                                 "ignore: [check.sources-differ]\n      cache: false\n"))
    assert subprocess.run(mkdocs, cwd=minimal_project, capture_output=True).returncode == 0
    assert not (minimal_project / ".dossier-cache").exists()
