"""Readme: data/README.txt, the data dictionary: what each file holds, column by column.

Written from the catalog of data files and their columns, so it lists exactly what was
exported; the conventions every file shares (ids, dates, links, flags) are said once.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..core.history import RELEASES
from ..core.kinds import BY_NAME
from ..core.model import Dossier
from ..core.schema import RELATION_TYPES
from .ftmvalues import RELATION_SCHEMATA, SCHEMA_OF_KIND, UNKNOWN_LINK
from .languages import iso_639_3
from .statements import dataset_name

if TYPE_CHECKING:
    from .catalog import DataFile

WIDTH = 92

CONVENTIONS = """\
Ids. Every record's id is its file name in the dossier's content folder (people/jane-doe.yml
is jane-doe). Ids are unique across all kinds, stable from build to build, and the same in
every file: a record's FollowTheMoney id is its own id. A relation is <subject>.relation-<n>,
its place among the relations of the record it is written on (from 1); a place reference that
FollowTheMoney has no property for (a group's area, a person's base, a founding's place) is an
UnknownLink <record>.<field>-<n>.

Dates keep the precision the source gives: YYYY, YYYY-MM or YYYY-MM-DD, as FollowTheMoney's
prefix dates do. Early, mid or late in a month is given as the month. A date the source gives
as approximate, or that the editors inferred (with their reasoning), or whose year they
inferred from the source's own date, keeps that value in every file; only the statements
table and the qualifier columns of the plain tables say how sure it is (FollowTheMoney,
GraphML and schema.org have no way to say it). A date the source gives without a year
('last December 11') is given with the inferred year, and its wording is in the statements
table's original_value.

Links such as sources/<id>.html#s-4 (the fourth sentence of a source) are paths from the
site's root folder, the folder that holds this data/ folder.

CSV files are UTF-8 without a byte-order mark, with a header row. A cell that would start
with =, +, -, @, a tab or a carriage return starts with an apostrophe, so that no spreadsheet
runs it as a formula; so does a cell that starts with an apostrophe itself. To read a cell's
value in a program, drop one leading apostrophe where there is one. A true/false column holds
'true' or nothing (but the statements' external, FollowTheMoney's, which holds f). A cell with
several values joins them with ' | '.

Grades: the statements table's source_reliability column is the editor's grade of the quoted
source's reliability (A-F) and its credibility column the grade of the fact (1-6), each with its
meaning on the site's grades.html; both are empty where the editor gave no grade.

The statements table is FollowTheMoney's statement format (its columns first, languages as ISO
639-3 codes): `ftm aggregate-statements -i statements.csv -f csv` rolls it up into the entities
of entities.ftm.json.
"""


def _wrap(text: str, indent: str = "", hanging: str = "") -> str:
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=indent + hanging)


def _count(number: int, one: str, many: str) -> str:
    return f"{number:,} {one if number == 1 else many}"


def _mapping() -> str:
    kinds = ", ".join(f"{BY_NAME[kind].nouns} as {schema}" for kind, schema in SCHEMA_OF_KIND.items())
    special = "; ".join(f"{rtype} as {schema} ({subject} -> {target})"
                        for rtype, (schema, subject, target) in RELATION_SCHEMATA.items())
    others = ", ".join(t for t in RELATION_TYPES if t not in RELATION_SCHEMATA)
    return _wrap(f"FollowTheMoney mapping: {kinds}. Relations: {special}; the others ({others}) as "
                 f"{UNKNOWN_LINK[0]} ({UNKNOWN_LINK[1]} -> {UNKNOWN_LINK[2]}) with the relation's wording "
                 "as the first role. A relation to the present has the status 'ongoing'.")


def data_readme(dossier: Dossier, files: Sequence[DataFile]) -> str:
    title = " ".join(dossier.settings.title.split())
    parts = [
        "Data of the dossier", "===================", "",
        _wrap(f"{title}."), "",
        _wrap(f"Dataset name: {dataset_name(dossier.settings.title)}. Language: {dossier.settings.language}"
              + (f" ({code} in the statements table). " if (code := iso_639_3(dossier.settings.language)) else ". ")
              +
              f"{_count(len(dossier.entities), 'group, person or place', 'groups, people and places')}, "
              f"{_count(len(dossier.events), 'event', 'events')}, "
              f"{_count(len(dossier.sources), 'source', 'sources')}."), "",
        _wrap("Every fact in these files rests on the words of a source, quoted verbatim, or on a "
              "reason the editors give (the editorial column). These files are made from the same "
              "records as the site's pages, by the same build."), "",
        "Files", "-----", "",
    ]
    for data in files:
        parts.append(f"{data.name}  ({data.format})")
        parts.append(_wrap(data.holds, "    "))
        parts.append("")
    releases = dossier.history.get(RELEASES) or ()
    if releases:
        names = ", ".join(release.name for release in releases)
        parts.append(f"deltas/<release>.ftm.json  (FollowTheMoney delta, JSON lines; releases {names})")
        parts.append(_wrap("what each of the dossier's releases changed since the one before it: one operation "
                           'a line, {"op": "ADD"|"MOD", "entity": {...}} or {"op": "DEL", "entity": {"id": ...}}, '
                           "which applied to the entities.ftm.json of the release before it give that of the "
                           "release (the first release's adds every entity); the site's changes.html says what "
                           "each release changed, fact by fact", "    "))
        parts.append("")
    parts.append(_wrap("README.txt: this file.", ""))
    parts += ["", "Conventions", "-----------", "", CONVENTIONS, _mapping(), ""]
    for data in files:
        if data.columns:
            heading = f"Columns of {data.name}"
            parts += [heading, "-" * len(heading), ""]
            parts += [_wrap(f"{name}: {meaning}", "  ", "  ") for name, meaning in data.columns]
            parts.append("")
    return "\n".join(parts)
