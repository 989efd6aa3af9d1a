"""Archive: where a source's captured copy is kept, and what a capture file holds.

A project keeps each captured source in `archive/<source-id>/<source-id>.warc.gz`
(see `warc`): the page or file exactly as it was received, and the text that was
extracted from it. `read_capture` gives back what a capture file holds as a
`Capture`; `decode_text` turns the bytes of an HTML or text page into text by
the one rule capture and display share (a declared charset, else UTF-8, and
never a guess); `paragraph_pages` says on which page of a PDF each paragraph of
the extracted text stands. Reading the disk is the load stage's; the network,
the capture command's.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from .warc import Record, WarcError, read_records, split_http

CAPTURE_SUFFIX = ".warc.gz"
PAGE_BREAK = "\f"
"""Between two pages of a PDF in the extracted text (as pdftotext writes it); never in a source's `text`."""

HTML, PDF, TEXT = "text/html", "application/pdf", "text/plain"
MEDIA_TYPES = (HTML, PDF, TEXT)
"""What can be captured: web pages, PDF files and plain text."""


def capture_name(source_id: str) -> str:
    """The capture file's path inside the archive folder: '<id>/<id>.warc.gz'."""
    return f"{source_id}/{source_id}{CAPTURE_SUFFIX}"


@dataclass(frozen=True)
class Capture:
    """What a capture file holds: the copy's bytes and their type, where and when they were taken,
    and the text extracted from them then."""

    payload: bytes
    media_type: str
    charset: str | None
    target: str
    """The address the bytes came from (after redirects), or 'file:///<name>' for a file."""
    retrieved: str
    """When, as the UTC time WARC-Date gives ('2025-03-01T12:00:00Z')."""
    extracted: str
    """The text extracted at capture: paragraphs between blank lines, pages of a PDF between form feeds."""
    requested: str = ""
    """The address first asked for, when redirects led elsewhere (else the target)."""


def read_capture(data: bytes) -> Capture:
    """What a capture file holds; WarcError saying what is missing if it is not a capture."""
    records = read_records(data)
    main = _main_record(records)
    if main.type == "response":
        message = split_http(main.block)
        payload, content_type = message.body, message.header("Content-Type") or ""
    else:
        payload, content_type = main.block, main.field("Content-Type") or ""
    media_type, charset = parse_content_type(content_type)
    conversion = next((r for r in records if r.type == "conversion" and r.field("WARC-Refers-To") == main.id), None)
    if conversion is None:
        raise WarcError("it holds no conversion record (the text extracted at capture)")
    try:
        extracted = conversion.block.decode("utf-8")
    except UnicodeDecodeError:
        raise WarcError("its conversion record is not UTF-8 text") from None
    requests = [r for r in records if r.type == "request"]
    return Capture(payload, sniff(payload, media_type), charset, main.field("WARC-Target-URI") or "",
                   main.field("WARC-Date") or "", extracted,
                   (requests[0].field("WARC-Target-URI") or "") if requests else "")


def _main_record(records: list[Record]) -> Record:
    """The record of the copy: the last response (after any redirects), or the resource of a file."""
    found = [r for r in records if r.type in ("response", "resource")]
    if not found:
        raise WarcError("it holds no response or resource record")
    return found[-1]


_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.IGNORECASE)


def parse_content_type(value: str) -> tuple[str, str | None]:
    """('text/html', 'utf-8') from 'text/html; charset=UTF-8'."""
    media_type = value.split(";", 1)[0].strip().lower()
    match = _CHARSET.search(value)
    return media_type, (match.group(1).lower() if match else None)


def sniff(payload: bytes, declared: str) -> str:
    """The media type a copy is handled as: PDF by its signature, HTML or text as declared or seen."""
    head = payload[:1024].lstrip()
    if payload.startswith(b"%PDF-"):
        return PDF
    if declared in (HTML, "application/xhtml+xml"):
        return HTML
    if declared == TEXT:
        return TEXT
    if head[:15].lower().startswith((b"<!doctype html", b"<html")):
        return HTML
    return declared or "application/octet-stream"


_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.IGNORECASE)
_SAME_AS = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252", "ascii": "cp1252",
            "us-ascii": "cp1252", "iso8859-1": "cp1252"}
"""What browsers read a declared charset as (the WHATWG Encoding standard: Latin-1 is windows-1252)."""


class DecodeError(ValueError):
    """A page whose characters cannot be known without guessing; the message says why."""


def decode_text(payload: bytes, media_type: str, charset: str | None) -> tuple[str, str]:
    """(the text, the encoding it was read in) of an HTML or text copy.

    The encoding is the byte-order mark's, else the one the server declared, else the one an HTML
    page declares in its first 1024 bytes, else UTF-8; the bytes must be valid in it. A page that
    declares nothing and is not UTF-8 is refused: guessing could change the words quoted from it.
    """
    for bom, name in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                      (codecs.BOM_UTF16_BE, "utf-16-be")):
        if payload.startswith(bom):
            return _decode(payload[len(bom):], name, "its byte-order mark"), name
    declared, where = charset, "the server's Content-Type"
    if declared is None and media_type == HTML:
        match = _META_CHARSET.search(payload[:1024])
        if match:
            declared, where = match.group(1).decode("ascii").lower(), "the page's <meta charset>"
    if declared is None:
        try:
            return payload.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as exc:
            raise DecodeError(f"it is not UTF-8 (byte {exc.start} is 0x{payload[exc.start]:02x}) and declares no "
                              "charset, so its characters cannot be known without guessing") from None
    name = _SAME_AS.get(declared, declared)
    try:
        codecs.lookup(name)
    except LookupError:
        raise DecodeError(f"{where} declares the charset '{declared}', which is not one Python knows") from None
    return _decode(payload, name, f"{where} ('{declared}')"), name


def _decode(payload: bytes, name: str, where: str) -> str:
    try:
        return payload.decode(name)
    except UnicodeDecodeError as exc:
        raise DecodeError(f"{where} says it is {name}, but byte {exc.start} (0x{payload[exc.start]:02x}) is "
                          f"not valid {name}: the page's characters cannot be known without guessing") from None


def paragraph_pages(extracted: str) -> tuple[int, ...]:
    """The page (from 1) each paragraph of the extracted text stands on, in order."""
    pages: list[int] = []
    for number, page in enumerate(extracted.split(PAGE_BREAK), start=1):
        pages += [number] * sum(1 for block in re.split(r"\n\s*\n", page) if block.strip())
    return tuple(pages)


def extracted_paragraphs(extracted: str) -> str:
    """The extracted text as a source's `text` would hold it: its paragraphs, page breaks dropped."""
    blocks = [b.strip() for page in extracted.split(PAGE_BREAK) for b in re.split(r"\n\s*\n", page)]
    return "\n\n".join(b for b in blocks if b)
