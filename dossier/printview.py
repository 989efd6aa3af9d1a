"""Print view: the whole dossier as one linear document (print.html), from the profiles' own views.

A reader who prints or saves one file wants every profile and the chronology in
reading order. This module does not build new views: it copies the views the
profile pages and the chronology show, with their anchors prefixed so that they
stay unique in one page, and with each note's links rebased to the print page.

Anchors: a profile's are `p-<id>--<anchor>` (its section is `p-<id>`), the
chronology's are `chronology--<anchor>`. Record ids never contain `--`, so no
two prefixed anchors can be equal, and no prefixed anchor equals a fixed id of
the page such as `contents`.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from typing import Any

from markupsafe import Markup

from .markup import render_markdown
from .urls import PRINT

CHRONOLOGY_PREFIX = "chronology--"


def profile_prefix(entity_id: str) -> str:
    return f"p-{entity_id}--"


def prefixed(value: Any, prefix: str) -> Any:
    """A copy of a view with every `anchor` (of dataclasses and dicts) prefixed."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: prefixed(getattr(value, f.name), prefix) for f in dataclasses.fields(value)}
        if "anchor" in changes:
            changes["anchor"] = prefix + value.anchor
        return dataclasses.replace(value, **changes)
    if isinstance(value, dict):
        return {k: (prefix + v if k == "anchor" else prefixed(v, prefix)) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return type(value)(prefixed(v, prefix) for v in value)
    return value


def print_entity(view: dict[str, Any]) -> dict[str, Any]:
    """A profile's view as the print page shows it: prefixed anchors, note as rebased HTML."""
    prefix = profile_prefix(view["id"])
    copy = prefixed(view, prefix)
    copy["anchor"] = f"p-{view['id']}"
    copy["prefix"] = prefix
    copy["note_html"] = Markup(rebase_links(render_markdown(view["note"]), view["url"], prefix)) if view["note"] else ""
    return copy


def print_chronology(view: dict[str, Any]) -> dict[str, Any]:
    return prefixed(view, CHRONOLOGY_PREFIX)


_HREF = re.compile(r'(\shref=")([^"]*)(")')
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def rebase_links(html: str, page_url: str, prefix: str) -> str:
    """Relative links of HTML written for `page_url`, rewritten to work from print.html.

    A link to an anchor of the page itself keeps pointing inside the profile's copy.
    """
    page_dir = posixpath.dirname(page_url)
    print_dir = posixpath.dirname(PRINT)

    def fix(match: re.Match[str]) -> str:
        href = match.group(2)
        if _SCHEME.match(href) or href.startswith("//"):
            return match.group(0)
        if href.startswith("#"):
            return f"{match.group(1)}#{prefix}{href[1:]}{match.group(3)}"
        path, hash_, fragment = href.partition("#")
        target = posixpath.normpath(posixpath.join(page_dir, path)) if path else page_url
        rebased = posixpath.relpath(target, print_dir or ".")
        return f"{match.group(1)}{rebased}{hash_}{fragment}{match.group(3)}"

    return _HREF.sub(fix, html)
