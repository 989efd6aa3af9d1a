"""Page inputs: for each page, a digest of everything it is drawn from, without drawing it.

A page whose digest is the one it had when it was last rendered would render to the same
bytes, so a build can keep it (see `buildcache`). The digest covers, for every page, the
global inputs (engine, templates, mkdocs.yml, dossier.yml, build time: `global_digest`), and:

- a profile: the record's file and its note as linked (wikilinks resolved, so a renamed
  target shows), how others mention it, and the files of every record the page names or
  cites: the other side of each relation (every alternative of a disputed target) and whose
  record wrote it, the events of its timeline and whatever they name (every alternative
  place), whom each of its statements is according to, places, speakers, the subjects of
  quotes, the sources of every citation (a disputed part's and an end's too), those who
  mention it;
- a source page: its file, its author's and dateline's, and the facts citing each sentence;
- the chronology: every event's file and the files of all they name and cite;
- an index page: the files of every record it lists; the home page: the counts, the key
  records' and the sources' files; print.html: the digests of every page it gathers; the
  map of the groups: what every group's profile is drawn from but notes, mentions and
  quotes; the grades' legend: the sources;
- a kind of page not known here: no digest, so it is always rendered;
- the data files (see `data_files`): every record's file, as the exports hold every record.

It is coarse on purpose: a page depends on whole files, so an edit to any field of a record
redraws every page that names that record. A new relation or mention changes the set of
files a page names, and so its digest, from either side. Files are known by their digest
(`files`: content-relative path -> digest of the bytes read).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping

from ..core.kinds import ENTITY_KINDS
from ..core.model import Citation, CitedBy, Disputed, Dossier, EntityId, Event, Fact, Occurrence, Quote, Relation
from ..render.pages import PageKey, has_print_view, page_keys

Digests = Mapping[str, bytes]


class PageInputs:
    """The digests of a dossier's pages, given the digest of each content file and the global one."""

    def __init__(self, dossier: Dossier, files: Digests, global_digest: bytes):
        self.dossier = dossier
        self.files = files
        self.global_digest = global_digest
        self.named: dict[str, bytes] = {}
        """Record id -> its id, path and the digest of its file, as a page's digest takes them in."""
        for records in (dossier.entities.values(), dossier.sources.values(), dossier.events):
            for record in records:
                path = record.pos.path
                self.named[record.id] = f"{record.id}\0{path}\0".encode() + files.get(path, b"?")
        self._cited_by: dict[EntityId, list[tuple[int, tuple[CitedBy, ...]]]] | None = None
        self._digests: dict[PageKey, bytes | None] = {}
        """The digests made so far (print.html takes in every profile's)."""
        self._memo: dict[int, tuple[str, ...]] = {}
        """id() of a relation or event (which live as long as the dossier) -> the records it names."""

    def data_files(self) -> bytes:
        """The digest of the data files (data/ and data.html, made together): the global inputs
        and every record's file, but not the notes, which no export holds."""
        h = hashlib.blake2b(self.global_digest, digest_size=16)
        h.update(b"data\0" + b"".join(self.named[record_id] for record_id in sorted(self.named)))
        return h.digest()

    def digests(self) -> dict[PageKey, bytes | None]:
        return {key: self.digest(key) for key in page_keys(self.dossier)}

    def digest(self, key: PageKey) -> bytes | None:
        """The digest of a page's inputs; None for a kind of page this module does not know."""
        if key in self._digests:
            return self._digests[key]
        make = _KINDS.get(key[0])
        digest = None
        if make is not None:
            h = hashlib.blake2b(self.global_digest, digest_size=16)
            h.update(f"{key[0]}\0{key[1]}\0".encode())
            make(self, key[1], h.update)
            digest = h.digest()
        self._digests[key] = digest
        return digest

    # -- pieces --------------------------------------------------------------
    def _records(self, ids: Iterable[str], add: Callable[[bytes], object]) -> None:
        named = self.named
        add(b"".join([named.get(record_id, b"?") for record_id in sorted(set(ids))]))

    def profile(self, key: str, add: Callable[[bytes], object]) -> None:
        d = self.dossier
        entity_id = EntityId(key)
        entity = d.entities[entity_id]
        add((entity.note or "").encode("utf-8", "surrogatepass") + b"\0")
        mentions = d.mentions.get(entity_id, ())
        add("\0".join(f"{m.by}\0{m.how}" for m in mentions).encode() + b"\0")
        named = self._drawn_from(entity_id)
        for quote in (*entity.quotes, *d.quotes_about.get(entity_id, ())):
            named.update(_quote_names(quote))
        named.update(mention.by for mention in mentions)
        self._records(named, add)

    def _drawn_from(self, entity_id: EntityId) -> set[str]:
        """The record, and those its facts, relations and timeline name: all a profile draws
        from but its note, mentions and quotes (and so all the map of the groups draws)."""
        d = self.dossier
        entity = d.entities[entity_id]
        named: set[str] = {entity_id}
        for facts in (entity.summary, entity.aliases, *(facts for _, facts in entity.fields)):
            for fact in facts:
                named.update(_fact_names(fact, d))
        for link in d.links.get(entity_id, ()):
            named.update(self._relation_names(link.relation))
        for event in d.timelines.get(entity_id, ()):
            named.update(self._event_names(event))
        return named

    def _relation_names(self, relation: Relation) -> tuple[str, ...]:
        """Both ends of a relation (every alternative target), whom it is according to, and the sources of
        it, of its disputed parts and of its end (each relation is on two pages: made once)."""
        names = self._memo.get(id(relation))
        if names is None:
            names = self._memo[id(relation)] = (relation.subject, *relation.targets, *_support_names(relation),
                                                *_parts_names(relation.disputed),
                                                *(_support_names(relation.ended) if relation.ended else ()))
        return names

    def _event_names(self, event: Event) -> tuple[str, ...]:
        """An event, what it names (every alternative place), whom it is according to, and the sources of it
        and of its disputed parts (each event is on several pages: made once)."""
        names = self._memo.get(id(event))
        if names is None:
            names = self._memo[id(event)] = (event.id, *event.involves, *event.places, *_support_names(event),
                                             *_parts_names(event.disputed))
        return names

    def source(self, key: str, add: Callable[[bytes], object]) -> None:
        source = self.dossier.sources[EntityId(key)]
        self._records([source.id, *(r for r in (source.author, source.dateline) if r)], add)
        if self._cited_by is None:
            self._cited_by = defaultdict(list)
            for (source_id, sentence), cited in self.dossier.cited_by.items():
                self._cited_by[source_id].append((sentence, cited))
        for sentence, cited in sorted(self._cited_by.get(source.id, []), key=lambda item: item[0]):
            add(f"{sentence}\0".encode() + "\0".join(f"{c.url}\0{c.label}" for c in cited).encode() + b"\0")

    def chronology(self, key: str, add: Callable[[bytes], object]) -> None:
        named: set[str] = set()
        for event in self.dossier.events:
            add(self.named[event.id])
            named.update(self._event_names(event))
        self._records(named, add)

    def index(self, kind: str, add: Callable[[bytes], object]) -> None:
        d = self.dossier
        records = d.sources if kind == "source" else [e.id for e in d.entities.values() if e.kind == kind]
        self._records(records, add)

    def home(self, key: str, add: Callable[[bytes], object]) -> None:
        d = self.dossier
        counts = [sum(1 for e in d.entities.values() if e.kind == kind) for kind in ENTITY_KINDS]
        add(repr((counts, len(d.events), len(d.sources), has_print_view(d), d.settings.key_entities)).encode())
        self._records([*d.settings.key_entities, *d.sources], add)

    def print_view(self, key: str, add: Callable[[bytes], object]) -> None:
        for entity_id in self.dossier.entities:
            add(self.digest(("profile", entity_id)) or b"?")
        add(self.digest(("chronology", "")) or b"?")
        self._records(self.dossier.sources, add)

    def group_map(self, key: str, add: Callable[[bytes], object]) -> None:
        """The map of the groups: which groups there are, and for each, its dates, its relations
        and their other ends, its timeline."""
        named: set[str] = set()
        for entity in self.dossier.entities.values():
            if entity.kind == "group":
                named.update(self._drawn_from(entity.id))
        self._records(named, add)

    def grades(self, key: str, add: Callable[[bytes], object]) -> None:
        self._records(self.dossier.sources, add)

    def not_found(self, key: str, add: Callable[[bytes], object]) -> None:
        """The page of its own: the global inputs alone."""


def _sources(cites: Iterable[Citation]) -> list[str]:
    return [cite.source for cite in cites]


def _support_names(item: Fact | Relation | Event) -> list[str]:
    """The sources a statement cites and whom it is according to."""
    names = _sources(item.cites)
    if item.according_to:
        names.append(item.according_to)
    return names


def _parts_names(disputed: Disputed) -> list[str]:
    """The records the alternatives of disputed parts name (a target, a place) and rest on."""
    names: list[str] = []
    for _, alternatives in disputed:
        for alternative in alternatives:
            names += _support_names(alternative)
            if isinstance(alternative.value, str):
                names.append(alternative.value)
    return names


def _fact_names(fact: Fact, dossier: Dossier) -> list[str]:
    """The records a fact names: a place and those who did it, a referenced record, whom it is
    according to, its sources."""
    value = fact.value
    names = _sources(fact.cites)
    if fact.according_to:
        names.append(fact.according_to)
    if isinstance(value, Occurrence):
        names += [value.place] if value.place else []
        names += value.by_ids
    elif isinstance(value, str) and (value in dossier.entities or value in dossier.sources):
        names.append(value)
    return names


def _quote_names(quote: Quote) -> list[str]:
    return [quote.speaker, quote.source, *quote.about]


_KINDS: dict[str, Callable[[PageInputs, str, Callable[[bytes], object]], None]] = {
    "profile": PageInputs.profile,
    "source": PageInputs.source,
    "chronology": PageInputs.chronology,
    "index": PageInputs.index,
    "home": PageInputs.home,
    "print": PageInputs.print_view,
    "map": PageInputs.group_map,
    "grades": PageInputs.grades,
    "404": PageInputs.not_found,
}
"""The kinds of page of `pages.PAGE_KINDS` whose inputs are known here."""
