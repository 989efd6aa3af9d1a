"""Hostile YAML: every case in tests/hostile/yaml/ gives a clear error at its line, never a traceback or a hang.

The small cases run in process. The expensive ones (an alias bomb, deep
nesting, a 50 MB file, a file of a million values) run the real command line
in a child process, whose time and peak memory are measured; the bounds are
sanity limits, ten times what the cases take, not benchmarks.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dossier.core.diagnostics import Diagnostics
from dossier.load.files import load_yaml_file
from tests.helpers import ROOT, diagnostics_of

CASES = Path(__file__).parent / "hostile" / "yaml"

EXPECTED = {  # file: (code, line, column, words the message must hold)
    "anchor-alias.yml": ("yaml.alias", 4, 5, "'*s' is not supported"),
    "billion-laughs.yml": ("yaml.alias", 3, 8, "'*a' is not supported"),
    "complex-key.yml": ("yaml.key", 1, 3, "plain text"),
    "duplicate-key.yml": ("yaml.duplicate-key", 3, 1, "'name' is given twice"),
    "empty.yml": ("yaml.empty", 1, 0, "empty"),
    "only-comment.yml": ("yaml.empty", 1, 0, "empty"),
    "invalid-utf8-line-3.yml": ("load.encoding", 3, 0, "0xff is not UTF-8"),
    "latin-1.yml": ("load.encoding", 1, 0, "0xe9 is not UTF-8"),
    "local-tag.yml": ("yaml.tag", 2, 10, "'!custom'"),
    "merge-key.yml": ("yaml.merge", 4, 3, "merge keys"),
    "nul-byte.yml": ("load.encoding", 1, 0, "NUL"),
    "python-name-tag.yml": ("yaml.tag", 2, 10, "python/name:os.system"),
    "python-tag.yml": ("yaml.tag", 1, 7, "python/object/apply"),
    "tab-indent.yml": ("yaml.syntax", 3, 1, "a tab; YAML indents with spaces"),
    "two-documents.yml": ("yaml.documents", 3, 0, "second YAML document"),
    "unclosed-bracket.yml": ("yaml.syntax", 2, 8, "flow sequence that starts at line 1"),
    "unterminated-quote.yml": ("yaml.syntax", 2, 1, "quoted scalar that starts at line 1"),
}
VALIDATE_EXPECTED = {  # cases that load, and are then refused by validation
    "list-not-mapping.yml": ("type.mapping", "found a list"),
    "scalar-not-mapping.yml": ("type.mapping", "found the text 'just some text'"),
}


def test_every_case_file_has_an_expected_outcome():
    assert {p.name for p in CASES.glob("*.yml")} == set(EXPECTED) | set(VALIDATE_EXPECTED) | {"bom.yml"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_case_is_one_clear_error_at_its_place(name):
    code, line, column, words = EXPECTED[name]
    diagnostics = Diagnostics()
    assert load_yaml_file(CASES, CASES / name, "group", diagnostics) is None
    first = diagnostics.items[0]
    assert (first.code, first.pos.line, first.pos.column) == (code, line, column), str(first)
    assert words in first.message and first.pos.path == name
    assert {d.code for d in diagnostics.items} == {code}


@pytest.mark.parametrize("name", sorted(VALIDATE_EXPECTED))
def test_a_list_or_text_where_a_record_belongs_is_refused_by_validation(minimal_project, name):
    code, words = VALIDATE_EXPECTED[name]
    shutil.copy(CASES / name, minimal_project / "content" / "groups" / name)
    [error] = diagnostics_of(minimal_project / "content").errors
    assert error.code == code and words in error.message and str(error.pos) == f"groups/{name}:1:1"


def test_a_byte_order_mark_is_read_past():
    diagnostics = Diagnostics()
    record = load_yaml_file(CASES, CASES / "bom.yml", "group", diagnostics)
    assert record.data["name"] == "A BOM is fine" and not diagnostics.items


def test_the_python_tag_ran_nothing():
    assert not Path("/tmp/dossier-pwned").exists()


# -- the command line against expensive files ---------------------------------

MEASURE = """
import resource, subprocess, sys, time
started = time.perf_counter()
result = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(result.returncode, time.perf_counter() - started,
      resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024, sep="\\n")
print(result.stderr, end="")
"""


def validate_measured(project: Path) -> tuple[int, float, int, str]:
    """Exit code, seconds, peak MiB and stderr of `build.py validate`, run in a child of a child."""
    out = subprocess.run([sys.executable, "-c", MEASURE, sys.executable, str(ROOT / "build.py"),
                          "--project", str(project), "validate"], capture_output=True, text=True, check=True).stdout
    code, seconds, mib, stderr = out.split("\n", 3)
    return int(code), float(seconds), int(mib), stderr


@pytest.fixture(scope="module")
def baseline_mib(tmp_path_factory) -> int:
    project = tmp_path_factory.mktemp("baseline") / "minimal"
    shutil.copytree(ROOT / "tests" / "sites" / "minimal", project)
    return validate_measured(project)[2]


def hostile_file(minimal_project: Path, rel: str, data: bytes | str) -> Path:
    path = minimal_project / "content" / rel
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return path


@pytest.mark.parametrize("rel, make, expected", [
    ("groups/bomb.yml", lambda: (CASES / "billion-laughs.yml").read_text(), "groups/bomb.yml:3:8: error: YAML alias '*a'"),
    ("groups/deep.yml", lambda: "name: " + "[" * 100_000 + "]" * 100_000 + "\n",
     "groups/deep.yml:1:26: error: values are nested more than 20 levels deep"),
    ("groups/deep-block.yml", lambda: "".join("  " * i + "a:\n" for i in range(1000)) + "  " * 1000 + "x\n",
     "groups/deep-block.yml:21:41: error: values are nested more than 20 levels deep"),
    ("groups/wide.yml", lambda: "name: [" + "x, " * 600_000 + "]\n",
     "groups/wide.yml:1:59999: error: file has more than 20,000 values"),
    ("sources/huge.yml", lambda: b"text: " + b"x" * (50 * 1024 * 1024) + b"\n",
     "sources/huge.yml: error: file is 52,428,807 bytes, more than the 2,097,152 a content file may have"),
    ("groups/huge-note.md", lambda: "[" * 200_000, "groups/huge-note.md: error: file is 200,000 bytes, more than"),
])
def test_expensive_files_fail_fast_in_bounded_memory(minimal_project, baseline_mib, rel, make, expected):
    hostile_file(minimal_project, rel, make())
    code, seconds, mib, stderr = validate_measured(minimal_project)
    assert code == 1 and "Traceback" not in stderr, stderr[-2000:]
    assert expected in stderr, stderr[-2000:]
    assert seconds < 5, f"{rel}: {seconds:.1f}s"
    assert mib < baseline_mib + 100, f"{rel}: {mib} MiB against {baseline_mib} MiB for the minimal dossier"


@pytest.mark.parametrize("char, named", [("\u2028", "U+2028 LINE SEPARATOR"), ("\u2029", "U+2029 PARAGRAPH SEPARATOR"),
                                         ("\x85", "U+0085 NEXT LINE")])
def test_a_unicode_line_break_is_one_error_that_names_it_and_causes_no_other(minimal_project, char, named):
    """YAML reads U+2028, U+2029 and U+0085 as line breaks where an editor shows none. One U+2028 in
    the seed's source text gave "could not find expected ':'" at a line that looks fine, then an error
    for every record citing the source, which was lost (157 in all), and never named the character."""
    path = minimal_project / "content" / "sources" / "harbour-gazette.yml"
    text = path.read_text(encoding="utf-8")
    line = text.splitlines().index(next(x for x in text.splitlines() if "a smuggling ring" in x))
    column = text.splitlines()[line].index("a smuggling ring") + len("a smuggling") + 1
    path.write_text(text.replace("a smuggling ring", f"a smuggling{char}ring").replace("a decade", f"a{char}decade"),
                    encoding="utf-8")
    [error] = diagnostics_of(minimal_project / "content").errors
    assert (error.code, str(error.pos)) == ("yaml.line-break", f"sources/harbour-gazette.yml:{line + 1}:{column}")
    assert error.message.startswith(f"{named} (an invisible character) is read by YAML as a line break")
    assert error.message.endswith("(1 more in this file)")
