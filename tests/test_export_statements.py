"""The statements table: FollowTheMoney's statement format, one row a value and quote, each quote
found in its source with the text around it, each date with how sure it is. (That FtM's own command
line rolls it up into the entities of entities.ftm.json is in test_export_tools.py.)"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict

from dossier.export.statements import COLUMNS, dataset_name
from dossier.validate.matchtext import layout

FTM_COLUMNS = ["canonical_id", "entity_id", "prop", "prop_type", "schema", "value", "dataset", "origin", "lang",
               "original_value", "external", "first_seen", "last_seen", "id"]
"""followthemoney.statement.serialize.CSV_COLUMNS, in its order (test_export_tools.py checks the library's)."""


def read_csv(data: bytes) -> list[dict[str, str]]:
    """Rows as dicts, each cell's escaping apostrophe dropped (as data/README.txt tells readers to)."""
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    return [{k: v[1:] if v.startswith("'") else v for k, v in row.items()} for row in rows]


def statements(files) -> list[dict[str, str]]:
    return read_csv(files["data/statements.csv"])


def test_the_first_columns_are_followthemoneys_statement_columns(minimal_site):
    header = minimal_site[0]["data/statements.csv"].decode().splitlines()[0].split(",")
    assert header[:len(FTM_COLUMNS)] == FTM_COLUMNS
    assert header == [name for name, _ in COLUMNS]
    assert {"quote", "quote_url", "quote_prefix", "quote_suffix", "source_reliability", "credibility"} <= set(header)


def test_statements_hold_every_value_of_every_ftm_entity_and_nothing_else(seed_site, minimal_site):
    for files, _ in (seed_site, minimal_site):
        stated: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for row in statements(files):
            if row["value"] not in stated[row["entity_id"]][row["prop"]]:
                stated[row["entity_id"]][row["prop"]].append(row["value"])
        for line in files["data/entities.ftm.json"].decode().splitlines():
            entity = json.loads(line)
            assert dict(stated.pop(entity["id"])) == entity["properties"], entity["id"]
        assert stated == {}


def test_a_value_has_a_row_for_each_quote_it_rests_on(minimal_site):
    files, dossier = minimal_site
    summary = dossier.entities["northwind-syndicate"].summary[0]
    rows = [r for r in statements(files) if r["entity_id"] == "northwind-syndicate" and r["prop"] == "summary"]
    assert [r["quote"] for r in rows] == [c.quote for c in summary.cites]
    assert len({r["id"] for r in statements(files)}) == len(statements(files)), "statement ids repeat"


def test_each_quote_is_found_in_its_source_between_its_prefix_and_suffix(seed_site, minimal_site):
    for files, dossier in (seed_site, minimal_site):
        quoted = [r for r in statements(files) if r["quote"]]
        assert quoted
        for row in quoted:
            text = layout(dossier.sources[row["source_id"]].text)  # the source's characters, laid out
            assert len(row["quote_prefix"]) <= 32 and len(row["quote_suffix"]) <= 32
            assert row["quote_prefix"] + row["quote"] + row["quote_suffix"] in text, row
            page, anchor = row["quote_url"].split("#")
            assert page == f"sources/{row['source_id']}.html"
            assert f'id="{anchor}"'.encode() in files[page], row["quote_url"]


def test_the_prefix_and_suffix_are_the_words_around_the_quote(minimal_site):
    row = next(r for r in statements(minimal_site[0]) if r["quote"] == "was born in 1975 on Kestrel Island")
    assert row["quote_prefix"] == "Ada Varga, who has led the syndicate since 2014, "[-32:]
    assert row["quote_suffix"] == '. "She ran it like a shipping line'[:32]


def test_a_yearless_date_keeps_the_sources_words_and_says_its_year_is_inferred(minimal_site):
    rows = [r for r in statements(minimal_site[0]) if r["entity_id"] == "harbour-police.relation-1"
            and r["prop"] == "startDate"]
    assert len(rows) == 1
    row = rows[0]
    assert (row["value"], row["original_value"], row["date_precision"], row["inferred"]) == (
        "2021-03-03", "March 3", "day", "true")
    assert "March 3" in row["inferred_reasoning"] and "2021" in row["inferred_reasoning"]
    assert row["approximate"] == ""


def test_an_early_month_is_a_month_of_part_precision(minimal_site):
    row = next(r for r in statements(minimal_site[0]) if r["entity_id"] == "2021-03-early-raid-recalled"
               and r["prop"] == "date")
    assert (row["value"], row["date_precision"], row["date_part"]) == ("2021-03", "part", "early")


def test_an_approximate_inferred_date_says_both_with_the_reasoning(seed_site):
    row = next(r for r in statements(seed_site[0]) if r["entity_id"] == "usman-ghazi.relation-2"
               and r["prop"] == "date")  # as of c. 2000: a date he held it at, not a start
    assert (row["value"], row["approximate"], row["inferred"]) == ("2000", "true", "true")
    assert "at age 30" in row["inferred_reasoning"]


def test_estimates_attributions_and_editorial_facts_are_marked(minimal_site):
    rows = statements(minimal_site[0])
    strength = next(r for r in rows if r["entity_id"] == "northwind-syndicate" and r["field"] == "strength")
    assert (strength["prop"], strength["value"]) == ("notes", "Strength: no more than 40 people")
    assert (strength["original_value"], strength["estimate"], strength["according_to"]) == (
        "no more than 40 people", "true", "tomas-brell")
    alias = next(r for r in rows if r["entity_id"] == "ada-varga" and r["prop"] == "alias")
    assert (alias["quote"], alias["source_id"]) == ("", "")
    assert alias["editorial"] == "Spelling with accents, for search tests."
    name = next(r for r in rows if r["entity_id"] == "ada-varga" and r["prop"] == "name")
    assert (name["quote"], name["editorial"]) == ("", "")


def test_grades_are_empty_where_the_editor_gave_none(minimal_site):
    assert {(r["source_reliability"], r["credibility"]) for r in statements(minimal_site[0])} == {("", "")}


def test_grades_are_the_sources_and_the_facts(tmp_path):
    """tests/sites/disputed grades both its sources (B and D) and the two foundings they give (3 and 4)."""
    from dossier.build.site import build_files
    from dossier.core.project import load_project
    from tests.helpers import SITES
    rows = statements(build_files(load_project(SITES / "disputed")).files)
    founded = {(r["value"], r["source_id"], r["source_reliability"], r["credibility"])
               for r in rows if r["entity_id"] == "grey-heron-network" and r["prop"] == "incorporationDate"}
    assert founded == {("2011", "coastal-herald", "B", "3"), ("2012", "valley-post", "D", "4")}
    assert {r["source_reliability"] for r in rows if r["source_id"] == "valley-post"} == {"D"}


def test_each_row_says_where_its_value_comes_from_and_in_which_language(minimal_site):
    rows = statements(minimal_site[0])
    for row in rows:
        assert row["origin"] == (row["source_id"] or ("editorial" if row["editorial"] else "")), row
        assert row["lang"] == ("eng" if row["prop_type"] in ("name", "text", "string", "address") else ""), row
        assert (row["external"], row["first_seen"], row["last_seen"]) == ("f", "", "")
    proof = [r for r in rows if r["prop"] == "proof"]
    assert proof and all(r["field"] == "cite" and r["origin"] == r["value"] == r["source_id"] for r in proof)


def test_the_dataset_is_named_after_the_title_in_lowercase_ascii(minimal_site):
    files, dossier = minimal_site
    assert {r["dataset"] for r in statements(files)} == {"the_northwind_syndicate"}
    assert {r["lang"] for r in statements(files)} == {"eng", ""}
    assert dataset_name("Ça & Là: 2016 — «Ümit»!") == "ca_la_2016_umit"
    assert dataset_name("!!!") == "dossier"
