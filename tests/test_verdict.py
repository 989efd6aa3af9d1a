"""One verdict: `build.py validate`, `build.py build`, `mkdocs build` and `mkdocs serve` pass or
fail together on the same project and settings.

Strictness is a project setting both builders read: mkdocs.yml's `strict` (MkDocs' own), which
`--strict` and `--no-strict` override for one run, in either command line. Each test dossier
in tests/sites/, the seed and a project made by `new` are run as they are, and again with the
settings and content changed where the verdict could part: a strict project with a warning, a
disagreement whose review is removed, and the options given on the command line.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from dossier.scaffold import create_project
from tests.helpers import ROOT, SITES, build_py

PROJECTS = ["seed", *sorted(p.name for p in SITES.iterdir() if (p / "mkdocs.yml").is_file()), "new"]


def project_copy(name: str, folder: Path) -> Path:
    """A private copy of a dossier project, drawn by the built-in theme (an empty templates/)."""
    target = folder / name
    if name == "new":
        create_project(target)
        return target
    source = ROOT if name == "seed" else SITES / name
    shutil.copytree(source / "content", target / "content")
    if (source / "archive").is_dir():  # captured copies of sources (tests/sites/captured)
        shutil.copytree(source / "archive", target / "archive")
    (target / "templates").mkdir()
    config = (source / "mkdocs.yml").read_text()
    (target / "mkdocs.yml").write_text(config.replace("../../../templates", "templates"))
    return target


def mkdocs(project: Path, *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mkdocs", *command], cwd=project, capture_output=True, text=True)


def mkdocs_serve_starts(project: Path, *options: str) -> bool:
    """Whether `mkdocs serve` gets as far as serving (True), or stops on its first build (False)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "-a", f"127.0.0.1:{port}",
                               *options], cwd=project, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    try:
        assert server.stderr is not None
        for line in server.stderr:
            if "Serving on" in line:
                return True
        return False  # the output ended: it stopped
    finally:
        server.kill()
        server.wait()


def verdicts(project: Path, *options: str) -> dict[str, bool]:
    """Each command's verdict (True: it passed) with the same strictness options."""
    return {
        "build.py validate": build_py(project, "validate", *options).returncode == 0,
        "build.py build": build_py(project, "build", *options).returncode == 0,
        "mkdocs build": mkdocs(project, "build", *options).returncode == 0,
        "mkdocs serve": mkdocs_serve_starts(project, *options),
    }


def set_strict(project: Path, strict: bool) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text()
    old, new = ("strict: false", "strict: true") if strict else ("strict: true", "strict: false")
    config.write_text(text.replace(old, new))
    assert new in config.read_text()


def drop_reviews(project: Path) -> None:
    record = project / "content/groups/grey-heron-network.yml"
    text = record.read_text()
    record.write_text(text[:text.index("reviewed:")] + text[text.index("summary:"):])


@pytest.mark.parametrize("name", PROJECTS)
def test_every_dossier_gets_one_verdict_from_the_four_commands(name, tmp_path):
    project = project_copy(name, tmp_path)
    found = verdicts(project)
    assert set(found.values()) == {True}, found  # and each of them builds under its own settings


def test_a_strict_project_with_a_warning_fails_in_all_four(tmp_path):
    project = project_copy("minimal", tmp_path)
    set_strict(project, True)
    assert set(verdicts(project).values()) == {False}


def test_an_unreviewed_disagreement_fails_a_strict_project_in_all_four(tmp_path):
    project = project_copy("disputed", tmp_path)
    drop_reviews(project)
    assert set(verdicts(project).values()) == {False}
    assert set(verdicts(project, "--no-strict").values()) == {True}


def test_the_command_line_overrides_the_setting_in_both_builders_alike(tmp_path):
    project = project_copy("minimal", tmp_path)
    assert set(verdicts(project, "--strict").values()) == {False}
    set_strict(project, True)
    assert set(verdicts(project, "--no-strict").values()) == {True}


def test_build_py_says_where_its_strictness_comes_from(tmp_path):
    project = project_copy("minimal", tmp_path)
    set_strict(project, True)
    result = build_py(project, "validate")
    assert result.returncode == 1 and "(strict: true in mkdocs.yml: warnings fail the run)" in result.stderr
    result = build_py(project, "build", "--strict")
    assert result.returncode == 1 and "(--strict: warnings fail the run); nothing was written" in result.stderr


def test_a_strict_setting_that_is_not_true_or_false_is_a_usage_error(tmp_path):
    project = project_copy("minimal", tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("strict: false", "strict: sometimes"))
    result = build_py(project, "build")
    assert result.returncode == 2 and "strict must be true or false, found str" in result.stderr
