"""Search: the index that pages search as readers type, shipped as a plain script.

Takes the `Dossier`; gives the text of `assets/search-index.js`, which sets
`window.DOSSIER_INDEX`. A script loaded with <script src> works from file://,
where browsers refuse to fetch a JSON index. Every name, alias, summary, note
and event is indexed, folded the way `names.fold` folds (the search script folds
queries the same way), so any recorded spelling of a name finds its page. What a
result shows of a statement (an alias, a summary, an event's date) carries its
qualifiers in the words every output uses: "Taliban (editorial)".
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from ..core.kinds import BY_NAME
from ..core.model import Dossier
from ..core.names import fold
from ..core.statement import Statement
from ..core.urls import entity_url, event_url
from ..link.statements import field_statement_id
from ..link.wording import event_words

_MARKDOWN_NOISE = re.compile(r"[\[\]*_`#>]")


def search_entries(dossier: Dossier) -> list[list[str]]:
    """One row per searchable item: [title, kind label, url, context, folded names, folded text, rank].

    The rank is "1" for a group, person or place, "" for an event or a source: on a match of
    a name, a profile comes before an event or a source of the same name (a reader who types
    "Azzam" looks for the man, not for the video he is in).
    """
    rows: list[list[str]] = []
    statements = dossier.statements
    for entity in dossier.entities.values():
        aliases = [str(a.value) for a in entity.aliases]
        summary = str(entity.summary[0].value) if entity.summary else ""
        note = _MARKDOWN_NOISE.sub(" ", _without_link_targets(entity.note or ""))
        names = " | ".join(fold(n) for n in [entity.name, *aliases])
        text = _unique_words(f"{summary} {note}")
        if aliases:
            context = "also " + ", ".join(_qualified(statements, field_statement_id(entity.id, "aliases", i), alias)
                                          for i, alias in enumerate(aliases))
        else:
            context = _qualified(statements, field_statement_id(entity.id, "summary", 0), _snippet(summary))
        rows.append([entity.name, BY_NAME[entity.kind].label, entity_url(entity.kind, entity.id), context, names, text,
                     "1"])
    for source in dossier.sources.values():
        rows.append([source.title, BY_NAME["source"].label, entity_url("source", source.id), source.outlet or "",
                     fold(source.title), "", ""])
    for event in dossier.events:
        when = event_words(event, dossier.name_of).split(": ", 1)[0]
        rows.append([event.title, BY_NAME["event"].label, event_url(event.id), _qualified(statements, event.id, when),
                     fold(event.title), _unique_words(" ".join(dossier.name_of(i) for i in event.involves)), ""])
    return rows


def _qualified(statements: Mapping[str, Statement], statement_id: str, text: str) -> str:
    """Words of a statement with its qualifiers (and, for a field's value, when it held), as every output
    words them: 'Taliban (editorial)', 'the Red Wing (until 2010)'."""
    statement = statements.get(statement_id)
    if not (statement and text):
        return text
    held = statement.qualifiers.held
    return statement.qualified(f"{text} ({held})" if held else text)


def _without_link_targets(note: str) -> str:
    """The note without the `](url)` of its links, in one pass.

    (The regex `\\]\\([^)]*\\)` did the same, but scanned to the end of the note from
    every `](` that no `)` follows: minutes for a note of many unclosed links.)
    """
    if "](" not in note:
        return note
    parts: list[str] = []
    start = 0
    while (at := note.find("](", start)) >= 0:
        end = note.find(")", at + 2)
        if end < 0:
            break  # no later `](` can be closed either
        parts.append(note[start:at])
        parts.append(" ")
        start = end + 1
    parts.append(note[start:])
    return "".join(parts)


def _snippet(text: str, limit: int = 120) -> str:
    """The text, cut at a word boundary with an ellipsis if longer than `limit`."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _unique_words(text: str) -> str:
    return " ".join(dict.fromkeys(fold(text).split()))


def search_index_script(dossier: Dossier) -> str:
    """The JavaScript file that carries the index."""
    payload = json.dumps(search_entries(dossier), ensure_ascii=False, separators=(",", ":"))
    return f"window.DOSSIER_INDEX={payload};\n"
