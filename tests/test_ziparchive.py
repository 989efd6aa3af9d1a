"""The zip writer: archives any zip reader opens, the same bytes for the same folder, the same
bytes as `zipfile` writes, which takes over for what the plain format cannot hold."""

from __future__ import annotations

import random
import zipfile
import zlib
from pathlib import Path

import pytest

from dossier.build.bundle import tree_files
from dossier.write import ziparchive
from tests.helpers import write_bytes_tree

FILES = {
    "index.html": b"<p>home</p>" * 500,
    "people/ada-varga.html": "<p>Ada Varga — é ü 中文</p>".encode(),
    "assets/empty.css": b"",
    "places/żółw-bay.html": b"<p>a non-ASCII name</p>",
    "assets/noise.bin": bytes(range(256)) * 64,
    "data/large.csv": " ".join(random.Random(7).choice(("ada", "varga", "1978", "port,")) for _ in range(600_000)).encode(),
}
"""large.csv is read and deflated in several chunks (ziparchive.CHUNK), yet gives what one pass gives."""
STAMP = 1_700_000_000  # 2023-11-14 22:13:20


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return write_bytes_tree(tmp_path / "in", FILES)


def test_any_zip_reader_reads_every_file_back(folder, tmp_path):
    archive = tmp_path / "out.zip"
    ziparchive.write_zip(folder, tree_files(folder), "top", archive, STAMP)
    with zipfile.ZipFile(archive) as zipped:
        assert zipped.testzip() is None
        assert zipped.namelist() == [f"top/{rel}" for rel in sorted(FILES)]
        for info in zipped.infolist():
            assert zipped.read(info) == FILES[info.filename.removeprefix("top/")]
            assert info.date_time == (2023, 11, 14, 22, 13, 20)
            assert info.external_attr >> 16 == 0o100644 and info.create_system == 3
            assert info.compress_type == zipfile.ZIP_DEFLATED
        assert zipped.getinfo("top/index.html").compress_size < len(FILES["index.html"]) // 10


def test_the_same_folder_gives_the_same_bytes(folder, tmp_path):
    first, second = tmp_path / "1.zip", tmp_path / "2.zip"
    ziparchive.write_zip(folder, tree_files(folder), "top", first, STAMP)
    ziparchive.write_zip(folder, tree_files(folder), "top", second, STAMP)
    assert first.read_bytes() == second.read_bytes()


def test_an_archive_too_large_for_the_plain_format_is_written_by_zipfile_to_the_same_bytes(folder, tmp_path,
                                                                                          monkeypatch):
    """With zlib's deflater (zipfile's), the hand-written archive is byte for byte what `zipfile` writes, and
    `zipfile` takes over past the limits."""
    monkeypatch.setattr(ziparchive, "deflating", zlib)
    plain, fallback = tmp_path / "plain.zip", tmp_path / "fallback.zip"
    ziparchive.write_zip(folder, tree_files(folder), "top", plain, STAMP)
    calls = []
    real = ziparchive._write_with_zipfile
    monkeypatch.setattr(ziparchive, "_write_with_zipfile", lambda *args: calls.append(args) or real(*args))
    monkeypatch.setattr(ziparchive, "_MAX_ENTRIES", 3)
    ziparchive.write_zip(folder, tree_files(folder), "top", fallback, STAMP)
    assert len(calls) == 1
    assert plain.read_bytes() == fallback.read_bytes()


def test_zipfile_streaming_each_file_writes_what_writestr_writes_with_the_file_whole(folder, tmp_path):
    """Past the plain format's limits files are streamed into `zipfile` a chunk at a time (a data export
    can be gigabytes); the archive is byte for byte the one `writestr` makes from each file read whole."""
    import time as clock
    streamed, whole = tmp_path / "streamed.zip", tmp_path / "whole.zip"
    ziparchive._write_with_zipfile(folder, tree_files(folder), "top", streamed, STAMP)
    with zipfile.ZipFile(whole, "w", zipfile.ZIP_DEFLATED, compresslevel=ziparchive.LEVEL) as zipped:
        for rel in tree_files(folder):
            info = zipfile.ZipInfo(f"top/{rel}", date_time=clock.gmtime(STAMP)[:6])
            info.external_attr = ziparchive.MODE << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            zipped.writestr(info, (folder / rel).read_bytes())
    assert len(FILES["data/large.csv"]) > 2 * ziparchive.CHUNK  # streamed in several chunks
    assert streamed.read_bytes() == whole.read_bytes()


def _counting_deflates(monkeypatch) -> list[Path]:
    deflated: list[Path] = []
    real = ziparchive._deflate
    monkeypatch.setattr(ziparchive, "_deflate", lambda path: deflated.append(Path(path)) or real(path))
    return deflated


def test_files_the_previous_archive_holds_unchanged_are_copied_not_deflated_and_the_bytes_are_a_fresh_archives(
        folder, tmp_path, monkeypatch):
    """After an edit only the changed files are deflated again; the archive is the one a cold build writes."""
    old, fresh, again = tmp_path / "old.zip", tmp_path / "fresh.zip", tmp_path / "again.zip"
    ziparchive.write_zip(folder, tree_files(folder), "top", old, STAMP)
    (folder / "people/ada-varga.html").write_bytes("<p>Ada Varga — é ü 中文!</p>".encode())  # grown
    (folder / "index.html").write_bytes(b"<p>HOME</p>" * 500)  # the same size, other bytes
    (folder / "assets/noise.bin").unlink()
    (folder / "sources/new.html").parent.mkdir()
    (folder / "sources/new.html").write_bytes(b"<p>new</p>")
    ziparchive.write_zip(folder, tree_files(folder), "top", fresh, STAMP)
    deflated = _counting_deflates(monkeypatch)
    ziparchive.write_zip(folder, tree_files(folder), "top", again, STAMP, previous=old)
    assert again.read_bytes() == fresh.read_bytes()
    assert sorted(p.relative_to(folder).as_posix() for p in deflated) == [
        "data/large.csv", "index.html", "people/ada-varga.html", "sources/new.html"]  # large.csv: the probe
    with zipfile.ZipFile(again) as zipped:
        assert zipped.testzip() is None
        assert zipped.read("top/index.html") == b"<p>HOME</p>" * 500


def test_a_previous_archive_that_is_no_zip_or_is_damaged_only_means_deflating_every_file(folder, tmp_path,
                                                                                        monkeypatch):
    fresh, old = tmp_path / "fresh.zip", tmp_path / "old.zip"
    ziparchive.write_zip(folder, tree_files(folder), "top", fresh, STAMP)
    not_a_zip = tmp_path / "not.zip"
    not_a_zip.write_bytes(b"PK\x03\x04 not a zip at all")
    damaged = bytearray(fresh.read_bytes())
    at = damaged.index(b"top/data/large.csv") + 1000  # inside large.csv's deflated bytes
    damaged[at:at + 8] = b"\xff" * 8
    old.write_bytes(bytes(damaged))
    for previous in (not_a_zip, old, tmp_path / "missing.zip"):
        deflated = _counting_deflates(monkeypatch)
        again = tmp_path / "again.zip"
        ziparchive.write_zip(folder, tree_files(folder), "top", again, STAMP, previous=previous)
        assert again.read_bytes() == fresh.read_bytes()
        assert len(deflated) == (2 if previous is old else len(FILES))  # old: the probe and large.csv


def test_the_deflater_is_zlib_ngs_and_deflates_no_larger_than_zlibs(folder, tmp_path, monkeypatch):
    """zlib-ng (pinned in requirements.txt) deflates the files; any zip reader reads them back (see above)."""
    assert ziparchive.deflating.__name__ == "zlib_ng.zlib_ng"
    ng, plain = tmp_path / "ng.zip", tmp_path / "zlib.zip"
    ziparchive.write_zip(folder, tree_files(folder), "top", ng, STAMP)
    monkeypatch.setattr(ziparchive, "deflating", zlib)
    ziparchive.write_zip(folder, tree_files(folder), "top", plain, STAMP)
    assert ng.stat().st_size <= plain.stat().st_size
    with zipfile.ZipFile(ng) as zipped:
        assert [zipped.read(f"top/{rel}") for rel in sorted(FILES)] == [FILES[rel] for rel in sorted(FILES)]


def test_a_previous_archive_deflated_otherwise_lends_nothing(folder, tmp_path, monkeypatch):
    """An archive made by another deflater or level (an upgrade of zlib-ng) is not mixed into the new one."""
    fresh, old, again = tmp_path / "fresh.zip", tmp_path / "old.zip", tmp_path / "again.zip"
    ziparchive.write_zip(folder, tree_files(folder), "top", fresh, STAMP)
    monkeypatch.setattr(ziparchive, "LEVEL", 1)
    ziparchive.write_zip(folder, tree_files(folder), "top", old, STAMP)
    monkeypatch.undo()
    assert old.read_bytes() != fresh.read_bytes()
    deflated = _counting_deflates(monkeypatch)
    ziparchive.write_zip(folder, tree_files(folder), "top", again, STAMP, previous=old)
    assert again.read_bytes() == fresh.read_bytes()
    assert len(deflated) == 1 + len(FILES)  # the probe, then every file
