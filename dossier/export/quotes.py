"""Quotes: where each cited quote sits in its source, as a link and as a text selector.

A citation's sentence anchor (`sources/<id>.html#s-<n>`, from the site root) sends a
reader to the first sentence the quote is in. Its prefix and suffix are the characters
of the source's normalised text (straight quotes, single spaces: as quotes are matched)
just before and after it, as W3C Web Annotation's `TextQuoteSelector` gives them, so a
tool can find the quote again even in a copy of the text laid out differently.
"""

from __future__ import annotations

from ..core.model import Citation, Dossier
from ..core.urls import entity_url
from ..validate.citations import normalise, split_source

CONTEXT = 32
"""Characters of prefix and of suffix, each side of a quote."""


def sentence_url(citation: Citation) -> str:
    """The anchor of the quote's first sentence on its source's page, from the site root."""
    first = citation.sentences[0] if citation.sentences else 0
    return f"{entity_url('source', citation.source)}#s-{first}"


def quote_context(dossier: Dossier, citation: Citation) -> tuple[str, str]:
    """(prefix, suffix): up to CONTEXT characters of the normalised source text each side of the quote."""
    text = split_source(dossier.sources[citation.source].text)
    needle = normalise(citation.quote)
    at = citation.start  # the occurrence validation found it means
    if at < 0:  # a citation made by hand, not validated
        at = text.normalised.find(needle)
        if at < 0:
            return "", ""
    end = at + len(needle)
    return text.normalised[max(0, at - CONTEXT):at], text.normalised[end:end + CONTEXT]
