"""Bundle: the offline copy of a site, as a folder and a zip, byte-identical run to run.

The site's pages use only relative links and ship every asset, so the bundle is
the same files; it adds a short README for whoever receives the archive. The zip
(see `ziparchive`) has sorted entries, fixed timestamps (SOURCE_DATE_EPOCH if set)
and fixed modes.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from .project import BUNDLE_NAME, Project
from .site import Written, build_into
from .write import build_time, replacing_folder, write_file
from .ziparchive import write_zip as zip_folder

README = """Offline dossier
===============

Open index.html in a web browser (double-click it). Everything works from this
folder with no network: links, search, styles and print. print.html, where the
home page offers it, is the whole dossier as one document, to print or save as
PDF. data/ holds the dossier's data for other tools (spreadsheets, Aleph, Gephi);
data/README.txt says what each file holds. Move or copy the folder
anywhere; keep its files together.
"""


def write_bundle(site_dir: Path, dist_dir: Path) -> tuple[Path, Path]:
    """Write dist/<BUNDLE_NAME>/ and its zip from a built site folder; returns both paths.

    The folder's files are hard links to the site's (the same bytes, written once),
    or copies where the file system cannot link.
    """
    folder = dist_dir / BUNDLE_NAME
    with replacing_folder(folder) as new:
        link_tree(site_dir, new)
        add_readme(new)
    return folder, write_zip(folder, dist_dir)


def build_bundle(project: Project, jobs: int | None = None) -> tuple[Written, Path, Path]:
    """Build the site straight into the bundle folder (site/ is left alone), then zip it."""
    folder = project.dist_dir / BUNDLE_NAME
    with replacing_folder(folder) as new:
        written = build_into(project, new, jobs)
        add_readme(new)
    return written, folder, write_zip(folder, project.dist_dir)


def add_readme(folder: Path) -> None:
    write_file(folder, "README.txt", README.encode("utf-8"))


def link_tree(source: Path, target: Path) -> None:
    """Give `target` every file of `source`, hard-linked where possible, else copied (mode and times kept)."""
    for rel in tree_files(source):
        destination = target / rel
        destination.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source / rel, destination)
        except OSError:
            shutil.copy2(source / rel, destination)


def tree_files(folder: Path) -> list[str]:
    """Every file under `folder`, as sorted relative POSIX paths."""
    files: list[str] = []
    for dirpath, _, filenames in os.walk(folder):
        prefix = Path(dirpath).relative_to(folder).as_posix()
        files.extend(name if prefix == "." else f"{prefix}/{name}" for name in filenames)
    return sorted(files)


def write_zip(folder: Path, dist_dir: Path) -> Path:
    """dist/<folder name>.zip: the folder's files under one top folder, sorted, with fixed times and modes."""
    archive = dist_dir / f"{folder.name}.zip"
    partial = archive.with_suffix(".zip.partial")
    stamp = build_time()
    zip_folder(folder, tree_files(folder), folder.name, partial, stamp)
    os.chmod(partial, 0o644)
    os.utime(partial, (stamp, stamp))
    partial.replace(archive)
    return archive
