"""Theme versions: the built-in theme's version, how a file says which one it was written for,
and what changed from one version to the next.

The built-in theme is versioned as a whole: `THEME_VERSION` goes up when a template's data
or a macro changes shape, or when the theme draws something new that a copy of an older
file would leave out. Every built-in file opens with its version (`{# dossier-theme 2 #}`
in a template, `/* dossier-theme 2 */` in the stylesheet and the script), so a copy says
which version it was written for; a file without the line was written for theme 1, the
version before files carried it. `CHANGES` lists each change with the file it concerns,
what it concerns (the variable or macro), its new form, and how to find the old form in a
file's text; `themecheck` runs them over a project's older files. `RENAMED` gives the files
the theme reads under another name now: a project's file under the old name is never read,
whatever version it says it was written for. Templates get the version as `theme_version`, so
one that must work with several can test it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

THEME_VERSION = 2
"""The version of the built-in theme this engine draws with."""
FIRST_VERSION = 1
"""The version of a file that does not say: theme 1 is the one before files carried their version."""
DOCS = "docs/theming.md"

_DECLARED = re.compile(r"\bdossier-theme\s+(\d{1,4})\b")
_DECLARATION_SPAN = 400
"""The version line is the file's first; a little leeway for a licence comment or a BOM."""


def declared_version(text: str) -> int | None:
    """The theme version a file says it was written for (`dossier-theme N` near its start), or None:
    a file that does not say was written for theme 1 (`FIRST_VERSION`)."""
    found = _DECLARED.search(text[:_DECLARATION_SPAN])
    return int(found.group(1)) if found else None


def upgrade_section(version: int) -> str:
    """Where docs/theming.md explains the upgrade to `version`: its heading's anchor, as MkDocs makes it."""
    return f"{DOCS}#from-theme-{version - 1}-to-theme-{version}"


Finder = Callable[[str], "int | None"]
"""A file's text -> the line (1-based) where it shows a change's old form, or None if it does not."""


@dataclass(frozen=True)
class Change:
    """One change of the built-in theme, for the project files written for an earlier version."""

    version: int
    """The version that brought it."""
    files: re.Pattern[str]
    """The files (paths in the theme folder) it concerns."""
    subject: str
    """The variable, macro or file that changed, as a template writer knows it."""
    now: str
    """Its new form, and what to do: the message's second half."""
    find_old_form: Finder
    severity: Literal["error", "warning"]
    """An error where the old form breaks the build; a warning where it leaves out what the theme now draws."""


def _line_of(text: str, pattern: re.Pattern[str]) -> int | None:
    found = pattern.search(text)
    return None if found is None else text.count("\n", 0, found.start()) + 1


def uses_without(uses: str, lacks: str) -> Finder:
    """The old form is a use of `uses` in a file that nowhere has `lacks` (the new form's mark)."""
    uses_re, lacks_re = re.compile(uses), re.compile(lacks)
    return lambda text: None if lacks_re.search(text) else _line_of(text, uses_re)


def lacks(mark: str) -> Finder:
    """The old form is a whole file without `mark`: reported at its first line."""
    mark_re = re.compile(mark)
    return lambda text: None if mark_re.search(text) else 1


_RELATION_LOOP = re.compile(r"\{%-?\s*for\s+(\w+)\s+in\s+[\w.]*\brelations\b")


def relations_without_anchor(text: str) -> int | None:
    """A loop over relations whose items never print their `anchor` (the id the map links to)."""
    for found in _RELATION_LOOP.finditer(text):
        if not re.search(rf"\b{found.group(1)}\.anchor\b", text):
            return text.count("\n", 0, found.start()) + 1
    return None


_TEMPLATE = r".*\.html"
_PROFILE = r"(entity/.*|macros/profile)\.html"

CHANGES: tuple[Change, ...] = (
    Change(2, re.compile(_TEMPLATE), "`source.paragraphs`",
           "has a new shape: each paragraph is a mapping of `heading` (true for a subhead) and `sentences` (each "
           "`number`, `text` and `cited_by`), no longer a list of sentences; loop over `para.sentences`",
           uses_without(r"\bparagraphs\b", r"\bsentences\b"), "error"),
    Change(2, re.compile(_PROFILE), "a profile's relations",
           "must each print their `anchor` as an id (`id=\"{{ prefix }}{{ r.anchor }}\"`), since the map of the "
           "groups links to it; a profile now lists them by family (`entity.families`, each `title`, `anchor` "
           "and `relations`), beside its drawings (`entity.map`, `entity.timeline_drawing`) and "
           "`entity.disagreements`",
           relations_without_anchor, "error"),
    Change(2, re.compile(_PROFILE), "`entity.network`",
           "is the profile's network drawing (its neighbourhood, two steps, as SVG with its `families`, `breaks`, "
           "`marks` and `more`), which replaces the relationship tree (`entity.map`, still given) in the side "
           "column: `{{ dr.profile_network(e, prefix) }}`, with `{% import \"macros/drawings.html\" as dr %}`",
           uses_without(r"\{%-?\s*macro\s+profile\b", r"\bnetwork\b"), "warning"),
    Change(2, re.compile(r"entity/.*\.html"), "`jsonld`",
           "holds a profile page's JSON-LD block; put it in the head block: "
           "`{% block head %}{{ super() }}<script type=\"application/ld+json\">{{ jsonld }}</script>{% endblock %}`",
           uses_without(r"\{%-?\s*block\s+content\b", r"\bjsonld\b|\{%-?\s*extends\s+[\"'](!|entity/)"), "warning"),
    Change(2, re.compile(r"base\.html"), "`page.description`",
           "is what a shared link previews; give it in the head block as the meta description and, with "
           "`page.title`, as Open Graph's: `<meta name=\"description\" content=\"{{ page.description }}\">`, "
           "`<meta property=\"og:title\" content=\"{{ page.title }}\">` and "
           "`<meta property=\"og:description\" content=\"{{ page.description }}\">`",
           uses_without(r"<title\b", r"\bpage\.description\b"), "warning"),
    Change(2, re.compile(_PROFILE), "`entity.relation_rows`",
           "holds the infobox's rows drawn from relations (leaders, owners, directors, allies, opponents), each a "
           "`label`, its `relations` and `worded`; draw them after the fields, as the built-in `infobox` macro does",
           uses_without(r"\brow\.facts\b", r"\brelation_rows\b"), "warning"),
    Change(2, re.compile(r"chronology\.html"), "`chronology.drawing`",
           "is the chronology's timeline drawing: `{{ dr.chronology_timeline(chronology) }}`, with "
           "`{% import \"macros/drawings.html\" as dr %}`",
           uses_without(r"\bchronology\.years\b", r"\bchronology\.drawing\b|chronology_timeline"), "warning"),
    Change(2, re.compile(r"home\.html"), "the home page",
           "links to the groups over time (`groups-over-time.html`, which was `map.html`) and the data page "
           "(`data.html`)",
           uses_without(r"\bcounts\b", r"groups-over-time\.html"), "warning"),
    Change(2, re.compile(r"home\.html"), "the home page",
           "links to the network of the groups and people (`network.html`)",
           uses_without(r"\bcounts\b", r"network\.html"), "warning"),
    Change(2, re.compile(r"home\.html"), "`changes`",
           "is true when the dossier has releases: the home page then links to `changes.html`, what changed "
           "release by release",
           uses_without(r"\bcounts\b", r"changes\.html"), "warning"),
    Change(2, re.compile(r"entity/.*\.html"), "`history`",
           "holds what each release changed of the record; draw it after the profile: "
           "`{{ hi.history(history, root) }}`, with `{% import \"macros/history.html\" as hi %}`",
           uses_without(r"\{%-?\s*block\s+content\b", r"\bhistory\b|\{%-?\s*extends\s+[\"'](!|entity/)"), "warning"),
    Change(2, re.compile(r"assets/style\.css"), "the stylesheet",
           "styles the drawings (networks, timelines, the groups over time) with the rules under `.drawing`, "
           "the profile's columns with `.profile-side`, and the drawings that fold on phones with `.fold`; copy "
           "them from the built-in stylesheet, or keep the built-in one and add a stylesheet of your own (see "
           "\"Blocks of base.html\")",
           lacks(r"\.drawing\b"), "warning"),
    Change(2, re.compile(r"assets/style\.css"), "the stylesheet's atlas",
           "styles the atlas of the places (`atlas.html`) with the rules under `.atlas-`: its frame's aspect ratio, "
           "the countries, the areas and the markers; copy them from the built-in stylesheet",
           lacks(r"\.atlas-frame\b"), "warning"),
    Change(2, re.compile(r"assets/search\.js"), "the search index",
           "is `window.DOSSIER_INDEX = {rows, words, places}`: a row is [title, kind, url, context, names, "
           "rank] (the rank \"1\" for a group, person or place, which comes first on a match of its name), and "
           "the words of the rows' texts are listed once each in `words`, with the rows holding each in `places`; "
           "an event's names hold its date, and a source's words its text",
           lacks(r"\.places\b"), "error"),
)

RENAMED: dict[str, tuple[int, str]] = {
    "map.html": (2, "`groups-over-time.html`, with the same `map`"),
}
"""A file the theme reads under another name since a version: its old path -> (the version, its new name and data)."""

MACRO_CHANGES: dict[tuple[str, str], str] = {
    ("macros/dossier.html", "marks"): "`ids=false` leaves the marks' ids out, for marks shown a second time on "
                                      "a page (an id is the way back to one place)",
    ("macros/dossier.html", "date"): "`in_year=true` leaves the year out, for a date under a heading of its year",
    ("macros/dossier.html", "event"): "`in_year=true` gives the event's date without its year",
    ("macros/dossier.html", "references"): "the list entries are the citation list's (`number`, `anchor`, `url`, "
                                           "`quote`, `source` and `backs`); `grades` is the profile's grades",
    ("macros/dossier.html", "grade"): "the editor's grade of a fact, with what it means and the editor's "
                                      "reasons, shown on focus and in print",
}
"""What a macro's new parameters (or a new macro) are for, where the message can say more than its signature."""
