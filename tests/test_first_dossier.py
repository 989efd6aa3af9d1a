"""docs/first-dossier.md works as written: its commands run in order, with `dossier` as build.py, its
files are written where it says, what it shows a command print is printed, and the end is a built
site and offline bundle with two sources, a disagreement, a relation and a note."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.helpers import ROOT

GUIDE = (ROOT / "docs" / "first-dossier.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"^```(\w+)\n(.*?)^```\n", re.M | re.S)
FILE_BEFORE = re.compile(r"`(content/[\w/.-]+)`[^`\n]*:\s*$")
"""A file block follows a paragraph ending with the file's path: "Write `content/x.yml`:"."""


def steps() -> list[tuple[str, str, str]]:
    """Each code block in order: (kind, text, the file it is, for a file block)."""
    found = []
    for match in BLOCK.finditer(GUIDE):
        kind, text = match.group(1), match.group(2)
        before = GUIDE[:match.start()].rstrip("\n").rsplit("\n\n", 1)[-1].replace("\n", " ")
        named = FILE_BEFORE.search(before)
        found.append((kind, text, named.group(1) if named and kind in ("yaml", "markdown") else ""))
    return found


def run(command: str, cwd: Path, ended_in: Path) -> tuple[str, Path]:
    """A shell block, with `dossier` as build.py: what it printed, and the folder it ended in
    (written to `ended_in`, a file outside the project)."""
    script = (f'exec 3>"{ended_in}"\ndossier() {{ "{sys.executable}" "{ROOT / "build.py"}" "$@"; }}\n'
              f"set -e\n{command}\npwd >&3\n")
    result = subprocess.run(["bash", "-c", script], cwd=cwd, capture_output=True, text=True)
    assert result.returncode == 0, (command, result.stdout, result.stderr)
    return result.stdout + result.stderr, Path(ended_in.read_text().strip())


@pytest.fixture(scope="module")
def walked(tmp_path_factory) -> Path:
    """The project at the end of the guide, every step taken."""
    cwd = tmp_path_factory.mktemp("guide")
    ended_in = tmp_path_factory.mktemp("shell") / "pwd"
    printed = ""
    for kind, text, path in steps():
        if kind == "sh":
            printed, cwd = run(text, cwd, ended_in)
        elif kind == "text" and "[ref.unknown-entity]" not in text:  # that one is a mistake to try, below
            for line in text.splitlines():
                assert line in printed, line
        elif path:
            (cwd / path).write_text(text, encoding="utf-8")
    return cwd


def test_the_guide_has_every_step():
    kinds = [kind for kind, _, _ in steps()]
    assert kinds.count("sh") == 4 and kinds.count("text") == 2
    assert [path for _, _, path in steps() if path] == [
        "content/dossier.yml", "content/sources/tidewater-ledger.yml", "content/sources/coast-radio.yml",
        "content/places/saltby.yml", "content/groups/copper-gull-ring.yml", "content/people/ines-varro.yml",
        "content/groups/copper-gull-ring.md"]


def test_the_guide_ends_with_a_site_and_a_bundle(walked):
    site, bundle = walked / "site", walked / "dist" / "dossier-offline.zip"
    assert (site / "index.html").is_file() and bundle.is_file()
    assert "dossier-offline/index.html" in zipfile.ZipFile(bundle).namelist()
    assert sorted(p.name for p in (walked / "content").rglob("*") if p.is_file()) == [
        "coast-radio.yml", "copper-gull-ring.md", "copper-gull-ring.yml", "dossier.yml", "ines-varro.yml",
        "saltby.yml", "tidewater-ledger.yml"]


def test_the_pages_show_the_disagreement_the_relation_and_the_note(walked):
    ring = (walked / "site" / "groups" / "copper-gull-ring.html").read_text()
    ines = (walked / "site" / "people" / "ines-varro.html").read_text()
    assert "sources differ" in ring and "2017" in ring and "2016" in ring
    assert "led by" in ring and 'href="../people/ines-varro.html"' in ring
    assert "leader of" in ines and 'href="../groups/copper-gull-ring.html"' in ines
    assert "Editor&#39;s notes" in ring or "Editor's notes" in ring
    assert "Residents may be counting the months" in ring
    assert len(list((walked / "site" / "sources").glob("*.html"))) == 3  # two sources and their index


def test_the_mistake_it_shows_is_reported_as_it_shows(walked):
    [shown] = [text for kind, text, _ in steps() if kind == "text" and "[ref.unknown-entity]" in text]
    record = walked / "content" / "people" / "ines-varro.yml"
    good = record.read_text()
    record.write_text(good.replace("target: copper-gull-ring", "target: copper-gul-ring"))
    try:
        result = subprocess.run([sys.executable, str(ROOT / "build.py"), "validate"], cwd=walked,
                                capture_output=True, text=True)
    finally:
        record.write_text(good)
    assert result.returncode == 1
    assert shown.strip() in result.stderr.splitlines()
