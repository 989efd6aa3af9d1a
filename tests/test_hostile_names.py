"""Hostile ids, file names and references: refused with a clear error, or shown safely.

Ids come from file names and become file names and URLs, so anything that
could escape the site folder, clash on a case-insensitive or Windows disk, or
look like another id is refused. References and wikilinks that try to climb
out of the content (../, absolute paths) name nothing and say so.
"""

from __future__ import annotations

import os

import pytest

from dossier.build.read import read_dossier
from dossier.build.site import render_site
from dossier.core.characters import describe, printable, refused_in_prose, refused_in_value
from tests.helpers import build_py, diagnostics_of, write_tree
from tests.hostile.safety import site_problems
from tests.test_validate import edit, only_error

RECORD = "name: A\nsummary: {value: x, editorial: y}\n"


def errors(project):
    return diagnostics_of(project / "content").errors


@pytest.mark.parametrize("target", ["../people/ada-varga", "/etc/passwd", "..", "people/ada-varga",
                                    "ada-varga.yml", "ADA-VARGA", "ada-varga/../../x", "C:\\\\Windows"])
def test_references_that_climb_out_name_nothing(minimal_project, target):
    edit(minimal_project, "people/ada-varga.yml", "target: northwind-syndicate", f"target: '{target}'")
    d = only_error(minimal_project)
    assert d.code == "ref.unknown-entity" and str(d.pos) == "people/ada-varga.yml:17:13"


@pytest.mark.parametrize("link", ["[[../people/ada-varga]]", "[[/etc/passwd]]", "[[../../../../etc/passwd]]",
                                  "[[people/ada-varga.html]]", "[[C:\\Windows\\system32]]"])
def test_wikilinks_that_climb_out_are_unresolved(minimal_project, link):
    edit(minimal_project, "groups/northwind-syndicate.md", "[[Ada Varga]]", link)
    d = only_error(minimal_project)
    assert d.code == "wikilink.unresolved" and str(d.pos) == "groups/northwind-syndicate.md:1"


def test_note_links_to_absolute_or_outside_paths_never_leave_the_site(minimal_project):
    """A Markdown link is the editor's own; it must still point inside the built site or be caught."""
    edit(minimal_project, "groups/northwind-syndicate.md", "[[Ada Varga]]",
         "[a](/etc/passwd) [b](../../../../etc/passwd) [c](file:///etc/passwd)")
    dossier, diagnostics = read_dossier(minimal_project / "content")
    from dossier.build.site import link_errors
    from dossier.write.linkcheck import check_links
    files = render_site(dossier, minimal_project / "templates")
    broken = {d.message.split("'")[1] for d in link_errors(check_links(files)) if "northwind" in str(d.pos)}
    assert broken == {"/etc/passwd", "../../../../etc/passwd"}  # the build refuses these
    assert 'href="file:' not in files["groups/northwind-syndicate.html"].decode()


@pytest.mark.parametrize("name, words", [
    ("con", "reserved name"), ("nul", "reserved name"), ("com1", "reserved name"), ("index", "reserved name"),
    ("assets", "reserved name"), ("Foo", "Did you mean 'foo'?"), ("a..b", "not made of lowercase"),
    ("a b", "Did you mean 'a-b'?"), ("-lead", "Did you mean 'lead'?"),
    ("аda-varga", "U+0430 CYRILLIC SMALL LETTER A"),  # Cyrillic а: looks like 'ada-varga'
    ("adа-varga", "U+0430 CYRILLIC SMALL LETTER A"),
    ("ada\u2010varga", "U+2010 HYPHEN"),
    ("عمر", "U+0639 ARABIC LETTER AIN"),
    ("ada\u200fvarga", "U+200F RIGHT-TO-LEFT MARK"),
    ("café", "Did you mean 'cafe'?"),
])
def test_file_names_that_cannot_be_ids_say_why(minimal_project, name, words):
    write_tree(minimal_project / "content", {f"places/{name}.yml": RECORD})
    [d] = errors(minimal_project)
    assert d.code == "id.invalid" and words in d.message, d.message
    assert "Did you mean 'da-varga'" not in d.message  # the old hint dropped the look-alike letter


def test_a_look_alike_id_is_never_hinted_as_its_ascii_twin(minimal_project):
    write_tree(minimal_project / "content", {"places/аda-varga.yml": RECORD})
    [d] = errors(minimal_project)
    assert "Did you mean" not in d.message and "only looks like" in d.message


def test_a_case_clash_names_the_other_file(minimal_project):
    write_tree(minimal_project / "content", {"people/Ada-Varga.yml": RECORD})
    [d] = errors(minimal_project)
    assert d.code == "id.invalid" and "people/ada-varga.yml already has the id 'ada-varga'" in d.message
    assert "ignores case" in d.message


def test_a_symlinked_folder_or_file_is_refused(minimal_project, tmp_path):
    outside = tmp_path / "outside"
    write_tree(outside, {"secret.yml": RECORD})
    os.symlink(outside, minimal_project / "content" / "groups" / "linked")
    os.symlink(outside / "secret.yml", minimal_project / "content" / "places" / "secret.yml")
    codes = {(d.code, d.pos.path) for d in errors(minimal_project)}
    assert codes == {("load.not-a-file", "groups/linked"), ("load.not-a-file", "places/secret.yml")}


def test_a_symlinked_kind_folder_is_refused(minimal_project, tmp_path):
    (minimal_project / "content" / "places").rename(tmp_path / "places")
    os.symlink(tmp_path / "places", minimal_project / "content" / "places")
    d = next(d for d in errors(minimal_project) if d.code == "load.not-a-file")
    assert d.pos.path == "places" and "symbolic link" in d.message


def test_other_scripts_and_direction_are_shown_safely(minimal_project):
    """Names in other scripts are fine content: they render, escaped, and link."""
    edit(minimal_project, "people/lena-ostrom.yml", "name: Lena Ostrom", "name: Лена Остром")
    edit(minimal_project, "places/kestrel-island.yml", "name: Kestrel Island", "name: جزيرة <b>كيستريل</b>")
    dossier, diagnostics = read_dossier(minimal_project / "content")
    assert [d.code for d in diagnostics.errors] == ["wikilink.unresolved"]  # the note's [[Kestrel Island]]
    files = render_site(dossier, minimal_project / "templates")
    place = files["places/kestrel-island.html"].decode()
    assert "جزيرة &lt;b&gt;كيستريل&lt;/b&gt;" in place
    assert "Лена Остром" in files["people/lena-ostrom.html"].decode()
    assert site_problems(files) == {}


@pytest.mark.parametrize("escape, code", [("\\u202e", "U+202E"), ("\\u2066", "U+2066"), ("\\u200b", "U+200B"),
                                          ("\\a", "U+0007"), ("\\e", "U+001B")])
def test_direction_overrides_and_controls_are_refused_in_names(minimal_project, escape, code):
    edit(minimal_project, "people/ada-varga.yml", "name: Ada Varga", f'name: "Ada{escape}Varga"')
    d = only_error(minimal_project)
    assert d.code == "text.invisible" and code in d.message


def test_a_raw_control_character_is_a_yaml_error_at_its_place(minimal_project):
    edit(minimal_project, "people/ada-varga.yml", "name: Ada Varga", "name: Ada\x1bVarga")
    d = next(d for d in errors(minimal_project) if d.pos.path == "people/ada-varga.yml")
    assert d.code == "yaml.syntax" and str(d.pos) == "people/ada-varga.yml:1:10" and "U+001B" in d.message


@pytest.mark.parametrize("char", ["\u202e", "\u2067"])
def test_direction_overrides_and_controls_are_refused_in_source_texts(minimal_project, char):
    edit(minimal_project, "sources/harbour-gazette.yml", "an inquiry heard", f"an inquiry{char} heard")
    d = only_error(minimal_project)
    assert d.code == "text.invisible" and "line 2 of the text" in d.message
    assert d.pos.path == "sources/harbour-gazette.yml"


def test_bare_direction_marks_in_a_source_text_are_kept(minimal_project):
    """An Arabic or Hebrew article legitimately carries U+200F marks; only overrides reorder text."""
    edit(minimal_project, "sources/harbour-gazette.yml", "an inquiry heard", "an inquiry\u200f heard")
    assert errors(minimal_project) == []


@pytest.mark.parametrize("language, ok", [("en", True), ("pt-BR", True), ("uz-Latn", True),
                                          ('en" onload="x', False), ("english language", False), ("", True)])
def test_the_language_must_be_a_language_code(minimal_project, language, ok):
    edit(minimal_project, "dossier.yml", "key_entities:", f"language: '{language}'\nkey_entities:")
    found = [d.code for d in errors(minimal_project)]
    assert found == ([] if ok else ["type.language"])


@pytest.mark.parametrize("name, warned", [
    ("\u0410da Varga", True),          # Cyrillic А in a Latin word: looks like 'Ada Varga'
    ("Ada Var\u0261a", False),         # Latin small script g: Latin still
    ("\u0391da Varga", True),          # Greek Alpha
    ("Ада Варга", False),              # wholly Cyrillic words are simply Cyrillic
    ("Ada Варга", False),              # two scripts, but each word is one
    ("Abū Bakr", False),
])
def test_a_word_mixing_look_alike_scripts_is_warned_of(minimal_project, name, warned):
    edit(minimal_project, "people/lena-ostrom.yml", "name: Lena Ostrom", f"name: {name}")
    diagnostics = diagnostics_of(minimal_project / "content")
    assert diagnostics.errors == []
    mixed = [d for d in diagnostics.warnings if d.code == "text.mixed-script"]
    assert bool(mixed) == warned
    if warned:
        assert mixed[0].pos.path == "people/lena-ostrom.yml" and "U+0" in mixed[0].message


def test_a_look_alike_alias_is_warned_of_at_its_line(minimal_project):
    edit(minimal_project, "people/ada-varga.yml", "  - value: Áda Várga", "  - value: \u0410da V\u0430rga")
    [d] = [d for d in diagnostics_of(minimal_project / "content").warnings if d.code == "text.mixed-script"]
    assert str(d.pos).startswith("people/ada-varga.yml:3") and "CYRILLIC CAPITAL LETTER A" in d.message


@pytest.mark.parametrize("escape, code", [
    ("\\x85", "U+0085"), ("\\x9b", "U+009B"),                        # C1 controls: next line, CSI
    ("\\u00ad", "U+00AD"), ("\\u180e", "U+180E"), ("\\ufff9", "U+FFF9"),  # format characters (Cf)
    ("\\u3164", "U+3164"), ("\\u115f", "U+115F"), ("\\uffa0", "U+FFA0"),  # Hangul fillers: blank letters
    ("\\u034f", "U+034F"), ("\\ufe0f", "U+FE0F"),                    # a joiner and a variation selector
    ("\\U000e0041", "U+E0041"), ("\\L", "U+2028"), ("\\P", "U+2029"),  # a tag letter, line separators
    ("\\uFFFE", "U+FFFE"), ("\\uFFFF", "U+FFFF"), ("\\uFDD0", "U+FDD0"), ("\\U0010FFFF", "U+10FFFF"),  # noncharacters
])
def test_c1_controls_and_invisible_letters_are_refused_in_names(minimal_project, escape, code):
    """'Jane\\u3164Example' looks like 'Jane Example' but is neither found by search nor linked as typed."""
    edit(minimal_project, "people/ada-varga.yml", "name: Ada Varga", f'name: "Ada{escape}Varga"')
    d = only_error(minimal_project)
    assert d.code == "text.invisible" and code in d.message and str(d.pos) == "people/ada-varga.yml:1:7"


NONCHARACTERS = [chr(c) for c in range(0xFDD0, 0xFDF0)] + [chr(plane + last) for plane in range(0, 0x110000, 0x10000)
                                                         for last in (0xFFFE, 0xFFFF)]


def test_every_noncharacter_is_refused_in_values_and_prose_and_escaped_in_messages():
    """Unicode keeps its 66 noncharacters for programs' own use, never for text."""
    assert len(NONCHARACTERS) == 66
    for char in NONCHARACTERS:
        assert refused_in_value(f"Ada{char}Varga") == char, f"U+{ord(char):04X}"
        assert refused_in_prose(f"Some text.{char}") == (10, char), f"U+{ord(char):04X}"
        assert printable(char) == (f"\\u{ord(char):04x}" if ord(char) < 0x10000 else f"\\U{ord(char):08x}")
        assert describe(char) == f"U+{ord(char):04X} (a noncharacter)"


@pytest.mark.parametrize("char", ["\uFFFE", "\uFFFF", "\U0001FFFE"])
def test_a_name_holding_a_noncharacter_is_refused_before_graphml_can_drop_it(minimal_project, char):
    """XML cannot hold U+FFFE or U+FFFF, so the GraphML export wrote such a name without them: another
    name than the record's, silently. The name is refused at its place and no export is written."""
    escape = f"\\u{ord(char):04X}" if ord(char) < 0x10000 else f"\\U{ord(char):08X}"
    edit(minimal_project, "people/ada-varga.yml", "name: Ada Varga", f'name: "Ada{escape}Varga"')
    result = build_py(minimal_project, "export", "--out", str(minimal_project / "data"))
    assert result.returncode == 1, result.stderr
    assert f"people/ada-varga.yml:1:7: error: name contains the invisible character U+{ord(char):04X} " \
           "(a noncharacter)" in result.stderr
    assert not (minimal_project / "data" / "relations.graphml").exists()


@pytest.mark.parametrize("where, old, new", [
    ("people/ada-varga.yml", "  - value: Áda Várga", '  - value: "Áda\\u3164Várga"'),
    ("people/ada-varga.yml", "  value: Leader of the Northwind Syndicate since 2014.", '  value: "Leader\\u00ad."'),
    ("people/ada-varga.yml", "  value: unknown", '  value: "unknown\\x85"'),
    ("events/2021-03-03-warehouse-raid.yml", "title: Harbour police raid the syndicate's warehouses",
     'title: "Harbour\\u115f police raid"'),
    ("dossier.yml", "title: The Northwind Syndicate", 'title: "The\\u202eNorthwind"'),
])
def test_invisible_characters_are_refused_in_every_text_value(minimal_project, where, old, new):
    edit(minimal_project, where, old, new)
    d = only_error(minimal_project)
    assert d.code == "text.invisible" and d.pos.path == where


@pytest.mark.parametrize("note, line, column, code", [
    ("Plain words.\nA bell\x07 here.", 2, 7, "U+0007"),
    ("An escape \x1b[2J here.", 1, 11, "U+001B"),
    ("Reversed: \u202edesrever", 1, 11, "U+202E"),
    ("A C1 control \x9b here.", 1, 14, "U+009B"),
    ("A noncharacter \ufffe here.", 1, 16, "U+FFFE"),
])
def test_controls_and_direction_overrides_are_refused_in_notes(minimal_project, note, line, column, code):
    (minimal_project / "content" / "groups" / "northwind-syndicate.md").write_text(note, encoding="utf-8")
    d = only_error(minimal_project)
    assert d.code == "text.invisible" and code in d.message
    assert (str(d.pos), d.severity) == (f"groups/northwind-syndicate.md:{line}:{column}", "error")


def test_a_c1_control_is_refused_in_a_source_text_but_a_soft_hyphen_is_kept(minimal_project):
    """Pasted articles carry soft hyphens; a C1 control (here U+0092, a Windows quote misread as Latin-1) is garbage."""
    source = {"sources/pasted.yml": 'title: Pasted\ntext: "First line.\\nAn in\u00adquiry heard."\n'}
    write_tree(minimal_project / "content", source)
    assert errors(minimal_project) == []
    write_tree(minimal_project / "content", {"sources/pasted.yml": source["sources/pasted.yml"].replace(
        "quiry heard", "quiry\\x92 heard")})
    d = only_error(minimal_project)
    assert d.code == "text.invisible" and "U+0092" in d.message and "line 2 of the text" in d.message


def test_prose_is_refused_the_same_characters_with_or_without_characters_beyond_the_first_plane():
    """Prose with nothing beyond U+FFFF is searched with a smaller class of the same characters: every
    code point of the first plane is refused, or not, as in prose that also holds an emoji."""
    for code in range(0x10000):
        char = chr(code)
        plain, astral = refused_in_prose(f"Some text.{char}"), refused_in_prose(f"\U0001F600 Some text.{char}")
        assert (plain is None) == (astral is None), f"U+{code:04X}"
        if plain is not None:
            assert plain == (10, char) and astral == (12, char), f"U+{code:04X}"
    assert refused_in_prose("\U0001F600 text\U0010FFFF") == (6, "\U0010FFFF")
    assert refused_in_prose("text \U0001F600") is None


def test_prose_that_passes_the_quick_tests_holds_nothing_the_class_refuses():
    """ASCII prose is passed by deleting the bytes it may hold, other prose by its lines being
    printable: each code point of the first plane, in an ASCII text and in an accented one of
    several lines (and with a tab before it), is refused exactly where the whole class finds it."""
    from dossier.core.characters import _PROSE_REFUSED
    for code in range(0x10000):
        char = chr(code)
        for text in (f"Some text.\n{char}", f"Éric wrote.\n\nSome text.{char}", f"A\ttab.\n{char}"):
            found = _PROSE_REFUSED.search(text)
            assert refused_in_prose(text) == ((found.start(), found.group()) if found else None), f"U+{code:04X}"
    assert refused_in_prose("Line one\n\tindented\n") is None
    assert refused_in_prose("Line one\r\nline two") == (8, "\r")
