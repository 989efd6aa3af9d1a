"""Outputs: where rendered files go, as `render` makes them.

`InMemory` keeps each file's bytes (for `serve`, the MkDocs plugin and tests);
`IntoFolder` writes each file as soon as it is rendered, in whichever process
rendered it, and keeps only what the link check needs, so building a large site
holds no page in memory.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .atomic import write_chunks, write_file
from .linkcheck import PageLinks, page_links


class InMemory:
    def put(self, path: str, data: bytes) -> bytes:
        return data

    def put_chunks(self, path: str, chunks: Iterable[bytes]) -> bytes:
        return b"".join(chunks)

    def kept(self, found: bytes) -> bytes:
        return found


@dataclass(frozen=True)
class IntoFolder:
    folder: Path
    _shared: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)
    """Each id and href kept, once (see `kept`)."""

    def put(self, path: str, data: bytes) -> PageLinks | None:
        write_file(self.folder, path, data)
        return page_links(data) if path.endswith(".html") else None

    def put_chunks(self, path: str, chunks: Iterable[bytes]) -> None:
        """A large file that is not a page (a data export), written as its chunks come."""
        write_chunks(self.folder, path, chunks)

    def kept(self, found: PageLinks | None) -> PageLinks | None:
        """A page's links as the main process keeps them until the link check: each id and href
        one object shared by every page that has it. Most recur on many pages (the navigation,
        the assets, the profiles a page links to, the citations' ids): held once per page as
        the workers send them, they were 27 KB a page, 3 GB at 100,000 entities."""
        if found is None:
            return None
        shared = self._shared.setdefault
        return PageLinks(frozenset([shared(i, i) for i in found.ids]), tuple([shared(h, h) for h in found.hrefs]))
