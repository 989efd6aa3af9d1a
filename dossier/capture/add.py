"""Add a source: capture a web page or read a file, archive it, and write its source record.

Takes a project and a URL or a file path; gives the id of the new source (or of the one
that already holds that address: a second run is a no-op), having written
`archive/<id>/<id>.warc.gz` (the exchanges as received, and the text extracted, see
`core.warc`) and `sources/<id>.yml` (title, outlet, date, url, retrieved, sha256 and the
text, with the fields taken from the page listed under `unchecked`). Every failure raises
`CaptureError` before anything is written; the two files are written under temporary
names and renamed into place, the record last, so a failure leaves neither.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import yaml

from .. import __version__
from ..core.archive import HTML, PDF, TEXT, capture_name, parse_content_type, read_capture, sniff
from ..core.diagnostics import Diagnostics
from ..core.project import ARCHIVE_FOLDER, Project
from ..core.warc import Record, WarcError, http_block, make_record, write_records
from ..load.files import load_content
from ..validate.stage import id_problem
from .extract import Extracted, ExtractError, extract
from .fetch import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, Exchange, FetchError, fetch

_SUFFIXES = {".html": HTML, ".htm": HTML, ".xhtml": HTML, ".pdf": PDF, ".txt": TEXT, ".text": TEXT, ".md": TEXT}
_ID_WORDS = 8


class CaptureError(Exception):
    """A capture that failed; nothing was written. The message says why."""


@dataclass(frozen=True)
class Added:
    source_id: str
    record: Path
    archive: Path
    new: bool
    """False when the address was captured before: nothing was written."""
    unchecked: tuple[str, ...] = ()


def add_source(project: Project, target: str, source_id: str | None = None, timeout: float = DEFAULT_TIMEOUT,
               max_bytes: int = DEFAULT_MAX_BYTES, now: datetime | None = None) -> Added:
    """Capture `target` (an http(s) URL or a file) into the project as a new source."""
    known = _known_addresses(project)
    is_url = bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", target))
    if is_url:
        address = _canonical(target)
        if address in known:
            return _existing(project, known[address])
        try:
            exchanges = fetch(target, timeout, max_bytes)
        except FetchError as exc:
            raise CaptureError(str(exc)) from None
        final = exchanges[-1]
        if _canonical(final.url) in known:
            return _existing(project, known[_canonical(final.url)])
        media_type, charset = parse_content_type(final.header("Content-Type") or "")
        payload = final.body
    else:
        path = Path(target)
        payload = _read_file(path, max_bytes)
        media_type, charset = _SUFFIXES.get(path.suffix.lower(), ""), None
        digest = hashlib.sha256(payload).hexdigest()
        if digest in known:
            return _existing(project, known[digest])
    media_type = sniff(payload, media_type)
    try:
        found = extract(payload, media_type, charset)
    except ExtractError as exc:
        raise CaptureError(f"{target}: {exc}; nothing was captured") from None
    retrieved = (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    new_id = _choose_id(project, source_id, found, target)
    if is_url:
        records = _web_records(exchanges, found, retrieved)
        url = exchanges[-1].url
    else:
        records = _file_records(Path(target).name, payload, media_type, found, retrieved)
        url = ""
    capture = write_records(records)
    read_capture(capture)  # the engine must read back what it wrote
    text = source_yaml(new_id, found, url, retrieved, hashlib.sha256(payload).hexdigest(), target)
    record, folder = _write(project, new_id, capture, text)
    return Added(new_id, record, folder, True, tuple(_unchecked(found, url)))


def _existing(project: Project, source_id: str) -> Added:
    return Added(source_id, project.content_dir / "sources" / f"{source_id}.yml",
                 project.archive_dir / source_id, False)


def _canonical(url: str) -> str:
    """An address as compared for 'already captured': no fragment, the scheme and host in lower case."""
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


def _known_addresses(project: Project) -> dict[str, str]:
    """Every address (and file digest) already captured -> its source id: each source's `url`, and the
    addresses and copies of the archive's captures."""
    known: dict[str, str] = {}
    loaded = load_content(project.content_dir, Diagnostics())
    for record in loaded.records:
        if record.kind == "source" and isinstance(record.data, dict) and isinstance(record.data.get("url"), str):
            known[_canonical(record.data["url"])] = record.id
    if project.archive_dir.is_dir():
        for folder in sorted(project.archive_dir.iterdir()):
            path = folder / f"{folder.name}.warc.gz"
            try:
                capture = read_capture(path.read_bytes())
            except (OSError, WarcError):
                continue
            for address in (capture.requested, capture.target):
                if address.startswith(("http://", "https://")):
                    known.setdefault(_canonical(address), folder.name)
            known.setdefault(hashlib.sha256(capture.payload).hexdigest(), folder.name)
    return known


def _read_file(path: Path, max_bytes: int) -> bytes:
    try:
        if not path.is_file():
            raise CaptureError(f"{path}: no such file (give an http:// or https:// address, or a file)")
        size = path.stat().st_size
        if size > max_bytes:
            raise CaptureError(f"{path} is {size:,} bytes, over the {max_bytes:,} bytes allowed (--max-mb)")
        return path.read_bytes()
    except OSError as exc:
        raise CaptureError(f"{path}: cannot be read: {exc.strerror or exc}") from None


def _choose_id(project: Project, wanted: str | None, found: Extracted, target: str) -> str:
    taken = {p.stem for p in (project.content_dir).glob("*/*.yml")} | (
        {p.name for p in project.archive_dir.iterdir()} if project.archive_dir.is_dir() else set())
    if wanted:
        problem = id_problem(wanted)
        if problem:
            raise CaptureError(f"--id '{wanted}' {problem}")
        if wanted in taken:
            raise CaptureError(f"--id '{wanted}' is taken by a record or an archived copy; choose another")
        return wanted
    base = _slug(found.title) or _slug(Path(urlsplit(target).path).stem) or "source"
    candidate, n = base, 2
    while candidate in taken or id_problem(candidate):
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _slug(text: str) -> str:
    ascii_text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    words = re.sub(r"[^a-z0-9]+", " ", ascii_text.lower()).split()[:_ID_WORDS]
    return "-".join(words)[:60].strip("-")


def _warcinfo(retrieved: str) -> Record:
    info = f"software: dossier/{__version__} add-source\r\nformat: WARC File Format 1.1\r\n".encode()
    return make_record("warcinfo", retrieved, info, "application/warc-fields")


def _web_records(exchanges: list[Exchange], found: Extracted, retrieved: str) -> list[Record]:
    records = [_warcinfo(retrieved)]
    for exchange in exchanges:
        parts = urlsplit(exchange.url)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        request = (f"GET {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in exchange.request)
                   + "\r\n").encode("latin-1", "replace")
        records.append(make_record("request", retrieved, request, "application/http;msgtype=request",
                                   target=exchange.url))
        block = http_block(exchange.status, exchange.reason, list(exchange.headers), exchange.body)
        records.append(make_record("response", retrieved, block, "application/http;msgtype=response",
                                   target=exchange.url, payload=exchange.body))
    records.append(_conversion(records[-1], found, retrieved, exchanges[-1].url))
    return records


def _file_records(name: str, payload: bytes, media_type: str, found: Extracted, retrieved: str) -> list[Record]:
    resource = make_record("resource", retrieved, payload, media_type or "application/octet-stream",
                           target=f"file:///{name}")
    return [_warcinfo(retrieved), resource, _conversion(resource, found, retrieved, f"file:///{name}")]


def _conversion(main: Record, found: Extracted, retrieved: str, target: str) -> Record:
    return make_record("conversion", retrieved, found.text().encode("utf-8"), "text/plain; charset=utf-8",
                       target=target, extra=(("WARC-Refers-To", main.id),))


def _unchecked(found: Extracted, url: str) -> list[str]:
    return [name for name in ("title", "outlet", "date") if getattr(found, name)] + ["text"]


def source_yaml(source_id: str, found: Extracted, url: str, retrieved: str, sha256: str, target: str) -> str:
    """The new source record: what the page gave, where each value was found, and what to check."""
    title = found.title or Path(urlsplit(target).path).name or source_id
    lines = [
        f"# Captured by add-source at {retrieved} from {_comment(url or Path(target).name)}; the copy is",
        f"# {ARCHIVE_FOLDER}/{capture_name(source_id)}. Check each field listed under `unchecked` against",
        "# the copy, correct it if need be, then take it out of the list.",
        f"title: {_scalar(title)}" + (f"  # from {found.found['title']}" if "title" in found.found else
                                      "  # the page gives no title: write it"),
    ]
    if found.outlet:
        lines.append(f"outlet: {_scalar(found.outlet)}  # from {_comment(found.found['outlet'])}")
    if found.date:
        lines.append(f"date: {_scalar(found.date)}  # from {_comment(found.found['date'])}")
    if found.byline:
        lines.append(f"# The page names its author: {_comment(found.byline)} (from {_comment(found.found['byline'])}); "
                     "`author` takes the id of a person record.")
    if url:
        lines.append(f"url: {_scalar(url)}")
    lines += [f"retrieved: {_scalar(retrieved)}", f"sha256: {sha256}",
              f"unchecked: [{', '.join(_unchecked(found, url))}]",
              "text: |"]
    lines += [f"  {p}" if p else "" for p in "\n\n".join(found.paragraphs).split("\n")]
    text = "\n".join(lines) + "\n"
    _round_trip(text, title, found)
    return text


def _scalar(value: str) -> str:
    """A YAML double-quoted scalar (a JSON string is one) that reads back as the same text."""
    import json
    return json.dumps(value, ensure_ascii=False)


def _comment(text: str) -> str:
    return " ".join(text.split())


def _round_trip(text: str, title: str, found: Extracted) -> None:
    """The record must read back as what was meant, or nothing is written."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise CaptureError(f"the text extracted cannot be written as a YAML record: {exc}") from None
    if data.get("title") != title or data.get("text") != "\n\n".join(found.paragraphs) + "\n":
        raise CaptureError("the text extracted does not read back from YAML as it was written; nothing was captured")


def _write(project: Project, source_id: str, capture: bytes, text: str) -> tuple[Path, Path]:
    """The capture folder, then the record, each renamed into place whole; the folder is removed if
    the record cannot be written."""
    sources = project.content_dir / "sources"
    record = sources / f"{source_id}.yml"
    folder = project.archive_dir / source_id
    sources.mkdir(parents=True, exist_ok=True)
    project.archive_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{source_id}.", dir=project.archive_dir))
    try:
        (staging / f"{source_id}.warc.gz").write_bytes(capture)
        os.chmod(staging, 0o755)
        os.rename(staging, folder)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{source_id}.", suffix=".yml", dir=sources)
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.chmod(temporary, 0o644)
        if record.exists():
            raise FileExistsError(record)
        os.rename(temporary, record)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
        Path(temporary).unlink(missing_ok=True) if "temporary" in locals() else None
        raise
    return record, folder
