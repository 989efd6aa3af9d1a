"""Pytest fixtures for the browser tests, built on tests.browser.harness.

One Chromium serves the whole session (starting it costs about a second);
each open_page call gets its own context, closed after the test. The offline
bundle of the repository's real dossier is built once per session, by the
command line, from a copy of content/, templates/ and mkdocs.yml, then unzipped
into another folder: the tests open that moved copy, as a reader would.
"""

import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from dossier.core.project import BUNDLE_NAME
from tests.browser import harness


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = harness.launch_browser(playwright)
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser):
    """open_page(url) -> harness.Visit (page plus what it requested/raised)."""
    visits = []

    def _open(url, **context_options):
        visit = harness.open_page(browser, url, **context_options)
        visits.append(visit)
        return visit

    yield _open
    for visit in visits:
        visit.page.context.close()


@dataclass(frozen=True)
class Bundle:
    """The bundle as built (dist/ of a scratch project) and the moved copy the tests open."""

    project: Path
    folder: Path
    archive: Path
    moved: Path

    def url(self, rel: str = "index.html") -> str:
        """file:// URL of a file of the moved copy (fragment kept)."""
        path, hash_, fragment = rel.partition("#")
        return (self.moved / path).as_uri() + hash_ + fragment

    def files(self) -> dict[str, bytes]:
        """Every file of the moved copy, path -> bytes."""
        return {p.relative_to(self.moved).as_posix(): p.read_bytes()
                for p in sorted(self.moved.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def bundle(tmp_path_factory) -> Bundle:
    project = tmp_path_factory.mktemp("project")
    for folder in ("content", "templates"):
        shutil.copytree(harness.ROOT / folder, project / folder)
    shutil.copy2(harness.ROOT / "mkdocs.yml", project / "mkdocs.yml")
    result = subprocess.run([sys.executable, str(harness.ROOT / "build.py"), "--project", str(project), "bundle"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    folder, archive = project / "dist" / BUNDLE_NAME, project / "dist" / f"{BUNDLE_NAME}.zip"
    # Elsewhere, under a name with a space and a non-ASCII letter, as a reader's download folder might be.
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "Téléchargements du lecteur"
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(elsewhere)
    return Bundle(project, folder, archive, elsewhere / BUNDLE_NAME)


@pytest.fixture(scope="session")
def castor_site(tmp_path_factory) -> Path:
    """The built site of tests/sites/castor, whose source has a long `url`, for what the seed lacks."""
    project = tmp_path_factory.mktemp("castor")
    shutil.copytree(harness.ROOT / "tests" / "sites" / "castor" / "content", project / "content")
    (project / "mkdocs.yml").write_text("site_name: The Castor Holdings affair\ndocs_dir: content\nsite_dir: site\n"
                                        "use_directory_urls: false\nstrict: true\n", encoding="utf-8")
    result = subprocess.run([sys.executable, str(harness.ROOT / "build.py"), "--project", str(project), "build"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return project / "site"
