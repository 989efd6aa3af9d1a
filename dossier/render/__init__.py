"""Render: pages made from the linked dossier through the theme's Jinja templates.

`pages` lists the kinds of page, their keys and URLs; `views` gives templates plain views
of records; `jinja` renders them (`render_dossier`), in forked workers for large sites;
`theme` overlays a project's templates on the built-in theme. Beside them: the print view
(`printview`), the search index (`search`), grades (`grading`) and the data page (`datapage`).
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .jinja import render_dossier

__all__ = ["render_dossier"]


def __getattr__(name: str) -> Any:
    """`render_dossier`, imported when first asked for: a module here (`pages`) is read without
    importing Jinja and every view."""
    if name == "render_dossier":
        from .jinja import render_dossier
        return render_dossier
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
