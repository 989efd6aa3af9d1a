"""Data page: data.html, the list of the dossier's data files with their format, size and contents.

Made from the files as exported, so each size is the size of the file beside it. The
page is drawn through the theme's `data.html` like every other page; it sits at the
site's root, so that data/ holds the data alone (`build.py export` writes that folder).
"""

from __future__ import annotations

from collections.abc import Mapping

from ..core.model import Dossier, UrlPath
from ..export.catalog import DATA_FILES, DATA_FOLDER, README, delta_files
from .pages import Page

DATA_PAGE = UrlPath("data.html")


def human_size(size: int) -> str:
    """'812 bytes', '12.3 KB', '4.1 MB' (1 KB = 1,024 bytes)."""
    if size < 1024:
        return f"{size:,} bytes"
    value = size / 1024
    for unit in ("KB", "MB"):
        if value < 1024:
            return f"{value:,.1f} {unit}"
        value /= 1024
    return f"{value:,.1f} GB"


def data_page(dossier: Dossier, sizes: Mapping[str, int]) -> Page:
    """The page listing the data files, in the catalog's order; `sizes`: path from the site root -> bytes."""
    entries = []
    for data in DATA_FILES:
        path = f"{DATA_FOLDER}/{data.name}"
        entries.append({"url": path, "name": data.name, "format": data.format, "holds": data.holds,
                        "size": human_size(sizes[path])})
    for path, delta in delta_files(dossier):
        name = path.removeprefix(f"{DATA_FOLDER}/")
        holds = (f"what release {delta.release} changed since {delta.since}" if delta.since
                 else f"release {delta.release}, the first: every entity")
        entries.append({"url": path, "name": name, "format": "FollowTheMoney delta, JSON lines",
                        "holds": holds + ", as ADD, MOD and DEL operations on data/entities.ftm.json",
                        "size": human_size(sizes[path])})
    readme = f"{DATA_FOLDER}/{README}"
    return Page(DATA_PAGE, ("data.html",), "Data",
                {"files": entries, "readme": {"url": readme, "size": human_size(sizes[readme])}})
