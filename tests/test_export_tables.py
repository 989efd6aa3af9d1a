"""The plain tables and the graph: a row per record, relation, event, source and citation; no cell a
spreadsheet would run as a formula, whatever the content; the graph as networkx reads it."""

from __future__ import annotations

import csv
import io

import networkx
import pytest

from dossier.build.read import read_dossier
from dossier.export import export_files
from dossier.export.cells import csv_chunks, neutralise
from tests.hostile.dossiers import FORMULAS, write_formula_dossier
from tests.test_export_statements import read_csv


def table(files, name: str) -> list[dict[str, str]]:
    return read_csv(files[f"data/{name}"])


@pytest.mark.parametrize("site", ["seed_site", "minimal_site"])
def test_each_table_has_a_row_per_thing_it_lists(site, request):
    files, dossier = request.getfixturevalue(site)
    assert [r["id"] for r in table(files, "entities.csv")] == list(dossier.entities)
    relations = [r for e in dossier.entities.values() for r in e.relations]
    assert [(r["subject"], r["type"], r["target"]) for r in table(files, "relations.csv")] == [
        (r.subject, r.type, r.target) for r in relations]
    assert [r["id"] for r in table(files, "events.csv")] == [e.id for e in dossier.events]
    assert [r["id"] for r in table(files, "sources.csv")] == list(dossier.sources)
    cited = sum(len(f.cites) for e in dossier.entities.values()
                for facts in (e.summary, e.aliases, *(fs for _, fs in e.fields)) for f in facts)
    cited += sum(len(r.cites) for r in relations) + sum(len(e.quotes) for e in dossier.entities.values())
    cited += sum(len(e.cites) for e in dossier.events)
    assert len(table(files, "citations.csv")) == cited


def test_the_entities_table_has_a_column_per_field(minimal_site):
    rows = {r["id"]: r for r in table(minimal_site[0], "entities.csv")}
    syndicate, ada = rows["northwind-syndicate"], rows["ada-varga"]
    assert (syndicate["record_kind"], syndicate["kind"], syndicate["area"]) == ("group", "smuggling ring", "port-meridian")
    assert syndicate["founded_date"] == "2009 | 2008"  # sources differ: both, in the record's order
    assert (ada["born_date"], ada["born_place"], ada["aliases"]) == ("1975", "kestrel-island", "Áda Várga")
    assert ada["page"] == "people/ada-varga.html"


def test_relation_and_event_dates_say_how_sure_they_are(minimal_site):
    relation = next(r for r in table(minimal_site[0], "relations.csv") if r["subject"] == "harbour-police")
    assert (relation["start"], relation["start_qualifier"], relation["ftm_schema"]) == (
        "2021-03-03", "year inferred", "UnknownLink")
    event = next(r for r in table(minimal_site[0], "events.csv") if r["id"] == "2021-03-early-raid-recalled")
    assert (event["date"], event["date_precision"], event["date_qualifier"]) == ("2021-03", "part", "year inferred")
    assert event["page"] == "chronology.html#e-2021-03-early-raid-recalled"


def test_citations_point_at_the_sentence_they_quote(minimal_site):
    files, _ = minimal_site
    for row in table(files, "citations.csv"):
        page, anchor = row["sentence_url"].split("#")
        assert f'id="{anchor}"'.encode() in files[page]
        assert anchor == "s-" + row["sentences"].split(" | ")[0]


# -- formula injection ---------------------------------------------------------

@pytest.fixture(scope="module")
def formula_exports(tmp_path_factory) -> dict[str, bytes]:
    root = tmp_path_factory.mktemp("formulas") / "project"
    write_formula_dossier(root)
    dossier, diagnostics = read_dossier(root / "content")
    assert diagnostics.errors == []
    return export_files(dossier)


def test_no_csv_cell_starts_a_formula_whatever_the_content(formula_exports):
    tables = {path: data for path, data in formula_exports.items() if path.endswith(".csv")}
    assert len(tables) == 6
    for path, data in tables.items():
        for row in csv.reader(io.StringIO(data.decode("utf-8"))):
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (path, cell)


def test_the_payloads_are_kept_behind_one_apostrophe_and_read_back_whole(formula_exports):
    """Safe because escaped, not because dropped: each payload is in the tables, and reads back as it was."""
    cells = {cell for path, data in formula_exports.items() if path.endswith(".csv")
             for row in csv.reader(io.StringIO(data.decode("utf-8"))) for cell in row}
    for payload in FORMULAS:
        assert "'" + payload in cells, payload
    statements = read_csv(formula_exports["data/statements.csv"])
    assert {r["value"] for r in statements if r["prop"] == "alias"} == set(FORMULAS)
    assert {r["quote"] for r in statements} >= set(FORMULAS)
    assert any(r["inferred_reasoning"] == FORMULAS[4] for r in statements)
    assert any(r["editorial"] == FORMULAS[5] for r in statements)


@pytest.mark.parametrize("cell, written", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"), ("'quoted", "''quoted"), ("plain", "plain"), ("", ""), ("a=1", "a=1"), (" =1", " =1"),
])
def test_neutralise(cell, written):
    assert neutralise(cell) == written


def test_cells_are_quoted_as_the_csv_module_quotes_them():
    rows = [["plain", "with, comma", 'a "quote"', "two\nlines", "é ü", "", "=f", "x"],
            ["", "", "", "", "", "", "", ""]]
    expected = io.StringIO()
    writer = csv.writer(expected, lineterminator="\n")
    writer.writerow([f"c{i}" for i in range(8)])
    writer.writerows([[neutralise(c) for c in row] for row in rows])
    columns = [(f"c{i}", "") for i in range(8)]
    assert b"".join(csv_chunks(columns, [list(r) for r in rows])).decode() == expected.getvalue()
    assert list(csv.reader(io.StringIO(expected.getvalue())))[1][3] == "two\nlines"


def test_a_carriage_return_is_quoted_too_lest_a_reader_take_it_for_a_line_end():
    """(The csv module quotes only the characters of its own line ending, here \\n.)"""
    assert b"".join(csv_chunks([("a", ""), ("b", "")], [["x\ry", "z"]])) == b'a,b\n"x\ry",z\n'


def test_trusted_columns_are_written_as_they_are():
    assert b"".join(csv_chunks([("id", ""), ("text", "")], [["-id", "-text"]], trusted={"id"})) == b"id,text\n-id,'-text\n"


# -- the graph -----------------------------------------------------------------

@pytest.mark.parametrize("site", ["seed_site", "minimal_site"])
def test_the_graph_has_a_node_per_entity_and_an_edge_per_relation(site, request):
    files, dossier = request.getfixturevalue(site)
    graph = networkx.read_graphml(io.BytesIO(files["data/relations.graphml"]))
    assert graph.is_directed()
    assert sorted(graph.nodes) == sorted(dossier.entities)
    relations = [r for e in dossier.entities.values() for r in e.relations]
    assert graph.number_of_edges() == len(relations)
    for node, data in graph.nodes(data=True):
        entity = dossier.entities[node]
        assert (data["name"], data["kind"], data["labels"]) == (entity.name, entity.kind, ":" + entity.kind.title())


def test_an_edge_carries_its_type_period_and_sources(minimal_site):
    graph = networkx.read_graphml(io.BytesIO(minimal_site[0]["data/relations.graphml"]))
    edge = graph.edges["ada-varga", "northwind-syndicate"]
    assert (edge["type"], edge["label"], edge["wording"], edge["start"]) == ("leader-of", "LEADER_OF", "leader of", "2014")
    assert (edge["sources"], edge["ftm_schema"]) == ("harbour-gazette", "Directorship")


def test_the_graph_is_well_formed_xml_with_hostile_names(tmp_path):
    from tests.hostile.dossiers import write_xss_dossier
    write_xss_dossier(tmp_path / "xss")
    dossier, _ = read_dossier(tmp_path / "xss" / "content")
    graph = networkx.read_graphml(io.BytesIO(export_files(dossier)["data/relations.graphml"]))
    assert graph.nodes["hostile-group"]["name"] == dossier.entities["hostile-group"].name
