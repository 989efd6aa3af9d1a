"""Bundle: the offline copy of a site, as a folder and a zip, byte-identical run to run.

The site's pages use only relative links and ship every asset, so the bundle is
the same files; it adds a short README for whoever receives the archive. The zip
has sorted entries, fixed timestamps (SOURCE_DATE_EPOCH if set) and fixed modes.
"""

from __future__ import annotations

import io
import os
import time
import zipfile
from collections.abc import Mapping
from pathlib import Path

from .project import BUNDLE_NAME
from .write import build_time, replace_folder_atomically

README = """Offline dossier
===============

Open index.html in a web browser (double-click it). Everything works from this
folder with no network: links, search, styles and print. print.html, where the
home page offers it, is the whole dossier as one document, to print or save as
PDF. Move or copy the folder
anywhere; keep its files together.
"""


def bundle_files(site_files: Mapping[str, bytes]) -> dict[str, bytes]:
    files = dict(site_files)
    files["README.txt"] = README.encode("utf-8")
    return dict(sorted(files.items()))


def zip_bytes(files: Mapping[str, bytes], top: str) -> bytes:
    """A deterministic zip of `files` under the folder `top/`."""
    stamp = time.gmtime(build_time())[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for rel in sorted(files):
            info = zipfile.ZipInfo(f"{top}/{rel}", date_time=stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            archive.writestr(info, files[rel])
    return buffer.getvalue()


def write_bundle(site_files: Mapping[str, bytes], dist_dir: Path) -> tuple[Path, Path]:
    """Write dist/<BUNDLE_NAME>/ and dist/<BUNDLE_NAME>.zip; returns both paths."""
    files = bundle_files(site_files)
    folder = dist_dir / BUNDLE_NAME
    replace_folder_atomically(files, folder)
    archive = dist_dir / f"{BUNDLE_NAME}.zip"
    partial = archive.with_suffix(".zip.partial")
    partial.write_bytes(zip_bytes(files, BUNDLE_NAME))
    os.chmod(partial, 0o644)
    os.utime(partial, (build_time(), build_time()))
    partial.replace(archive)
    return folder, archive
