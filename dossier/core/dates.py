"""Dates as sure as the source: precision, approximation, inference and how they sort.

Takes the date strings of records ("1996", "2015-08", "2015-12-11") or the
wording of a source ("last December 11", "mid-July") and gives `DateValue`s that
know their precision and whether they were inferred. Wording without a year is
resolved against the source's own date: the latest matching day on or before it.

Sort order, documented for readers and tested: by year, then month, then day;
a coarser date sorts before the finer dates inside it ("2016" < "July 2016" <
"mid-July 2016" < "19 July 2016"); early/mid/late count from the 1st/11th/21st.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

from .frozen import quick_init

MONTHS = [calendar.month_name[i] for i in range(1, 13)]
PARTS = {"early": 1, "mid": 11, "late": 21}
PRECISIONS = ("year", "month", "part", "day")

_ISO = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")
"""ASCII digits only: in Python's regexes a digit class also matches '２' or '٢', which int() would read as 2."""
_MONTH_ALT = "|".join(MONTHS)
_SAID = re.compile(
    rf"^(?:in\s+)?(?:(?P<rel>last|this)\s+)?(?:(?P<part>early|mid|late)[- ]?)?"
    rf"(?:(?P<day1>[0-9]{{1,2}})\s+)?(?P<month>{_MONTH_ALT})(?:\s+(?P<day2>[0-9]{{1,2}}))?$",
    re.IGNORECASE | re.ASCII,
)
"""ASCII too: ignoring case in Unicode would read 'Auguſt' (a long s) as August."""


class DateError(ValueError):
    """A date string that is not a real date in a supported form."""


class UnresolvableDate(DateError):
    """Wording without a year whose year, counted back from its source's date, would not exist."""


@quick_init
@dataclass(frozen=True, slots=True)
class DateValue:
    """A date of year, month, part-of-month or day precision, with how sure it is."""

    year: int | None
    month: int | None = None
    day: int | None = None
    part: str | None = None
    approximate: bool = False
    inferred: str | None = None
    said: str | None = None

    @property
    def precision(self) -> str:
        if self.day:
            return "day"
        if self.part:
            return "part"
        return "month" if self.month else "year"

    @property
    def sort_key(self) -> tuple[int, int, int, int]:
        day = self.day or PARTS.get(self.part or "", 0)
        rank = 3 if self.day else 2 if self.part else 1 if self.month else 0  # PRECISIONS.index(self.precision)
        return (self.year or 0, self.month or 0, day, rank)

    @property
    def iso(self) -> str:
        """Machine form for <time datetime>: as precise as known."""
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return text

    @property
    def label(self) -> str:
        """Reader form: '11 December 2015', 'mid-July 2016', 'c. 2000'."""
        return self.wording(MONTHS)

    def wording(self, months: list[str]) -> str:
        """The date in words, its month named from `months` (full names, or a drawing's short ones)."""
        month = months[self.month - 1] if self.month else ""
        if self.day:
            text = f"{self.day} {month} {self.year}"
        elif self.part:
            text = f"{self.part}-{month} {self.year}"
        elif self.month:
            text = f"{month} {self.year}"
        else:
            text = str(self.year)
        return f"c. {text}" if self.approximate else text

    @property
    def label_in_year(self) -> str:
        """Reader form under a heading of its year, which it does not repeat: '11 December',
        'mid-July', 'c. August'; a date of the year alone says so."""
        if not self.month:
            return "about this year" if self.approximate else "year only"
        month = MONTHS[self.month - 1]
        text = f"{self.day} {month}" if self.day else f"{self.part}-{month}" if self.part else month
        return f"c. {text}" if self.approximate else text

    @property
    def qualifier(self) -> str:
        """What a reader must know about its certainty, or ''."""
        if self.said and self.inferred:
            return "year inferred"
        if self.inferred:
            return "inferred"
        if self.approximate:
            return "approximate"
        return ""

    @property
    def text(self) -> str:
        return f"{self.label} ({self.qualifier})" if self.qualifier else self.label


@lru_cache(maxsize=4096)
def parse_date(text: str) -> DateValue:
    """Parse 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD', checking it is a real calendar date.

    Cached: a large dossier repeats a few thousand dates many times, and a
    `DateValue` is immutable, so one may be shared. (Errors are not cached.)
    """
    match = _ISO.match(text.strip())
    if not match:
        raise DateError(f"'{text}' is not a date; expected YYYY, YYYY-MM or YYYY-MM-DD" + _digits_hint(text))
    year, month, day = (int(g) if g else None for g in match.groups())
    if not year:
        raise DateError(f"'{text}' has year 0000")
    if month is not None and not 1 <= month <= 12:
        raise DateError(f"'{text}' has month {month}; months run from 01 to 12")
    if day is not None:
        assert month is not None
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise DateError(f"'{text}' has day {day}; {MONTHS[month - 1]} {year} has {last} days")
    return DateValue(year, month, day)


def parse_said(text: str) -> DateValue:
    """Parse a source's yearless wording ('last December 11', 'mid-July', 'in August')."""
    match = _SAID.match(" ".join(text.split()))
    if not match:
        raise DateError(f"cannot read '{text}' as a date; expected wording like "
                        "'July 19', 'last December 11', 'mid-July' or 'in August'" + _digits_hint(text))
    month = MONTHS.index(match["month"].capitalize()) + 1
    day_text = match["day1"] or match["day2"]
    day = int(day_text) if day_text else None
    if day is not None and not 1 <= day <= 31:
        raise DateError(f"'{text}' has day {day}")
    longest = calendar.monthrange(2000, month)[1]  # 2000 is a leap year: the most days a month can have
    if day is not None and day > longest:
        raise DateError(f"'{text}' has day {day}, but {MONTHS[month - 1]} never has more than {longest} days")
    part = match["part"].lower() if match["part"] else None
    if part and day:
        raise DateError(f"'{text}' gives both a day and a part of the month")
    return DateValue(None, month, day, part, said=text)


def _digits_hint(text: str) -> str:
    """Why a date that reads well is refused: a digit that is not 0-9 (full-width, Arabic-Indic ...)."""
    other = next((c for c in text if c.isdigit() and not c.isascii()), None)
    if other is None:
        return ""
    return f", in the digits 0-9 ('{other}' is U+{ord(other):04X} {unicodedata.name(other, 'a digit')})"


def resolve_said(date: DateValue, source_date: DateValue | None, source_title: str) -> DateValue:
    """Give a yearless date the year that puts it latest on or before the source's date."""
    if date.year is not None or source_date is None:
        return date
    month = date.month or 1
    source_month = source_date.month or 12
    source_day = source_date.day or 31
    year = source_date.year or 0
    if (month, date.day or PARTS.get(date.part or "", 1)) > (source_month, source_day):
        year -= 1
    if year < 1:
        raise UnresolvableDate(f"'{date.said}' has no year, and the latest such date on or before its source's "
                               f"date ({source_date.text}, {source_title}) would be in year 0, which does not "
                               "exist; give the date with its year as `value:`")
    if year and date.day:
        last = calendar.monthrange(year, month)[1]
        if date.day > last:
            raise DateError(f"'{date.said}' resolves to {year}, whose {MONTHS[month - 1]} has {last} days")
    dated = f"{source_date.label}, {source_title}" + ("; that date is itself inferred, as its page says"
                                                      if source_date.inferred else "")
    basis = (f"The source says '{date.said}' without a year; {year} is the latest such date "
             f"on or before the source's date ({dated}).")
    if date.inferred:
        basis = f"{basis} {date.inferred}"
    return replace(date, year=year, inferred=basis)


@quick_init
@dataclass(frozen=True, slots=True)
class Period:
    """When a relation held: `start` and `end` may each be unknown; `ongoing` means 'to present'."""

    start: DateValue | None = None
    end: DateValue | None = None
    ongoing: bool = False

    @property
    def text(self) -> str:
        start = self.start.text if self.start else ""
        end = "present" if self.ongoing else (self.end.text if self.end else "")
        if start and end:
            return f"{start} – {end}"
        if start:
            return f"from {start}"
        if end:
            return f"until {end}"
        return ""
