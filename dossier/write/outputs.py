"""Outputs: where rendered files go, as `render` makes them.

`InMemory` keeps each file's bytes (for `serve`, the MkDocs plugin and tests);
`IntoFolder` writes each file as soon as it is rendered, in whichever process
rendered it, and keeps only what the link check needs, so building a large site
holds no page in memory.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .atomic import write_chunks, write_file
from .linkcheck import PageLinks, page_links


class InMemory:
    def put(self, path: str, data: bytes) -> bytes:
        return data

    def put_chunks(self, path: str, chunks: Iterable[bytes]) -> bytes:
        return b"".join(chunks)


@dataclass(frozen=True)
class IntoFolder:
    folder: Path

    def put(self, path: str, data: bytes) -> PageLinks | None:
        write_file(self.folder, path, data)
        return page_links(data) if path.endswith(".html") else None

    def put_chunks(self, path: str, chunks: Iterable[bytes]) -> None:
        """A large file that is not a page (a data export), written as its chunks come."""
        write_chunks(self.folder, path, chunks)
