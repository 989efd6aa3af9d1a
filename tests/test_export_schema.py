"""The JSON Schema of the record format: generated from the schema module, it accepts every record
the build accepts (the seed, the fixtures, a new project's examples, a synthetic dossier) and
flags the mistakes an editor makes; a new project holds it and its records name it."""

from __future__ import annotations

import functools
import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from benchmarks.synthetic import generate
from dossier.core.schema import KIND_FIELDS, RELATION_TYPES
from dossier.export.recordschema import SCHEMA_NAMES, record_schema, schema_files, schema_for
from dossier.scaffold import EXAMPLES
from tests.helpers import MINIMAL, ROOT, SITES


@functools.cache
def validator(name: str) -> jsonschema.Draft7Validator:
    schema = record_schema(name)
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def errors(name: str, record: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(name).iter_errors(record)]


class Yaml12(yaml.SafeLoader):
    """YAML as editors' tools read it (YAML 1.2): only true and false are booleans, so a key such
    as `on` stays the word it is (YAML 1.1, PyYAML's default, reads it as true)."""


Yaml12.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
Yaml12.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                             list("tTfF"))


def load_yaml(text: str):
    return yaml.load(text, Loader=Yaml12)  # noqa: S506 (a safe loader)


def content_records(content: Path):
    for path in sorted(content.rglob("*.yml")):
        rel = path.relative_to(content).as_posix()
        yield rel, load_yaml(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_each_schema_is_a_valid_draft_7_schema(name):
    jsonschema.Draft7Validator.check_schema(record_schema(name))


@pytest.mark.parametrize("content", [ROOT / "content", MINIMAL / "content", SITES / "disputed" / "content"],
                         ids=["seed", "minimal", "disputed"])
def test_the_records_the_build_accepts_the_schema_accepts(content):
    found = {rel: errors(schema_for(rel).removesuffix(".schema.json"), record)
             for rel, record in content_records(content)}
    assert len(found) >= 10
    assert {rel: e for rel, e in found.items() if e} == {}


def test_a_synthetic_dossier_is_accepted_too(tmp_path):
    generate(60, tmp_path / "synthetic")
    found = {rel: errors(schema_for(rel).removesuffix(".schema.json"), record)
             for rel, record in content_records(tmp_path / "synthetic" / "content")}
    assert {rel: e for rel, e in found.items() if e} == {}


def test_a_new_projects_examples_are_accepted():
    for rel, text in EXAMPLES.items():
        if rel.endswith(".yml"):
            assert errors(schema_for(rel).removesuffix(".schema.json"), load_yaml(text)) == [], rel


@pytest.mark.parametrize("record, problem", [
    ({"summary": {"value": "x", "editorial": "y"}}, "'name' is a required property"),
    ({"name": "X", "summary": {"value": "x", "editorial": "y"}, "nickname": "Y"},
     "Additional properties are not allowed ('nickname' was unexpected)"),
    ({"name": "X", "summary": {"value": "x"}}, "summary: "),
    ({"name": "X", "summary": "just text"}, "summary: "),
    ({"name": "X", "summary": {"value": "x", "cite": "y"}, "relations": [{"type": "leader-off", "target": "y",
                                                                          "cite": "z"}]}, "relations/0/type: "),
    ({"name": "X", "summary": {"value": "x", "cite": "y"}, "relations": [{"type": "leader-of", "target": "Not An Id",
                                                                          "cite": "z"}]}, "relations/0/target: "),
    ({"name": "X", "summary": {"value": "x", "cite": "y"}, "born": {"date": "1970-13-40x", "cite": "y"}}, "born: "),
    ({"name": "X", "summary": {"value": "x", "cite": "y"}, "born": {"date": {"value": "1970", "said": "May"},
                                                                    "cite": "y"}}, "born: "),
    ({"name": "X", "summary": {"value": "x", "cite": "y"}, "fate": {"value": "dead", "estimate": "maybe",
                                                                    "cite": "y"}}, "fate: "),
])
def test_the_mistakes_an_editor_makes_are_flagged(record, problem):
    found = errors("person", record)
    assert any(e.startswith(problem) or problem in e for e in found), found


def test_field_names_and_relation_types_come_from_the_schema_module():
    person = record_schema("person")
    assert set(person["properties"]) == {"name", "aliases", "summary", "relations", "quotes", "reviewed", "previous_ids"} | {
        spec.key for spec in KIND_FIELDS["person"]}
    relation = person["definitions"]["relation"]["properties"]["type"]
    assert relation["enum"] == list(RELATION_TYPES)
    assert relation["enumDescriptions"][0] == "leader of / led by"
    assert person["properties"]["born"]["description"].startswith("Born: date and place of birth")


def test_the_sites_data_folder_holds_the_schema(minimal_site):
    files, _ = minimal_site
    for name, data in schema_files().items():
        assert files[f"data/schema/{name}"] == data
        json.loads(data)


# -- a new project -----------------------------------------------------------------

def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], capture_output=True, text=True)


def test_a_new_project_holds_the_schema_and_each_record_names_its_own(tmp_path):
    project = tmp_path / "new"
    assert run("new", str(project)).returncode == 0
    for name, data in schema_files().items():
        assert (project / "schema" / name).read_bytes() == data
    for rel in EXAMPLES:
        if rel.endswith(".yml"):
            first = (project / "content" / rel).read_text().splitlines()[0]
            assert first.startswith("# yaml-language-server: $schema=")
            target = (project / "content" / rel).parent / first.split("=", 1)[1]
            assert target.resolve() == (project / "schema" / schema_for(rel)).resolve(), rel
    assert schema_for("dossier.yml") == "settings.schema.json" and schema_for("people/x.yml") == "person.schema.json"


def test_an_outdated_schema_is_warned_of_and_the_schema_command_rewrites_it(tmp_path):
    project = tmp_path / "new"
    run("new", str(project))
    (project / "schema" / "person.schema.json").write_text("{}")
    result = run("--project", str(project), "validate")
    assert result.returncode == 0
    assert "schema/person.schema.json: warning: " in result.stderr and "[schema.outdated]" in result.stderr
    assert run("--project", str(project), "schema").returncode == 0
    assert (project / "schema" / "person.schema.json").read_bytes() == schema_files()["person.schema.json"]
    assert "schema.outdated" not in run("--project", str(project), "validate").stderr


def test_a_project_without_a_schema_folder_gets_no_warning(minimal_project):
    assert "schema" not in run("--project", str(minimal_project), "validate").stderr


@pytest.mark.parametrize("keys, where", [
    ("RELATION_KEYS", ("definitions", "relation")), ("QUOTE_KEYS", ("definitions", "quote")),
    ("CITATION_KEYS", ("definitions", "citation", "anyOf", 1)), ("SOURCE_KEYS", ()), ("EVENT_KEYS", ()),
])
def test_every_key_of_the_record_format_is_in_the_schema(keys, where):
    """The schema is written key by key: a key the engine accepts and the schema lacks would be
    flagged as a mistake in the editor's tools. Fact keys are checked through the facts."""
    name = {"SOURCE_KEYS": "source", "EVENT_KEYS": "event"}.get(keys, "group")
    node = record_schema(name)
    for step in where:
        node = node[step]
    from dossier.core import schema
    assert set(getattr(schema, keys)) <= set(node["properties"]), keys


def test_every_key_of_a_fact_is_in_the_schema():
    from dossier.core import schema
    definitions = record_schema("group")["definitions"]
    assert set(schema.FACT_KEYS) <= set(definitions["text_fact"]["properties"])
    assert set(schema.FACT_KEYS) - {"value"} | set(schema.OCCURRENCE_KEYS) <= set(
        definitions["occurrence_fact"]["properties"])
