"""A profile's relationship map is made only when a template reads it (the built-in theme no longer shows
it), and a page that shows it records what making it read, whatever was drawn before it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dossier.build.site import build_files
from dossier.core.model import EntityId
from dossier.core.project import load_project
from dossier.core.reads import recording
from dossier.drawing.relmap import relation_map
from dossier.render import views as views_module
from dossier.render.jinja import make_environment, render_page, site_info
from dossier.render.pages import make_page
from dossier.render.viewdata import Deferred, View
from dossier.render.views import ViewBuilder
from tests.helpers import ROOT, override

PERSON = "usman-ghazi"


@pytest.fixture(scope="module")
def seed():
    return build_files(load_project(ROOT), jobs=1).dossier


def test_the_built_in_profile_does_not_make_the_map(seed, monkeypatch):
    def refused(*args):
        raise AssertionError("the relationship map was made")

    monkeypatch.setattr(views_module, "relation_map", refused)
    env = make_environment(ROOT / "templates")
    html = render_page(env, make_page(seed, ViewBuilder(seed), ("profile", PERSON)), site_info(seed.settings))
    assert "Relationship map" not in html


@pytest.fixture
def map_project(tmp_path) -> Path:
    """The seed, its profiles drawn by a template of the project's that still shows the relationship map."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "content", project / "content")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    path = override(project, "entity/_default.html")
    path.write_text(path.read_text(encoding="utf-8").replace(
        "{{ pr.profile(e, root) }}", '{% import "macros/drawings.html" as dr %}{{ dr.relation_map(e) }}'
                                     "{{ pr.profile(e, root) }}"), encoding="utf-8")
    return project


def test_a_projects_template_still_shows_the_map(map_project, seed):
    html = build_files(load_project(map_project), jobs=1).files[f"people/{PERSON}.html"].decode()
    drawn = relation_map(seed, EntityId(PERSON))
    assert drawn is not None
    assert "Relationship map." in html and str(drawn.svg) in html


def test_a_page_showing_the_map_records_its_reads_whatever_was_drawn_before(map_project, seed):
    env = make_environment(map_project / "templates")
    key = ("profile", PERSON)

    def reads(views: ViewBuilder) -> set:
        with recording() as found:
            render_page(env, make_page(seed, views, key), site_info(seed.settings))
        return found

    with recording() as map_reads:
        relation_map(seed, EntityId(PERSON))
    warm = ViewBuilder(seed)
    first = reads(warm)
    assert map_reads <= first
    assert reads(warm) == first == reads(ViewBuilder(seed))


def test_a_deferred_part_notes_its_reads_at_every_read(seed):
    made = []
    view = View({"name": "x"}, {"drawn": Deferred(lambda: made.append(seed.entities[EntityId(PERSON)]) or "drawing")})
    assert "drawn" not in view and view["name"] == "x"
    for _ in range(2):
        with recording() as found:
            assert view["drawn"] == "drawing"
        assert found == {("entities", PERSON)}
    assert len(made) == 1
    with pytest.raises(KeyError):
        view["missing"]
