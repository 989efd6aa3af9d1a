"""Words: dates and relations in the few characters a drawing has room for.

SVG text does not wrap, and a drawing must read on a phone, so labels are cut and
wrapped here by counting characters: '11 Dec 2015?', 'Aug 2015 – present', a name
over two lines. The full wording is always in the list beside the drawing.
"""

from __future__ import annotations

from ..core.dates import MONTHS, DateValue
from ..core.model import Relation

SHORT_MONTHS = [month[:3] for month in MONTHS]


def short_date(date: DateValue) -> str:
    """A date in few characters, for drawings: '11 Dec 2015', 'mid-Jul 2016', 'c. 2000', with '?' if inferred."""
    text = date.wording(SHORT_MONTHS)
    return f"{text}?" if date.inferred else text


def relation_dates(relation: Relation) -> list[DateValue]:
    return [d for d in (relation.on, relation.period.start, relation.period.end) if d]


def when(relation: Relation) -> str:
    """A relation's date in few words: '11 Dec 2015?', 'Aug 2015 – present', 'until Aug 2015?'."""
    if relation.on:
        return short_date(relation.on)
    period = relation.period
    start = short_date(period.start) if period.start else ""
    end = "present" if period.ongoing else short_date(period.end) if period.end else ""
    if start and end:
        return f"{start} – {end}"
    return f"from {start}" if start else f"until {end}" if end else ""


def label_lines(words: str, date: str, width: int) -> list[str]:
    """A label and its date, wrapped; the date is kept whole, on the last line or a line of its own."""
    lines = wrap(words, width)
    if not date:
        return lines
    if len(lines[-1]) + 3 + len(date) <= width:
        return [*lines[:-1], f"{lines[-1]} · {date}"]
    return [*lines, date]


def wrap(words: str, width: int, lines: int = 2) -> list[str]:
    """Words broken into at most `lines` lines of at most `width` characters (SVG text does not wrap);
    what does not fit ends in an ellipsis."""
    if len(words) <= width:
        return [words]
    out = pack(words.split(), width)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1] + " …"
    return [clip(one, width) for one in out]


def pack(pieces: list[str], width: int, separator: str = " ") -> list[str]:
    """Pieces joined by `separator` into lines of at most `width` characters, greedily (a piece
    longer than `width` has a line of its own, as it is)."""
    out: list[str] = []
    current = ""
    for piece in pieces:
        if current and len(current) + len(separator) + len(piece) > width:
            out.append(current)
            current = piece
        else:
            current = f"{current}{separator}{piece}" if current else piece
    out.append(current)
    return out


def clip(words: str, limit: int) -> str:
    """Words cut to `limit` characters, with an ellipsis if cut."""
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"
