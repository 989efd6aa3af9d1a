"""Cells: CSV files that a spreadsheet opens as data, never as formulas.

Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` (and some a cell that starts
with a tab or a carriage return) as a formula, and content is untrusted: such a cell is
written with a leading apostrophe, which spreadsheets take as "this is text" and hide. So
that a program can undo it, a cell that itself starts with an apostrophe gets one too: to
read a cell's value, drop one leading apostrophe if there is one. Files are
UTF-8 without a byte-order mark, with a header row, `\\n` line endings and every cell
quoted only where CSV needs it.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Iterable, Sequence

from .lines import Chunks, encoded_lines

FORMULA_STARTS = "=+-@\t\r"
ESCAPED_STARTS = FORMULA_STARTS + "'"


def neutralise(cell: str) -> str:
    """The cell as text a spreadsheet will not evaluate (and an apostrophe escaped, so it reads back)."""
    return "'" + cell if cell and cell[0] in ESCAPED_STARTS else cell


def cell(text: str) -> str:
    """A cell as a CSV line holds it: neutralised, then quoted where CSV needs it, as Python's csv
    module quotes (QUOTE_MINIMAL; a carriage return is quoted too, lest a reader end the line there)."""
    if not text:
        return text
    if text[0] in ESCAPED_STARTS:
        text = "'" + text
    if '"' in text or "," in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_chunks(columns: Sequence[tuple[str, str]], rows: Iterable[list[str]], trusted: Collection[str] = ()) -> Chunks:
    """A CSV file: the header (each column's name), then each row's cells through `cell`.

    `trusted` names columns the engine fills from ids, codes and words of its own, never
    from content: they hold no character CSV must quote and cannot start a formula, so
    they are written as they are. Rows may be changed in place.
    """
    checked = [i for i, (name, _) in enumerate(columns) if name not in trusted]
    if len(checked) == len(columns):  # every cell checked: one call for the row
        return csv_from_lines(columns, (",".join(map(cell, row)) for row in rows))
    return csv_from_lines(columns, (_line(row, checked) for row in rows))


def _line(row: list[str], checked: list[int]) -> str:
    for i in checked:
        row[i] = cell(row[i])
    return ",".join(row)


def csv_from_lines(columns: Sequence[tuple[str, str]], lines: Iterable[str]) -> Chunks:
    """A CSV file from its rows already written as lines (each cell through `cell`)."""
    return encoded_lines(itertools.chain([",".join(name for name, _ in columns)], lines))


def flag(value: bool) -> str:
    """A yes/no cell: 'true', or empty for no (or does not apply)."""
    return "true" if value else ""


def joined(values: Iterable[str]) -> str:
    """Several values in one cell of a plain table."""
    return " | ".join(values)
