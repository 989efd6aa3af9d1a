"""The command line: exit codes, clear errors without tracebacks, atomic output, scaffolding."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.helpers import ROOT, override
from tests.test_validate import edit

BUILD = str(ROOT / "build.py")


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, BUILD, *args], cwd=cwd, capture_output=True, text=True)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_succeeds_with_exit_code_0(minimal_project):
    result = run("--project", str(minimal_project), "build")
    assert result.returncode == 0, result.stderr
    assert (minimal_project / "site" / "people" / "ada-varga.html").is_file()


def test_the_common_options_go_before_or_after_the_command(minimal_project, tmp_path):
    after = run("build", "--bundle", "--project", str(minimal_project), cwd=tmp_path)
    assert after.returncode == 0, after.stderr
    assert (minimal_project / "site" / "index.html").is_file() and (minimal_project / "dist").is_dir()
    assert run("validate", "--project", str(minimal_project), cwd=tmp_path).returncode == 0
    both = run("--project", str(tmp_path / "nowhere"), "validate", "--project", str(minimal_project), cwd=tmp_path)
    assert both.returncode == 0, "the option nearest the command wins"
    before = run("--project", str(minimal_project), "validate", cwd=tmp_path)
    assert before.returncode == 0, "an option before the command is not hidden by its absence after"


def test_content_errors_exit_1_with_file_and_line_and_no_traceback(minimal_project):
    edit(minimal_project, "people/ada-varga.yml", "type: leader-of", "type: leader-off")
    result = run("--project", str(minimal_project), "validate")
    assert result.returncode == 1
    assert "people/ada-varga.yml:16:11: error: unknown relation type 'leader-off'" in result.stderr
    assert "Traceback" not in result.stderr


def test_usage_errors_exit_2(tmp_path):
    assert run("frobnicate").returncode == 2
    missing = run("--project", str(tmp_path / "nowhere"), "build")
    assert missing.returncode == 2 and "mkdocs.yml" in missing.stderr and "Traceback" not in missing.stderr


def test_a_failed_build_leaves_the_previous_site_as_it_was(minimal_project):
    assert run("--project", str(minimal_project), "build").returncode == 0
    before = tree(minimal_project / "site")
    edit(minimal_project, "people/ada-varga.yml", "name: Ada Varga", "name: Ada Varga Renamed")
    edit(minimal_project, "people/ada-varga.yml", "target: northwind-syndicate", "target: nobody")
    assert run("--project", str(minimal_project), "build").returncode == 1
    assert tree(minimal_project / "site") == before


def test_two_builds_are_byte_identical_bundle_included(minimal_project, tmp_path):
    assert run("--project", str(minimal_project), "build", "--bundle").returncode == 0
    first = tree(minimal_project / "site"), (minimal_project / "dist" / "dossier-offline.zip").read_bytes()
    assert run("--project", str(minimal_project), "build", "--bundle").returncode == 0
    second = tree(minimal_project / "site"), (minimal_project / "dist" / "dossier-offline.zip").read_bytes()
    assert first == second


def test_new_scaffolds_a_dossier_that_builds_as_it_is(tmp_path):
    target = tmp_path / "fresh"
    assert run("new", str(target)).returncode == 0
    result = run("--project", str(target), "build")
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr
    assert {"index.html", "chronology.html", "groups/example-group.html"} <= set(tree(target / "site"))
    assert list(tree(target / "templates")) == ["README.md"]  # the built-in theme drew every page
    assert run("new", str(target)).returncode == 2


def test_a_broken_link_in_a_template_fails_the_build_and_leaves_the_site_as_it_was(minimal_project):
    """Pages are written as they are rendered; the link check still comes before anything is published."""
    assert run("--project", str(minimal_project), "build").returncode == 0
    before = tree(minimal_project / "site")
    template = override(minimal_project, "404.html")
    template.write_text(template.read_text().replace("{% endblock %}", '<a href="missing.html">x</a>{% endblock %}', 1))
    result = run("--project", str(minimal_project), "build")
    assert result.returncode == 1 and "site/404.html: error: broken link 'missing.html': no such file" in result.stderr
    assert tree(minimal_project / "site") == before
    assert not [p for p in minimal_project.iterdir() if p.name.startswith(".dossier-tmp-")]


def test_the_bundle_is_the_site_plus_a_readme_and_bundle_alone_leaves_the_site_alone(minimal_project):
    assert run("--project", str(minimal_project), "build", "--bundle").returncode == 0
    site, bundled = tree(minimal_project / "site"), tree(minimal_project / "dist" / "dossier-offline")
    assert bundled.pop("README.txt").startswith(b"Offline dossier") and bundled == site
    archive = (minimal_project / "dist" / "dossier-offline.zip").read_bytes()
    edit(minimal_project, "people/ada-varga.yml", "name: Ada Varga", "name: Ada Varga Renamed")
    result = run("--project", str(minimal_project), "bundle")
    assert result.returncode == 0, result.stderr
    assert tree(minimal_project / "site") == site
    assert b"Ada Varga Renamed" in (minimal_project / "dist" / "dossier-offline" / "people" / "ada-varga.html").read_bytes()
    assert (minimal_project / "dist" / "dossier-offline.zip").read_bytes() != archive


def test_the_site_written_page_by_page_is_the_site_rendered_in_memory(minimal_project):
    from dossier.build.site import build_files
    from dossier.core.project import load_project
    for jobs in ("1", "2"):
        assert run("--project", str(minimal_project), "build", "--jobs", jobs).returncode == 0
        assert tree(minimal_project / "site") == build_files(load_project(minimal_project)).files


def test_a_template_error_in_a_render_worker_names_the_template_by_its_path(minimal_project):
    template = override(minimal_project, "entity/_default.html")
    template.write_text(template.read_text().replace("{{ pr.profile(e, root) }}", "{{ pr.profile(e, root) }}{{ oops }}"))
    result = run("--project", str(minimal_project), "build", "--jobs", "2")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "templates/entity/_default.html:8: error: 'oops' is undefined" in result.stderr
    assert not (minimal_project / "site").exists()
