"""Support: does a fact's quote carry the numbers and dates the fact states?

Takes what a fact states in words (a value, an occurrence's `by`, a relation's
role, an event's title), its dates, and the words of its quotes; gives what the
quotes do not carry. Validation turns each into a warning.

- Every number written in the fact must be written in at least one of its
  quotes, as digits or as words: "four" is 4, "fourth" is 4th, "twenty-five" is
  25, "1,500" is 1500. A cardinal does not stand for an ordinal (4 is not 4th).
- A date's year must be in a quote, and so must its month (by name, or a
  three-letter abbreviation), its day and its part of the month (early, mid,
  late), when it gives them. A date the editor inferred, or wrote in the
  source's words (`said`), is not checked.

- A sum of money (a relation's `amount`) must be in a quote as a number, read with
  its scale: 2500000 is "2,500,000", "2.5 million", "€2.5m" or "2.5 mn".

A fact marked `editorial` or `inferred` is the editor's own reading and is not checked; nor
is a date marked `inferred`. An `estimate` is checked: the figure of a source's estimate
is in its words; an editor's own estimate gives its reasoning (`editorial`).
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from ..core.dates import MONTHS, DateValue

Where = TypeVar("Where", bound=Hashable)
"""Whatever the caller uses to say where a text or date is (validation: its path in the record)."""

Number = tuple[str, bool]
"""A number as compared: its digits (no separators or leading zeros) and whether it is an ordinal."""

_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
          "sixteen seventeen eighteen nineteen").split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_ORDINAL_UNITS = ("zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
                  "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth").split()
_ORDINAL_TENS = "twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth".split()
_WORD_VALUES: dict[str, tuple[int, bool]] = {
    **{w: (i, False) for i, w in enumerate(_UNITS)},
    **{w: (20 + 10 * i, False) for i, w in enumerate(_TENS)},
    **{w: (i, True) for i, w in enumerate(_ORDINAL_UNITS)},
    **{w: (20 + 10 * i, True) for i, w in enumerate(_ORDINAL_TENS)},
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9,
           "hundredth": 100, "thousandth": 1000, "millionth": 10**6, "billionth": 10**9}
_TOKEN = re.compile(r"(?P<digits>(?>\d{1,3}(?:,\d{3})+(?!\d)|\d+))(?P<decimals>\.\d+)?"
                    r"(?:(?P<suffix>st|nd|rd|th)(?![A-Za-z]))?|(?P<word>[A-Za-z]+)")
_NUMBER_WORDS = frozenset(_WORD_VALUES) | frozenset(_SCALES)
_DIGITS_TOKEN = re.compile(r"(?P<digits>(?>\d{1,3}(?:,\d{3})+(?!\d)|\d+))(?P<decimals>\.\d+)?"
                           r"(?:(?P<suffix>st|nd|rd|th)(?![A-Za-z]))?")
"""`_TOKEN` without its words: where a text has no number word, the numbers it writes are these."""
_ASCII_WORD = re.compile(r"[A-Za-z]+")
"""The words `_TOKEN` reads (lowered once joined: ASCII letters lower to themselves alone)."""
_DIGIT = re.compile(r"\d")
_LOWER_WORD = re.compile(r"[a-z]+")
_NO_BEFORE = re.compile(r"(?i)(?<![A-Za-z])no\s+$")
_JOINER = re.compile(r"[\s-]*")
_MONTH_WORDS = [re.compile(rf"(?<![A-Za-z])(?:{m}|{m.upper()}|{m[:3]}|{m[:3].upper()}"
                           + ("|Sept|SEPT" if m == "September" else "") + r")(?![a-z])") for m in MONTHS]
"""A month named in full or in three letters, capitalised: the verb 'may' is not May."""
_PART_WORDS = {part: re.compile(rf"(?i)(?<![a-z]){part}(?![a-z])") for part in ("early", "mid", "late")}


def states_numbers(text: str) -> bool:
    """True if the text writes any number: the quick test before the full comparison."""
    # a set of words, not one regex of every number word: Python's regex engine tries each alternative in turn
    return bool(_DIGIT.search(text)) or not _NUMBER_WORDS.isdisjoint(_LOWER_WORD.findall(text.lower()))


def numbers(text: str) -> dict[Number, str]:
    """The numbers a text writes, each with the words it is written in (the first time).

    Number words join into one number only as numbers are spoken ('twenty-five', 'one hundred and
    two', 'two thousand'); 'one two three' is three numbers.
    """
    found: dict[Number, str] = {}
    if _NUMBER_WORDS.isdisjoint(" ".join(_ASCII_WORD.findall(text)).lower().split()):
        for match in _DIGITS_TOKEN.finditer(text):  # no number words (most quotes): the digits are all there is
            digits = match["digits"].replace(",", "")
            found.setdefault((str(int(digits)) + (match["decimals"] or ""), bool(match["suffix"])), match.group())
        return found
    run: list[re.Match[str]] = []

    def close_run() -> None:
        while run and run[-1].group().casefold() == "and":
            run.pop()
        if run:
            found.setdefault(_run_value(run), text[run[0].start():run[-1].end()])
            run.clear()

    for match in _TOKEN.finditer(text):
        word = (match["word"] or "").casefold()
        if match["digits"]:
            close_run()
            digits = match["digits"].replace(",", "")
            value = str(int(digits)) + (match["decimals"] or "")
            found.setdefault((value, bool(match["suffix"])), match.group())
        elif word == "one" and not run and _after_no(text, match.start()):
            close_run()  # 'no one' is nobody, not a number
        elif word in _WORD_VALUES or word in _SCALES or (word == "and" and run):
            if run and not (_JOINER.fullmatch(text, run[-1].end(), match.start())
                            and _follows(run[-1].group().casefold(), word)):
                close_run()
            if word != "and" or run:
                run.append(match)
        else:
            close_run()
    close_run()
    return found


def _after_no(text: str, at: int) -> bool:
    return bool(_NO_BEFORE.search(text, max(0, at - 8), at))


def _follows(previous: str, word: str) -> bool:
    """Whether a number word continues the number the previous word is part of."""
    if previous.endswith("th") or previous in ("first", "second", "third"):
        return False  # an ordinal ends a number
    if word == "and":
        return previous in _SCALES
    if word in _SCALES:
        return _SCALES.get(previous, 0) < _SCALES[word]  # 'two hundred', 'hundred thousand'
    if previous in _SCALES or previous == "and":
        return True  # 'hundred five', 'thousand and twenty'
    return 20 <= _WORD_VALUES[previous][0] <= 90 and 1 <= _WORD_VALUES[word][0] <= 9  # 'twenty-five'


def _run_value(run: list[re.Match[str]]) -> Number:
    total = current = 0
    ordinal = False
    for match in run:
        word = match.group().casefold()
        if word == "and":
            continue
        if word in _SCALES:
            scale = _SCALES[word]
            if scale == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * scale
                current = 0
            ordinal = word.endswith("th")
        else:
            value, ordinal = _WORD_VALUES[word]
            current += value
    return str(total + current), ordinal


def missing_numbers(text: str, quoted: dict[Number, str]) -> list[str]:
    """The numbers a text writes that no quote writes, as the text writes them."""
    return [words for number, words in numbers(text).items() if number not in quoted]


def missing_date_parts(date: DateValue, quotes: list[str]) -> list[str]:
    """What of a date (its year, month, part of month, day) no quote gives; [] for an inferred date.

    A `said` date is the source's own wording ('in August'), so that wording must be in a quote; its year,
    counted back from the source's date, is inferred and not looked for. The year and day are looked for as
    digits first, and in words only when the digits are not there: every dated fact is checked, and reading
    all the numbers of its quotes costs ten times as much.
    """
    if date.said:
        return [] if _said_in(date.said, quotes) else [f"its wording '{date.said}'"]
    if date.inferred or date.year is None:
        return []
    text = " ; ".join(quotes)
    words: dict[Number, str] | None = None

    def has(number: int, ordinal: bool) -> bool:
        nonlocal words
        if _has_digits(text, str(number)):
            return True
        words = words if words is not None else numbers(text)
        return (str(number), False) in words or (ordinal and (str(number), True) in words)

    missing = []
    if not has(date.year, False):
        missing.append(f"the year {date.year}")
    if date.month and not _MONTH_WORDS[date.month - 1].search(text):
        missing.append(f"the month ({MONTHS[date.month - 1]})")
    if date.part and not _PART_WORDS[date.part].search(text):
        missing.append(f"the part of the month ({date.part})")
    if date.day and not has(date.day, True):
        missing.append(f"the day ({date.day})")
    return missing


def _said_in(said: str, quotes: list[str]) -> bool:
    """Whether a source's wording of a date is in a quote, as whole words, whatever the case and spacing."""
    words = r"\s+".join(re.escape(word) for word in said.split())
    return any(re.search(rf"(?<!\w){words}(?!\w)", quote, re.IGNORECASE) for quote in quotes)


def _has_digits(text: str, digits: str) -> bool:
    """Whether a text writes these digits as a number of their own (not inside 2016.5, 12016 or 1,2016)."""
    at = text.find(digits)
    while at >= 0:
        end = at + len(digits)
        if not (at and text[at - 1] in _DIGIT_JOINERS) and not (end < len(text) and text[end] in _DIGIT_JOINERS[:11]):
            return True
        at = text.find(digits, at + 1)
    return False


_DIGIT_JOINERS = "0123456789,."
"""Characters that join digits into a longer number: before a number, a digit, comma or point; after it, a digit
or comma (a point after it may end the sentence)."""


_AMOUNT = re.compile(r"(?<![\w.,])(?P<digits>\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?P<decimals>\.\d+)?"
                     r"(?:[\s-]*(?P<scale>thousand|million|billion|trillion|mn|bn|m|k)(?![A-Za-z]))?", re.IGNORECASE)
_AMOUNT_SCALES = {"thousand": 10**3, "k": 10**3, "million": 10**6, "mn": 10**6, "m": 10**6,
                  "billion": 10**9, "bn": 10**9, "trillion": 10**12}


def sums(text: str) -> set[Decimal]:
    """The sums of money a text writes, each as a number: '€2.5 million' gives 2.5 and 2500000, 'two
    million' 2000000."""
    found = set()
    for match in _AMOUNT.finditer(text):
        value = Decimal(match["digits"].replace(",", "") + (match["decimals"] or ""))
        found.add(value)
        if match["scale"]:
            found.add(value * _AMOUNT_SCALES[match["scale"].lower()])
    found.update(Decimal(digits) for digits, ordinal in numbers(text) if not ordinal)
    return found


def amount_in(amount: str, quotes: list[str]) -> bool:
    """Whether a sum (a decimal number, '2500000') is written in any of the quotes."""
    try:
        wanted = Decimal(amount)
    except InvalidOperation:
        return True  # not a number: validation reports it as such
    return wanted in sums(" ; ".join(quotes))


def unsupported(quotes: list[str], texts: Iterable[tuple[Where, str | None]],
                dates: Iterable[tuple[Where, DateValue | None]],
                amounts: Iterable[tuple[Where, str | None]] = ()) -> list[tuple[Where, str, str]]:
    """(where, code, message) for each text, date or sum stating what none of the quotes gives."""
    problems: list[tuple[Where, str, str]] = []
    for where, amount in amounts:
        if amount and not amount_in(amount, quotes):
            problems.append((where, "cite.unsupported-number", (
                f"the amount {amount} is in none of its quotes (as {_grouped(amount)}, or in millions and the "
                "like); quote the words that give it, or mark it `editorial:` or `inferred:` with your reasoning")))
    quoted: dict[Number, str] | None = None
    for where, text in texts:
        if text and states_numbers(text):
            quoted = quoted if quoted is not None else numbers(" ; ".join(quotes))
            missing = missing_numbers(text, quoted)
            if missing:
                problems.append((where, "cite.unsupported-number", (
                    f"{' and '.join(repr(m) for m in missing)} in '{_clip(text)}' {_are(missing)} in none of its "
                    "quotes; quote the words that give it, or mark the fact `editorial:` with your reasoning")))
    for where, date in dates:
        missing = missing_date_parts(date, quotes) if date else []
        if missing and date and date.said:
            problems.append((where, "cite.unsupported-date", (
                f"the date's wording '{date.said}' is in none of its quotes; quote the words that give it "
                "(a `said:` date is the source's own words)")))
        elif missing:
            problems.append((where, "cite.unsupported-date", (
                f"{' and '.join(missing)} of the date {date.iso if date else ''} {_are(missing)} in none of its "
                "quotes; quote the words that give it, write the source's wording with `said:`, or give "
                "`inferred:` with your reasoning")))
    return problems


def _grouped(amount: str) -> str:
    whole, _, decimals = amount.partition(".")
    return f"{int(whole):,}" + (f".{decimals}" if decimals else "")


def _are(items: list[str]) -> str:
    return "are" if len(items) > 1 else "is"


def _clip(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
