"""Release files: the bytes of `releases/NAME.jsonl.gz`, written and read.

A release file is gzip-compressed JSON lines, byte for byte the same for the same content
(the gzip header carries no name and a fixed time). Its lines, each a JSON object whose first
key says what it is:

- first, the release: `{"release": NAME, "format": 1, "date": "2025-03-01T12:00:00Z",
  "note": ..., "sequence": N, "records": R, "statements": S}`;
- then each record, sources and events included, in the dossier's order: its line
  `{"record": ID, "kind": ..., "name": ..., "previous_ids": [...]}`, followed by one line per
  statement written on it (see `link.snapshot`);
- last, the dossier's FollowTheMoney entities, one line each: `{"ftm": {"id": ...,
  "schema": ..., "properties": {...}}}`, as data/entities.ftm.json had them.

A record's lines are its block: two snapshots whose blocks for a record are the same bytes
state the same of it, so comparing them needs no parsing.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import re
import zlib
from dataclasses import dataclass

FORMAT = 1
SUFFIX = ".jsonl.gz"
NAME = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,62}[A-Za-z0-9])?$")
"""A release's name: it becomes a file name and a page's name, so letters, digits, '.', '_' and '-',
starting and ending with a letter or digit, at most 64 characters."""

RELEASE = b'{"release":'
RECORD = b'{"record":'
STATEMENT = b'{"statement":'
FTM = b'{"ftm":'
MAX_BYTES = 2 * 1024 * 1024 * 1024
"""The most a release file may hold once uncompressed: a file that would grow past it is refused."""


class ReleaseFileError(ValueError):
    """A release file that cannot be read: not gzip, not the format, damaged; `path`, the file, when known."""

    def __init__(self, message: str, path: str = ""):
        super().__init__(message)
        self.path = path


def name_problem(name: str) -> str:
    """Why `name` cannot name a release, or ''."""
    if NAME.match(name) and ".." not in name:
        return ""
    return ("a release's name becomes a file and a page name: use letters, digits, '.', '_' and '-', "
            "starting and ending with a letter or a digit, at most 64 characters (e.g. 2025-03 or v1.2)")


def compress(lines: list[bytes]) -> bytes:
    """The lines (each without its '\\n') as a release file's bytes: gzip with no name and time 0."""
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as file:
        for line in lines:
            file.write(line)
            file.write(b"\n")
    return buffer.getvalue()


def decompress(data: bytes) -> bytes:
    """A release file's text; ReleaseFileError if it is not gzip or would be too large."""
    try:
        inflater = zlib.decompressobj(wbits=31)
        text = inflater.decompress(data, MAX_BYTES)
        if inflater.unconsumed_tail:
            raise ReleaseFileError(f"it holds over {MAX_BYTES:,} bytes once uncompressed")
        if not inflater.eof:
            raise ReleaseFileError("it is cut short (its gzip stream does not end)")
    except zlib.error as exc:
        raise ReleaseFileError(f"it is not gzip-compressed text ({exc})") from None
    return text


def first_line(data: bytes) -> bytes:
    """The first line of a release file, read without decompressing the rest."""
    inflater = zlib.decompressobj(wbits=31)
    found = b""
    try:
        for start in range(0, len(data), 4096):
            found += inflater.decompress(data[start:start + 4096], 65536 - len(found))
            if b"\n" in found or len(found) >= 65536:
                break
    except zlib.error as exc:
        raise ReleaseFileError(f"it is not gzip-compressed text ({exc})") from None
    if b"\n" not in found:
        raise ReleaseFileError("its first line, the release's, is missing or over 64 KB")
    return found.split(b"\n", 1)[0]


def digest(data: bytes) -> str:
    """A release file's digest, which names its content in the build cache."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass(frozen=True)
class Blocks:
    """A release's lines, split: each record's block (its line and its statements'), and the FtM lines."""

    records: dict[str, bytes]
    """Record id -> its block (lines joined by '\\n')."""
    ftm: list[bytes]


def split_blocks(text: bytes) -> Blocks:
    """The blocks of a release file's text (its first line, the release's, left out)."""
    lines = text.split(b"\n")
    records: dict[str, bytes] = {}
    ftm: list[bytes] = []
    current: list[bytes] = []
    current_id = ""
    for line in lines[1:]:
        if line.startswith(RECORD):
            if current:
                records[current_id] = b"\n".join(current)
            current_id, current = record_id(line), [line]
        elif line.startswith(STATEMENT):
            if not current:
                raise ReleaseFileError("a statement comes before any record")
            current.append(line)
        elif line.startswith(FTM):
            ftm.append(line)
        elif line:
            raise ReleaseFileError(f"a line is neither a record, a statement nor an entity: {line[:60]!r}")
    if current:
        records[current_id] = b"\n".join(current)
    return Blocks(records, ftm)


_RECORD_ID = re.compile(rb'^\{"record":"([a-z0-9-]{1,200})"')


def record_id(line: bytes) -> str:
    """A record line's id (its first value), read without parsing the rest."""
    found = _RECORD_ID.match(line)
    if found is None:
        raise ReleaseFileError(f"a record line without an id: {line[:60]!r}")
    return found.group(1).decode("ascii")


_FTM_ID = re.compile(rb'^\{"ftm":\{"id":"((?:[^"\\]|\\.)*)"')


def ftm_texts(text: bytes) -> dict[str, str]:
    """A release's FollowTheMoney entities: id -> the entity's JSON, as the release holds it. An id is read
    without parsing the line (an id with an escape in it is decoded as JSON)."""
    found: dict[str, str] = {}
    start = text.find(b'\n{"ftm":')
    for line in text[start + 1:].split(b"\n") if start >= 0 else ():
        match = _FTM_ID.match(line)
        if match is not None:
            raw = match.group(1)
            entity_id = json.loads(b'"' + raw + b'"') if b"\\" in raw else raw.decode("utf-8")
            found[entity_id] = line[len(FTM):-1].decode("utf-8")
        elif line:
            raise ReleaseFileError(f"an entity line without an id: {line[:60]!r}")
    return found


def delta_lines(ops: list[tuple[str, str]], texts: dict[str, str]) -> tuple[str, ...]:
    """A delta file's lines: each operation with its entity as the release holds it (a DEL, its id alone)."""
    return tuple('{"op":"DEL","entity":{"id":' + json.dumps(entity_id, ensure_ascii=False) + "}}" if op == "DEL"
                 else '{"op":"' + op + '","entity":' + texts[entity_id] + "}" for op, entity_id in ops)
