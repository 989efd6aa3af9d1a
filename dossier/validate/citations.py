"""Citations: find a quote in its source's text, and the sentences a reader is sent to.

Quotes are matched in the source's matching form (`matchtext`): typographic quotes,
dashes, invisible characters and whitespace count as what a reader sees, so an editor
may type a quote with straight quotes and '--' from a text with curly ones and em dashes.
What is shown is the source's own characters (`SourceText.verbatim`). A quote matches
whole words only ("Ghaz" is not in "Ghazi"). The source text is split into paragraphs
and sentences once; a quote maps to the sentences it overlaps, which the source page
highlights and anchors.

A quote that occurs more than once is told apart as the W3C Web Annotation
`TextQuoteSelector` does: by a `prefix` (the words just before it) or a
`suffix` (the words just after it). `occurrences` gives every occurrence and
those the prefix and suffix select, and the validator decides what is an error;
`locate` gives the sentences of the occurrence a citation means.

A heading is a paragraph of one line, of at most 12 words, that does not end
in punctuation (it ends in a letter or digit), between two other paragraphs: a
subhead such as "Irrelevant in Uzbekistan". A byline or a closing line is the
first or last paragraph, so it is not one, and nor is a link line such as
"Related: IMU pledges allegiance to ISIL" (a label of up to three words and a colon
before the rest), which points elsewhere instead of dividing the text.
"""

from __future__ import annotations

import bisect
import difflib
import heapq
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import islice

from ..core.frozen import quick_init
from .matchtext import INVISIBLE, MatchText, match_paragraphs, normalise

__all__ = ["Located", "Sentence", "SourceText", "is_heading", "normalise", "split_source"]

_SENTENCE_BREAK = re.compile(r'[.!?]["\u201d\u2019)\]]*\s+(?=["\u201c\u2018(\[]?[A-Z0-9])')
"""A sentence's final mark and the closing quotes and spaces after it. (Matching the mark itself,
rather than looking behind for it, lets the regex engine jump to the candidates: twice as fast.)"""
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_BLANK = re.compile(f"[\\s{INVISIBLE}]*")


@quick_init
@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a source: its number (its anchor is s-<n>) and its text in the matching form
    (the source's own characters are `SourceText.verbatim(start, end - start)`)."""

    number: int
    paragraph: int
    text: str
    start: int
    end: int
    heading: bool = False
    """True for a heading (see the module docstring): a quote may not run into or out of it."""


@quick_init
@dataclass(frozen=True, slots=True)
class Located:
    """Where a quote occurs in a source: every whole-word occurrence, and those its prefix and suffix select."""

    starts: tuple[int, ...]
    """The offset in the normalised text of each occurrence, in order."""
    selected: tuple[int, ...]
    """The occurrences whose surroundings match the prefix and suffix (all of them when neither is given)."""
    length: int
    """The quote's length, normalised."""


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
    paragraph_ends: tuple[int, ...] = ()
    """Each paragraph's end offset, in order, to tell by bisection whether a quote runs across one."""
    located: dict[tuple[str, str | None, str | None], tuple[int, tuple[int, ...], str]] = field(
        default_factory=dict, compare=False, repr=False)
    """(quote, prefix, suffix) -> the offset, sentence numbers and source's words of the passage a
    citation checked out to mean: many facts cite the same words, which are then looked for once."""
    headings: frozenset[int] = frozenset()
    """The paragraphs (by index) that are subheads, by `is_heading`."""
    form: MatchText | None = field(default=None, compare=False, repr=False)
    """The text with its matching form and the map back, for `verbatim`."""

    def verbatim(self, at: int, length: int) -> str:
        """The source's own characters for a stretch of the normalised text (a quote's, a sentence's)."""
        if self.form is None:
            return self.normalised[at:at + length]
        return self.form.original(at, length)

    def sentence_text(self, sentence: Sentence) -> str:
        """A sentence as the source has it."""
        return self.verbatim(sentence.start, sentence.end - sentence.start)

    def find(self, quote: str) -> tuple[Sentence, ...]:
        """The sentences a quote's first whole-word occurrence overlaps, or () when it is not in the text."""
        needle = normalise(quote)
        at = self._next(needle, 0)
        return self.sentences_at(at, len(needle)) if at >= 0 else ()

    def locate(self, quote: str, prefix: str | None = None, suffix: str | None = None,
               start: int = -1) -> tuple[Sentence, ...]:
        """The sentences of the occurrence a citation means: at `start` when known, else the one selected."""
        needle = normalise(quote)
        if start < 0:
            located = self.occurrences(quote, prefix, suffix)
            start = located.selected[0] if located.selected else -1
        return self.sentences_at(start, len(needle)) if start >= 0 and needle else ()

    def sentences_at(self, at: int, length: int) -> tuple[Sentence, ...]:
        """The sentences the text from `at`, `length` characters long, overlaps."""
        first = bisect.bisect_right(self.ends, at)
        return self.sentences[first:bisect.bisect_left(self.starts, at + length, first)]

    def occurrences(self, quote: str, prefix: str | None = None, suffix: str | None = None) -> Located:
        """Every whole-word occurrence of a quote, and those a prefix and a suffix select."""
        needle = normalise(quote)
        found = tuple(self.whole_word_starts(needle)) if needle else ()
        if not (prefix or suffix):
            return Located(found, found, len(needle))
        before, after = normalise(prefix or ""), normalise(suffix or "")
        selected = [a for a in found if self._has_prefix(a, before) and self._has_suffix(a + len(needle), after)]
        return Located(found, tuple(selected), len(needle))

    def inside_words(self, quote: str) -> int:
        """Where a quote occurs only as part of longer words (the first place), or -1."""
        needle = normalise(quote)
        return self.normalised.find(needle) if needle else -1

    def context(self, at: int, length: int, words: int = 4) -> str:
        """A few words either side of an occurrence, the occurrence in brackets, for messages."""
        before = self.normalised[max(0, at - 200):at].split(" ")[-words - 1:]
        after = self.normalised[at + length:at + length + 200].split(" ")[:words + 1]
        inside = self.normalised[at:at + length]
        if len(inside) > 60:
            inside = inside[:28] + "…" + inside[-28:]
        return f"…{' '.join(before)}[{inside}]{' '.join(after)}…"

    def _next(self, needle: str, start: int) -> int:
        """The next occurrence of `needle` from `start` that begins and ends on a word boundary, or -1."""
        return next(self.whole_word_starts(needle, start), -1) if needle else -1

    def whole_word_starts(self, needle: str, start: int = 0) -> Iterator[int]:
        """Each occurrence of a normalised quote from `start` that begins and ends on a word boundary.

        One loop, lazily: every quote of a dossier comes through here, and most occur once.
        """
        return _whole_word_starts(self.normalised, needle, start)

    def _has_prefix(self, at: int, prefix: str) -> bool:
        if not prefix:
            return True
        before = self.normalised[max(0, at - len(prefix) - 1):at]
        return before.endswith(prefix) or before.endswith(prefix + " ")

    def _has_suffix(self, end: int, suffix: str) -> bool:
        if not suffix:
            return True
        after = self.normalised[end:end + len(suffix) + 1]
        return after.startswith(suffix) or after.startswith(" " + suffix)

    def crosses_paragraphs(self, at: int, length: int) -> bool:
        """Whether the text from `at`, `length` characters long, runs from one paragraph into another."""
        ends = self.paragraph_ends
        return bisect.bisect_right(ends, at) != bisect.bisect_left(ends, at + length)

    def sole(self, needle: str) -> int:
        """The offset of a normalised quote that occurs once as whole words; -1 if it does not, or more than once.

        (Every quote of a dossier is looked for here: one loop, with no generator, and for most
        quotes two searches, the one that finds it and the one that finds no other.)"""
        text = self.normalised
        at = text.find(needle)
        if at < 0:
            return -1
        length, size = len(needle), len(text)
        open_word, close_word = _is_word(needle[0]), _is_word(needle[-1])
        first = -1
        while at >= 0:
            end = at + length
            if not ((open_word and at and (text[at - 1].isalnum() or text[at - 1] == "_"))
                    or (close_word and end < size and (text[end].isalnum() or text[end] == "_"))):
                if first >= 0:
                    return -1
                first = at
            at = text.find(needle, at + 1)
        return first

    def sentence_numbers(self, at: int, length: int) -> tuple[int, ...]:
        """The numbers of the sentences `sentences_at` gives (a sentence's number is its place, from 1)."""
        first = bisect.bisect_right(self.ends, at)
        return tuple(range(first + 1, bisect.bisect_left(self.starts, at + length, first) + 1))

    def in_other_case(self, quote: str) -> int:
        """Where a quote not found occurs as whole words with other capital letters (the first place), or -1."""
        needle = normalise(quote).lower()
        lowered = self._lowered
        if not needle or len(needle) != len(normalise(quote)) or not lowered:
            return -1
        return next(_whole_word_starts(lowered, needle, 0), -1)

    @cached_property
    def _lowered(self) -> str:
        """The normalised text in lower case, or '' where lowering changes its length (offsets would not hold)."""
        lowered = self.normalised.lower()
        return lowered if len(lowered) == len(self.normalised) else ""

    def closest(self, quote: str) -> Sentence | None:
        """The sentence most like a quote that was not found, for the error message."""
        passages = self.closest_passages(quote, 1)
        return passages[0] if passages else None

    def closest_passages(self, quote: str, count: int) -> list[Sentence]:
        """The `count` sentences most like a quote that was not found, the likest first.

        The score is how much of the quote the sentence holds, in order, in stretches of three
        characters or more, ignoring case; a tie goes to the closer match overall. A plain
        similarity ratio counts the sentence's length against it, so a short sentence sharing a
        few words beat the long one a quote was taken from.

        difflib is pure Python and quadratic: run over every sentence in full, one
        wrong quote against a long or hostile source took minutes. So only the
        sentences sharing the most words with the quote are compared, each on its
        first few hundred characters; the answer is the same for ordinary texts.
        Those sentences are counted from an index of the source's words, so the
        cost follows the quote's words rather than the length of the source.
        """
        needle = normalise(quote)[:_COMPARED].casefold()
        if not needle:
            return []
        shared: Counter[int] = Counter()
        for word in set(needle.split()):
            shared.update(self._sentences_with.get(word, ()))
        wanted = max(_CANDIDATES, count)
        best_shared = heapq.nlargest(wanted, shared.items(), key=lambda item: (item[1], -item[0]))
        candidates = sorted(i for i, _ in best_shared)
        if len(candidates) < wanted:  # as many as asked: then sentences sharing no word, in order
            unshared = (i for i in range(len(self.sentences)) if i not in shared)
            candidates += islice(unshared, wanted - len(candidates))
            candidates.sort()
        scored: list[tuple[tuple[float, float], int]] = []
        for i in candidates:
            sentence = self.sentences[i]
            compared = sentence.text[:_COMPARED * 2].casefold()
            matcher = difflib.SequenceMatcher(None, needle, compared, autojunk=False)
            floor = scored[count - 1][0][0] if len(scored) >= count else 0.0
            # quick_ratio counts the characters the two share in any order: no more of the quote can be held
            if matcher.quick_ratio() * (len(needle) + len(compared)) / 2 / len(needle) < floor:
                continue
            held = sum(block.size for block in matcher.get_matching_blocks() if block.size >= _STRETCH)
            scored.append(((held / len(needle), matcher.ratio()), i))
            scored.sort(key=lambda item: (-item[0][0], -item[0][1], item[1]))
            del scored[count:]
        return [self.sentences[i] for _, i in scored]

    @cached_property
    def _sentences_with(self) -> dict[str, list[int]]:
        """Each word (casefolded) to the sentences holding it, in order: a quote's candidates are
        counted from its own words' lists, not by comparing it with every sentence."""
        index: dict[str, list[int]] = defaultdict(list)
        for i, sentence in enumerate(self.sentences):
            for word in set(sentence.text.casefold().split()):
                index[word].append(i)
        return dict(index)


def _whole_word_starts(text: str, needle: str, start: int) -> Iterator[int]:
    length = len(needle)
    open_word, close_word = _is_word(needle[0]), _is_word(needle[-1])
    at = text.find(needle, start)
    while at >= 0:
        end = at + length
        if open_word and at and (text[at - 1].isalnum() or text[at - 1] == "_"):
            pass  # starts inside a word
        elif close_word and end < len(text) and (text[end].isalnum() or text[end] == "_"):
            pass  # ends inside a word
        else:
            yield at
        at = text.find(needle, at + 1)


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


_CANDIDATES = 8
"""Sentences compared character by character when looking for a quote's closest passage."""
_STRETCH = 3
"""The shortest run of characters a quote and a sentence share that counts towards the closest passage."""
_COMPARED = 300
"""Characters of a quote compared (and twice as many of a sentence)."""


HEADING_WORDS = 12
HEADING_MAX = 80
"""The most words and characters a subhead has; a longer line is body text."""
_LINK_LINE = re.compile(r"[^\s:]+(?:\s+[^\s:]+){0,2}:\s+\S")
"""A label of up to three words, a colon, then the rest: 'Related: ...', 'Read more: ...', a link line a
page carries between paragraphs, which the capture keeps as one."""


def is_heading(paragraph: str, first: bool = False, last: bool = False) -> bool:
    """Whether a paragraph of a source text is a subhead ("Irrelevant in Uzbekistan").

    A subhead is one line of at most `HEADING_MAX` characters and `HEADING_WORDS` words
    that does not start in lower case and ends in a letter or digit (no final punctuation),
    between two other paragraphs: the text's first paragraph (`first`) is a byline or a
    dateline, and a subhead divides the text, so it is never the last (`last`) either.
    A quote may not run into or out of one (see `quotecheck`); the source page shows it
    as a heading.
    """
    text = paragraph.strip()
    return (not first and not last and bool(text) and len(text) <= HEADING_MAX and "\n" not in text
            and len(text.split()) <= HEADING_WORDS and not text[0].islower() and _is_word(text[-1])
            and not _LINK_LINE.match(text))


@lru_cache(maxsize=1 << 15)
def split_source(text: str) -> SourceText:
    """Split a text into paragraphs (blank-line separated) and sentences, with offsets in its matching form.

    Kept for every source of a dossier of up to 300,000 entities (one source per ten is usual):
    records cite sources in no order, and a cache holding fewer than all of them splits most
    sources again and again (at 100,000 entities, 4,096 places held 41% of the sources)."""
    spans, start = [], 0
    for brk in _PARAGRAPH_BREAK.finditer(text):
        spans.append((start, brk.start()))
        start = brk.end()
    spans.append((start, len(text)))
    spans = [(a, b) for a, b in spans if _BLANK.fullmatch(text, a, b) is None]
    form, places = match_paragraphs(text, spans)
    sentences: list[Sentence] = []
    paragraphs: list[tuple[Sentence, ...]] = []
    headings: set[int] = set()
    for p_index, ((a, b), (offset, end)) in enumerate(zip(spans, places, strict=True)):
        paragraph = form.normalised[offset:end]
        heading = is_heading(text[a:b], first=not p_index, last=p_index == len(spans) - 1)
        if heading:
            headings.add(p_index)
        in_paragraph: list[Sentence] = []
        start = 0
        breaks = [] if heading else [(m.start() + 1, m.end()) for m in _SENTENCE_BREAK.finditer(paragraph)]
        for stop, next_start in breaks + [(len(paragraph), len(paragraph))]:
            sentence = Sentence(len(sentences) + 1, p_index, paragraph[start:stop], offset + start, offset + stop,
                                heading)
            sentences.append(sentence)
            in_paragraph.append(sentence)
            start = next_start
        paragraphs.append(tuple(in_paragraph))
    return SourceText(form.normalised, tuple(sentences), tuple(paragraphs),
                      tuple(s.end for s in sentences), tuple(s.start for s in sentences),
                      tuple(p[-1].end for p in paragraphs), headings=frozenset(headings), form=form)
