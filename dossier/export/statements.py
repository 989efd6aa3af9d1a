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
from .ftmtypes import PROP_TYPES, FtmEntity, Support
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

    Written in parts, each made once and joined into its rows: a value's own cells once for all
    its quotes, a statement's (its support's) cells once for all its values, a citation's cells
    (its place in the source found once) and its source's grade for every row that quotes it;
    440,000 rows at 10,000 entities."""
    dataset = dataset_name(dossier.settings.title)
    seen: Mapping[str, Seen] = dossier.history.get(SEEN) or {}
    lang = iso_639_3(dossier.settings.language)
    worded = {prop: lang if prop_type in WORDED else "" for prop, prop_type in PROP_TYPES.items()}
    supports: dict[int, tuple[Support, str, str, str, str]] = {}
    cited: dict[int, tuple[Citation, str, str, str]] = {}
    quotes: dict[tuple[str, str, tuple[int, ...]], str] = {}
    grades: dict[str, str] = {}
    sha1 = hashlib.sha1

    def grade(source: str) -> str:
        found = grades.get(source)
        if found is None:
            graded = dossier.sources[EntityId(source)].reliability
            found = grades[source] = graded.grade if graded else ""
        return found

    def citation(cite: Citation) -> tuple[Citation, str, str, str]:
        """(the citation, kept so that its id is not another's; its words; its cells from source_id
        to quote_suffix; its source's grade)."""
        key = (cite.source, cite.words, cite.sentences)
        quoted = quotes.get(key)
        if quoted is None:
            quoted = quotes[key] = _quote_cells(dossier, cite)
        made = cited[id(cite)] = (cite, key[1], quoted, grade(cite.source))
        return made

    def support_cells(support: Support) -> tuple[Support, str, str, str, str]:
        """(the support, kept so that its id is not another's; the cells first_seen and last_seen; the
        cells from estimate to note; the cells from credibility to last_changed; the cells from
        date_precision to note of a value without a date, where the statement is not inferred)."""
        known = seen.get(support.statement) if seen else None
        qualified = (f"{flag(support.estimate)},{cell(support.according_to or '')},{cell(support.editorial or '')},"
                     f"{cell(support.note or '')}")
        made = supports[id(support)] = (
            support, f"{known.first_date},{known.latest_date}" if known else ",", qualified,
            f"{support.credibility},{support.statement},{flag(support.disputed)},{support.as_of},"
            f"{support.held_from},{support.held_to},{known.changed_date if known else ''}",
            f",,,,,{qualified}")
        return made

    for entity in entities:
        entity_id, schema = entity.id, entity.schema
        ids = f"{entity_id},{entity_id},"
        hashed = f"{dataset}\x1f{entity_id}\x1f"
        for index, value in enumerate(entity.values):
            prop, text, field, support, original, date = value
            made = supports.get(id(support)) or support_cells(support)
            if date is None and not support.inferred:
                dated = made[4]
            else:
                reasoning = " ".join(r for r in (support.inferred, (date.inferred or "") if date else "") if r)
                dated = (f"{date.precision if date else ''},{(date.part or '') if date else ''},"
                         f"{flag(bool(date and date.approximate))},{flag(bool(reasoning))},{cell(reasoning)},"
                         f"{made[2]}")
            value_cells = (f"{prop},{PROP_TYPES[prop]},{schema},{cell(text)},{dataset}",
                           f"{worded[prop]},{cell(original) if original else ''},f,{made[1]}")
            if not support.cites:
                digest = sha1(f"{hashed}{prop}\x1f{text}\x1f\x1f\x1f{index}".encode()).hexdigest()
                yield (f"{ids}{value_cells[0]},{'editorial' if support.editorial else ''},{value_cells[1]},{digest},"
                       f"{field},,,,,,{dated},,{made[3]}")
                continue
            for cite in support.cites:
                quoted = cited.get(id(cite)) or citation(cite)
                quoting = cite.source
                digest = sha1(f"{hashed}{prop}\x1f{text}\x1f{quoting}\x1f{quoted[1]}\x1f{index}".encode()).hexdigest()
                yield (f"{ids}{value_cells[0]},{quoting},{value_cells[1]},{digest},{field},{quoted[2]},{dated},"
                       f"{quoted[3]},{made[3]}")
        for source in entity.proof():
            digest = sha1(f"{hashed}proof\x1f{source}".encode()).hexdigest()
            yield (f"{ids}proof,entity,{schema},{source},{dataset},{source},,,f,,,{digest},cite,{source},,,,,,,,,,,,,,"
                   f"{grade(source)},,,,,,,")


def _quote_cells(dossier: Dossier, cite: Citation) -> str:
    """The cells source_id, quote, quote_url, quote_prefix and quote_suffix of a citation."""
    prefix, suffix = quote_context(dossier, cite)
    return f"{cite.source},{cell(cite.words)},{sentence_url(cite)},{cell(prefix)},{cell(suffix)}"


def statements_csv(dossier: Dossier, entities: Iterable[FtmEntity]) -> Chunks:
    return csv_from_lines(COLUMNS, statement_lines(dossier, entities))
