"""Bundle: the offline copy of a site, as a folder and a zip, byte-identical run to run.

The site's pages use only relative links and ship every asset, so the bundle is
the same files; it adds a short README for whoever receives the archive. The zip
(see `ziparchive`) has sorted entries, fixed timestamps (SOURCE_DATE_EPOCH if set)
and fixed modes. Folder and zip are made under private names and published
together (see `replacing_bundle`), so builds running at once cannot mix them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..cache.planner import Planner
from ..core.memory import release_free_memory
from ..core.progress import SILENT, Progress
from ..core.project import BUNDLE_NAME, Project
from ..core.timings import timed
from ..write.atomic import build_time, publishing_lock, rename_into_place, replacing_folder, staging_folder, write_file
from ..write.ziparchive import write_zip as zip_folder
from ..write.zipentries import Zipped, file_stamp
from .publish import Written
from .site import build_into

README = """Offline dossier
===============

Open index.html in a web browser (double-click it). Everything works from this
folder with no network: links, search, styles and print. print.html, where the
home page offers it, is the whole dossier as one document, to print or save as
PDF. data/ holds the dossier's data for other tools (spreadsheets, Aleph, Gephi);
data/README.txt says what each file holds. Move or copy the folder
anywhere; keep its files together.
"""

Notice = Callable[[str], None]


def _silent(message: str) -> None:
    """What a caller that prints nothing hears while a build waits for another."""


@dataclass
class Bundling:
    """A bundle being made: the folder to fill, and once published, what its zip holds (see
    `ziparchive.Zipped`; None if it could not be told)."""

    folder: Path
    zipped: Zipped | None = None


def write_bundle(site_dir: Path, dist_dir: Path, on_wait: Notice = _silent,
                 known: Zipped | None = None) -> tuple[Path, Path, Zipped | None]:
    """Write dist/<BUNDLE_NAME>/ and its zip from a built site folder; returns both paths, and what
    the zip holds (`known`: files known to be those the zip it replaces was made from, see
    `ziparchive.write_zip`).

    The folder's files are hard links to the site's (the same bytes, written once),
    or copies where the file system cannot link.
    """
    with replacing_bundle(dist_dir, on_wait, known) as bundling:
        link_tree(site_dir, bundling.folder)
    return dist_dir / BUNDLE_NAME, dist_dir / f"{BUNDLE_NAME}.zip", bundling.zipped


def build_bundle(project: Project, jobs: int | None = None, strict: bool = False, on_wait: Notice = _silent,
                 progress: Progress = SILENT, planner: Planner | None = None) -> tuple[Written, Path, Path]:
    """Build the site straight into the bundle folder (site/ is left alone), then zip it; files are
    read through the `planner`'s cache."""
    with replacing_bundle(project.dist_dir, on_wait) as bundling:
        written = build_into(project, bundling.folder, planner or Planner.forgetful(project), jobs, strict, progress,
                             reuse=False)
    return written, project.dist_dir / BUNDLE_NAME, project.dist_dir / f"{BUNDLE_NAME}.zip"


@contextmanager
def replacing_bundle(dist_dir: Path, on_wait: Notice = _silent, known: Zipped | None = None) -> Iterator[Bundling]:
    """An empty folder to fill with the site; when the block ends, it and its zip replace the bundle.

    Everything is made under private names first: the folder in a staging folder
    (see `write.replacing_folder`) and the zip, from that folder, in another, each
    locked while in use and removed after, whatever happens. Only then, holding a
    lock on dist/ so that two builds of one project never interleave, the folder
    is swapped in and the zip renamed over the old one (and stamped, still under the lock:
    `Bundling.zipped`). So two builds at once
    each publish a whole bundle, one after the other; a failed or interrupted one
    publishes nothing and leaves no partial file.
    """
    folder, archive = dist_dir / BUNDLE_NAME, dist_dir / f"{BUNDLE_NAME}.zip"
    dist_dir.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        private_zip = stack.enter_context(staging_folder(archive)) / archive.name
        with replacing_folder(folder) as new:
            bundling = Bundling(new)
            yield bundling
            add_readme(new)
            with timed("zipping"):
                files = write_zip(new, private_zip, previous=archive, known=known)
            release_free_memory()  # the zip's buffers
            stack.enter_context(publishing_lock(dist_dir, on_wait))
        made = os.stat(private_zip).st_ino
        publish_zip(private_zip, archive)
        published = file_stamp(os.lstat(archive))
        bundling.zipped = Zipped(published, files) if published[3] == made else None


def publish_zip(private_zip: Path, archive: Path) -> None:
    """Rename the finished zip over the published one: readers see the old zip or the new, never a part."""
    rename_into_place(private_zip, archive)


def add_readme(folder: Path) -> None:
    write_file(folder, "README.txt", README.encode("utf-8"))


def link_tree(source: Path, target: Path) -> None:
    """Give `target` every file of `source`, hard-linked where possible, else copied (mode and times kept)."""
    made: set[str] = set()
    for rel in tree_files(source):  # as strings, each folder made once: 11,000 files at 10,000 entities
        folder = rel.rpartition("/")[0]
        if folder not in made:
            (target / folder).mkdir(parents=True, exist_ok=True)
            made.add(folder)
        origin, destination = f"{source}/{rel}", f"{target}/{rel}"
        try:
            os.link(origin, destination)
        except OSError:
            shutil.copy2(origin, destination)


def tree_files(folder: Path) -> list[str]:
    """Every file under `folder`, as sorted relative POSIX paths."""
    files: list[str] = []
    for dirpath, _, filenames in os.walk(folder):
        prefix = Path(dirpath).relative_to(folder).as_posix()
        files.extend(name if prefix == "." else f"{prefix}/{name}" for name in filenames)
    return sorted(files)


def write_zip(folder: Path, archive: Path, previous: Path | None = None,
              known: Zipped | None = None) -> dict[str, list[int]]:
    """The folder's files zipped under one top folder named as the bundle, sorted, with fixed times and
    modes; the files the `previous` zip (the one this replaces, if any) holds unchanged are not deflated
    again, and those `known` (see `ziparchive.write_zip`) not read. Returns each file's stamp as zipped."""
    stamp = build_time()
    files = zip_folder(folder, tree_files(folder), BUNDLE_NAME, archive, stamp, previous, known)
    os.chmod(archive, 0o644)
    os.utime(archive, (stamp, stamp))
    return files
