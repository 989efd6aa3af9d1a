"""Memory: the C allocator's free pages given back to the system between the stages of a run.

A stage lets go of much that the next never needs: reading, the bytes of every file and what
the cache stores of it; validating, the raw records and the place of every value; the data
exports, their rows. Python hands what it frees to the C allocator, and glibc's keeps most of
it: the process stays as large as the stage's peak, and the next stage's peak is built on top
of it (at 10,000 entities, about 100 MB after reading and as much after the exports).
`release_free_memory` asks glibc to give it back (`malloc_trim`), which takes a few
milliseconds. Where the C library has no such call, it does nothing.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable


def _malloc_trim() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL(None).malloc_trim  # type: ignore[no-any-return]
    except (OSError, AttributeError):  # not glibc
        return None


_trim = _malloc_trim()


def release_free_memory() -> None:
    """Give the pages the C allocator holds free back to the system (see the module docstring)."""
    if _trim is not None:
        _trim(0)
