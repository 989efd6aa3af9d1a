"""The statement model: fields, relations and events take the same qualifiers; a relation's and an
event's parts may be disputed, each alternative cited; a relation may say how it ends; and the link
stage makes each statement once, with its words from each side."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.build.read import read_dossier
from tests.helpers import diagnostics_of
from tests.test_validate import edit, only_error

HARBOUR = "Harbour police raided the syndicate's warehouses on March 3."
COURIER = "In early March its warehouses were raided."


def relate(project: Path, text: str) -> None:
    """Replace Harbour police's one relation with `text` (YAML, indented as a list item under relations)."""
    path = project / "content" / "groups" / "harbour-police.yml"
    head = path.read_text().split("relations:\n")[0]
    path.write_text(head + "relations:\n" + text)


def dossier_of(project: Path):
    dossier, diagnostics = read_dossier(project / "content")
    assert diagnostics.errors == [], "\n".join(map(str, diagnostics.errors))
    return dossier, diagnostics


def new_warnings(project: Path) -> list:
    """The warnings but the minimal fixture's own (its two foundings differ)."""
    return [d for d in diagnostics_of(project / "content").warnings if d.code != "check.sources-differ"]


def test_a_relation_takes_the_qualifiers_a_fact_takes(minimal_project):
    relate(minimal_project, f"""\
  - type: attacked
    target: northwind-syndicate
    on:
      said: March 3
    according_to: tomas-brell
    estimate: true
    inferred: The report dates the raid, not its scale.
    note: a raid, in the report's word
    credibility: {{grade: "3", reason: One report.}}
    cite: {HARBOUR}
""")
    dossier, _ = dossier_of(minimal_project)
    [relation] = dossier.entities["harbour-police"].relations
    assert (relation.according_to, relation.estimate, relation.note) == ("tomas-brell", True, "a raid, in the report's word")
    statement = dossier.statements["harbour-police.relation-1"]
    q = statement.qualifiers
    assert q.certainty == ("estimate", "inferred") and q.attribution == "according to Tomas Brell"
    assert q.grade == "3" and q.inferred == "The report dates the raid, not its scale."
    assert statement.words == "attacked Northwind Syndicate, 3 March 2021"
    assert statement.inverse_words == "attacked by Harbour police, 3 March 2021"
    assert statement.qualified_sentence == ("Harbour police: attacked Northwind Syndicate, 3 March 2021 "
                                            "(estimate; inferred; according to Tomas Brell; graded 3)")


def test_an_event_takes_them_too(minimal_project):
    edit(minimal_project, "events/2021-03-03-warehouse-raid.yml", "title:", "according_to: tomas-brell\ntitle:")
    dossier, _ = dossier_of(minimal_project)
    event = next(e for e in dossier.events if e.id == "2021-03-03-warehouse-raid")
    assert event.according_to == "tomas-brell"
    assert dossier.statements[event.id].qualifiers.attribution == "according to Tomas Brell"


def test_a_fact_may_be_inferred_with_its_reasoning(minimal_project):
    edit(minimal_project, "groups/northwind-syndicate.yml", "  value: smuggling ring\n",
         "  value: smuggling ring\n  inferred: The report calls it a ring that moved contraband.\n")
    dossier, _ = dossier_of(minimal_project)
    statement = dossier.statements["northwind-syndicate.kind-1"]
    assert statement.qualifiers.certainty == ("inferred",) and statement.words == "kind: smuggling ring"


def test_a_disputed_date_is_one_relation_with_an_alternative_from_each_source(minimal_project):
    relate(minimal_project, f"""\
  - type: attacked
    target: northwind-syndicate
    on:
      - said: March 3
        cite: {HARBOUR}
      - said: March
        part: early
        cite:
          source: island-courier
          quote: {COURIER}
    cite: {HARBOUR}
""")
    dossier, _ = dossier_of(minimal_project)
    assert new_warnings(minimal_project) == []
    [relation] = dossier.entities["harbour-police"].relations
    [(part, alternatives)] = relation.disputed
    assert part == "on"
    assert [f.value.label for f in alternatives] == ["3 March 2021", "early-March 2021"]
    assert [c.source for f in alternatives for c in f.cites] == ["harbour-gazette", "island-courier"]
    statement = dossier.statements["harbour-police.relation-1"]
    assert statement.words == "attacked Northwind Syndicate, 3 March 2021 or early-March 2021"
    assert "sources differ on the date" in statement.qualifiers.words
    parts = [s for s in dossier.statements.values() if s.parent == "harbour-police.relation-1"]
    assert [(s.id, s.words) for s in parts] == [("harbour-police.relation-1.on-1", "the date: 3 March 2021"),
                                                ("harbour-police.relation-1.on-2", "the date: early-March 2021")]
    assert len(dossier.links["northwind-syndicate"]) == 2  # still one relation on the target's page (and Ada's)


def test_each_alternative_is_checked_against_its_own_quote(minimal_project):
    relate(minimal_project, f"""\
  - type: attacked
    target: northwind-syndicate
    on:
      - said: March 3
        cite: {HARBOUR}
      - value: "2021-02"
        cite:
          source: island-courier
          quote: {COURIER}
    cite: {HARBOUR}
""")
    [warning] = new_warnings(minimal_project)
    assert warning.code == "cite.unsupported-date" and "the month (February)" in warning.message
    assert str(warning.pos).startswith("groups/harbour-police.yml:11:")


def test_a_list_of_one_alternative_is_refused(minimal_project):
    relate(minimal_project, f"""\
  - type: attacked
    target: northwind-syndicate
    on:
      - said: March 3
        cite: {HARBOUR}
    cite: {HARBOUR}
""")
    assert only_error(minimal_project).code == "dispute.single"


def test_an_alternative_needs_its_own_citation(minimal_project):
    relate(minimal_project, f"""\
  - type: attacked
    target: northwind-syndicate
    on:
      - said: March 3
        cite: {HARBOUR}
      - said: March 4
    cite: {HARBOUR}
""")
    d = only_error(minimal_project)
    assert d.code == "fact.uncited" and str(d.pos) == "groups/harbour-police.yml:11:9"


def test_an_events_date_and_place_may_be_disputed(minimal_project):
    path = minimal_project / "content" / "events" / "2021-03-03-warehouse-raid.yml"
    path.write_text(f"""\
date:
  - value: "2021-03-03"
    cite: {HARBOUR}
  - value: "2021-03"
    part: early
    cite: {{source: island-courier, quote: {COURIER}}}
place:
  - value: port-meridian
    cite: moved contraband through Port Meridian
  - value: kestrel-island
    cite: {{source: island-courier, quote: began on Kestrel Island}}
title: Harbour police raid the syndicate's warehouses
involves: [harbour-police, northwind-syndicate]
cite: {HARBOUR}
""")
    dossier, _ = dossier_of(minimal_project)
    event = next(e for e in dossier.events if e.id == "2021-03-03-warehouse-raid")
    assert event.places == ("port-meridian", "kestrel-island")
    assert event in dossier.timelines["kestrel-island"] and event in dossier.timelines["port-meridian"]
    assert dossier.statements[event.id].words == (
        "3 March 2021 or early-March 2021: Harbour police raid the syndicate's warehouses; "
        "in Port Meridian or Kestrel Island")
    assert dossier.statements[event.id].qualifiers.disputed == ("date", "place")


def test_a_relation_known_to_end_unknown_since_a_date_does_not_run_on(minimal_project):
    edit(minimal_project, "people/ada-varga.yml", '      from: "2014"\n',
         '      from: "2014"\n    ended:\n      unknown_since:\n        said: March 3\n'
         f"      cite: {HARBOUR}\n")
    dossier, _ = dossier_of(minimal_project)
    [relation] = dossier.entities["ada-varga"].relations
    assert relation.unknown_since.label == "3 March 2021" and not relation.period.ongoing
    assert relation.period.end is None
    statement = dossier.statements["ada-varga.relation-1"]
    assert statement.words == "leader of Northwind Syndicate, from 2014; unknown since 3 March 2021"
    assert dossier.statements["ada-varga.relation-1.ended"].words == "unknown since 3 March 2021"


def test_a_relation_ended_on_a_date_ends_its_period_there(minimal_project):
    edit(minimal_project, "people/ada-varga.yml", '      from: "2014"\n',
         f'      from: "2014"\n    ended:\n      on:\n        said: March 3\n      cite: {HARBOUR}\n')
    dossier, _ = dossier_of(minimal_project)
    [relation] = dossier.entities["ada-varga"].relations
    assert relation.period.end.label == "3 March 2021"


@pytest.mark.parametrize("ending, message", [
    ("    ended:\n      cite: x\n", "exactly one of `on:`"),
    ('    ended:\n      on: "2020"\n      unknown_since: "2020"\n      editorial: x\n', "exactly one of `on:`"),
])
def test_an_ending_needs_one_date(minimal_project, ending, message):
    edit(minimal_project, "people/ada-varga.yml", '      from: "2014"\n', '      from: "2014"\n' + ending)
    d = only_error(minimal_project)
    assert d.code == "relation.ended" and message in d.message


def test_an_ending_beside_an_end_is_refused(minimal_project):
    edit(minimal_project, "people/ada-varga.yml", '      from: "2014"\n',
         '      from: "2014"\n      to: present\n    ended:\n      on: "2020"\n      editorial: x\n')
    d = only_error(minimal_project)
    assert d.code == "relation.ended" and "`to: present`" in d.message


def test_as_of_is_a_third_way_to_say_when_and_excludes_the_others(minimal_project):
    edit(minimal_project, "people/ada-varga.yml", '    period:\n      from: "2014"\n', '    as_of: "2014"\n')
    dossier, _ = dossier_of(minimal_project)
    statement = dossier.statements["ada-varga.relation-1"]
    assert statement.words == "leader of Northwind Syndicate, as of 2014"
    edit(minimal_project, "people/ada-varga.yml", '    as_of: "2014"\n', '    as_of: "2014"\n    on: "2014"\n')
    assert only_error(minimal_project).code == "relation.on-and-period"


def test_a_sum_is_a_number_in_an_iso_4217_currency_checked_against_its_quote(minimal_project):
    relate(minimal_project, """\
  - type: financed
    target: northwind-syndicate
    amount: 40
    currency: EUR
    cite: 'Brell estimated the ring at "no more than 40 people".'
""")
    dossier, _ = dossier_of(minimal_project)
    assert new_warnings(minimal_project) == []
    assert dossier.statements["harbour-police.relation-1"].words == "financed Northwind Syndicate, EUR 40"
    edit(minimal_project, "groups/harbour-police.yml", "amount: 40", "amount: 41")
    [warning] = new_warnings(minimal_project)
    assert warning.code == "cite.unsupported-number" and "the amount 41" in warning.message


@pytest.mark.parametrize("old, new, code, hint", [
    ("amount: 40", "amount: 40 euros", "relation.number", "must be a number"),
    ("currency: EUR", "currency: eur", "relation.currency", "Did you mean 'EUR'?"),
    ("currency: EUR", "currency: EURO", "relation.currency", "not an ISO 4217 code"),
    ("    currency: EUR\n", "", "relation.currency", "needs its `currency:`"),
    ("type: financed", "type: attacked", "relation.part", "amount is for"),
])
def test_a_bad_sum_is_refused_with_a_hint(minimal_project, old, new, code, hint):
    relate(minimal_project, """\
  - type: financed
    target: northwind-syndicate
    amount: 40
    currency: EUR
    editorial: A test of sums.
""")
    edit(minimal_project, "groups/harbour-police.yml", old, new)
    d = only_error(minimal_project)
    assert d.code == code and hint in d.message


@pytest.mark.parametrize("written, meant", [("leader-off", "leader-of"), ("funded", "financed"), ("heads", "leader-of")])
def test_an_unknown_relation_type_suggests_one_of_the_same_meaning(minimal_project, written, meant):
    edit(minimal_project, "people/ada-varga.yml", "type: leader-of", f"type: {written}")
    d = only_error(minimal_project)
    assert d.code == "relation.unknown-type" and f"Did you mean '{meant}'?" in d.message


def test_every_record_gives_its_statements_in_record_order(minimal_site):
    _, dossier = minimal_site
    ids = list(dossier.statements)
    start = ids.index("northwind-syndicate.summary-1")
    assert ids[start:start + 3] == ["northwind-syndicate.summary-1", "northwind-syndicate.aliases-1",
                                    "northwind-syndicate.kind-1"]
    assert "ada-varga.relation-1" in ids and "2021-03-03-warehouse-raid" in ids
    strength = dossier.statements["northwind-syndicate.strength-1"]
    assert strength.qualifiers.words == ("estimate", "according to Tomas Brell")
    assert strength.qualifiers.marks == ("est.", "per Tomas Brell")


def test_a_place_that_held_until_a_date_says_so_in_every_output(minimal_project):
    """An area the source says the group 'used to' work in is not given as its area now, anywhere."""
    edit(minimal_project, "groups/northwind-syndicate.yml", "  - value: port-meridian\n",
         '  - value: port-meridian\n    period:\n      to: "2021"\n')
    import json
    import re

    from dossier.build.site import build_files
    from dossier.core.project import load_project
    files = build_files(load_project(minimal_project)).files
    page = files["groups/northwind-syndicate.html"].decode()
    assert re.search(r'Port Meridian</a> <span class="held">\(until <time datetime="2021">2021</time>\)</span>', page)
    block = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    main = next(n for n in block["@graph"] if n.get("@id", "").endswith("northwind-syndicate.html#entity"))
    assert "areaServed" not in main
    claim = next(n for n in block["@graph"] if n.get("@id", "").endswith("#claim-northwind-syndicate.area-1"))
    assert claim["temporalCoverage"] == "../2021" and claim["text"] == "area of operations: Port Meridian (until 2021)"
    link = next(json.loads(line) for line in files["data/entities.ftm.json"].decode().splitlines()
                if '"northwind-syndicate.area-1"' in line)
    assert link["properties"]["endDate"] == ["2021"]
    assert link["properties"]["description"] == ["Northwind Syndicate: area of operations: Port Meridian (until 2021)"]
    rows = [r for r in files["data/statements.csv"].decode().splitlines()
            if "northwind-syndicate.area-1" in r and ",proof,entity," not in r]  # a proof row is the entity's
    assert rows and all(r.endswith(",,,2021,") for r in rows)  # held_to, then last_changed (no release)
