"""Shared fixtures: a private copy of the minimal fixture dossier, and the golden-file flag."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import MINIMAL, ROOT


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from the current output")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def minimal_project(tmp_path: Path) -> Path:
    """A private copy of the minimal fixture dossier, with an empty templates folder, as `new` makes:
    its pages are drawn by the built-in theme (`tests.helpers.override` puts a file of its own there)."""
    target = tmp_path / "minimal"
    shutil.copytree(MINIMAL / "content", target / "content")
    (target / "templates").mkdir()
    (target / "mkdocs.yml").write_text((MINIMAL / "mkdocs.yml").read_text())
    return target


@pytest.fixture(scope="session")
def seed_site():
    """The repository's own dossier, built in memory once: (files, dossier)."""
    from dossier.build.site import build_files
    from dossier.core.project import load_project
    result = build_files(load_project(ROOT), jobs=1)
    return result.files, result.dossier


@pytest.fixture(scope="session")
def minimal_site():
    """The minimal fixture dossier, built in memory once: (files, dossier)."""
    from dossier.build.site import build_files
    from dossier.core.project import load_project
    result = build_files(load_project(MINIMAL), jobs=1)
    return result.files, result.dossier
