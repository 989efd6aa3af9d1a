"""Wording from each side: every relation type has words for the page of each side, an inverse never
claims more than the type, roles never read inverted, and the words for money, ownership and the law
have families of their own, with a did-you-mean by meaning."""

from __future__ import annotations

import re

import pytest

from dossier.build.site import build_files
from dossier.core.project import load_project
from dossier.core.schema import FAMILIES, RELATION_TYPES
from dossier.validate.vocabulary import MEANINGS, suggest_relation_type
from tests.test_statement_model import relate
from tests.test_validate import edit, only_error

LEGAL = {"charged", "convicted", "sentenced", "arrested", "detained"}
MONEY = {"owner-of", "director-of", "employed-by", "paid", "awarded-contract-to", "financed"}


@pytest.mark.parametrize("name", sorted(RELATION_TYPES))
def test_every_type_has_words_for_each_side(name):
    rtype = RELATION_TYPES[name]
    assert rtype.forward and rtype.inverse and rtype.family in FAMILIES
    assert "joined" not in rtype.inverse  # a claim of membership no type but member-of makes


def test_an_inverse_never_claims_more_than_the_type():
    assert RELATION_TYPES["aligned-with"].inverse == "aligned with"
    assert RELATION_TYPES["pledged-allegiance-to"].inverse == "received a pledge of allegiance from"
    assert RELATION_TYPES["paid"].inverse == "received a payment from"


def test_money_ownership_and_the_law_have_families_of_their_own():
    assert {n for n, t in RELATION_TYPES.items() if t.family == "legal"} == LEGAL
    assert {n for n, t in RELATION_TYPES.items() if t.family == "money"} == MONEY
    assert RELATION_TYPES["owner-of"].takes == ("share",) and RELATION_TYPES["paid"].takes == ("amount",)


@pytest.mark.parametrize("written, meant", [
    ("indicted", "charged"), ("prosecuted", "charged"), ("shareholder-of", "owner-of"), ("owns", "owner-of"),
    ("owner", "owner-of"), ("works-for", "employed-by"), ("bribed", "paid"), ("found-guilty", "convicted"),
    ("jailed", "sentenced"), ("ceo-of", "director-of"), ("funded", "financed"), ("leader-off", "leader-of"),
    ("memberof", "member-of"), ("awarded-contract", "awarded-contract-to"),
])
def test_the_did_you_mean_prefers_a_type_of_the_same_meaning(written, meant):
    assert suggest_relation_type(written) == f" Did you mean '{meant}'?"


def test_every_meaning_names_a_type():
    assert set(MEANINGS.values()) <= set(RELATION_TYPES)


def test_an_unknown_type_in_a_record_gets_the_same_suggestion(minimal_project):
    edit(minimal_project, "people/ada-varga.yml", "type: leader-of", "type: indicted")
    d = only_error(minimal_project)
    assert d.code == "relation.unknown-type" and "Did you mean 'charged'?" in d.message


def relation_item(page: str, label: str) -> str:
    found = re.search(rf'<li id="r-\d+"[^>]*><span class="rel-label">{label}</span>.*?</li>', page, re.S)
    assert found, label
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", found.group(0))).strip()


def test_related_to_names_whose_role_is_whose_on_both_pages(minimal_project):
    relate(minimal_project, """\
  - type: related-to
    target: ada-varga
    role: investigator
    target_role: suspect
    editorial: A test of roles.
""")
    files = build_files(load_project(minimal_project)).files
    police = relation_item(files["groups/harbour-police.html"].decode(), "related to")
    varga = relation_item(files["people/ada-varga.html"].decode(), "related to")
    assert police.startswith("related to Ada Varga (Harbour police as investigator; Ada Varga as suspect)")
    assert varga.startswith("related to Harbour police (Harbour police as investigator; Ada Varga as suspect)")


def test_a_role_follows_the_name_of_the_one_whose_role_it_is(minimal_project):
    edit(minimal_project, "people/ada-varga.yml", "    target: northwind-syndicate\n",
         "    target: northwind-syndicate\n    role: boss\n")
    files = build_files(load_project(minimal_project)).files
    assert relation_item(files["people/ada-varga.html"].decode(), "leader of").startswith(
        "leader of Northwind Syndicate as boss")
    assert relation_item(files["groups/northwind-syndicate.html"].decode(), "led by").startswith(
        "led by Ada Varga as boss")


def test_a_charge_reads_as_a_charge_from_both_sides(minimal_project):
    relate(minimal_project, """\
  - type: charged
    target: ada-varga
    role: smuggling
    editorial: A test of the law's words.
""")
    files = build_files(load_project(minimal_project)).files
    assert relation_item(files["groups/harbour-police.html"].decode(), "charged").startswith(
        "charged Ada Varga with smuggling")
    assert relation_item(files["people/ada-varga.html"].decode(), "charged by").startswith(
        "charged by Harbour police with smuggling")
    page = files["people/ada-varga.html"].decode()
    assert 'id="rel-legal"' in page and "The law" in page
