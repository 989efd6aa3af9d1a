"""Note check: every link a note makes within the site reaches a page, and an id on it.

Runs once the dossier is linked, before anything is written, so a broken link in a
note is an error at the note's file and line (`note.link`) rather than a broken link
in the built pages. A link's page must be one the site has; with a #fragment, the
page is rendered (only the pages notes point into, each once) and its ids looked up,
so the theme that draws the pages is the one the check believes.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from ..core.diagnostics import Diagnostics, Pos, did_you_mean
from ..core.model import Dossier, EntityId
from ..render.jinja import make_environment, render_page, site_info
from ..render.pages import make_page, page_urls
from ..render.theme import Theme
from ..render.views import ViewBuilder
from ..write.linkcheck import page_links


def check_note_links(dossier: Dossier, theme: Theme | Path, diagnostics: Diagnostics,
                     only: Collection[EntityId] | None = None) -> None:
    """Report, at its note's line, each in-site link to a page the site lacks or an id that page lacks
    (of the notes of `only`, if given)."""
    if not dossier.note_links or (only is not None and not set(only) & dossier.note_links.keys()):
        return
    urls = page_urls(dossier)
    ids: dict[str, frozenset[str]] = {}
    env, views, site = None, ViewBuilder(dossier), site_info(dossier.settings)
    for entity_id, links in dossier.note_links.items():
        if only is not None and entity_id not in only:
            continue
        where = dossier.entities[entity_id].pos.path[: -len(".yml")] + ".md"
        for link in links:
            if link.target is None or not link.target.endswith(".html"):
                continue  # assets and other files: the build's link check sees them
            key = urls.get(link.target)
            if key is None:
                diagnostics.error(Pos(where, link.line), "note.link",
                                  f"link '{link.href}' in the note: the site has no page {link.target}."
                                  + did_you_mean(link.target, urls))
                continue
            if not link.fragment:
                continue
            if link.target not in ids:
                env = env or make_environment(theme)
                html = render_page(env, make_page(dossier, views, key), site).encode("utf-8")
                ids[link.target] = page_links(html).ids
            if link.fragment not in ids[link.target]:
                diagnostics.error(Pos(where, link.line), "note.link",
                                  f"link '{link.href}' in the note: {link.target} has no id '{link.fragment}'."
                                  + did_you_mean(link.fragment, ids[link.target]))
