"""WARC: the web archive format a captured source is kept in, written and read as bytes.

A capture is a few WARC/1.1 records (ISO 28500): `warcinfo` (what wrote it), a
`request` and `response` per HTTP exchange (redirects included) or one `resource`
for a file read from disk, and a `conversion` holding the text extracted from
the page, which validation compares with the source's `text`. Each record is
its own gzip member (the `.warc.gz` convention, so standard tools read it), with
no time stamp in the gzip header, and record ids derived from the content: the
same capture makes the same bytes. Digests are `sha256:` and hex.

`write_records` makes the file, `read_records` reads it back (refusing what is
not WARC with `WarcError`, never a traceback); `split_http` parses a response
block into its status, headers and body. Nothing here touches the network or disk.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import uuid
import zlib
from dataclasses import dataclass

VERSION = b"WARC/1.1"
MAX_UNCOMPRESSED = 256 * 1024 * 1024
"""A capture file that inflates past this is refused: a gzip bomb costs nothing."""


class WarcError(ValueError):
    """Bytes that are not a WARC file this engine can read; the message says what is wrong."""


@dataclass(frozen=True)
class Record:
    """One WARC record: its type, its named fields in order, and its block (the content)."""

    type: str
    fields: tuple[tuple[str, str], ...]
    block: bytes

    def field(self, name: str) -> str | None:
        lowered = name.lower()
        return next((value for key, value in self.fields if key.lower() == lowered), None)

    @property
    def id(self) -> str:
        return self.field("WARC-Record-ID") or ""


def sha256_label(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def record_id(*parts: str) -> str:
    """A record id made from what the record is, so the same capture gives the same id."""
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, chr(0).join(parts))}>"


def make_record(kind: str, date: str, block: bytes, content_type: str, *, target: str | None = None,
                payload: bytes | None = None, extra: tuple[tuple[str, str], ...] = ()) -> Record:
    """A record with its id, date, digests and length filled in; `payload` is the body a block carries
    (an HTTP response's entity), digested as WARC-Payload-Digest."""
    digest = sha256_label(block)
    fields: list[tuple[str, str]] = [("WARC-Type", kind),
                                     ("WARC-Record-ID", record_id(kind, date, target or "", digest)),
                                     ("WARC-Date", date)]
    if target is not None:
        fields.append(("WARC-Target-URI", target))
    fields += extra
    fields += [("Content-Type", content_type), ("WARC-Block-Digest", digest)]
    if payload is not None:
        fields.append(("WARC-Payload-Digest", sha256_label(payload)))
    fields.append(("Content-Length", str(len(block))))
    return Record(kind, tuple(fields), block)


def write_records(records: list[Record]) -> bytes:
    """The records as a .warc.gz file: one gzip member each, with a fixed gzip header."""
    out = io.BytesIO()
    for record in records:
        head = VERSION + b"\r\n" + b"".join(f"{k}: {_one_line(v)}\r\n".encode() for k, v in record.fields)
        raw = head + b"\r\n" + record.block + b"\r\n\r\n"
        out.write(gzip.compress(raw, compresslevel=9, mtime=0))
    return out.getvalue()


def _one_line(value: str) -> str:
    """A field value on one line: a header value never carries a line break into the next field."""
    return " ".join(value.split())


def read_records(data: bytes) -> list[Record]:
    """Every record of a WARC file (gzipped or not), in order; WarcError if it is not one."""
    raw = _inflate(data) if data[:2] == b"\x1f\x8b" else data
    records: list[Record] = []
    at = 0
    while at < len(raw):
        if raw.startswith(b"\r\n", at):  # stray blank lines between records are tolerated
            at += 2
            continue
        head_end = raw.find(b"\r\n\r\n", at)
        if head_end < 0:
            raise WarcError(f"a record at byte {at} has no end to its header")
        lines = raw[at:head_end].split(b"\r\n")
        if not lines[0].startswith(b"WARC/1."):
            raise WarcError(f"expected 'WARC/1.0' or 'WARC/1.1' at byte {at}, found {lines[0][:20]!r}")
        fields = tuple(_field(line, at) for line in lines[1:])
        record = Record("", fields, b"")
        length = record.field("Content-Length")
        if length is None or not length.isdigit():
            raise WarcError(f"the record at byte {at} has no Content-Length")
        start = head_end + 4
        end = start + int(length)
        if end > len(raw):
            raise WarcError(f"the record at byte {at} is cut short: {length} bytes announced, "
                            f"{len(raw) - start} there")
        records.append(Record(record.field("WARC-Type") or "", fields, raw[start:end]))
        at = end
    if not records:
        raise WarcError("no WARC record in the file")
    return records


def _field(line: bytes, at: int) -> tuple[str, str]:
    name, colon, value = line.partition(b":")
    if not colon:
        raise WarcError(f"a header line of the record at byte {at} is not 'Name: value': {line[:40]!r}")
    return name.decode("utf-8", "replace").strip(), value.decode("utf-8", "replace").strip()


def _inflate(data: bytes) -> bytes:
    """The concatenated gzip members, inflated, at most MAX_UNCOMPRESSED bytes."""
    out = bytearray()
    rest = data
    while rest:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            out += inflater.decompress(rest, MAX_UNCOMPRESSED + 1 - len(out))
        except zlib.error as exc:
            raise WarcError(f"the gzip data is damaged: {exc}") from None
        if len(out) > MAX_UNCOMPRESSED or inflater.unconsumed_tail:
            raise WarcError(f"it inflates past {MAX_UNCOMPRESSED:,} bytes")
        if not inflater.eof:
            raise WarcError("the gzip data is cut short")
        rest = inflater.unused_data.lstrip(b"\0")
    return bytes(out)


@dataclass(frozen=True)
class HttpMessage:
    """An HTTP response as a WARC `response` block holds it."""

    status: int
    reason: str
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def header(self, name: str) -> str | None:
        return header_value(self.headers, name)


def header_value(headers: tuple[tuple[str, str], ...], name: str) -> str | None:
    """The first value of an HTTP header, its name in any case; None if the headers lack it."""
    lowered = name.lower()
    return next((value for key, value in headers if key.lower() == lowered), None)


def http_block(status: int, reason: str, headers: list[tuple[str, str]], body: bytes) -> bytes:
    """A response block: status line, headers and body, as the server sent them (body already de-chunked)."""
    head = f"HTTP/1.1 {status} {reason}\r\n" + "".join(f"{k}: {_one_line(v)}\r\n" for k, v in headers)
    return head.encode("latin-1", "replace") + b"\r\n" + body


def split_http(block: bytes) -> HttpMessage:
    """A response block's status, headers and body; WarcError if it is not an HTTP response."""
    head_end = block.find(b"\r\n\r\n")
    if head_end < 0:
        raise WarcError("the response record holds no HTTP header")
    lines = block[:head_end].decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/") or not parts[1].isdigit():
        raise WarcError(f"the response record does not start with an HTTP status line: {lines[0][:40]!r}")
    headers = tuple((k.strip(), v.strip()) for k, _, v in (line.partition(":") for line in lines[1:]))
    return HttpMessage(int(parts[1]), parts[2] if len(parts) > 2 else "", headers, block[head_end + 4:])
