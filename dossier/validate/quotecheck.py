"""Quote checks: which passage of its source a citation means, or why it cannot say.

Takes a `Citation` and its source's `SourceText`; gives the citation with the
offset of the occurrence it means, or a diagnostic code and a message an editor
can act on. A quote must occur in its source as whole words; when it occurs more
than once the citation must say which occurrence with a `prefix` or `suffix`
(the W3C Web Annotation TextQuoteSelector's model), and the message names every
place with the words that would tell it apart; it may not run across a
paragraph break or into or out of a heading (cite two passages as a list).
"""

from __future__ import annotations

import difflib

from ..core.diagnostics import Pos
from ..core.model import Citation, EntityId
from .citations import Located, Sentence, SourceText, normalise

_PLACES_SHOWN = 6
"""Occurrences named in a message; a hostile quote such as 'a' may occur thousands of times."""
_PREFIX_WORDS = 6
"""The most words before an occurrence tried when looking for a prefix that tells it apart."""
_SHOWN = 90
"""Characters of a passage a message shows."""


def check_citation(split: SourceText, citation: Citation, nearest: bool = True) -> tuple[Citation | None, str, str]:
    """(the citation with its occurrence's offset and sentences, '', '') or (None, code, message).

    With `nearest`, a quote not found is shown the closest passage of the source (a look-up of
    some milliseconds against a long source: the caller bounds how many a run makes).
    """
    return check_quote(split, citation.source, citation.quote, citation.pos, citation.prefix, citation.suffix,
                       nearest)


def check_quote(split: SourceText, source: EntityId, quote: str, pos: Pos, prefix: str | None = None,
                suffix: str | None = None, nearest: bool = True) -> tuple[Citation | None, str, str]:
    """`check_citation` for a citation's parts: the citation is made once, when its quote is found
    (validation checks every quote of a dossier here)."""
    key = (quote, prefix, suffix)
    known = split.located.get(key)
    if known is not None:
        words = known[2] if known[2] == quote else quote  # one string for both, as `_found` makes it
        return Citation(source, words, pos, prefix, suffix, *known), "", ""
    if not (prefix or suffix):  # the usual case: a quote found once, within one paragraph
        needle = normalise(quote)
        at = split.sole(needle) if needle else -1
        if at >= 0 and not split.crosses_paragraphs(at, len(needle)):
            return _found(split, key, source, pos, None, None, at, len(needle)), "", ""
    located = split.occurrences(quote, prefix, suffix)
    where = f"source '{source}'"
    shown = clip(quote)
    if not located.starts:
        return None, "cite.not-in-source", (f"quote '{shown}' is not in {where}"
                                            + (_nearest(split, quote) if nearest else ""))
    if not located.selected:
        given = " and ".join(f"{k} '{clip(v, 40)}'" for k, v in (("prefix", prefix), ("suffix", suffix)) if v)
        return None, "cite.not-in-source", (
            f"quote '{shown}' is in {where}, but not with {given} around it; it occurs at "
            + _places(split, located) + ". A prefix is the words just before the quote, a suffix those just after")
    if len(located.selected) > 1:
        hint = _hint(split, located)
        return None, "cite.ambiguous", (
            f"quote '{shown}' occurs {len(located.selected)} times in {where}: " + _places(split, located, True)
            + ". Say which with `prefix:` (the words just before it) or `suffix:` (the words just after)"
            + (f", e.g. {{quote: ..., prefix: '{hint}'}}" if hint else "") + ", or quote more of the passage")
    at = located.selected[0]
    if split.crosses_paragraphs(at, located.length):
        sentences = split.sentences_at(at, located.length)
        heading = next((s.text for s in sentences if s.heading), "")
        crossing = (f"runs into or out of the heading '{clip(heading, 60)}'" if heading
                    else "runs across a paragraph break")
        return None, "cite.spans-boundary", (
            f"quote '{shown}' {crossing} in {where} ({split.context(at, located.length)}); "
            "no passage reads that way: cite each part on its own, as a list of quotes")
    return _found(split, key, source, pos, prefix, suffix, at, located.length), "", ""


def _found(split: SourceText, key: tuple[str, str | None, str | None], source: EntityId, pos: Pos,
           prefix: str | None, suffix: str | None, at: int, length: int) -> Citation:
    """The citation, knowing the occurrence it means, the numbers of the sentences that hold it and
    its words as the source has them, remembered for the same quote, prefix and suffix (`key`)."""
    sentences = split.sentence_numbers(at, length)
    verbatim = split.verbatim(at, length)
    if verbatim == key[0]:  # most quotes are typed as the source has them: one string for both
        verbatim = key[0]
    split.located[key] = (at, sentences, verbatim)
    return Citation(source, key[0], pos, prefix, suffix, at, sentences, verbatim)


def _places(split: SourceText, located: Located, selected_only: bool = False) -> str:
    starts = located.selected if selected_only else located.starts
    shown = [f"sentence {split.sentences_at(at, located.length)[0].number} "
             f"({split.context(at, located.length)})" for at in starts[:_PLACES_SHOWN]]
    more = len(starts) - len(shown)
    return "; ".join(shown) + (f"; and {more} more" if more > 0 else "")


def _hint(split: SourceText, located: Located) -> str:
    """The fewest words before the first selected occurrence that no other occurrence has before it."""
    first, others = located.selected[0], located.selected[1:]
    words = split.normalised[max(0, first - 200):first].split()
    for count in range(1, min(_PREFIX_WORDS, len(words)) + 1):
        prefix = " ".join(words[-count:])
        if not any(split.normalised[max(0, at - len(prefix) - 1):at].rstrip().endswith(prefix) for at in others):
            return prefix
    return ""


def settle(split: SourceText, quote: str, at: int) -> tuple[str | None, str | None]:
    """The shortest `prefix` or `suffix` (up to six words; a prefix when both are as short) that selects
    the occurrence of `quote` at offset `at` and no other, as `occurrences` decides; (None, None) if none does."""
    length = len(normalise(quote))
    before = split.normalised[max(0, at - 300):at].split()
    after = split.normalised[at + length:at + length + 300].split()
    for count in range(1, _PREFIX_WORDS + 1):
        for prefix, suffix in ((" ".join(before[-count:]), None), (None, " ".join(after[:count]))):
            if (prefix or suffix) and split.occurrences(quote, prefix, suffix).selected == (at,):
                return prefix, suffix
    return None, None


def _nearest(split: SourceText, quote: str) -> str:
    """Where a quote not found occurs with other capital letters or inside longer words, or the
    closest passage and where they part."""
    length = len(normalise(quote))
    other_case = split.in_other_case(quote)
    if other_case >= 0:
        return (f": only the capital letters differ; the source has '{clip(split.verbatim(other_case, length))}' "
                f"({split.context(other_case, length, 2)}): quote it as the source writes it")
    inside = split.inside_words(quote)
    if inside >= 0:
        return f": it occurs only inside longer words ({split.context(inside, length, 2)}); quote whole words"
    closest = split.closest(quote)
    if closest is None:
        return ""
    return (f"; the closest passage is in sentence {closest.number}: '{_aligned(split, quote, closest)}'"
            + _first_difference(quote, closest.text))


def _aligned(split: SourceText, quote: str, sentence: Sentence) -> str:
    """The stretch of a sentence a near-miss quote lines up with, a word either side, in the source's
    characters: in a long sentence its opening words may be far from the words the editor meant."""
    text = sentence.text
    if len(text) <= _SHOWN:
        return split.sentence_text(sentence)
    needle, lowered = normalise(quote).lower(), text.lower()
    blocks = [b for b in difflib.SequenceMatcher(None, needle, lowered[:_SHOWN * 6], autojunk=False)
              .get_matching_blocks() if b.size >= 3] if len(lowered) == len(text) else []
    if not blocks:
        return clip(split.sentence_text(sentence), _SHOWN)
    start = text.rfind(" ", 0, max(0, text.rfind(" ", 0, blocks[0].b))) + 1
    end = text.find(" ", text.find(" ", blocks[-1].b + blocks[-1].size) + 1)
    end = len(text) if end < 0 else end
    shown = clip(split.verbatim(sentence.start + start, end - start), _SHOWN)
    return ("…" if start > 0 else "") + shown + ("…" if end < len(text) and not shown.endswith("…") else "")


def _first_difference(quote: str, passage: str) -> str:
    """Where a near-miss quote first departs from the passage, so the editor sees the typo."""
    a, b = normalise(quote), normalise(passage)
    start = b.find(a[:12]) if len(a) >= 12 else -1
    if start < 0:
        return ""
    return first_difference(a, b[start:], within=True)


def first_difference(text: str, other: str, within: bool = False) -> str:
    """' (they part at '…' against '…')': where two texts, normalised, first differ; '' if they do not
    (or, `within`, if `text` is all at the start of `other`)."""
    a, b = normalise(text), normalise(other)
    i = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    if i >= len(a) and (within or len(a) == len(b)):
        return ""
    return f" (they part at '…{a[max(0, i - 15):i + 15]}…' against '…{b[max(0, i - 15):i + 15]}…')"


def clip(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
