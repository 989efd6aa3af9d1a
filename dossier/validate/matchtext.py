"""Match text: the form in which quotes are compared with their source, and the way back.

Takes a text (a source's, or a quote an editor typed); gives its matching form, and for a
source the map from each offset of that form back to the source's own characters. Quotes are
matched in the matching form only: what a reader is shown (a source page, a citation, an
export) is the source's text as the source has it, curly quotes, dashes and all.

The matching form holds the same words with the typing differences left out:

- typographic quotes are straight ('’' is "'", '“' is '"'), and '…' is '...';
- every dash or hyphen (-, the hyphen U+2010, the non-breaking hyphen U+2011, en and em dashes,
  the minus sign ...), a run of them ('--' typed for an em dash), and the spaces around it
  are one '-': "Tashkent -- the" matches "Tashkent—the";
- invisible characters (the soft hyphen U+00AD, zero-width spaces and joiners U+200B-U+200D,
  the word joiner U+2060, U+FEFF, direction marks) are left out: "ter\\u00adror" matches
  "terror". Where one stands alone between two sentences ("end.\\u200bNext"), it is read as
  the space a reader sees there, so the two sentences stay two;
- every run of whitespace (line breaks, no-break spaces) is one space, and the text is trimmed.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

INVISIBLE = "\u00ad\u034f\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff"
"""Characters that draw nothing, left out when matching (source texts may hold them; values may not)."""
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d"
"""Hyphens, dashes and the minus sign: each, or a run of them, matches any other."""
_QUOTES = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u02bc": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u2026": "...",
}
_SPACE_OR_INVISIBLE = f"[\\s{INVISIBLE}]"
_TOKEN = re.compile(
    f"{_SPACE_OR_INVISIBLE}*[{re.escape(DASHES)}]+{_SPACE_OR_INVISIBLE}*"  # a dash and the spaces around it
    f"|{_SPACE_OR_INVISIBLE}{{2,}}|[^\\S ]|[{INVISIBLE}]"                   # layout: spaces, invisible characters
    f"|[{''.join(_QUOTES)}]")
"""A stretch of text whose matching form differs from it (or may: a lone '-' is kept as it is)."""
LAYOUT_SPACES = "\t\n\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
"""Every whitespace character but the space (those `str.isspace` and the regex class \\s find), for a class."""
_SPECIAL = re.compile(f"[{LAYOUT_SPACES}{INVISIBLE}{re.escape(DASHES)}{''.join(_QUOTES)}]")
"""A character at or near which a `_TOKEN` stretch is, but two spaces (found apart: see `_next_special`).
One class, which the regex engine scans for in a tight loop: four times as quick as a pattern with two
spaces as an alternative, itself some twenty times as quick as scanning with `_TOKEN`, which tries its
alternatives at every character."""
_EDGE = re.compile(f"{_SPACE_OR_INVISIBLE}+")
_ENDS_SENTENCE = re.compile("[.!?][\"'\u201d\u2019)\\]]*\\Z")
_STARTS_SENTENCE = re.compile("[\"'\u201c\u2018(\\[]?[A-Z0-9]")
_LAYOUT = re.compile("[^\\S\u00a0\u2007\u202f]+")
"""Whitespace a reader does not see as such (line breaks, runs of spaces); no-break spaces are kept."""
_DASH_SET = frozenset(DASHES)


def normalise(text: str) -> str:
    """The matching form of a text (see the module docstring)."""
    if text.isascii() and "-" not in text:  # most quotes: nothing but whitespace to even out
        return " ".join(text.split())
    if "-" not in text and _SPECIAL.search(text) is None:  # accents, no dash, quote mark or layout space
        return " ".join(text.split())
    return MatchText.of(text).normalised


def layout(text: str) -> str:
    """A stretch of a source as a reader sees it: its own characters, each run of line breaks and
    spaces one space (a page and a table cell lay text out anew)."""
    return _LAYOUT.sub(" ", text).strip()


@dataclass(frozen=True, slots=True)
class MatchText:
    """A text's matching form, and where each stretch of it comes from in the text.

    The map holds only the stretches whose form differs (a replaced or dropped character, a
    run of whitespace): between two of them the form is the text itself, character for
    character. Each stretch is (start, end) in the form and (start, end) in the text.
    """

    text: str
    normalised: str
    form_starts: tuple[int, ...] = ()
    form_ends: tuple[int, ...] = ()
    text_starts: tuple[int, ...] = ()
    text_ends: tuple[int, ...] = ()

    @classmethod
    def of(cls, text: str) -> MatchText:
        """The matching form of a whole text."""
        return match_paragraphs(text, [(0, len(text))])[0]

    def text_offset(self, at: int) -> int:
        """The offset in the text of the character at `at` in the form (its stretch's start if replaced)."""
        i = bisect.bisect_right(self.form_starts, at) - 1
        if i < 0:
            return at
        if at < self.form_ends[i]:
            return self.text_starts[i]
        return self.text_ends[i] + (at - self.form_ends[i])

    def text_end(self, end: int) -> int:
        """The offset in the text just after the character before `end` in the form."""
        if end <= 0:
            return self.text_offset(0)
        last = end - 1
        i = bisect.bisect_right(self.form_starts, last) - 1
        if i < 0:
            return end
        if last < self.form_ends[i]:
            return self.text_ends[i]
        return self.text_ends[i] + (last - self.form_ends[i]) + 1

    def original(self, at: int, length: int) -> str:
        """The text's own characters for `length` characters of the form from `at`, laid out for reading."""
        if length <= 0:
            return ""
        own = self.text[self.text_offset(at):self.text_end(at + length)]
        if own == self.normalised[at:at + length] and own[0] != " " and own[-1] != " ":
            return own  # the form's single spaces and no other whitespace: layout would leave it as it is
        return layout(own)


def match_paragraphs(text: str, spans: list[tuple[int, int]]) -> tuple[MatchText, list[tuple[int, int]]]:
    """The matching form of a text's paragraphs (`spans` of it), joined by one space each, and
    where each paragraph is in the form (a paragraph of nothing but spaces has none: skip it)."""
    builder = _Builder(text)
    found = [builder.add_span(start, end) for start, end in spans]
    return builder.done(), found


def _tokens(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """The `_TOKEN` stretches of text[start:end], in order: found by `_SPECIAL`, then read from the
    spaces before it (a dash takes them in)."""
    at = start
    while (found := _next_special(text, at, end)) >= 0:
        back = found
        while back > at and (text[back - 1].isspace() or text[back - 1] in INVISIBLE):
            back -= 1
        token = _TOKEN.match(text, back, end) if back < found else None
        if token is None or token.end() <= found:
            token = _TOKEN.match(text, found, end)
        if token is None:  # cannot be: every special character starts a stretch; step over it all the same
            at = found + 1
            continue
        yield token
        at = token.end()


def _next_special(text: str, at: int, end: int) -> int:
    """Where the next `_TOKEN` stretch is from `at` (see `_tokens`): the next special character, or two
    spaces before it; -1 if there is none before `end`."""
    special = _SPECIAL.search(text, at, end)
    stop = special.start() if special is not None else end
    spaces = text.find("  ", at, stop)  # (a special character is not a space: two spaces end before it)
    return spaces if spaces >= 0 else stop if special is not None else -1


class _Builder:
    """Makes a `MatchText` piece by piece: plain stretches copied, others replaced and mapped."""

    def __init__(self, text: str):
        self.text = text
        self.parts: list[str] = []
        self.length = 0
        self.stretches: tuple[list[int], list[int], list[int], list[int]] = ([], [], [], [])
        self.last_end = -1
        """Where in the text the previous span ended (-1 before the first)."""

    def add_span(self, start: int, end: int) -> tuple[int, int]:
        """Add a paragraph; its (start, end) in the form, empty if it holds only spaces."""
        text = self.text
        edge = _EDGE.match(text, start, end)
        start = edge.end() if edge else start
        while end > start and (text[end - 1].isspace() or text[end - 1] in INVISIBLE):
            end -= 1
        if start >= end:
            return self.length, self.length
        if self.last_end >= 0:  # the space that joins two paragraphs stands for the gap between them
            self._replace(self.last_end, start, " ")
        elif start > 0:  # what the text opens with but the form leaves out
            self._replace(0, start, "")
        opened, at = self.length, start
        for match in _tokens(text, start, end):
            found = match.group()
            form = self._form_of(found, match.start(), match.end())
            if form == found:
                continue
            self._plain(at, match.start())
            self._replace(match.start(), match.end(), form)
            at = match.end()
        self._plain(at, end)
        self.last_end = end
        return opened, self.length

    def _form_of(self, found: str, start: int, end: int) -> str:
        quote = _QUOTES.get(found)
        if quote is not None:
            return quote
        if not _DASH_SET.isdisjoint(found):
            return "-"
        if any(c.isspace() for c in found):
            return " "
        if _ENDS_SENTENCE.search(self.text, max(0, start - 8), start) and _STARTS_SENTENCE.match(self.text, end):
            return " "  # "end.\u200bNext": a reader sees two sentences, so the form keeps them two
        return ""

    def _plain(self, start: int, end: int) -> None:
        if end > start:
            self.parts.append(self.text[start:end])
            self.length += end - start

    def _replace(self, start: int, end: int, form: str) -> None:
        form_starts, form_ends, text_starts, text_ends = self.stretches
        form_starts.append(self.length)
        form_ends.append(self.length + len(form))
        text_starts.append(start)
        text_ends.append(end)
        if form:
            self.parts.append(form)
            self.length += len(form)

    def done(self) -> MatchText:
        form_starts, form_ends, text_starts, text_ends = self.stretches
        return MatchText(self.text, "".join(self.parts), tuple(form_starts), tuple(form_ends),
                         tuple(text_starts), tuple(text_ends))
