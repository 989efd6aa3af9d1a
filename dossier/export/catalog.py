"""Catalog: the table of data files a dossier exports, and the functions that make them all.

Each `DataFile` is a path in the site's `data/` folder, its format, what it holds, the
pure function of the linked dossier that makes its bytes and, for tables, its columns
(which the data dictionary, `data/README.txt`, lists). A new export is one new entry.
Files are made one at a time and in chunks (see `lines`), so that a caller writing each
chunk as it comes holds a few thousand lines at a time: at 10,000 entities the statements
table alone is 150 MB.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property

from ..core.history import RELEASES, Delta
from ..core.model import Dossier
from . import statements, tables
from .ftm import ftm_lines
from .ftmvalues import FtmEntity, ftm_entities
from .graph import EDGE_KEYS, NODE_KEYS, relations_graphml
from .lines import Chunks, encoded_lines
from .readme import data_readme
from .recordschema import SCHEMA_NAMES, schema_file, schema_files

DATA_FOLDER = "data"
README = "README.txt"

Columns = tuple[tuple[str, str], ...]


class ExportInput:
    """What the exports read: the linked dossier, and its FollowTheMoney entities, walked once
    for the two files made from them (and let go with this object)."""

    def __init__(self, dossier: Dossier):
        self.dossier = dossier

    @cached_property
    def entities(self) -> tuple[FtmEntity, ...]:
        return ftm_entities(self.dossier)


@dataclass(frozen=True)
class DataFile:
    """One file of data/: where it goes, its format, what it holds, how it is made."""

    name: str
    format: str
    holds: str
    make: Callable[[ExportInput], Chunks]
    columns: Columns = ()


def _of_dossier(make: Callable[[Dossier], Chunks]) -> Callable[[ExportInput], Chunks]:
    return lambda source: make(source.dossier)


def _schema(name: str) -> DataFile:
    article = "an" if name[0] in "aeiou" else "a"
    what = "dossier.yml" if name == "settings" else f"a record of {article} {name}"
    holds = f"the fields of {what}, for editors' YAML tools"
    return DataFile(f"schema/{schema_file(name)}", "JSON Schema, draft-07", holds,
                    lambda source: iter((schema_files()[schema_file(name)],)))


_GRAPH_COLUMNS = (*(("node " + k, v) for k, v in NODE_KEYS), *(("edge " + k, v) for k, v in EDGE_KEYS))

DATA_FILES: tuple[DataFile, ...] = (
    DataFile("entities.ftm.json", "FollowTheMoney entities, JSON lines",
             "every group, person, place, source, event and relation as a FollowTheMoney entity, "
             "with the sources it rests on as proof: for Aleph and the ftm tools",
             lambda source: ftm_lines(source.entities)),
    DataFile("statements.csv", "CSV, FollowTheMoney statements",
             "every value of every entity with the quote it rests on, the quote's sentence and "
             "context, how sure its date is and the editors' reasons",
             lambda source: statements.statements_csv(source.dossier, source.entities), statements.COLUMNS),
    DataFile("entities.csv", "CSV", "the groups, people and places, one row each, a column per field",
             _of_dossier(tables.entities_csv), tables.ENTITY_COLUMNS),
    DataFile("relations.csv", "CSV", "the relations between them, with their periods and sources",
             _of_dossier(tables.relations_csv), tables.RELATION_COLUMNS),
    DataFile("events.csv", "CSV", "the chronology's events", _of_dossier(tables.events_csv), tables.EVENT_COLUMNS),
    DataFile("sources.csv", "CSV", "the sources", _of_dossier(tables.sources_csv), tables.SOURCE_COLUMNS),
    DataFile("citations.csv", "CSV", "every quote a fact, relation, quote or event cites, with its sentence",
             _of_dossier(tables.citations_csv), tables.CITATION_COLUMNS),
    DataFile("relations.graphml", "GraphML", "the relation graph: for Gephi, Neo4j and networkx",
             _of_dossier(relations_graphml), _GRAPH_COLUMNS),
    *(_schema(name) for name in SCHEMA_NAMES),
)


DELTAS = "deltas"
"""data/deltas/NAME.ftm.json: each release's FollowTheMoney delta (see `delta_paths`)."""


def delta_files(dossier: Dossier) -> list[tuple[str, Delta]]:
    """Each release's FollowTheMoney delta, oldest first, with its path from the site root: the
    operations (ADD, MOD, DEL, one a line, as OpenSanctions writes them) that make the release
    before it's data/entities.ftm.json into its own (the first release's: every entity added)."""
    releases = dossier.history.get(RELEASES) or ()
    return [(f"{DATA_FOLDER}/{DELTAS}/{release.name}.ftm.json", dossier.history[("delta", release.name)])
            for release in releases]


def data_paths() -> list[str]:
    """The path of every file of data/, from the site root, in the order they are made."""
    return [f"{DATA_FOLDER}/{data.name}" for data in DATA_FILES] + [f"{DATA_FOLDER}/{README}"]


def iter_export_files(dossier: Dossier) -> Iterator[tuple[str, Chunks]]:
    """Every file of data/ as (path from the site root, its chunks), made one at a time (each
    file's chunks are to be taken before the next file): the exports, then the data dictionary."""
    source = ExportInput(dossier)
    for data in DATA_FILES:
        yield f"{DATA_FOLDER}/{data.name}", data.make(source)
    for path, delta in delta_files(dossier):
        yield path, encoded_lines(delta.lines())
    yield f"{DATA_FOLDER}/{README}", iter((data_readme(dossier, DATA_FILES).encode("utf-8"),))


def export_files(dossier: Dossier) -> dict[str, bytes]:
    """Every file of data/, path from the site root -> bytes."""
    return {path: b"".join(chunks) for path, chunks in iter_export_files(dossier)}
