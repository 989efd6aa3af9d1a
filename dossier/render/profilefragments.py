"""Profile fragments: the macros of the built-in macros/profile.html that loop, made in Python, the same markup.

A profile's page draws its sections through these macros, and the print page draws every profile
again: each relation, fact and event was several Jinja calls (the macro's own, then one per small
macro it calls, each through Jinja's call machinery), for a few strings joined. `profile_macros`
gives, for the macros of the built-in profile.html, functions that return the very same Markup from
the same arguments. `jinja.FragmentTemplate` puts them in the place of the macros when
macros/profile.html is imported and the file in effect is the built-in one; a project that
overrides macros/profile.html keeps its own macros.

The functions draw what profile.html itself writes and call the small macros through the modules
profile.html imports (`ui`, macros/dossier.html; `dr`, macros/drawings.html), as the template does:
a project that overrides macros/dossier.html or macros/drawings.html, and not profile.html, still
sees its own small macros draw every link, date, fact and drawing. The sections the functions do
not draw (where sources differ, quotes, the note) are the template's macros, called as it calls them.

Each function takes a profile's view (`viewdata.View`, as `views.entity` and `printview.print_entity`
make it); anything else, a view lacking what a section reads, or an error met drawing it (a project's small
macro refusing an argument), goes to the macro itself, so the result, or the template error naming the
line of profile.html, is the macro's in every case. tests/test_fragments.py renders sites with
and without these and compares every byte.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import jinja2
from markupsafe import Markup

from .viewdata import EventView, FactView, FamilyView, LinkView, RelationRowView, RelationView, RowView, View

Macro = Callable[..., Any]
Escape = Callable[[Any], Markup]

_new_markup = str.__new__

PROFILE_MACROS = ("profile", "head", "summary", "infobox", "relations", "timeline", "mentioned_in")
"""The macros of profile.html drawn here; its others (disagreements, quotes, note) stay the template's."""

_SWATCH = ('<svg class="swatch f-{}" width="30" height="10" aria-hidden="true" focusable="false">'
           '<line class="edge" x1="1" y1="5" x2="29" y2="5"/></svg>')


def profile_macros(macros: Mapping[str, Macro], ui: Any, dr: Any, escape: Escape) -> dict[str, Macro]:
    """The functions to use instead of the built-in profile.html's macros `macros` (name -> the Jinja
    macro); `ui` and `dr`, the modules of the small macros and the drawings' macros profile.html imports."""

    # Text is made as `str` (escaped values put in with f-strings or joined) and made Markup once, at the
    # end: `str + Markup` would escape the str.
    def markup(text: str) -> Markup:
        return _new_markup(Markup, text)

    def head_text(e: View, root: str, prefix: str, h: Any) -> str:
        level, name = f"{escape(h)}", f"{escape(e['name'])}"  # as str: `str + Markup` would escape the str
        text = (f'<header class="profile-head">\n  <p class="kicker"><a href="{escape(root)}'
                f'{escape(e["url"].split("/")[0])}/index.html">{escape(e["kind_label"])}</a></p>\n  <h{level}>')
        text += f'<a href="{escape(root)}{escape(e["url"])}">{name}</a>' if prefix else name
        text += f"</h{level}>\n"
        aliases = e["aliases"]
        if aliases:
            fact = ui.fact
            text += ('  <p class="aliases">Also known as '
                     + "; ".join([f'<span data-statement="{escape(a.statement)}">{escape(fact(a, root, prefix))}</span>'
                                  for a in aliases]) + "</p>\n")
        return text + "</header>"

    def summary_text(e: View, root: str, prefix: str) -> str:
        fact = ui.fact
        text = '<section class="summary" aria-label="Summary' + (f": {escape(e['name'])}" if prefix else "") + '">\n'
        return text + "".join([f'<p data-statement="{escape(f.statement)}">{escape(fact(f, root, prefix))}</p>'
                               for f in e["summary"]]) + "</section>"

    def relation_text(r: RelationView, root: str, prefix: str, ids: bool) -> str:
        """A relation after its label and before its end tag, as the list (`ids`) or the infobox gives it."""
        text = f"{escape(ui.link(r.other, root))}"
        if r.role:
            text += f' <span class="role">{escape(r.role)}</span>'
        if r.sums:
            text += f'<span class="sums">, {escape(r.sums)}</span>'
        if r.on:
            text += f'<span class="period">, {escape(ui.date(r.on))}</span>'
        elif r.as_of:
            text += f'<span class="period">, as of {escape(ui.date(r.as_of))}</span>'
        elif r.period:
            text += f'<span class="period">, {escape(ui.period(r.period))}</span>'
        if r.qualified:
            text += f"{escape(ui.qualifiers(r, root))}"
        # called as profile.html calls it: a project's own `marks` macro written before `ids` still works
        marks = ui.marks(r.marks, root, prefix) if ids else ui.marks(r.marks, root, prefix, ids=False)
        text += f"{escape(marks)}{escape(ui.grade(r.grade, root))}"
        ending = r.ending
        if ending:
            text += ('<span class="ending"' + (f' data-statement="{escape(ending.statement)}"' if ids else "")
                     + f">; {escape(ending.words)} {escape(ui.date(ending.date))}")
            if ending.qualified:
                text += f"{escape(ui.qualifiers(ending, root))}"
            marks = ui.marks(ending.marks, root, prefix) if ids else ui.marks(ending.marks, root, prefix, ids=False)
            text += f"{escape(marks)}{escape(ui.grade(ending.grade, root))}</span>"
        if r.disputes:
            if ids:
                text += f"{escape(ui.disputes(r.disputes, root, prefix))}"
            else:
                text += f' <a class="flag flag-differ" href="#{escape(prefix)}{escape(r.anchor)}">sources differ</a>'
        return text

    def infobox_text(e: View, root: str, prefix: str) -> str:
        rows, relation_rows = e["rows"], e["relation_rows"]
        if not (rows or relation_rows):
            return ""
        fact = ui.fact
        parts = ['<aside class="infobox" aria-label="Key facts' + (f": {escape(e['name'])}" if prefix else "")
                 + '">\n  <dl>\n']
        for row in rows:
            parts.append(f"    <dt>{escape(row.label)}")
            if row.differ:
                parts.append(' <span class="flag flag-differ">'
                             f'{escape("values differ" if row.one_source else "sources differ")}</span>')
            parts.append("</dt>\n")
            parts += [f'<dd data-statement="{escape(f.statement)}">{escape(fact(f, root, prefix))}</dd>'
                      for f in row.facts]
        for row in relation_rows:
            parts.append(f"    <dt>{escape(row.label)}</dt>\n")
            worded = row.worded
            for r in row.relations:
                parts.append(f'<dd class="relation-row" data-statement="{escape(r.statement)}">'
                             + (f'<span class="rel-words">{escape(r.label)}</span> ' if worded else "")
                             + relation_text(r, root, prefix, False) + "</dd>")
        parts.append("  </dl>\n</aside>\n")
        return "".join(parts)

    def relations_text(e: View, root: str, prefix: str, h2: Any) -> str:
        families = e["families"]
        if not families:
            return ""
        p, level, sub = escape(prefix), escape(h2), escape(h2 + 1)
        parts = [f'<section class="relations-section" aria-labelledby="{p}relations">\n  <h{level} id="{p}relations">'
                 f"Relations</h{level}>\n"]
        for family in families:
            parts.append(f'  <h{sub} class="family-heading" id="{p}{escape(family.anchor)}">'
                         f"{_SWATCH.format(escape(family.name))}{escape(family.title)}</h{sub}>\n"
                         '  <ul class="relations">\n')
            parts += [f'    <li id="{p}{escape(r.anchor)}" data-statement="{escape(r.statement)}">'
                      f'<span class="rel-label">{escape(r.label)}</span> {relation_text(r, root, prefix, True)}</li>\n'
                      for r in family.relations]
            parts.append("  </ul>\n")
        parts.append("</section>\n")
        return "".join(parts)

    def timeline_text(e: View, root: str, prefix: str, h2: Any) -> str:
        events = e["timeline"]
        if not events:
            return ""
        p, level, here, event = escape(prefix), escape(h2), e["url"], ui.event
        return (f'<section class="timeline-section" aria-labelledby="{p}timeline">\n  <h{level} id="{p}timeline">'
                f'Timeline</h{level}>\n  <ol class="timeline numbered">\n'
                + "".join([escape(event(ev, root, here=here, prefix=prefix)) for ev in events])
                + "  </ol>\n</section>\n")

    def mentioned_in_text(e: View, root: str, prefix: str, h2: Any) -> str:
        mentions = e["mentions"]
        if not mentions:
            return ""
        p, level, link = escape(prefix), escape(h2), ui.link
        return (f'<section aria-labelledby="{p}mentioned-in">\n  <h{level} id="{p}mentioned-in">Mentioned in'
                f'</h{level}>\n  <ul class="mentions">\n'
                + "".join([f'<li>{escape(link(l, root))} <span class="how">({escape(how)})</span></li>'
                           for l, how in mentions])  # noqa: E741 (the template's name for it)
                + "  </ul>\n</section>\n")

    def profile_text(e: View, root: str, prefix: str, h: int, mentions: Any) -> str:
        h2 = h + 1
        side = e["rows"] or e["relation_rows"] or e["network"] or e["timeline_drawing"]
        text = (f'<article class="profile profile-{escape(e["kind"])}' + (" has-side" if side else "") + '"'
                + (f' id="{escape(e["anchor"])}"' if prefix else "")
                + f">\n  {head_text(e, root, prefix, h)}\n  {summary_text(e, root, prefix)}\n")
        if side:
            text += (f'  <div class="profile-side">\n    {infobox_text(e, root, prefix)}\n'
                     f'    <div class="profile-drawings">\n    {escape(dr.profile_network(e, prefix))}\n'
                     f"    {escape(dr.profile_timeline(e, prefix))}\n    </div>\n  </div>\n")
        text += (f'  <div class="profile-body">\n    {escape(macros["disagreements"](e, root, prefix, h2))}\n'
                 f"    {relations_text(e, root, prefix, h2)}\n    {timeline_text(e, root, prefix, h2)}\n"
                 f'  </div>\n  <div class="profile-rest">\n    {escape(macros["quotes"](e, root, prefix, h2))}\n'
                 f'    {escape(macros["note"](e, prefix, h2))}\n')
        if mentions:
            text += mentioned_in_text(e, root, prefix, h2)
        citations = e["citations"]
        if citations:
            grades = e["grades"]
            text += f"""{escape(dr.fold(f"Citations ({len(citations)})",
                                        caller=lambda: ui.references(citations, root, prefix, h2, grades)))}"""
        return text + "  </div>\n</article>"

    def drawn(name: str, draw: Callable[..., str], known: Callable[[View], bool]) -> Macro:
        """The function for macro `name`: `draw`'s text as Markup where the view is one it knows, else the macro's."""
        macro = macros[name]

        def function(e: Any, *args: Any, **kwargs: Any) -> Any:
            if type(e) is View and type(args[0] if args else kwargs.get("root")) is str:
                try:
                    call = _bound(name, args, kwargs)
                except TypeError:
                    return macro(e, *args, **kwargs)
                if call is not None and type(call["prefix"]) is str and known(e):
                    try:
                        return markup(draw(e, *call.values()))
                    except _TEMPLATE_ERRORS:  # a view lacking an entry a section reads, a project's small macro
                        pass  # refusing its arguments: the macro meets it too, and the error names its line
            return macro(e, *args, **kwargs)
        return function

    made = {"profile": drawn("profile", profile_text, _profile_known),
            "head": drawn("head", head_text, _head_known),
            "summary": drawn("summary", summary_text, _summary_known),
            "infobox": drawn("infobox", infobox_text, _infobox_known),
            "relations": drawn("relations", relations_text, _relations_known),
            "timeline": drawn("timeline", timeline_text, _timeline_known),
            "mentioned_in": drawn("mentioned_in", mentioned_in_text, _mentions_known)}
    if not all(name in macros for name in (*PROFILE_MACROS, "disagreements", "quotes", "note")):
        return {}
    return made


_TEMPLATE_ERRORS = (TypeError, ValueError, LookupError, ArithmeticError, AttributeError, jinja2.TemplateError)
"""What drawing a section may meet that the template would meet too (see `templateerrors`)."""

_PARAMETERS: dict[str, tuple[tuple[str, Any], ...]] = {
    "profile": (("root", None), ("prefix", ""), ("h", 1), ("mentions", True)),
    "head": (("root", None), ("prefix", None), ("h", None)),
    "summary": (("root", None), ("prefix", None)),
    "infobox": (("root", None), ("prefix", None)),
    "relations": (("root", None), ("prefix", None), ("h2", None)),
    "timeline": (("root", None), ("prefix", None), ("h2", None)),
    "mentioned_in": (("root", None), ("prefix", None), ("h2", None)),
}
"""Each macro's parameters after `e`, with their defaults (None: none, the macro says it is missing)."""


def _bound(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any] | None:
    """The arguments after `e` by name, in the macro's order, or None where one is missing or a level is
    not a whole number (the macro draws those); TypeError for one the macro does not take."""
    parameters = _PARAMETERS[name]
    if len(args) > len(parameters) or any(key not in dict(parameters) for key in kwargs):
        raise TypeError(name)
    call = {}
    for index, (key, default) in enumerate(parameters):
        if index < len(args):
            if key in kwargs:
                raise TypeError(name)
            call[key] = args[index]
        else:
            call[key] = kwargs.get(key, default)
        if call[key] is None:
            return None
    if type(call.get("h", 1)) is not int or type(call.get("h2", 1)) is not int:
        return None
    return call


def _links_known(links: Any) -> bool:
    return all(type(link) is LinkView for link in links)


def _head_known(e: View) -> bool:
    return (type(e["url"]) is str and type(e["aliases"]) is tuple
            and all(type(a) is FactView for a in e["aliases"]))


def _summary_known(e: View) -> bool:
    return type(e["summary"]) is tuple and all(type(f) is FactView for f in e["summary"])


def _relation_known(r: Any) -> bool:
    return type(r) is RelationView and type(r.marks) is tuple


def _infobox_known(e: View) -> bool:
    rows, relation_rows = e["rows"], e["relation_rows"]
    return (type(rows) is tuple and type(relation_rows) is tuple
            and all(type(row) is RowView and all(type(f) is FactView for f in row.facts) for row in rows)
            and all(type(row) is RelationRowView and all(_relation_known(r) for r in row.relations)
                    for row in relation_rows))


def _relations_known(e: View) -> bool:
    families = e["families"]
    return type(families) is tuple and all(
        type(family) is FamilyView and all(_relation_known(r) for r in family.relations) for family in families)


def _timeline_known(e: View) -> bool:
    return type(e["timeline"]) is tuple and type(e["url"]) is str and all(type(ev) is EventView for ev in e["timeline"])


def _mentions_known(e: View) -> bool:
    mentions = e["mentions"]
    return type(mentions) is tuple and all(type(m) is tuple and len(m) == 2 and type(m[0]) is LinkView
                                           for m in mentions)


def _profile_known(e: View) -> bool:
    return (_head_known(e) and _summary_known(e) and _infobox_known(e) and _relations_known(e)
            and _timeline_known(e) and _mentions_known(e) and type(e["citations"]) is tuple)
