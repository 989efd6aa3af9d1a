"""Progress: what a long run tells a person watching it at a terminal, stage by stage.

At 10,000 entities a build runs for half a minute; in silence, it looks stuck. Each
stage says what it did, with counts and time, once it is done; a stage that counts
its steps (rendering) draws a bar meanwhile. When the output is not a terminal (a
log, CI, a pipe), nothing is printed: `SILENT` is the default everywhere.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from .timings import timed

BAR_WIDTH = 24
REDRAW_SECONDS = 0.1


class Stage:
    """One stage under way: count its steps with `advance`, and say what it did with `done`."""

    def __init__(self, progress: Progress, doing: str, total: int, unit: str):
        self.progress, self.doing, self.total, self.unit = progress, doing, total, unit
        self.count = 0
        self.summary = doing
        self.started = self._drawn = time.perf_counter()

    def advance(self, steps: int = 1) -> None:
        self.count += steps
        now = time.perf_counter()
        if self.progress.enabled and self.total and now - self._drawn >= REDRAW_SECONDS:
            self._drawn = now
            filled = BAR_WIDTH * min(self.count, self.total) // self.total
            self.progress.line(f"{self.doing} [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] "
                               f"{self.count:,}/{self.total:,} {self.unit}")

    def done(self, summary: str) -> None:
        """What the stage did, e.g. 'read 21,004 files': printed with its time when it ends."""
        self.summary = summary


class Progress:
    """Reports stages to `stream` if it is a terminal, else says nothing."""

    def __init__(self, stream: TextIO | None = None):
        self.stream = stream
        self.enabled = bool(stream is not None and stream.isatty())

    @classmethod
    def for_terminal(cls) -> Progress:
        return cls(sys.stderr)

    @contextmanager
    def stage(self, doing: str, total: int = 0, unit: str = "") -> Iterator[Stage]:
        """A stage: while it runs, '<doing>…' (a bar if it has a `total`); after, '<summary> in Ns'."""
        stage = Stage(self, doing, total, unit)
        if self.enabled:
            self.line(f"{doing}…")
        with timed(doing):
            yield stage
        if self.enabled:
            self.line(f"{stage.summary} in {time.perf_counter() - stage.started:.1f}s", end="\n")

    def line(self, text: str, end: str = "") -> None:
        """Rewrite the terminal's current line."""
        assert self.stream is not None
        self.stream.write(f"\r\x1b[2K{text}{end}")
        self.stream.flush()


SILENT = Progress()


def counted(n: int, noun: str, nouns: str = "") -> str:
    """'1 note', '2 notes', '21,004 records'."""
    return f"{n:,} {noun if n == 1 else nouns or noun + 's'}"
