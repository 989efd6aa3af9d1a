"""Each data export loaded by the tool its users load it with, for every test dossier: FollowTheMoney's
own command line (`ftm`) for the entities and the statements, networkx for the GraphML and Python's csv
module for the tables. (The JSON-LD of the profiles goes through rdflib's JSON-LD processor, with
schema.org's context from a local copy, in test_export_jsonld.py.)"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import networkx
import pytest
from followthemoney.statement.serialize import CSV_COLUMNS
from rigour.langs import iso_639_alpha3

from dossier.build.read import read_dossier
from dossier.build.site import export_data
from dossier.core.project import load_project
from dossier.export.catalog import DATA_FILES
from dossier.export.languages import _ISO_639_1_TO_3, iso_639_3
from tests.helpers import ROOT, SITES

FTM = str(Path(sys.executable).with_name("ftm"))
DOSSIERS = {"seed": ROOT, "minimal": SITES / "minimal", "disputed": SITES / "disputed", "vallis": SITES / "vallis"}


@pytest.fixture(scope="module", params=sorted(DOSSIERS))
def exported(request, tmp_path_factory) -> tuple[Path, object]:
    """The data folder `build.py export` writes for a test dossier, and the dossier."""
    project = load_project(DOSSIERS[request.param])
    folder = tmp_path_factory.mktemp(request.param) / "data"
    export_data(project, folder)
    dossier, _ = read_dossier(project.content_dir)
    return folder, dossier


def ftm(*args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([FTM, *args], capture_output=True, text=True)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    return result


def entities(path: Path) -> dict[str, tuple[str, dict[str, list[str]]]]:
    """Entities of a FollowTheMoney JSON lines file: id -> (schema, property -> sorted values)."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        entity = json.loads(line)
        found[entity["id"]] = (entity["schema"], {p: sorted(v) for p, v in entity["properties"].items()})
    return found


def test_ftm_validate_keeps_every_entity_and_every_value(exported, tmp_path):
    """`ftm validate` parses each entity against the model and drops what does not fit it: nothing is dropped."""
    data, dossier = exported
    ftm("validate", "-i", str(data / "entities.ftm.json"), "-o", str(tmp_path / "valid.json"))
    original = entities(data / "entities.ftm.json")
    assert entities(tmp_path / "valid.json") == original
    assert {i for i in original if "." not in i} == set(dossier.entities) | set(dossier.sources) | {
        e.id for e in dossier.events}


def test_ftm_rolls_the_statements_up_into_the_same_entities(exported, tmp_path):
    """`ftm aggregate-statements` reads statements.csv (FtM's columns, ISO 639-3 languages) and gives back
    exactly the entities of entities.ftm.json: every entity, schema, property and value."""
    data, _ = exported
    ftm("aggregate-statements", "-i", str(data / "statements.csv"), "-f", "csv", "-o", str(tmp_path / "rolled.json"))
    assert entities(tmp_path / "rolled.json") == entities(data / "entities.ftm.json")


def test_the_statement_columns_start_with_ftms_own(exported):
    data, _ = exported
    with (data / "statements.csv").open(encoding="utf-8", newline="") as file:
        header = next(csv.reader(file))
    assert header[:len(CSV_COLUMNS)] == CSV_COLUMNS


def test_every_two_letter_language_maps_to_the_code_ftm_takes():
    assert len(_ISO_639_1_TO_3) == 184
    assert {two: iso_639_3(two) for two in _ISO_639_1_TO_3} == {two: iso_639_alpha3(two) for two in _ISO_639_1_TO_3}
    assert (iso_639_3("en-GB"), iso_639_3("uz-Cyrl"), iso_639_3("fil"), iso_639_3("qq")) == ("eng", "uzb", "fil", "")


def test_networkx_reads_the_graph_with_every_relation(exported):
    data, dossier = exported
    graph = networkx.read_graphml(data / "relations.graphml")
    assert graph.is_directed() and sorted(graph.nodes) == sorted(dossier.entities)
    relations = [r for e in dossier.entities.values() for r in e.relations]
    assert sorted((u, v, d["type"]) for u, v, d in graph.edges(data=True)) == sorted(
        (r.subject, r.target, r.type) for r in relations)


TABLES = [f for f in DATA_FILES if f.name.endswith(".csv")]


@pytest.mark.parametrize("table", TABLES, ids=lambda f: f.name)
def test_the_csv_module_reads_each_table_with_its_documented_columns(exported, table):
    """Strict CSV, the header the data dictionary documents, and every row as long as the header."""
    data, _ = exported
    with (data / table.name).open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file, strict=True))
    assert rows[0] == [name for name, _ in table.columns]
    assert len(rows) > 1 and all(len(row) == len(rows[0]) for row in rows)
    readme = (data / "README.txt").read_text(encoding="utf-8")
    assert all(name in readme for name in rows[0])
