"""Cache: what earlier runs of a project found, kept in .dossier-cache/ so that a run redoes only what changed.

One SQLite database (Python's sqlite3) of plain data, JSON where it is structured; never
pickle or marshal, so a hostile cache can at worst be refused (the one pickle beside it, the
linked model of `keptmodel`, is read only with the digest this database recorded). It holds:

- `files`: each file's stamp and digest when last read (see `filestamps`), so a file whose
  stamp is unchanged is neither read nor hashed again;
- `parsed`: what each content file gave (its record with the place of every value, or its
  note, and its diagnostics), by path and digest of its bytes; `load` consults it
  (`ParsedStore`) and parses only bytes it has never seen;
- `state`: small named records, such as the diagnostics of the last run for the
  fingerprint of its inputs and the manifest of the last published site (see `planner`);
- `pages`: for that site, each page's input digest and the reads it was made from (see
  `pagereads`), with a checksum;
- `reads`: the digests of the values those pages read (see `keeper`), a few thousand to a row,
  the rows' checksum kept in `state`;
- `checked`: each record's check (its model record and diagnostics, pickled with the model's
  types alone, read back only through `keptpickle.ModelUnpickler` once its checksum holds), by
  path, with the digest of the file's bytes and of what the check read (see `validate.kept`).

With caching off, or when the cache cannot be used, runs get a `NullStore`, which has the
same interface and remembers nothing: callers never ask whether there is a cache.

Trust. The database records its schema version, the engine's version (see `inputs`) and
the folder it was made in (the inode of .dossier-cache/, which a copy, an archive or a
checked-in cache does not keep). A file that is not an SQLite database, one of another
application, schema, engine or folder, a row whose checksum fails or that does not decode:
each is deleted with a one-line notice and a new cache begun; it is never trusted. So is a
database whose files SQLite would follow or block on (a link, a FIFO taken for a hot journal:
see `folder`), before SQLite opens anything. Writes happen in transactions (`commit`), so a
run killed at any moment leaves the last committed state: SQLite rolls back the rest when
the cache is next opened. One run at a time uses the cache (an flock on .dossier-cache/lock,
which the system drops when a process dies); a run that finds it taken runs without it.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from ..core.filestamps import Stamp, digest, trusted_stamp
from ..load.files import CachedFile
from .folder import CACHE_DIR, DATABASE, Notice, discard, lock, make_folder, odd_database_file, unlock
from .keptpickle import decode_checked
from .parsedjson import Untrusted, decode_parsed, encode_parsed

APPLICATION_ID = 0x64737331
"""'dss1': SQLite's header field for the application that owns a database file."""
SCHEMA_VERSION = 5

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (key TEXT PRIMARY KEY, mtime INTEGER, ctime INTEGER, size INTEGER, ino INTEGER,
                    digest BLOB NOT NULL);
CREATE TABLE parsed (path TEXT NOT NULL, digest BLOB NOT NULL, body TEXT NOT NULL, checksum BLOB NOT NULL,
                     PRIMARY KEY (path, digest));
CREATE TABLE state (name TEXT PRIMARY KEY, body TEXT NOT NULL, checksum BLOB NOT NULL);
CREATE TABLE pages (url TEXT PRIMARY KEY, digest BLOB NOT NULL, reads TEXT NOT NULL, checksum BLOB NOT NULL);
CREATE TABLE reads (chunk INTEGER PRIMARY KEY, texts TEXT NOT NULL, digests BLOB NOT NULL);
CREATE TABLE sections (key TEXT PRIMARY KEY, digest BLOB NOT NULL, reads TEXT NOT NULL, html TEXT NOT NULL,
                       checksum BLOB NOT NULL);
CREATE TABLE checked (path TEXT PRIMARY KEY, digest BLOB NOT NULL, reads TEXT NOT NULL, dependencies BLOB NOT NULL,
                      body BLOB NOT NULL, checksum BLOB NOT NULL);
"""
BATCH = 256
"""Parsed files are inserted this many at a time."""
READS_A_ROW = 4096
"""The digests of reads are kept this many to a row of `reads`: one row each took a loop of Python
over several hundred thousand rows to read and check."""
CONTENT = "content:"
"""The prefix of content files' keys in `files` (the rest is the content-relative path)."""


def _checksum(*parts: str | bytes) -> bytes:
    h = hashlib.blake2b(digest_size=16)
    _feed(h, parts)
    return h.digest()


def _feed(h: Any, parts: Iterable[str | bytes]) -> None:
    """Feed parts to a digest, each with its length, so no two lists of parts feed the same bytes."""
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)


def open_store(root: Path, engine: str, notice: Notice, enabled: bool = True) -> Store | NullStore:
    """The project's cache, locked for this run; a `NullStore` if `enabled` is false, or (after
    a notice) if another run holds it or it cannot be written. A cache that cannot be trusted
    is replaced by a new one."""
    if not enabled:
        return NullStore()
    folder = Path(root) / CACHE_DIR
    try:
        make_folder(folder, notice)
        held = lock(folder / "lock")
    except OSError as exc:
        notice(f"cache: cannot use {CACHE_DIR}/ ({exc.strerror or exc}); running without it")
        return NullStore()
    if held is False:
        notice(f"cache: another run is using {CACHE_DIR}/; this one runs without it")
        return NullStore()
    try:
        connection = _connect(folder, engine, notice)
    except (OSError, sqlite3.Error) as exc:
        unlock(held)
        notice(f"cache: cannot use {CACHE_DIR}/{DATABASE} ({exc}); running without it")
        return NullStore()
    return Store(folder, connection, held, notice)


def _connect(folder: Path, engine: str, notice: Notice) -> sqlite3.Connection:
    """The database, checked; a new one in place of one that cannot be trusted."""
    path = folder / DATABASE
    home = str(os.stat(folder).st_ino)
    odd = odd_database_file(folder)
    if odd is not None:
        discard(folder, odd, notice)
    if path.exists():
        connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        try:
            problem = _problem(connection, engine, home)
        except sqlite3.DatabaseError as exc:
            problem = f"it is not a readable database ({exc})"
        if problem is None:
            return connection
        connection.close()
        discard(folder, problem, notice)
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    with _transaction(connection):
        for statement in SCHEMA.strip().split(";\n"):
            connection.execute(statement)
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        connection.executemany("INSERT INTO meta VALUES (?, ?)", [("engine", engine), ("home", home)])
    return connection


def _problem(connection: sqlite3.Connection, engine: str, home: str) -> str | None:
    """Why a database cannot be trusted, or None."""
    if connection.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
        return "it is not a dossier cache"
    if connection.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
        return "it has another layout"
    meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
    if meta.get("home") != home:
        return "it was made in another folder (copied, unpacked or checked in)"
    if meta.get("engine") != engine:
        return "it was made by another version of dossier"
    return None


@contextlib.contextmanager
def _transaction(connection: sqlite3.Connection) -> Iterator[None]:
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


class Store:
    """An open, locked cache. Reads come from the last committed state; writes wait in a
    transaction until `commit`. Any database error discards the cache (after a notice) and
    the run goes on without it: every read then finds nothing and every write is dropped."""

    def __init__(self, folder: Path, connection: sqlite3.Connection, lock: int | bool | None, notice: Notice):
        self.folder = folder
        self.connection: sqlite3.Connection | None = connection
        self._lock = lock
        self.notice = notice
        self.files: dict[str, tuple[Stamp | None, bytes]] = {}
        """Key -> (trusted stamp or None, digest), as committed."""
        self._changed: dict[str, tuple[Stamp | None, bytes]] = {}
        self._seen_content: set[str] = set()
        self._in_transaction = False
        self._stored: set[tuple[str, bytes]] | None = None
        """(path, digest) of every entry of `parsed`, read when first needed: a miss costs no query."""
        self._stored_paths: set[str] | None = None
        """The paths of the entries of `parsed` as the run began (see `may_hold`)."""
        self._pending: list[tuple[str, bytes, str, bytes]] = []
        """Entries of `parsed` to insert, a batch at a time."""
        self._pending_checked: list[tuple[str, bytes, str, bytes, bytes, bytes]] = []
        """Entries of `checked` to insert, a batch at a time."""
        self._checked: dict[str, tuple[bytes, str, bytes, bytes, bytes]] | None = None
        """The rows of `checked` as the run began, each let go once taken (see `checked_outcome`)."""
        self._digests: dict[str, tuple[bytes, bytes]] = {}
        """rel -> (the bytes, their digest) of each file looked up by content and not yet kept."""
        """The bytes `recall_content` last hashed and their digest: `keep` follows it with the same bytes."""
        self._guarded(self._read_files)

    # -- the database, guarded ----------------------------------------------
    def _guarded(self, action: Callable[[], Any], default: Any = None) -> Any:
        """Run `action` on the database; on an error, discard the cache and give `default`."""
        if self.connection is None:
            return default
        try:
            return action()
        except (sqlite3.DatabaseError, Untrusted) as exc:
            self._fail(exc)
            return default

    def _fail(self, exc: BaseException) -> None:
        connection, self.connection = self.connection, None
        if connection is not None:
            with contextlib.suppress(sqlite3.Error):
                connection.close()
        why = str(exc) if isinstance(exc, Untrusted) else f"it is damaged ({type(exc).__name__}: {exc})"
        discard(self.folder, why, self.notice)

    @property
    def usable(self) -> bool:
        return self.connection is not None

    def _db(self) -> sqlite3.Connection:
        if self.connection is None:
            raise Untrusted("it was discarded")
        return self.connection

    def _write(self) -> sqlite3.Connection:
        """The connection, in this run's write transaction (begun at the first write)."""
        connection = self._db()
        if not self._in_transaction:
            connection.execute("BEGIN IMMEDIATE")
            self._in_transaction = True
        return connection

    def _read_files(self) -> None:
        for key, mtime, ctime, size, ino, found in self._db().execute("SELECT * FROM files"):
            stamp = None if mtime is None else (mtime, ctime, size, ino)
            self.files[key] = (stamp, bytes(found))

    @property
    def remembers_a_run(self) -> bool:
        """Whether an earlier run recorded its files here: this is not a project's first run."""
        return bool(self.files)

    # -- stamps and digests of any file --------------------------------------------
    def known_digest(self, key: str, stamp: Stamp) -> bytes | None:
        """The digest of the file at `key`, if its stamp shows it unchanged since it was hashed."""
        known = self._changed.get(key) or self.files.get(key)
        return known[1] if known is not None and known[0] == stamp else None

    def last_digest(self, key: str) -> bytes | None:
        """The digest the file at `key` had when the last run committed, whatever its stamp."""
        known = self.files.get(key)
        return None if known is None else known[1]

    def note_digest(self, key: str, stamp: Stamp, found: bytes, now_ns: int | None = None) -> None:
        """Remember a file's digest, and its stamp if the stamp can be trusted later."""
        entry = (trusted_stamp(stamp, now_ns), found)
        if self.files.get(key) != entry:
            self._changed[key] = entry

    # -- parsed content files (load's ParsedStore) ---------------------------------
    def recall(self, rel: str, stamp: Stamp) -> CachedFile | None:
        key = CONTENT + rel
        self._seen_content.add(key)
        known = self.known_digest(key, stamp)
        return None if known is None else self._parsed(rel, known, stamp)

    def recall_content(self, rel: str, content: bytes, stamp: Stamp) -> CachedFile | None:
        found = digest(content)
        self.note_digest(CONTENT + rel, stamp, found)
        hit = self._parsed(rel, found, stamp)
        if hit is None:  # to be parsed, then kept with this digest
            self._digests[rel] = (content, found)
        return hit

    def may_hold(self, rel: str) -> bool:
        if self._stored_paths is None:
            self._stored_paths = {path for path, _ in self._stored_entries()}
        return rel in self._stored_paths

    def keep(self, rel: str, content: bytes | None, found: CachedFile, encoded: str | None = None,
             key: bytes | None = None) -> None:
        looked_up, known = self._digests.pop(rel, (b"", b""))
        if key is None:
            assert content is not None
            key = known if content is looked_up else digest(content)  # a file not recalled is kept just after
        self.note_digest(CONTENT + rel, found.stamp, key)
        body = encode_parsed(found) if encoded is None else encoded
        self._pending.append((rel, key, body, _checksum(rel, key, body)))
        self._stored_entries().add((rel, key))
        if self._stored_paths is not None:
            self._stored_paths.add(rel)
        if len(self._pending) >= BATCH:
            self._guarded(self._flush)

    @staticmethod
    def encoder() -> Callable[[CachedFile], str]:
        """What `keep` stores of a file, made where the file was parsed (a worker, see `load.parsing`)."""
        return encode_parsed

    def _flush(self) -> None:
        if self._pending:
            self._write().executemany("INSERT OR REPLACE INTO parsed VALUES (?, ?, ?, ?)", self._pending)
            self._pending = []
        if self._pending_checked:
            self._write().executemany("INSERT OR REPLACE INTO checked VALUES (?, ?, ?, ?, ?, ?)",
                                      self._pending_checked)
            self._pending_checked = []

    def _stored_entries(self) -> set[tuple[str, bytes]]:
        if self._stored is None:
            self._stored = set(self._guarded(lambda: {(path, bytes(key)) for path, key in
                                                      self._db().execute("SELECT path, digest FROM parsed")}, set()))
        return self._stored

    def _parsed(self, rel: str, key: bytes, stamp: Stamp) -> CachedFile | None:
        if (rel, key) not in self._stored_entries():
            return None
        self._guarded(self._flush)  # it may be waiting to be inserted

        def read() -> CachedFile | None:
            row = self._db().execute("SELECT body, checksum FROM parsed WHERE path = ? AND digest = ?",
                                     (rel, key)).fetchone()
            if row is None:
                return None
            body, checksum = row
            if _checksum(rel, key, body) != bytes(checksum):
                raise Untrusted(f"the entry of {rel} fails its checksum")
            return decode_parsed(body, rel, stamp, key)

        return self._guarded(read)

    # -- records' checks (validate's CheckedStore) ---------------------------------
    def checked(self) -> dict[str, tuple[bytes, str, bytes]]:
        if self._checked is None:
            def read() -> dict[str, tuple[bytes, str, bytes, bytes, bytes]]:
                return {path: (bytes(key), reads, bytes(dependencies), bytes(body), bytes(checksum))
                        for path, key, reads, dependencies, body, checksum in self._db().execute(
                            "SELECT path, digest, reads, dependencies, body, checksum FROM checked")}
            self._checked = self._guarded(read, {})
        return {path: row[:3] for path, row in self._checked.items()}  # type: ignore[misc]

    def checked_outcome(self, rel: str) -> tuple[Any, list[Any]] | None:
        row = (self._checked or {}).pop(rel, None)
        if row is None:
            return None

        def read() -> tuple[Any, list[Any]]:
            key, reads, dependencies, body, checksum = row
            if not isinstance(reads, str) or _checksum(rel, key, reads, dependencies, body) != checksum:
                raise Untrusted(f"the check of {rel} fails its checksum")
            return decode_checked(body, rel)

        return self._guarded(read)

    def keep_checked(self, rel: str, key: bytes, reads: str, dependencies: bytes, body: bytes) -> None:
        self._pending_checked.append((rel, key, reads, dependencies, body,
                                      _checksum(rel, key, reads, dependencies, body)))
        if len(self._pending_checked) >= BATCH:
            self._guarded(self._flush)

    # -- named state ------------------------------------------------------
    def state(self, name: str) -> Any:
        """The value last stored under `name`, or None."""
        def read() -> Any:
            row = self._db().execute("SELECT body, checksum FROM state WHERE name = ?", (name,)).fetchone()
            if row is None:
                return None
            if _checksum(name, row[0]) != bytes(row[1]):
                raise Untrusted(f"its record '{name}' fails its checksum")
            try:
                return json.loads(row[0])
            except (ValueError, RecursionError):
                raise Untrusted(f"its record '{name}' is not JSON") from None

        return self._guarded(read)

    def set_state(self, name: str, value: Any) -> None:
        body = json.dumps(value, separators=(",", ":"))
        self._guarded(lambda: self._write().execute("INSERT OR REPLACE INTO state VALUES (?, ?, ?)",
                                                    (name, body, _checksum(name, body))))

    def drop_state(self, *names: str) -> None:
        self._guarded(lambda: self._write().executemany("DELETE FROM state WHERE name = ?", [(n,) for n in names]))

    # -- pages of the last published site -------------------------------------
    def page_records(self) -> dict[str, tuple[bytes, str]]:
        """URL -> (input digest, reads) of each page of the last site recorded (see `pagereads`),
        each whose checksum holds: a page is kept when no read it recorded moved, so its reads
        must be the ones recorded."""
        def read() -> dict[str, tuple[bytes, str]]:
            found = {}
            for url, key, reads, checksum in self._db().execute("SELECT url, digest, reads, checksum FROM pages"):
                key = bytes(key)
                if _checksum(url, key, reads) != bytes(checksum):
                    raise Untrusted(f"the record of page {url} fails its checksum")
                found[url] = key, reads
            return found
        return self._guarded(read, {})

    def set_pages(self, pages: Iterable[tuple[str, bytes, str]], removed: Iterable[str]) -> None:
        """Record each page's (URL, input digest, reads), taken one by one as they are made (a
        site's are many megabytes), and forget the `removed` pages."""
        def write() -> None:
            connection = self._write()
            connection.executemany("DELETE FROM pages WHERE url = ?", [(url,) for url in removed])
            connection.executemany("INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?)",
                                   ((url, key, reads, _checksum(url, key, reads)) for url, key, reads in pages))

        self._guarded(write)

    # -- the digests of the values the last site's pages read --------------------------
    def read_digests(self) -> tuple[dict[str, bytes], str]:
        """The rows `set_read_digests` wrote, by read, and their checksum (for the caller to compare);
        ({}, '') if a row is not such as it writes."""
        def read() -> tuple[dict[str, bytes], str]:
            h = hashlib.blake2b(digest_size=16)
            found: dict[str, bytes] = {}
            for texts, digests in self._db().execute("SELECT texts, digests FROM reads ORDER BY chunk"):
                if not isinstance(texts, str) or not isinstance(digests, bytes):
                    return {}, ""
                _feed(h, (texts, digests))
                split = texts.split("\n")
                if len(digests) != 16 * len(split):
                    return {}, ""
                found.update(zip(split, [digests[i:i + 16] for i in range(0, len(digests), 16)], strict=True))
            return found, h.hexdigest()
        return self._guarded(read, ({}, ""))

    def set_read_digests(self, rows: Iterable[tuple[str, bytes]]) -> str:
        """Record rows of (a read as JSON, with no line break, the digest of its value), taken one by
        one as they are made (several hundred thousand at 10,000 entities), in place of those before;
        their checksum."""
        h = hashlib.blake2b(digest_size=16)

        def chunks() -> Iterator[tuple[int, str, bytes]]:
            taken = iter(rows)
            for number in itertools.count():
                chunk = list(itertools.islice(taken, READS_A_ROW))
                if not chunk:
                    return
                texts = "\n".join([text for text, _ in chunk])
                digests = b"".join([found for _, found in chunk])
                _feed(h, (texts, digests))
                yield number, texts, digests

        def write() -> None:
            connection = self._write()
            connection.execute("DELETE FROM reads")
            connection.executemany("INSERT INTO reads VALUES (?, ?, ?)", chunks())

        self._guarded(write)
        return h.hexdigest()

    # -- sections of the print page of the last published site ----------------------
    def section_records(self) -> dict[str, tuple[bytes, str, str]]:
        """A record's id -> (input digest, reads, HTML) of its section of the last site's print page
        (see `render.jinja.Printed`), each whose checksum holds: its HTML is published as it is."""
        def read() -> dict[str, tuple[bytes, str, str]]:
            return {key: (bytes(found), reads, html) for key, found, reads, html, checksum in
                    self._db().execute("SELECT key, digest, reads, html, checksum FROM sections")
                    if _checksum(key, found, reads, html) == bytes(checksum)}
        return self._guarded(read, {})

    def drop_sections(self) -> None:
        """Forget every section of the print page (the site has none)."""
        self._guarded(lambda: self._write().execute("DELETE FROM sections"))

    def set_sections(self, sections: Iterable[tuple[str, bytes, str, str]], removed: Iterable[str]) -> None:
        """Record each section of the print page drawn as (record id, input digest, reads, HTML), and
        forget the `removed` ones."""
        def write() -> None:
            connection = self._write()
            connection.executemany("DELETE FROM sections WHERE key = ?", [(key,) for key in removed])
            connection.executemany("INSERT OR REPLACE INTO sections VALUES (?, ?, ?, ?, ?)",
                                   ((key, found, reads, html, _checksum(key, found, reads, html))
                                    for key, found, reads, html in sections))

        self._guarded(write)

    # -- committing ---------------------------------------------------------------
    def commit(self, prune: bool = True) -> None:
        """Make this run's writes the cache's state, in one step: all of them or (if killed) none.

        With `prune`, the run read every content file through the cache: those it did not see
        are gone, and are forgotten."""
        def write() -> None:
            connection = self._db()
            self._flush()
            if self._changed:
                self._write().executemany(
                    "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?)",
                    [(key, *(stamp or (None, None, None, None)), found)
                     for key, (stamp, found) in self._changed.items()])
            if prune and self._seen_content and \
                    self._seen_content != {k for k in self.files if k.startswith(CONTENT)}:
                self._prune(self._write())
            if self._in_transaction:
                connection.execute("COMMIT")
                self._in_transaction = False
            self.files.update(self._changed)
            self._changed = {}

        self._guarded(write)

    def _prune(self, connection: sqlite3.Connection) -> None:
        """Forget content files this run did not see, and what files gave before their last change."""
        connection.execute("CREATE TEMP TABLE IF NOT EXISTS seen (key TEXT PRIMARY KEY)")
        connection.execute("DELETE FROM seen")
        connection.executemany("INSERT OR IGNORE INTO seen VALUES (?)", [(k,) for k in self._seen_content])
        connection.execute("DELETE FROM files WHERE key LIKE 'content:%' AND key NOT IN (SELECT key FROM seen)")
        connection.execute("DELETE FROM parsed WHERE NOT EXISTS (SELECT 1 FROM files WHERE "
                           "files.key = 'content:' || parsed.path AND files.digest = parsed.digest)")
        connection.execute("DELETE FROM checked WHERE NOT EXISTS (SELECT 1 FROM files WHERE "
                           "files.key = 'content:' || checked.path)")
        for key in [k for k in self.files if k.startswith(CONTENT) and k not in self._seen_content]:
            del self.files[key]

    def close(self) -> None:
        """Let the cache go, uncommitted writes dropped."""
        connection, self.connection = self.connection, None
        if connection is not None:
            with contextlib.suppress(sqlite3.Error):
                if self._in_transaction:
                    connection.execute("ROLLBACK")
            connection.close()
        unlock(self._lock)
        self._lock = None

    @property
    def lock_descriptor(self) -> int | None:
        """The descriptor holding the cache's lock, if one does: a process forked during the run
        closes its copy, so that the lock ends with the run even if that process outlives it."""
        held = self._lock
        return held if isinstance(held, int) and not isinstance(held, bool) else None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class NullStore:
    """The cache of a run that keeps none (--no-cache, or a cache that cannot be used): every
    read finds nothing, every write is dropped."""

    usable = False
    remembers_a_run = False

    def known_digest(self, key: str, stamp: Stamp) -> bytes | None:
        return None

    def last_digest(self, key: str) -> bytes | None:
        return None

    def note_digest(self, key: str, stamp: Stamp, found: bytes, now_ns: int | None = None) -> None:
        pass

    def recall(self, rel: str, stamp: Stamp) -> CachedFile | None:
        return None

    def recall_content(self, rel: str, content: bytes, stamp: Stamp) -> CachedFile | None:
        return None

    def may_hold(self, rel: str) -> bool:
        return False

    def keep(self, rel: str, content: bytes | None, found: CachedFile, encoded: str | None = None,
             key: bytes | None = None) -> None:
        pass

    @staticmethod
    def encoder() -> None:
        return None

    def checked(self) -> dict[str, tuple[bytes, str, bytes]]:
        return {}

    def checked_outcome(self, rel: str) -> tuple[Any, list[Any]] | None:
        return None

    def keep_checked(self, rel: str, key: bytes, reads: str, dependencies: bytes, body: bytes) -> None:
        pass

    def state(self, name: str) -> Any:
        return None

    def set_state(self, name: str, value: Any) -> None:
        pass

    def drop_state(self, *names: str) -> None:
        pass

    def page_records(self) -> dict[str, tuple[bytes, str]]:
        return {}

    def set_pages(self, pages: Iterable[tuple[str, bytes, str]], removed: Iterable[str]) -> None:
        pass

    def read_digests(self) -> tuple[dict[str, bytes], str]:
        return {}, ""

    def set_read_digests(self, rows: Iterable[tuple[str, bytes]]) -> str:
        return ""

    def section_records(self) -> dict[str, tuple[bytes, str, str]]:
        return {}

    def drop_sections(self) -> None:
        pass

    def set_sections(self, sections: Iterable[tuple[str, bytes, str, str]], removed: Iterable[str]) -> None:
        pass

    def commit(self, prune: bool = True) -> None:
        pass

    def close(self) -> None:
        pass

    @property
    def lock_descriptor(self) -> int | None:
        return None

    def __enter__(self) -> NullStore:
        return self

    def __exit__(self, *exc: object) -> None:
        pass
