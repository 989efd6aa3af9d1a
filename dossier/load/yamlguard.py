"""YAML guard: a cheap pass over a file's parse events before any tree is built.

Composing YAML into nodes is where hostile files hurt: libyaml's composer
recurses in C and crashes the interpreter on a few tens of thousands of nested
brackets (a 100 KB file), a tree of a few hundred thousand values takes many
seconds to build, and a composed alias is one shared node, so the place of
each `*alias` is lost. The parser's event stream is flat and lazy, so walking
it stops at the first problem having read only that far. Records are shallow
and small (the largest real one has under 200 values, 5 levels deep), so the
limits below are far from anything an editor writes.

Before that pass, `without_unicode_line_breaks` takes out the characters YAML reads as line
breaks where an editor shows none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

MAX_DEPTH = 20
"""Levels of nested mappings and lists a file may have."""
MAX_VALUES = 20_000
"""Values (scalars, lists, mappings) a file may have."""
TOO_DEEP = f"values are nested more than {MAX_DEPTH} levels deep; records need a handful"

SMALL_FILE = 10_000
"""Characters below which a file without aliases cannot hurt the composer, so `needs_preflight`
lets it skip this pass: each level of nesting takes a character (the composer crashes above
20,000 levels), and a few thousand values compose in milliseconds. Depth is still limited, by
the loader as it converts the tree. Almost every record is this small."""

_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_OPEN = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSE = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
_VALUE = (yaml.ScalarEvent, yaml.AliasEvent) + _OPEN


@dataclass(frozen=True)
class Problem:
    """Why a file must not be composed, at a 1-based line and column."""

    line: int
    column: int
    code: str
    message: str


def needs_preflight(text: str) -> bool:
    """Whether `text` may be too deep, too large or hold aliases, and must go through `preflight`."""
    return len(text) >= SMALL_FILE or "*" in text


def preflight(text: str) -> list[Problem]:
    """Problems that stop a file from being composed: too deep, too many values, aliases, merge keys.

    Syntax errors are left to the composer, which meets them at the same place
    (this pass has checked everything before it).
    """
    problems: list[Problem] = []
    values = 0
    mapping_children: list[int | None] = []  # per open collection: children so far if a mapping
    after_merge_key = False
    try:
        for event in yaml.parse(text, Loader=_Parser):
            if isinstance(event, _CLOSE):
                mapping_children.pop()
                continue
            if not isinstance(event, _VALUE):
                continue
            values += 1
            if values > MAX_VALUES:
                return problems + [_at(event, "yaml.too-many-values",
                                       f"file has more than {MAX_VALUES:,} values; a record is far smaller, "
                                       "so this is not one (split it, or move long text into one field)")]
            is_key = bool(mapping_children) and mapping_children[-1] is not None and mapping_children[-1] % 2 == 0
            if mapping_children and mapping_children[-1] is not None:
                mapping_children[-1] += 1
            if isinstance(event, yaml.AliasEvent) and not after_merge_key:
                problems.append(_at(event, "yaml.alias",
                                    f"YAML alias '*{event.anchor}' is not supported; write the value out"))
            after_merge_key = (is_key and isinstance(event, yaml.ScalarEvent) and event.value == "<<"
                               and event.implicit[0])
            if after_merge_key:
                problems.append(_at(event, "yaml.merge",
                                    "YAML merge keys (<<) are not supported; write the fields out"))
            if isinstance(event, _OPEN):
                mapping_children.append(0 if isinstance(event, yaml.MappingStartEvent) else None)
                if len(mapping_children) > MAX_DEPTH:
                    return problems + [_at(event, "yaml.too-deep", TOO_DEEP)]
    except yaml.YAMLError:
        pass
    return problems


def _at(event: yaml.Event, code: str, message: str) -> Problem:
    mark = event.start_mark
    if mark is None:
        return Problem(1, 1, code, message)
    return Problem(mark.line + 1, mark.column + 1, code, message)


_UNICODE_LINE_BREAKS = {"\u2028": "LINE SEPARATOR", "\u2029": "PARAGRAPH SEPARATOR", "\x85": "NEXT LINE"}
_UNICODE_LINE_BREAK = re.compile(f"[{''.join(_UNICODE_LINE_BREAKS)}]")


def without_unicode_line_breaks(text: str) -> tuple[str, Problem | None]:
    """The text with U+2028, U+2029 and U+0085 made spaces, and the problem at the first, if any.

    YAML reads each as a line break, where an editor shows none: a line that looks whole is cut
    in two, the parser's error lands on a line that looks fine, and the file's record is lost,
    so every record that names it gives an error too. With spaces in their place (the same
    number of characters, so every other place holds) the file is read on, and the one
    problem fails the run."""
    if "\u2028" not in text and "\u2029" not in text and "\x85" not in text:  # three searches in C, a
        return text, None  # thousand times as quick as the class's over a long text
    found = _UNICODE_LINE_BREAK.search(text)
    if found is None:
        return text, None
    at, char = found.start(), found.group()
    line, column = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
    more = len(_UNICODE_LINE_BREAK.findall(text)) - 1
    message = (f"U+{ord(char):04X} {_UNICODE_LINE_BREAKS[char]} (an invisible character) is read by YAML as a "
               "line break, so the line would end here; put a space or a real line break in its place"
               + (f" ({more} more in this file)" if more else ""))
    return _UNICODE_LINE_BREAK.sub(" ", text), Problem(line, column, "yaml.line-break", message)
