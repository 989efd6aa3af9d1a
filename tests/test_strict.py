"""--strict and the ignore list: warnings fail a strict run and write nothing, unless the
project's mkdocs.yml ignores their code; the same holds under MkDocs' strict mode.

The minimal fixture dossier's only problem is a warning ([check.sources-differ]), and its
mkdocs.yml says `strict: false`, so it builds. tests/test_verdict.py checks that both builders
read that setting alike.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from dossier.core.codes import WARNING_CODES
from tests.test_cli import run, tree
from tests.test_validate import edit

WARNING = "groups/northwind-syndicate.yml:11:5: warning: "


def ignore(project: Path, codes: str) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text()
    assert text.endswith("plugins:\n  - dossier\n")
    config.write_text(text.replace("  - dossier\n", f"  - dossier:\n      ignore: {codes}\n"))


def test_the_fixture_has_a_warning_and_builds_without_strict(minimal_project):
    result = run("--project", str(minimal_project), "validate")
    assert result.returncode == 0
    assert WARNING in result.stderr and "[check.sources-differ]" in result.stderr
    assert "0 error(s), 1 warning(s)" in result.stderr
    assert run("--project", str(minimal_project), "build").returncode == 0


def test_validate_strict_fails_on_a_warning(minimal_project):
    result = run("--project", str(minimal_project), "validate", "--strict")
    assert result.returncode == 1
    assert WARNING in result.stderr and "--strict: warnings fail the run" in result.stderr


def test_build_strict_fails_on_a_warning_and_leaves_the_previous_site_as_it_was(minimal_project):
    assert run("--project", str(minimal_project), "build").returncode == 0
    before = tree(minimal_project / "site")
    edit(minimal_project, "people/ada-varga.yml", "name: Ada Varga", "name: Ada Varga Renamed")
    result = run("--project", str(minimal_project), "build", "--strict", "--bundle")
    assert result.returncode == 1
    assert WARNING in result.stderr
    assert "1 warning(s) (--strict: warnings fail the run); nothing was written" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree(minimal_project / "site") == before
    assert not (minimal_project / "dist").exists()
    assert sorted(p.name for p in minimal_project.iterdir()) == [".dossier-cache", "content", "mkdocs.yml", "site", "templates"]


def test_bundle_strict_fails_on_a_warning_and_leaves_the_previous_bundle_as_it_was(minimal_project):
    assert run("--project", str(minimal_project), "bundle").returncode == 0
    before = tree(minimal_project / "dist")
    edit(minimal_project, "people/ada-varga.yml", "name: Ada Varga", "name: Ada Varga Renamed")
    assert run("--project", str(minimal_project), "bundle", "--strict").returncode == 1
    assert tree(minimal_project / "dist") == before


def test_the_ignore_list_silences_a_warning_code_and_lets_strict_pass(minimal_project):
    ignore(minimal_project, "[check.sources-differ]")
    result = run("--project", str(minimal_project), "validate", "--strict")
    assert result.returncode == 0, result.stderr
    assert "warning:" not in result.stderr and "0 error(s), 0 warning(s)" in result.stderr
    built = run("--project", str(minimal_project), "build", "--strict")
    assert built.returncode == 0, built.stderr
    assert "warning" not in built.stderr
    assert (minimal_project / "site" / "groups" / "northwind-syndicate.html").is_file()


def test_the_ignore_list_silences_only_the_codes_it_names(minimal_project):
    ignore(minimal_project, "[check.unlinked, text.mixed-script]")
    result = run("--project", str(minimal_project), "build", "--strict")
    assert result.returncode == 1
    assert "[check.sources-differ]" in result.stderr


def test_the_ignore_list_does_not_hide_errors(minimal_project):
    ignore(minimal_project, "[check.sources-differ]")
    edit(minimal_project, "people/ada-varga.yml", "type: leader-of", "type: leader-off")
    result = run("--project", str(minimal_project), "validate")
    assert result.returncode == 1 and "[relation.unknown-type]" in result.stderr


@pytest.mark.parametrize(("codes", "message"), [
    ("[check.sources-difer]", "ignore: unknown code 'check.sources-difer'. Did you mean 'check.sources-differ'?"),
    ("[link.broken]", "ignore: 'link.broken' is an error, and errors cannot be ignored; warnings are: "
                      + ", ".join(sorted(WARNING_CODES))),
    ("check.unlinked", "ignore: expected a list of warning codes, such as [check.unlinked]"),
])
def test_a_bad_ignore_list_is_a_usage_error(minimal_project, codes, message):
    ignore(minimal_project, codes)
    for command in ("validate", "build", "bundle"):
        result = run("--project", str(minimal_project), command)
        assert result.returncode == 2
        assert f"mkdocs.yml: plugins: dossier: {message}" in result.stderr
        assert "Traceback" not in result.stderr
    assert not (minimal_project / "site").exists()


def mkdocs_build(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=project, capture_output=True, text=True)


def strict_project(project: Path) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("strict: false", "strict: true"))


def test_mkdocs_strict_mode_fails_on_a_warning_before_touching_site_dir(minimal_project):
    strict_project(minimal_project)
    (minimal_project / "site").mkdir()
    (minimal_project / "site" / "previous.html").write_text("the previous site")
    result = mkdocs_build(minimal_project)
    assert result.returncode == 1
    assert "WARNING" in result.stderr and "[check.sources-differ]" in result.stderr
    assert "1 warning(s) in strict mode" in result.stderr and "Traceback" not in result.stderr
    assert tree(minimal_project / "site") == {"previous.html": b"the previous site"}


def test_mkdocs_accepts_the_ignore_option_and_honours_it(minimal_project):
    strict_project(minimal_project)
    ignore(minimal_project, "[check.sources-differ]")
    result = mkdocs_build(minimal_project)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr and "sources-differ" not in result.stderr
    assert (minimal_project / "site" / "groups" / "northwind-syndicate.html").is_file()


def test_mkdocs_without_strict_logs_the_warning_and_builds(minimal_project):
    assert "strict: false" in (minimal_project / "mkdocs.yml").read_text()
    result = mkdocs_build(minimal_project)
    assert result.returncode == 0, result.stderr
    assert "WARNING" in result.stderr and "[check.sources-differ]" in result.stderr


def test_mkdocs_reports_a_bad_ignore_list_as_a_configuration_error(minimal_project):
    ignore(minimal_project, "[check.sources-difer]")
    result = mkdocs_build(minimal_project)
    assert result.returncode == 1
    assert ("Plugin 'dossier' option 'ignore': unknown code 'check.sources-difer'. "
            "Did you mean 'check.sources-differ'?") in result.stderr
    assert "Traceback" not in result.stderr
