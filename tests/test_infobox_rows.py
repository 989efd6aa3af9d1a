"""The infobox's rows drawn from relations: leaders, owners, directors, allies and opponents, each
relation as the relation list gives it (its dates, qualifiers, marks and grade), never more."""

from __future__ import annotations

import re

import pytest

from dossier.build.site import build_files
from dossier.core.project import load_project
from tests.helpers import ROOT, SITES


def infobox_rows(page: str) -> dict[str, list[str]]:
    """Each relation row of a profile's infobox, its entries as plain words (marks left out)."""
    box = page.split('<aside class="infobox"', 1)[1].split("</aside>", 1)[0]
    rows: dict[str, list[str]] = {}
    for label, body in re.findall(r"<dt>([^<]+)</dt>(.*?)(?=<dt>|</dl>)", box, re.S):
        entries = re.findall(r'<dd class="relation-row"[^>]*>(.*?)</dd>', body, re.S)
        if entries:
            rows[label] = [" ".join(re.sub(r"<sup.*?</sup>|<[^>]+>", " ", e).split()) for e in entries]
    return rows


@pytest.fixture(scope="module")
def seed():
    return {p: d.decode() for p, d in build_files(load_project(ROOT)).files.items() if p.endswith(".html")}


def test_a_groups_infobox_gives_its_leaders_allies_and_opponents_as_the_relations_say(seed):
    rows = infobox_rows(seed["groups/imu.html"])
    assert list(rows) == ["Leaders", "Allies", "Opponents"]
    assert len(rows["Leaders"]) == 1  # his leadership ends as the relation list ends it: unknown since the battle
    assert rows["Leaders"][0].startswith("Usman Ghazi as emir (the fourth) , from 2012 ; unknown since 11 December 2015")
    assert rows["Allies"][0].startswith("allied with Afghan Taliban , until August 2015 inferred The article calls")
    assert rows["Allies"][1].startswith("aligned with ISIL Khorasan Province , from August 2015 ; ended c. 14 June 2016")
    assert rows["Allies"][2].startswith("fought alongside Afghan Taliban editorial The article says")
    assert rows["Opponents"][0].startswith("attacked by Afghan Taliban , 11 December 2015 year inferred The source says")


def test_a_pledge_makes_an_ally_on_the_pledgers_page_only(seed):
    assert "pledged allegiance to Afghan Taliban" in " ".join(infobox_rows(seed["groups/imam-bukhari-jamaat.html"])["Allies"])
    taliban = infobox_rows(seed["groups/afghan-taliban.html"])
    assert not any("Imam Bukhari" in entry for entry in taliban.get("Allies", []))


def test_the_infobox_repeats_the_lists_marks_without_their_ids(seed):
    box = seed["groups/imu.html"].split('<aside class="infobox"', 1)[1].split("</aside>", 1)[0]
    rows = box.split("<dt>Leaders</dt>", 1)[1]
    assert 'class="cite"' in rows and ' id="c-' not in rows


def test_a_companys_infobox_gives_its_owners_and_directors():
    files = build_files(load_project(SITES / "castor")).files
    rows = infobox_rows(files["groups/castor-holdings.html"].decode())
    assert rows["Owners"] and rows["Owners"][0].startswith("Orrin Dace")
    assert "75%" in rows["Owners"][0]
    assert rows["Directors"] and rows["Directors"][0].startswith("Mira Estevan")
