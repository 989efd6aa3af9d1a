"""Render: pages made from the linked dossier through the theme's Jinja templates.

`pages` lists the kinds of page, their keys and URLs; `views` gives templates plain views
of records; `jinja` renders them (`render_dossier`), in forked workers for large sites;
`theme` overlays a project's templates on the built-in theme. Beside them: the print view
(`printview`), the search index (`search`), grades (`grading`) and the data page (`datapage`).
"""

from .jinja import render_dossier

__all__ = ["render_dossier"]
