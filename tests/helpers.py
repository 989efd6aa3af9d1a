"""Helpers shared by the tests: repository paths and small content-tree utilities."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

from dossier.build.read import read_dossier
from dossier.core.diagnostics import Diagnostics

ROOT = Path(__file__).resolve().parent.parent
SITES = Path(__file__).resolve().parent / "sites"
MINIMAL = SITES / "minimal"
CAPTURED = SITES / "captured"
"""A dossier drawn from captured sources, its archive beside its content."""
CACHE_DATABASE = Path(".dossier-cache") / "cache.sqlite"
"""The build cache's database, relative to a project."""


def build_py(project: Path, *command: str) -> subprocess.CompletedProcess[str]:
    """`build.py COMMAND` on `project`, in a process of its own, its output captured."""
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "--project", str(project), *command],
                          capture_output=True, text=True)


def file_tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`: relative POSIX path -> bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Write {relative path: text} under root, dedenting each text."""
    return write_bytes_tree(root, {rel: textwrap.dedent(text).encode("utf-8") for rel, text in files.items()})


def write_bytes_tree(root: Path, files: dict[str, bytes]) -> Path:
    """Write {relative path: bytes} under root, as they are."""
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def override(project: Path, rel: str, text: str | None = None) -> Path:
    """The project's own templates/<rel>, which overlays the built-in theme's file: `text`,
    or by default a copy of the built-in file, to edit."""
    path = project / "templates" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text((ROOT / "templates" / rel).read_text(encoding="utf-8") if text is None else textwrap.dedent(text),
                    encoding="utf-8")
    return path


def ignore_warnings(project: Path, *codes: str) -> None:
    """Add warning codes to the project's `ignore` list in mkdocs.yml (the dossier plugin's option)."""
    config = project / "mkdocs.yml"
    listed = ", ".join(codes)
    config.write_text(config.read_text().replace("  - dossier\n", f"  - dossier:\n      ignore: [{listed}]\n"))


def diagnostics_of(content: Path) -> Diagnostics:
    return read_dossier(content)[1]


def search_index(script: str) -> dict[str, Any]:
    """The index of assets/search-index.js, as the page gets it: the script is
    `window.DOSSIER_INDEX=JSON.parse('...');`, a string whose only escapes are \\\\, \\', \\u2028 and \\u2029."""
    prefix, suffix = "window.DOSSIER_INDEX=JSON.parse('", "');\n"
    assert script.startswith(prefix) and script.endswith(suffix)
    body = script[len(prefix):-len(suffix)]
    assert re.fullmatch(r"(?:[^\\']|\\(?:[\\']|u2028|u2029))*", body), "a quote or escape the page would misread"
    text = re.sub(r"\\(u2028|u2029|.)", lambda m: {"u2028": "\u2028", "u2029": "\u2029"}.get(m[1], m[1]), body)
    return json.loads(text)


def row_words(index: dict[str, Any]) -> list[list[str]]:
    """Each row's words, from the rows the index gives each word (their distances, in base 36), as
    search.js reads them."""
    held: list[list[str]] = [[] for _ in index["rows"]]
    for word, places in zip(index["words"], index["places"]):
        row = 0
        for step in places.split():
            row += int(step, 36)
            held[row].append(word)
    return held
