"""Print view: the whole dossier as one linear document (print.html), from the profiles' own views.

A reader who prints or saves one file wants every profile and the chronology in
reading order. No new views are built: the print page gets the very views the
profile pages and the chronology show, plus, per profile, the prefix its ids
take (the templates' macros put it before every id they write), and its note and
drawings with their links rebased to the print page.

Each profile is drawn for the print page once, where its own page is drawn (`print_fragment`,
from the same view), so a build makes each profile's view and note once; the print page then
only puts the drawn profiles in order. A project whose templates draw print.html themselves
gets the views instead, as before (see `jinja.render_dossier`).

Ids: a profile's are `p-<id>--<id on its own page>` (its section is `p-<id>`),
the chronology's are `chronology--<id>`. Record ids never contain `--`, so no
two prefixed ids can be equal, and none equals a fixed id of the page such as
`contents`.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import replace
from functools import lru_cache, partial
from typing import Any

import jinja2
from markupsafe import Markup

from ..core.markup import render_markdown
from ..core.urls import PRINT
from .viewdata import Deferred, View

CHRONOLOGY_PREFIX = "chronology--"


def profile_prefix(entity_id: str) -> str:
    return f"p-{entity_id}--"


def profile_anchor(entity_id: str) -> str:
    """The id of a profile's section of the print page."""
    return f"p-{entity_id}"


PROFILE_IN_PRINT = '{% import "macros/profile.html" as pr %}{{ pr.profile(e, "", e.prefix, 3, mentions=false) }}'
"""A profile as the built-in print.html draws it (print.html sits at the site's root, so `root` is '')."""


@lru_cache(maxsize=4)
def _profile_in_print(env: jinja2.Environment) -> jinja2.Template:
    """`PROFILE_IN_PRINT` compiled as a part of the print.html in effect, at the line where it draws each
    profile (a comment over the lines before it), so that an error met there names that file and line."""
    text, filename, _ = env.loader.get_source(env, "print.html") if env.loader else ("", None, None)
    line = next((n for n, each in enumerate(text.splitlines()) if "pr.profile(" in each), 0)
    source = ("{#" + "\n" * line + "#}" if line else "") + PROFILE_IN_PRINT
    return env.template_class.from_code(env, env.compile(source, "print.html", filename), env.make_globals(None), None)


def print_fragment(env: jinja2.Environment, view: dict[str, Any]) -> Markup:
    """A profile's section of the print page, drawn from its view as the built-in print.html would draw it."""
    return Markup(_profile_in_print(env).render(e=print_entity(view)))


def print_entity(view: dict[str, Any]) -> View:
    """A profile's view as the print page shows it: the same view, plus its anchor, id prefix and note; its
    drawings' links rebased (a drawing the view makes only when read is rebased only when read)."""
    prefix = profile_prefix(view["id"])
    note = Markup(rebase_links(render_markdown(view["note"]), view["url"], prefix)) if view["note"] else ""

    def rebased(key: str) -> Any:
        drawing = view[key]
        return None if drawing is None else replace(drawing, svg=Markup(rebase_links(drawing.svg, view["url"], prefix)))

    deferred = getattr(view, "deferred", {})
    drawings = {key: rebased(key) for key in _DRAWINGS if key in view and key not in deferred}
    return View({**view, **drawings, "anchor": profile_anchor(view["id"]), "prefix": prefix, "note_html": note},
                {key: Deferred(partial(rebased, key)) for key in deferred})


_DRAWINGS = ("map", "network", "timeline_drawing")


_HREF = re.compile(r'(\shref=")([^"]*)(")')
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def rebase_links(html: str, page_url: str, prefix: str) -> str:
    """Relative links of HTML written for `page_url`, rewritten to work from print.html.

    A link to an anchor of the page itself keeps pointing inside the profile's copy.
    """
    page_dir = posixpath.dirname(page_url)

    def fix(match: re.Match[str]) -> str:
        href = match.group(2)
        if _SCHEME.match(href) or href.startswith("//"):
            return match.group(0)
        if href.startswith("#"):
            return f"{match.group(1)}#{prefix}{href[1:]}{match.group(3)}"
        path, hash_, fragment = href.partition("#")
        rebased = _rebased(page_dir, path) if path else _rebased(page_dir, posixpath.basename(page_url))
        return f"{match.group(1)}{rebased}{hash_}{fragment}{match.group(3)}"

    return _HREF.sub(fix, html)


@lru_cache(maxsize=4096)
def _rebased(page_dir: str, path: str) -> str:
    """A relative path from a page in `page_dir`, as print.html reaches the same file. Kept: a drawing links
    to the same few pages again and again, and `relpath` asks the system for the working folder each time."""
    target = posixpath.normpath(posixpath.join(page_dir, path))
    return posixpath.relpath(target, posixpath.dirname(PRINT) or ".")
