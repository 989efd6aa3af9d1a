"""Feed: changes.xml, an Atom feed (RFC 4287) of the dossier's releases, newest first.

Takes the `Dossier`'s history (see `core.history`); gives the feed's bytes, or None for a
dossier with no release. Each entry is a release: its name and note, its date, a summary of
what it changed, and links to its changes page and its FollowTheMoney delta. Links are
relative to the feed, which sits at the site's root, so the feed works from the offline
bundle as it does online; ids are `urn:uuid:` names made from the dossier's title and the
release's name, the same in every build.
"""

from __future__ import annotations

import uuid
from xml.sax.saxutils import escape, quoteattr

from ..core.history import RELEASES, Release
from ..core.model import Dossier
from .history import CHANGES, counts, release_url

_NAMESPACE = uuid.UUID("6f1c3e0a-5b7d-4c1e-9a52-0d55e1a1f0a7")
"""The namespace of the feed's ids (any fixed UUID: it only keeps them apart from other feeds')."""


def feed_id(title: str, release: str = "") -> str:
    """The feed's id (release ''), or a release's entry's."""
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, title + chr(0) + release)}"


def atom_feed(dossier: Dossier) -> bytes | None:
    """The Atom feed of the releases, or None when there is none."""
    releases: tuple[Release, ...] = dossier.history.get(RELEASES) or ()
    if not releases:
        return None
    title = dossier.settings.title or "Dossier"
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             '<feed xmlns="http://www.w3.org/2005/Atom">',
             f"  <title>{escape(title)}: releases</title>",
             f"  <id>{feed_id(title)}</id>",
             f"  <updated>{releases[-1].date}</updated>",
             f"  <author><name>{escape(title)}</name></author>",
             f"  <link rel=\"alternate\" type=\"text/html\" href={quoteattr(CHANGES)}/>",
             "  <link rel=\"self\" type=\"application/atom+xml\" href=\"changes.xml\"/>"]
    for release in reversed(releases):
        changes = dossier.history[("changes", release.name)]
        summary = f"{counts(changes)[0].upper()}{counts(changes)[1:]}."
        if release.note:
            summary = f"{release.note.rstrip()}{'' if release.note.rstrip()[-1:] in '.!?' else '.'} {summary}"
        heading = f"Release {release.name}" + (f": {release.note}" if release.note else "")
        lines += ["  <entry>",
                  f"    <title>{escape(heading)}</title>",
                  f"    <id>{feed_id(title, release.name)}</id>",
                  f"    <updated>{release.date}</updated>",
                  f"    <published>{release.date}</published>",
                  f"    <link rel=\"alternate\" type=\"text/html\" href={quoteattr(release_url(release.name))}/>",
                  f"    <link rel=\"related\" type=\"application/json\" "
                  f"href={quoteattr(f'data/deltas/{release.name}.ftm.json')}/>",
                  f"    <summary>{escape(summary)}</summary>",
                  "  </entry>"]
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")
