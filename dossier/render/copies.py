"""Copies: what a reader sees of a source's archived copy, made from the linked dossier.

Each published copy gets a folder of the site, `archive/<id>/`: the capture file to
download (`<id>.warc.gz`), the copy itself where a browser can open it safely (a PDF
as `<id>.pdf`, plain text as `<id>.txt`), and a page, `index.html`, that describes
the capture and shows the copy. An archived web page is never a page of the site:
the viewer shows it made inert (`inert`: no script, no handler, nothing that loads or
links) in an `<iframe sandbox>` whose `srcdoc` holds it, which runs no script and
inherits the viewer's Content-Security-Policy, so that it loads nothing from anywhere
(no image, style, font or frame) even were something missed. The raw HTML is in the
capture file.

`copy_location` says where in the copy a cited sentence stands, where the format
allows: the page of a PDF (`#page=N`, which PDF viewers follow) or the line of a text
file; a web page's place cannot be addressed inside a sandboxed frame. It is given
only when the source's `text` is still the text extracted from the copy, so that
paragraph numbers agree.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..core.archive import HTML, PDF, TEXT, DecodeError, decode_text, paragraph_pages
from ..core.model import ArchivedCopy, Citation, Dossier, EntityId, Source, UrlPath
from ..validate.citations import split_source
from .inert import inert_html

COPY_FOLDER = "archive"
_SUFFIX = {PDF: ".pdf", TEXT: ".txt"}
_DESCRIBED = {HTML: "web page", PDF: "PDF document", TEXT: "text file"}
SRCDOC_POLICY = ('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; img-src data:; '
                 'style-src \'unsafe-inline\'; base-uri \'none\'; form-action \'none\'">'
                 '<meta http-equiv="x-dns-prefetch-control" content="off">'
                 '<meta name="referrer" content="no-referrer">')
"""Put before the archived page in its frame: a policy of its own, on top of the viewer's it inherits
(both apply), and no DNS look-ahead for the links it holds."""


def copy_page_url(source_id: str) -> UrlPath:
    return UrlPath(f"{COPY_FOLDER}/{source_id}/index.html")


def capture_url(copy: ArchivedCopy, source_id: str) -> UrlPath:
    return UrlPath(f"{COPY_FOLDER}/{source_id}/{source_id}.warc.gz")


def original_url(copy: ArchivedCopy, source_id: str) -> UrlPath | None:
    """The copy itself as the site carries it (a PDF, a text file); None for a web page."""
    suffix = _SUFFIX.get(copy.media_type)
    return UrlPath(f"{COPY_FOLDER}/{source_id}/{source_id}{suffix}") if suffix else None


def published(source: Source) -> ArchivedCopy | None:
    copy = source.archive
    return copy if copy is not None and copy.published else None


def copy_files(dossier: Dossier) -> Iterator[tuple[str, bytes]]:
    """The files of every published copy: the capture file, and the PDF or text file itself."""
    for source in dossier.sources.values():
        copy = published(source)
        if copy is None:
            continue
        yield capture_url(copy, source.id), copy.capture
        original = original_url(copy, source.id)
        if original:
            yield original, copy.payload


def copy_summary(source: Source) -> dict[str, Any] | None:
    """What the source page says of the copy: when and where it was taken, its hash, where to see it."""
    copy = source.archive
    if copy is None:
        return None
    return dict(
        retrieved=_utc(copy.retrieved), target=copy.target, sha256=copy.sha256, size=_size(copy.size),
        kind=_DESCRIBED.get(copy.media_type, copy.media_type), published=copy.published,
        page=copy_page_url(source.id) if copy.published else "",
        capture=capture_url(copy, source.id) if copy.published else "", capture_size=_size(copy.file_size),
        original=(original_url(copy, source.id) or "") if copy.published else "",
        edited=source.text_edited or "", same_text=source.text_is_copy,
    )


def copy_view(dossier: Dossier, source_id: str) -> dict[str, Any]:
    """The viewer page's data: the summary, and the copy as it is shown (a frame's HTML, or lines of text)."""
    source = dossier.sources[EntityId(source_id)]
    copy = source.archive
    assert copy is not None
    summary = copy_summary(source)
    frame, lines, problem = "", [], ""
    if copy.media_type in (HTML, TEXT):
        try:
            text, _ = decode_text(copy.payload, copy.media_type, copy.charset)
        except DecodeError as exc:
            text, problem = "", str(exc)
        if copy.media_type == HTML:
            frame = SRCDOC_POLICY + inert_html(text) if text else ""
        else:
            lines = text_lines(text)
    return dict(id=source.id, title=source.title, source_url=f"sources/{source.id}.html", media_type=copy.media_type,
                about=summary, frame=frame, lines=lines, problem=problem)


def copy_location(dossier: Dossier, citation: Citation) -> tuple[str, str]:
    """(the URL of the cited sentence's place in the source's copy, its label), or ('', '')."""
    source = dossier.sources.get(citation.source)
    copy = published(source) if source is not None else None
    if copy is None or source is None or not source.text_is_copy or not citation.sentences:
        return "", ""
    paragraph = split_source(source.text).sentences[citation.sentences[0] - 1].paragraph
    if copy.media_type == PDF:
        pages = paragraph_pages(copy.extracted)
        if paragraph < len(pages):
            page = pages[paragraph]
            return f"{original_url(copy, source.id)}#page={page}", f"page {page} of the PDF"
    elif copy.media_type == TEXT:
        line = _paragraph_lines(copy).get(paragraph)
        if line:
            return f"{copy_page_url(source.id)}#L{line}", f"line {line} of the copy"
    return "", ""


def _paragraph_lines(copy: ArchivedCopy) -> dict[int, int]:
    """Paragraph index -> the line (from 1) of the text file it starts on: paragraphs are the blocks
    between blank lines, as the capture extracted them."""
    try:
        text, _ = decode_text(copy.payload, copy.media_type, copy.charset)
    except DecodeError:
        return {}
    found: dict[int, int] = {}
    in_block = False
    for number, line in enumerate(text_lines(text), start=1):
        if line.strip() and not in_block:
            found[len(found)] = number
        in_block = bool(line.strip())
    return found


def text_lines(text: str) -> list[str]:
    """A text file's lines as an editor numbers them (CR LF, CR and LF each end one)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _utc(stamp: str) -> str:
    """'2025-03-01 12:00:00 UTC' from '2025-03-01T12:00:00Z'."""
    return stamp.replace("T", " ").removesuffix("Z") + " UTC" if stamp.endswith("Z") else stamp


def _size(count: int) -> str:
    if count < 1000:
        return f"{count} bytes"
    if count < 1000 * 1000:
        return f"{count / 1000:.1f} kB"
    return f"{count / 1e6:.1f} MB"
