"""Checks: consistency of the linked dossier, beyond what each record says alone.

Takes a `Dossier`; adds errors for what cannot be true (an event before a
person's birth, a role before its group was founded, a period that ends before
it starts) and warnings for what deserves a look (a field whose sources give
different values, unless the record has reviewed it; a review with nothing to
review; a relation or an event whose sources dispute a part of it; a record nothing
links to).
"""

from __future__ import annotations

from collections import deque
from pathlib import PurePosixPath

from ..core.dates import DateValue, Period
from ..core.diagnostics import Diagnostic, Diagnostics, Pos, did_you_mean
from ..core.model import Dossier, Entity, EntityId, Event, Fact, Occurrence, Relation
from ..core.schema import KIND_FIELDS, RELATION_TYPES
from ..core.statement import part_words
from .disagreements import Disagreement, describe, find_disagreements, one_sided, sources_of

Findings = dict[str, tuple[Diagnostic, ...]]
"""What each check that reads records alone found (see `RECORDS_ALONE`), by the check's name."""


def check_dossier(dossier: Dossier, diagnostics: Diagnostics, known: Findings | None = None) -> None:
    """Run every check, in order. `known`: what the checks that read records alone found in a
    model linked from the same records (see `records_findings`), taken instead of checking again."""
    for check in CHECKS:
        if known is not None and check.__name__ in known:
            diagnostics.extend(known[check.__name__])
        else:
            check(dossier, diagnostics)


def records_findings(dossier: Dossier) -> Findings:
    """What each check that reads records alone finds, for a model to keep (see `cache.keeper`)."""
    found: Findings = {}
    for check in CHECKS:
        if check.__name__ in RECORDS_ALONE:
            diagnostics = Diagnostics()
            check(dossier, diagnostics)
            found[check.__name__] = tuple(diagnostics.items)
    return found


def _year_bounds(dossier: Dossier, field: str) -> dict[EntityId, DateValue]:
    """The earliest date each entity's occurrence field (born, founded) gives.

    Found once per check: the checks ask for it at every event and relation.
    """
    bounds: dict[EntityId, DateValue] = {}
    for entity_id, entity in dossier.entities.items():
        dates = [f.value.date for f in entity.field(field) if isinstance(f.value, Occurrence) and f.value.date]
        if dates:
            bounds[entity_id] = min(dates, key=lambda d: d.sort_key)
    return bounds


def _before(a: DateValue, b: DateValue) -> bool:
    """True only when `a` is certainly earlier than `b` at the precision both share."""
    shared = min(_depth(a), _depth(b))
    return a.sort_key[:shared] < b.sort_key[:shared]


def _depth(date: DateValue) -> int:
    return 3 if date.day else 2 if date.month else 1


def events_before_birth(dossier: Dossier, diagnostics: Diagnostics) -> None:
    births = _year_bounds(dossier, "born")
    for event in dossier.events:
        for entity_id in event.involves:
            born = births.get(entity_id)
            if born and _before(event.date, born):
                diagnostics.error(event.pos, "check.before-birth",
                                  f"event '{event.title}' ({event.date.text}) is before "
                                  f"{dossier.name_of(entity_id)} was born ({born.text})")


def relations_out_of_order(dossier: Dossier, diagnostics: Diagnostics) -> None:
    births, foundings = _year_bounds(dossier, "born"), _year_bounds(dossier, "founded")
    for entity in dossier.entities.values():
        for relation in entity.relations:
            period = relation.period
            if period.start and period.end and _before(period.end, period.start):
                diagnostics.error(relation.pos, "check.period-order",
                                  f"relation '{relation.type}' ends ({period.end.text}) before it starts "
                                  f"({period.start.text})")
            start = relation.start
            if start and relation.type in ("leader-of", "member-of", "founder-of"):
                founded = foundings.get(relation.target)
                if founded and relation.type != "founder-of" and _before(start, founded):
                    diagnostics.error(relation.pos, "check.before-founding",
                                      f"role in {dossier.name_of(relation.target)} starts ({start.text}) "
                                      f"before the group was founded ({founded.text})")
            born = births.get(entity.id)
            if start and born and _before(start, born):
                diagnostics.error(relation.pos, "check.before-birth",
                                  f"relation '{relation.type}' starts ({start.text}) before "
                                  f"{entity.name} was born ({born.text})")


def sources_differ(dossier: Dossier, diagnostics: Diagnostics) -> None:
    """Warn of each part on which a field's facts differ, naming each value and its sources, unless
    the record has reviewed that field; and of a review that no disagreement needs any more.

    Then of each sentence of the entity's summary or note that states one side as plain fact
    (reviewed or not: a review settles the disagreement, not a text that takes one side of it).
    """
    for entity in dossier.entities.values():
        disagreements = find_disagreements(dossier, entity)
        reviewed = {review.field for review in entity.reviewed}
        for d in disagreements:
            if d.field in reviewed:
                continue
            if d.one_source:
                diagnostics.warning(d.sides[1].facts[0].pos, "check.source-differs-with-itself",
                                    f"'{d.field}' of {entity.name}: one source gives {len(d.sides)} values for "
                                    f"{_PART_WORDS[d.part]}: {describe(dossier, d)}; the page shows them all. If "
                                    "they held at different times, say when with `as_of` or `period`; if it is "
                                    f"the source's own inconsistency, say so under `reviewed: {d.field}: ...`")
                continue
            diagnostics.warning(d.sides[1].facts[0].pos, "check.sources-differ",
                                f"'{d.field}' of {entity.name}: sources differ on {_PART_WORDS[d.part]}: "
                                f"{describe(dossier, d)}; the page shows them all, marked 'sources differ'. Once "
                                f"you have looked into it, say why both stand under `reviewed: {d.field}: ...`")
        stale_reviews(entity, disagreements, diagnostics)
        for found in one_sided(dossier, entity, disagreements):
            d = found.disagreement
            pos = (entity.summary[0].pos if found.where == "summary" else
                   Pos(str(PurePosixPath(entity.pos.path).with_suffix(".md")), found.line))
            diagnostics.warning(pos, "check.one-sided",
                                f"the {found.where} of {entity.name} gives {' and '.join(found.named)} as plain fact "
                                f"('{_clip(found.sentence)}'), but sources differ on {_PART_WORDS[d.part]} of "
                                f"'{d.field}': {describe(dossier, d)}; say whose claim it is (according to ...) "
                                "or give every side")


def stale_reviews(entity: Entity, disagreements: list[Disagreement], diagnostics: Diagnostics) -> None:
    """Warn of a review that matches no disagreement: the sources were reconciled, a value was
    dropped, or the field's name is mistyped; a review left behind would silence the next one."""
    disputed = {d.field for d in disagreements}
    fields = {spec.key for spec in KIND_FIELDS[entity.kind] if not spec.many}
    for review in entity.reviewed:
        if review.field in disputed:
            continue
        if review.field in fields:
            why = ("its facts agree, or held at different times" if len(entity.field(review.field)) > 1
                   else "it has one fact" if entity.field(review.field) else "it has no facts")
        else:
            why = f"{entity.kind} records have no single-valued field '{review.field}'"
        unreviewed = sorted(disputed - {r.field for r in entity.reviewed})
        diagnostics.warning(review.pos, "check.stale-review",
                            f"{entity.name} has reviewed '{review.field}', but there is no disagreement on it "
                            f"({why}); remove the review, or move it to the field that differs."
                            + did_you_mean(review.field, unreviewed or sorted(fields)))


def disputed_parts(dossier: Dossier, diagnostics: Diagnostics) -> None:
    """Warn of each part of a relation or an event its sources dispute, naming each value and its sources,
    as `sources_differ` warns of a field's, unless the editor has reviewed it; and of a review with no
    dispute to review."""
    for statement in dossier.statements.values():
        if statement.kind not in ("relation", "event"):
            continue
        item = statement.value
        assert isinstance(item, (Relation, Event))
        disputed = [part for part, _ in item.disputed]
        for review in item.reviewed:
            if review.field not in disputed:
                what = f"relation '{item.type}'" if isinstance(item, Relation) else f"event '{item.title}'"
                diagnostics.warning(review.pos, "check.stale-review",
                                    f"{what} has reviewed '{review.field}', but its sources do not dispute it; "
                                    "remove the review, or move it to the part they dispute."
                                    + did_you_mean(review.field, disputed))
        reviewed = {review.field for review in item.reviewed}
        for part, alternatives in item.disputed:
            if part in reviewed:
                continue
            sides = [dossier.statements[f"{statement.id}.{part}-{k}"] for k in range(1, len(alternatives) + 1)]
            given = " against ".join(f"{side.words.split(': ', 1)[1]} ({sources_of(dossier, side.value)})"
                                     for side in sides if isinstance(side.value, Fact))
            what = (f"relation '{item.type}' of {statement.subject_name}" if isinstance(item, Relation)
                    else f"event '{item.title}'")
            diagnostics.warning(alternatives[1].pos, "check.sources-differ",
                                f"{what}: sources differ on {part_words(part)}: {given}; the pages show them all, "
                                "marked 'sources differ'")


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


_PART_OF = ("branch-of", "member-of")
"""Relations that put one group inside another: followed round, they must not come back."""


def part_of_cycles(dossier: Dossier, diagnostics: Diagnostics) -> None:
    """A group made part of itself by branch-of and member-of relations that could hold at once.

    A branch of B while B is a branch of A cannot be. Relations whose periods
    certainly do not overlap (a group re-formed as another's branch years
    later) are not a contradiction, so a cycle counts only if every pair of
    its relations could hold at the same time (for intervals, pairwise overlap
    means a common moment). Each group's shortest cycle is checked; a cycle
    is reported once, at the relation of its first group by id.
    """
    edges: dict[EntityId, list[Relation]] = {}
    for entity in dossier.entities.values():
        for relation in entity.relations:
            if relation.type in _PART_OF and dossier.kind_of(relation.target) == "group" and entity.kind == "group":
                edges.setdefault(entity.id, []).append(relation)
    reported: set[tuple[tuple[str, str, str], ...]] = set()
    for start in sorted(edges):
        cycle = _shortest_cycle(start, edges)
        if not cycle:
            continue
        first = min(range(len(cycle)), key=lambda i: cycle[i].subject)
        cycle = cycle[first:] + cycle[:first]
        key = tuple((r.subject, r.type, r.target) for r in cycle)
        if key in reported or not _could_hold_together(cycle):
            continue
        reported.add(key)
        steps = "; ".join(f"{dossier.name_of(r.subject)} {RELATION_TYPES[r.type].forward} "
                          f"{dossier.name_of(r.target)} ({r.pos})" for r in cycle)
        diagnostics.error(cycle[0].pos, "check.cycle",
                          f"{dossier.name_of(cycle[0].subject)} would be part of itself: {steps}. "
                          "A group cannot contain itself; if these held at different times, give them periods")


def _shortest_cycle(start: EntityId, edges: dict[EntityId, list[Relation]]) -> list[Relation]:
    """The relations of a shortest path from `start` back to itself, or []."""
    came_by: dict[EntityId, Relation] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for relation in edges.get(node, ()):
            if relation.target == start:
                path = [relation]
                while path[-1].subject != start:
                    path.append(came_by[path[-1].subject])
                return path[::-1]
            if relation.target not in came_by:
                came_by[relation.target] = relation
                queue.append(relation.target)
    return []


def _could_hold_together(relations: list[Relation]) -> bool:
    periods = [r.period for r in relations]
    return all(not _ends_before(a, b) and not _ends_before(b, a)
               for i, a in enumerate(periods) for b in periods[i + 1:])


def _ends_before(a: Period, b: Period) -> bool:
    return bool(a.end and not a.ongoing and b.start and _before(a.end, b.start))


_PART_WORDS = {"date": "the date", "place": "the place", "by": "who (`by`)", "value": "the value"}


def _clip(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


CHECKS = [events_before_birth, relations_out_of_order, part_of_cycles, sources_differ, disputed_parts,
          unlinked_entities]
RECORDS_ALONE = frozenset(("events_before_birth", "relations_out_of_order", "part_of_cycles", "disputed_parts"))
"""The checks that read nothing notes are linked into (`link.RELINKED`; `sources_differ` reads each
entity's note, `unlinked_entities` the mentions): what they find holds for the same records
whatever the notes say."""
