"""Link: turn validated records into the `Dossier` the pages are drawn from.

Takes a `ValidContent`; gives a `Dossier` with each relation seen from both
sides (the inverse wording on the target's page), each entity's own timeline,
the quotes about it, its backlinks ("mentioned in"), and notes whose
`[[wikilinks]]` are resolved to pages. An unknown or ambiguous wikilink is an
error with a did-you-mean.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import replace
from types import MappingProxyType
from typing import TYPE_CHECKING

from ..core.diagnostics import Diagnostics, Pos, did_you_mean
from ..core.model import (
    Dossier,
    Entity,
    EntityId,
    Event,
    Link,
    Mention,
    NoteLink,
    Occurrence,
    Quote,
    Settings,
    Source,
    UrlPath,
)
from ..core.names import fold
from ..core.reads import ALL, KEYS
from ..core.releasefile import ReleaseFileError
from ..core.schema import RELATION_TYPES
from ..core.statement import Statement
from ..core.urls import entity_url, event_url, relative
from .families import link_order
from .history import HistoryCache, link_history
from .notecode import substitute_outside_code
from .notelinks import note_links
from .references import link_citations
from .snapshot import take_snapshot
from .statements import FIELD_SPECS, make_statements, relation_id

if TYPE_CHECKING:  # types alone: a run that links notes into a kept model loads no validation
    from ..load.releases import ReleaseFile
    from ..validate.stage import ValidContent

WIKILINK = re.compile(r"\[\[([^\[\]|\n]+)(?:\|([^\[\]\n]+))?\]\]")
_LINK_MARKS = ("](", "]:", "<")
"""An editor can only write a Markdown link as [text](url), a [ref]: url definition or an <autolink>."""
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|])")


def link_dossier(content: ValidContent, diagnostics: Diagnostics, releases: Sequence[ReleaseFile] = (),
                 history_cache: HistoryCache | None = None, numbered: bool = True) -> Dossier:
    """Build the linked, ordered model; wikilink problems go to `diagnostics`. With the project's
    `releases`, its history too (see `history`; `history_cache` keeps what comparing them found).
    Without `numbered`, each page's citations are left unnumbered and the source sentences without
    their citers (`link_citations`), which no diagnostic needs: for a run that only checks."""
    settings = content.settings or Settings("", "", None, ())
    entities = content.entities
    events = tuple(sorted(content.events, key=lambda e: (e.date.sort_key, e.id)))
    statements = make_statements(entities, content.sources, events, _names(entities, content.sources))
    history = _history(releases, history_cache, content, events, statements, diagnostics)
    links: dict[EntityId, list[Link]] = defaultdict(list)
    mentions: dict[EntityId, list[tuple[EntityId, str]]] = defaultdict(list)
    """(by, how) of each mention, made a `Mention` once repeats are dropped (see `_mentions`)."""
    for entity in entities.values():
        for number, relation in enumerate(entity.relations, 1):
            rtype = RELATION_TYPES[relation.type]
            statement = statements[relation_id(entity.id, number)]
            for target in relation.targets:  # each alternative of a disputed target is linked
                links[entity.id].append(Link(relation, target, rtype.forward, False, statement))
                links[target].append(Link(relation, entity.id, rtype.inverse, True, statement))
                mentions[target].append((entity.id, f"relation: {rtype.forward}"))
    for entity in entities.values():
        for label, target in _fact_references(entity):
            mentions[target].append((entity.id, label))
    for source in content.sources.values():
        for label, maybe in (("author", source.author), ("dateline", source.dateline)):
            if maybe:
                mentions[maybe].append((source.id, label))
    timelines: dict[EntityId, list[Event]] = defaultdict(list)
    for event in events:
        for entity_id in dict.fromkeys(event.involves + event.places):
            timelines[entity_id].append(event)
            mentions[entity_id].append((event.id, "event"))
    quotes_about: dict[EntityId, list[Quote]] = defaultdict(list)
    for entity in entities.values():
        for quote in entity.quotes:
            for about in quote.about:
                quotes_about[about].append(quote)
                mentions[about].append((entity.id, "quote"))
    resolver = NameResolver(entities.values(), content.sources.values(), events)
    notes, note_targets, note_links = _link_notes(resolver, entities, content.notes, diagnostics)
    for entity_id, targets in note_targets.items():
        for target in targets:
            mentions[target].append((entity_id, "note"))
    dossier = Dossier(
        settings=settings,
        entities=MappingProxyType(dict(entities)),
        sources=MappingProxyType(dict(content.sources)),
        events=events,
        links=_freeze(links, key=link_order),
        timelines=_freeze(timelines),
        mentions=_mentions(mentions),
        quotes_about=_freeze(quotes_about),
        notes=MappingProxyType(dict(sorted(notes.items()))),
        note_targets=_freeze(note_targets),
        note_links=_freeze(note_links),
        statements=MappingProxyType(statements),
        history=MappingProxyType(history),
    )
    return link_citations(dossier) if numbered else dossier


def _history(releases: Sequence[ReleaseFile], cache: HistoryCache | None, content: ValidContent,
             events: tuple[Event, ...], statements: Mapping[str, Statement], diagnostics: Diagnostics) -> dict:
    """The history collection (see `history`): {} with no release, or when one cannot be read (an error)."""
    if not releases or diagnostics.errors:
        return {}
    now = take_snapshot(content.entities, content.sources, events, statements)
    try:
        return link_history(releases, now, cache)
    except ReleaseFileError as exc:
        diagnostics.error(Pos(exc.path or "releases"), "release.unreadable",
                          f"the release cannot be read: {exc}; a release is written by `dossier release NAME` "
                          "and never edited")
        return {}


def _names(entities: Mapping[EntityId, Entity], sources: Mapping[EntityId, Source]):
    """The name of a record by id (a source's title), for the words of statements."""
    def name_of(record: EntityId) -> str:
        return entities[record].name if record in entities else sources[record].title
    return name_of


def _mention_order(mention: Mention) -> tuple[str, str]:
    return (mention.by, mention.how)


def _mentions(table: dict[EntityId, list[tuple[EntityId, str]]]) -> MappingProxyType:
    """Each entity's mentions, each once, in `_mention_order`: the (by, how) pairs are told apart and
    sorted as tuples, and a `Mention` made for each that is kept (an entity is mentioned by the same
    record in the same way many times: every relation of a pair, every event they share)."""
    return MappingProxyType({k: tuple(Mention(by, how) for by, how in sorted(set(v)))
                             for k, v in sorted(table.items())})


def _link_notes(resolver: NameResolver, entities: Mapping[EntityId, Entity], notes: Mapping[EntityId, str | None],
                diagnostics: Diagnostics) -> tuple[dict[EntityId, str], dict[EntityId, tuple[EntityId, ...]],
                                                   dict[EntityId, tuple[NoteLink, ...]]]:
    """The notes of `notes` (entity -> text as written) with their wikilinks resolved; the other
    records each links to; and the links within the site their editors wrote."""
    linked: dict[EntityId, str] = {}
    note_targets: dict[EntityId, tuple[EntityId, ...]] = {}
    note_links: dict[EntityId, tuple[NoteLink, ...]] = {}
    for entity_id, text in notes.items():
        if text:
            note, targets, links = resolver.resolve_note(entities[entity_id], text, diagnostics)
            linked[entity_id] = note
            others = tuple(dict.fromkeys(t for t in targets if t != entity_id))
            if others:
                note_targets[entity_id] = others
            if links:
                note_links[entity_id] = links
    return linked, note_targets, note_links


RELINKED = ("notes", "note_targets", "note_links", "mentions")
"""The dossier's collections `relink_notes` changes: at the keys of the entities it reports touched,
and in which keys they hold."""


def relinked_reads(touched: Iterable[EntityId]) -> frozenset[tuple[str, Hashable]]:
    """The reads (see `core.reads`) whose values `relink_notes` may have changed, given the entities
    it reports touched: every other read of the dossier reads what it read before."""
    keys = (*touched, ALL, KEYS)
    return frozenset({(name, key) for name in RELINKED for key in keys})


def relink_notes(dossier: Dossier, notes: Mapping[EntityId, str | None], diagnostics: Diagnostics,
                 resolver: NameResolver | None = None) -> tuple[Dossier, set[EntityId]]:
    """The dossier with the notes of some entities replaced by new text and linked again, as
    `link_dossier` links them; and the entities whose pages that changes.

    A note feeds only its own page, the "mentioned in" lists of the records it links to,
    and search: so an edit to notes alone is linked here without linking anything else.
    `resolver` (the dossier's names) can be kept between calls; names do not change here.
    """
    resolver = resolver or NameResolver.of(dossier)
    linked, new_targets, new_links = _link_notes(resolver, dossier.entities, notes, diagnostics)
    texts = {k: v for k, v in dossier.notes.items() if k not in notes} | linked
    mentions = dict(dossier.mentions)
    note_targets = dict(dossier.note_targets)
    note_links = {k: v for k, v in dossier.note_links.items() if k not in notes} | new_links
    touched = set(notes)
    for entity_id in notes:
        old, new = set(note_targets.pop(entity_id, ())), new_targets.get(entity_id, ())
        if new:
            note_targets[entity_id] = new
        mark = Mention(entity_id, "note")
        for target in old - set(new):
            listed = tuple(m for m in mentions[target] if m != mark)
            if listed:
                mentions[target] = listed
            else:
                del mentions[target]
        for target in set(new) - old:
            mentions[target] = tuple(sorted((*mentions.get(target, ()), mark), key=_mention_order))
        touched |= old ^ set(new)
    relinked = replace(dossier, notes=MappingProxyType(dict(sorted(texts.items()))),
                       mentions=MappingProxyType(dict(sorted(mentions.items()))),
                       note_targets=MappingProxyType(dict(sorted(note_targets.items()))),
                       note_links=MappingProxyType(dict(sorted(note_links.items()))))
    return relinked, touched


def _fact_references(entity: Entity) -> Iterable[tuple[str, EntityId]]:
    """(field label, id) for every record a fact of the entity points at."""
    specs = FIELD_SPECS[entity.kind]
    for key, facts in entity.fields:
        spec = specs[key]
        for fact in facts:
            value = fact.value
            if isinstance(value, Occurrence):
                if value.place:
                    yield spec.label.lower(), value.place
                for by in value.by_ids:
                    yield f"{spec.label.lower()}, by", by
            elif spec.type == "ref":
                yield spec.label.lower(), value
            if fact.according_to:
                yield f"{spec.label.lower()}, as its source", fact.according_to


def _freeze(table: dict, key=None) -> MappingProxyType:
    return MappingProxyType({k: tuple(sorted(v, key=key) if key else v) for k, v in sorted(table.items())})


class NameResolver:
    """Resolves a wikilink target by id, name or alias, folded as readers type.

    Groups, people and places are found by id, name or alias; sources by id or title;
    events by id or title. Only groups, people and places count as mentioned by a note.
    """

    def __init__(self, entities: Iterable[Entity], sources: Iterable[Source] = (), events: Iterable[Event] = ()):
        self.entities = {e.id: e for e in entities}
        self.urls: dict[str, UrlPath] = {e.id: entity_url(e.kind, e.id) for e in self.entities.values()}
        self.names: dict[str, list[str]] = {e.id: [e.name, *(str(a.value) for a in e.aliases)]
                                            for e in self.entities.values()}
        for source in sources:
            self.urls[source.id], self.names[source.id] = entity_url("source", source.id), [source.title]
        for event in events:
            self.urls[event.id], self.names[event.id] = event_url(event.id), [event.title]
        by_name: dict[str, set[EntityId]] = defaultdict(set)
        for record_id, names in self.names.items():
            for name in names:
                by_name[fold(name)].add(EntityId(record_id))
        self.by_name = dict(by_name)  # plain, so a kept model can hold it (see `cache.keptpickle`)
        self._resolved: dict[str, tuple[EntityId | None, str]] = {}
        self._choices: list[str] | None = None
        self._escaped: dict[str, str] = {}
        """A link's words, escaped for Markdown (notes link the same names again and again)."""

    @classmethod
    def of(cls, dossier: Dossier) -> NameResolver:
        return cls(dossier.entities.values(), dossier.sources.values(), dossier.events)

    def resolve(self, target: str) -> tuple[EntityId | None, str]:
        """The record a target names, or None and why not (remembered: notes name the same targets often)."""
        resolved = self._resolved.get(target)
        if resolved is None:
            resolved = self._resolved[target] = self._resolve(target)
        return resolved

    def _resolve(self, target: str) -> tuple[EntityId | None, str]:
        if target in self.urls:
            return EntityId(target), ""
        matches = self.by_name.get(fold(target), set())
        if len(matches) == 1:
            return next(iter(matches)), ""
        if matches:
            return None, f"ambiguous: it names {', '.join(sorted(matches))}; link by id instead"
        if self._choices is None:  # made once: each display name folds every name again
            self._choices = list(self.urls) + [self._display(k) for k in self.by_name]
        return None, ("no group, person, place, source or event has that id, name or alias."
                      + did_you_mean(target, self._choices))

    def _display(self, folded: str) -> str:
        names = self.names[min(self.by_name[folded])]
        return next((n for n in names if fold(n) == folded), folded)

    def escaped(self, text: str) -> str:
        """`text` escaped for Markdown, remembered."""
        escaped = self._escaped.get(text)
        if escaped is None:
            escaped = self._escaped[text] = _md_escape(text)
        return escaped

    def resolve_note(self, entity: Entity, note: str, diagnostics: Diagnostics
                     ) -> tuple[str, list[EntityId], tuple[NoteLink, ...]]:
        """An entity's note with each wikilink turned into a Markdown link, the ids it links to,
        and the links within the site its editor wrote."""
        note_path = entity.pos.path[: -len(".yml")] + ".md"
        page = entity_url(entity.kind, entity.id)
        targets: list[EntityId] = []

        def substitute(match: re.Match[str]) -> str:
            target_text, label = match.group(1).strip(), (match.group(2) or "").strip()
            target = self.resolve(target_text)
            if target[0] is None:
                line = note[: match.start()].count("\n") + 1
                diagnostics.error(Pos(note_path, line), "wikilink.unresolved",
                                  f"wikilink [[{match.group(1)}]]: {target[1]}")
                return self.escaped(label or target_text)
            if target[0] in self.entities:
                targets.append(target[0])
            return f"[{self.escaped(label or target_text)}]({relative(self.urls[target[0]], page)})"

        resolved = substitute_outside_code(WIKILINK, substitute, note)  # code shows [[x]] as written
        if not has_links(note):
            return resolved, targets, ()  # only wikilinks, whose links are made here and always work
        in_site = []
        for link in note_links(note, page):  # the editor's own links: wikilinks are not links yet
            if link.problem:
                diagnostics.error(Pos(note_path, link.line), "note.link",
                                  f"link '{link.href}' in the note: {link.problem}")
            elif link.target is not None:
                in_site.append(link)
        return resolved, targets, tuple(in_site)


def has_links(note: str) -> bool:
    """Whether a note may hold a Markdown link of the editor's own (`in` is faster than a regex search)."""
    return "](" in note or "]:" in note or "<" in note  # _LINK_MARKS, without a generator per note


def _md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(_backslashed, text)


def _backslashed(match: re.Match[str]) -> str:
    """The replacement as a function: re.sub with a template string is several times slower, even with no match."""
    return "\\" + match.group(1)
