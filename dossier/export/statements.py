"""Statements: every value of every entity with the words it rests on, one row a value and quote.

The first columns are FollowTheMoney's statement format, in its order (`canonical_id`,
`entity_id`, `prop`, `prop_type`, `schema`, `value`, `dataset`, `origin`, `lang`,
`original_value`, `external`, `first_seen`, `last_seen`, `id`), with languages as the
ISO 639-3 codes it requires, so that its own tools load the file: `ftm
aggregate-statements -i statements.csv -f csv` rolls it up into the entities of
entities.ftm.json. The values are those of `ftm`. The columns after them carry what a
dataset-level source cannot: the verbatim quote, the anchor of its sentence, the text just
before and after it (W3C Web Annotation's `TextQuoteSelector`), the date's precision and
how sure it is (approximate, inferred, with the reasoning), the estimate flag, who the
source attributes the claim to, the editors' reason for a fact no source states, and the
editor's grades, the statement the value comes from and whether sources dispute it (each
value of a disputed part is a row of its own, with its own quote: one payment with two
amounts is two rows, not a sum). A value with several quotes has a row for each; a value
with none (a name, an editorial fact) has one row; and each source an entity's facts cite is
a `proof` row, as in entities.ftm.json.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping

from ..core.history import SEEN, Seen
from ..core.model import Citation, Dossier, EntityId
from ..core.names import fold
from .cells import cell, csv_from_lines, flag
from .ftmtypes import PROP_TYPES, FtmEntity
from .languages import iso_639_3
from .lines import Chunks
from .quotes import quote_context, sentence_url

COLUMNS: tuple[tuple[str, str], ...] = (
    ("canonical_id", "the same as entity_id: the dossier merges no entities"),
    ("entity_id", "the FollowTheMoney entity (as in entities.ftm.json): a record's id, or a relation's"),
    ("prop", "the FollowTheMoney property"),
    ("prop_type", "its FollowTheMoney type: name, text, string, date, entity, address, url"),
    ("schema", "the entity's FollowTheMoney schema"),
    ("value", "the value as FollowTheMoney holds it (dates as YYYY, YYYY-MM or YYYY-MM-DD; references as ids)"),
    ("dataset", "the dossier, named after its title"),
    ("origin", "where the value comes from: the id of the source quoted (as source_id), 'editorial' for a fact "
               "the editors give without a quote, empty for a record's own name"),
    ("lang", "the language of a name or text value, the dossier's, as an ISO 639-3 code (eng); empty for dates, "
             "ids and links, which have none"),
    ("original_value", "the value as the record gives it, where that differs: a place's id, a yearless date "
                       "in the source's words, a note's text without its label"),
    ("external", "f: every statement is the dossier's own (FollowTheMoney's flag for one seen in another "
                 "dataset)"),
    ("first_seen", "the date (UTC) of the dossier's release the statement first appeared in (see the changes "
                   "page); empty if it has appeared since the latest release, or the dossier has none"),
    ("last_seen", "the date of the latest release, if the statement is in it as it is now; else empty"),
    ("id", "the statement's id: a SHA-1 of the dataset, entity, property, value, quote and place, "
           "stable between builds"),
    ("field", "the dossier field the value comes from, e.g. summary, founded.date, relations.period.from; "
              "cite for a proof, a source the entity's facts cite"),
    ("source_id", "the source quoted (its Document in entities.ftm.json); empty without a quote"),
    ("quote", "the source's words the record quotes, in the source's own characters (its quotation marks and "
              "dashes, whatever the record's typing)"),
    ("quote_url", "the anchor of the quote's first sentence on the source's page, from the site root"),
    ("quote_prefix", "up to 32 characters of the source just before the quote (TextQuoteSelector prefix), "
                     "in the source's characters, each run of line breaks and spaces one space"),
    ("quote_suffix", "up to 32 characters of the source just after the quote (TextQuoteSelector suffix)"),
    ("date_precision", "for a date: year, month, part (early, mid or late in a month) or day"),
    ("date_part", "for a date of part precision: early, mid or late"),
    ("approximate", "true if the source gives the date as approximate ('about')"),
    ("inferred", "true if the value or its date is inferred rather than stated"),
    ("inferred_reasoning", "why it is inferred, as the reader is told"),
    ("estimate", "true if the value is an estimate"),
    ("according_to", "the id of the person or group the source attributes the claim to, or the name of the "
                     "outlet it attributes it to"),
    ("editorial", "the editors' reason, for a fact no source states outright"),
    ("note", "the editors' short remark on the value"),
    ("source_reliability", "the editor's reliability grade of the quoted source (A-F); empty: ungraded"),
    ("credibility", "the editor's credibility grade of the fact (1-6); empty: ungraded"),
    ("statement_id", "the statement the value comes from, as the site's JSON-LD names its claims: a field's fact "
                     "(<record>.<field>-<n>), a relation, an event, a disputed part's alternative "
                     "(<relation>.<part>-<n>) or a relation's end (<relation>.ended)"),
    ("disputed", "true if the value is one of several its sources give for one part: one relation or event, "
                 "each value on its own source's word, never to be added up"),
    ("as_of", "for a field's value, the date it held at, as the source says (YYYY, YYYY-MM or YYYY-MM-DD)"),
    ("held_from", "for a field's value, the start of the period it held"),
    ("held_to", "for a field's value, the end of the period it held, or 'present'"),
    ("last_changed", "the date of the release since which the statement has been as it is now (its value, "
                     "qualifiers and citations); empty if it changed since the latest release, or the dossier "
                     "has no release"),
)


WORDED = frozenset({"name", "text", "string", "address"})
"""The FollowTheMoney types whose values are in a language; FtM drops the language of any other."""


def dataset_name(title: str) -> str:
    """The dossier's title as a dataset name: lowercase ASCII words joined by '_'."""
    return re.sub(r"[^a-z0-9]+", "_", fold(title)).strip("_")[:64].strip("_") or "dossier"


TRUSTED = frozenset({"id", "entity_id", "canonical_id", "prop", "prop_type", "schema", "dataset", "origin", "lang",
                     "external", "first_seen", "last_seen", "last_changed", "field", "source_id", "quote_url",
                     "date_precision",
                     "date_part", "approximate", "inferred", "estimate", "source_reliability",
                     "credibility", "statement_id", "disputed", "as_of", "held_from", "held_to"})
"""Columns the engine writes from ids, codes and words of its own, never from content (see `cells`);
`according_to` is not one: it may name an outlet in the editor's words."""


def statement_lines(dossier: Dossier, entities: Iterable[FtmEntity]) -> Iterator[str]:
    """The CSV lines of `entities` (`ftmvalues.ftm_entities`), one a value and quote.

    Written in parts: a value's own cells once for all its quotes, a quote's cells (its
    place in the source found once) for all the values it supports; 350,000 rows at
    10,000 entities."""
    dataset = dataset_name(dossier.settings.title)
    seen: Mapping[str, Seen] = dossier.history.get(SEEN) or {}
    lang = iso_639_3(dossier.settings.language)
    quotes: dict[tuple[str, str, tuple[int, ...]], str] = {}
    for entity in entities:
        entity_id, schema = entity.id, entity.schema
        for index, value in enumerate(entity.values):
            date, support = value.date, value.support
            prop_type = PROP_TYPES[value.prop]
            head = f"{entity_id},{entity_id},{value.prop},{prop_type},{schema},{cell(value.value)},{dataset}"
            known = seen.get(support.statement) if seen else None
            middle = (f"{lang if prop_type in WORDED else ''},{cell(value.original)},f,"
                      f"{known.first_date if known else ''},{known.latest_date if known else ''}")
            reasoning = " ".join(r for r in (support.inferred, (date.inferred or "") if date else "") if r)
            tail = ",".join((date.precision if date else "", (date.part or "") if date else "",
                             flag(bool(date and date.approximate)), flag(bool(reasoning)),
                             cell(reasoning), flag(support.estimate),
                             cell(support.according_to or ""), cell(support.editorial or ""), cell(support.note or "")))
            last = (f"{support.credibility},{support.statement},{flag(support.disputed)},{support.as_of},"
                    f"{support.held_from},{support.held_to},{known.changed_date if known else ''}")
            for cite in support.cites or (None,):
                reliability = ""
                if cite is None:
                    source = quote = ""
                    origin = "editorial" if support.editorial else ""
                    quoted = ",,,,"
                else:
                    source = origin = cite.source
                    quote = cite.words
                    key = (source, quote, cite.sentences)
                    quoted = quotes.get(key, "")
                    if not quoted:
                        quoted = quotes[key] = _quote_cells(dossier, cite)
                    graded = dossier.sources[source].reliability
                    reliability = graded.grade if graded else ""
                digest = "\x1f".join((dataset, entity_id, value.prop, value.value, source, quote, str(index)))
                yield (f"{head},{origin},{middle},{hashlib.sha1(digest.encode('utf-8')).hexdigest()},{value.field},"
                       f"{quoted},{tail},{reliability},{last}")
        for source in entity.proof():
            digest = "\x1f".join((dataset, entity_id, "proof", source))
            graded = dossier.sources[EntityId(source)].reliability
            yield (f"{entity_id},{entity_id},proof,entity,{schema},{source},{dataset},{source},,,f,,,"
                   f"{hashlib.sha1(digest.encode('utf-8')).hexdigest()},cite,{source},,,,,,,,,,,,,,"
                   f"{graded.grade if graded else ''},,,,,,,")


def _quote_cells(dossier: Dossier, cite: Citation) -> str:
    """The cells source_id, quote, quote_url, quote_prefix and quote_suffix of a citation."""
    prefix, suffix = quote_context(dossier, cite)
    return f"{cite.source},{cell(cite.words)},{sentence_url(cite)},{cell(prefix)},{cell(suffix)}"


def statements_csv(dossier: Dossier, entities: Iterable[FtmEntity]) -> Chunks:
    return csv_from_lines(COLUMNS, statement_lines(dossier, entities))
