"""Record schema: the JSON Schema of each kind of record, generated from `schema` and `kinds`.

One self-contained schema file per kind (`group`, `person`, `place`, `source`, `event`)
and one for `dossier.yml` (`settings`), JSON Schema draft-07, which editors' YAML tools
read (VS Code's YAML extension through a `# yaml-language-server: $schema=...` line):
completion of field names with their help, relation types with their wording, and
errors for unknown fields, missing required ones and values of the wrong shape.

The schema accepts what the build accepts where a YAML 1.2 editor reads a value
differently from the build (which keeps every scalar as text): a year written without
quotes is a number to the editor, `true` a boolean. It cannot check what needs the whole
dossier (that ids exist, that quotes are in their sources): `build.py validate` does.

A project made by `build.py new` keeps these files in its `schema/` folder; `validate`
and `build` warn when they are not this engine's, and `build.py schema` rewrites them.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from ..core import schema
from ..core.currencies import CODES
from ..core.kinds import ENTITY_KINDS, KINDS
from .lines import json_text

DRAFT = "http://json-schema.org/draft-07/schema#"
SCHEMA_FOLDER = "schema"
"""The folder of a project (made by `new`) that holds its copy of the schema files."""
ID_PATTERN = "^[a-z0-9]+(?:-[a-z0-9]+)*$"
DATE_PATTERN = r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$"

_TEXT: dict[str, Any] = {"type": ["string", "number", "boolean"]}
_FLAG: dict[str, Any] = {"enum": [True, False, "true", "false"]}


def _described(definition: dict[str, Any], description: str) -> dict[str, Any]:
    return {**definition, "description": description} if description else definition


def _ref(name: str, description: str = "") -> dict[str, Any]:
    return _described({"$ref": f"#/definitions/{name}"}, description)


def _list_of(item: dict[str, Any], description: str = "") -> dict[str, Any]:
    return _described({"type": "array", "items": item}, description)


def _object(properties: dict[str, Any], required: tuple[str, ...] = (), supported: bool = False) -> dict[str, Any]:
    """A mapping of known keys only; `supported`: it needs `cite` or `editorial`, as facts do."""
    result: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        result["required"] = list(required)
    if supported:
        result["anyOf"] = [{"required": ["cite"]}, {"required": ["editorial"]}]
    return result


def _support(keys: dict[str, str]) -> dict[str, Any]:
    """The keys every statement shares (cite, editorial, according_to, estimate, inferred, note, credibility;
    a fact's as_of and period) that `keys` has."""
    shapes = {"cite": _ref("cite"), "editorial": _TEXT, "according_to": {"type": "string"}, "estimate": _FLAG,
              "inferred": _TEXT, "note": _TEXT, "credibility": _ref("credibility"), "as_of": _ref("date"),
              "period": _ref("period")}
    return {key: _described(shapes[key], keys[key]) for key in keys if key in shapes}


def _disputable(one: dict[str, Any], alternative: str, description: str) -> dict[str, Any]:
    """A part given once, or as a list of two or more alternatives, each with its own support."""
    return {"description": description, "anyOf": [one, {"type": "array", "items": _ref(alternative), "minItems": 2}]}


def _definitions() -> dict[str, Any]:
    relation_help = {name: f"{t.forward} / {t.inverse}" for name, t in schema.RELATION_TYPES.items()}
    date_object = _object({key: _described(shape, schema.DATE_KEYS[key]) for key, shape in (
        ("value", {"type": ["string", "integer"], "pattern": DATE_PATTERN}), ("said", _TEXT),
        ("part", {"enum": ["early", "mid", "late"]}), ("approximate", _FLAG), ("inferred", _TEXT))})
    date_object["oneOf"] = [{"required": ["value"]}, {"required": ["said"]}]
    date_alternative = {**date_object, "properties": {**date_object["properties"], **_support(schema.SUPPORT_KEYS)},
                        "anyOf": [{"required": ["cite"]}, {"required": ["editorial"]}]}
    fact_keys = {k: v for k, v in schema.FACT_KEYS.items() if k != "value"}
    number = {"type": ["number", "string"], "pattern": "^[0-9]+(?:\\.[0-9]+)?$"}
    keys = schema.RELATION_KEYS
    return {
        "id": {"type": "string", "pattern": ID_PATTERN,
               "description": "the id of a record: its file name without .yml"},
        "date": {"description": "YYYY, YYYY-MM or YYYY-MM-DD (quoted), or a mapping with its precision and certainty",
                 "anyOf": [{"type": "string", "pattern": DATE_PATTERN},
                           {"type": "integer", "minimum": 1, "maximum": 9999}, date_object]},
        "citation": {"description": "a quote from the default source, or {quote, source, prefix, suffix}",
                     "anyOf": [{"type": "string"},
                               _object({"source": _ref("id", schema.CITATION_KEYS["source"]),
                                        "quote": _described(_TEXT, schema.CITATION_KEYS["quote"]),
                                        "prefix": _described(_TEXT, schema.CITATION_KEYS["prefix"]),
                                        "suffix": _described(_TEXT, schema.CITATION_KEYS["suffix"])},
                                       ("quote",))]},
        "period": _object({"from": _ref("date", "start date"),
                           "to": {"description": "end date, or present if ongoing",
                                  "anyOf": [{"const": "present"}, _ref("date")]}}),
        "relation_period": _object({"from": _disputable(_ref("date"), "date_alternative", "start date"),
                                    "to": {"description": "end date, or present if ongoing",
                                           "anyOf": [{"const": "present"}, _ref("date"),
                                                     {"type": "array", "items": _ref("date_alternative"),
                                                      "minItems": 2}]}}),
        "date_alternative": _described(date_alternative, "one date a source gives, with its own support"),
        "id_alternative": _object({"value": _ref("id", schema.ALTERNATIVE_KEYS["value"]),
                                   **_support(schema.SUPPORT_KEYS)}, ("value",), supported=True),
        "number_alternative": _object({"value": _described(number, schema.ALTERNATIVE_KEYS["value"]),
                                       **_support(schema.SUPPORT_KEYS)}, ("value",), supported=True),
        "ending": _object({"on": _ref("date", schema.ENDING_KEYS["on"]),
                           "unknown_since": _ref("date", schema.ENDING_KEYS["unknown_since"]),
                           **_support(schema.SUPPORT_KEYS)}, supported=True),
        "credibility": _object({"grade": {"enum": list(schema.CREDIBILITY), "description": schema.GRADE_KEYS["grade"]},
                                "reason": _described(_TEXT, schema.GRADE_KEYS["reason"])}, ("grade", "reason")),
        "reliability": _object({"grade": {"enum": list(schema.RELIABILITY), "description": schema.GRADE_KEYS["grade"]},
                                "reason": _described(_TEXT, schema.GRADE_KEYS["reason"])}, ("grade", "reason")),
        "cite": {"description": schema.FACT_KEYS["cite"],
                 "anyOf": [_ref("citation"), {"type": "array", "items": _ref("citation"), "minItems": 1}]},
        "text_fact": _object({"value": _described(_TEXT, schema.FACT_KEYS["value"]), **_support(fact_keys)},
                             ("value",), supported=True),
        "ref_fact": _object({"value": _ref("id", schema.FACT_KEYS["value"]), **_support(fact_keys)},
                            ("value",), supported=True),
        "occurrence_fact": _object({"date": _ref("date", schema.OCCURRENCE_KEYS["date"]),
                                    "place": _ref("id", schema.OCCURRENCE_KEYS["place"]),
                                    "by": _described({"anyOf": [_TEXT, _list_of(_ref("id"))]},
                                                     schema.OCCURRENCE_KEYS["by"]), **_support(fact_keys)},
                                   supported=True),
        "coordinates_fact": _object({"lat": _described({"type": "string", "pattern": r"^-?[0-9]{1,2}(\.[0-9]+)?$"},
                                                       schema.COORDINATE_KEYS["lat"]),
                                     "lon": _described({"type": "string", "pattern": r"^-?[0-9]{1,3}(\.[0-9]+)?$"},
                                                       schema.COORDINATE_KEYS["lon"]),
                                     "precision": {"enum": list(schema.PRECISIONS),
                                                   "description": schema.COORDINATE_KEYS["precision"]},
                                     **_support(fact_keys)}, ("lat", "lon", "precision"), supported=True),
        "relation": _object({
            "type": {"enum": list(schema.RELATION_TYPES), "description": schema.RELATION_KEYS["type"],
                     "enumDescriptions": list(relation_help.values())},
            "target": _disputable(_ref("id"), "id_alternative", keys["target"]),
            "role": _described(_TEXT, keys["role"]),
            "target_role": _described(_TEXT, keys["target_role"]),
            "period": _ref("relation_period", keys["period"]),
            "on": _disputable(_ref("date"), "date_alternative", keys["on"]),
            "as_of": _disputable(_ref("date"), "date_alternative", keys["as_of"]),
            "ended": _ref("ending", keys["ended"]),
            "amount": _disputable(number, "number_alternative", keys["amount"]),
            "currency": {"enum": sorted(CODES), "description": keys["currency"]},
            "share": _disputable(number, "number_alternative", keys["share"]),
            "reviewed": _reviewed(keys["reviewed"]),
            **_support(schema.SUPPORT_KEYS),
        }, ("type", "target"), supported=True),
        "quote": _object({
            "text": _described(_TEXT, schema.QUOTE_KEYS["text"]),
            "source": _ref("id", schema.QUOTE_KEYS["source"]),
            "about": _list_of(_ref("id"), schema.QUOTE_KEYS["about"]),
            "date": _ref("date", schema.QUOTE_KEYS["date"]),
            "medium": _described(_TEXT, schema.QUOTE_KEYS["medium"]),
            "context": _described(_TEXT, schema.QUOTE_KEYS["context"]),
            "prefix": _described(_TEXT, schema.QUOTE_KEYS["prefix"]),
            "suffix": _described(_TEXT, schema.QUOTE_KEYS["suffix"]),
        }, ("text",)),
    }


def _field(spec: schema.FieldSpec) -> dict[str, Any]:
    fact = _ref({"text": "text_fact", "ref": "ref_fact", "occurrence": "occurrence_fact",
                 "coordinates": "coordinates_fact"}[spec.type])
    description = f"{spec.label}: {spec.help}" if spec.help else spec.label
    if spec.many:
        return _list_of(fact, description)
    return {"description": description + " (a list of facts where sources differ)",
            "anyOf": [fact, _list_of(fact)]}


def _entity(kind: str) -> dict[str, Any]:
    keys = schema.ENTITY_KEYS
    properties = {
        "name": _described(_TEXT, keys["name"]),
        "aliases": _list_of(_ref("text_fact"), keys["aliases"]),
        "summary": {"description": keys["summary"], "anyOf": [_ref("text_fact"), _list_of(_ref("text_fact"))]},
        **{spec.key: _field(spec) for spec in schema.KIND_FIELDS[kind]},
        "relations": _list_of(_ref("relation"), keys["relations"]),
        "quotes": _list_of(_ref("quote"), keys["quotes"]),
        "reviewed": _reviewed(keys["reviewed"]),
        "previous_ids": _list_of(_ref("id"), keys["previous_ids"]),
    }
    return _object(properties, ("name", "summary"))


def _reviewed(description: str) -> dict[str, Any]:
    """`reviewed:`: a field's (or a part's) name -> the editor's reason its values stand side by side."""
    return {"type": "object", "additionalProperties": {"type": "string", "minLength": 1}, "description": description}


def _source() -> dict[str, Any]:
    keys = schema.SOURCE_KEYS
    return _object({"title": _described(_TEXT, keys["title"]), "author": _ref("id", keys["author"]),
                    "outlet": _described(_TEXT, keys["outlet"]), "dateline": _ref("id", keys["dateline"]),
                    "date": _ref("date", keys["date"]),
                    "url": {"type": "string", "pattern": "^https?://", "description": keys["url"]},
                    "text": {"type": "string", "description": keys["text"]},
                    "reliability": _ref("reliability", keys["reliability"]),
                    "retrieved": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$",
                                  "description": keys["retrieved"]},
                    "sha256": {"type": "string", "pattern": "^[0-9a-fA-F]{64}$", "description": keys["sha256"]},
                    "text_edited": _described(_TEXT, keys["text_edited"]),
                    "unchecked": {"type": "array", "items": {"enum": list(schema.UNCHECKABLE)},
                                  "description": keys["unchecked"]},
                    "previous_ids": _list_of(_ref("id"), keys["previous_ids"])}, ("title", "text"))


def _event() -> dict[str, Any]:
    keys = schema.EVENT_KEYS
    return _object({"date": _disputable(_ref("date"), "date_alternative", keys["date"]),
                    "title": _described(_TEXT, keys["title"]),
                    "place": _disputable(_ref("id"), "id_alternative", keys["place"]),
                    "involves": _list_of(_ref("id"), keys["involves"]),
                    "reviewed": _reviewed(keys["reviewed"]),
                    "previous_ids": _list_of(_ref("id"), keys["previous_ids"]),
                    **_support(keys)},
                   ("date", "title"), supported=True)


def _settings() -> dict[str, Any]:
    keys = schema.SETTINGS_KEYS
    return _object({"title": _described(_TEXT, keys["title"]), "description": _described(_TEXT, keys["description"]),
                    "default_source": _ref("id", keys["default_source"]),
                    "key_entities": _list_of(_ref("id"), keys["key_entities"]),
                    "language": {"type": "string", "pattern": r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$",
                                 "description": keys["language"]}}, ("title", "description"))


SCHEMA_NAMES: tuple[str, ...] = (*(kind.name for kind in KINDS), "settings")
"""One schema per kind of record, and one for dossier.yml."""


def record_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of one kind of record ('group', ..., 'event') or of dossier.yml ('settings')."""
    if name in ENTITY_KINDS:
        body, title = _entity(name), f"A {name} record of a dossier"
    else:
        body, title = {"source": _source, "event": _event, "settings": _settings}[name](), (
            "A dossier's dossier.yml" if name == "settings" else f"A {name} record of a dossier")
    return {"$schema": DRAFT, "title": title,
            "$comment": "Generated from the dossier engine's record schema; `build.py schema` rewrites it.",
            **body, "definitions": _definitions()}


def schema_file(name: str) -> str:
    return f"{name}.schema.json"


@functools.cache
def schema_files() -> dict[str, bytes]:
    """File name -> bytes of every schema, as the site's data/schema/ and a project's schema/ hold them
    (made once: they depend on the engine alone)."""
    return {schema_file(name): (json_text(record_schema(name), indent=2) + "\n").encode()
            for name in SCHEMA_NAMES}


def schema_for(content_path: str) -> str:
    """The schema a content file follows, from its path in the content folder ('people/x.yml' -> 'person')."""
    folder = content_path.split("/")[0]
    kind = next((k.name for k in KINDS if k.folder == folder), "settings")
    return schema_file(kind)


def outdated_schema_files(project_root: Path) -> list[str]:
    """The files of a project's schema/ folder that differ from this engine's (none if it has no such folder)."""
    folder = project_root / SCHEMA_FOLDER
    if not folder.is_dir():
        return []
    outdated = []
    for name, data in schema_files().items():
        try:
            same = (folder / name).read_bytes() == data
        except OSError:
            same = False
        if not same:
            outdated.append(f"{SCHEMA_FOLDER}/{name}")
    return outdated


def write_schema_folder(project_root: Path) -> list[str]:
    """Write this engine's schema files into the project's schema/ folder; their paths."""
    folder = project_root / SCHEMA_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in schema_files().items():
        (folder / name).write_bytes(data)
    return [f"{SCHEMA_FOLDER}/{name}" for name in schema_files()]
