"""Same bytes twice: builds are byte-identical, zip included, wherever and however they run.

SOURCE_DATE_EPOCH moves every timestamp (files, folders, zip entries) and
nothing else; a value that is not a number is a usage error; the umask, the
number of render workers and the project's location do not show in the output.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from dossier.write.atomic import FIXED_MTIME, LATEST_MTIME
from tests.helpers import ROOT

BUILD = [sys.executable, str(ROOT / "build.py")]
ZIP = Path("dist") / "dossier-offline.zip"


def build(project: Path, *extra: str, env: dict | None = None, umask: int | None = None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"} | (env or {})
    preexec = (lambda: os.umask(umask)) if umask is not None else None
    return subprocess.run([*BUILD, "--project", str(project), "build", "--bundle", *extra], env=environment,
                          capture_output=True, text=True, preexec_fn=preexec)


def snapshot(project: Path) -> dict[str, tuple[bytes | None, int, int]]:
    """path -> (bytes or None for a folder, mode, mtime) for site/ and dist/."""
    found = {}
    for top in ("site", "dist"):
        for path in sorted((project / top).rglob("*")) + ([project / top] if top == "site" else []):
            info = path.lstat()
            data = path.read_bytes() if path.is_file() else None
            found[path.relative_to(project).as_posix()] = (data, stat.S_IMODE(info.st_mode), int(info.st_mtime))
    return found


def contents(snap: dict) -> dict:
    return {path: data for path, (data, _, _) in snap.items() if not path.endswith(".zip")}


def test_two_builds_are_identical_in_bytes_modes_and_times(minimal_project):
    assert build(minimal_project).returncode == 0
    first = snapshot(minimal_project)
    assert build(minimal_project).returncode == 0
    assert snapshot(minimal_project) == first
    assert {mtime for _, _, mtime in first.values()} == {FIXED_MTIME}
    assert {mode for data, mode, _ in first.values() if data is not None} == {0o644}
    assert {mode for data, mode, _ in first.values() if data is None} == {0o755}


def test_the_umask_the_worker_count_and_the_folder_do_not_show(minimal_project, tmp_path):
    assert build(minimal_project, "--jobs", "1").returncode == 0
    reference = snapshot(minimal_project)
    elsewhere = tmp_path / "somewhere" / "else"
    shutil.copytree(minimal_project, elsewhere)
    shutil.rmtree(elsewhere / "site"), shutil.rmtree(elsewhere / "dist")
    result = build(elsewhere, "--jobs", "2", umask=0o077)
    assert result.returncode == 0, result.stderr
    assert snapshot(elsewhere) == reference


def test_source_date_epoch_moves_every_timestamp_and_nothing_else(minimal_project):
    assert build(minimal_project).returncode == 0
    default = snapshot(minimal_project)
    default_zip = (minimal_project / ZIP).read_bytes()
    epoch = 1_700_000_000
    assert build(minimal_project, env={"SOURCE_DATE_EPOCH": str(epoch)}).returncode == 0
    moved = snapshot(minimal_project)
    assert contents(moved) == contents(default)
    assert {mtime for _, _, mtime in moved.values()} == {epoch}
    archive = (minimal_project / ZIP).read_bytes()
    assert archive != default_zip
    with zipfile.ZipFile(minimal_project / ZIP) as zipped:
        assert {info.date_time for info in zipped.infolist()} == {time.gmtime(epoch)[:6]}
        with zipfile.ZipFile(minimal_project / ZIP) as again:
            assert [i.filename for i in zipped.infolist()] == [i.filename for i in again.infolist()]
    assert build(minimal_project, env={"SOURCE_DATE_EPOCH": str(epoch)}).returncode == 0
    assert (minimal_project / ZIP).read_bytes() == archive


def test_source_date_epoch_outside_what_a_zip_holds_is_clamped(minimal_project):
    for value, expected in (("0", FIXED_MTIME), ("99999999999", LATEST_MTIME)):
        result = build(minimal_project, env={"SOURCE_DATE_EPOCH": value})
        assert result.returncode == 0, result.stderr
        assert int((minimal_project / "site" / "index.html").stat().st_mtime) == expected


def test_a_malformed_source_date_epoch_is_a_usage_error(minimal_project):
    result = build(minimal_project, env={"SOURCE_DATE_EPOCH": "yesterday"})
    assert result.returncode == 2 and "SOURCE_DATE_EPOCH must be a whole number" in result.stderr
    assert "Traceback" not in result.stderr and not (minimal_project / "site").exists()
