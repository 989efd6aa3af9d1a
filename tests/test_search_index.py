"""The search index: what it holds (names, summaries, notes, events with their dates, sources with the
words of their texts) and how it is written (the rows without their words, then each word once with the
rows that hold it), so that the page finds exactly the rows a word is in."""

from __future__ import annotations

from dossier.core.names import fold
from dossier.core.urls import entity_url, event_url
from dossier.render.search import index_payload, search_entries, search_index_script
from tests.helpers import row_words, search_index


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
