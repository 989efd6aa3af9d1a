"""Views: the plain data each template gets, drawn from the linked `Dossier`.

Templates only show; every decision (wording relations from each side, grouping
the chronology by year, "sources differ") is made here, in `claimviews` (each
statement as the link stage made it) or in the link stage, in Python, so it is
tested once and every page agrees. Citations come numbered from the link stage
(`references`). The view data is `viewdata`'s; URLs in views are paths from the
site root; templates prefix them with the page's `root`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from ..check.disagreements import find_disagreements
from ..core.kinds import BY_NAME
from ..core.model import Dossier, EntityId, Fact, Grade, Link, Mark, PageCitations, Quote, Reference
from ..core.schema import KIND_FIELDS, RELATION_ROWS
from ..core.urls import entity_url, event_url
from ..drawing.chronology import chronology_drawing
from ..drawing.lanes import profile_timeline
from ..drawing.network import neighbourhood
from ..drawing.relmap import relation_map
from ..export.jsonld import JsonLd
from ..link.families import by_family, relation_anchor
from ..link.references import CHRONOLOGY_PAGE, page_citations
from ..link.statements import field_statement_id
from ..validate.citations import split_source
from .claimviews import ClaimViews, KeptViews, sentence_url
from .copies import copy_location, copy_summary
from .grading import grade_summary, reliability_view
from .viewdata import (
    BackMark,
    Deferred,
    DisagreementView,
    EventView,
    FamilyView,
    LinkView,
    QuoteView,
    ReferenceView,
    RelationRowView,
    RelationView,
    RowView,
    SideView,
    View,
)


class ViewBuilder(ClaimViews):
    """Builds the views of one dossier's pages. What it keeps is only a cache: each view is a
    function of the dossier and the page."""

    def __init__(self, dossier: Dossier, kept: KeptViews | None = None):
        super().__init__(dossier, kept)
        self._jsonld: JsonLd | None = None

    @property
    def event_order(self) -> dict[EntityId, int]:
        """Each event's place in the chronology (read through the memo: it is read of every event)."""
        return self._memo.get("event order", lambda: {e.id: i for i, e in enumerate(self.dossier.events)})

    @property
    def jsonld(self) -> JsonLd:
        """The schema.org JSON-LD of the profiles, made as their views are (it keeps its own cache)."""
        if self._jsonld is None:
            self._jsonld = JsonLd(self.dossier, self._kept.jsonld_nodes, self._kept.jsonld_events)
        return self._jsonld

    def _mention_order(self, by: EntityId) -> tuple[bool, int, str]:
        """Records by name first, then events in chronological order."""
        if by in self.event_order:
            return (True, self.event_order[by], "")
        return (False, 0, self.dossier.name_of(by).casefold())

    def mention_link(self, by: EntityId) -> LinkView:
        """A link to whatever mentions an entity: a record's page, or an event on the chronology."""
        if by in self.dossier.entities or by in self.dossier.sources:
            return self.link(by)
        event = self.dossier.events[self.event_order[by]]
        return LinkView(event.title, event_url(event.id), "event")

    def references(self, references: tuple[Reference, ...]) -> tuple[ReferenceView, ...]:
        """A page's citation list, Wikipedia's way: each passage once, with a way back to each place."""
        return tuple(
            ReferenceView(r.number, f"ref-{r.number}", sentence_url(r.citation), r.citation.words,
                          self.dossier.sources[r.citation.source].title,
                          tuple(BackMark("^" if len(r.marks) == 1 else _letters(i), m.anchor)
                                for i, m in enumerate(r.marks)),
                          *copy_location(self.dossier, r.citation))
            for r in references)

    def disagreements(self, entity_id: EntityId, cites: PageCitations) -> tuple[DisagreementView, ...]:
        """Where the sources of a profile differ, part by part, each side with its sources and marks."""
        entity = self.dossier.entities[entity_id]
        found = []
        for disagreement in find_disagreements(self.dossier, entity):
            facts = entity.field(disagreement.field)
            sides = tuple(
                SideView(side.value, self.short_titles(tuple(c for f in side.facts for c in f.cites)),
                         tuple(m for f in side.facts for m in self.marks(cites.of((disagreement.field,
                                                                                  _index(facts, f))))))
                for side in disagreement.sides)
            found.append(DisagreementView(disagreement.label, disagreement.part, sides, disagreement.one_source))
        return tuple(found)

    def quote(self, quote: Quote, marks: tuple[Mark, ...]) -> QuoteView:
        words = quote.cite.words if quote.cite else quote.text  # the source's characters, not the editor's typing
        return QuoteView(words, self.link(quote.speaker), quote.context or "", quote.medium or "",
                         self.date(quote.date), tuple(self.link(a) for a in quote.about), self.marks(marks))

    # -- pages -----------------------------------------------------------
    def entity(self, entity_id: EntityId) -> dict[str, Any]:
        """Everything a profile shows, in the order it shows it, with its numbered citations."""
        d = self.dossier
        entity = d.entities[entity_id]
        cites = page_citations(d, entity_id)
        statements = d.statements
        summary = tuple(self.fact(statements[field_statement_id(entity_id, "summary", i)], None,
                                  cites.of(("summary", i))) for i in range(len(entity.summary)))
        aliases = tuple(self.fact(statements[field_statement_id(entity_id, "aliases", i)], None,
                                  cites.of(("aliases", i))) for i in range(len(entity.aliases)))
        disagreements = self.disagreements(entity_id, cites)
        differing = {d.label for d in disagreements}
        among_sources = {d.label for d in disagreements if not d.one_source}
        rows = []
        for spec in KIND_FIELDS[entity.kind]:
            facts = entity.field(spec.key)
            if facts:
                differ = spec.label in differing
                views = tuple(self.fact(statements[field_statement_id(entity_id, spec.key, i)], spec,
                                        cites.of((spec.key, i)), differ) for i in range(len(facts)))
                rows.append(RowView(spec.label, views, differ=differ,
                                    one_source=differ and spec.label not in among_sources))
        links = d.links.get(entity_id, ())
        relations = tuple(self.relation(i, link, cites, relation_anchor(i)) for i, link in enumerate(links))
        families = tuple(FamilyView(g.family.name, g.family.title, f"rel-{g.family.name}",
                                    tuple(relations[i] for i, _ in g.links)) for g in by_family(links))
        relation_rows = _relation_rows(links, relations)
        timeline = tuple(self.event(e, cites) for e in d.timelines.get(entity_id, ()))
        quotes = tuple(self.quote(q, cites.of(("quote", i))) for i, q in enumerate(entity.quotes))
        quotes_about = tuple(self.quote(q, cites.of(("quote-about", i)))
                             for i, q in enumerate(d.quotes_about.get(entity_id, ())))
        hows: dict[EntityId, list[str]] = defaultdict(list)
        for mention in d.mentions.get(entity_id, ()):
            if not _shown_elsewhere(mention.how):
                hows[mention.by].append(mention.how)
        mentions = tuple((self.mention_link(by), ", ".join(hows[by])) for by in sorted(hows, key=self._mention_order))
        return View(dict(
            id=entity.id, kind=entity.kind, kind_label=BY_NAME[entity.kind].label, name=entity.name,
            url=cites.url, summary=summary, aliases=aliases, rows=tuple(rows), relation_rows=relation_rows,
            relations=relations,
            families=families, timeline=timeline, quotes=quotes, quotes_about=quotes_about, note=d.notes.get(entity_id),
            mentions=mentions, citations=self.references(cites.references), disagreements=disagreements,
            grades=grade_summary(d, (m.citation for m in cites.marks), _credibilities(d, entity_id)),
            network=neighbourhood(d, entity_id), timeline_drawing=profile_timeline(d, entity_id),
        ), {"map": Deferred(lambda: relation_map(d, entity_id))})  # the built-in theme no longer shows it

    def chronology(self) -> dict[str, Any]:
        cites = page_citations(self.dossier, CHRONOLOGY_PAGE)
        years: dict[int, list[EventView]] = defaultdict(list)
        for event in self.dossier.events:
            years[event.date.year or 0].append(self.event(event, cites))
        return dict(years=[{"year": y, "anchor": f"y-{y}", "events": evs} for y, evs in years.items()],
                    citations=self.references(cites.references), drawing=chronology_drawing(self.dossier))

    def source(self, source_id: EntityId) -> dict[str, Any]:
        """The source's metadata and text in paragraphs and subheads, cited sentences marked with the facts
        citing them."""
        source = self.dossier.sources[source_id]
        citers = self.dossier.citers
        paragraphs = []
        split = split_source(source.text)
        for index, sentences in enumerate(split.paragraphs):
            paragraphs.append({"heading": index in split.headings, "sentences": [
                {"number": s.number, "text": split.sentence_text(s),
                 "cited_by": [{"url": c.url, "label": c.label, "also": [{"url": u, "title": t} for u, t in c.also]}
                              for c in citers(source_id, s.number)]}
                for s in sentences
            ]})
        return dict(
            id=source.id, title=source.title, url=entity_url("source", source.id),
            author=self.link(source.author) if source.author else None, outlet=source.outlet or "",
            dateline=self.link(source.dateline) if source.dateline else None,
            date=self.date(source.date), link=source.url or "", paragraphs=paragraphs,
            archived=copy_summary(source), reliability=reliability_view(source.reliability),
        )

    def listing_entry(self, entity_id: EntityId) -> dict[str, Any]:
        """One entity as index pages and the home page list it: its kind, aliases and summary each with its
        qualifiers, as every output words them ('The country Usman Ghazi moved to ... (according to Viktor
        Mikhailov; graded 3)'), so a listing does not state in the dossier's voice what its page attributes."""
        entity = self.dossier.entities[entity_id]
        statements = self.dossier.statements

        def qualified(field: str, index: int, text: str) -> str:
            statement = statements.get(field_statement_id(entity.id, field, index))
            return statement.qualified(text) if statement and text else text

        kind_fact = entity.field("kind")
        return dict(
            link=self.link(entity.id),
            aliases=[qualified("aliases", i, str(a.value)) for i, a in enumerate(entity.aliases)],
            kind=qualified("kind", 0, str(kind_fact[0].value)) if kind_fact else "",
            summary=qualified("summary", 0, str(entity.summary[0].value)) if entity.summary else "",
        )

    def listing(self, kind: str) -> list[dict[str, Any]]:
        """The entries of an index page, sorted by name."""
        entries = [self.listing_entry(i) for i in self.dossier.kinds.get(kind, ())]
        return sorted(entries, key=lambda e: (e["link"].name.casefold(), e["link"].url))


def _relation_rows(links: tuple[Link, ...], relations: tuple[RelationView, ...]) -> tuple[RelationRowView, ...]:
    """The infobox's rows drawn from the relations (`schema.RELATION_ROWS`): each relation as the list shows
    it, in the list's order."""
    rows = []
    for label, kinds in RELATION_ROWS:
        sides = dict(kinds)
        chosen = tuple(view for link, view in zip(links, relations, strict=True)
                       if (side := sides.get(link.relation.type)) is not None
                       and (side == "either" or (side == "target") == link.inverse))
        if chosen:
            rows.append(RelationRowView(label, chosen, worded=len(kinds) > 1))
    return tuple(rows)


def _letters(index: int) -> str:
    """a, b ... z, aa, ab ...: the back-links of a citation list's entry, as Wikipedia labels them."""
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = chr(ord("a") + rest) + label
    return label


def _index(facts: tuple[Fact, ...], fact: Fact) -> int:
    """The place of a fact among its field's facts (by identity: two facts may be equal)."""
    return next(i for i, f in enumerate(facts) if f is fact)


def _credibilities(dossier: Dossier, entity_id: EntityId) -> Iterator[Grade | None]:
    """The credibility of every fact a profile shows: its own, its relations', its timeline's."""
    entity = dossier.entities[entity_id]
    for facts in (entity.summary, entity.aliases, *(facts for _, facts in entity.fields)):
        yield from (f.credibility for f in facts)
    yield from (link.relation.credibility for link in dossier.links.get(entity_id, ()))
    yield from (event.credibility for event in dossier.timelines.get(entity_id, ()))


def _shown_elsewhere(how: str) -> bool:
    """A mention the profile already shows: a relation (under Relations), an event (under Timeline)
    or words about the entity (under "Said about"). "Mentioned in" lists only the others."""
    return how.startswith("relation:") or how in ("event", "quote")

