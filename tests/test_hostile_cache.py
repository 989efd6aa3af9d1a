"""A cache that cannot be trusted is never trusted: one that is not a database, is cut short, belongs
to another application, layout, engine or folder, or holds an entry that fails its checksum is
discarded with a one-line notice, and the build is a clean build's. A build killed at any point
(stopped at a known function with tests/hostile/stopping.py, then SIGKILLed) leaves a cache that
the next build uses rightly; a build that finds the cache in use by another runs without it."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from dossier.build.site import build_files
from dossier.core.project import load_project
from tests.helpers import CACHE_DATABASE, ROOT, build_py, file_tree
from tests.hostile import stopping

BUILD = [sys.executable, str(ROOT / "build.py")]


def assert_clean(project: Path) -> None:
    assert file_tree(project / "site") == build_files(load_project(project)).files


def notices(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("cache:")]


def edit_note(project: Path, text: str) -> None:
    (project / "content" / "groups" / "northwind-syndicate.md").write_text(text, encoding="utf-8")


@pytest.fixture
def built(minimal_project: Path) -> Path:
    assert build_py(minimal_project, "build").returncode == 0
    assert (minimal_project / CACHE_DATABASE).is_file()
    return minimal_project


def sql(project: Path, *statements: str) -> None:
    with sqlite3.connect(project / CACHE_DATABASE) as connection:
        for statement in statements:
            connection.execute(statement)


# -- caches that cannot be trusted ------------------------------------------------------------

@pytest.mark.parametrize("damage, reason", [
    (lambda p: (p / CACHE_DATABASE).write_bytes(b"not a database at all" * 100), "not a readable database"),
    (lambda p: sql(p, "PRAGMA application_id = 1"), "not a dossier cache"),
    (lambda p: sql(p, "PRAGMA user_version = 99"), "another layout"),
    (lambda p: sql(p, "UPDATE meta SET value = 'other' WHERE key = 'engine'"), "another version of dossier"),
    (lambda p: sql(p, "UPDATE meta SET value = '1' WHERE key = 'home'"), "made in another folder"),
])
def test_a_foreign_or_other_version_cache_is_discarded_with_one_line(built, damage, reason):
    edit_note(built, "A note edited since the cache was made.\n")
    damage(built)
    result = build_py(built, "build")
    assert result.returncode == 0, result.stderr
    assert len(notices(result)) == 1 and reason in notices(result)[0] and "discarded" in notices(result)[0]
    assert_clean(built)
    assert notices(build_py(built, "build")) == []  # the new cache is trusted


def test_a_truncated_cache_is_discarded(built):
    edit_note(built, "A note edited since the cache was made.\n")
    size = (built / CACHE_DATABASE).stat().st_size
    with open(built / CACHE_DATABASE, "r+b") as database:
        database.truncate(size // 3)
    result = build_py(built, "build")
    assert result.returncode == 0, result.stderr
    assert len(notices(result)) == 1 and "discarded" in notices(result)[0]
    assert_clean(built)


def test_an_entry_that_fails_its_checksum_is_never_used(built):
    sql(built, "UPDATE parsed SET body = replace(body, 'Ada Varga', 'Eve Impostor')")
    edit_note(built, "A note edited since the cache was made, so that records are read from it.\n")
    result = build_py(built, "build")
    assert len(notices(result)) == 1 and "fails its checksum" in notices(result)[0]
    assert_clean(built)
    assert b"Eve Impostor" not in (built / "site" / "people" / "ada-varga.html").read_bytes()


def test_a_project_copied_with_its_cache_does_not_trust_it(built, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(built, copy, symlinks=True)
    result = build_py(copy, "build")
    assert len(notices(result)) == 1 and "made in another folder" in notices(result)[0]
    assert_clean(copy)


def test_a_cache_folder_that_is_a_symbolic_link_is_replaced_and_its_target_left_alone(minimal_project, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("not the cache's\n")
    (minimal_project / ".dossier-cache").symlink_to(elsewhere)
    result = build_py(minimal_project, "build")
    assert result.returncode == 0 and "is not a folder" in notices(result)[0]
    assert (minimal_project / ".dossier-cache").is_dir() and not (minimal_project / ".dossier-cache").is_symlink()
    assert sorted(p.name for p in elsewhere.iterdir()) == ["keep.txt"]


@pytest.mark.parametrize("planted", [".gitignore", "CACHEDIR.TAG"])
@pytest.mark.parametrize("dangling", [False, True], ids=["to a file", "dangling"])
def test_a_link_planted_in_the_cache_folder_is_never_written_through(minimal_project, tmp_path, planted, dangling):
    """A downloaded project may hold a cache folder with a link where the cache writes its own
    files (to /etc/passwd, for a root user): the link is replaced, its target neither written nor made."""
    victim = tmp_path / "victim"
    if not dangling:
        victim.write_text("not the cache's\n")
    folder = minimal_project / ".dossier-cache"
    folder.mkdir()
    (folder / planted).symlink_to(victim)
    result = build_py(minimal_project, "build")
    assert result.returncode == 0, result.stderr
    assert any(planted in line and "not a regular file" in line for line in notices(result)), result.stderr
    if dangling:
        assert not victim.exists() and not victim.is_symlink()
    else:
        assert victim.read_text() == "not the cache's\n"
    for name in (".gitignore", "CACHEDIR.TAG"):
        assert (folder / name).is_file() and not (folder / name).is_symlink()
    assert_clean(minimal_project)


@pytest.mark.parametrize("name", ["cache.sqlite-journal", "cache.sqlite-wal", "cache.sqlite-shm", "cache.sqlite"])
def test_a_fifo_beside_the_database_is_refused_and_never_waited_on(built, name):
    """SQLite takes a FIFO at cache.sqlite-journal for a hot journal and waits on it for ever, holding the
    cache's lock. The cache is discarded with a notice, before SQLite opens anything."""
    edit_note(built, "A note edited since the cache was made.\n")
    (built / CACHE_DATABASE).with_name(name).unlink(missing_ok=True)
    os.mkfifo((built / CACHE_DATABASE).with_name(name))
    result = subprocess.run([*BUILD, "--project", str(built), "build"], capture_output=True, text=True,
                            timeout=300)  # a guard: before, the build never ended
    assert result.returncode == 0, result.stderr
    said = notices(result)
    assert len(said) == 1 and f"{name} is not a regular file (a FIFO)" in said[0] and "discarded" in said[0], said
    left = (built / CACHE_DATABASE).with_name(name)
    assert not left.exists() or left.is_file()
    assert_clean(built)
    assert notices(build_py(built, "build")) == []  # the new cache is trusted


# -- killed builds -----------------------------------------------------------------------------

def kill_at(point: str, project: Path, *command: str) -> None:
    process = stopping.start(point, "--project", str(project), *command,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    process.kill()
    process.wait()


def test_a_build_killed_after_publishing_but_before_recording_is_not_trusted_later(built):
    """Killed in the transaction that records the site it just published (the stamps of that site
    are being taken), the build leaves the record of the site before; the content is then put
    back as it was then, so only the site's own stamps can tell that site/ is not that site."""
    note = built / "content" / "groups" / "northwind-syndicate.md"
    original = note.read_text()
    note.write_text(original + "\nAn edit whose build is killed.\n")
    kill_at("call:dossier.cache.lastsite:tree_stamps", built, "build")
    assert b"An edit whose build is killed" in (built / "site" / "groups" / "northwind-syndicate.html").read_bytes()
    assert (built / ".dossier-cache" / "cache.sqlite-journal").exists(), "the kill should land mid-transaction"
    note.write_text(original)
    result = build_py(built, "build")
    assert result.returncode == 0 and notices(result) == [] and "nothing changed" not in result.stderr
    assert_clean(built)
    assert not (built / ".dossier-cache" / "cache.sqlite-journal").exists()


def test_a_build_killed_while_lending_pages_of_the_last_site_leaves_a_usable_cache(built):
    edit_note(built, "An edit, so that the build keeps the other pages of the last site.\n")
    kill_at("call:dossier.cache.lastsite:lend", built, "build")
    edit_note(built, "Another edit.\n")
    result = build_py(built, "build")
    assert result.returncode == 0 and notices(result) == []
    assert_clean(built)


def test_a_build_killed_while_reading_leaves_a_usable_cache(built):
    edit_note(built, "An edit read by a build that is killed as it keeps what it parsed.\n")
    kill_at("call:dossier.cache.store:encode_parsed", built, "build")
    result = build_py(built, "build")
    assert result.returncode == 0 and notices(result) == []
    assert_clean(built)
    assert "nothing changed" in build_py(built, "build").stderr


# -- two builds at once -------------------------------------------------------------------------

def test_a_build_that_finds_the_cache_in_use_runs_without_it_and_the_first_records_nothing_stale(built):
    """The first build stops once it has read the content; the content changes and a second build
    runs to the end without the cache; the first then publishes the site of the older content.
    It must not record that site as the output of the inputs it now finds, nor of the older ones
    as they were, since they changed while it ran: the next build renders the content as it is."""
    edit_note(built, "The first build's note.\n")
    first = stopping.start("call:dossier.build.site:render_files", "--project", str(built), "build",
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    edit_note(built, "The second build's note.\n")
    second = build_py(built, "build")
    assert second.returncode == 0 and "another run is using .dossier-cache/" in notices(second)[0]
    assert b"second build's note" in (built / "site" / "groups" / "northwind-syndicate.html").read_bytes()
    stopping.resume(first)
    assert first.wait() == 0
    assert b"first build's note" in (built / "site" / "groups" / "northwind-syndicate.html").read_bytes()
    third = build_py(built, "build")
    assert third.returncode == 0 and "nothing changed" not in third.stderr
    assert_clean(built)
    os.utime(built / "content" / "dossier.yml")
    assert "nothing changed" in build_py(built, "build").stderr


def test_a_run_taking_the_kept_model_records_nothing_if_a_note_it_links_changes_while_it_runs(built):
    """A `validate` that takes the kept model lists the content once, then checks at its end only
    the notes it read (the model stands for the rest). Stopped after the kept model is taken and
    before it reads the edited note, it reads an edit made meanwhile: that note is seen to have
    moved, so its findings are not recorded under the fingerprint taken first."""
    note = built / "content" / "groups" / "northwind-syndicate.md"
    original = note.read_text()
    note.write_text(original + "\nOnce.\n")
    assert build_py(built, "validate").returncode == 0  # read whole: the model kept
    note.write_text(original + "\nTwice.\n")
    stopped = stopping.start("call:dossier.build.read:_relinked", "--project", str(built), "validate",
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    note.write_text(original + "\nTwice, and [[nobody-at-all]].\n")
    stopping.resume(stopped)
    _, said = stopped.communicate()
    assert stopped.returncode == 1 and "nobody-at-all" in said  # it read the edit
    note.write_text(original + "\nTwice.\n")  # the bytes the run's fingerprint was taken from
    again = build_py(built, "validate")
    assert again.returncode == 0 and "nobody-at-all" not in again.stderr, again.stderr


def test_a_build_whose_inputs_change_while_it_runs_records_no_site_for_them(built):
    """Stopped after it took the fingerprint of its inputs and before it read them, a build reads an
    edit made meanwhile and publishes its site. Were that site recorded under the fingerprint taken
    first, undoing the edit would make the next build find 'nothing changed' and keep the edited
    site: a second scan at the end sees the change, and nothing is recorded."""
    note = built / "content" / "groups" / "northwind-syndicate.md"
    original = note.read_text()
    place = built / "content" / "places" / "port-meridian.yml"
    place.write_text(place.read_text() + "\n")  # a change, so that the build reads its content
    stopped = stopping.start("call:dossier.build.read:read_linked", "--project", str(built), "build",
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    note.write_text(original + "\nAn edit made while the build ran.\n")
    stopping.resume(stopped)
    assert stopped.wait() == 0
    assert b"An edit made while the build ran" in (built / "site" / "groups" / "northwind-syndicate.html").read_bytes()
    note.write_text(original)
    result = build_py(built, "build")
    assert result.returncode == 0 and "nothing changed" not in result.stderr
    assert_clean(built)
