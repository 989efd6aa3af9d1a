"""The write step in process: faults while writing, and the path for systems without an atomic exchange."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from dossier.write import atomic as write
from dossier.write.atomic import TEMP_PREFIX, replace_folder_atomically


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(parent: Path) -> list[str]:
    return [p.name for p in parent.iterdir() if p.name.startswith(TEMP_PREFIX)]


OLD = {"index.html": b"old", "people/a.html": b"old a"}
NEW = {"index.html": b"new", "people/b.html": b"new b"}


def test_a_full_disk_half_way_through_leaves_the_old_site(tmp_path, monkeypatch):
    site = tmp_path / "site"
    replace_folder_atomically(OLD, site)
    real = write.write_tree

    def half_then_full(files, folder):
        real(dict(list(files.items())[:1]), folder)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(write, "write_tree", half_then_full)
    with pytest.raises(OSError):
        replace_folder_atomically(NEW, site)
    assert tree(site) == OLD and leftovers(tmp_path) == []


@pytest.fixture
def no_exchange(monkeypatch):
    monkeypatch.setattr(write, "_exchange", lambda a, b: False)


def test_without_an_atomic_exchange_the_site_is_still_replaced(tmp_path, no_exchange):
    site = tmp_path / "site"
    replace_folder_atomically(OLD, site)
    replace_folder_atomically(NEW, site)
    assert tree(site) == NEW and leftovers(tmp_path) == []


def test_without_an_exchange_a_failed_second_rename_puts_the_old_site_back(tmp_path, no_exchange, monkeypatch):
    site = tmp_path / "site"
    replace_folder_atomically(OLD, site)
    real_rename = write.os.rename

    def rename(a, b):
        if Path(b) == site and Path(a).name == "site":
            raise OSError(errno.EIO, "I/O error")
        real_rename(a, b)

    monkeypatch.setattr(write.os, "rename", rename)
    with pytest.raises(OSError):
        replace_folder_atomically(NEW, site)
    assert tree(site) == OLD and leftovers(tmp_path) == []


def test_a_build_killed_between_the_two_renames_is_undone_by_the_next(tmp_path):
    """What SIGKILL between the renames leaves: no site/, the old one parked in a temporary folder."""
    parked = tmp_path / f"{TEMP_PREFIX}killed" / "parked-old-site"
    for rel, data in OLD.items():
        (parked / rel).parent.mkdir(parents=True, exist_ok=True)
        (parked / rel).write_bytes(data)
    write.remove_stale_temporaries(tmp_path, tmp_path / "site")
    assert tree(tmp_path / "site") == OLD and leftovers(tmp_path) == []
