"""Drawing fragments: the macros of the built-in macros/drawings.html that every profile calls, made in
Python, the same markup.

A profile shows its network and its timeline drawing, each folding on phones, with a legend of swatches
and marks, and its citation list in a fold too: a dozen macro calls a profile, nearly half of the macro
calls left once `fragments` drew the small macros of macros/dossier.html in Python. `drawing_macros`
gives, for these macros, functions that return the very same Markup from the same arguments;
`jinja.FragmentTemplate` puts them in the place of the macros while the file in effect is the built-in
one, as it does `fragments`' functions: a project that overrides macros/drawings.html keeps its own
macros. A legend is made from view data alone (a drawing's families and kinds of mark), never from the
dossier, so each legend is made once per process and kept, recording no read (see `core.reads`).

Each function takes the values the views give (a profile's view, a `Network`, a `ProfileTimeline`);
anything else (a project's template passing values of its own) goes to the macro itself, so the result
is the macro's in every case. tests/test_fragments.py renders sites with and without these and compares
every byte.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from markupsafe import Markup

from ..drawing.lanes import ProfileTimeline
from ..drawing.network import Network
from .viewdata import View

Macro = Callable[..., Any]
Escape = Callable[[Any], Markup]

_new_markup = str.__new__

_MARKS = (("c.", "approximate"), ("?", "inferred"), ("est.", "estimate"), ("ed.", "editorial"),
          ("per", "according to"), ("disputed", "sources differ"), ("B2", "grade: source, fact"))
"""The marks a drawing's labels give and their meanings, in the legend's order (as in macros/drawings.html)."""

_VIEWS = frozenset({dict, View})

_GROUP_AND_PERSON = ('  <li><span class="key key-group"></span>group</li>\n'
                     '  <li><span class="key key-person"></span>person</li>\n')
_MARKS_ON_LINES = '<li><span class="legend-key net-tab">c. ?</span> on a line: how sure it is, in these marks</li>'
_DATES = ('<ul class="legend">\n  <li><span class="key key-day"></span>a day</li>\n'
          '  <li><span class="key key-span"></span>a month or a year: spans it</li>\n'
          '  <li><span class="key key-fuzzy"></span>approximate: fuzzy</li>\n'
          '  <li><span class="key key-inferred"></span>inferred: dashed</li>\n')
_PERIODS = ("  <li><span class=\"key key-present\"></span>still holding as of its source's date</li>\n"
            "  <li><span class=\"key key-open\"></span>its end not given: drawn to its source's date</li>\n"
            '  <li><span class="key key-start"></span>its start not given</li>\n'
            '  <li><span class="key key-unknown"></span>unknown since a date</li>\n'
            '  <li><span class="key key-alternative"></span>another date sources give</li>\n')


def drawing_macros(macros: Mapping[str, Macro], escape: Escape) -> dict[str, Macro]:
    """The functions to use instead of the built-in drawings' macros `macros` (name -> the Jinja macro)."""
    # Text is made as `str` and made Markup once, at the end: `str + Markup` would escape the str.
    marks_legends: dict[tuple[Any, ...], str] = {}
    network_legends: dict[tuple[Any, ...], str] = {}

    def markup(text: str) -> Markup:
        return _new_markup(Markup, text)

    def marks_legend_text(used: tuple[Any, ...]) -> str:
        found = marks_legends.get(used)
        if found is None:
            found = marks_legends[used] = "".join([
                f'<li><span class="legend-key">{escape(mark)}</span> {escape(meaning)}</li>'
                for mark, meaning in _MARKS if mark in used])
        return found

    def marks_legend(used: Any) -> Any:
        if not _marks_known(used):
            return macros["marks_legend"](used)
        return markup(marks_legend_text(used))

    def swatch_text(family: Any) -> str:
        return (f'<svg class="swatch f-{escape(family)}" width="30" height="10" aria-hidden="true" '
                f'focusable="false"><line class="edge" x1="1" y1="5" x2="29" y2="5"/></svg>')

    def swatch(family: Any) -> Any:
        return markup(swatch_text(family))

    def network_legend_text(n: Network) -> str:
        key = (n.families, n.breaks, n.marks)
        found = network_legends.get(key)
        if found is None:
            text = '<ul class="legend">\n' + "".join([f"<li>{swatch_text(name)}{escape(title)}</li>"
                                                       for name, title in n.families])
            if n.breaks:
                text += ('<li><svg class="swatch f-alliance" width="30" height="10" aria-hidden="true" '
                         'focusable="false"><line class="edge broken" x1="1" y1="5" x2="29" y2="5"/></svg>'
                         'a split: broken</li>')
            text += _GROUP_AND_PERSON
            if n.marks:
                text += _MARKS_ON_LINES
            found = network_legends[key] = f"{text}  {marks_legend_text(n.marks)}\n</ul>"
        return found

    def network_legend(n: Any) -> Any:
        if type(n) is not Network or not _legend_parts_known(n):
            return macros["network_legend"](n)
        return markup(network_legend_text(n))

    def uncertainty_legend_text(periods: bool, marks: tuple[Any, ...], breaks: bool) -> str:
        text = _DATES + _PERIODS if periods else _DATES
        if breaks:
            text += '<li><span class="key key-gap"></span>a break in the axis: years where nothing is dated</li>'
        return f"{text}  {marks_legend_text(marks)}\n</ul>"

    def uncertainty_legend(periods: Any = True, marks: Any = (), breaks: Any = False) -> Any:
        if type(periods) is not bool or not _marks_known(marks) or type(breaks) is not bool:
            return macros["uncertainty_legend"](periods, marks, breaks)
        return markup(uncertainty_legend_text(periods, marks, breaks))

    def fold_text(summary: Any, inside: str) -> str:
        return f'<details class="fold"><summary>{escape(summary)}</summary>{inside}</details>'

    def fold(summary: Any, caller: Any = None) -> Any:
        if caller is None:  # the macro says what is missing
            return macros["fold"](summary)
        return markup(fold_text(summary, escape(caller())))

    def profile_network(e: Any, prefix: Any = "") -> Any:
        n = _looked_up(e, "network")
        if n is _MISSING:
            return macros["profile_network"](e, prefix)
        if not n:
            return markup("")
        name = _looked_up(e, "name")
        if (type(n) is not Network or type(name) is not str or type(prefix) is not str or type(n.more) is not int
                or not _legend_parts_known(n)):
            return macros["profile_network"](e, prefix)
        more = n.more
        text = ('<figure class="drawing-figure network-figure">\n  <figcaption><strong>Network.</strong> '
                f'{escape(name)} (at the top), the records it is related to, and, with\n'
                '  their names in grey, records related to those')
        if more:
            text += f'; {more} more\n  {"is" if more == 1 else "are"} only listed'
        text += (f'. Each line is a relation, listed with its\n  source under <a href="#{escape(prefix)}relations">'
                 f'Relations</a>.</figcaption>\n  {escape(n.svg)}\n  {network_legend_text(n)}\n</figure>\n')
        return markup(fold_text(f"Network drawing: {name} and the records it is related to", text))

    def profile_timeline(e: Any, prefix: Any = "") -> Any:
        t = _looked_up(e, "timeline_drawing")
        if t is _MISSING:
            return macros["profile_timeline"](e, prefix)
        if not t:
            return markup("")
        name, events = _looked_up(e, "name"), _looked_up(e, "timeline")
        if (type(t) is not ProfileTimeline or type(name) is not str or events is _MISSING or type(prefix) is not str
                or type(t.scale) is not str or type(t.undated) is not int or not _marks_known(t.marks)
                or type(t.breaks) is not bool):
            return macros["profile_timeline"](e, prefix)
        undated, prefixed = t.undated, escape(prefix)
        text = ('<figure class="drawing-figure lanes-figure">\n  <figcaption><strong>Timeline.</strong> '
                f"{escape(name)}'s dated relations, one lane each,")
        if events:
            text += f' and its events, numbered as under <a href="#{prefixed}timeline">Timeline</a>'
        text += f"; {escape(t.scale)}.\n"
        if undated:
            text += (f'{undated} {"relation has" if undated == 1 else "relations have"} no date and '
                     f'{"is" if undated == 1 else "are"} only listed under '
                     f'<a href="#{prefixed}relations">Relations</a>.')
        text += (f"</figcaption>\n  {escape(t.svg)}\n  {uncertainty_legend_text(True, t.marks, t.breaks)}\n"
                 "</figure>\n")
        return markup(fold_text(f"Timeline drawing: {t.scale}", text))

    made: dict[str, Macro] = {"marks_legend": marks_legend, "swatch": swatch, "network_legend": network_legend,
                              "uncertainty_legend": uncertainty_legend, "fold": fold,
                              "profile_network": profile_network, "profile_timeline": profile_timeline}
    return {name: function for name, function in made.items() if name in macros}


_MISSING = object()


def _looked_up(view: Any, key: str) -> Any:
    """A view's entry as a template reads it (a deferred one made), or _MISSING (where the template's
    reading would be undefined, or the view is not one the functions know: the macro draws it)."""
    if type(view) not in _VIEWS:
        return _MISSING
    try:
        return view[key]
    except LookupError:
        return _MISSING


def _marks_known(marks: Any) -> bool:
    """Whether a drawing's kinds of mark are as the drawings give them: a tuple of words."""
    return type(marks) is tuple and all(type(mark) is str for mark in marks)


def _legend_parts_known(n: Network) -> bool:
    """Whether a network's legend is made of what the drawings give: (name, title) pairs of words, kinds of
    mark, whether a line is broken (else the macro draws it, whose for-loop unpacks what it is given)."""
    return (type(n.families) is tuple and _marks_known(n.marks) and type(n.breaks) is bool
            and all(type(pair) is tuple and len(pair) == 2 and type(pair[0]) is str and type(pair[1]) is str
                    for pair in n.families))
