"""The layout is the pipeline: a stage imports only core/ and the stages before it, nothing in the
engine imports an adapter, every module has a docstring and a place in docs/architecture.md."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT

ENGINE = ROOT / "dossier"
STAGES = ["core", "load", "validate", "link", "check", "drawing", "export", "render", "write", "cache", "build"]
"""The engine's packages in pipeline order."""
ADAPTERS = {"cli", "mkdocs_plugin", "mkdocs_theme", "scaffold", "serve", "capture"}
ARCHITECTURE = (ROOT / "docs" / "architecture.md").read_text()


def modules() -> list[Path]:
    return sorted(ENGINE.rglob("*.py"))


def dotted(path: Path) -> list[str]:
    """dossier/link/stage.py -> ['link', 'stage']; a package's __init__ -> the package."""
    parts = list(path.relative_to(ENGINE).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def imported(path: Path) -> list[tuple[int, list[str]]]:
    """(line, module path under dossier) of every import of the engine by this module."""
    here = dotted(path)
    package = here if path.name == "__init__.py" else here[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[:len(package) - node.level + 1]
            module = base + (node.module.split(".") if node.module else [])
            found += [(node.lineno, [*module, alias.name]) for alias in node.names]  # a name may be a module
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "dossier":
            found += [(node.lineno, [*node.module.split(".")[1:], alias.name]) for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name.split(".")[1:]) for alias in node.names
                      if alias.name.split(".")[0] == "dossier"]
    return found


def place(parts: list[str]) -> str:
    """The stage or adapter a module belongs to ('' for the package itself)."""
    return parts[0] if parts else ""


def test_the_packages_are_the_stages_and_the_adapters():
    tops = {place(dotted(path)) for path in modules()} - {""}
    assert tops == set(STAGES) | ADAPTERS


@pytest.mark.parametrize("path", modules(), ids=lambda p: p.relative_to(ENGINE).as_posix())
def test_a_stage_imports_only_core_and_earlier_stages(path):
    here = place(dotted(path))
    if here not in STAGES:
        return
    later = [f"line {line}: {'.'.join(name)}" for line, name in imported(path)
             if place(name) in STAGES and STAGES.index(place(name)) > STAGES.index(here)]
    assert not later, f"{here}/ imports a later stage: {later}"


@pytest.mark.parametrize("path", modules(), ids=lambda p: p.relative_to(ENGINE).as_posix())
def test_nothing_in_the_engine_imports_an_adapter(path):
    if place(dotted(path)) in ADAPTERS:
        return
    adapters = [f"line {line}: {'.'.join(name)}" for line, name in imported(path) if place(name) in ADAPTERS]
    assert not adapters, f"the engine imports an adapter: {adapters}"


def test_the_import_scan_sees_the_imports():
    """The checks above would pass on a scan that finds nothing."""
    assert ["core", "model", "Dossier"] in [name for _, name in imported(ENGINE / "link" / "stage.py")]
    assert ["core", "schema"] in [name for _, name in imported(ENGINE / "validate" / "records.py")]  # from ..core import schema
    assert any(name[:2] == ["build", "site"] for _, name in imported(ENGINE / "cli.py"))


@pytest.mark.parametrize("path", modules(), ids=lambda p: p.relative_to(ENGINE).as_posix())
def test_every_module_says_what_it_is_for(path):
    assert ast.get_docstring(ast.parse(path.read_text())), f"{path} has no module docstring"


@pytest.mark.parametrize("path", [p for p in modules() if p.name != "__init__.py"],
                         ids=lambda p: p.relative_to(ENGINE).as_posix())
def test_the_architecture_page_places_every_module(path):
    rel = path.relative_to(ENGINE).as_posix()
    name = rel if "/" in rel else rel.removesuffix(".py") + ".py"
    assert f"`{name}`" in ARCHITECTURE, f"docs/architecture.md does not say where {name} belongs"


def test_importing_the_engine_imports_no_mkdocs():
    code = "import sys, dossier.build.site, dossier.cli; print('mkdocs' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
