"""Checks: consistency of the linked dossier, beyond what each record says alone.

Takes a `Dossier`; adds errors for what cannot be true (an event before a
person's birth, a role before its group was founded, a period that ends before
it starts) and warnings for what deserves a look (a field whose sources give
different values, a record nothing links to).
"""

from __future__ import annotations

from .dates import DateValue
from .diagnostics import Diagnostics
from .model import Dossier, EntityId, Occurrence
from .schema import KIND_FIELDS


def check_dossier(dossier: Dossier, diagnostics: Diagnostics) -> None:
    for check in CHECKS:
        check(dossier, diagnostics)


def _year_bound(dossier: Dossier, entity_id: EntityId, field: str) -> DateValue | None:
    """The earliest date an entity's occurrence field (born, founded) gives."""
    entity = dossier.entities.get(entity_id)
    if entity is None:
        return None
    dates = [f.value.date for f in entity.field(field) if isinstance(f.value, Occurrence) and f.value.date]
    return min(dates, key=lambda d: d.sort_key) if dates else None


def _before(a: DateValue, b: DateValue) -> bool:
    """True only when `a` is certainly earlier than `b` at the precision both share."""
    shared = min(_depth(a), _depth(b))
    return a.sort_key[:shared] < b.sort_key[:shared]


def _depth(date: DateValue) -> int:
    return 3 if date.day else 2 if date.month else 1


def events_before_birth(dossier: Dossier, diagnostics: Diagnostics) -> None:
    for event in dossier.events:
        for entity_id in event.involves:
            born = _year_bound(dossier, entity_id, "born")
            if born and _before(event.date, born):
                diagnostics.error(event.pos, "check.before-birth",
                                  f"event '{event.title}' ({event.date.text}) is before "
                                  f"{dossier.name_of(entity_id)} was born ({born.text})")


def relations_out_of_order(dossier: Dossier, diagnostics: Diagnostics) -> None:
    for entity in dossier.entities.values():
        for relation in entity.relations:
            period = relation.period
            if period.start and period.end and _before(period.end, period.start):
                diagnostics.error(relation.pos, "check.period-order",
                                  f"relation '{relation.type}' ends ({period.end.text}) before it starts "
                                  f"({period.start.text})")
            if period.start and relation.type in ("leader-of", "member-of", "founder-of"):
                founded = _year_bound(dossier, relation.target, "founded")
                if founded and relation.type != "founder-of" and _before(period.start, founded):
                    diagnostics.error(relation.pos, "check.before-founding",
                                      f"role in {dossier.name_of(relation.target)} starts ({period.start.text}) "
                                      f"before the group was founded ({founded.text})")
            born = _year_bound(dossier, entity.id, "born")
            if period.start and born and _before(period.start, born):
                diagnostics.error(relation.pos, "check.before-birth",
                                  f"relation '{relation.type}' starts ({period.start.text}) before "
                                  f"{entity.name} was born ({born.text})")


def sources_differ(dossier: Dossier, diagnostics: Diagnostics) -> None:
    for entity in dossier.entities.values():
        for spec in KIND_FIELDS[entity.kind]:
            facts = entity.field(spec.key)
            if not spec.many and len({repr(f.value) for f in facts}) > 1:
                diagnostics.warning(facts[1].pos, "check.sources-differ",
                                    f"'{spec.key}' of {entity.name} has {len(facts)} different values; "
                                    "the page shows them all, marked 'sources differ'")


def unlinked_entities(dossier: Dossier, diagnostics: Diagnostics) -> None:
    linked: set[str] = set(dossier.links) | set(dossier.timelines) | set(dossier.mentions)
    linked |= {i for i in dossier.settings.key_entities}
    for entity in dossier.entities.values():
        for _, facts in entity.fields:
            for fact in facts:
                value = fact.value
                linked.update(x for x in (getattr(value, "place", None), fact.according_to) if x)
                if isinstance(value, str) and value in dossier.entities:
                    linked.add(value)
    for source in dossier.sources.values():
        linked.update(x for x in (source.author, source.dateline) if x)
    for entity in dossier.entities.values():
        if entity.id not in linked:
            diagnostics.warning(entity.pos, "check.unlinked",
                                f"nothing links to {entity.kind} '{entity.id}'; add a relation, event or wikilink")


CHECKS = [events_before_birth, relations_out_of_order, sources_differ, unlinked_entities]
