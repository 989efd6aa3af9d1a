"""Export: the dossier's data as files for other tools, each a pure function of the linked `Dossier`.

FollowTheMoney entities (`ftm`), a statements table in FollowTheMoney's format with every
quote (`statements`), plain CSV tables (`tables`), the relation graph as GraphML
(`graph`), the JSON Schema of the record format (`recordschema`), and the data
dictionary (`readme`), listed in `catalog`; each profile page's schema.org JSON-LD
(`jsonld`). The build adds them under the site's `data/` folder, `build.py export`
writes that folder alone. Nothing here is gathered while pages render.

No export holds a record's note: `serve` rebuilds after a note edit without making the
data files again, and its tests check that the site still equals a fresh build.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .catalog import DATA_FILES, DATA_FOLDER, DataFile, data_paths, export_files, iter_export_files

__all__ = ["DATA_FILES", "DATA_FOLDER", "DataFile", "data_paths", "export_files", "iter_export_files"]


def __getattr__(name: str) -> Any:
    """The catalog's names, imported when first asked for: a run that finds nothing changed, or
    reads one module here (`recordschema`), does not import every export and what they import."""
    if name in __all__:
        from . import catalog
        return getattr(catalog, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
