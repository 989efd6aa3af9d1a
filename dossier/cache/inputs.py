"""Inputs: the engine's version, and a fingerprint of everything a build reads.

A build's output is a function of every content file, the templates as the theme overlay
sees them (the project's templates folder over the built-in theme), mkdocs.yml, the engine
and SOURCE_DATE_EPOCH. The engine is its own code and the libraries that shape output
(Jinja, MarkupSafe, markdown-it, PyYAML and whether libyaml is used, and Python), so
`engine_version` digests dossier's files and names those versions; a change to any of them
is another engine. `scan_inputs` lists the input folders with the stamps of their files;
`fingerprint` digests what they hold, hashing only the files whose stamps the cache does not
vouch for (see `filestamps`). Two runs with one fingerprint read the same bytes.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import os
import sys
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from .. import __version__
from ..core.filestamps import Entry, Stamp, digest, file_entry, file_stamp, scan_folder
from ..core.project import CONFIG_FILE, PACKAGE_DIR, Project, builtin_theme_dir

LIBRARIES = {"jinja2": "jinja2", "markupsafe": "markupsafe", "markdown_it": "markdown_it_py", "mdurl": "mdurl",
             "yaml": "pyyaml"}
"""Module -> its distribution's name as pip normalises it for the dist-info folder (lowercased)."""


@functools.cache
def engine_version() -> str:
    """A digest of dossier's files and the versions of the libraries and Python that shape its output."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"dossier {__version__}; python {sys.version}; libyaml {_libyaml()}".encode())
    for module, name in LIBRARIES.items():
        h.update(f"; {module} {_distribution_version(module, name)}".encode())
    for path in sorted(_engine_files()):
        h.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _engine_files() -> list[Path]:
    """The package's own files (the built-in theme, which a wheel carries inside it, is an input of its own)."""
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(PACKAGE_DIR):
        dirnames[:] = [d for d in dirnames if d not in ("__pycache__", "theme")]
        found.extend(Path(dirpath) / name for name in filenames if not name.endswith((".pyc", ".pyo")))
    return found


def _distribution_version(module: str, name: str) -> str:
    """The installed version of a library, from its dist-info folder (importlib.metadata takes half a second)."""
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.origin:
        return "absent"
    site = Path(spec.origin).parent.parent
    try:
        names = os.listdir(site)
    except OSError:
        return "unknown"
    prefix = name.replace("_", "-")
    for entry in sorted(names):
        stem = entry.lower().replace("_", "-")
        if stem.endswith(".dist-info") and stem.startswith(prefix + "-"):
            return stem[len(prefix) + 1:-len(".dist-info")]
    return f"unknown at {site}"


def _libyaml() -> bool:
    import yaml
    return bool(getattr(yaml, "__with_libyaml__", False))


class DigestSource(Protocol):
    """Where known digests come from and new ones go: the cache (see `cache.Cache`)."""

    def known_digest(self, key: str, stamp: Stamp) -> bytes | None: ...

    def note_digest(self, key: str, stamp: Stamp, found: bytes) -> None: ...


@dataclass(frozen=True)
class Scan:
    """The input folders and files of a project, as found: by namespace, path -> entry."""

    folders: dict[str, tuple[Path, dict[str, Entry]]]

    def same_as(self, other: Scan) -> bool:
        """Whether nothing was added, removed or touched between the two scans."""
        return {k: v[1] for k, v in self.folders.items()} == {k: v[1] for k, v in other.folders.items()}

    def held_still(self, project: Project, content_read: Collection[str] | None = None) -> bool:
        """Whether nothing was added, removed or touched since this scan; with `content_read`, but
        of the content folder only its files at those paths, for a run that read no other file of
        it since (one that took the kept model: the model stands for the others as scanned, and
        what the run found holds for them whatever they hold now). Listing the content again is
        most of the time of a `validate` after a note edit at 10,000 entities."""
        if content_read is None:
            return scan_inputs(project).same_as(self)
        now = scan_inputs(project, content=False)
        content_dir, content = self.folders["content"]
        return all(found == self.folders[name][1] for name, (_, found) in now.folders.items()) and \
            all(file_entry(content_dir / rel) == content.get(rel) for rel in content_read)


def scan_inputs(project: Project, content: bool = True) -> Scan:
    """The content folder (unless not `content`), the project's templates, the built-in theme,
    mkdocs.yml and the archive of captured copies and the releases, with stamps.

    Templates and assets are read by name, through symbolic links, so their scan follows links
    into their targets' stamps; the content's is not followed, since the loader refuses links."""
    config = project.root / CONFIG_FILE
    config_entry: dict[str, Entry] = {}
    if config.is_file():
        config_entry[CONFIG_FILE] = ("f", file_stamp(config.stat()))
    return Scan({
        **({"content": (project.content_dir, scan_folder(project.content_dir))} if content else {}),
        "templates": (project.templates_dir, _scan_theme(project.templates_dir)),
        "theme": (builtin_theme_dir(), _scan_theme(builtin_theme_dir())),
        "config": (project.root, config_entry),
        "archive": (project.archive_dir, scan_folder(project.archive_dir)),
        "releases": (project.releases_dir, scan_folder(project.releases_dir)),
    })


def _scan_theme(folder: Path) -> dict[str, Entry]:
    return scan_folder(folder, skip_hidden=False, follow_links=True)


def fingerprint(scan: Scan, build_time: int, digests: DigestSource,
                found: dict[str, bytes | None] | None = None) -> str:
    """A digest of every input a scan found (the bytes of its files), the engine and the build time;
    `found`, if given, gets the digest of each file by its key ('namespace:path')."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"engine {engine_version()}; time {build_time}\0".encode())
    for namespace, (folder, entries) in sorted(scan.folders.items()):
        h.update(f"{namespace}\0".encode())
        for rel, (kind, stamp) in entries.items():
            h.update(f"{rel}\0{kind}\0".encode("utf-8", "surrogateescape"))
            if stamp is not None:
                key = f"{namespace}:{rel}"
                known = digests.known_digest(key, stamp) or file_digest(folder / rel, key, stamp, digests)
                h.update(known or b"unreadable")
                if found is not None:
                    found[key] = known
    return h.hexdigest()


def file_digest(path: Path, key: str, stamp: Stamp, digests: DigestSource) -> bytes | None:
    """The digest of a file's bytes: vouched for by its stamp, or read and hashed (and noted)."""
    known = digests.known_digest(key, stamp)
    if known is not None:
        return known
    try:
        found = digest(path.read_bytes())
    except OSError:
        return None
    digests.note_digest(key, stamp, found)
    return found
