"""Memory given back between stages (see `core.memory`): on glibc, through its `malloc_trim`."""

from __future__ import annotations

import os
import platform

import pytest

from dossier.core import memory


def resident_bytes() -> int:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="malloc_trim is glibc's")
def test_the_pages_glibc_holds_free_are_given_back():
    blocks = [bytearray(8192) for _ in range(20_000)]  # 160 MB from the C allocator's heap, touched
    kept = blocks[::50]  # a block kept every 400 KB: the heap cannot shrink from its top alone
    del blocks
    before = resident_bytes()
    memory.release_free_memory()
    assert resident_bytes() < before - 100 * 2**20
    assert len(kept) == 400
