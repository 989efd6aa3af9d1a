"""The third test dossier, tests/sites/castor: an invented corruption case in the words for money,
ownership and the law. A road contract, a payment whose amount its two reports dispute (one
payment, two statements, in every export, never summed), a deputy minister's 75% share of the
shell company paid, his indictment, conviction and sentence, an arrest whose date the reports
dispute, a directorship whose state is unknown since a date, and a bank and a consultant related
to others with a role for each side. Its exports are checked by FollowTheMoney's own library."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from followthemoney import model

from dossier.build.read import read_dossier
from dossier.build.site import build_files
from dossier.core.project import load_project
from tests.helpers import SITES
from tests.test_export_ftm import problems

CASTOR = SITES / "castor"


@pytest.fixture(scope="module")
def built():
    result = build_files(load_project(CASTOR), jobs=1)
    return result.files, result.dossier


def entities(files) -> dict[str, dict]:
    return {e["id"]: e for e in map(json.loads, files["data/entities.ftm.json"].decode().splitlines())}


def rows(files, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(files[f"data/{name}"].decode())))


def test_it_validates_clean_each_dispute_reviewed():
    """Both disputes (the payment's amount, the arrest's date) are reviewed, so nothing warns; without
    their reviews each warns once (tests/test_reviews.py)."""
    _, diagnostics = read_dossier(CASTOR / "content")
    assert diagnostics.errors == [] and diagnostics.warnings == []


def test_followthemoney_accepts_every_entity(built):
    files, _ = built
    found = entities(files)
    assert [p for e in found.values() for p in problems(e, {i: e["schema"] for i, e in found.items()})] == []
    for data in found.values():
        assert model.get_proxy(data, cleaned=False).schema.name == data["schema"]


def test_the_relations_have_their_followthemoney_schemata(built):
    found = entities(built[0])
    schemata = {i: e["schema"] for i, e in found.items()}
    assert schemata["brightwater-construction.relation-1"] == "Payment"
    assert schemata["orrin-dace.relation-1"] == "Employment"
    assert schemata["orrin-dace.relation-2"] == "Ownership"
    assert schemata["mira-estevan.relation-1"] == schemata["tomas-keller.relation-1"] == "Directorship"
    assert schemata["castor-holdings"] == "Company" and schemata["ministry-of-public-works"] == "Organization"
    assert schemata["anti-corruption-prosecutor.relation-1"] == "UnknownLink"


def test_one_payment_two_amounts_never_summed(built):
    files, _ = built
    payment = entities(files)["brightwater-construction.relation-1"]["properties"]
    assert payment["amount"] == ["2500000", "2000000"] and payment["currency"] == ["EUR"]
    assert payment["payer"] == ["brightwater-construction"] and payment["beneficiary"] == ["castor-holdings"]
    assert sum(1 for e in entities(files).values() if e["schema"] == "Payment") == 1
    amounts = [r for r in rows(files, "statements.csv") if r["prop"] == "amount"
               and r["entity_id"] == "brightwater-construction.relation-1"]
    assert [(r["value"], r["disputed"], r["source_id"], r["according_to"]) for r in amounts] == [
        ("2500000", "true", "sable-ledger-road-money", ""),
        ("2000000", "true", "castria-tribune-verdict", "mira-estevan")]
    assert [r["statement_id"] for r in amounts] == ["brightwater-construction.relation-1.amount-1",
                                                    "brightwater-construction.relation-1.amount-2"]
    [row] = [r for r in rows(files, "relations.csv") if r["id"] == "brightwater-construction.relation-1"]
    assert row["amount"] == "2500000 | 2000000" and "sources differ on the amount" in row["qualifiers"]
    edges = re.findall(r'<edge id="brightwater-construction\.relation-1"', files["data/relations.graphml"].decode())
    assert len(edges) == 1
    for path, data in files.items():
        if path.startswith("data/") or path.endswith(".html"):
            text = data.decode("utf-8", "replace")
            assert "4500000" not in text and "4,500,000" not in text and "4.5 million" not in text, path


def test_the_payment_shows_both_amounts_each_on_its_sources_word(built):
    page = built[0]["groups/brightwater-construction.html"].decode()
    item = re.search(r'<li id="r-\d+" data-statement="brightwater-construction.relation-1">.*?</li>', page, re.S)
    text = " ".join(re.sub(r"<[^>]+>", " ", item.group(0)).split())
    assert "paid Castor Holdings , March 2019" in text
    assert "sources differ on the amount: EUR 2,500,000 (The Sable Ledger)" in text
    assert "against EUR 2,000,000 (Castria Tribune) according to Mira Estevan" in text
    castor = built[0]["groups/castor-holdings.html"].decode()
    assert "received a payment from" in castor


def test_an_ownership_has_its_share(built):
    files, dossier = built
    ownership = entities(files)["orrin-dace.relation-2"]["properties"]
    assert ownership["owner"] == ["orrin-dace"] and ownership["asset"] == ["castor-holdings"]
    assert ownership["percentage"] == ["75"] and ownership["date"] == ["2021-05"]
    assert dossier.statements["orrin-dace.relation-2"].words == "owner of Castor Holdings, a 75% share, as of May 2021"
    castor = files["groups/castor-holdings.html"].decode()
    assert re.search(r'owned by</span> <a [^>]*>Orrin Dace</a><span class="sums">, a 75% share</span>', castor)


def test_an_indictment_and_a_conviction_read_from_both_sides(built):
    files, dossier = built
    words = {s.id: (s.words, s.inverse_words) for s in dossier.statements.values() if s.kind == "relation"}
    assert words["anti-corruption-prosecutor.relation-1"] == (
        "charged Orrin Dace with bribery and money laundering, September 2021",
        "charged by Office of the Anti-Corruption Prosecutor with bribery and money laundering, September 2021")
    assert words["sable-district-court.relation-1"][1] == "convicted by Sable District Court of bribery, 30 January 2023"
    assert words["sable-district-court.relation-2"][1] == (
        "sentenced by Sable District Court to six years in prison, 30 January 2023")
    dace = files["people/orrin-dace.html"].decode()
    assert 'id="rel-legal"' in dace and 'id="rel-money"' in dace


def test_a_disputed_event_date_is_one_event_with_both_dates(built):
    files, dossier = built
    event = entities(files)["2021-04-orrin-dace-arrested"]["properties"]
    assert event["date"] == ["2021-04-03", "2021-03"]
    [row] = [r for r in rows(files, "events.csv") if r["id"] == "2021-04-orrin-dace-arrested"]
    assert row["date"] == "2021-04-03 | 2021-03" and "sources differ on the date" in row["qualifiers"]
    chronology = files["chronology.html"].decode()
    entry = re.search(r'<li class="event" id="e-2021-04-orrin-dace-arrested".*?</li>', chronology, re.S).group(0)
    assert '<time datetime="2021-04-03">3 April</time>' in entry and '<time datetime="2021-03">late-March</time>' in entry
    assert "sources differ" in entry
    assert 'class="alternative"' in chronology  # the second date is drawn too


def test_a_directorship_unknown_since_a_date_does_not_run_on(built):
    files, _ = built
    keller = entities(files)["tomas-keller.relation-1"]["properties"]
    assert keller["status"] == ["unknown since 2022"] and "endDate" not in keller and keller["date"] == ["2021-05"]
    page = files["people/tomas-keller.html"].decode()
    lanes = page[page.index('class="drawing lanes"'):]
    assert 'class="unknown"' in lanes and 'class="arrow"' not in lanes.split("</svg>")[0]
    assert "unknown since 2022" in page


def test_a_company_has_its_register(built):
    files, _ = built
    castor = entities(files)["castor-holdings"]["properties"]
    assert castor["registrationNumber"] == ["PS-448120"] and castor["incorporationDate"] == ["2016"]
    [jurisdiction] = [e for e in entities(files).values() if e["id"] == "castor-holdings.jurisdiction-1"]
    assert jurisdiction["properties"]["role"] == ["jurisdiction"]
