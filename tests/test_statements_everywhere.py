"""Every statement, in every output that shows it, with its attribution, its certainty and its grade.

Walks every statement of the seed and of each test dossier (tests/sites/) and finds it in each
output that shows it, each in that output's own form:

- pages (profiles, the chronology, print.html): the element that carries its `data-statement`
  says "according to" and links the one it is according to, flags "estimate", "inferred" and
  "editorial" (an approximate date reads "c. ..."), and shows its grade;
- drawings (the networks, the profile timeline, the map of the groups, the chronology's
  timeline): the same marks everywhere: "per <name>", "est.", "?", "ed.", "c." and the grade; where a
  relation is known to end ("ended", "unknown since"), the end as its own statement words it, followed
  by that statement's own marks, so a drawing names whose word an end rests on;
- the search index: the same words as the pages, in brackets after what a result shows;
- JSON-LD: a Claim (for each statement that is not plain, or is graded) with the qualifiers in
  its text, the record as its author, the certainty as keywords and the grade in a ClaimReview;
- statements.csv: its rows, by statement_id, with according_to, the flags and the grades;
- entities.ftm.json: its words with every qualifier, as a note of its entity;
- relations.graphml, relations.csv and events.csv: its columns.
"""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser

import pytest

from dossier.build.read import read_dossier
from dossier.build.site import build_files
from dossier.core.project import load_project
from dossier.core.statement import Statement
from dossier.core.urls import entity_url
from dossier.drawing.chronology import POINTS_LIMIT
from dossier.drawing.lifelines import PEOPLE_PER_GROUP, chosen_groups
from dossier.drawing.network import KINDS as NETWORK_KINDS
from dossier.drawing.network import NEAR_CAP
from dossier.drawing.words import SHORT_MONTHS
from dossier.link import wording
from dossier.link.statements import parts_of
from tests.helpers import ROOT, SITES

DOSSIERS = {"seed": ROOT, **{site.name: site for site in sorted(SITES.iterdir()) if (site / "mkdocs.yml").is_file()}}


@pytest.fixture(scope="module", params=sorted(DOSSIERS))
def built(request):
    result = build_files(load_project(DOSSIERS[request.param]), jobs=1)
    return request.param, result.files, result.dossier


def test_every_test_dossier_is_walked():
    assert {"seed", "minimal", "disputed", "vallis", "castor"} <= set(DOSSIERS)


# -- reading the outputs -------------------------------------------------------------

class Marked(HTMLParser):
    """The text, links and grades of every element carrying a `data-statement`, by statement id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, str | None]] = []
        self.found: dict[str, list[dict]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        statement = values.get("data-statement")
        if tag in ("br", "img", "input", "meta", "link"):
            return
        self.open.append((tag, statement, "grade" in (values.get("class") or "").split()))
        if statement:
            self.found.setdefault(statement, []).append({"text": "", "links": [], "grades": ""})
        for _, open_statement, _ in self.open:
            if open_statement:
                item = self.found[open_statement][-1]
                if tag == "a" and values.get("href"):
                    item["links"].append(values["href"])

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            open_tag, _, _ = self.open.pop()
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        in_grade = any(grade for _, _, grade in self.open)
        for _, statement, _ in self.open:
            if statement:
                item = self.found[statement][-1]
                item["text"] += data
                if in_grade:
                    item["grades"] += data


def marked(page: bytes) -> dict[str, list[dict]]:
    parser = Marked()
    parser.feed(page.decode("utf-8"))
    return parser.found


def words(text: str) -> str:
    return " ".join(text.split())


def svg_blocks(page: str) -> list[str]:
    """Each drawing of a page, whole (a drawing nests small <svg> elements for its arrows)."""
    blocks = []
    for start in (m.start() for m in re.finditer(r'<svg class="drawing', page)):
        depth, at = 0, start
        for tag in re.finditer(r"<(/?)svg\b", page[start:]):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                at = start + tag.end()
                break
        blocks.append(page[start:page.index(">", at) + 1])
    return blocks


def block_text(svg: str) -> str:
    return words(re.sub(r"<[^>]+>", " ", svg)).replace("&amp;", "&")


def read_csv(data: bytes) -> list[dict[str, str]]:
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    return [{k: v[1:] if v.startswith("'") else v for k, v in row.items()} for row in rows]


# -- what each output should say -----------------------------------------------------

def html_says(statement: Statement, item: dict, dossier) -> list[str]:
    """What a page's element for a statement fails to say; [] if it says all."""
    q, text = statement.qualifiers, words(item["text"])
    missing = []
    if q.according_to:
        name = dossier.name_of(q.according_to)
        if f"according to {name}" not in text or not any(
                link.endswith(entity_url(dossier.kind_of(q.according_to), q.according_to)) for link in item["links"]):
            missing.append(f"according to {name}")
    for word in q.certainty:
        shown = {"approximate": "c. " in text or "approximate" in text or "about this year" in text
                 }.get(word, word in text)
        if not shown:
            missing.append(word)
    if q.grade and q.grade not in item["grades"]:
        missing.append(f"grade {q.grade}")
    return missing


def marks_missing(statement: Statement, text: str, dossier) -> list[str]:
    """What of a statement's marks a drawing's text for it lacks (dates carry 'c.' and '?' themselves), and of
    its end's (`ending_missing`)."""
    q = statement.qualifiers
    expected = list(q.marks)
    if q.approximate:
        expected.append("c.")
    if q.inferred or q.dates_inferred:
        expected.append("?")
    return [mark for mark in expected if mark not in text] + ending_missing(statement, text, dossier)


def ending_of(statement: Statement, dossier) -> Statement | None:
    return dossier.statements.get(f"{statement.id}.ended") if statement.kind == "relation" else None


def ending_missing(statement: Statement, text: str, dossier, said_as=None) -> list[str]:
    """Where a relation is known to end ('ended', 'unknown since'), a statement of its own: what a text for the
    relation lacks of it. The end as the statement model words it, then each of the end's own marks (whose
    word it rests on) after it, so that none reads as the relation's; `said_as` gives the end's qualifiers
    (a drawing's marks by default)."""
    ending = ending_of(statement, dossier)
    if ending is None:
        return []
    said = wording.ending_words(ending.value.value, SHORT_MONTHS, marks=True)
    if said not in text:
        return [f"its end '{said}' ({ending.id})"]
    after = text[text.index(said) + len(said):]
    expected = said_as(ending) if said_as else [m for m in ending.qualifiers.marks]
    return [f"{m} after its end ({ending.id})" for m in expected if m not in after]


def qualified_words(statement: Statement) -> list[str]:
    """Its qualifiers in words, with its grade and, for a field's value, when it held."""
    q = statement.qualifiers
    return [*q.words, *([f"graded {q.grade}"] if q.grade else []), *([q.held] if q.held else [])]


def pages_showing(dossier, statement: Statement) -> list[str]:
    """The pages whose text shows a statement: its record's profile, the other side's, the chronology."""
    root = dossier.statements[statement.parent] if statement.parent else statement
    if root.kind == "event":
        event = root.value
        pages = [entity_url(dossier.kind_of(e), e) for e in dict.fromkeys(event.involves + event.places)]
        return pages + ["chronology.html"]
    if root.kind == "relation":
        relation = root.value
        return [entity_url(dossier.kind_of(r), r) for r in (relation.subject, *relation.targets)]
    return [entity_url(dossier.kind_of(root.subject), root.subject)]


# -- the walk ------------------------------------------------------------------------

def test_every_page_shows_each_statement_with_its_qualifiers(built):
    name, files, dossier = built
    found = {url: marked(files[url]) for url in files if url.endswith(".html")}
    problems = []
    for statement in dossier.statements.values():
        pages = pages_showing(dossier, statement)
        if "print.html" in files:  # every profile and the chronology, on one page
            pages.append("print.html")
        for url in pages:
            items = found[url].get(statement.id)
            if not items:
                problems.append(f"{url}: {statement.id} not shown")
                continue
            problems += [f"{url}: {statement.id} lacks {', '.join(m)}" for item in items
                         if (m := html_says(statement, item, dossier))]
    assert problems == [], f"{name}:\n" + "\n".join(problems[:30])


def test_every_drawing_gives_each_statement_its_marks(built):
    name, files, dossier = built
    problems = []
    for entity_id, links in dossier.links.items():
        url = entity_url(dossier.kind_of(entity_id), entity_id)
        page = files[url].decode("utf-8")
        network = next(b for b in svg_blocks(page) if 'class="drawing network"' in b)
        lines = {m.group(1): block_text(m.group(2))  # each relation drawn, by the link to it, and its title
                 for m in re.finditer(r'<a href="([^"]*#r-\d+)"[^>]*><title>(.*?)</title>', network, re.S)}
        lanes = next((b for b in svg_blocks(page) if 'class="drawing lanes"' in b), "")
        lane_text = {m.group(1): block_text(m.group(2))
                     for m in re.finditer(r'<a href="#(r-\d+|e-[^"]+)"[^>]*>(.*?)</a>', lanes, re.S)}
        for index, link in enumerate(links):
            statement = link.statement
            if link.inverse:  # drawn as its subject's relation, linked to on its subject's profile
                subject = link.other
                at = next(i for i, back in enumerate(dossier.links[subject]) if back.relation is link.relation
                          and not back.inverse)
                href = f"../{entity_url(dossier.kind_of(subject), subject)}#r-{at}"
            else:
                href = f"#r-{index}"
            text = lines.get(href)
            if text is None:
                if dossier.kind_of(link.other) in ("group", "person") and index < NEAR_CAP:
                    problems.append(f"{url} network: {statement.id} not drawn")
                continue  # a record past the cap, or not a group or person, is listed, not drawn
            problems += [f"{url} network: {statement.id} lacks {m}" for m in marks_missing(statement, text, dossier)]
            if link.relation.first_date:
                problems += [f"{url} timeline: {statement.id} lacks {m}"
                             for m in marks_missing(statement, lane_text.get(f"r-{index}", ""), dossier)]
        for event in dossier.timelines.get(entity_id, ()):
            problems += [f"{url} timeline: {event.id} lacks {m}"
                         for m in marks_missing(dossier.statements[event.id], lane_text.get(f"e-{event.id}", ""), dossier)]
    assert problems == [], f"{name}:\n" + "\n".join(problems[:30])


def test_the_map_of_the_groups_and_the_chronology_give_each_its_marks(built):
    name, files, dossier = built
    problems = []
    page = files["groups-over-time.html"].decode("utf-8")
    drawing = svg_blocks(page)[0] if svg_blocks(page) else ""
    titles = {m.group(1): block_text(m.group(2))
              for m in re.finditer(r'<a href="([^"]+#r-\d+)"[^>]*>(.*?)</a>', drawing, re.S)}
    drawn = set(chosen_groups(dossier))
    for group in drawn:
        url = entity_url("group", group)
        people = 0
        for index, link in enumerate(dossier.links.get(group, ())):
            person = (link.inverse and link.relation.type in ("leader-of", "founder-of", "member-of")
                      and dossier.kind_of(link.other) == "person")
            crossing = not link.inverse and link.other in drawn and link.relation.first_date
            if not (person or crossing):
                continue
            text = titles.get(f"{url}#r-{index}")
            if text is None:
                people += person
                if person and people > PEOPLE_PER_GROUP:
                    continue
                problems.append(f"groups-over-time.html: {link.statement.id} not drawn")
                continue
            problems += [f"groups-over-time.html: {link.statement.id} lacks {m}" for m in marks_missing(link.statement, text, dossier)]
    if len(dossier.events) <= POINTS_LIMIT:
        chronology = files["chronology.html"].decode("utf-8")
        marks = {m.group(1): block_text(m.group(2))
                 for m in re.finditer(r'<a href="#e-([^"]+)"[^>]*>(.*?)</a>', svg_blocks(chronology)[0], re.S)}
        for event in dossier.events:
            problems += [f"chronology: {event.id} lacks {m}" for m in marks_missing(dossier.statements[event.id],
                                                                                  marks.get(event.id, ""), dossier)]
    assert problems == [], f"{name}:\n" + "\n".join(problems[:30])


def test_the_whole_network_gives_each_relation_it_draws_its_marks(built):
    name, files, dossier = built
    page = files["network.html"].decode("utf-8")
    blocks = svg_blocks(page)
    if not blocks:
        assert not any(dossier.links.get(e) for kind in NETWORK_KINDS for e in dossier.kinds.get(kind, ()))
        return
    lines = {m.group(1): block_text(m.group(2))
             for m in re.finditer(r'<a href="([^"]*#r-\d+)"[^>]*><title>(.*?)</title>', blocks[0], re.S)}
    drawn = set(re.findall(r'<a href="((?:groups|people)/[^"#]+)\.html"', blocks[0]))
    problems = []
    for entity_id, links in dossier.links.items():
        url = entity_url(dossier.kind_of(entity_id), entity_id)
        for index, link in enumerate(links):
            other = entity_url(dossier.kind_of(link.other), link.other)
            if link.inverse or url.removesuffix(".html") not in drawn or other.removesuffix(".html") not in drawn:
                continue
            text = lines.get(f"{url}#r-{index}")
            if text is None:
                problems.append(f"network.html: {link.statement.id} not drawn")
                continue
            problems += [f"network.html: {link.statement.id} lacks {m}" for m in marks_missing(link.statement, text, dossier)]
    assert drawn and problems == [], f"{name}:\n" + "\n".join(problems[:30])


def test_the_map_table_gives_each_relation_its_qualifiers_in_words(built):
    name, files, dossier = built
    page = files["groups-over-time.html"].decode("utf-8")
    rows = {re.search(r'href="([^"]+#r-\d+)"', row).group(1): words(re.sub(r"<[^>]+>", " ", row))
            for row in re.findall(r"<tr>(.*?)</tr>", page, re.S) if "#r-" in row}
    problems = []
    for url, text in rows.items():
        group, anchor = url.split("#")
        link = dossier.links[group.rsplit("/", 1)[-1].removesuffix(".html")][int(anchor[2:])]
        for word in qualified_words(link.statement):
            if word not in text.replace("&#39;", "'"):
                problems.append(f"groups-over-time.html table: {link.statement.id} lacks {word}")
        problems += [f"groups-over-time.html table: {link.statement.id} lacks {m}" for m in ending_missing(
            link.statement, text.replace("&#39;", "'"), dossier, said_as=qualified_words)]
    assert problems == [], f"{name}:\n" + "\n".join(problems)


def test_the_search_index_gives_what_it_shows_with_its_qualifiers(built):
    name, files, dossier = built
    script = files["assets/search-index.js"].decode("utf-8")
    quoted = script.removeprefix("window.DOSSIER_INDEX=JSON.parse('").rstrip().removesuffix("');")
    rows = json.loads(re.sub(r"\\(.)", lambda m: m.group(1), quoted))["rows"]  # js_quoted, undone
    contexts = {row[2]: row[3] for row in rows}
    problems = []
    for statement in dossier.statements.values():
        if statement.kind == "event":
            url = f"chronology.html#e-{statement.id}"
        elif statement.key == "aliases" or (statement.key == "summary" and statement.id.endswith("-1")
                                            and not dossier.entities[statement.subject].aliases):
            url = entity_url(dossier.kind_of(statement.subject), statement.subject)
        else:
            continue
        text = contexts[url]
        problems += [f"search: {statement.id} lacks {w}" for w in qualified_words(statement) if w not in text]
    assert problems == [], f"{name}:\n" + "\n".join(problems)


def jsonld(page: bytes) -> list[dict]:
    block = re.search(rb'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    return json.loads(block)["@graph"]


def test_json_ld_makes_each_statement_a_claim_with_its_qualifiers(built):
    name, files, dossier = built
    problems = []
    for statement in dossier.statements.values():
        if statement.qualifiers.plain and not statement.qualifiers.grade:
            continue  # nothing to qualify: a schema.org property of its record, where one fits
        for url in pages_showing(dossier, statement):
            if url == "chronology.html":
                continue
            graph = jsonld(files[url])
            claims = {n["@id"].split("#claim-")[1]: n for n in graph if n["@type"] == "Claim"}
            claim = claims.get(statement.id)
            if claim is None:
                problems.append(f"{url}: no claim for {statement.id}")
                continue
            q = statement.qualifiers
            problems += [f"{url}: {statement.id} text lacks {w}" for w in qualified_words(statement)
                         if w not in claim["text"]]
            if q.according_to and not claim.get("author", {}).get("@id", "").endswith(
                    entity_url(dossier.kind_of(q.according_to), q.according_to) + "#entity"):
                problems.append(f"{url}: {statement.id} has no author {q.according_to}")
            if not set(q.certainty) <= set(claim.get("keywords", ())):
                problems.append(f"{url}: {statement.id} keywords lack {q.certainty}")
            fact = statement.value
            if q.held and claim.get("temporalCoverage") != (
                    fact.as_of.iso if fact.as_of else
                    f"{fact.held.start.iso if fact.held.start else '..'}/"
                    f"{'..' if fact.held.ongoing or not fact.held.end else fact.held.end.iso}"):
                problems.append(f"{url}: {statement.id} temporalCoverage {claim.get('temporalCoverage')}")
            if q.grade:
                reviews = [n for n in graph if n["@type"] == "ClaimReview" and n["itemReviewed"]["@id"] == claim["@id"]]
                if [r["reviewRating"]["alternateName"] for r in reviews] != [q.grade]:
                    problems.append(f"{url}: {statement.id} has no review graded {q.grade}")
    assert problems == [], f"{name}:\n" + "\n".join(problems[:30])


def test_the_statements_table_gives_each_statement_its_qualifiers(built):
    name, files, dossier = built
    rows: dict[str, list[dict[str, str]]] = {}
    for row in read_csv(files["data/statements.csv"]):
        rows.setdefault(row["statement_id"], []).append(row)
    problems = []
    for statement in dossier.statements.values():
        q, mine = statement.qualifiers, rows.get(statement.id, [])
        if not mine:
            problems.append(f"statements.csv: no row for {statement.id}")
            continue
        checks = {"according_to": all(r["according_to"] == (q.according_to or q.outlet or "") for r in mine),
                  "estimate": all(r["estimate"] == ("true" if q.estimate else "") for r in mine),
                  "editorial": all(bool(r["editorial"]) == bool(q.editorial) for r in mine),
                  "credibility": all(r["credibility"] == (q.credibility.grade if q.credibility else "") for r in mine),
                  "approximate": not q.approximate or any(r["approximate"] == "true" for r in mine),
                  "inferred": not (q.inferred or q.dates_inferred) or any(r["inferred"] == "true" for r in mine),
                  "reliability": {r["source_reliability"] for r in mine if r["source_id"]} <= set(q.reliability) | {""},
                  "disputed": all((r["disputed"] == "true") == (statement.kind == "part") for r in mine),
                  "held": all(bool(r["as_of"] or r["held_from"] or r["held_to"]) == bool(q.held) for r in mine)}
        problems += [f"statements.csv: {statement.id} {what}" for what, ok in checks.items() if not ok]
    assert problems == [], f"{name}:\n" + "\n".join(problems[:30])


def test_followthemoney_notes_each_qualified_statement_in_words(built):
    name, files, dossier = built
    entities = {e["id"]: e for e in map(json.loads, files["data/entities.ftm.json"].decode().splitlines())}
    problems = []
    for statement in dossier.statements.values():
        if statement.qualifiers.plain:
            continue
        root = dossier.statements[statement.parent] if statement.parent else statement
        entity = entities[root.id if root.kind in ("relation", "event") else root.subject]
        notes = entity["properties"].get("notes", []) + entity["properties"].get("description", [])
        if statement.qualified_sentence not in notes:
            problems.append(f"entities.ftm.json: {entity['id']} has no note for {statement.id}")
    assert problems == [], f"{name}:\n" + "\n".join(problems[:30])


def test_graphml_and_the_tables_give_each_relation_and_event_its_qualifiers(built):
    name, files, dossier = built
    graph = files["data/relations.graphml"].decode("utf-8")
    edges = {}
    for match in re.finditer(r'<edge id="([^"]+)"[^>]*>(.*?)</edge>', graph, re.S):
        data = {k: v.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
                for k, v in re.findall(r'<data key="([^"]+)">([^<]*)</data>', match.group(2))}
        edges[re.sub(r"\.target-\d+$", "", match.group(1))] = data
    relations = {r["id"]: r for r in read_csv(files["data/relations.csv"])}
    events = {r["id"]: r for r in read_csv(files["data/events.csv"])}
    problems = []
    for statement in dossier.statements.values():
        q = statement.qualifiers
        if statement.kind in ("relation", "event"):
            cells = [edges[statement.id], relations[statement.id]] if statement.kind == "relation" else [
                events[statement.id]]
            for where, row in zip(("graphml", "csv"), cells, strict=False):
                if (row.get("according_to", "") != (q.according_to or q.outlet or "") or row.get("grade", "") != q.grade
                        or row.get("qualifiers", "") != "; ".join(q.words)):
                    problems.append(f"{where}: {statement.id} {row.get('according_to')!r} {row.get('grade')!r} "
                                    f"{row.get('qualifiers')!r}")
        elif statement.parent and statement.qualifier_text:
            parent = dossier.statements[statement.parent]
            rows = [edges[parent.id], relations[parent.id]] if parent.kind == "relation" else [events[parent.id]]
            column = "ended" if statement.kind == "ending" else "disputed"
            for row in rows:
                if statement.qualified(statement.words) not in row.get(column, ""):
                    problems.append(f"{column}: {parent.id} lacks {statement.id}")
    assert problems == [], f"{name}:\n" + "\n".join(problems[:30])


def test_a_part_statement_always_belongs_to_a_shown_parent(built):
    _, _, dossier = built
    for statement in dossier.statements.values():
        if statement.parent:
            assert statement in parts_of(dossier.statements, dossier.statements[statement.parent])


def test_the_entities_table_gives_each_qualified_fact_in_words(built):
    name, files, dossier = built
    qualifiers = {r["id"]: r["qualifiers"] for r in read_csv(files["data/entities.csv"])}
    problems = [f"entities.csv: {s.id}" for s in dossier.statements.values()
                if s.kind == "field" and not s.qualifiers.plain and s.qualified(s.words) not in qualifiers[s.subject]]
    assert problems == [], f"{name}:\n" + "\n".join(problems)


def test_the_walk_meets_every_kind_of_qualifier():
    """The dossiers walked hold each qualifier somewhere, so each check above is exercised."""
    met: set[str] = set()
    for path in DOSSIERS.values():
        dossier, _ = read_dossier(path / "content")
        for statement in dossier.statements.values():
            q = statement.qualifiers
            met |= {*q.certainty, statement.kind}
            met |= {word for word, given in (("according_to", q.according_to), ("grade", q.grade), ("held", q.held),
                                             ("disputed", q.disputed)) if given}
    assert {"estimate", "approximate", "inferred", "editorial", "according_to", "grade", "held", "disputed",
            "field", "relation", "event", "part", "ending"} <= met
