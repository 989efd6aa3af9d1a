"""Fragments: the built-in small macros made in Python draw every page byte for byte as the macros do,
and a project's own macros file still takes effect (see dossier/render/fragments.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2
import pytest
from markupsafe import Markup

from benchmarks.synthetic import generate
from dossier.build.read import read_dossier
from dossier.build.site import build_files
from dossier.core.project import load_project
from dossier.drawing.lanes import ProfileTimeline
from dossier.drawing.network import Network
from dossier.render import jinja
from dossier.render.jinja import DRAWINGS, MACROS, PROFILE, SOURCE, make_environment, render_dossier
from dossier.render.viewdata import View
from dossier.render.views import ViewBuilder
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
    drawings = env.get_template(DRAWINGS).module
    assert not hasattr(drawings.profile_network, "_invoke") and not hasattr(drawings.fold, "_invoke")
    assert hasattr(drawings.chronology_timeline, "_invoke")
    profile = env.get_template(PROFILE).module
    assert not hasattr(profile.profile, "_invoke") and not hasattr(profile.relations, "_invoke")
    assert hasattr(profile.quotes, "_invoke")
    assert not hasattr(env.get_template(SOURCE).module.text, "_invoke")


def drawn(fragments: bool, template: str, **values: object) -> str:
    """A template importing the built-in drawings' macros, drawn with `values`."""
    env = make_environment(ROOT / "templates", fragments)
    return env.from_string('{% import "macros/drawings.html" as dr %}' + template).render(**values)


NETWORK = Network(Markup('<svg class="net"></svg>'), 3, 2, 0, (("alliance", "Alliances & <splits>"),
                                                               ("family", "Family")), False, ("c.", "?"))
TIMELINE = ProfileTimeline(Markup("<svg></svg>"), "1990s to 2010s, in decades", 0, ("est.", "B2"), False)


@pytest.mark.parametrize("network", [NETWORK, Network(NETWORK.svg, 3, 2, 1, NETWORK.families, True, ()),
                                     Network(NETWORK.svg, 9, 8, 5, (), False, ("per", "disputed", "ed.")), None])
@pytest.mark.parametrize("timeline", [TIMELINE, ProfileTimeline(TIMELINE.svg, "2001", 1, (), True),
                                      ProfileTimeline(TIMELINE.svg, "a <scale> & more", 4, ("c.",), False), None])
@pytest.mark.parametrize("events", [(), ("an event",)])
def test_drawing_fragments_draw_what_the_macros_draw(network, timeline, events):
    view = View({"name": 'Ali "the <Hand>" & co', "network": network, "timeline_drawing": timeline,
                 "timeline": events}, {})
    template = ('{{ dr.profile_network(e, "p-") }}|{{ dr.profile_timeline(e) }}|{{ dr.swatch("<f>") }}|'
                '{{ dr.uncertainty_legend(periods=false, marks=("?", "B2"), breaks=true) }}|'
                '{% call dr.fold("Citations <3>") %}<ol></ol>{% endcall %}'
                '{% if n %}|{{ dr.network_legend(n) }}{% endif %}')
    assert drawn(True, template, e=view, n=network) == drawn(False, template, e=view, n=network)


def test_drawing_fragments_give_what_they_do_not_know_to_the_macros():
    """Values a project's templates might pass (a mapping of its own, a list of marks) are drawn by the
    macros; a value a view lacks is the macro's error, not an empty drawing."""
    template = ('{{ dr.profile_network(e) }}|{{ dr.profile_timeline(e) }}|{{ dr.marks_legend(["c.", "per"]) }}|'
                '{{ dr.network_legend(n) }}')
    values = {"e": {"name": "A", "network": {"svg": "<svg/>", "more": 0, "families": [], "breaks": False, "marks": []},
                    "timeline_drawing": None, "timeline": ()},
              "n": {"families": [["x", "X"]], "breaks": True, "marks": ["c."]}}
    assert drawn(True, template, **values) == drawn(False, template, **values)
    with pytest.raises(jinja2.UndefinedError):
        drawn(True, "{{ dr.profile_network(e) }}", e=View({"name": "A"}, {}))


def test_a_projects_own_drawings_file_takes_effect(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "content", project / "content")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    path = override(project, DRAWINGS)
    path.write_text(path.read_text(encoding="utf-8").replace('<details class="fold">', '<details class="fold own-fold">'),
                    encoding="utf-8")
    files = build_files(load_project(project), jobs=1).files
    assert "own-fold" in files["people/usman-ghazi.html"].decode()
    assert hasattr(make_environment(project / "templates").get_template(DRAWINGS).module.fold, "_invoke")


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


def profile_drawn(fragments: bool, template: str, **values: object) -> str:
    """A template importing the built-in profile's macros, drawn with `values`."""
    env = make_environment(ROOT / "templates", fragments)
    return env.from_string('{% import "macros/profile.html" as pr %}' + template).render(**values)


def test_profile_fragments_give_what_they_do_not_know_to_the_macros():
    """A profile the views did not make (a project's own mapping), or arguments the macros would refuse, are
    the macros' to draw: the same markup, or the same error."""
    dossier, _ = read_dossier(ROOT / "content", theme=ROOT / "templates")
    view = ViewBuilder(dossier).entity("usman-ghazi")
    own = dict(view, timeline=[], mentions=[], relation_rows=[], rows=[], network=None, timeline_drawing=None)
    for template in ('{{ pr.profile(e, "../") }}', '{{ pr.relations(e, "../", "x-", 2) }}',
                     '{{ pr.infobox(e, root="../", prefix="") }}', '{{ pr.timeline(e, "", "", 3) }}',
                     '{{ pr.head(e, "", "", 2) }}{{ pr.summary(e, "", "") }}{{ pr.mentioned_in(e, "", "", 2) }}'):
        for e in (view, own):
            assert profile_drawn(True, template, e=e) == profile_drawn(False, template, e=e)
    with pytest.raises(jinja2.UndefinedError):  # a prefix asks for the view's anchor, which only the print view has
        profile_drawn(True, '{{ pr.profile(e, "", "p-") }}', e=view)
    with pytest.raises(TypeError):
        profile_drawn(True, '{{ pr.relations(e, "", "", 2, 3) }}', e=view)


def test_a_projects_own_profile_file_takes_effect(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "content", project / "content")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    path = override(project, PROFILE)
    path.write_text(path.read_text(encoding="utf-8").replace('<ul class="relations">', '<ul class="relations own"> '),
                    encoding="utf-8")
    files = build_files(load_project(project), jobs=1).files
    assert '<ul class="relations own">' in files["people/usman-ghazi.html"].decode()
    assert '<ul class="relations own">' in files["print.html"].decode()
    assert hasattr(make_environment(project / "templates").get_template(PROFILE).module.profile, "_invoke")


def test_the_profile_fragments_draw_with_a_projects_own_small_macros(tmp_path):
    """The built-in profile.html made in Python still calls the project's own macros/dossier.html for every
    link, mark and event it draws, as the template would."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "content", project / "content")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    path = override(project, MACROS)
    path.write_text(path.read_text(encoding="utf-8").replace('class="ref ref-{{ l.kind }}"',
                                                              'class="ref ref-{{ l.kind }} own-link"')
                    .replace('<li class="event"', '<li class="event own-event"'), encoding="utf-8")
    profile = build_files(load_project(project), jobs=1).files["people/usman-ghazi.html"].decode()
    relations = profile.split('<ul class="relations">', 1)[1].split("</ul>", 1)[0]
    infobox = profile.split('<aside class="infobox"', 1)[1].split("</aside>", 1)[0]
    assert "own-link" in relations and "own-link" in infobox and 'class="event own-event"' in profile
    assert not hasattr(make_environment(project / "templates").get_template(PROFILE).module.profile, "_invoke")


def source_drawn(fragments: bool, s: object, root: object = "../") -> str:
    env = make_environment(ROOT / "templates", fragments)
    return env.from_string('{% import "macros/source.html" as src %}{{ src.text(s, root) }}').render(s=s, root=root)


class Sentence:
    """A sentence read by attribute, as a project's own view might give it."""

    def __init__(self, number: object, text: object, cited_by: object):
        self.number, self.text, self.cited_by = number, text, cited_by


def test_the_source_fragment_draws_what_the_macro_draws():
    """Headings, cited sentences with and without other pages, text to escape; and values of other kinds
    (read as the template reads them), objects read by attribute, a missing key: the macro's markup or error."""
    citer = {"url": "people/a&b.html", "label": "Ali <the Hand> led it", "also": [
        {"url": "groups/x.html", "title": "X & Y"}, {"url": "groups/z.html", "title": "Z"}]}
    view = {"paragraphs": [
        {"heading": True, "sentences": [{"number": 1, "text": "A <subhead>", "cited_by": []}]},
        {"heading": False, "sentences": [{"number": 2, "text": "He said \"no\" & left.", "cited_by": [citer]},
                                         {"number": 3, "text": "Then.", "cited_by": [dict(citer, also=[])] * 2},
                                         {"number": 4, "text": Markup("<em>kept</em>"), "cited_by": ()}]},
        {"heading": 0, "sentences": []}]}
    assert "Cited by 2 facts" in source_drawn(True, view) and "X &amp; Y" in source_drawn(True, view)
    for s, root in ((view, "../"), (view, "a&b/"), ({"paragraphs": [{"heading": False, "sentences": [
            Sentence(5, "By attribute", [])]}]}, ""), ({"paragraphs": ()}, "")):
        assert source_drawn(True, s, root) == source_drawn(False, s, root)
    with pytest.raises(jinja2.UndefinedError):
        source_drawn(True, {"paragraphs": [{"heading": False, "sentences": [{"number": 6, "text": "x"}]}]})


def test_a_projects_own_source_files_take_effect(tmp_path):
    """A project's own macros/source.html draws the text; a project's own source.html that loops over the
    sentences itself (as source.html did before macros/source.html) still does."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "content", project / "content")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    path = override(project, SOURCE)
    path.write_text(path.read_text(encoding="utf-8").replace('<span class="cited-fact">', '<span class="cited-fact own">'),
                    encoding="utf-8")
    files = build_files(load_project(project), jobs=1).files
    source = next(url for url in files if url.startswith("sources/") and url != "sources/index.html")
    assert '<span class="cited-fact own">' in files[source].decode()
    path.unlink()
    page = override(project, "source.html")
    page.write_text(page.read_text(encoding="utf-8").replace(
        "{{ src.text(s, root) }}", '{% for para in s.paragraphs %}<p class="own">{% for t in para.sentences %}'
        '<span id="s-{{ t.number }}">{{ t.text }}</span>{% endfor %}</p>\n{% endfor %}'), encoding="utf-8")
    files = build_files(load_project(project), jobs=1).files
    assert '<p class="own"><span id="s-1">' in files[source].decode()
