"""The search index: what it holds (names, summaries, notes, events with their dates, sources with the
words of their texts) and how it is written (the rows without their words, then each word once with the
rows that hold it), so that the page finds exactly the rows a word is in; and the words of each text
remembered from one index to the next, so that an index made after an edit (by a build with the cache,
or by `serve`) folds only the texts edited, and is the index a clean build makes."""

from __future__ import annotations

import argparse
import json
import random
import re
import sqlite3
from pathlib import Path

import pytest

from dossier.build.site import build_files
from dossier.cli import cmd_build
from dossier.core.names import fold
from dossier.core.project import load_project
from dossier.core.urls import entity_url, event_url
from dossier.render import search
from dossier.render.search import index_payload, search_entries, search_index_script
from dossier.render.searchplaces import word_places
from dossier.render.searchwords import SearchWords, restored
from dossier.serve.rebuilder import Rebuilder
from tests.helpers import CACHE_DATABASE, build_py, file_tree, row_words, search_index


def decoded(script: str) -> list[list[str]]:
    """The rows with their words, from the words' places (as search.js reads them)."""
    index = search_index(script)
    held = row_words(index)
    return [[*row[:5], " ".join(sorted(words)), *row[5:]] for row, words in zip(index["rows"], held)]


def test_the_written_index_gives_every_row_its_words(seed_site):
    _, dossier = seed_site
    expected = [[*row[:5], " ".join(sorted(row[5].split())), row[6]] for row in search_entries(dossier)]
    assert decoded(search_index_script(dossier)) == expected


def test_each_word_is_written_once_and_places_are_short(seed_site):
    _, dossier = seed_site
    rows = search_entries(dossier)
    index = index_payload(rows)
    assert index["words"] == sorted({w for row in rows for w in row[5].split()})
    written = sum(len(places) for places in index["places"]) + sum(map(len, index["words"]))
    assert written < sum(len(row[5]) for row in rows) * 0.7


def test_an_event_is_named_by_its_date_in_words_and_in_numbers(seed_site):
    _, dossier = seed_site
    rows = {row[2]: row for row in search_entries(dossier)}
    for event in dossier.events:
        names = rows[event_url(event.id)][4].split(" | ")
        assert fold(event.date.label) in names and fold(event.date.iso) in names
        assert str(event.date.year) in " ".join(names).split()


def test_a_source_is_found_by_the_words_of_its_text(seed_site):
    _, dossier = seed_site
    rows = {row[2]: row for row in search_entries(dossier)}
    for source in dossier.sources.values():
        words = rows[entity_url("source", source.id)][5].split()
        assert words == list(dict.fromkeys(fold(source.text).split()))


# -- the words of texts, remembered from one index to the next ----------------------------------

_MARKDOWN_NOISE = re.compile(r"[\[\]*_`#>]")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")


def words_as_first_made(text: str, note: str = "") -> str:
    """The words of a text and a note as the index made them before it remembered them: Markdown's
    marks made spaces, links' targets dropped, then each distinct word as written folded."""
    if note:
        text = f"{text} {_MARKDOWN_NOISE.sub(' ', _LINK_TARGET.sub(' ', note))}"
    return " ".join(dict.fromkeys(fold(" ".join(dict.fromkeys(text.split()))).split()))


@pytest.mark.parametrize(("text", "note"), [
    ("Yo'ldosh, Yoʻldosh and YOLDOSH", ""),
    ("ﬁne Ｆｕｌｌ-width Émile ÉMILE ŉ", "Naïve café"),
    ("A summary.", "don't `code` a`b snake_case [the link](https://example.org/x_y) **bold**\n> quote\n# Head"),
    ("", "Only a note, with ``doubled`` ticks and [[a wikilink]]."),
    ("tabs\tand\nnewlines, (brackets) and 3.14", ""),
    ("", ""),
])
def test_the_words_are_those_the_index_made_before(text, note):
    assert SearchWords().of(text, note) == words_as_first_made(text, note)


def indexed(memo: SearchWords, *texts: tuple[str, str]) -> list[str]:
    """The words of each text, as one row each, and their places made (as `search_index_script` does)."""
    words = [memo.of(text, note) for text, note in texts]
    memo.place(words)
    return words


def test_a_text_is_folded_once_and_one_no_longer_asked_for_is_let_go():
    first = SearchWords()
    assert indexed(first, ("Alpha beta", ""), ("Gamma", "a note")) == ["alpha beta", "gamma a note"]
    assert first.made == 2 and first.changed
    again = first.next()
    assert indexed(again, ("Alpha beta", ""), ("Alpha beta", "Delta")) == ["alpha beta", "alpha beta delta"]
    assert again.made == 1 and again.changed  # the note is part of the key; "Gamma" is let go
    assert sorted(again.used.values()) == ["alpha beta", "alpha beta delta"]
    same = again.next()
    indexed(same, ("Alpha beta", ""), ("Alpha beta", "Delta"))
    assert same.made == 0 and not same.changed
    moved = same.next()
    indexed(moved, ("Alpha beta", "Delta"), ("Alpha beta", ""))
    assert moved.made == 0 and moved.changed  # the same texts, in other rows


def test_what_an_index_keeps_is_restored_and_damage_is_not_believed():
    memo = SearchWords()
    indexed(memo, ("Alpha beta", ""), ("", ""), ("Gamma", "a note"))
    known, places = restored(memo.kept())
    assert known == memo.used and places == memo.places
    kept = memo.kept()
    for damaged in (None, [], "alpha", {**kept, "texts": 3}, {**kept, "words of texts": "alpha"},
                    {k: v for k, v in kept.items() if k != "places"}):
        assert restored(damaged) == ({}, None)
    assert restored({**kept, "rows": "0123"}) == (memo.used, None)  # rows of texts it does not know


def test_places_patched_after_edits_are_the_places_made_whole():
    rng = random.Random(23)
    vocabulary = [f"w{n}" for n in range(40)]

    def text() -> str:
        return " ".join(dict.fromkeys(rng.choices(vocabulary, k=rng.randrange(0, 8))))
    rows = [text() for _ in range(60)]
    last_words = {f"k{n}": words for n, words in enumerate(rows)}
    last = word_places(rows, list(last_words))
    reused = 0
    for step in range(200):
        edited = list(rows)
        keys = list(last.rows)
        for number in rng.sample(range(len(rows)), rng.randrange(1, 8)):
            edited[number] = text()
            keys[number] = f"k{step}-{number}"
        patched = word_places(edited, keys, last, last_words.get)
        assert patched == word_places(edited, keys)
        reused += patched.words is last.words  # patched, no word new or gone: the last list kept
        last_words.update(zip(keys, edited))
        rows, last = edited, patched
    assert reused > 10
    assert word_places(rows, keys, last, {}.get) == word_places(rows, keys)  # the last rows' words unknown


def test_an_index_made_again_from_remembered_words_is_the_same(seed_site):
    _, dossier = seed_site
    first = SearchWords()
    script = search_index_script(dossier, first)
    assert first.made > 0
    again = first.next()
    assert search_index_script(dossier, again) == script
    assert again.made == 0 and not again.changed



def test_an_index_made_from_the_entries_of_the_last_is_the_same_for_the_same_records_only(seed_site, monkeypatch):
    """A row but its words is a function of the records: an index whose records have the key of the
    last one's takes its entries (asking only for the words of texts), and any other makes them."""
    _, dossier = seed_site
    first = SearchWords(key="records A")
    script = search_index_script(dossier, first)
    kept = json.loads(json.dumps(first.kept()))  # as the build cache keeps it
    assert kept["key"] == "records A" and len(kept["entries"]) == len(search_entries(dossier))
    made = search.__dict__["_row_entries"]
    monkeypatch.setattr(search, "_row_entries", lambda d: pytest.fail("the entries were made again"))
    same = SearchWords(load=lambda: kept, key="records A")
    assert search_index_script(dossier, same) == script
    assert same.made == 0 and not same.changed  # nothing new to keep
    monkeypatch.setattr(search, "_row_entries", made)
    calls = []
    monkeypatch.setattr(search, "_row_entries", lambda d: calls.append(d) or made(d))
    for value, key in ((kept, "records B"), (kept, ""), ({**kept, "entries": kept["entries"][1:]}, "records A"),
                       ({**kept, "entries": [[*kept["entries"][0][:5], 1], *kept["entries"][1:]]}, "records A")):
        other = SearchWords(load=lambda value=value: value, key=key)
        assert search_index_script(dossier, other) == script
        assert other.changed == bool(key)  # entries of its own to keep, if it has a key
    assert len(calls) == 4


def test_a_build_after_a_note_edit_takes_the_last_index_s_entries_and_after_a_record_edit_makes_them(
        minimal_project, monkeypatch):
    cmd_build(load_project(minimal_project), build_args())
    made = search.__dict__["_row_entries"]
    monkeypatch.setattr(search, "_row_entries", lambda d: pytest.fail("the entries were made again"))
    note = minimal_project / NOTE
    note.write_text(note.read_text() + "\nIts ledgers mention the quillwort trade.\n")
    cmd_build(load_project(minimal_project), build_args())
    calls = []
    monkeypatch.setattr(search, "_row_entries", lambda d: calls.append(d) or made(d))
    assert rows_with(minimal_project, "quillwort") == ["groups/northwind-syndicate.html"]
    assert file_tree(minimal_project / "site") == clean_build(minimal_project)  # made whole: entries made
    assert len(calls) == 1
    record = minimal_project / "content" / "people" / "ada-varga.yml"
    record.write_text(record.read_text().replace("name: Ada Varga", "name: Ada Varga-Lind"))
    cmd_build(load_project(minimal_project), build_args())
    assert len(calls) == 2 and file_tree(minimal_project / "site") == clean_build(minimal_project)
    assert "Ada Varga-Lind" in [row[0] for row in search_index(
        (minimal_project / "site" / "assets" / "search-index.js").read_text(encoding="utf-8"))["rows"]]


def build_args() -> argparse.Namespace:
    return argparse.Namespace(jobs=1, strict=False, bundle=False, no_cache=False)


NOTE = "content/groups/northwind-syndicate.md"
ADDED = {"content/people/orla-quillfeather.yml": "name: Orla Quillfeather\nsummary:\n"
         "  value: A customs analyst who described the syndicate.\n  cite: said customs analyst Tomas Brell\n",
         "content/people/orla-quillfeather.md": "She keeps the zephyrine ledgers.\n"}


def rows_with(project: Path, word: str) -> list[str]:
    """The URLs of the rows of the built index whose words hold `word`."""
    index = search_index((project / "site" / "assets" / "search-index.js").read_text(encoding="utf-8"))
    return [row[2] for row, words in zip(index["rows"], row_words(index)) if word in words]


def kept_words(project: Path) -> list[str]:
    """The words of each text the build cache keeps for the next index."""
    with sqlite3.connect(project / CACHE_DATABASE) as connection:
        body, = connection.execute("SELECT body FROM state WHERE name = 'search words'").fetchone()
    return list(restored(json.loads(body))[0].values())


def test_an_incremental_build_finds_an_edited_note_s_words_and_loses_a_deleted_record(minimal_project):
    assert build_py(minimal_project, "build").returncode == 0
    note = minimal_project / NOTE
    note.write_text(note.read_text() + "\nIts ledgers mention the quillwort trade.\n")
    for rel, text in ADDED.items():
        (minimal_project / rel).write_text(text)
    result = build_py(minimal_project, "build")
    assert result.returncode == 0, result.stderr
    assert file_tree(minimal_project / "site") == clean_build(minimal_project)
    assert rows_with(minimal_project, "quillwort") == ["groups/northwind-syndicate.html"]
    assert rows_with(minimal_project, "zephyrine") == ["people/orla-quillfeather.html"]
    assert sum("quillwort" in words.split() for words in kept_words(minimal_project)) == 1
    note.write_text(note.read_text().replace("quillwort", "saltmarsh"))
    for rel in ADDED:
        (minimal_project / rel).unlink()
    result = build_py(minimal_project, "build")
    assert result.returncode == 0, result.stderr
    assert file_tree(minimal_project / "site") == clean_build(minimal_project)
    assert rows_with(minimal_project, "quillwort") == [] and rows_with(minimal_project, "zephyrine") == []
    assert rows_with(minimal_project, "saltmarsh") == ["groups/northwind-syndicate.html"]
    assert not any({"quillwort", "zephyrine"} & set(words.split()) for words in kept_words(minimal_project))


def test_serve_finds_an_edited_note_s_words_and_loses_a_deleted_record(minimal_project):
    for rel, text in ADDED.items():
        (minimal_project / rel).write_text(text)
    rebuilder = Rebuilder(load_project(minimal_project))
    rebuilder.full_build()
    assert rows_with(minimal_project, "zephyrine") == ["people/orla-quillfeather.html"]
    note = minimal_project / NOTE
    note.write_text(note.read_text() + "\nIts ledgers mention the quillwort trade.\n")
    assert "assets/search-index.js" in rebuilder.rebuild([str(note)])
    assert rows_with(minimal_project, "quillwort") == ["groups/northwind-syndicate.html"]
    assert file_tree(minimal_project / "site") == clean_build(minimal_project)
    note.write_text(note.read_text().replace("quillwort", "saltmarsh"))
    rebuilder.rebuild([str(note)])
    assert rows_with(minimal_project, "quillwort") == []
    assert rows_with(minimal_project, "saltmarsh") == ["groups/northwind-syndicate.html"]
    for rel in ADDED:
        (minimal_project / rel).unlink()
    rebuilder.rebuild([str(minimal_project / rel) for rel in ADDED])
    assert rows_with(minimal_project, "zephyrine") == []
    assert "people/orla-quillfeather.html" not in [row[2] for row in search_index(
        (minimal_project / "site" / "assets" / "search-index.js").read_text(encoding="utf-8"))["rows"]]
    assert file_tree(minimal_project / "site") == clean_build(minimal_project)
    assert not any("zephyrine" in words.split() for words in rebuilder._words.used.values())


def clean_build(project: Path) -> dict[str, bytes]:
    """The site a build without the cache makes of the project as it is."""
    return build_files(load_project(project)).files
