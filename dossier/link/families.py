"""Families: the order a profile reads its relations in, family by family, each in date order.

Takes the links of one entity (a relation seen from one side); gives their reading
order and their groups. The link stage sorts every entity's links by `link_order`,
so the profile's list, its citation numbers, its map and its timeline all agree
without sorting again: leadership and membership first, then alliances,
hostilities, statements, monitoring; in each, the dated relations by their first
date, then the undated ones by wording and name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..core.model import Link
from ..core.schema import FAMILIES, RELATION_TYPES, RelationFamily

_RANK = {name: rank for rank, name in enumerate(FAMILIES)}
_NO_DATE = (0, 0, 0, 0)


def family_of(link: Link) -> RelationFamily:
    return FAMILIES[RELATION_TYPES[link.relation.type].family]


def link_order(link: Link) -> tuple[int, bool, tuple[int, int, int, int], bool, str, str]:
    """Family, then dated before undated, then the first date (a relation known only to have ended
    then comes before one that began then), then wording and the other's id."""
    relation = link.relation
    first = relation.first_date
    began = relation.start is not None
    return (_RANK[RELATION_TYPES[relation.type].family], first is None,
            first.sort_key if first else _NO_DATE, began, link.label, link.other)


@dataclass(frozen=True, slots=True)
class FamilyLinks:
    """One family's links of an entity, each with its place in the entity's links (its `r-<n>` anchor)."""

    family: RelationFamily
    links: tuple[tuple[int, Link], ...]


def by_family(links: Iterable[Link]) -> list[FamilyLinks]:
    """Links already in `link_order`, cut into their families."""
    groups: list[FamilyLinks] = []
    current: list[tuple[int, Link]] = []
    family: RelationFamily | None = None
    for index, link in enumerate(links):
        this = family_of(link)
        if this is not family and current:
            assert family is not None
            groups.append(FamilyLinks(family, tuple(current)))
            current = []
        family = this
        current.append((index, link))
    if current:
        assert family is not None
        groups.append(FamilyLinks(family, tuple(current)))
    return groups


def relation_anchor(index: int) -> str:
    """The id of a profile's n-th relation (in `link_order`), which drawings and the dossier's map link to."""
    return f"r-{index}"
