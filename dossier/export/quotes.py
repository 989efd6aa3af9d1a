"""Quotes: where each cited quote sits in its source, as a link and as a text selector.

A citation's sentence anchor (`sources/<id>.html#s-<n>`, from the site root) sends a
reader to the first sentence the quote is in. Its prefix and suffix are the characters
of the source just before and after it, in the source's own characters as the quote
itself is (`Citation.words`), each run of line breaks and spaces one space, as W3C Web
Annotation's `TextQuoteSelector` gives them, so a tool can find the quote again even in a
copy of the text laid out differently.
"""

from __future__ import annotations

from ..core.model import Citation, Dossier
from ..core.urls import entity_url
from ..validate.citations import normalise, split_source
from ..validate.matchtext import layout

CONTEXT = 32
"""Characters of prefix and of suffix, each side of a quote."""
_READ = CONTEXT * 4
"""Characters of the source read each side of a quote to find CONTEXT of them once laid out."""
_NEAR = CONTEXT + 16
"""Characters read first, enough where the source has no long runs of spaces and line breaks."""


def sentence_url(citation: Citation) -> str:
    """The anchor of the quote's first sentence on its source's page, from the site root."""
    first = citation.sentences[0] if citation.sentences else 0
    return f"{entity_url('source', citation.source)}#s-{first}"


def quote_context(dossier: Dossier, citation: Citation) -> tuple[str, str]:
    """(prefix, suffix): up to CONTEXT characters of the source each side of the quote, as the source has them."""
    split = split_source(dossier.sources[citation.source].text)
    needle = normalise(citation.quote)
    at = citation.start  # the occurrence validation found it means
    if at < 0:  # a citation made by hand, not validated
        at = split.normalised.find(needle)
        if at < 0:
            return "", ""
    form = split.form
    if form is None:
        return "", ""
    start, end = form.text_offset(at), form.text_end(at + len(needle))
    return _before(form.text, start), _after(form.text, end)


def _before(text: str, start: int) -> str:
    """Up to CONTEXT characters of `text` laid out (`layout`) just before `start`, a space that ends
    them kept. Read from a short stretch first: its last CONTEXT characters laid out are those of the
    longer one when more than CONTEXT are left of it (only its first may differ, a run of spaces cut)."""
    near = text[max(0, start - _NEAR):start]
    if "  " not in near and near.isprintable():  # nothing to lay out but spaces at its start
        laid = near.lstrip(" ")
    else:
        laid = layout(near + "\x00")[:-1]
    if len(laid) <= CONTEXT and start > _NEAR:
        laid = layout(text[max(0, start - _READ):start] + "\x00")[:-1]
    return laid[-CONTEXT:]


def _after(text: str, end: int) -> str:
    """Up to CONTEXT characters of `text` laid out just after `end`, a space that begins them kept
    (as `_before`)."""
    near = text[end:end + _NEAR]
    if "  " not in near and near.isprintable():
        laid = near.rstrip(" ")
    else:
        laid = layout("\x00" + near)[1:]
    if len(laid) <= CONTEXT and end + _NEAR < len(text):
        laid = layout("\x00" + text[end:end + _READ])[1:]
    return laid[:CONTEXT]
