"""Catalog: the table of data files a dossier exports, and the function that makes them all.

Each `DataFile` is a path in the site's `data/` folder, its format, what it holds, the
pure function of the linked `Dossier` that makes its bytes and, for tables, its columns
(which the data dictionary, `data/README.txt`, lists). A new export is one new entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..model import Dossier
from . import statements, tables
from .ftm import ftm_lines
from .graph import EDGE_KEYS, NODE_KEYS, relations_graphml
from .readme import data_readme
from .recordschema import SCHEMA_NAMES, schema_file, schema_files

DATA_FOLDER = "data"
README = "README.txt"

Columns = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class DataFile:
    """One file of data/: where it goes, its format, what it holds, how it is made."""

    name: str
    format: str
    holds: str
    make: Callable[[Dossier], bytes]
    columns: Columns = ()


def _schema(name: str) -> DataFile:
    article = "an" if name[0] in "aeiou" else "a"
    what = "dossier.yml" if name == "settings" else f"a record of {article} {name}"
    return DataFile(f"schema/{schema_file(name)}", "JSON Schema, draft-07",
                    f"the fields of {what}, for editors' YAML tools", lambda dossier: schema_files()[schema_file(name)])


DATA_FILES: tuple[DataFile, ...] = (
    DataFile("entities.ftm.json", "FollowTheMoney entities, JSON lines",
             "every group, person, place, source, event and relation as a FollowTheMoney entity, "
             "with the sources it rests on as proof: for Aleph and the ftm tools", ftm_lines),
    DataFile("statements.csv", "CSV, OpenSanctions statements",
             "every value of every entity with the quote it rests on, the quote's sentence and "
             "context, how sure its date is and the editors' reasons", statements.statements_csv, statements.COLUMNS),
    DataFile("entities.csv", "CSV", "the groups, people and places, one row each, a column per field",
             tables.entities_csv, tables.ENTITY_COLUMNS),
    DataFile("relations.csv", "CSV", "the relations between them, with their periods and sources",
             tables.relations_csv, tables.RELATION_COLUMNS),
    DataFile("events.csv", "CSV", "the chronology's events", tables.events_csv, tables.EVENT_COLUMNS),
    DataFile("sources.csv", "CSV", "the sources", tables.sources_csv, tables.SOURCE_COLUMNS),
    DataFile("citations.csv", "CSV", "every quote a fact, relation, quote or event cites, with its sentence",
             tables.citations_csv, tables.CITATION_COLUMNS),
    DataFile("relations.graphml", "GraphML", "the relation graph: for Gephi, Neo4j and networkx",
             relations_graphml, (*(("node " + k, v) for k, v in NODE_KEYS), *(("edge " + k, v) for k, v in EDGE_KEYS))),
    *(_schema(name) for name in SCHEMA_NAMES),
)


def export_files(dossier: Dossier) -> dict[str, bytes]:
    """Every file of data/, path from the site root -> bytes: the exports, then the data dictionary."""
    files = {f"{DATA_FOLDER}/{data.name}": data.make(dossier) for data in DATA_FILES}
    files[f"{DATA_FOLDER}/{README}"] = data_readme(dossier, DATA_FILES).encode("utf-8")
    return files
