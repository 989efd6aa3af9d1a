"""Output stability: every file the seed dossier, the minimal dossier, the dossier of captured
sources and a 1,000-entity synthetic dossier build into, against a manifest of digests kept in tests/golden/manifests/.

A refactor of the engine must not change a byte of output; a change meant to change output
rewrites the manifests with `pytest --update-golden`, and the manifest diff shows which files moved.
"""

from __future__ import annotations

import difflib
import hashlib
from pathlib import Path

import pytest

from benchmarks.synthetic import generate
from dossier.build.site import build_files
from dossier.core.project import load_project
from tests.helpers import CAPTURED, MINIMAL, ROOT

MANIFESTS = Path(__file__).parent / "golden" / "manifests"


def manifest(files: dict[str, bytes]) -> str:
    return "".join(f"{hashlib.sha256(data).hexdigest()}  {path}\n" for path, data in sorted(files.items()))


@pytest.fixture(scope="module")
def synthetic_1k(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("synthetic") / "dossier-1k"
    generate(1000, folder)
    return folder


@pytest.mark.parametrize("name", ["seed", "minimal", "captured", "synthetic-1k"])
def test_output_matches_its_manifest(name, synthetic_1k, update_golden):
    project = {"seed": ROOT, "minimal": MINIMAL, "captured": CAPTURED, "synthetic-1k": synthetic_1k}[name]
    actual = manifest(build_files(load_project(project), jobs=1).files)
    golden = MANIFESTS / f"{name}.sha256"
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    expected = golden.read_text(encoding="utf-8")
    diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), "manifest", "built", n=0))
    assert actual == expected, f"the output of {name} changed (rerun with --update-golden to accept):\n{diff[:4000]}"
