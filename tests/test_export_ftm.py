"""The FollowTheMoney export: every line is an entity FollowTheMoney's own library accepts, and
every record, relation and place reference of the dossier is there exactly once.

`followthemoney` is a test-only dependency: the build writes the JSON itself.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest
from followthemoney import model

from dossier.core.schema import KIND_FIELDS
from dossier.export.ftmvalues import RELATION_SCHEMATA, links_as_entities
from tests.helpers import build_py


def entities(files: dict[str, bytes]) -> list[dict]:
    return [json.loads(line) for line in files["data/entities.ftm.json"].decode("utf-8").splitlines()]


def problems(entity: dict, ids: dict[str, str]) -> list[str]:
    """Everything FollowTheMoney would reject or silently drop in one entity (`ids`: id -> schema of the file)."""
    found = []
    schema = model.get(entity["schema"])
    if schema is None or schema.abstract:
        return [f"{entity['id']}: no concrete schema {entity['schema']}"]
    if not model.get("Thing").get("proof").type.validate(entity["id"]):
        found.append(f"{entity['id']}: not a valid FollowTheMoney id")
    props = entity["properties"]
    for name in schema.required:
        if not props.get(name):
            found.append(f"{entity['id']}: required property {name} missing")
    for name, values in props.items():
        prop = schema.get(name)
        if prop is None:
            found.append(f"{entity['id']}: {schema.name} has no property {name}")
            continue
        for value in values:
            if not isinstance(value, str) or not prop.type.validate(value):
                found.append(f"{entity['id']}: {name}={value!r} is not a valid {prop.type.name}")
            elif prop.type.name == "entity":
                if value not in ids:
                    found.append(f"{entity['id']}: {name} points at {value}, which the file does not hold")
                elif prop.range is not None and not model.get(ids[value]).is_a(prop.range):
                    found.append(f"{entity['id']}: {name} points at a {ids[value]}, not a {prop.range.name}")
    if not found:
        schema.validate(entity)  # FollowTheMoney's own check; raises InvalidData
        proxy = model.get_proxy(entity, cleaned=False)
        if proxy.to_dict()["properties"] != props:
            found.append(f"{entity['id']}: FollowTheMoney reads it back differently")
    return found


@pytest.mark.parametrize("site", ["seed_site", "minimal_site"])
def test_every_entity_is_valid_for_its_schema(site, request):
    files, _ = request.getfixturevalue(site)
    lines = entities(files)
    ids = {e["id"]: e["schema"] for e in lines}
    assert len(ids) == len(lines), "an id is used twice"
    assert [p for e in lines for p in problems(e, ids)] == []


def expected_counts(dossier) -> Counter:
    """What the dossier holds, counted from the model, by the schema each thing should become."""
    counts = Counter({"Organization": 0, "Person": 0, "Territory": 0})
    counts.update({"group": "Organization", "person": "Person", "place": "Territory"}[e.kind]
                  for e in dossier.entities.values())
    counts["Document"] = len(dossier.sources)
    counts["Event"] = len(dossier.events)
    for entity in dossier.entities.values():
        for relation in entity.relations:
            counts[RELATION_SCHEMATA.get(relation.type, ("UnknownLink",))[0]] += 1
        for spec in KIND_FIELDS[entity.kind]:
            if links_as_entities(entity.kind, spec):
                counts["UnknownLink"] += sum(1 for f in entity.field(spec.key)
                                             if (f.value.place if spec.type == "occurrence" else f.value))
    return +counts


@pytest.mark.parametrize("site", ["seed_site", "minimal_site"])
def test_counts_per_schema_equal_the_dossiers_own(site, request):
    files, dossier = request.getfixturevalue(site)
    assert Counter(e["schema"] for e in entities(files)) == expected_counts(dossier)


def test_the_seed_has_each_kind_of_entity_and_of_relation_schema(seed_site):
    schemata = {e["schema"] for e in entities(seed_site[0])}
    assert {"Organization", "Person", "Territory", "Document", "Event", "Directorship", "Membership",
            "UnknownLink"} <= schemata


def by_id(files) -> dict[str, dict]:
    return {e["id"]: e for e in entities(files)}


def test_a_relation_keeps_its_ends_role_period_and_proof(seed_site):
    """usman-ghazi's first relation: leader-of imu, as emir, from 2012, cited from the article, its end
    unknown since the battle of 11 December 2015 (not running on, and not ended either)."""
    relation = by_id(seed_site[0])["usman-ghazi.relation-1"]
    assert relation["schema"] == "Directorship"
    assert relation["properties"] == {"director": ["usman-ghazi"], "organization": ["imu"],
                                      "role": ["emir (the fourth)"], "startDate": ["2012"],
                                      "status": ["unknown since 2015-12-11"],
                                      "description": ["Usman Ghazi: unknown since 11 December 2015 (inferred)"],
                                      "proof": ["caravanserai-imu-cuts-ties-with-isil"]}


def test_other_relation_types_are_unknown_links_worded_as_on_the_page(minimal_site):
    links = [e for e in entities(minimal_site[0]) if e["id"] == "harbour-police.relation-1"]
    assert links and links[0]["schema"] == "UnknownLink"
    assert links[0]["properties"]["role"][0] == "attacked"
    assert links[0]["properties"]["subject"] == ["harbour-police"]


def test_dates_keep_their_precision(seed_site, minimal_site):
    seed, minimal = by_id(seed_site[0]), by_id(minimal_site[0])
    assert seed["usman-ghazi"]["properties"]["birthDate"] == ["1970"]
    assert seed["2015-08-imu-aligns-with-isil-khorasan"]["properties"]["date"] == ["2015-08"]
    assert seed["2015-12-11-taliban-decimate-imu-in-zabul"]["properties"]["date"] == ["2015-12-11"]
    # "early March" in a source dated 2021-04: the month, with the year inferred
    assert minimal["2021-03-early-raid-recalled"]["properties"]["date"] == ["2021-03"]


def test_sources_are_documents_with_their_text_and_facts_cite_them_as_proof(minimal_site):
    files, dossier = minimal_site
    found = by_id(files)
    gazette = found["harbour-gazette"]
    assert gazette["schema"] == "Document"
    assert gazette["properties"]["bodyText"] == [dossier.sources["harbour-gazette"].text.strip()]
    assert gazette["properties"]["author"] == ["Lena Ostrom"]
    assert found["ada-varga"]["properties"]["proof"] == ["harbour-gazette"]


def test_places_are_territories_and_a_country_is_what_they_are_part_of(seed_site):
    tashkent = by_id(seed_site[0])["tashkent"]
    assert tashkent["schema"] == "Territory"
    assert tashkent["properties"]["partOf"] == ["uzbekistan"]


def test_line_and_paragraph_separators_are_escaped_in_every_json_file(minimal_project):
    """U+2028 and U+2029 are line breaks to Unicode-aware line splitters (Python's str.splitlines,
    editors, older JavaScript): written raw, a JSON-lines file read as more lines than it has, and the
    pieces did not parse. A source's text may hold them (YAML's double-quoted escapes \\L and \\P)."""
    courier = minimal_project / "content" / "sources" / "island-courier.yml"
    text = courier.read_text()
    body = text[text.index("text: |\n"):]
    words = " ".join(body.removeprefix("text: |\n").split())
    courier.write_text(text.replace(body, f'text: "Islanders recall.\\L\\P {words}"\n'))
    result = build_py(minimal_project, "build")
    assert result.returncode == 0, result.stderr
    site = minimal_project / "site"
    lines = (site / "data" / "entities.ftm.json").read_text(encoding="utf-8")
    assert lines.count("\n") == len(lines.splitlines()), "a line splitter reads more lines than there are"
    bodies = [e["properties"].get("bodyText", [""])[0] for e in map(json.loads, lines.splitlines())]
    assert any("Islanders recall.\u2028\u2029" in body for body in bodies)
    for path in site.rglob("*"):
        if path.suffix in (".json", ".js", ".jsonl") or path.name.endswith(".ftm.json"):
            data = path.read_text(encoding="utf-8")
            assert "\u2028" not in data and "\u2029" not in data, path.relative_to(site)
