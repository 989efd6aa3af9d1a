"""Check: consistency across records, once the dossier is linked.

`checks` finds what cannot be true and what deserves a look (`check_dossier`);
`disagreements` finds where sources differ on a fact and where a text states one side alone.
"""

from .checks import check_dossier

__all__ = ["check_dossier"]
