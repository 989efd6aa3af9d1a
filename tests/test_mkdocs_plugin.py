"""The MkDocs path keeps build.py's promise: a failed `mkdocs build` leaves the previous site/
as it was (content errors, broken links, strict-mode warnings), and a good one replaces it whole."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ignore_warnings, override
from tests.test_serve import site_files


def mkdocs_build(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project,
                          capture_output=True, text=True)


@pytest.fixture
def built(minimal_project: Path) -> dict[str, bytes]:
    ignore_warnings(minimal_project, "check.sources-differ")  # the minimal dossier's one warning is meant
    result = mkdocs_build(minimal_project)
    assert result.returncode == 0, result.stderr
    return site_files(minimal_project / "site")


def test_a_good_build_publishes_the_whole_site_and_leaves_no_staging_folder(minimal_project: Path, built):
    assert "index.html" in built and "people/ada-varga.html" in built
    assert [p.name for p in minimal_project.iterdir() if p.name.startswith(".dossier-tmp")] == []


def test_a_content_error_leaves_the_previous_site(minimal_project: Path, built):
    note = minimal_project / "content/groups/northwind-syndicate.md"
    note.write_text("Links to [[Nobody At All]].\n")
    result = mkdocs_build(minimal_project)
    assert result.returncode == 1 and "Nobody At All" in result.stderr
    assert site_files(minimal_project / "site") == built


def test_a_broken_link_in_a_template_publishes_nothing(minimal_project: Path, built):
    template = override(minimal_project, "404.html")
    template.write_text(template.read_text().replace("{% endblock %}", '<a href="nowhere.html">x</a>{% endblock %}', 1))
    result = mkdocs_build(minimal_project)
    assert result.returncode == 1 and "nowhere.html" in result.stderr
    assert site_files(minimal_project / "site") == built


def test_a_strict_mode_warning_of_mkdocs_publishes_nothing(minimal_project: Path, built):
    config = minimal_project / "mkdocs.yml"
    config.write_text(config.read_text() + "nav:\n  - Missing: missing.md\n")
    result = mkdocs_build(minimal_project)
    assert result.returncode == 1 and "missing.md" in result.stderr
    assert site_files(minimal_project / "site") == built


def test_mkdocs_builds_the_archived_copies_as_build_py_does_and_reads_the_publish_limit(tmp_path: Path):
    import shutil

    from dossier.build.site import build_files
    from dossier.core.project import load_project
    from tests.helpers import CAPTURED, ROOT
    project = tmp_path / "captured"
    for folder in ("content", "archive"):
        shutil.copytree(CAPTURED / folder, project / folder)
    config = (CAPTURED / "mkdocs.yml").read_text().replace("../../../templates", str(ROOT / "templates"))
    (project / "mkdocs.yml").write_text(config)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    def mkdocs_site() -> dict[str, bytes]:  # MkDocs adds its sitemap of its own
        return {k: v for k, v in site_files(project / "site").items() if not k.startswith("sitemap.xml")}

    built = mkdocs_site()
    assert built == build_files(load_project(project), jobs=1).files
    assert "archive/greywater-ruling/greywater-ruling.pdf" in built
    (project / "mkdocs.yml").write_text(config.replace("  - dossier\n", "  - dossier:\n      archive_publish_max: 0\n"))
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    built = mkdocs_site()
    assert not any(path.startswith("archive/") for path in built)
    assert "not published here" in built["sources/greywater-ruling.html"].decode()
    assert built == build_files(load_project(project), jobs=1).files
