"""Lines: a large text file's bytes made from its lines, a few thousand at a time.

A file is handed on as the chunks of its encoded lines (`Chunks`), which the caller writes
as they come: at 10,000 entities the statements table is 150 MB, and a file made whole
would be held whole, beside the model, at the build's peak of memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

BATCH = 4096

Chunks = Iterator[bytes]
"""A file's bytes, in order, made as they are asked for."""


def encoded_lines(lines: Iterable[str]) -> Chunks:
    """The lines, each ended by '\\n', as UTF-8, `BATCH` lines a chunk."""
    batch: list[str] = []
    for line in lines:
        batch.append(line)
        if len(batch) == BATCH:
            yield ("\n".join(batch) + "\n").encode("utf-8")
            batch = []
    if batch:
        yield ("\n".join(batch) + "\n").encode("utf-8")
