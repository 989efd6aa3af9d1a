"""A second complete dossier, tests/sites/vallis, written in the vocabulary of acts and ties: a
relation to a place, arrests, a killing, a succession, a merger, financing, a rivalry, single-date
acts, a fact held as of a date, founders by id, and a note linking events, sources and anchors."""

from __future__ import annotations

import json

import pytest

from dossier.build.read import read_dossier
from dossier.build.site import build_files
from dossier.core.project import load_project
from tests.helpers import SITES

VALLIS = SITES / "vallis"


@pytest.fixture(scope="module")
def built():
    return build_files(load_project(VALLIS))


def test_it_validates_with_nothing_to_report():
    _, diagnostics = read_dossier(VALLIS / "content", theme=VALLIS / "templates")
    assert diagnostics.items == []


def test_each_new_relation_reads_from_both_sides(built):
    page = {p: d.decode() for p, d in built.files.items() if p.endswith(".html")}
    pairs = [("groups/grey-lantern-brotherhood.html", "attacked", "places/vallis-rail-depot.html", "attacked by"),
             ("groups/grey-lantern-brotherhood.html", "rival of", "groups/salt-road-company.html", "rival of"),
             ("groups/vallis-constabulary.html", "arrested", "people/helene-orru.html", "arrested by"),
             ("groups/salt-road-company.html", "killed", "people/pavel-kask.html", "killed by"),
             ("people/pavel-kask.html", "succeeded", "people/helene-orru.html", "succeeded by"),
             ("groups/salt-road-company.html", "merged into", "groups/meridian-trading-house.html", "absorbed"),
             ("groups/meridian-trading-house.html", "financed", "groups/salt-road-company.html", "financed by"),
             ("groups/vallis-constabulary.html", "detained", "groups/salt-road-company.html", "detained by")]
    for subject, forward, target, inverse in pairs:
        assert f'<span class="rel-label">{forward}</span>' in page[subject], (subject, forward)
        assert f'<span class="rel-label">{inverse}</span>' in page[target], (target, inverse)


def test_a_single_act_shows_its_one_date_and_a_fact_the_date_it_held(built):
    page = built.files["groups/grey-lantern-brotherhood.html"].decode()
    assert 'Vallis rail depot</a><span class="period">, <time datetime="1978-05-20">20 May 1978</time>' in page
    assert 'about 40 members</span>' in page and 'as of <time datetime="1980">1980</time>' in page
    assert ', by <a href="../people/helene-orru.html" class="ref ref-person">Helene Orru</a>' in page


def test_the_note_links_an_event_a_source_and_an_anchor(built):
    page = built.files["groups/grey-lantern-brotherhood.html"].decode()
    assert 'href="../chronology.html#e-1978-05-20-talks-open">the day talks opened</a>' in page
    assert 'href="../sources/ledger-report.html">Rail depot attacked as cartel feud deepens</a>' in page
    assert 'href="#rel-hostility">' in page and 'id="rel-hostility"' in page


def test_the_exports_use_followthemoneys_succession_and_payment():
    from followthemoney import model
    files = build_files(load_project(VALLIS)).files
    entities = [json.loads(line) for line in files["data/entities.ftm.json"].decode().splitlines()]
    schemata = {e["schema"] for e in entities}
    assert {"Succession", "Payment", "UnknownLink", "Directorship", "Territory"} <= schemata
    for data in entities:
        proxy = model.get_proxy(data, cleaned=False)
        assert proxy.schema.name == data["schema"]
