"""Load: YAML with the place of every value, and refusal of what records never need."""

from pathlib import Path

import pytest

from dossier.core.diagnostics import Diagnostics
from dossier.load.files import load_content, load_yaml_file


def load_one(tmp_path: Path, text: str | bytes):
    path = tmp_path / "x.yml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    diagnostics = Diagnostics()
    return load_yaml_file(tmp_path, path, "group", diagnostics), diagnostics


def test_scalars_stay_the_strings_the_editor_wrote(tmp_path):
    record, diagnostics = load_one(tmp_path, "date: 2015-12-11\nyear: 1996\nflag: yes\nnothing: ~\n")
    assert record.data == {"date": "2015-12-11", "year": "1996", "flag": "yes", "nothing": None}
    assert not diagnostics.items


def test_every_value_keeps_its_line(tmp_path):
    record, _ = load_one(tmp_path, "name: X\nrelations:\n  - type: a\n    target: b\n")
    assert record.pos(("relations", 0, "target")).line == 4
    assert record.pos(("relations", 0, "missing")).line == 3


@pytest.mark.parametrize("text, code, line", [
    ("a: &x [1]\nb: *x\n", "yaml.alias", 2),
    ("a: 1\na: 2\n", "yaml.duplicate-key", 2),
    ("x: !!python/object/apply:os.system ['true']\n", "yaml.tag", 1),
    ("base: &b {a: 1}\nc:\n  <<: *b\n", "yaml.merge", 3),
    ("a:\n\t- b\n", "yaml.syntax", 2),
    ("", "yaml.empty", 1),
    ("a: 1\n---\nb: 2\n", "yaml.documents", 3),
    (b"name: caf\xe9\n", "load.encoding", 1),
])
def test_unwanted_yaml_is_an_error_with_its_line(tmp_path, text, code, line):
    record, diagnostics = load_one(tmp_path, text)
    assert record is None
    [d] = diagnostics.items
    assert (d.code, d.pos.line) == (code, line)


def test_a_byte_order_mark_is_accepted(tmp_path):
    record, diagnostics = load_one(tmp_path, b"\xef\xbb\xbfname: X\n")
    assert record.data == {"name": "X"} and not diagnostics.items


def test_unknown_folder_suggests_the_right_one(tmp_path):
    (tmp_path / "persons").mkdir()
    (tmp_path / "dossier.yml").write_text("title: t\n")
    diagnostics = Diagnostics()
    load_content(tmp_path, diagnostics)
    [d] = diagnostics.errors
    assert d.code == "load.unknown-folder" and "Did you mean 'people'?" in d.message


def test_yaml_extension_is_pointed_at(tmp_path):
    (tmp_path / "groups").mkdir()
    (tmp_path / "groups" / "a.yaml").write_text("name: a\n")
    (tmp_path / "dossier.yml").write_text("title: t\n")
    diagnostics = Diagnostics()
    load_content(tmp_path, diagnostics)
    assert any("Did you mean '.yml'?" in d.message for d in diagnostics.errors)


@pytest.mark.parametrize("text", [
    "name: " + "[" * 30 + "]" * 30 + "\n",
    "".join("  " * i + "a:\n" for i in range(30)) + "  " * 30 + "x\n",
    "- " * 30 + "x\n",
])
def test_a_small_deep_file_is_refused_where_the_preflight_would_refuse_it(tmp_path, monkeypatch, text):
    """Small files skip the preflight pass; the loader then finds the same depth error at the same place."""
    import dossier.load.files
    fast, fast_diagnostics = load_one(tmp_path, text)
    monkeypatch.setattr(dossier.load.files, "needs_preflight", lambda text: True)
    _, guarded_diagnostics = load_one(tmp_path, text)
    assert fast is None
    assert [str(d) for d in fast_diagnostics.items] == [str(d) for d in guarded_diagnostics.items]
    assert fast_diagnostics.items[0].code == "yaml.too-deep"


def test_only_large_files_and_files_with_aliases_need_the_preflight():
    from dossier.load.yamlguard import SMALL_FILE, needs_preflight
    assert not needs_preflight("name: X\n" * 100)
    assert needs_preflight("a: &x 1\nb: *x\n")
    assert needs_preflight("a: b\n" * (SMALL_FILE // 5 + 1))


def test_files_parsed_in_a_worker_give_what_they_give_parsed_here(tmp_path, monkeypatch):
    """A large dossier's files are parsed by a forked worker as well as the main process: the records,
    their places, the notes and every diagnostic, in order, are those of parsing them all here."""
    import shutil

    import dossier.load.parsing
    content = tmp_path / "content"
    shutil.copytree(Path(__file__).parent.parent / "content", content)
    (content / "people" / "broken.yml").write_text("name: [unclosed\n")
    (content / "people" / "twice.yml").write_text("name: A\nname: B\n")
    (content / "people" / "stray.txt").write_text("x")
    (content / "groups" / "bad.md").write_text("A note with \x1b in it.\n")
    (content / "groups" / "huge.md").write_text("A note. " * 20000)  # refused where it is read: unparsed

    def loaded(threshold: int):
        monkeypatch.setattr(dossier.load.parsing, "PARALLEL_FILES", threshold)
        diagnostics = Diagnostics()
        found = load_content(content, diagnostics)
        return ([(r.kind, r.id, r.path, r.data, r.places.tolist(), r.key_places.tolist()) for r in found.records],
                [(n.kind, n.id, n.path, n.text) for n in found.notes], [str(d) for d in diagnostics.items])

    here, shared = loaded(10**9), loaded(1)
    assert shared == here
    records, notes, diagnostics = here
    assert len(records) > 20 and notes
    assert [d.split(": error: ")[0] for d in diagnostics if "people/" in d or "groups/" in d] == [
        "groups/bad.md:1:13", "groups/huge.md", "people/broken.yml:2:1", "people/stray.txt", "people/twice.yml:2:1"]
