"""The pinned requirements: every package pinned exactly, building's set apart from the developers'."""

from __future__ import annotations

import ast
import re
import sys
import tomllib

from tests.helpers import ROOT

_PIN = re.compile(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([0-9][0-9A-Za-z.]*)")


def pins(name: str) -> dict[str, str]:
    """{normalized package name: version} of a requirements file's own lines (not its -r includes)."""
    found: dict[str, str] = {}
    for line in (ROOT / name).read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#") or line == "-r requirements.txt":
            continue
        match = _PIN.fullmatch(line)
        assert match, f"{name}: '{line}' is not an exact pin (name==version)"
        key = re.sub(r"[-_.]+", "-", match.group(1)).lower()
        assert key not in found, f"{name}: {key} pinned twice"
        found[key] = match.group(2)
    return found


SITE, DEV = pins("requirements.txt"), pins("requirements-dev.txt")


def test_the_developers_set_adds_to_the_sites_and_pins_nothing_twice():
    assert "-r requirements.txt" in (ROOT / "requirements-dev.txt").read_text().splitlines()
    assert not SITE.keys() & DEV.keys()


def test_building_needs_none_of_the_developers_tools():
    assert {"pytest", "mypy", "ruff", "playwright", "pyinstrument", "types-pyyaml"} <= DEV.keys()
    assert not {"pytest", "mypy", "ruff", "playwright", "pyinstrument", "types-pyyaml", "pygments"} & SITE.keys()


_DISTRIBUTION = {"jinja2": "jinja2", "markupsafe": "markupsafe", "markdown_it": "markdown-it-py", "yaml": "pyyaml",
                 "mkdocs": "mkdocs", "watchdog": "watchdog", "lxml": "lxml", "readability": "readability-lxml",
                 "pdfminer": "pdfminer-six", "zlib_ng": "zlib-ng"}


def test_the_site_set_holds_every_package_the_engine_imports():
    imported = set()
    for path in (ROOT / "dossier").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    third_party = {name for name in imported if name not in sys.stdlib_module_names} - {"dossier"}
    unknown = third_party - _DISTRIBUTION.keys()
    assert not unknown, f"the engine imports {sorted(unknown)}: pin it in requirements.txt and name it here"
    assert {_DISTRIBUTION[name] for name in third_party} <= SITE.keys()


def test_the_site_set_holds_the_packages_dependencies_and_build_backend():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    extras = project["project"].get("optional-dependencies", {})
    needed = project["project"]["dependencies"] + extras.get("mkdocs", []) + extras.get("capture", [])
    needed += project["build-system"]["requires"]
    names = {re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9._-]+", spec).group(0)).lower() for spec in needed}
    assert names <= SITE.keys()
