"""What reaches the editor's terminal: every problem is one line, with hidden characters escaped.

A diagnostic quotes the content it is about: a field name, a value, a wikilink
target, a file name. Hostile content puts ESC and BEL there (to retitle,
recolour or erase the terminal) or a line break, U+2028 or U+0085 (to split one
`file:line: error` line into several, or fake one). Whatever the content holds,
the output holds no control character but the line feeds between lines.
"""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata

import pytest

from dossier.core.characters import printable
from tests.helpers import ROOT, write_tree
from tests.test_validate import edit

LINE = re.compile(r"^(?:\S[^\n]*: (?:error|warning): .* \[[a-z-]+\.[a-z-]+\]"
                  r"|\.\.\. and \d+ more \[[a-z.-]+\]"
                  r"|\d+ error\(s\)[^\n]*)$")
"""The only lines `validate` prints: a diagnostic, a count of repeats, the summary."""


def validate(project) -> str:
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--project", str(project), "validate"],
                            capture_output=True, encoding="utf-8")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    return result.stderr


def hidden(text: str) -> list[str]:
    return sorted({f"U+{ord(c):04X}" for c in text if c != "\n" and unicodedata.category(c)[0] in "CZ" and c != " "})


def test_escapes_and_line_breaks_in_keys_values_targets_and_file_names_never_reach_the_terminal_raw(
        minimal_project):
    edit(minimal_project, "people/ada-varga.yml", "name: Ada Varga",
         'name: Ada Varga\n"na\\e]0;owned\\a\\e[2J": x')  # an unknown field whose name retitles and clears
    edit(minimal_project, "people/ada-varga.yml", 'date: "1975"',
         'date: "1975\\nof\\Lx\\N/tmp/x.yml:1:1: error: fake [y.z]"')  # \L is U+2028, \N is U+0085
    edit(minimal_project, "groups/northwind-syndicate.md", "[[Ada Varga]]", "[[Ada \x1bcVarga\x07]]")  # ESC c resets the terminal
    write_tree(minimal_project / "content", {"places/\x1b[2Jwiped.yml": "name: X\n"})
    printed = validate(minimal_project)
    assert hidden(printed) == []
    lines = printed.rstrip("\n").split("\n")
    assert all(LINE.match(line) for line in lines), printed
    assert "unknown field 'na\\x1b]0;owned\\x07\\x1b[2J'" in printed
    assert "'1975\\nof\\u2028x\\x85/tmp/x.yml:1:1: error: fake [y.z]' is not a date" in printed
    assert "wikilink [[Ada \\x1bcVarga\\x07]]" in printed
    assert "places/\\x1b[2Jwiped.yml" in printed
    assert len([line for line in lines if "fake [y.z]" in line]) == 1  # the faked line stays inside the real one


@pytest.mark.parametrize("text, shown", [
    ("plain", "plain"), ("Лена Остром", "Лена Остром"), ("a\tb\nc", "a\\tb\\nc"), ("\x1b[2J", "\\x1b[2J"),
    ("a\u2028b\u2029c\x85d", "a\\u2028b\\u2029c\\x85d"), ("Jane\u3164Example", "Jane\\u3164Example"),
    ("\u202eevil", "\\u202eevil"), ("tag\U000e0041", "tag\\U000e0041"), ("\udcff", "\\udcff"),
])
def test_printable_escapes_every_hidden_character_and_only_those(text, shown):
    assert printable(text) == shown
    assert printable(printable(text)) == shown  # escapes are printable: escaping twice changes nothing


def test_printable_can_keep_the_line_breaks_between_lines():
    assert printable("one \x1b\ntwo\u2028", keep_newlines=True) == "one \\x1b\ntwo\\u2028"
