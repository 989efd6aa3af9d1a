"""Fragments: the small macros of the built-in macros/dossier.html made in Python, the same markup.

A profile calls these macros hundreds of times (a link, a date, citation marks, a grade for
every fact, relation and event: 323,000 macro calls for the 1,111 pages of 1,000 entities), and a
Jinja macro call costs far more than the few strings it joins. `python_macros` gives,
for a macro of the built-in file, a function that returns the very same Markup from the same
arguments. `jinja.FragmentTemplate` puts them in the place of the macros when macros/dossier.html
is imported and the file in effect is the built-in one; a project that overrides
macros/dossier.html keeps its own macros, and a project's page templates that call `ui.link`
get the Python one as they would the macro. What repeats across pages and is small (a record's
linked name for each depth of page, a grade) is made once per process and kept: each is made from
view data alone, never from the dossier, so keeping it records no read (see `core.reads`). A
citation's markup is not kept: at 10,000 entities there are over 100,000, each shown on two or three
pages, and keeping them cost more memory (some 60 MB a process) than making them again costs time; only
the escaped words of the last few thousand cited passages are, since a page shows each two to four times.

Each function takes the view data `viewdata` makes; anything else (a project's template passing
a mapping of its own) goes to the macro itself, so the result is the macro's in every case.
tests/test_fragments.py renders sites with and without these and compares every byte.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from markupsafe import Markup

from .grading import GradeView
from .viewdata import (
    AlternativeView,
    BackMark,
    DateView,
    EndingView,
    EventView,
    FactView,
    LinkView,
    MarkView,
    PeriodView,
    ReferenceView,
    RelationView,
)

Macro = Callable[..., Any]
Escape = Callable[[Any], Markup]

_new_markup = str.__new__


def python_macros(macros: Mapping[str, Macro], escape: Escape, quoted: Callable[[str], str]) -> dict[str, Macro]:
    """The functions to use instead of the built-in macros `macros` (name -> the Jinja macro)."""
    # Text is made as `str` and made Markup once, at the end: `str + Markup` would escape the str.
    links: dict[tuple[LinkView, str], Markup] = {}
    grade_texts: dict[GradeView, str] = {}
    passages: dict[tuple[str, str], tuple[str, str, str]] = {}

    def markup(text: str) -> Markup:
        return _new_markup(Markup, text)

    def link(l: Any, root: Any) -> Any:  # noqa: E741 (the macro's own name for it)
        if type(l) is not LinkView or type(root) is not str:
            return macros["link"](l, root)
        key = (l, root)
        found = links.get(key)
        if found is None:
            found = links[key] = markup(f'<a href="{escape(root)}{escape(l.url)}" class="ref ref-{escape(l.kind)}">'
                                        f'{escape(l.name)}</a>')
        return found

    def date_text(d: Any, in_year: Any = False) -> str:
        text = f'<time datetime="{escape(d.iso)}">{escape(d.label_in_year if in_year else d.label)}</time>'
        if d.qualifier:
            flag = f'<span class="flag flag-inferred">{escape(d.qualifier)}</span>'
            if d.basis:
                flag = (f'<span class="basis" tabindex="0">{flag}'
                        f'<span class="basis-text">{escape(d.basis)}</span></span>')
            text += " " + flag
        return text

    def date(d: Any, in_year: Any = False) -> Any:
        if type(d) is not DateView:
            return macros["date"](d, in_year)
        return markup(date_text(d, in_year))

    def period_text(p: PeriodView) -> str:
        start, end = p.start, p.end
        if start and (end or p.ongoing):
            return f"{date_text(start)} – {'present' if p.ongoing else date_text(end)}"
        if start:
            return f"from {date_text(start)}"
        if p.ongoing:
            return "to present"
        return f"until {date_text(end)}"

    def period(p: Any) -> Any:
        if type(p) is not PeriodView or not all(d is None or type(d) is DateView for d in (p.start, p.end)):
            return macros["period"](p)
        return markup(period_text(p))

    def passage(quote: str, source: str) -> tuple[str, str, str]:
        """A cited passage's words escaped, the same in quotation marks, and its source escaped. A page shows
        each passage two to four times (its marks in the relations and again in the infobox, its entry in the
        citation list), so the last few thousand are kept, not all (see the module docstring)."""
        key = (quote, source)
        found = passages.get(key)
        if found is None:
            if len(passages) >= PASSAGES_KEPT:
                passages.clear()
            found = passages[key] = (f"{escape(quote)}", f"{escape(quoted(quote))}", f"{escape(source)}")
        return found

    def number_text(n: Any) -> str:
        return str(n) if type(n) is int else f"{escape(n)}"  # a whole number needs no escaping

    def marks_text(ms: tuple[MarkView, ...], root: str, prefix: str = "", ids: Any = True) -> str:
        root = escape(root)
        prefix = escape(prefix) if ids else ""
        parts = []
        for m in ms:
            anchor = f' id="{prefix}{escape(m.anchor)}"' if ids else ""
            number = number_text(m.number)
            words, in_marks, source = passage(m.quote, m.source)
            parts.append(f'<sup class="cite"><a{anchor} href="{root}{escape(m.url)}" aria-label="Citation {number}: '
                         f'{words}">[{number}]</a><span class="tip" aria-hidden="true">{in_marks} <cite>{source}</cite>'
                         "</span></sup>")
        return "".join(parts)

    def marks(ms: Any, root: Any, prefix: Any = "", ids: Any = True) -> Any:
        if type(ms) is not tuple or type(root) is not str or not all(type(m) is MarkView for m in ms):
            return macros["marks"](ms, root, prefix, ids)
        return markup(marks_text(ms, root, prefix, ids))

    def grade_text(g: GradeView | None) -> str:
        if not g:
            return ""
        found = grade_texts.get(g)
        if found is None:
            found = grade_texts[g] = (
                f' <span class="basis grade-basis" tabindex="0"><span class="grade"><span class="visually-hidden">'
                f'graded </span>{escape(g.text)}</span><span class="basis-text">{escape(g.meaning)}. '
                f'{escape(g.reasons)}</span></span>')
        return found

    def grade(g: Any, root: Any) -> Any:
        if g is not None and type(g) is not GradeView:
            return macros["grade"](g, root)
        return markup(grade_text(g))

    def qualifiers_text(q: Any, root: str) -> str:
        text = ""
        if q.estimate:
            text += ' <span class="flag flag-estimate">estimate</span>'
        if q.inferred:
            text += (' <span class="basis" tabindex="0"><span class="flag flag-inferred">inferred</span>'
                     f'<span class="basis-text">{escape(q.inferred)}</span></span>')
        if q.according_to:
            text += f' <span class="attribution">according to {link(q.according_to, root)}</span>'
        elif q.according_to_outlet:
            text += f' <span class="attribution">according to {escape(q.according_to_outlet)}</span>'
        if q.note:
            text += f' <span class="fact-note">({escape(q.note)})</span>'
        if q.editorial:
            editorial = escape(q.editorial)
            text += (f' <span class="flag flag-editorial" title="{editorial}">editorial</span>'
                     f'<span class="editorial-basis">{editorial}</span>')
        return text

    def fact(f: Any, root: Any, prefix: Any = "") -> Any:
        if type(f) is not FactView or type(root) is not str or not _fact_parts_known(f):
            return macros["fact"](f, root, prefix)
        parts = []
        if f.link:
            parts.append(link(f.link, root))
        if f.text:
            parts.append(f'<span class="value">{escape(f.text)}</span>')
        if f.date:
            parts.append(date_text(f.date))
        if f.place:
            parts.append(f", {link(f.place, root)}" if f.date else link(f.place, root))
        if f.by:
            parts.append(f", by {escape(f.by)}")
        if f.by_links:
            parts.append(", by " + " and ".join([link(by, root) for by in f.by_links]))
        if f.as_of:
            parts.append(f' <span class="held">as of {date_text(f.as_of)}</span>')
        if f.held:
            parts.append(f' <span class="held">({period_text(f.held)})</span>')
        if f.qualified:
            parts.append(qualifiers_text(f, root))
        if f.sources:
            parts.append(f' <span class="given-by">({"; ".join([escape(s) for s in f.sources])})</span>')
        parts.append(marks_text(f.marks, root, prefix))
        parts.append(grade_text(f.grade))
        return markup("".join(parts))

    def event(e: Any, root: Any, show_date: Any = True, here: Any = "", prefix: Any = "", in_year: Any = False) -> Any:
        if type(e) is not EventView or type(root) is not str or e.disputes or not _event_parts_known(e):
            return macros["event"](e, root, show_date, here, prefix, in_year)
        place = e.place if e.place and e.place.url != here else None
        involves = [who for who in e.involves if who.url != here]
        text = f'<li class="event" id="{escape(prefix)}{escape(e.anchor)}" data-statement="{escape(e.statement)}">\n'
        if show_date:
            dates = " or ".join([date_text(d, in_year) for d in e.dates]) if e.dates else date_text(e.date, in_year)
            text += f'<span class="event-date">{dates}</span> '
        if here:
            text += f'<a class="event-title" href="{escape(root)}{escape(e.url)}">{escape(e.title)}</a>'
        else:
            text += f'<span class="event-title">{escape(e.title)}</span>'
        if e.qualified:
            text += qualifiers_text(e, root)
        text += marks_text(e.marks, root, prefix) + grade_text(e.grade) + "\n"
        if place or involves:
            text += '  <span class="event-who">'
            if place:
                text += f"in {link(place, root)}"
            if place and involves:
                text += "; "
            text += ", ".join([link(who, root) for who in involves]) + "</span>\n"
        return markup(text + "</li>")

    def qualifiers(q: Any, root: Any) -> Any:
        if type(q) not in _QUALIFIED or type(root) is not str or not (
                q.according_to is None or type(q.according_to) is LinkView):
            return macros["qualifiers"](q, root)
        return markup(qualifiers_text(q, root))

    def cited(r: ReferenceView, root: str) -> str:
        """A citation list's entry after its back-links: the passage and its source."""
        _, in_marks, source = passage(r.quote, r.source)
        text = f'<a href="{escape(root)}{escape(r.url)}">{in_marks}</a> <cite>{source}</cite>'
        if r.copy_url:
            text += f' (<a href="{escape(root)}{escape(r.copy_url)}">{escape(r.copy_label)}</a>)'
        return text

    def references(refs: Any, root: Any, prefix: Any = "", h: Any = 2, grades: Any = ()) -> Any:
        if (type(refs) is not tuple or type(root) is not str or type(grades) not in (list, tuple)
                or not all(type(r) is ReferenceView and all(type(b) is BackMark for b in r.backs) for r in refs)):
            return macros["references"](refs, root, prefix, h, grades)
        if not refs:
            return markup("")
        prefix, level = escape(prefix), escape(h)
        text = (f'<section class="references" aria-labelledby="{prefix}references">\n'
                f'  <h{level} id="{prefix}references">Citations</h{level}>\n')
        if grades:
            text += (f'<p class="grade-summary"><a href="{escape(root)}grades.html">Grades</a>: '
                     f'{". ".join([escape(g) for g in grades])}.</p>')
        parts = [text, "  <ol>\n"]
        for r in refs:
            if len(r.backs) == 1:
                backs = f'<a href="#{prefix}{escape(r.backs[0].anchor)}" aria-label="Back to the text citing it">^</a>'
            else:
                backs = "^" + "".join([f' <a href="#{prefix}{escape(b.anchor)}" aria-label="Back to citing place '
                                       f'{escape(b.label)}">{escape(b.label)}</a>' for b in r.backs])
            parts.append(f'    <li id="{prefix}{escape(r.anchor)}" value="{number_text(r.number)}"><span class="backs">'
                         f'{backs}</span>\n      {cited(r, root)}</li>\n')
        parts.append("  </ol>\n</section>\n")
        return markup("".join(parts))

    made: dict[str, Macro] = {"link": link, "date": date, "period": period, "marks": marks, "grade": grade,
                              "qualifiers": qualifiers, "fact": fact, "event": event, "references": references}
    return {name: function for name, function in made.items() if name in macros}


PASSAGES_KEPT = 4096
"""How many cited passages' escaped words a process keeps (a page's passages, and more: a few MB at most)."""

_QUALIFIED = frozenset({FactView, RelationView, EventView, EndingView, AlternativeView})
"""The views whose qualifiers (estimate, inferred, according to, note, editorial) the functions draw."""


def _fact_parts_known(f: FactView) -> bool:
    """Whether every part of a fact is view data of the kinds the functions take (else the macro draws it)."""
    return (all(type(m) is MarkView for m in f.marks) and (f.grade is None or type(f.grade) is GradeView)
            and all(d is None or type(d) is DateView for d in (f.date, f.as_of))
            and all(k is None or type(k) is LinkView for k in (f.link, f.place, f.according_to, *f.by_links))
            and (f.held is None or (type(f.held) is PeriodView
                                    and all(d is None or type(d) is DateView for d in (f.held.start, f.held.end)))))


def _event_parts_known(e: EventView) -> bool:
    return (all(type(m) is MarkView for m in e.marks) and (e.grade is None or type(e.grade) is GradeView)
            and all(type(d) is DateView for d in (e.date, *e.dates))
            and all(k is None or type(k) is LinkView for k in (e.place, e.according_to, *e.involves)))
