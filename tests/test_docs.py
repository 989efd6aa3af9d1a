"""The docs are complete: every diagnostic code the engine emits is registered and in the generated
docs/errors.md; every record field and relation type is in docs/content.md or docs/dates.md; the
README links every reference page."""

import ast
import re

import pytest

from dossier.core import codes, schema
from tests.helpers import ROOT

README = (ROOT / "README.md").read_text()
ERRORS_DOC = ROOT / "docs" / "errors.md"
CONTENT_DOCS = (ROOT / "docs" / "content.md").read_text() + (ROOT / "docs" / "dates.md").read_text()
_CODE_LIKE = re.compile(r"[a-z]+\.[a-z]+(?:-[a-z]+)*")
_FILE_NAME = re.compile(r".*\.(?:html|yml|yaml|md|py|txt|js|css|json|zip|sqlite|csv|graphml)")
_NOT_CODES = {"dossier.serve"}
"""Code-shaped literals that are not codes: a package name, and the field paths of relations below."""
_FIELD_PATH = re.compile(r"relations\.[a-z]+")


def _engine_sources() -> list[tuple[str, ast.AST]]:
    engine = ROOT / "dossier"
    return [(path.relative_to(engine).as_posix(), ast.parse(path.read_text()))
            for path in sorted(engine.rglob("*.py")) if path.relative_to(engine).as_posix() != "core/codes.py"]


def _codes_in_sources() -> dict[str, list[str]]:
    """Every string literal of the engine shaped like a code (`stage.what`), file names aside: where it is."""
    found: dict[str, list[str]] = {}
    for name, tree in _engine_sources():
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str) and _CODE_LIKE.fullmatch(node.value)
                    and not _FILE_NAME.fullmatch(node.value) and not _FIELD_PATH.fullmatch(node.value)
                    and node.value not in _NOT_CODES):
                found.setdefault(node.value, []).append(f"dossier/{name}:{node.lineno}")
    return found


def _literal(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _severities_in_sources() -> list[tuple[str, str, str]]:
    """(code, severity, place) of every `x.error(pos, "code", ...)`, `x.warning(...)` and
    `Diagnostic(pos, "severity", message, "code")` with literal arguments."""
    uses = []
    for name, tree in _engine_sources():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func, args = node.func, node.args
            if isinstance(func, ast.Attribute) and func.attr in ("error", "warning") and len(args) >= 2:
                code, severity = _literal(args[1]), func.attr
            elif isinstance(func, ast.Name) and func.id == "Diagnostic" and len(args) == 4:
                code, severity = _literal(args[3]), _literal(args[1]) or ""
            else:
                continue
            if code is not None and _CODE_LIKE.fullmatch(code):
                uses.append((code, severity, f"dossier/{name}:{node.lineno}"))
    return uses


USED = _codes_in_sources()


def test_the_scan_finds_the_codes():
    assert len(USED) > 50
    assert {"yaml.too-many-values", "link.broken", "template.undefined", "check.unlinked"} <= set(USED)
    assert len(_severities_in_sources()) > 50


@pytest.mark.parametrize("code", sorted(USED))
def test_every_code_the_engine_uses_is_registered(code):
    assert code in codes.CODES, f"{code} (used at {', '.join(USED[code])}) is not defined in dossier/core/codes.py"


@pytest.mark.parametrize("code", sorted(codes.CODES))
def test_every_registered_code_is_used(code):
    assert code in USED, f"{code} is defined in dossier/core/codes.py but the engine never emits it"


def test_every_code_is_used_at_its_registered_severity():
    wrong = [f"{place}: {code} used as {severity}, registered as {codes.CODES[code].severity}"
             for code, severity, place in _severities_in_sources()
             if code in codes.CODES and codes.CODES[code].severity != severity]
    assert not wrong


def test_every_code_has_a_one_line_meaning():
    for code in codes.CODES.values():
        assert code.meaning and "\n" not in code.meaning and len(code.meaning) < 140, code.name


def test_docs_errors_md_is_generated_from_the_registry():
    assert ERRORS_DOC.is_file() and ERRORS_DOC.read_text() == codes.errors_doc(), (
        "docs/errors.md is not what dossier/core/codes.py generates; "
        "regenerate it with: .venv/bin/python -m dossier.core.codes docs/errors.md")


@pytest.mark.parametrize("code", sorted(codes.CODES))
def test_docs_errors_md_lists_every_code_with_its_severity(code):
    assert f"| `{code}` | {codes.CODES[code].severity} |" in ERRORS_DOC.read_text()


def test_readme_links_to_the_errors_page():
    assert "(docs/errors.md)" in README


FIELDS = sorted({spec.key for specs in schema.KIND_FIELDS.values() for spec in specs}
                | set(schema.ENTITY_KEYS) | set(schema.SOURCE_KEYS) | set(schema.EVENT_KEYS)
                | set(schema.FACT_KEYS) | set(schema.OCCURRENCE_KEYS) | set(schema.RELATION_KEYS)
                | set(schema.QUOTE_KEYS) | set(schema.DATE_KEYS) | set(schema.SETTINGS_KEYS)
                | set(schema.CITATION_KEYS) | set(schema.GRADE_KEYS))


@pytest.mark.parametrize("field", FIELDS)
def test_every_record_field_is_documented(field):
    assert f"`{field}`" in CONTENT_DOCS


@pytest.mark.parametrize("relation", sorted(schema.RELATION_TYPES))
def test_every_relation_type_is_documented(relation):
    assert f"`{relation}`" in CONTENT_DOCS


@pytest.mark.parametrize("page", ["content", "dates", "errors", "theming", "reading", "guarantees", "performance",
                                  "architecture"])
def test_the_readme_links_every_reference_page(page):
    assert (ROOT / "docs" / f"{page}.md").is_file() and f"(docs/{page}.md)" in README
