"""JSON-LD in every profile: it parses as linked data (rdflib's JSON-LD processor, with schema.org's own
context from a local copy, off the network), describes the
records and events the page shows with the right schema.org types, cites each quote, and cannot
break out of its <script> element whatever the content holds."""

from __future__ import annotations

import functools
import json
import re
import socket
from pathlib import Path
from urllib.parse import urljoin

import pytest
from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.plugins.parsers.jsonld import to_rdf

from dossier.build.read import read_dossier
from dossier.build.site import render_site
from dossier.core.schema import KIND_FIELDS
from dossier.core.urls import entity_url, event_url
from dossier.export.jsonld import script_safe_json
from dossier.link.references import page_citations
from dossier.link.statements import field_statement_id, parts_of
from tests.hostile.dossiers import write_xss_dossier

SCHEMA = Namespace("http://schema.org/")
TYPES = {"group": "Organization", "person": "Person", "place": "Place"}
BLOCK = re.compile(rb'<script type="application/ld\+json">(.*?)</script>', re.S)
BASE = "https://dossier.invalid/"
"""Where the test pretends the site is, to resolve the blocks' relative ids."""


def block(page: bytes) -> str:
    found = BLOCK.findall(page)
    assert len(found) == 1
    return found[0].decode("utf-8")


SCHEMA_ORG_CONTEXT = json.loads((Path(__file__).parent / "contexts" / "schemaorg.jsonld").read_text())["@context"]
"""schema.org's own context (the document https://schema.org names), a local copy: see tests/contexts/."""


class NoNetwork(socket.socket):
    def __init__(self, *args, **kwargs):
        raise AssertionError("the JSON-LD processor tried to reach the network")


@functools.cache
def parse(text: str, url: str) -> Graph:
    """The block as RDF, read by rdflib's JSON-LD processor with schema.org's context, which it is
    given from the local copy (as a processor would after fetching https://schema.org); any attempt
    to open a socket fails the test. Each block is read once (tests only read the graph)."""
    data = json.loads(text)
    assert data["@context"] == "https://schema.org"
    data["@context"] = SCHEMA_ORG_CONTEXT
    graph = Graph()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket, "socket", NoNetwork)
        to_rdf(data, graph, base=BASE + url)
    return graph


def typed(graph: Graph, name: str) -> set[str]:
    return {str(s) for s in graph.subjects(RDF.type, SCHEMA[name]) if isinstance(s, URIRef)}


def shown_statements(dossier, entity_id) -> list:
    """Every statement a profile shows: its fields' facts, its relations, its events, and under each
    relation and event the alternatives of its disputed parts and its end."""
    entity = dossier.entities[entity_id]
    found = [dossier.statements[field_statement_id(entity_id, key, i)]
             for key, facts in (("summary", entity.summary), ("aliases", entity.aliases), *entity.fields)
             for i in range(len(facts))]
    heads = list(dict.fromkeys(link.statement for link in dossier.links.get(entity_id, ())))
    heads += [dossier.statements[e.id] for e in dossier.timelines.get(entity_id, ())]
    for head in heads:
        found += [head, *parts_of(dossier.statements, head)]
    return found


def expected_nodes(dossier, entity_id) -> dict[str, set[str]]:
    """What the page shows, from the model: the entity, the records its relations and place fields
    name, those its statements are according to, its timeline's events; each as the URL of its page
    (an event: its chronology entry)."""
    entity = dossier.entities[entity_id]
    records = {entity_id} | {link.other for link in dossier.links.get(entity_id, ())}
    for spec in KIND_FIELDS[entity.kind]:
        for fact in entity.field(spec.key):
            place = getattr(fact.value, "place", None) if spec.type == "occurrence" else (
                fact.value if spec.type == "ref" else None)
            if place:
                records.add(place)
    records |= {s.qualifiers.according_to for s in shown_statements(dossier, entity_id) if s.qualifiers.according_to}
    found = {name: set() for name in ("Organization", "Person", "Place", "Event")}
    for record in records:
        found[TYPES[dossier.kind_of(record)]].add(BASE + entity_url(dossier.kind_of(record), record) + "#entity")
    found["Event"] = {BASE + event_url(e.id) for e in dossier.timelines.get(entity_id, ())}
    return found


@pytest.mark.parametrize("site", ["seed_site", "minimal_site"])
def test_every_profile_describes_what_it_shows_with_the_right_types(site, request):
    files, dossier = request.getfixturevalue(site)
    for entity_id, entity in dossier.entities.items():
        url = entity_url(entity.kind, entity_id)
        graph = parse(block(files[url]), url)
        expected = expected_nodes(dossier, entity_id)
        for name, nodes in expected.items():
            assert typed(graph, name) == nodes, (url, name)
        assert len(typed(graph, "ProfilePage")) == 1
        main = URIRef(BASE + url + "#entity")
        assert (URIRef(BASE + url), SCHEMA.mainEntity, main) in graph
        assert str(graph.value(main, SCHEMA.name)) == entity.name


@pytest.mark.parametrize("site", ["seed_site", "minimal_site"])
def test_every_node_is_a_page_the_profile_links_to(site, request):
    files, dossier = request.getfixturevalue(site)
    for entity_id, entity in dossier.entities.items():
        url = entity_url(entity.kind, entity_id)
        page = files[url].decode("utf-8")
        links = {urljoin(BASE + url, href) for href in re.findall(r'href="([^"]*)"', page)}
        graph = parse(block(files[url]), url)
        for node in typed(graph, "Organization") | typed(graph, "Person") | typed(graph, "Place"):
            if node != BASE + url + "#entity":
                assert str(graph.value(URIRef(node), SCHEMA.url)) in links, (url, node)
        for event in typed(graph, "Event"):
            assert event in links, (url, event)


@pytest.mark.parametrize("site", ["seed_site", "minimal_site"])
def test_each_quote_the_page_cites_is_a_quotation_of_its_sentence(site, request):
    files, dossier = request.getfixturevalue(site)
    for entity_id, entity in dossier.entities.items():
        url = entity_url(entity.kind, entity_id)
        graph = parse(block(files[url]), url)
        marks = page_citations(dossier, entity_id).marks
        quotes = {(m.citation.quote, BASE + f"sources/{m.citation.source}.html#s-{m.sentence}") for m in marks}
        found = {(str(graph.value(q, SCHEMA.text)), str(graph.value(q, SCHEMA.url)))
                 for q in graph.subjects(RDF.type, SCHEMA.Quotation)}
        assert found == quotes, url
        cited = set(graph.objects(URIRef(BASE + url), SCHEMA.citation))
        assert cited == set(graph.subjects(RDF.type, SCHEMA.Quotation))
        sources = {BASE + f"sources/{m.citation.source}.html" for m in marks}
        assert typed(graph, "CreativeWork") == sources


def test_a_persons_dates_places_and_roles(minimal_site):
    files, _ = minimal_site
    graph = parse(block(files["people/ada-varga.html"]), "people/ada-varga.html")
    ada = URIRef(BASE + "people/ada-varga.html#entity")
    assert str(graph.value(ada, SCHEMA.birthDate)) == "1975"
    assert graph.value(ada, SCHEMA.birthPlace) == URIRef(BASE + "places/kestrel-island.html#entity")
    role = graph.value(ada, SCHEMA.memberOf)
    assert (role, RDF.type, SCHEMA.OrganizationRole) in graph
    assert str(graph.value(role, SCHEMA.startDate)) == "2014"
    assert graph.value(role, SCHEMA.memberOf) == URIRef(BASE + "groups/northwind-syndicate.html#entity")


# -- hostile content -------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile_pages(tmp_path_factory) -> tuple[dict[str, bytes], object]:
    root = tmp_path_factory.mktemp("jsonld") / "project"
    write_xss_dossier(root)
    dossier, _ = read_dossier(root / "content")
    return render_site(dossier, root / "templates"), dossier


def test_content_cannot_close_the_script_element_or_open_a_comment(hostile_pages):
    files, dossier = hostile_pages
    for entity in dossier.entities.values():
        text = block(files[entity_url(entity.kind, entity.id)])
        assert "</script" not in text.lower() and "<!--" not in text and "<" not in text
        data = json.loads(text)  # still the JSON it was, every payload in it whole
        assert data["@graph"][1]["name"] == entity.name
    group = json.loads(block(files["groups/hostile-group.html"]))
    assert "</script><script>alert(40)</script>" in group["@graph"][1]["name"]
    assert "<!--<img" in group["@graph"][1]["name"]


def test_the_escapes_cover_line_and_paragraph_separators():
    text = script_safe_json({"a": "</script><!-- & \u2028 \u2029 >"})
    assert text == '{"a":"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028 \\u2029 \\u003e"}'
    assert json.loads(text) == {"a": "</script><!-- & \u2028 \u2029 >"}


def test_an_end_unknown_since_a_date_is_claimed_once_after_the_relation(seed_site):
    """Ghazi's leadership, unknown since the battle of 11 December 2015: its end is a claim of its own (on the
    end's citations), worded under the relation, with the end said once."""
    files, _ = seed_site
    graph = json.loads(block(files["people/usman-ghazi.html"]))["@graph"]
    [claim] = [n for n in graph if n.get("@id", "").endswith("#claim-usman-ghazi.relation-1.ended")]
    assert claim["text"] == ("leader of Islamic Movement of Uzbekistan as emir (the fourth), from 2012 \u2014 "
                             "unknown since 11 December 2015 (inferred)")
