"""Load: read a content folder into raw records, keeping the file and line of every value.

Takes the content root; gives `RawRecord`s (plain dicts, lists and strings, plus a
table from each value's path to its place), `RawNote`s (Markdown text) and
diagnostics. YAML is composed into nodes and converted by hand, so scalars stay
the strings the editor wrote (no implicit dates or numbers), and the features a
record never needs (aliases, merge keys, custom tags, several documents) are
refused with their line instead of being expanded.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Protocol

import yaml

from ..core.diagnostics import Diagnostic, Diagnostics, Pos, did_you_mean
from ..core.filestamps import Stamp, digest, file_stamp
from ..core.kinds import KINDS
from .notetext import note_is_readable
from .parsing import parse_files
from .places import COLUMN_BITS, COLUMN_MASK, Places, ValuePath, new_places, pack, unpack, value_paths, walk_paths
from .yamlguard import MAX_DEPTH, TOO_DEEP, needs_preflight, preflight, without_unicode_line_breaks

KIND_FOLDERS = {kind.folder: kind.name for kind in KINDS}
FOLDER_SYNONYMS = {
    "person": "people", "persons": "people", "individuals": "people", "group": "groups",
    "organisations": "groups", "organizations": "groups", "place": "places", "locations": "places",
    "source": "sources", "documents": "sources", "event": "events", "timeline": "events",
}
SETTINGS_FILE = "dossier.yml"
MAX_FILE_BYTES = 2 * 1024 * 1024
"""Records are small; a larger file is refused before parsing so a hostile file costs nothing."""
MAX_NOTE_BYTES = 128 * 1024
"""Notes are an editor's analysis; Markdown parsing of a pathological 2 MiB note takes a minute."""

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NULLS = {"", "~", "null", "Null", "NULL"}


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The safe loader with a quicker implicit resolver (the parser calls it for every node).

    Conversion keeps every scalar as the text written and looks at a tag only to
    tell null, a merge key and a non-standard tag apart, so a plain scalar is
    resolved to null, merge or str only; ints, bools and dates stay text anyway.
    Path resolvers are never used.
    """

    def resolve(self, kind, value, implicit):  # noqa: ANN001, ANN201
        if kind is yaml.ScalarNode:
            if implicit[0]:
                if value in _NULLS:
                    return _NULL_TAG
                if value == "<<":
                    return "tag:yaml.org,2002:merge"
            return "tag:yaml.org,2002:str"
        return "tag:yaml.org,2002:seq" if kind is yaml.SequenceNode else "tag:yaml.org,2002:map"

    def descend_resolver(self, current_node, current_index):  # noqa: ANN001, ANN201
        return None

    def ascend_resolver(self):  # noqa: ANN201
        return None

_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}
_NULL_TAG = "tag:yaml.org,2002:null"


@dataclass
class RawRecord:
    """One YAML file: its kind and id come from its folder and file name.

    `places` and `key_places` are the place of every value and of every field name, packed
    (see `places`), in the order of a walk of the data, parents first, which the cache relies
    on (see `parsedjson`). The table from a value's path to its place is made when a place is
    first asked for, and kept until `forget_paths`; that of the field names' places only when one
    of those is asked for (by a few messages).
    """

    kind: str
    id: str
    path: str
    data: Any
    places: Places = field(default_factory=new_places)
    key_places: Places = field(default_factory=new_places)
    _paths: dict[ValuePath, int] | None = field(default=None, init=False, compare=False, repr=False)
    _key_paths: dict[ValuePath, int] | None = field(default=None, init=False, compare=False, repr=False)

    @property
    def positions(self) -> dict[ValuePath, int]:
        """Each value's path -> its packed place, in the order of the places."""
        if self._paths is None:
            self._paths = dict(zip(value_paths(self.data), self.places, strict=True))
        return self._paths

    @property
    def key_positions(self) -> dict[ValuePath, int]:
        """The path of each value under a field name -> the packed place of that name."""
        if self._key_paths is None:
            self._key_paths = dict(zip(walk_paths(self.data)[1], self.key_places, strict=True))
        return self._key_paths

    def forget_paths(self) -> None:
        """Let go of the tables from paths to places (they are made again if a place is asked for)."""
        self._paths = self._key_paths = None

    def pos(self, path: ValuePath = ()) -> Pos:
        """The place of the value at `path`, or of its nearest parent that has one.

        (Asked for every fact, citation and relation a record has: the usual case, a path
        that has a place, is one look-up with the place unpacked here.)"""
        positions = self._paths or self.positions
        packed = positions.get(path)
        if packed is None:
            while path and path not in positions:
                path = path[:-1]
            packed = positions.get(path)
            if packed is None:
                return Pos(self.path, 1, 1)
        return Pos(self.path, (packed >> COLUMN_BITS) + 1, (packed & COLUMN_MASK) + 1)

    def key_pos(self, path: ValuePath) -> Pos:
        """The place of the field name that holds the value at `path`."""
        packed = self.key_positions.get(path)
        return self.pos(path) if packed is None else self._unpack(packed)

    def _unpack(self, packed: int) -> Pos:
        return Pos(self.path, *unpack(packed))


@dataclass
class RawNote:
    """A Markdown note attached to the record of the same folder and file stem."""

    kind: str
    id: str
    path: str
    text: str


@dataclass
class LoadedContent:
    settings: RawRecord | None
    records: list[RawRecord]
    notes: list[RawNote]
    digests: dict[str, bytes] = field(default_factory=dict)
    """The digest of each record file's bytes, by path, where a cache knew it (see `CachedFile.digest`)."""


@dataclass(frozen=True)
class CachedFile:
    """What one file gave when it was read, and when: lets `serve` re-read only changed files."""

    stamp: Stamp
    """Its stamp when it was read (see `filestamps`)."""
    item: RawRecord | RawNote | None
    diagnostics: list[Diagnostic]
    digest: bytes | None = None
    """The digest of the bytes it was read from (see `filestamps.digest`), when a cache keeps it."""


LoadedFiles = dict[str, CachedFile]
"""Content-relative path -> what the file gave when last read."""


class ParsedStore(Protocol):
    """What files gave in earlier runs, kept between runs (see `cache.store`): consulted before parsing."""

    def recall(self, rel: str, stamp: Stamp) -> CachedFile | None:
        """What the file gave, if its stamp shows it unchanged since it was read."""

    def recall_content(self, rel: str, content: bytes, stamp: Stamp) -> CachedFile | None:
        """What a file at `rel` with these bytes (by their digest) gave, if it was parsed before."""

    def may_hold(self, rel: str) -> bool:
        """Whether the store may hold what a file at `rel` gave (with any bytes): if not, `recall_content`
        cannot find it, and its bytes need not be read before it is parsed."""

    def keep(self, rel: str, content: bytes | None, found: CachedFile, encoded: Any = None,
             key: bytes | None = None) -> None:
        """Remember what the file at `rel` with these bytes (or bytes of this digest, `key`) gave;
        `encoded`, what `encoder` made of it."""

    def encoder(self) -> Callable[[CachedFile], Any] | None:
        """What makes the entry `keep` stores of a file, to run where the file is parsed (or None)."""


def load_content(root: Path, diagnostics: Diagnostics, loaded: LoadedFiles | None = None,
                 store: ParsedStore | None = None) -> LoadedContent:
    """Read every record and note under `root`, in sorted order.

    With `loaded` (kept by the caller between calls), a file whose stamp is
    unchanged is not read again; its result and diagnostics are reused. With a
    `store` (kept between runs), a file is parsed only if it was never parsed with
    these bytes: its stamp, or else the digest of its bytes, finds what it gave.
    """
    root = Path(root)
    settings = None
    if (root / SETTINGS_FILE).is_file():
        if store is None:
            settings = load_yaml_file(root, root / SETTINGS_FILE, "settings", diagnostics)
        else:
            found = _load_stored(root / SETTINGS_FILE, SETTINGS_FILE, "settings",
                                 file_stamp(os.stat(root / SETTINGS_FILE)), store)
            diagnostics.extend(found.diagnostics)
            settings = found.item if isinstance(found.item, RawRecord) else None
    else:
        diagnostics.error(Pos(SETTINGS_FILE), "load.no-settings",
                          f"missing {SETTINGS_FILE}: every dossier needs its title and default source there")
    records: list[RawRecord] = []
    notes: list[RawNote] = []
    digests: dict[str, bytes] = {}
    steps: list[Diagnostic | _FileStep] = []
    for entry in sorted(os.scandir(root), key=lambda e: e.name):
        rel = entry.name
        if entry.name.startswith(".") or entry.name == SETTINGS_FILE:
            continue
        if entry.is_symlink():
            steps.append(Diagnostic(Pos(rel), "error", f"'{rel}' is a symbolic link; content folders and files must "
                                    "be real, so a build never reads from outside the content folder",
                                    "load.not-a-file"))
            continue
        if not entry.is_dir():
            steps.append(Diagnostic(Pos(rel), "error", f"unexpected file '{rel}': records live in the folders "
                                    f"{_folder_list()}", "load.unexpected-file"))
            continue
        kind = KIND_FOLDERS.get(entry.name)
        if kind is None:
            steps.append(Diagnostic(Pos(rel), "error", f"unknown folder '{rel}', expected one of {_folder_list()}."
                                    + _folder_hint(entry.name), "load.unknown-folder"))
            continue
        _scan_folder(Path(entry.path), kind, steps, loaded, store)
    encode = store.encoder() if store is not None else None
    parse_files([step for step in steps if isinstance(step, _FileStep) and (step.data is not None or step.unread)],
                _parse_step if encode is None else partial(_parse_step, encode=encode))
    for step in steps:
        if isinstance(step, Diagnostic):
            diagnostics.extend((step,))
            continue
        if (step.data is not None or step.unread) and step.stamp is not None:  # parsed in this run: kept for the next
            step.found = CachedFile(step.stamp, step.item, step.diagnostics, step.digest)
            if store is not None and step.digest is not None:  # (None: it could not be read)
                store.keep(step.rel, step.data, step.found, step.encoded, step.digest)
        if step.found is not None:
            if loaded is not None:
                loaded[step.rel] = step.found
            item, gave = step.found.item, step.found.diagnostics
            if step.found.digest is not None:
                digests[step.rel] = step.found.digest
        else:
            item, gave = step.item, step.diagnostics
        diagnostics.extend(gave)
        if isinstance(item, RawRecord):
            records.append(item)
        elif item is not None:
            notes.append(item)
    return LoadedContent(settings, records, notes, digests)


def _folder_hint(name: str) -> str:
    synonym = FOLDER_SYNONYMS.get(name.lower())
    return f" Did you mean '{synonym}'?" if synonym else did_you_mean(name, KIND_FOLDERS)


def _folder_list() -> str:
    return ", ".join(KIND_FOLDERS)


@dataclass
class _FileStep:
    """One file of a kind's folder on its way in: what a cache gave for it, or its bytes to parse."""

    path: Path
    rel: str
    kind: str
    stamp: Stamp | None
    found: CachedFile | None = None
    """What the file gave, from `loaded` or the store; or, once parsed, what it gave in this run."""
    data: bytes | None = None
    """The bytes to parse (None once `found`, or if they could not be read)."""
    item: RawRecord | RawNote | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    encoded: Any = None
    """What the store's `encoder` made of the file where it was parsed, if it has one."""
    unread: bool = False
    """Its bytes are read where it is parsed (a worker, see `parsing`): nothing needs them before."""
    digest: bytes | None = None
    """The digest of its bytes, once parsed (None if they could not be read)."""


def _scan_folder(folder: Path, kind: str, steps: list[Diagnostic | _FileStep], loaded: LoadedFiles | None,
                 store: ParsedStore | None) -> None:
    """Each file of a folder as a step, in sorted order: found in `loaded` or the `store`, or read to be parsed."""
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        rel = f"{folder.name}/{entry.name}"  # kind folders sit directly in the content root
        if entry.name.startswith("."):
            continue
        if entry.is_symlink() or not entry.is_file():
            steps.append(Diagnostic(Pos(rel), "error", f"'{rel}' is not a regular file; records are plain .yml files",
                                    "load.not-a-file"))
            continue
        stem, suffix = os.path.splitext(entry.name)
        if suffix not in (".yml", ".md"):
            hint = " Did you mean '.yml'?" if suffix in (".yaml", ".YML", ".json") else ""
            steps.append(Diagnostic(Pos(rel), "error", f"unexpected file '{rel}': expected a .yml record or a .md "
                                    f"note.{hint}", "load.unexpected-file"))
            continue
        step = _FileStep(Path(entry.path), rel, kind, None if loaded is None and store is None
                         else file_stamp(entry.stat()))
        steps.append(step)
        if loaded is not None:
            hit = loaded.get(rel)
            if hit is not None and hit.stamp == step.stamp:
                step.found = hit
                continue
        if store is not None and step.stamp is not None:
            step.found = store.recall(rel, step.stamp)
            if step.found is not None:
                if loaded is not None:
                    loaded[rel] = step.found
                continue
        if store is None or step.stamp is None or not store.may_hold(rel):
            step.unread = True  # no cache can have it by its bytes: they are read where it is parsed
            continue
        found = Diagnostics()
        step.data = _read_bytes(step.path, rel, found)
        step.diagnostics = found.items
        if step.data is None:  # refused unread, or unreadable: nothing worth keeping
            if step.stamp is not None:
                step.found = CachedFile(step.stamp, None, found.items)
            continue
        if store is not None and step.stamp is not None:
            step.found = store.recall_content(rel, step.data, step.stamp)
            if step.found is not None:
                step.data = None


def _parse_step(step: _FileStep, encode: Callable[[CachedFile], Any] | None = None
                ) -> tuple[RawRecord | RawNote | None, list[Diagnostic], Any, bytes | None]:
    """What a file's bytes give, what `encode` makes of it, and the digest of the bytes (run in a
    worker as well as here: see `parsing`). A step left `unread` is read here first."""
    found = Diagnostics()
    data = step.data
    if data is None:
        data = _read_bytes(step.path, step.rel, found)
        if data is None:  # refused unread, or unreadable: nothing worth keeping
            return None, step.diagnostics + found.items, None, None
    item = _parse(data, step.path, step.rel, step.kind, found)
    diagnostics = step.diagnostics + found.items
    if encode is None:
        return item, diagnostics, None, digest(data) if step.stamp is not None else None
    assert step.stamp is not None  # a file is stamped wherever there is a store to keep it
    return item, diagnostics, encode(CachedFile(step.stamp, item, diagnostics)), digest(data)


def load_file(root: Path, path: Path, kind: str, diagnostics: Diagnostics) -> RawRecord | RawNote | None:
    """One .yml record or .md note of a kind's folder, or None if it cannot be read."""
    return _load(path, path.relative_to(root).as_posix(), kind, diagnostics)


def _load(path: Path, rel: str, kind: str, diagnostics: Diagnostics) -> RawRecord | RawNote | None:
    data = _read_bytes(path, rel, diagnostics)
    return None if data is None else _parse(data, path, rel, kind, diagnostics)


def _load_stored(path: Path, rel: str, kind: str, stamp: Stamp, store: ParsedStore) -> CachedFile:
    """What the file gives, from the store when it holds it; else read, parsed and kept there."""
    hit = store.recall(rel, stamp)
    if hit is not None:
        return hit
    found = Diagnostics()
    data = _read_bytes(path, rel, found)
    if data is None:  # refused unread, or unreadable: nothing worth keeping
        return CachedFile(stamp, None, found.items)
    hit = store.recall_content(rel, data, stamp)
    if hit is None:
        hit = CachedFile(stamp, _parse(data, path, rel, kind, found), found.items)
        store.keep(rel, data, hit)
    return hit


def _parse(data: bytes, path: Path, rel: str, kind: str, diagnostics: Diagnostics) -> RawRecord | RawNote | None:
    """A file's bytes as a record or a note, or None with the reason in `diagnostics`."""
    text = _decode(data, rel, diagnostics)
    if text is None:
        return None
    if path.suffix == ".yml":
        return _parse_yaml(text, path, rel, kind, diagnostics)
    if not note_is_readable(text, rel, diagnostics):
        return None
    return RawNote(kind, path.stem, rel, text)


def _read_bytes(path: Path, rel: str, diagnostics: Diagnostics) -> bytes | None:
    limit, what = (MAX_NOTE_BYTES, "a note") if path.suffix == ".md" else (MAX_FILE_BYTES, "a content file")
    try:
        with open(path, "rb") as file:
            size = os.fstat(file.fileno()).st_size
            if size > limit:
                diagnostics.error(Pos(rel), "load.too-large",
                                  f"file is {size:,} bytes, more than the {limit:,} {what} may have")
                return None
            return file.read()
    except OSError as exc:
        diagnostics.error(Pos(rel), "load.unreadable", f"cannot read the file: {exc.strerror or exc}")
        return None


def _decode(data: bytes, rel: str, diagnostics: Diagnostics) -> str | None:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        diagnostics.error(Pos(rel, line), "load.encoding",
                          f"byte {data[exc.start]:#04x} is not UTF-8; save the file as UTF-8")
        return None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        diagnostics.error(Pos(rel, line), "load.encoding", "file contains a NUL character; is it binary?")
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def load_yaml_file(root: Path, path: Path, kind: str, diagnostics: Diagnostics) -> RawRecord | None:
    """Parse one YAML file into a RawRecord, or report why it cannot be read."""
    return _load_yaml(path, path.relative_to(root).as_posix(), kind, diagnostics)


def _load_yaml(path: Path, rel: str, kind: str, diagnostics: Diagnostics) -> RawRecord | None:
    data = _read_bytes(path, rel, diagnostics)
    text = None if data is None else _decode(data, rel, diagnostics)
    return None if text is None else _parse_yaml(text, path, rel, kind, diagnostics)


def _parse_yaml(text: str, path: Path, rel: str, kind: str, diagnostics: Diagnostics) -> RawRecord | None:
    if not text.isascii():
        text, problem = without_unicode_line_breaks(text)
        if problem is not None:  # one error; the file is read on, so no record misses it
            diagnostics.error(Pos(rel, problem.line, problem.column), problem.code, problem.message)
    problems = preflight(text) if needs_preflight(text) else []
    for problem in problems:
        diagnostics.error(Pos(rel, problem.line, problem.column), problem.code, problem.message)
    if problems:
        return None
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = exc.problem or exc.context or "invalid YAML"
        lines = text.split("\n")
        if mark and mark.line < len(lines) and lines[mark.line][mark.column:mark.column + 1] == "\t":
            reason = "a tab; YAML indents with spaces only, so replace it with spaces"
        elif exc.context and exc.context_mark and exc.problem and exc.context_mark.line != getattr(mark, "line", -1):
            reason += f" ({exc.context} that starts at line {exc.context_mark.line + 1})"
        diagnostics.error(Pos(rel, line, column), "yaml.syntax", f"invalid YAML: {reason}")
        return None
    except yaml.reader.ReaderError as exc:  # a character YAML forbids; it has a position, not a mark
        before = text[: exc.position]
        line, column = before.count("\n") + 1, exc.position - before.rfind("\n")
        char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
        diagnostics.error(Pos(rel, line, column), "yaml.syntax",
                          f"invalid YAML: the control character U+{ord(char[:1] or ' '):04X} is not allowed; remove it")
        return None
    except yaml.YAMLError as exc:
        diagnostics.error(Pos(rel, 1), "yaml.syntax", f"invalid YAML: {exc}")
        return None
    if len(nodes) > 1:
        second = nodes[1].start_mark.line + 1
        diagnostics.error(Pos(rel, second), "yaml.documents",
                          "found a second YAML document ('---'); a record file holds one mapping")
        return None
    record = RawRecord(kind, path.stem, rel, None)
    if not nodes:
        diagnostics.error(Pos(rel, 1), "yaml.empty", "file is empty; expected a mapping of fields")
        return None
    converter = _NodeConverter(record, diagnostics)
    record.data = converter.convert(nodes[0], 0)
    if converter.failed:
        return None
    return record


class _NodeConverter:
    """Turns a composed node tree into plain values, recording each value's place.

    Aliases never reach it: a file that could hold one went through the preflight,
    which refuses them. Depth is limited here, so a cycle could not recurse forever.
    This is the hottest loop of a large build (every value of every record), so
    scalars, the most common values, are handled inline, and places are appended to
    the record's arrays in the order met (see `places`), with no path made.
    """

    def __init__(self, record: RawRecord, diagnostics: Diagnostics):
        self.record = record
        self.add_place = record.places.append
        self.add_key_place = record.key_places.append
        self.diagnostics = diagnostics
        self.failed = False

    def _error(self, node: yaml.Node, code: str, message: str) -> None:
        self.failed = True
        mark = node.start_mark
        self.diagnostics.error(Pos(self.record.path, mark.line + 1, mark.column + 1), code, message)

    def convert(self, node: yaml.Node, depth: int) -> Any:
        mark = node.start_mark
        self.add_place(pack(mark.line, mark.column))
        tag = node.tag
        if tag not in _STANDARD_TAGS:
            self._error(node, "yaml.tag", f"YAML tag '{tag}' is not allowed in content")
            return None
        if isinstance(node, yaml.ScalarNode):
            return None if tag == _NULL_TAG and not node.style else node.value
        if depth >= MAX_DEPTH:
            self._error(node, "yaml.too-deep", TOO_DEEP)
            return None
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, depth + 1) for item in node.value]
        assert isinstance(node, yaml.MappingNode)
        return self._convert_mapping(node, depth)

    def _convert_mapping(self, node: yaml.MappingNode, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        add_place, add_key_place = self.add_place, self.add_key_place
        for key_node, value_node in node.value:
            if type(key_node) is not yaml.ScalarNode:
                self._error(key_node, "yaml.key", "a field name must be plain text")
                continue
            key = key_node.value
            if key == "<<" and key_node.tag.endswith(":merge"):
                self._error(key_node, "yaml.merge", "YAML merge keys (<<) are not supported; write the fields out")
                continue
            if key in result:
                self._error(key_node, "yaml.duplicate-key", f"field '{key}' is given twice in this mapping")
                continue
            mark = key_node.start_mark
            add_key_place(pack(mark.line, mark.column))
            tag = value_node.tag
            if type(value_node) is yaml.ScalarNode and tag in _STANDARD_TAGS:
                mark = value_node.start_mark
                add_place(pack(mark.line, mark.column))
                result[key] = None if tag == _NULL_TAG and not value_node.style else value_node.value
            else:
                result[key] = self.convert(value_node, depth + 1)
        return result
