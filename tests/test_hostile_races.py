"""Builds of one project at once: each publishes a whole offline bundle, folder and zip from the same run;
none takes another's staging folder for a killed build's leftover; none claims another's outputs.

A build is stopped (SIGSTOP, see tests/hostile/stopping.py) at a known point
while a second build of the same project, with other content, runs to the end;
then the first goes on. No sleeps: each step waits for the process to be where
the test needs it. Before these guarantees, builds shared one temporary zip
name: one build's rename found the file gone (exit 3), or the other kept
writing into the zip already published, which `unzip -t` then called corrupt.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from dossier.build.site import build_files
from dossier.core.project import load_project
from dossier.write.atomic import TEMP_PREFIX
from tests.helpers import ROOT, file_tree
from tests.hostile import stopping
from tests.hostile.bigsite import rename_everyone, write_big_project
from tests.test_validate import edit

BUILD = [sys.executable, str(ROOT / "build.py")]


@pytest.fixture
def project(tmp_path) -> Path:
    return write_big_project(tmp_path / "project", people=40)


def bundle(project: Path) -> tuple[Path, Path]:
    return project / "dist" / "dossier-offline", project / "dist" / "dossier-offline.zip"


def run(project: Path, *command: str) -> subprocess.CompletedProcess:
    return subprocess.run([*BUILD, "--project", str(project), *command], capture_output=True, text=True)


def finish(process: subprocess.Popen) -> tuple[int, str]:
    stopping.resume(process)
    _, err = process.communicate()
    return process.returncode, err


def assert_whole(project: Path, label: str) -> None:
    """The zip passes `unzip -t`, holds exactly the folder's files, and both are the build of `label`."""
    folder, archive = bundle(project)
    test = subprocess.run(["unzip", "-t", str(archive)], capture_output=True, text=True)
    assert test.returncode == 0 and "No errors detected" in test.stdout, test.stdout + test.stderr
    with zipfile.ZipFile(archive) as zipped:
        zipped_files = {name.split("/", 1)[1]: zipped.read(name) for name in zipped.namelist()}
    folder_files = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert zipped_files == folder_files, "the zip and the folder come from different builds"
    assert f"{label} 1<" in folder_files["people/member-0001.html"].decode()


def leftovers(project: Path) -> list[str]:
    return [p.name for p in (project / "dist").iterdir() if p.name.startswith(TEMP_PREFIX)]


@pytest.mark.parametrize("first, second", [("bundle", "bundle"), ("build --bundle", "bundle"),
                                           ("bundle", "build --bundle")])
def test_a_build_stopped_while_zipping_and_another_that_runs_meanwhile_both_publish_whole_zips(
        project, first, second):
    assert run(project, "build", "--bundle").returncode == 0
    rename_everyone(project, "First")
    slow = stopping.start("call:dossier.write.ziparchive:_deflate", "--project", str(project), *first.split(),
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    rename_everyone(project, "Second")  # the stopped build read its content before it stopped
    fast = run(project, *second.split())
    assert fast.returncode == 0, fast.stderr
    assert_whole(project, "Second")
    code, err = finish(slow)
    assert code == 0, err
    assert_whole(project, "First")  # published last, whole, its folder with its zip
    assert leftovers(project) == []


def test_a_build_that_reaches_publishing_while_another_publishes_waits_its_turn(project):
    """Stopped between swapping in its folder and renaming its zip, a build holds dist/'s lock: the
    other waits (and says so) instead of publishing its folder and zip in between, which would leave
    the first build's zip beside the second build's folder."""
    assert run(project, "bundle").returncode == 0
    rename_everyone(project, "First")
    first = stopping.start("call:dossier.build.bundle:publish_zip", "--project", str(project), "bundle",
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    rename_everyone(project, "Second")
    second = subprocess.Popen([*BUILD, "--project", str(project), "bundle"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert second.stderr is not None
    said = []
    while line := second.stderr.readline():  # returns once the second build prints, or ends
        said.append(line)
        if "waiting for another build" in line:
            break
    assert said and "waiting for another build to finish publishing" in said[-1], said
    assert finish(first)[0] == 0
    assert second.wait() == 0
    assert_whole(project, "Second")
    assert leftovers(project) == []


def test_the_leftovers_of_a_build_killed_while_zipping_are_removed_by_the_next(project):
    assert run(project, "bundle").returncode == 0
    killed = stopping.start("call:dossier.write.ziparchive:_deflate", "--project", str(project), "bundle",
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    killed.kill()
    killed.wait()
    assert leftovers(project), "the kill should have left its half-made folder and zip"
    assert run(project, "bundle").returncode == 0
    assert_whole(project, "Member")
    assert leftovers(project) == []


# -- a staging folder made while another build clears leftovers ----------------------------------

def site_leftovers(project: Path) -> list[str]:
    return [p.name for p in project.iterdir() if p.name.startswith(TEMP_PREFIX)]


@pytest.mark.parametrize("cleared", ["before it is locked", "while it is being locked"])
def test_a_staging_folder_that_another_build_clears_as_a_leftover_is_made_again(minimal_project, cleared):
    """A build's staging folder has its name before it has its lock. A second build that starts
    just then takes it for a killed build's leftover and removes it: the first must make another,
    not fail with exit 3 (`.dossier-tmp-XXXX/site: No such file or directory`). The first is stopped
    just after making its folder; the second clears it (run to the end, or stopped holding the
    folder's lock, about to remove it, while the first goes on to lock it)."""
    first = stopping.start("call:dossier.write.atomic:_lock", "--project", str(minimal_project), "build",
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert site_leftovers(minimal_project), "the first build should be stopped with its folder made"
    if cleared == "before it is locked":
        assert run(minimal_project, "build").returncode == 0
        stopping.resume(first)
    else:
        second = stopping.start("call:shutil:rmtree", "--project", str(minimal_project), "build",
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        stopping.resume(first)  # it opens the folder and waits for the lock the second holds
        assert finish(second)[0] == 0
    _, err = first.communicate()
    assert first.returncode == 0, err
    assert file_tree(minimal_project / "site") == build_files(load_project(minimal_project)).files
    assert site_leftovers(minimal_project) == []


@pytest.mark.parametrize("command, said", [
    ("bundle", "Nothing was replaced; another build replaced dist/dossier-offline/, dist/dossier-offline.zip "
               "meanwhile"),
    ("build --bundle", "Replaced: site/; another build replaced dist/dossier-offline/, dist/dossier-offline.zip "
                       "meanwhile"),
])
def test_an_interrupted_build_does_not_claim_the_outputs_another_build_replaced(minimal_project, command, said):
    assert run(minimal_project, "build", "--bundle").returncode == 0
    edit(minimal_project, "people/ada-varga.yml", "name: Ada Varga", "name: Ada Varga-Renamed")
    stopped = stopping.start("call:dossier.write.ziparchive:_deflate", "--project", str(minimal_project),
                             *command.split(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert run(minimal_project, "bundle").returncode == 0  # replaces the bundle while the first zips
    os.kill(stopped.pid, signal.SIGINT)  # held while stopped, delivered as it goes on
    code, err = finish(stopped)
    assert code == 130 and err.endswith(f"interrupted. {said}\n"), err
