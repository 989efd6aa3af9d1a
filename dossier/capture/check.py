"""Check sources: whether each source's address still gives what was captured and cited.

Takes a project (and, optionally, the ids to check); fetches each source's `url` again,
as `add-source` does, and gives a `SourceCheck` for each: gone (an HTTP error status, a
host that no longer resolves), not checkable this time (a time-out, a refused connection,
a redirect elsewhere), changed (the text of the page is not the text at capture, or, for
a source never captured, not its `text`), and, for a page that answers, every quote the
dossier cites from it that its live text no longer holds (reference rot), found by
validation's own matcher. Only `dossier check-sources` runs this: it is the one command
besides `add-source` that uses the network.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..build.read import read_dossier
from ..core.archive import extracted_paragraphs, parse_content_type, sniff
from ..core.model import Citation, Dossier, EntityId, Source
from ..core.project import Project
from ..validate.citations import normalise, split_source
from ..validate.quotecheck import check_citation
from .extract import ExtractError, extract
from .fetch import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, FetchError, fetch

CHANGED, LOST, GONE, UNCHECKED = 4, 8, 16, 32
"""Exit code bits: a page's text changed, a cited quote is no longer in it, an address is gone,
an address could not be checked this time. 0: every source answered as captured."""


@dataclass
class SourceCheck:
    source_id: str
    url: str
    state: str
    """'ok', 'changed', 'gone' or 'unchecked'."""
    detail: str
    lost: list[Citation] = field(default_factory=list)
    cited: int = 0

    @property
    def bits(self) -> int:
        bits = {"changed": CHANGED, "gone": GONE, "unchecked": UNCHECKED}.get(self.state, 0)
        return bits | (LOST if self.lost else 0)


def check_sources(project: Project, only: list[str] | None = None, timeout: float = DEFAULT_TIMEOUT,
                  max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[list[SourceCheck], list[str]]:
    """Each source with a `url` (of those named in `only`, if given) checked; and the ids in `only`
    that are not sources with a url."""
    dossier, _ = read_dossier(project.content_dir, archive_dir=project.archive_dir)
    wanted = only or sorted(dossier.sources)
    missing = [i for i in wanted if i not in dossier.sources or not dossier.sources[EntityId(i)].url]
    cites = _citations_by_source(dossier)
    results = [check_source(dossier.sources[EntityId(i)], cites.get(EntityId(i), []), timeout, max_bytes)
               for i in wanted if i not in missing]
    return results, missing


def check_source(source: Source, cites: list[Citation], timeout: float, max_bytes: int) -> SourceCheck:
    url = source.url or ""
    try:
        exchanges = fetch(url, timeout, max_bytes)
    except FetchError as exc:
        return SourceCheck(source.id, url, "gone" if exc.gone else "unchecked", str(exc), cited=len(cites))
    page = exchanges[-1]
    media_type, charset = parse_content_type(page.header("Content-Type") or "")
    try:
        live = extract(page.body, sniff(page.body, media_type), charset)
    except ExtractError as exc:
        return SourceCheck(source.id, url, "changed", f"the page answers, but {exc}", list(cites), len(cites))
    live_text = "\n\n".join(live.paragraphs)
    split = split_source(live_text)
    lost = [c for c in cites if check_citation(split, c, nearest=False)[0] is None]
    copy = source.archive
    then = extracted_paragraphs(copy.extracted) if copy is not None else source.text
    same_bytes = copy is not None and hashlib.sha256(page.body).hexdigest() == copy.sha256
    if normalise(live_text) == normalise(then):
        detail = ("the same bytes as the copy" if same_bytes else
                  "the same text as " + ("the copy" if copy is not None else "the record's text"))
        return SourceCheck(source.id, url, "ok", detail, lost, len(cites))
    since = f"the copy of {copy.retrieved}" if copy is not None else "the record's text (never captured)"
    return SourceCheck(source.id, url, "changed", f"the text differs from {since}", lost, len(cites))


def _citations_by_source(dossier: Dossier) -> dict[EntityId, list[Citation]]:
    """Every distinct citation of the dossier (quote, prefix, suffix), by source, in record order."""
    found: dict[EntityId, dict[tuple[str, str | None, str | None], Citation]] = {}
    for citation in _citations(dossier):
        found.setdefault(citation.source, {}).setdefault((citation.quote, citation.prefix, citation.suffix), citation)
    return {source: list(by_words.values()) for source, by_words in found.items()}


def _citations(dossier: Dossier) -> Iterator[Citation]:
    for entity in dossier.entities.values():
        for facts in (entity.summary, entity.aliases, *(facts for _, facts in entity.fields)):
            for fact in facts:
                yield from fact.cites
        for relation in entity.relations:
            yield from relation.cites
        for quote in entity.quotes:
            if quote.cite is not None:
                yield quote.cite
    for event in dossier.events:
        yield from event.cites
