"""Words: dates, relations and their qualifiers in the few characters a drawing has room for.

SVG text does not wrap, and a drawing must read on a phone, so labels are cut and
wrapped here by counting characters: '11 Dec 2015?', 'Aug 2015 – present', a name
over two lines. The words are the statement's (`link.wording`), with short month names;
its qualifiers are the statement's marks ('est.', 'ed.', 'per Viktor Mikhailov', 'B2'),
the same in every drawing and explained in each legend. The full wording is always in
the list beside the drawing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..core.dates import MONTHS, DateValue
from ..core.model import Ending, Event, Relation
from ..core.statement import NO_QUALIFIERS, Statement
from ..link import wording

SHORT_MONTHS = [month[:3] for month in MONTHS]
MARK_SEPARATOR = " · "


def short_date(date: DateValue) -> str:
    """A date in few characters, for drawings: '11 Dec 2015', 'mid-Jul 2016', 'c. 2000', with '?' if inferred."""
    return wording.date_words(date, SHORT_MONTHS, marks=True)


def relation_dates(relation: Relation) -> list[DateValue]:
    """Every date a relation gives: its own, each alternative of a disputed one, since when it is unknown."""
    dates = [d for d in (relation.on, relation.period.start, relation.period.end, relation.as_of) if d]
    dates += [f.value for part in ("on", "from", "to", "as_of") for f in relation.alternatives(part)
              if isinstance(f.value, DateValue) and f.value is not None]
    unknown = relation.unknown_since
    return dates + [unknown] if unknown else dates


def when(relation: Relation, ending: bool = True) -> str:
    """A relation's date in few words: '11 Dec 2015?', 'Aug 2015 – present', 'until Aug 2015?',
    'from 2012; unknown since 11 Dec 2015?', '11 Dec 2015 or early-Nov 2015'; without its end (`ending`
    false), where the sources say how it ended (`ending_when`)."""
    return wording.when(relation, SHORT_MONTHS, marks=True, ending=ending)


def ending_when(relation: Relation) -> str:
    """How a relation is known to end, in few words: 'ended c. 14 Jun 2016?', 'unknown since 11 Dec 2015?'; ''."""
    fact = relation.ended
    return wording.ending_words(fact.value, SHORT_MONTHS, marks=True) if fact and isinstance(fact.value, Ending) else ""


def ending_of(statement: Statement | None, statements: Mapping[str, Statement]) -> Statement | None:
    """How a relation is known to end ('ended', 'unknown since'), the statement of its own the statement model
    makes of it, with its own support and qualifiers; None if the sources give no end."""
    if statement is None or statement.kind != "relation" or getattr(statement.value, "ended", None) is None:
        return None  # nearly every relation: no end given, and no statement to look up (a page would record it)
    return statements.get(f"{statement.id}.ended")


def when_marked(relation: Relation, statement: Statement | None, statements: Mapping[str, Statement]) -> str:
    """A relation's date in few words with its statement's marks; where it is known to end, the end as its own
    statement gives it, with that statement's marks, so a drawing names whose word an end rests on:
    'from Aug 2015; ended c. 14 Jun 2016? · per Self-identified IMU survivors · 2'."""
    ending = ending_of(statement, statements)
    end_words = ending_when(relation)
    if ending is None or not end_words:
        return with_marks(when(relation), statement)
    start = with_marks(when(relation, ending=False), statement)
    end = with_marks(end_words, ending)
    return f"{start}; {end}" if start else end


def with_endings(statements: Iterable[Statement | None], all_statements: Mapping[str, Statement]
                 ) -> list[Statement | None]:
    """Some relations' statements and the statements of their ends: whose marks a drawing's legend explains."""
    found = list(statements)
    return found + [ending for s in found if (ending := ending_of(s, all_statements)) is not None]


def event_dates(event: Event) -> list[DateValue]:
    """An event's date, or each date its sources give."""
    return [f.value for f in event.alternatives("date") if isinstance(f.value, DateValue)] or [event.date]


def event_when(event: Event, months: list[str] = SHORT_MONTHS) -> str:
    """An event's date, or each date its sources give: '11 Dec 2015?', '11 Dec 2015 or early-Nov 2015'."""
    return " or ".join(wording.date_words(d, months, marks=True) for d in event_dates(event))


def marks(statement: Statement | None) -> str:
    """A statement's qualifiers as a drawing gives them: 'est. · per Viktor Mikhailov · B2', or ''."""
    if statement is None or statement.qualifiers is NO_QUALIFIERS:
        return ""
    return MARK_SEPARATOR.join(statement.qualifiers.marks)


MARK_KINDS = ("c.", "?", "est.", "ed.", "per", "disputed", "B2")
"""Every kind of mark, in the order legends list them."""


def mark_kinds(statements: Iterable[Statement | None]) -> tuple[str, ...]:
    """The kinds of mark some statements give, in legend order: what a drawing's legend explains."""
    used: set[str] = set()
    for statement in statements:
        if statement is not None and statement.qualifiers is not NO_QUALIFIERS:
            q = statement.qualifiers
            used.update(q.mark_kinds)
            if q.approximate:
                used.add("c.")  # on its date: 'c. 2000'
            if q.dates_inferred:
                used.add("?")  # on its date: 'Aug 2015?'
    return tuple(kind for kind in MARK_KINDS if kind in used)


def pieces(text: str, statement: Statement | None) -> list[str]:
    """Words and marks as the pieces a line may break between: a mark keeps its '·' ('· per Viktor Mikhailov')."""
    words = text.split(" ") if text else []
    marks = list(statement.qualifiers.marks) if statement else []
    if not words and marks:
        words, marks = [marks[0]], marks[1:]
    return words + [f"· {mark}" for mark in marks]


def with_marks(text: str, statement: Statement | None) -> str:
    """Words followed by the statement's marks: 'member of, as of c. 2000? · per Viktor Mikhailov'."""
    extra = marks(statement)
    return f"{text}{MARK_SEPARATOR}{extra}" if extra and text else extra or text


def label_lines(words: str, date: str, width: int) -> list[str]:
    """A label and its date (with its marks, after ' · '), wrapped; the date is kept whole, on the last line
    or a line of its own (broken after a semicolon only where it is longer than a line), and its marks
    follow it, on further lines if they do not fit."""
    lines = wrap(words, width)
    if not date:
        return lines
    if len(lines[-1]) + 3 + len(date) <= width:
        return [*lines[:-1], f"{lines[-1]} · {date}"]
    packed = pack(date.split(MARK_SEPARATOR), width, MARK_SEPARATOR)
    return [*lines, *(part for line in packed for part in _at_semicolons(line, width))]


def _at_semicolons(line: str, width: int) -> list[str]:
    """A line too long (a piece `pack` left whole) broken after its semicolons, each part whole:
    'leader, from 2012;' then 'unknown since 11 Dec 2015?'. Any other line as it is."""
    if len(line) <= width or "; " not in line:
        return [line]
    parts = line.split("; ")
    return [f"{part};" for part in parts[:-1]] + [parts[-1]]


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
