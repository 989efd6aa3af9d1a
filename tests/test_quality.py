"""The code stays easy to pick up: ruff's lint rules hold everywhere, mypy passes on the engine."""

import subprocess
import sys

from tests.helpers import ROOT


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True)


def test_ruff_finds_nothing():
    result = run("ruff", "check", "dossier", "build.py", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_passes_on_the_engine():
    result = run("mypy", "dossier")
    assert result.returncode == 0, result.stdout + result.stderr
