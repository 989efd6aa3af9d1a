"""Search: the index that pages search as readers type, shipped as a plain script.

Takes the `Dossier`; gives the text of `assets/search-index.js`, which sets
`window.DOSSIER_INDEX` (from a string of JSON, which browsers parse faster than a
literal). A script loaded with <script src> works from file://, where browsers
refuse to fetch a JSON index. Indexed: every group's, person's and place's name,
aliases, summary and note; every event's title, date (in words and as numbers:
"20 August 1999", "1999-08-20") and the names of those it involves; every source's
title and the words of its text. All is folded the way `names.fold` folds (the
search script folds queries the same way), so any recorded spelling of a name
finds its page.

The words of summaries, notes, events and sources' texts are most of the index. Written
row by row they would be loaded and scanned whole at every page load; instead the index
lists each word once (`words`, sorted) with the rows that hold it (`places`: the rows'
numbers, each as its distance from the one before, in base 36), so a page loads only the
rows and the word list, and a query reads the places of the words it begins.

What a result shows of a statement (an alias, a summary, an event's date) carries its
qualifiers in the words every output uses: "Taliban (editorial)".
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from ..core.kinds import BY_NAME
from ..core.model import Dossier, Entity
from ..core.names import fold
from ..core.statement import Statement
from ..core.urls import entity_url, event_url
from ..link.statements import field_statement_id
from ..link.wording import event_words
from .searchwords import Entry, SearchWords


def search_entries(dossier: Dossier, words: SearchWords | None = None) -> list[list[str]]:
    """One row per searchable item: [title, kind label, url, context, folded names, folded words, rank].

    Names are the item's names, aliases and (for an event) its date, separated by " | ";
    words are the other words it is found by, each once. The rank is "1" for a group,
    person or place, "" for an event or a source: on a match of a name, a profile comes
    before an event or a source of the same name (a reader who types "Azzam" looks for the
    man, not for the video he is in). `words` remembers the words of texts (see `searchwords`),
    and the rows but their words of the last index made from the same records.
    """
    memo = words or SearchWords()
    texts = _row_texts(dossier)
    entries = memo.last_entries(len(texts))
    if entries is None:
        entries = _row_entries(dossier)
    memo.entries = entries
    words_of = memo.of
    return [[*entry[:5], words_of(*text), entry[5]] for entry, text in zip(entries, texts, strict=True)]


def _row_entries(dossier: Dossier) -> list[Entry]:
    """Each row but its words (see `search_entries`), in order: a function of the records alone."""
    entries: list[Entry] = []
    statements = dossier.statements
    for entity in dossier.entities.values():
        aliases = [str(a.value) for a in entity.aliases]
        names = " | ".join(fold(n) for n in [entity.name, *aliases])
        if aliases:
            context = "also " + ", ".join(_qualified(statements, field_statement_id(entity.id, "aliases", i), alias)
                                          for i, alias in enumerate(aliases))
        else:
            context = _qualified(statements, field_statement_id(entity.id, "summary", 0), _snippet(_summary(entity)))
        entries.append([entity.name, BY_NAME[entity.kind].label, entity_url(entity.kind, entity.id), context, names,
                        "1"])
    for source in dossier.sources.values():
        entries.append([source.title, BY_NAME["source"].label, entity_url("source", source.id), source.outlet or "",
                        fold(source.title), ""])
    for event in dossier.events:
        names = " | ".join(dict.fromkeys((fold(event.title), fold(event.date.label), fold(event.date.iso))))
        when = event_words(event, dossier.name_of).split(": ", 1)[0]
        entries.append([event.title, BY_NAME["event"].label, event_url(event.id),
                        _qualified(statements, event.id, when), names, ""])
    return entries


def _row_texts(dossier: Dossier) -> list[tuple[str, str]]:
    """The texts (a text and a note) each row's words are made of, in the order of the rows."""
    notes = dossier.notes
    return [*((_summary(entity), notes.get(entity.id, "")) for entity in dossier.entities.values()),
            *((source.text, "") for source in dossier.sources.values()),
            *((" ".join(dossier.name_of(i) for i in event.involves), "") for event in dossier.events)]


def _summary(entity: Entity) -> str:
    return str(entity.summary[0].value) if entity.summary else ""


def index_payload(rows: list[list[str]], words: SearchWords | None = None) -> dict[str, list[str] | list[list[str]]]:
    """The index as the script gets it: the `rows` without their words ([title, kind label, url,
    context, folded names, rank]); every word of any row, once, sorted (`words`); and for each
    word, the rows holding it (`places`): their numbers in increasing order, each written as its
    distance from the one before (the first from 0), in base 36, separated by spaces.

    `words`, the memo that gave the rows' words, makes the places from the last index's where
    few rows changed (see `searchplaces`)."""
    placed = (words or SearchWords()).place([row[5] for row in rows])
    return {"rows": [[*row[:5], *row[6:]] for row in rows], "words": placed.words, "places": placed.places}


def _qualified(statements: Mapping[str, Statement], statement_id: str, text: str) -> str:
    """Words of a statement with its qualifiers (and, for a field's value, when it held), as every output
    words them: 'Taliban (editorial)', 'the Red Wing (until 2010)'."""
    statement = statements.get(statement_id)
    if not (statement and text):
        return text
    held = statement.qualifiers.held
    return statement.qualified(f"{text} ({held})" if held else text)


def _snippet(text: str, limit: int = 120) -> str:
    """The text, cut at a word boundary with an ellipsis if longer than `limit`."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def search_index_script(dossier: Dossier, words: SearchWords | None = None) -> str:
    """The JavaScript file that carries the index: its JSON in a string, given to JSON.parse, which
    browsers read much faster than a literal of the same data (about half the time at 10,000 entities).
    `words`: see `search_entries` and `index_payload`."""
    words = words or SearchWords()
    payload = json.dumps(index_payload(search_entries(dossier, words), words), ensure_ascii=False,
                         separators=(",", ":"))
    return f"window.DOSSIER_INDEX=JSON.parse('{js_quoted(payload)}');\n"


def js_quoted(text: str) -> str:
    """Text for a JavaScript string in single quotes: backslashes and quotes escaped, and the two
    line terminators JSON allows raw and older JavaScript does not (JSON has no raw newline).
    (One `replace` a character: each is a quick scan, where `str.translate` looks up every character.)"""
    text = text.replace("\\", "\\\\").replace("'", "\\'")
    if "\u2028" in text or "\u2029" in text:
        text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return text
