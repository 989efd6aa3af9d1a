"""Themes that upgrade: the built-in theme has a version, every template can read it, and a project's
templates written for an earlier version get errors and warnings that say what changed and where the
docs explain the upgrade, before any page is drawn; never a Python traceback.

tests/themes/theme-1/ is the built-in theme as it was when projects first held copies of it (the
repository's templates/ at the commit that introduced the overlay), every file as it was.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dossier.build.read import read_dossier
from dossier.build.site import build_files
from dossier.core.diagnostics import Diagnostic
from dossier.core.project import load_project
from dossier.render.themeversions import CHANGES, THEME_VERSION, declared_version, upgrade_section
from tests.helpers import ROOT, build_py, ignore_warnings

THEME_1 = Path(__file__).resolve().parent / "themes" / "theme-1"
THEMING = (ROOT / "docs" / "theming.md").read_text()


@pytest.fixture
def seed_project(tmp_path: Path) -> Path:
    """A copy of the repository's dossier with no templates of its own."""
    project = tmp_path / "seed"
    shutil.copytree(ROOT / "content", project / "content")
    (project / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text())
    return project


def with_theme_files(project: Path, source: Path, *files: str) -> Path:
    """The project with a copy of `files` of the theme at `source` (all of them if none given) as its own."""
    names = files or [p.relative_to(source).as_posix() for p in sorted(source.rglob("*")) if p.is_file()]
    for name in names:
        target = project / "templates" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / name, target)
    return project


def theme_diagnostics(project: Path) -> list[Diagnostic]:
    """What validation says of the project's templates (the content itself is clean)."""
    loaded = load_project(project)
    _, diagnostics = read_dossier(loaded.content_dir, theme=loaded.templates_dir)
    return [d for d in diagnostics.items if d.pos.path.startswith("templates/")]


def places(found: list[Diagnostic]) -> set[tuple[str, str, str]]:
    return {(str(d.pos), d.severity, d.code) for d in found}


THEME_1_FILES = sorted(p.relative_to(THEME_1).as_posix() for p in THEME_1.rglob("*") if p.is_file())
UPGRADE = upgrade_section(2)

EXPECTED_ALONE: dict[str, set[tuple[str, str, str]]] = {
    "404.html": set(),
    "base.html": {("templates/base.html:9", "warning", "theme.outdated")},
    "list.html": set(),
    "print.html": set(),
    "assets/search.js": {("templates/assets/search.js:1", "error", "theme.incompatible")},
    "assets/style.css": {("templates/assets/style.css:1", "warning", "theme.outdated")},
    "chronology.html": {("templates/chronology.html:10", "warning", "theme.outdated")},
    "entity/_default.html": {("templates/entity/_default.html:5", "warning", "theme.outdated")},
    "home.html": {("templates/home.html:10", "warning", "theme.outdated")},
    "source.html": {("templates/source.html:19", "error", "theme.incompatible")},
    "macros/profile.html": {("templates/macros/profile.html:7", "warning", "theme.outdated"),
                            ("templates/macros/profile.html:24", "warning", "theme.outdated"),
                            ("templates/macros/profile.html:38", "error", "theme.incompatible")},
    "macros/dossier.html": {("templates/macros/dossier.html:1", "error", "theme.incompatible"),
                            ("templates/macros/dossier.html:20", "error", "theme.incompatible"),
                            ("templates/macros/dossier.html:38", "error", "theme.incompatible"),
                            ("templates/macros/dossier.html:69", "error", "theme.incompatible")},
}
"""What each file of theme 1, alone in a project, gets: the place, severity and code of each report."""


def test_the_fixture_is_a_whole_earlier_theme():
    assert THEME_1_FILES == sorted(EXPECTED_ALONE)
    assert all(declared_version(p.read_text()) is None for p in THEME_1.rglob("*") if p.is_file())


def test_every_built_in_file_says_it_was_written_for_the_current_theme():
    builtin = ROOT / "templates"
    for path in builtin.rglob("*"):
        if path.is_file():
            assert declared_version(path.read_text()) == THEME_VERSION, path


def test_every_template_can_read_the_theme_version(minimal_project):
    (minimal_project / "templates" / "404.html").write_text(
        '{% extends "!404.html" %}{% block content %}<p id="v">theme {{ theme_version }}</p>{% endblock %}\n')
    files = build_files(load_project(minimal_project)).files
    assert f'<p id="v">theme {THEME_VERSION}</p>'.encode() in files["404.html"]


def test_a_full_copy_of_theme_1_fails_with_every_reason_and_no_traceback(seed_project):
    with_theme_files(seed_project, THEME_1)
    result = build_py(seed_project, "build")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert not (seed_project / "site").exists()
    reported = [line for line in result.stderr.splitlines() if line.startswith("templates/")]
    expected = {place for place, _, code in set().union(*EXPECTED_ALONE.values())
                if not place.startswith("templates/macros/dossier.html")}  # its callers are theme 1's too
    assert {line.split(": ")[0] for line in reported} == expected
    for line in reported:
        assert UPGRADE in line and "written for theme 1" in line
    source = next(line for line in reported if line.startswith("templates/source.html"))
    assert "`source.paragraphs` has a new shape" in source and "`sentences`" in source


def test_the_upgrade_section_the_messages_name_is_in_the_docs():
    anchor = UPGRADE.split("#")[1]
    headings = [re.sub(r"[^\w\- ]", "", h).strip().lower().replace(" ", "-")
                for h in re.findall(r"^#+ (.+)$", THEMING, re.M)]
    assert anchor in headings and "upgrading-overrides" in headings
    for change in CHANGES:
        assert change.subject in THEMING, change.subject


@pytest.mark.parametrize("name", THEME_1_FILES)
def test_each_file_of_theme_1_alone_gets_its_reasons_before_any_page_is_drawn(seed_project, name):
    """A partial copy: one old file among the built-in ones. What breaks is reported at the file,
    never as a template error met while drawing, a broken link or a traceback; what is only
    missing is a warning, and the site builds."""
    with_theme_files(seed_project, THEME_1, name)
    found = theme_diagnostics(seed_project)
    assert places(found) == EXPECTED_ALONE[name]
    assert all(UPGRADE in d.message for d in found)
    if any(d.severity == "error" for d in found):
        return
    files = build_files(load_project(seed_project)).files  # raises on any error, link.broken included
    assert "index.html" in files


def test_an_old_macro_file_names_what_the_built_in_templates_pass(seed_project):
    with_theme_files(seed_project, THEME_1, "macros/dossier.html")
    found: dict[str, str] = {}
    for d in theme_diagnostics(seed_project):
        found[str(d.pos)] = found.get(str(d.pos), "") + d.message + "\n"
    marks = found["templates/macros/dossier.html:20"]
    assert "the macro `marks` is `marks(ms, root, prefix=\"\", ids=true)`" in marks
    assert "passes `ids`" in marks and "the built-in macros/profile.html:" in marks
    missing = found["templates/macros/dossier.html:1"]  # the macros theme 2 added, each named with its form
    assert "`grade(g, root)`" in missing and "`qualifiers(q, root)`" in missing


def test_an_old_file_marked_as_upgraded_is_left_to_rendering_which_names_the_place(seed_project):
    """Marked as written for this theme, the file is believed: the check says nothing, and the error met
    while drawing (here a macro called with an argument it does not take) names the template and line."""
    with_theme_files(seed_project, THEME_1, "macros/dossier.html")
    old = seed_project / "templates" / "macros" / "dossier.html"
    old.write_text(f"{{# dossier-theme {THEME_VERSION} #}}\n" + old.read_text()
                   + "{% macro grade(g, root) %}{% endmacro %}{% macro qualifiers(q, root) %}{% endmacro %}"
                   + '{% macro disputes(ds, root, prefix="") %}{% endmacro %}\n')
    assert theme_diagnostics(seed_project) == []
    result = build_py(seed_project, "build")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.search(r"templates/macros/profile\.html:\d+: error: macro '\w+' takes "
                     r"(not more than \d argument|no keyword argument)", result.stderr)
    assert "[template.error]" in result.stderr


def test_an_old_profile_is_told_of_the_network_drawing_that_replaced_the_tree(seed_project):
    with_theme_files(seed_project, THEME_1, "macros/profile.html")
    [network] = [d for d in theme_diagnostics(seed_project) if "`entity.network`" in d.message]
    assert (str(network.pos), network.code) == ("templates/macros/profile.html:7", "theme.outdated")
    assert "dr.profile_network(e, prefix)" in network.message


def test_an_old_home_page_is_told_of_the_groups_over_time_and_the_network(seed_project):
    with_theme_files(seed_project, THEME_1, "home.html")
    messages = " ".join(d.message for d in theme_diagnostics(seed_project))
    assert "`groups-over-time.html`, which was `map.html`" in messages and "`network.html`" in messages


@pytest.mark.parametrize("marked", [None, THEME_VERSION])
def test_a_file_under_a_name_the_theme_no_longer_reads_is_reported_whatever_it_says(seed_project, marked):
    """`map.html` became `groups-over-time.html`: a project's `map.html` would be left out silently, even one
    marked as written for this theme (the name changed within it), so it is reported, and the site builds."""
    (seed_project / "templates").mkdir()
    head = f"{{# dossier-theme {marked} #}}\n" if marked else ""
    (seed_project / "templates" / "map.html").write_text(head + '{% extends "base.html" %}\n')
    [found] = theme_diagnostics(seed_project)
    assert (str(found.pos), found.severity, found.code) == ("templates/map.html:1", "warning", "theme.outdated")
    assert "never read" in found.message and "`groups-over-time.html`" in found.message and UPGRADE in found.message
    assert "groups-over-time.html" in build_files(load_project(seed_project)).files


def test_a_file_written_for_a_later_theme_is_refused(seed_project):
    (seed_project / "templates").mkdir()
    (seed_project / "templates" / "404.html").write_text(f"{{# dossier-theme {THEME_VERSION + 1} #}}\n")
    [found] = theme_diagnostics(seed_project)
    assert (str(found.pos), found.code) == ("templates/404.html:1", "theme.incompatible")
    assert f"written for theme {THEME_VERSION + 1}" in found.message and "upgrade dossier" in found.message


def test_a_full_copy_of_the_current_theme_draws_the_same_site(seed_project, seed_site):
    with_theme_files(seed_project, ROOT / "templates")
    assert theme_diagnostics(seed_project) == []
    assert build_files(load_project(seed_project)).files == seed_site[0]


def test_an_unmarked_override_that_uses_nothing_changed_gets_nothing(seed_project):
    (seed_project / "templates").mkdir()
    (seed_project / "templates" / "base.html").write_text(
        '{% extends "!base.html" %}{% block footer %}<footer>Ours.</footer>{% endblock %}\n')
    assert theme_diagnostics(seed_project) == []


def test_the_check_reports_in_mkdocs_too(seed_project):
    with_theme_files(seed_project, THEME_1, "source.html")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=seed_project,
                            capture_output=True, text=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "templates/source.html:19: error: no `dossier-theme` line, so written for theme 1" in result.stderr


@pytest.mark.parametrize("builder", ["build.py", "mkdocs"])
def test_a_project_without_templates_builds_with_the_built_in_theme_in_both_builders(minimal_project, builder):
    shutil.rmtree(minimal_project / "templates")
    ignore_warnings(minimal_project, "check.sources-differ")  # mkdocs.yml is strict, and this warning is meant
    if builder == "build.py":
        result = build_py(minimal_project, "build")
    else:
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=minimal_project,
                                capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (minimal_project / "site" / "index.html").is_file()


@pytest.mark.parametrize("builder", ["build.py", "mkdocs"])
def test_a_named_templates_folder_that_is_missing_is_refused_by_both_builders(minimal_project, builder):
    config = minimal_project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  name: dossier\n", "  name: dossier\n  custom_dir: ours\n"))
    if builder == "build.py":
        result = build_py(minimal_project, "build")
        assert result.returncode == 2 and "theme.custom_dir is 'ours'" in result.stderr
    else:
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=minimal_project,
                                capture_output=True, text=True)
        assert result.returncode == 1 and "custom_dir" in result.stderr
    assert not (minimal_project / "site").exists()

