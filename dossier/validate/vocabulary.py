"""Vocabulary: the did-you-mean for an unknown relation type, by meaning before spelling.

An editor who writes `indicted` means `charged`, and one who writes `shareholder-of` means
`owner-of`: a type of the same meaning is suggested first, from the words editors reach
for (`MEANINGS`); only then the types spelled most alike (`difflib`), so that a word of
money is never answered with a word of leadership because the letters are close.
"""

from __future__ import annotations

import difflib

from ..core.schema import RELATION_TYPES

MEANINGS: dict[str, str] = {
    # money and ownership
    "owns": "owner-of", "owned": "owner-of", "owner": "owner-of", "shareholder-of": "owner-of",
    "shareholder": "owner-of", "beneficial-owner-of": "owner-of", "holds-shares-in": "owner-of",
    "stake-in": "owner-of", "owned-by": "owner-of",
    "director": "director-of", "directs": "director-of", "ceo-of": "director-of", "chairman-of": "director-of",
    "chair-of": "director-of", "board-member-of": "director-of", "manager-of": "director-of",
    "employee-of": "employed-by", "works-for": "employed-by", "worked-for": "employed-by",
    "hired-by": "employed-by", "employs": "employed-by", "employer-of": "employed-by", "staff-of": "employed-by",
    "payed": "paid", "pays": "paid", "paid-to": "paid", "bribed": "paid", "payment-to": "paid",
    "transferred-to": "paid", "gave-money-to": "paid",
    "funded": "financed", "funds": "financed", "sponsored": "financed", "bankrolled": "financed",
    "contracted": "awarded-contract-to", "awarded-contract": "awarded-contract-to",
    "gave-contract-to": "awarded-contract-to", "contract-to": "awarded-contract-to",
    # the law
    "indicted": "charged", "prosecuted": "charged", "accused": "charged", "charged-with": "charged",
    "indicts": "charged", "sued": "charged",
    "found-guilty": "convicted", "convicts": "convicted", "condemned": "convicted",
    "jailed": "sentenced", "imprisoned": "sentenced", "fined": "sentenced", "sentences": "sentenced",
    "arrests": "arrested", "apprehended": "arrested", "captured": "detained", "held": "detained",
    "imprisons": "detained",
    # leadership, alliances, hostilities
    "leads": "leader-of", "led": "leader-of", "heads": "leader-of", "head-of": "leader-of", "chief-of": "leader-of",
    "founded": "founder-of", "co-founder-of": "founder-of", "member": "member-of", "joined": "member-of",
    "belongs-to": "member-of", "ally-of": "allied-with", "allies-with": "allied-with",
    "pledged-to": "pledged-allegiance-to", "swore-allegiance-to": "pledged-allegiance-to",
    "attacks": "attacked", "bombed": "attacked", "raided": "attacked", "fought": "fought-against",
    "enemy-of": "fought-against", "murdered": "killed", "assassinated": "killed",
    "criticised": "denounced", "criticized": "denounced", "condemned-by": "denounced",
    "watches": "monitors", "tracks": "monitors",
}
"""Words an editor may write for a type, and the type they mean."""


def suggest_relation_type(kind: str) -> str:
    """' Did you mean ...?' for an unknown relation type: a type of the same meaning first, then the closest."""
    key = kind.strip().lower().replace("_", "-").replace(" ", "-")
    meant = MEANINGS.get(key) or MEANINGS.get(key.removesuffix("-of")) or MEANINGS.get(key.removesuffix("-by"))
    if meant not in RELATION_TYPES:
        spelled = difflib.get_close_matches(key, list(RELATION_TYPES), n=1, cutoff=0.6)
        meant = spelled[0] if spelled else None
    return f" Did you mean '{meant}'?" if meant else ""
