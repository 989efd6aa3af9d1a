"""Parsing shared out: the files a run must parse, parsed in a forked worker as well as here.

Takes the files to parse (each with its bytes, or to be read where it is parsed) and the function
that parses one; gives each file what it gave (a record or a note, its diagnostics, the digest of
its bytes), in order. A cold run of a large dossier parses tens of thousands of small files, each
on its own, for about a third of a `validate`; the worker is forked with the list of files (and
the bytes of those read before), so only each chunk's range of them is sent, and what it parsed
comes back pickled, which takes a tenth of the time of parsing it. A file no cache can have by
its bytes is read where it is parsed, so reading the files is shared out too. Below
`PARALLEL_FILES` starting a worker costs more than it saves.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from ..core.diagnostics import Diagnostic
from ..core.parallel import Workers

PARALLEL_FILES = 2000
"""Files to parse from which a worker shares the work (about 0.3 s of parsing)."""


def parse_files(steps: list[Any], parse: Callable[[Any], tuple[Any, list[Diagnostic], Any, bytes | None]]) -> None:
    """Parse each step with `parse`, setting its `item`, its `diagnostics` (its own, then the parse's),
    what it is `encoded` as for a cache and the `digest` of its bytes."""
    if not steps:
        return
    jobs = (os.cpu_count() or 1) if len(steps) >= PARALLEL_FILES else 1
    with Workers((parse, steps), len(steps), jobs, cycles=False) as workers:
        chunks = workers.chunks(range(len(steps)))  # type: ignore[arg-type]  # the worker has the steps: forked
        done = 0
        for chunk, results in zip(chunks, workers.map(_parse_chunk, chunks, at_once=True), strict=True):
            for index, (item, found, encoded, digest) in zip(chunk, results, strict=True):
                step = steps[index]
                step.item, step.diagnostics, step.encoded, step.digest = item, found, encoded, digest
            done += len(chunk)
    assert done == len(steps)


def _parse_chunk(job: tuple[Callable[[Any], tuple[Any, list[Diagnostic], Any, bytes | None]], list[Any]],
                 chunk: range) -> list[Any]:
    parse, steps = job
    return [parse(steps[index]) for index in chunk]
