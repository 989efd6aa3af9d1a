"""Diagnostics: every problem found in content, as data with a place and a code.

Stages append to a `Diagnostics` collector instead of raising, so a run reports
every error at once; the CLI prints them and exits 1, the MkDocs plugin logs them.
Every code is defined in `codes.py`; a diagnostic with any other code, or at
another severity than its code's, raises `codes.UnregisteredCode`. A diagnostic
prints as one line with hidden characters escaped, so content it quotes can
neither split the line nor reach a terminal raw.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from .characters import printable
from .codes import Severity, require_registered
from .frozen import quick_init


@quick_init
@dataclass(frozen=True, order=True, slots=True)
class Pos:
    """A place in a content file: path relative to the dossier root, 1-based line and column."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.path
        return f"{self.path}:{self.line}:{self.column}" if self.column else f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Diagnostic:
    pos: Pos
    severity: Severity
    message: str
    code: str

    def __post_init__(self) -> None:
        require_registered(self.code, self.severity)  # every code is defined in codes.py, once

    def __str__(self) -> str:
        """One line, whatever the content quoted in it holds (see `characters.printable`)."""
        return printable(f"{self.pos}: {self.severity}: {self.message} [{self.code}]")


@dataclass
class Diagnostics:
    """Collects diagnostics; sorted by place when read so output is stable."""

    items: list[Diagnostic] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    """How many diagnostics of each code so far: a costly hint can stop being given past a limit."""

    def error(self, pos: Pos, code: str, message: str) -> None:
        self.items.append(Diagnostic(pos, "error", clip_quoted(message), code))
        self.counts[code] += 1

    def warning(self, pos: Pos, code: str, message: str) -> None:
        self.items.append(Diagnostic(pos, "warning", clip_quoted(message), code))
        self.counts[code] += 1

    def extend(self, other: Iterable[Diagnostic]) -> None:
        added = list(other)
        self.items.extend(added)
        self.counts.update(d.code for d in added)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.sorted() if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.sorted() if d.severity == "warning"]

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items, key=lambda d: (d.pos, d.code, d.message))


class DossierError(Exception):
    """The one exception base: raised with the diagnostics that stopped a run."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__("\n".join(str(d) for d in diagnostics))


_LONG_QUOTED = re.compile(r"(?<![\w'])'([^'\n]{100})[^'\n]{20,}'(?!\w)")


def passing(found: list[Diagnostic], ignore: frozenset[str], strict: bool) -> list[Diagnostic]:
    """The warnings not in `ignore`; DossierError if the diagnostics fail a run."""
    errors = [d for d in found if d.severity == "error"]
    warnings = [d for d in found if d.severity == "warning" and d.code not in ignore]
    if errors or (strict and warnings):
        raise DossierError(errors + warnings)
    return warnings


def clip_quoted(message: str) -> str:
    """Messages quote the editor's values; a hostile 1 MB value must not make a 1 MB line."""
    return _LONG_QUOTED.sub(lambda m: f"'{m.group(1)}…'", message)


def did_you_mean(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str:
    """' Did you mean 'x'?' for the closest choice, or '' when nothing is close."""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return f" Did you mean '{match[0]}'?" if match else ""


def format_report(diagnostics: list[Diagnostic], limit_per_code: int = 20) -> str:
    """Print-ready lines; repeats of one code beyond the limit collapse to '... and N more'."""
    lines: list[str] = []
    seen: dict[str, int] = {}
    for d in diagnostics:
        seen[d.code] = seen.get(d.code, 0) + 1
        if seen[d.code] <= limit_per_code:
            lines.append(str(d))
    for code, count in sorted(seen.items()):
        if count > limit_per_code:
            lines.append(f"... and {count - limit_per_code} more [{code}]")
    return "\n".join(lines)
