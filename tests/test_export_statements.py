"""The statements table: OpenSanctions' statement shape, one row a value and quote, each quote
found in its source with the text around it, each date with how sure it is."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict

from dossier.export.statements import COLUMNS, dataset_name
from dossier.validate.matchtext import layout

OPENSANCTIONS = ["id", "entity_id", "canonical_id", "prop", "prop_type", "schema", "value", "dataset", "lang",
                 "original_value"]


def read_csv(data: bytes) -> list[dict[str, str]]:
    """Rows as dicts, each cell's escaping apostrophe dropped (as data/README.txt tells readers to)."""
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    return [{k: v[1:] if v.startswith("'") else v for k, v in row.items()} for row in rows]


def statements(files) -> list[dict[str, str]]:
    return read_csv(files["data/statements.csv"])


def test_the_first_columns_are_opensanctions_statement_columns(minimal_site):
    header = minimal_site[0]["data/statements.csv"].decode().splitlines()[0].split(",")
    assert header[:len(OPENSANCTIONS)] == OPENSANCTIONS
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
            expected = {k: v for k, v in entity["properties"].items() if k != "proof"}
            assert dict(stated.pop(entity["id"])) == expected, entity["id"]
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
               and r["prop"] == "startDate")
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


def test_grades_have_their_columns_empty_until_the_record_format_has_them(minimal_site):
    assert {(r["source_reliability"], r["credibility"]) for r in statements(minimal_site[0])} == {("", "")}


def test_the_dataset_is_named_after_the_title_in_lowercase_ascii(minimal_site):
    files, dossier = minimal_site
    assert {r["dataset"] for r in statements(files)} == {"the_northwind_syndicate"}
    assert {r["lang"] for r in statements(files)} == {"en"}
    assert dataset_name("Ça & Là: 2016 — «Ümit»!") == "ca_la_2016_umit"
    assert dataset_name("!!!") == "dossier"
