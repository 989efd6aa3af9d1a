"""Nothing lost: a failed build, or a build killed with SIGKILL at any moment, leaves site/ as it was.

Real `build.py build` processes run on a generated dossier of a few hundred
pages (big enough that a build takes about a second, and renders in worker
processes) and are killed, with their workers, at seeded random moments
spread over the whole build, the final write and swap included. After each
kill site/ must be byte-for-byte the previous site or, if the kill came after
the swap, the complete new one; never a mixture, never missing. Leftover
temporary folders are removed by the next build.

Then the offline bundle's own faults: a disk that fills up, or Ctrl-C, while
the zip is written, and Ctrl-C before the command has even started. Each says
exactly which outputs it replaced, and leaves no partial file.
"""

from __future__ import annotations

import os
import random
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dossier.write.atomic import TEMP_PREFIX
from tests.helpers import ROOT
from tests.hostile import stopping
from tests.hostile.bigsite import add_incompressible_sources, rename_everyone, write_big_project
from tests.test_validate import edit

BUILD = [sys.executable, str(ROOT / "build.py")]


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*BUILD, "--project", str(project), "build"], capture_output=True, text=True)


def leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith(TEMP_PREFIX))


@pytest.fixture(scope="module")
def big_project(tmp_path_factory) -> Path:
    return write_big_project(tmp_path_factory.mktemp("faults") / "big", people=450)


def test_builds_killed_at_random_moments_leave_the_old_site_or_the_whole_new_one(big_project):
    started = time.perf_counter()
    assert build(big_project).returncode == 0
    duration = time.perf_counter() - started
    old = tree(big_project / "site")
    rename_everyone(big_project)
    outcomes = []
    rng = random.Random(6)
    delays = sorted(rng.uniform(0.05, 1.1) * duration for _ in range(6)) + [0.0]
    for delay in delays:
        process = subprocess.Popen([*BUILD, "--project", str(big_project), "build"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(delay)
        try:
            os.killpg(process.pid, signal.SIGKILL)  # the build and any render workers it started
        except ProcessLookupError:
            pass
        process.wait()
        outcomes.append((round(delay, 2), tree(big_project / "site")))
    assert build(big_project).returncode == 0
    new = tree(big_project / "site")
    assert new != old and "Renamed member" in new["people/member-0001.html"].decode()
    for delay, found in outcomes:
        assert found in (old, new), f"killed after {delay}s: site/ is neither the old site nor the new one"
    assert any(found == old for _, found in outcomes), "no kill landed before the swap; the test proved nothing"
    assert leftovers(big_project) == [], "the last build should have removed what killed builds left"


def test_a_build_that_fails_writes_nothing_and_says_so(minimal_project):
    assert build(minimal_project).returncode == 0
    before = tree(minimal_project / "site")
    edit(minimal_project, "people/ada-varga.yml", "type: leader-of", "type: leader-off")
    result = build(minimal_project)
    assert result.returncode == 1 and "nothing was written" in result.stderr
    assert tree(minimal_project / "site") == before and leftovers(minimal_project) == []


def test_a_killed_builds_temporary_folder_is_removed_by_the_next_build(minimal_project):
    stale = minimal_project / f"{TEMP_PREFIX}killed"
    (stale / "people").mkdir(parents=True)
    (stale / "people" / "half.html").write_text("half-written")
    assert build(minimal_project).returncode == 0
    assert leftovers(minimal_project) == []


def test_a_running_builds_temporary_folder_is_left_alone(minimal_project):
    """Two builds at once (a preview and a manual build): one must not delete the other's work in progress."""
    from dossier.write.atomic import staging_folder
    with staging_folder(minimal_project / "site") as busy:
        (busy / "index.html").write_text("in progress")
        assert build(minimal_project).returncode == 0
        assert (busy / "index.html").read_text() == "in progress"
    assert leftovers(minimal_project) == []


def test_an_unwritable_output_is_a_clear_error_not_a_traceback(minimal_project):
    (minimal_project / "site").write_text("a file where the site folder should be")
    result = build(minimal_project)
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr and "file-system error" in result.stderr
    assert "exists and is not a folder" in result.stderr
    assert (minimal_project / "site").read_text() == "a file where the site folder should be"


def test_bundles_killed_at_random_moments_leave_each_artifact_whole(big_project):
    """dist/dossier-offline/ and its zip are each replaced whole (the folder by exchange, the zip by
    rename); a kill between the two can leave the folder newer than the zip, never either half-written."""
    bundle = [*BUILD, "--project", str(big_project), "bundle"]
    folder, archive = big_project / "dist" / "dossier-offline", big_project / "dist" / "dossier-offline.zip"
    started = time.perf_counter()
    assert subprocess.run(bundle, capture_output=True).returncode == 0
    duration = time.perf_counter() - started
    old = tree(folder), archive.read_bytes()
    rename_everyone(big_project, "Bundled member")
    outcomes = []
    for delay in sorted(random.Random(7).uniform(0.3, 1.1) * duration for _ in range(3)):
        process = subprocess.Popen(bundle, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(delay)
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait()
        outcomes.append((round(delay, 2), tree(folder), archive.read_bytes()))
    assert subprocess.run(bundle, capture_output=True).returncode == 0
    new = tree(folder), archive.read_bytes()
    assert new[0] != old[0] and new[1] != old[1]
    assert "Bundled member" in new[0]["people/member-0001.html"].decode()
    for delay, found_folder, found_zip in outcomes:
        assert found_folder in (old[0], new[0]), f"bundle folder half-written after {delay}s"
        assert found_zip in (old[1], new[1]), f"zip half-written after {delay}s"
    assert leftovers(big_project / "dist") == []


# -- the offline bundle on a full disk, and Ctrl-C --------------------------------------------

def outputs(project: Path) -> tuple[dict[str, bytes], dict[str, bytes], bytes]:
    dist = project / "dist"
    return tree(project / "site"), tree(dist / "dossier-offline"), (dist / "dossier-offline.zip").read_bytes()


def partial_files(project: Path) -> list[str]:
    return sorted(p.relative_to(project).as_posix() for p in project.rglob("*")
                  if p.name.startswith(TEMP_PREFIX) or p.name.endswith(".partial"))


@pytest.fixture
def zipped_project(minimal_project) -> Path:
    """The minimal dossier with sources of random letters, so that its zip outgrows its largest file."""
    add_incompressible_sources(minimal_project, 8, 24_000)
    assert build_with(minimal_project, "build", "--bundle").returncode == 0
    edit(minimal_project, "people/ada-varga.yml", "name: Ada Varga", "name: Ada Varga-Renamed")
    return minimal_project


def build_with(project: Path, *command: str, file_size_limit: int | None = None) -> subprocess.CompletedProcess:
    def limit_file_size() -> None:  # a disk that fills up at this size, for every file the build writes
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # so a write past the limit fails with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_size_limit, file_size_limit))

    return subprocess.run([*BUILD, "--project", str(project), *command], capture_output=True, text=True,
                          preexec_fn=limit_file_size if file_size_limit else None)


@pytest.mark.parametrize("command, said, replaced", [
    ("build --bundle", "Replaced: site/; left as they were: dist/dossier-offline/, dist/dossier-offline.zip",
     True),
    ("bundle", "Nothing was replaced; left as they were: dist/dossier-offline/, dist/dossier-offline.zip", False),
])
def test_a_disk_that_fills_up_while_zipping_says_what_was_replaced_and_leaves_no_partial_file(
        zipped_project, command, said, replaced):
    site, folder, archive = outputs(zipped_project)
    largest = max(len(data) for data in site.values())
    limit = (largest + len(archive)) // 2
    assert largest < limit < len(archive)  # every page fits, the zip does not
    result = build_with(zipped_project, *command.split(), file_size_limit=limit)
    assert result.returncode == 3 and "Traceback" not in result.stderr, result.stderr
    assert f"File too large. {said}\n" in result.stderr
    after = outputs(zipped_project)
    assert ("Varga-Renamed" in after[0]["people/ada-varga.html"].decode()) == replaced
    assert after[1:] == (folder, archive)
    assert partial_files(zipped_project) == []


@pytest.mark.parametrize("command, said", [
    ("build --bundle", "Replaced: site/; left as they were: dist/dossier-offline/, dist/dossier-offline.zip"),
    ("bundle", "Nothing was replaced; left as they were: dist/dossier-offline/, dist/dossier-offline.zip"),
])
def test_ctrl_c_while_zipping_says_what_was_replaced_and_leaves_no_partial_file(zipped_project, command, said):
    before = outputs(zipped_project)
    process = stopping.start("call:dossier.write.ziparchive:_deflate", "--project", str(zipped_project),
                             *command.split(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    os.kill(process.pid, signal.SIGINT)  # held while stopped, delivered as it goes on
    stopping.resume(process)
    _, err = process.communicate()
    assert process.returncode == 130 and "Traceback" not in err, err
    assert err.endswith(f"interrupted. {said}\n"), err
    assert outputs(zipped_project)[1:] == before[1:]
    assert partial_files(zipped_project) == []


def test_ctrl_c_while_the_command_is_still_starting_is_a_quiet_exit(minimal_project):
    process = stopping.start("import:dossier.cli", "--project", str(minimal_project), "build",
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    os.kill(process.pid, signal.SIGINT)
    stopping.resume(process)
    _, err = process.communicate()
    assert (process.returncode, err) == (130, "interrupted\n")
    assert not (minimal_project / "site").exists()
