"""Fragments: the built-in small macros made in Python draw every page byte for byte as the macros do,
and a project's own macros file still takes effect (see dossier/render/fragments.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from benchmarks.synthetic import generate
from dossier.build.read import read_dossier
from dossier.build.site import build_files
from dossier.core.project import load_project
from dossier.render import jinja
from dossier.render.jinja import MACROS, make_environment, render_dossier
from dossier.write.outputs import InMemory
from tests.helpers import ROOT, SITES, override
from tests.hostile.dossiers import write_xss_dossier


def pages(project: Path, fragments: bool, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    dossier, _ = read_dossier(project / "content", theme=project / "templates")
    monkeypatch.setattr(jinja, "make_environment", lambda theme: make_environment(theme, fragments))
    return render_dossier(dossier, project / "templates", InMemory(), jobs=1)


def same_pages(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with_macros = pages(project, False, monkeypatch)
    with_fragments = pages(project, True, monkeypatch)
    assert with_macros.keys() == with_fragments.keys()
    differ = [url for url in with_macros if with_macros[url] != with_fragments[url]]
    assert not differ, f"pages drawn differently by the Python fragments: {differ[:5]}"


@pytest.mark.parametrize("site", ["seed", "minimal", "captured", "castor", "disputed", "vallis"])
def test_fragments_draw_what_the_macros_draw(site, monkeypatch):
    same_pages(ROOT if site == "seed" else SITES / site, monkeypatch)


def test_fragments_draw_hostile_text_as_the_macros_do(tmp_path, monkeypatch):
    write_xss_dossier(tmp_path)
    same_pages(tmp_path, monkeypatch)


def test_fragments_draw_a_synthetic_dossier_as_the_macros_do(tmp_path, monkeypatch):
    generate(150, tmp_path / "synthetic")
    same_pages(tmp_path / "synthetic", monkeypatch)


def test_the_built_in_macros_are_made_in_python():
    env = make_environment(ROOT / "templates")
    module = env.get_template(MACROS).module
    assert not hasattr(module.link, "_invoke")  # a function, not a Jinja macro
    assert hasattr(module.quote, "_invoke")  # what has no Python version stays the macro


def test_a_projects_own_macros_file_takes_effect(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "content", project / "content")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    path = override(project, MACROS)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('class="ref ref-{{ l.kind }}"', 'class="ref ref-{{ l.kind }} own-link"')
                        .replace('<sup class="cite">', '<sup class="cite own-mark">'), encoding="utf-8")
    files = build_files(load_project(project), jobs=1).files
    profile = files["people/usman-ghazi.html"].decode()
    assert "own-link" in profile and "own-mark" in profile
    env = make_environment(project / "templates")
    assert hasattr(env.get_template(MACROS).module.link, "_invoke")
