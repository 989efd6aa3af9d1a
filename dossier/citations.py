"""Citations: find a quote in its source's text, and the sentences a reader is sent to.

Matching ignores differences of whitespace and of typographic quotes, so an
editor may paste a quote with straight quotes from a text with curly ones. The
source text is split into paragraphs and sentences once; a quote maps to the
sentences it overlaps, which the source page highlights and anchors.
"""

from __future__ import annotations

import bisect
import difflib
import heapq
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

_QUOTE_MAP = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u02bc": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00a0": " ", "\u2026": "...",
})
_MAPPED = re.compile(f"[{''.join(chr(c) for c in _QUOTE_MAP)}]")
_SENTENCE_BREAK = re.compile(r'[.!?]["\u201d\u2019)\]]*\s+(?=["\u201c\u2018(\[]?[A-Z0-9])')
"""A sentence's final mark and the closing quotes and spaces after it. (Matching the mark itself,
rather than looking behind for it, lets the regex engine jump to the candidates: twice as fast.)"""


def normalise(text: str) -> str:
    """The form quotes are compared in: straight quotes, single spaces.

    str.split() splits at the same whitespace as the regex \\s+, and split and
    join is several times faster than a substitution at every space.
    """
    if not text.isascii() and _MAPPED.search(text):  # translate is slow; most texts need none
        text = text.translate(_QUOTE_MAP)
    return " ".join(text.split())


@dataclass(frozen=True)
class Sentence:
    """A sentence of a source: its number (its anchor is s-<n>) and its text."""

    number: int
    paragraph: int
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class SourceText:
    """A source's text, normalised and split, ready for quote look-ups."""

    normalised: str
    sentences: tuple[Sentence, ...]
    paragraphs: tuple[tuple[Sentence, ...], ...]
    ends: tuple[int, ...] = ()
    """Each sentence's end offset, in order, to find a quote's first sentence by bisection."""
    starts: tuple[int, ...] = ()
    """Each sentence's start offset, in order, to find the sentence after a quote's last by bisection."""
    headings: frozenset[int] = frozenset()
    """The paragraphs (by index) that are subheads, by `is_heading`."""

    def find(self, quote: str) -> tuple[Sentence, ...]:
        """The sentences a quote overlaps, or () when it is not in the text."""
        needle = normalise(quote)
        if not needle:
            return ()
        at = self.normalised.find(needle)
        if at < 0:
            return ()
        first = bisect.bisect_right(self.ends, at)
        return self.sentences[first:bisect.bisect_left(self.starts, at + len(needle), first)]

    def closest(self, quote: str) -> str:
        """The sentence most like a quote that was not found, for the error message.

        difflib is pure Python and quadratic: run over every sentence in full, one
        wrong quote against a long or hostile source took minutes. So only the
        sentences sharing the most words with the quote are compared, each on its
        first few hundred characters; the answer is the same for ordinary texts.
        """
        needle = normalise(quote)[:_COMPARED]
        words = set(needle.casefold().split())
        candidates = sorted(heapq.nlargest(_CANDIDATES, range(len(self.sentences)),
                                           key=lambda i: len(words & self._word_sets[i])))
        best, best_ratio = "", 0.0
        for sentence in (self.sentences[i] for i in candidates):
            matcher = difflib.SequenceMatcher(None, needle, sentence.text[:_COMPARED * 2], autojunk=False)
            if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio > best_ratio:
                best, best_ratio = sentence.text, ratio
        return best

    @cached_property
    def _word_sets(self) -> list[set[str]]:
        return [set(s.text.casefold().split()) for s in self.sentences]


_CANDIDATES = 8
"""Sentences compared character by character when looking for a quote's closest passage."""
_COMPARED = 300
"""Characters of a quote compared (and twice as many of a sentence)."""


HEADING_MAX = 80
"""The most characters a subhead has; a longer line is body text."""
_CLOSING = ".!?:;,…\"'\u201d\u2019)]"
"""A paragraph ending in one of these is a sentence or a caption, not a subhead."""


def is_heading(paragraph: str, first: bool = False) -> bool:
    """Whether a paragraph of a source text is a subhead ("Irrelevant in Uzbekistan").

    A subhead is one line of at most `HEADING_MAX` characters that does not start in
    lower case and does not end in punctuation. The text's first paragraph (`first`) is
    never one: a subhead divides the text, and what comes first is a byline or a dateline.
    """
    text = paragraph.strip()
    return (not first and bool(text) and len(text) <= HEADING_MAX and "\n" not in text
            and not text[0].islower() and text[-1] not in _CLOSING)


@lru_cache(maxsize=4096)
def split_source(text: str) -> SourceText:
    """Split a text into paragraphs (blank-line separated) and sentences, with offsets."""
    parts: list[str] = []
    sentences: list[Sentence] = []
    paragraphs: list[tuple[Sentence, ...]] = []
    offset = 0
    headings: set[int] = set()
    for p_index, block in enumerate(b for b in re.split(r"\n\s*\n", text) if b.strip()):
        if is_heading(block, first=not p_index):
            headings.add(p_index)
        if parts:
            offset += 1
        paragraph = normalise(block)
        in_paragraph: list[Sentence] = []
        start = 0
        breaks = [(m.start() + 1, m.end()) for m in _SENTENCE_BREAK.finditer(paragraph)]
        for end, next_start in breaks + [(len(paragraph), len(paragraph))]:
            sentence = Sentence(len(sentences) + 1, p_index, paragraph[start:end], offset + start, offset + end)
            sentences.append(sentence)
            in_paragraph.append(sentence)
            start = next_start
        paragraphs.append(tuple(in_paragraph))
        parts.append(paragraph)
        offset += len(paragraph)
    return SourceText(" ".join(parts), tuple(sentences), tuple(paragraphs),
                      tuple(s.end for s in sentences), tuple(s.start for s in sentences), frozenset(headings))
