"""Exit codes, as documented in docs/guarantees.md, for every kind of failure the command line meets.

0 success, 1 content errors, 2 usage errors (arguments, mkdocs.yml, the
environment), 3 the output could not be written. Never a traceback.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.helpers import ROOT
from tests.hostile.yaml_bombs import BOMB_CONFIG

GUARANTEES = (ROOT / "docs" / "guarantees.md").read_text(encoding="utf-8")


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], capture_output=True, text=True,
                          env=env, timeout=60)


def test_every_exit_code_is_documented():
    guarantees = " ".join(GUARANTEES.split())
    for text in ("0 success", "1 content errors", "2 usage errors", "3 the output could not be written", "130"):
        assert text in guarantees, text
    from dossier import cli
    assert (cli.EXIT_OK, cli.EXIT_CONTENT, cli.EXIT_USAGE, cli.EXIT_IO) == (0, 1, 2, 3)


def test_help_is_success():
    assert run("--help").returncode == 0


@pytest.mark.parametrize("config, words", [
    ("site_name: x\ndocs_dir: nowhere\n", "docs_dir is 'nowhere', but"),
    ("site_name: x\ndocs_dir: [a, b]\n", "docs_dir must be a folder name, found list"),
    ("site_name: x\nsite_dir: {a: b}\n", "site_dir must be a folder name, found dict"),
    (BOMB_CONFIG, "docs_dir must be a folder name, found list"),
    ("site_name: x\ndocs_dir: &a [*a]\n", "docs_dir must be a folder name, found list"),
    ("site_name: [unclosed\n", "cannot read"),
    ("- a list\n", "expected a mapping of settings"),
    ("site_name: !!python/object/apply:os.system ['true']\n", "cannot read"),
])
def test_a_bad_mkdocs_yml_is_a_usage_error(minimal_project, config, words):
    (minimal_project / "mkdocs.yml").write_text(config)
    result = run("--project", str(minimal_project), "build")
    assert result.returncode == 2 and words in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert not (minimal_project / "site").exists()


def test_bad_arguments_are_usage_errors(minimal_project):
    for args in (["frobnicate"], ["build", "--jobs", "many"], ["--project"], []):
        result = run(*args)
        assert result.returncode == 2 and "Traceback" not in result.stderr, args


def test_content_errors_exit_1_and_print_every_one(minimal_project):
    path = minimal_project / "content" / "people" / "ada-varga.yml"
    path.write_text(path.read_text().replace("type: leader-of", "type: leader-off").replace("name: Ada Varga", "nme: X"))
    result = run("--project", str(minimal_project), "build")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.search(r"people/ada-varga.yml:1:1: error: unknown field 'nme'.*Did you mean 'name'", result.stderr)
    assert "people/ada-varga.yml:16:11: error: unknown relation type 'leader-off'" in result.stderr
    assert "nothing was written" in result.stderr
