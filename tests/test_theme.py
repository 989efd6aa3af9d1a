"""Theming: a project's templates/ overlays the built-in theme file by file, for build.py and MkDocs alike."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dossier.build.site import build_files
from dossier.core.diagnostics import DossierError
from dossier.core.project import load_project
from dossier.render.theme import Theme, builtin_theme_dir
from dossier.render.themeversions import THEME_VERSION
from tests.helpers import MINIMAL, ROOT, ignore_warnings, override

STYLE = f"/* dossier-theme {THEME_VERSION} */\nbody {{ color: #123456; }}\n"
"""Files written for the current theme say so (see themeversions), as copies of the built-in ones do."""
PERSON = f"{{# dossier-theme {THEME_VERSION} #}}\n" + """\
{% extends "base.html" %}
{% import "macros/profile.html" as pr %}
{% block content %}
<p class="own-person">{{ entity.name }}</p>
{{ pr.profile(entity, page.root) }}
{% endblock %}
"""


def built(project: Path) -> dict[str, bytes]:
    return build_files(load_project(project), jobs=1).files


@pytest.fixture(scope="module")
def builtin_files() -> dict[str, bytes]:
    """The minimal dossier drawn by the built-in theme alone."""
    return built(MINIMAL)


def test_the_built_in_theme_of_a_checkout_is_its_templates_folder():
    assert builtin_theme_dir() == ROOT / "templates"


@pytest.mark.parametrize("templates", ["empty", "missing"])
def test_a_project_with_no_templates_of_its_own_builds_from_the_built_in_theme(minimal_project, builtin_files,
                                                                              templates):
    if templates == "missing":
        shutil.rmtree(minimal_project / "templates")
    assert built(minimal_project) == builtin_files


def test_a_project_overriding_only_the_stylesheet_gets_its_css_and_the_rest_built_in(minimal_project,
                                                                                   builtin_files):
    override(minimal_project, "assets/style.css", STYLE)
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--project", str(minimal_project), "build"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    site = minimal_project / "site"
    assert (site / "assets" / "style.css").read_text() == STYLE
    written = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert sorted(written) == sorted(builtin_files)
    assert [p for p in written if written[p] != builtin_files[p]] == ["assets/style.css"]


def test_an_asset_of_the_project_is_added_beside_the_built_in_ones(minimal_project, builtin_files):
    override(minimal_project, "assets/fonts/serif.woff2", "not really a font")
    override(minimal_project, "assets/.hidden", "left out")
    files = built(minimal_project)
    assert files.pop("assets/fonts/serif.woff2") == b"not really a font"
    assert files == builtin_files


def test_a_project_overriding_only_the_person_template_uses_it_for_people_alone(minimal_project, builtin_files):
    override(minimal_project, "entity/person.html", PERSON)
    files = built(minimal_project)
    people = {p for p in files if p.startswith("people/") and p != "people/index.html"}
    assert people and all(b'<p class="own-person">' in files[p] for p in people)
    assert b'<p class="own-person">Ada Varga</p>' in files["people/ada-varga.html"]
    assert {p for p in files if files[p] != builtin_files[p]} == people
    assert b"own-person" not in files["groups/northwind-syndicate.html"]


def test_a_template_missing_from_both_folders_is_looked_for_once_a_rendering(minimal_project, monkeypatch):
    """Every profile asks first for a template of its kind; one that neither folder holds is looked
    for on disk once by each loader (one rendering), and found by the next once it is written."""
    import jinja2
    looked: list[str] = []
    real = jinja2.FileSystemLoader.get_source

    def counted(self, environment, template):  # noqa: ANN001, ANN202
        looked.append(template)
        return real(self, environment, template)
    monkeypatch.setattr(jinja2.FileSystemLoader, "get_source", counted)
    files = built(minimal_project)
    people = [p for p in files if p.startswith("people/") and p != "people/index.html"]
    assert len(people) > 1 and looked.count("entity/person.html") == 1
    override(minimal_project, "entity/person.html", PERSON)
    assert b"own-person" in built(minimal_project)["people/ada-varga.html"]


def test_an_override_can_extend_the_built_in_version_of_itself(minimal_project, builtin_files):
    override(minimal_project, "base.html", """\
        {% extends "!base.html" %}
        {% block footer %}
        <footer class="own-footer">Ours</footer>
        {% endblock %}
        """)
    files = built(minimal_project)
    page = files["people/ada-varga.html"].decode()
    assert '<footer class="own-footer">Ours</footer>' in page and "colophon" not in page
    assert page.split("<main", 1)[0] == builtin_files["people/ada-varga.html"].decode().split("<main", 1)[0]


def test_a_template_extending_itself_is_an_error_saying_how_to_extend_the_built_in_one(minimal_project):
    override(minimal_project, "base.html", '{% extends "base.html" %}\n')
    with pytest.raises(DossierError) as raised:
        built(minimal_project)
    [diagnostic] = raised.value.diagnostics
    assert str(diagnostic.pos) == "templates/base.html:1"
    assert '{% extends "!base.html" %}' in diagnostic.message


def test_an_undefined_value_in_an_overriding_template_names_the_projects_file_and_line(minimal_project):
    override(minimal_project, "entity/person.html", PERSON.replace("{{ entity.name }}", "{{ entity.name }}{{ oops }}"))
    with pytest.raises(DossierError) as raised:
        built(minimal_project)
    [diagnostic] = raised.value.diagnostics
    assert (str(diagnostic.pos), diagnostic.code) == ("templates/entity/person.html:5", "template.undefined")
    assert diagnostic.message.startswith("'oops' is undefined")


def test_a_syntax_error_in_an_overriding_template_names_the_projects_file_and_line(minimal_project):
    override(minimal_project, "entity/person.html", PERSON.replace("{% endblock %}", "{% endblok %}"))
    with pytest.raises(DossierError) as raised:
        built(minimal_project)
    [diagnostic] = raised.value.diagnostics
    assert (str(diagnostic.pos), diagnostic.code) == ("templates/entity/person.html:7", "template.syntax")


def test_an_error_met_in_a_built_in_template_names_the_built_in_file(minimal_project):
    """An override of a macro file that drops a macro the built-in profile uses, marked as written for
    this theme (so the upgrade check leaves it alone): the error is met in the built-in template,
    which the project does not hold, so its full path is given."""
    override(minimal_project, "macros/profile.html",
             f"{{# dossier-theme {THEME_VERSION} #}}\n{{% macro other() %}}{{% endmacro %}}\n")
    with pytest.raises(DossierError) as raised:
        built(minimal_project)
    places = [str(d.pos) for d in raised.value.diagnostics if d.severity == "error"]
    assert places and all(re.fullmatch(rf"{re.escape(str(ROOT / 'templates'))}/[\w/]+\.html:\d+", p) for p in places)


def test_a_project_file_maps_to_its_place_under_templates(tmp_path):
    theme = Theme.of(tmp_path)
    assert theme.folders == [tmp_path.resolve(), ROOT / "templates"]
    assert theme.place(str(tmp_path / "entity" / "person.html")) == "templates/entity/person.html"
    assert Theme.of(ROOT / "templates").folders == [ROOT / "templates"]


def test_mkdocs_uses_the_same_overlay(minimal_project, tmp_path):
    override(minimal_project, "assets/style.css", STYLE)
    override(minimal_project, "entity/person.html", PERSON)
    ignore_warnings(minimal_project, "check.sources-differ")  # strict: true, and this warning is meant
    out = tmp_path / "mkdocs-site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)],
                            cwd=minimal_project, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    expected = built(minimal_project)
    written = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*")
               if p.is_file() and not p.name.startswith("sitemap.xml")}  # MkDocs' own addition
    assert written == expected
    assert written["assets/style.css"].decode() == STYLE
    assert b'<p class="own-person">Ada Varga</p>' in written["people/ada-varga.html"]


def test_every_block_of_base_html_and_every_built_in_file_is_documented():
    guide = (ROOT / "docs" / "theming.md").read_text()
    blocks = re.findall(r"{%-?\s*block\s+(\w+)", (ROOT / "templates" / "base.html").read_text())
    assert {"head", "title", "header", "nav", "content", "footer"} <= set(blocks)
    assert [b for b in blocks if f"| `{b}` |" not in guide] == []
    files = [p.relative_to(ROOT / "templates").as_posix() for p in (ROOT / "templates").rglob("*") if p.is_file()]
    assert [f for f in files if f"`{f}`" not in guide] == []


def test_a_new_projects_readme_lists_every_built_in_file(tmp_path):
    from dossier.scaffold import create_project
    create_project(tmp_path / "x")
    readme = (tmp_path / "x" / "templates" / "README.md").read_text()
    files = [p.relative_to(ROOT / "templates").as_posix() for p in (ROOT / "templates").rglob("*") if p.is_file()]
    assert files and all(f"    {f}\n" in readme for f in files)
