"""Small hostile dossiers, written into a temporary project by the tests that use them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.helpers import ROOT

HERE = Path(__file__).resolve().parent
PAYLOADS = [line for line in (HERE / "payloads.txt").read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("# ")]
ALL = " ".join(PAYLOADS)
"""Every payload on one line: put into every text field at once, one build covers them all."""
CITE = f"CITE {ALL}"
"""A sentence of the hostile source; facts cite it, so the quote lands in tooltips and aria-labels too."""


def new_project(root: Path) -> Path:
    """An empty project at `root` using the repository's theme; returns its content folder."""
    shutil.copytree(ROOT / "templates", root / "templates")
    (root / "mkdocs.yml").write_text("site_name: hostile\ndocs_dir: content\nsite_dir: site\n"
                                     "theme:\n  name: null\n  custom_dir: templates\n", encoding="utf-8")
    (root / "content").mkdir()
    return root / "content"


def write_record(content: Path, rel: str, data: dict) -> None:
    """Write a record as JSON, which is YAML: every string arrives exactly as given, whatever it holds."""
    path = content / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def write_xss_dossier(root: Path) -> list[str]:
    """A dossier with every payload in every text field; returns the field markers pages must show."""
    content = new_project(root)
    markers: list[str] = []

    def text(marker: str) -> str:
        markers.append(marker)
        return f"{marker} {ALL}"

    def fact(marker: str, **extra) -> dict:
        return {"value": text(marker), "cite": CITE, "note": text(marker + "-note"), **extra}

    write_record(content, "dossier.yml", {
        "title": text("M-title"), "description": text("M-description"),
        "default_source": "hostile-source", "key_entities": ["hostile-group", "hostile-person"]})
    write_record(content, "sources/hostile-source.yml", {
        "title": text("M-source-title"), "outlet": text("M-source-outlet"), "author": "hostile-person",
        "dateline": "hostile-place", "date": "2016-08-06", "url": "https://example.org/a?b=1&c=<2>"[:28],
        "text": f"M-source-text {ALL}\n\n{CITE}\n\nQUOTE-G {ALL}\n\nQUOTE-P {ALL}\n"})
    markers.append("M-source-text")
    write_record(content, "groups/hostile-group.yml", {
        "name": text("M-group-name"),
        "aliases": [fact("M-group-alias")],
        "summary": fact("M-group-summary"),
        "kind": fact("M-group-kind"),
        "founded": {"date": {"value": "2009", "inferred": text("M-group-founded-inferred")},
                    "place": "hostile-place", "by": text("M-group-founded-by"), "cite": CITE},
        "area": [{"value": "hostile-place", "editorial": text("M-group-area-editorial")}],
        "composition": fact("M-group-composition"),
        "strength": fact("M-group-strength", estimate="true", according_to="hostile-person"),
        "status": {"value": text("M-group-status"), "editorial": text("M-group-status-editorial")},
        "relations": [{"type": "allied-with", "target": "hostile-person", "role": text("M-group-role"),
                       "period": {"from": {"value": "2010", "inferred": text("M-period-inferred")},
                                  "to": "present"},
                       "editorial": text("M-relation-editorial")}],
        "quotes": [{"text": f"QUOTE-G {ALL}", "about": ["hostile-person"], "medium": text("M-quote-medium"),
                    "context": text("M-quote-context"), "date": "2016-08"}],
    })
    markers.append("QUOTE-G")
    write_record(content, "people/hostile-person.yml", {
        "name": text("M-person-name"),
        "aliases": [fact("M-person-alias")],
        "summary": fact("M-person-summary"),
        "born": {"date": "1970", "place": "hostile-place", "by": text("M-person-born-by"), "cite": CITE},
        "nationality": fact("M-person-nationality"),
        "occupation": fact("M-person-occupation"),
        "based_in": [{"value": "hostile-place", "cite": CITE}],
        "fate": fact("M-person-fate"),
        "relations": [{"type": "member-of", "target": "hostile-group", "role": text("M-person-role"),
                       "cite": CITE}],
        "quotes": [{"text": f"QUOTE-P {ALL}", "about": ["hostile-group"], "context": text("M-person-quote-context")}],
    })
    markers.append("QUOTE-P")
    write_record(content, "places/hostile-place.yml", {
        "name": text("M-place-name"), "aliases": [fact("M-place-alias")],
        "summary": fact("M-place-summary"), "kind": fact("M-place-kind")})
    write_record(content, "events/hostile-event.yml", {
        "date": "2016-08-06", "title": text("M-event-title"), "place": "hostile-place",
        "involves": ["hostile-group", "hostile-person"], "editorial": text("M-event-editorial")})
    write_record(content, "events/hostile-cited-event.yml", {
        "date": {"said": "August 1", "inferred": text("M-event-date-inferred")}, "title": text("M-event2-title"),
        "involves": ["hostile-group"], "cite": CITE})
    shutil.copy(HERE / "note.md", content / "groups" / "hostile-group.md")
    (content / "people" / "hostile-person.md").write_text("\n\n".join(PAYLOADS) + "\n\nNOTE-PERSON end\n",
                                                           encoding="utf-8")
    markers.append("NOTE-PERSON")
    return markers


FORMULAS = [line for line in (HERE / "formulas.txt").read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("# ")]


def write_formula_dossier(root: Path) -> None:
    """A dossier whose names, aliases, summaries, quotes, roles, titles and reasons each start with a
    spreadsheet formula (tests/hostile/formulas.txt); every quote is a paragraph of the source,
    after a numbered lead-in its citations name as their prefix (one payload holds another)."""
    content = new_project(root)
    first = FORMULAS[0]
    write_record(content, "dossier.yml", {"title": first, "description": first, "default_source": "formulas"})
    text = "\n\n".join(f"Payload {i}: {payload}" for i, payload in enumerate(FORMULAS)) + "\n"
    write_record(content, "sources/formulas.yml", {"title": first, "outlet": FORMULAS[1], "date": "2016-08-06",
                                                   "text": text})
    cites = [{"quote": payload, "prefix": f"Payload {i}:"} for i, payload in enumerate(FORMULAS)]
    facts = [{"value": payload, "cite": cite} for payload, cite in zip(FORMULAS, cites, strict=True)]
    write_record(content, "groups/formula-group.yml", {
        "name": FORMULAS[2], "aliases": facts, "summary": facts[3],
        "kind": {"value": FORMULAS[4], "editorial": FORMULAS[5]},
        "composition": facts[6], "strength": {**facts[7], "note": FORMULAS[0]},
        "founded": {"date": "2001", "by": FORMULAS[1], "cite": cites[1]},
        "relations": [{"type": "allied-with", "target": "formula-person", "role": FORMULAS[3],
                       "period": {"from": {"value": "2010", "inferred": FORMULAS[4]}}, "editorial": FORMULAS[5]}],
        "quotes": [{"text": FORMULAS[6], "prefix": "Payload 6:", "about": ["formula-person"],
                    "context": FORMULAS[7]}],
    })
    write_record(content, "people/formula-person.yml", {
        "name": FORMULAS[3], "summary": facts[2], "occupation": facts[4], "nationality": facts[5],
        "relations": [{"type": "member-of", "target": "formula-group", "role": FORMULAS[0], "cite": cites[0]}]})
    write_record(content, "places/formula-place.yml", {"name": FORMULAS[4], "summary": facts[1]})
    write_record(content, "events/formula-event.yml", {
        "date": "2016-08-06", "title": FORMULAS[6], "place": "formula-place",
        "involves": ["formula-group", "formula-person"], "cite": cites[7]})
