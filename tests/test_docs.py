"""The docs are complete: every diagnostic code the engine emits is registered and in the generated
docs/errors.md; every record field and relation type is in docs/content.md or docs/dates.md; the
README links every reference page."""

import argparse
import ast
import re

import pytest

from dossier.core import codes, schema
from dossier.core.diagnostics import did_you_mean
from tests.helpers import ROOT

README = (ROOT / "README.md").read_text()
ERRORS_DOC = ROOT / "docs" / "errors.md"
CONTENT_DOCS = (ROOT / "docs" / "content.md").read_text() + (ROOT / "docs" / "dates.md").read_text()
_CODE_LIKE = re.compile(r"[a-z]+\.[a-z]+(?:-[a-z]+)*")
_FILE_NAME = re.compile(r".*\.(?:html|yml|yaml|md|py|txt|js|css|json|zip|sqlite|pickle|csv|graphml|xml)")
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


@pytest.mark.parametrize("page", ["first-dossier", "content", "dates", "errors", "theming", "reading", "guarantees",
                                  "performance", "architecture", "data", "drawings"])
def test_the_readme_links_every_reference_page(page):
    assert (ROOT / "docs" / f"{page}.md").is_file() and f"(docs/{page}.md)" in README


# -- what the docs name exists ---------------------------------------------------------------

DOCS = {path.relative_to(ROOT).as_posix(): path.read_text() for path in [ROOT / "README.md",
                                                                          *sorted((ROOT / "docs").glob("*.md"))]}
_INLINE_CODE = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")
_SHELL_BLOCK = re.compile(r"^```(?:sh|bash|console)\n(.*?)^```", re.M | re.S)
_COMMAND_LINE = re.compile(r"^(?:\S*build\.py|dossier)(?:\s+(.*))?$")
_FILE_NAMES = re.compile(r".*\.(?:py|md|yml|html|js|css|json|csv|txt|zip)")


def _commands_in_docs() -> list[tuple[str, str]]:
    """(doc, command line) of every build.py or dossier command the docs write as code: in inline code,
    in shell blocks, and the command column of the README's table of commands (written without build.py)."""
    found = []
    for doc, text in DOCS.items():
        lines = [m.group(1) for m in _INLINE_CODE.finditer(text)]
        lines += [line for block in _SHELL_BLOCK.findall(text) for line in block.splitlines()]
        found += [(doc, line.strip()) for line in lines if _COMMAND_LINE.match(line.strip())]
    table = DOCS["README.md"].split("| command | what it does |", 1)[1].split("\n\n", 1)[0]
    found += [("README.md", f"build.py {m.group(1)}") for m in re.finditer(r"^\| `([^`]+)` \|", table, re.M)]
    return found


COMMANDS_IN_DOCS = _commands_in_docs()


def test_the_scan_finds_the_commands_the_docs_name():
    named = {line.split()[1] for _, line in COMMANDS_IN_DOCS if len(line.split()) > 1}
    assert {"validate", "build", "bundle", "serve", "new", "export", "schema", "clean"} <= named


def _subcommands() -> dict[str, set[str]]:
    """Each command of the command line's own parser -> its options (the common ones included)."""
    from dossier.cli import make_parser
    parser = make_parser("build.py")
    [sub] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return {name: {o for a in p._actions for o in a.option_strings} for name, p in sub.choices.items()}


@pytest.mark.parametrize("doc, line", COMMANDS_IN_DOCS)
def test_every_command_the_docs_name_exists_with_its_options(doc, line):
    """A command the command line has, and only options that command takes."""
    commands = _subcommands()
    words = re.sub(r"[\[\]]", " ", line).split()[1:]
    while words and words[0] == "--project":
        words = words[2:]
    if not words or not words[0][0].isalpha() or words[0].isupper():  # the program alone, `dossier COMMAND`
        return
    command, options = words[0], [w.split("=")[0] for w in words[1:] if w.startswith("--")]
    assert command in commands, f"{doc}: `{line}` names no command of build.py" + did_you_mean(command, commands)
    assert [o for o in options if o not in commands[command]] == [], f"{doc}: `{line}`"


_TEMPLATE_DATA = {("docs/theming.md", "source.paragraphs")}
"""Code-shaped names that are a template's data, not codes (`source` is a template variable)."""


def _codes_in_docs() -> list[tuple[str, str]]:
    """(doc, code) of every code-shaped name the docs give in code or in a diagnostic's brackets, of the
    families codes have (`yaml.`, `cite.`, ...); file and module names aside."""
    families = {name.split(".")[0] for name in codes.CODES}
    found = []
    for doc, text in DOCS.items():
        for name in [m.group(1) for m in _INLINE_CODE.finditer(text)] + re.findall(r"\[([a-z]+\.[a-z-]+)\]", text):
            if (_CODE_LIKE.fullmatch(name) and name.split(".")[0] in families
                    and not _FILE_NAMES.fullmatch(name) and (doc, name) not in _TEMPLATE_DATA):
                found.append((doc, name))
    return found


CODES_IN_DOCS = _codes_in_docs()


def test_the_scan_finds_the_codes_the_docs_name():
    assert len({code for _, code in CODES_IN_DOCS}) > 50
    assert ("docs/first-dossier.md", "ref.unknown-entity") in CODES_IN_DOCS


@pytest.mark.parametrize("doc, code", sorted(set(CODES_IN_DOCS)))
def test_every_code_the_docs_name_exists(doc, code):
    assert code in codes.CODES, f"{doc} names `{code}`, which is not a diagnostic code" + did_you_mean(
        code, codes.CODES)


@pytest.mark.parametrize("doc", sorted(DOCS))
def test_every_engine_file_the_docs_name_exists(doc):
    named = re.findall(r"`((?:dossier|templates|tests|benchmarks|tools)/[\w/.-]+)`", DOCS[doc])
    missing = [path for path in named if not (ROOT / path).exists()
               and path != "dossier/theme/"  # the installed package's copy of templates/
               and not path.startswith("tests/output/")  # what the browser tests write, once they have run
               and path not in ("templates/entity/person.html",)]  # a project's own file, as an example
    assert missing == []


def test_the_readme_links_the_first_dossier_walkthrough_first():
    docs = DOCS["README.md"].split("## Documentation", 1)[1]
    assert docs.strip().splitlines()[0].startswith("- [Your first dossier](docs/first-dossier.md)")


def test_every_option_of_the_readme_is_taken_by_the_commands_it_lists():
    commands = _subcommands()
    table = DOCS["README.md"].split("| option | commands | what it does |", 1)[1].split("\n\n", 1)[0]
    rows = re.findall(r"^\| ((?:`--[a-z-]+[^`]*`(?:, )?)+) \| ([^|]+) \|", table, re.M)
    assert len(rows) >= 4
    for options, listed in rows:
        names = re.findall(r"`([a-z-]+)`", listed)
        if listed.strip().startswith("all but"):
            names = [c for c in commands if c not in names]
        for option in re.findall(r"`(--[a-z-]+)", options):
            assert names and all(option in commands[name] for name in names), (option, listed)
