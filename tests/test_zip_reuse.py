"""A bundle after an edit: the entries of the published zip made from files still as they were
are copied without reading those files, and the zip is byte for byte a cold build's."""

from __future__ import annotations

import argparse
import os
import shutil
from pathlib import Path

import pytest

from dossier.build.bundle import tree_files
from dossier.cache import lastsite
from dossier.cli import cmd_build
from dossier.core.project import load_project
from dossier.write import ziparchive
from dossier.write.zipentries import Zipped, file_stamp
from tests.helpers import build_py, write_bytes_tree

FILES = {
    "index.html": b"<p>home</p>" * 500,
    "assets/noise.bin": bytes(range(256)) * 64,
    "people/ada-varga.html": b"<p>Ada Varga</p>" * 40,
    "data/table.csv": b"ada,varga,1978\n" * 2000,
}
STAMP = 1_700_000_000


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return write_bytes_tree(tmp_path / "in", FILES)


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the writer reads from now on (deflating, or inflating to compare), by name."""
    read: list[str] = []
    deflate, same_bytes = ziparchive._deflate, ziparchive._same_bytes

    def deflating(path: str) -> ziparchive.Made:
        read.append(Path(path).name)
        return deflate(path)

    def comparing(path: str, previous: ziparchive.Previous, entry: ziparchive.Entry) -> ziparchive.Made | None:
        read.append(Path(path).name)
        return same_bytes(path, previous, entry)
    monkeypatch.setattr(ziparchive, "_deflate", deflating)
    monkeypatch.setattr(ziparchive, "_same_bytes", comparing)
    return read


def test_the_writer_tells_the_stamp_of_each_file_it_zipped(folder, tmp_path):
    stamps = ziparchive.write_zip(folder, tree_files(folder), "top", tmp_path / "a.zip", STAMP)
    assert stamps == {rel: file_stamp(os.lstat(folder / rel)) for rel in FILES}


def test_files_known_by_their_stamp_are_not_read_and_the_archive_is_a_fresh_ones(folder, tmp_path, monkeypatch):
    old, fresh, again = tmp_path / "old.zip", tmp_path / "fresh.zip", tmp_path / "again.zip"
    stamps = ziparchive.write_zip(folder, tree_files(folder), "top", old, STAMP)
    known = Zipped(file_stamp(os.lstat(old)), stamps)
    page = folder / "people/ada-varga.html"
    page.write_bytes(b"<p>Ada Vargb</p>" * 40)  # the same size, other bytes: written, so its stamp moved
    os.link(folder / "index.html", tmp_path / "a-link")  # a hard link moves the change time alone
    ziparchive.write_zip(folder, tree_files(folder), "top", fresh, STAMP)
    read = _reads(monkeypatch)
    made = ziparchive.write_zip(folder, tree_files(folder), "top", again, STAMP, previous=old, zipped=known)
    assert again.read_bytes() == fresh.read_bytes()
    assert sorted(read) == ["ada-varga.html", "ada-varga.html", "noise.bin", "noise.bin"]  # noise.bin: the probe
    assert made == {rel: file_stamp(os.lstat(folder / rel)) for rel in FILES}


def test_entries_known_by_their_stamp_are_copied_a_run_at_a_time(folder, tmp_path, monkeypatch):
    from dossier.write import zipentries
    old, fresh, again = tmp_path / "old.zip", tmp_path / "fresh.zip", tmp_path / "again.zip"
    stamps = ziparchive.write_zip(folder, tree_files(folder), "top", old, STAMP)
    known = Zipped(file_stamp(os.lstat(old)), stamps)
    (folder / "index.html").write_bytes(b"<p>home!</p>" * 500)  # the third of four: two runs around it
    ziparchive.write_zip(folder, tree_files(folder), "top", fresh, STAMP)
    copied: list[int] = []
    copy_range = zipentries.Out.copy_range

    def copying(out: zipentries.Out, previous: zipentries.Previous, start: int, length: int) -> None:
        copied.append(length)
        copy_range(out, previous, start, length)
    monkeypatch.setattr(zipentries.Out, "copy_range", copying)
    ziparchive.write_zip(folder, tree_files(folder), "top", again, STAMP, previous=old, zipped=known)
    assert again.read_bytes() == fresh.read_bytes()
    assert tree_files(folder)[2] == "index.html" and len(copied) == 2


def test_entries_known_by_their_stamp_take_a_new_time_when_the_build_time_moved(folder, tmp_path, monkeypatch):
    old, fresh, again = tmp_path / "old.zip", tmp_path / "fresh.zip", tmp_path / "again.zip"
    stamps = ziparchive.write_zip(folder, tree_files(folder), "top", old, STAMP)
    known = Zipped(file_stamp(os.lstat(old)), stamps)
    later = STAMP + 86_400  # SOURCE_DATE_EPOCH moved: every entry's header holds another time
    ziparchive.write_zip(folder, tree_files(folder), "top", fresh, later)
    read = _reads(monkeypatch)
    ziparchive.write_zip(folder, tree_files(folder), "top", again, later, previous=old, zipped=known)
    assert again.read_bytes() == fresh.read_bytes() != old.read_bytes()
    assert sorted(set(read)) == ["noise.bin"]  # the probe alone: the deflated bytes are still copied


def test_a_previous_archive_whose_stamp_moved_lends_only_what_inflating_shows(folder, tmp_path, monkeypatch):
    old, again = tmp_path / "old.zip", tmp_path / "again.zip"
    stamps = ziparchive.write_zip(folder, tree_files(folder), "top", old, STAMP)
    known = Zipped(file_stamp(os.lstat(old)), stamps)
    os.utime(old, (STAMP, STAMP))  # the archive touched since: its change time moved
    read = _reads(monkeypatch)
    ziparchive.write_zip(folder, tree_files(folder), "top", again, STAMP, previous=old, zipped=known)
    assert again.read_bytes() == old.read_bytes()
    assert sorted(set(read)) == sorted(Path(rel).name for rel in FILES)  # every file compared


def test_the_files_zipped_are_recorded_by_the_site_s_stamps_if_only_their_change_time_moved():
    zipped = Zipped([1, 2, 3, 4], {"a.html": [5, 6, 7, 8], "b.html": [5, 6, 7, 9], "c.html": [5, 6, 7, 10],
                                   "README.txt": [5, 6, 7, 11]})
    site = {"a.html": [5, 60, 7, 8], "b.html": [50, 60, 7, 9], "c.html": [5, 6, 7, 12]}
    assert lastsite.zipped_as_recorded(zipped, site) == {"a.html": [5, 60, 7, 8]}  # b, c: written since


def test_a_file_lent_is_known_only_if_its_recorded_stamp_is_the_one_it_was_zipped_with():
    zipped = {"archive": [1, 2, 3, 4], "files": {"a.html": [5, 6, 7, 8], "b.html": [5, 6, 7, 9],
                                                 "c.html": [5, 6, 7, 10]}}
    site = {"stamps": {"a.html": [5, 6, 7, 8], "b.html": [5, 60, 7, 9], "c.html": [5, 6, 7, 10]}}
    found = lastsite.zipped_alike(["a.html", "b.html", "d.html"], site, zipped)
    assert found == Zipped([1, 2, 3, 4], {"a.html": [5, 6, 7, 8]})  # b: written or linked since; c: not lent
    assert lastsite.zipped_alike([], site, zipped) is None
    assert lastsite.zipped_alike(["a.html"], site, {"archive": "damaged"}) is None


def _cold_zip(project: Path, tmp_path: Path) -> bytes:
    copy = tmp_path / "cold"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("site", "dist", ".dossier-cache"))
    assert build_py(copy, "build", "--bundle", "--no-cache").returncode == 0
    return (copy / "dist" / "dossier-offline.zip").read_bytes()


def _one_more_edit_reads_only_the_files_that_changed(minimal_project: Path, bundle: argparse.Namespace,
                                                     tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A note edited once more and bundled: the bundle reads the edited page, not the others, and its
    zip is byte for byte a cold build's."""
    note = minimal_project / "content" / "groups" / "northwind-syndicate.md"
    note.write_text(note.read_text() + "\nOne more line.\n")
    read = _reads(monkeypatch)
    assert cmd_build(load_project(minimal_project), bundle) == 0
    pages = {name for name in read if name.endswith(".html")}
    assert "northwind-syndicate.html" in pages and "ada-varga.html" not in pages
    assert len(set(read)) < len(tree_files(minimal_project / "dist" / "dossier-offline")) // 2
    assert (minimal_project / "dist" / "dossier-offline.zip").read_bytes() == _cold_zip(minimal_project, tmp_path)


@pytest.mark.parametrize("edits", [1, 2])
def test_a_bundle_after_a_note_edit_reads_only_the_files_that_changed_and_is_a_cold_builds(
        minimal_project, tmp_path, monkeypatch, edits):
    """After the first edit and after the second: the second build removed the first bundle's
    folder, whose links to the unchanged pages moved their change time."""
    project = load_project(minimal_project)
    build = argparse.Namespace(jobs=1, strict=False, bundle=True, no_cache=False)
    assert cmd_build(project, build) == 0
    note = minimal_project / "content" / "groups" / "northwind-syndicate.md"
    for _ in range(edits - 1):
        note.write_text(note.read_text() + "\nAn edit before.\n")
        assert cmd_build(project, build) == 0
    _one_more_edit_reads_only_the_files_that_changed(minimal_project, build, tmp_path, monkeypatch)


def test_a_bundle_after_builds_without_one_still_reads_only_the_files_that_changed(minimal_project, tmp_path,
                                                                                  monkeypatch):
    """A build without --bundle keeps what the zip holds, by the stamps of the pages it lent."""
    project = load_project(minimal_project)
    bundle = argparse.Namespace(jobs=1, strict=False, bundle=True, no_cache=False)
    assert cmd_build(project, bundle) == 0
    note = minimal_project / "content" / "groups" / "northwind-syndicate.md"
    for line in ("An edit.", "Another."):
        note.write_text(note.read_text() + f"\n{line}\n")
        assert cmd_build(project, argparse.Namespace(**{**vars(bundle), "bundle": False})) == 0
    _one_more_edit_reads_only_the_files_that_changed(minimal_project, bundle, tmp_path, monkeypatch)


def test_a_site_file_written_over_in_place_is_read_again_whatever_its_stamp_says(minimal_project, tmp_path):
    """A page of site/ written in place, its size and modification time put back: only its change
    time tells, and the build renders it again and zips it anew."""
    assert build_py(minimal_project, "build", "--bundle").returncode == 0
    page = minimal_project / "site" / "people" / "ada-varga.html"
    before = os.lstat(page)
    data = page.read_bytes()
    page.write_bytes(data.replace(b"Ada Varga", b"Ada Vargb"))
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    note = minimal_project / "content" / "groups" / "northwind-syndicate.md"
    note.write_text(note.read_text() + "\nOne more line.\n")
    assert build_py(minimal_project, "build", "--bundle").returncode == 0
    assert (minimal_project / "dist" / "dossier-offline.zip").read_bytes() == _cold_zip(minimal_project, tmp_path)
