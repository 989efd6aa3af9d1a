"""Source fragments: the macro of the built-in macros/source.html, a source's text, made in Python, the same markup.

A source's page shows its whole text, each sentence with its id and, where facts cite it, their count and
links: hundreds of sentences, each a dozen values put in by the template, passed up one by one through the
page's blocks. `source_macros` gives a function that returns the very same Markup from the same view;
`jinja.FragmentTemplate` puts it in the place of the macro when macros/source.html is imported and the file
in effect is the built-in one. A project that overrides macros/source.html (or source.html) keeps its own.

It takes the source's view as `views.source` makes it (plain mappings and lists, read by key); anything
else (an object read by attribute, a mapping lacking a key) goes to the macro itself, so the result (or the
template error) is the macro's in every case: what the function reads of the values (their truth, their
length, their items, `escape`) is what the template reads of them.
tests/test_fragments.py renders sites with and without it and compares every byte.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from markupsafe import Markup

Macro = Callable[..., Any]
Escape = Callable[[Any], Markup]

_new_markup = str.__new__


def source_macros(macros: Mapping[str, Macro], escape: Escape) -> dict[str, Macro]:
    """The function to use instead of the built-in macros/source.html's `text` macro (`macros`: name -> macro)."""
    if "text" not in macros:
        return {}
    macro = macros["text"]

    def sentence(t: dict[str, Any], root: str) -> str:
        number = escape(t["number"])
        cited_by = t["cited_by"]
        if not cited_by:
            return f'<span id="s-{number}">{escape(t["text"])}</span>'
        n = len(cited_by)
        facts = "fact" if n == 1 else "facts"
        parts = [f'<span class="cited" id="s-{number}" tabindex="-1"><a class="cite-count" href="#s-{number}" '
                 f'aria-label="Sentence {number}, cited by {n} {facts}">{n}</a>{escape(t["text"])}'
                 f'<span class="cited-by"><span class="cited-by-head">Cited by {n} {facts}:</span>\n']
        for c in cited_by:
            parts.append(f'<span class="cited-fact"><a href="{root}{escape(c["url"])}">{escape(c["label"])}</a>')
            if c["also"]:
                parts.append(' <span class="also">also on ' + ", ".join(
                    [f'<a href="{root}{escape(o["url"])}">{escape(o["title"])}</a>' for o in c["also"]]) + "</span>")
            parts.append("</span>")
        parts.append("</span></span>")
        return "".join(parts)

    def text(s: Any, root: Any) -> Any:
        if type(s) is not dict or type(root) is not str:
            return macro(s, root)
        escaped_root = f"{escape(root)}"
        parts = []
        try:
            for para in s["paragraphs"]:
                heading = para["heading"]
                sentences = [sentence(t, escaped_root) for t in para["sentences"]]
                if heading:
                    parts.append(f'    <h2 class="source-subhead">{"".join(sentences)}</h2>\n')
                else:
                    parts.append(f'    <p>{"".join([each + " " for each in sentences])}</p>\n')
        except (LookupError, TypeError):  # not a view as `views.source` makes it: the macro draws it, or says why not
            return macro(s, root)
        return _new_markup(Markup, "".join(parts))

    return {"text": text}
