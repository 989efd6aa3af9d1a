"""Link: the typed records made into one `Dossier` that every output is drawn from.

`stage` links relations both ways, timelines, mentions and notes (`link_dossier`, and
`relink_notes` for an edited note); `references` numbers each page's citations and the
facts citing each source sentence; `notelinks` and `notecode` resolve a note's wikilinks
outside its code; `families` orders relations by family.
"""

from .stage import link_dossier, relink_notes

__all__ = ["link_dossier", "relink_notes"]
