"""Values: checks for one value of a record, each reporting at the value's own line.

`ValueChecker` knows the shapes values take (mappings, lists, text, ids,
dates, periods, citations, facts) and turns each into typed data or a
diagnostic with a did-you-mean. `records.RecordChecker` builds on it, one
method per kind of record.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache
from typing import Any

from ..core import schema
from ..core.characters import describe, refused_in_prose, refused_in_value
from ..core.dates import DateError, DateValue, Period, UnresolvableDate, parse_date, parse_said, resolve_said
from ..core.diagnostics import Diagnostics, Pos, did_you_mean
from ..core.model import Citation, EntityId, Grade, Source
from ..load.files import RawRecord, ValuePath
from .citations import split_source
from .quotecheck import check_quote, clip
from .support import unsupported

_URL = re.compile(r"^https?://[^\s<>\"']+$")
_SHA256 = re.compile(r"^[0-9a-fA-F]{64}$")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ID_SHAPED = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)+$")
"""Lowercase words joined by hyphens, no spaces: an id, not words (a one-word `by` stays words)."""
_KIND_OF_HIDDEN = {"Cc": "control", "Cf": "invisible formatting", "Zl": "line-separator", "Zp": "line-separator"}
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
_SCRIPT_OF = {"LATIN": "Latin", "CYRILLIC": "Cyrillic", "GREEK": "Greek"}
"""Scripts whose letters look alike; a word mixing them is checked (other scripts may mix legitimately)."""
_INVALID = object()
CLOSEST_PASSAGES = 50
"""Missing quotes given their source's closest passage, per run: each look-up takes milliseconds
against a long source, and a file of thousands of wrong quotes must not take minutes to report."""
_EMPTY_CITATION = ("the citation is empty: quote the source's words, or remove `cite:` and give "
                   "`editorial:` with your reasoning")


class ValueChecker:
    """Checks the values of one record, reporting each problem at its line."""

    def __init__(self, record: RawRecord, diagnostics: Diagnostics, index: dict[str, RawRecord],
                 default_source: EntityId | None, sources: dict[EntityId, Source]):
        self.record = record
        self.diagnostics = diagnostics
        self.index = index
        self.default_source = default_source
        self.sources = sources
        self.ok = True

    # -- reporting -------------------------------------------------------
    def error(self, path: ValuePath, code: str, message: str) -> None:
        self.ok = False
        self.diagnostics.error(self.record.pos(path), code, message)

    def error_at_key(self, path: ValuePath, code: str, message: str) -> None:
        self.ok = False
        self.diagnostics.error(self.record.key_pos(path), code, message)

    def pos(self, path: ValuePath) -> Pos:
        return self.record.pos(path)

    # -- structure -------------------------------------------------------
    def mapping(self, path: ValuePath, value: Any, allowed: dict[str, str], what: str,
                required: tuple[str, ...] = ()) -> dict[str, Any] | None:
        """A mapping with only known keys and every required key."""
        if not isinstance(value, dict):
            self.error(path, "type.mapping", f"{what} must be a mapping of fields, found {_describe(value)}")
            return None
        if not value.keys() <= allowed.keys():  # one set test for the usual case, a loop for the culprits
            for key in value:
                if key not in allowed:
                    self.error_at_key(path + (key,), "field.unknown",
                                      f"unknown field '{key}' in {what}; "
                                      + (self._comma_hint(path, value, key) or
                                         f"expected one of: {', '.join(allowed)}." + did_you_mean(key, allowed)))
        for key in required:
            if is_blank(value.get(key)):
                self.error(path, "field.required", f"{what} needs the field '{key}' ({allowed[key]})")
        return value

    def _comma_hint(self, path: ValuePath, value: dict[str, Any], key: str) -> str | None:
        """What to do when `key` is the rest of a value cut at a comma: in a mapping written between
        braces (`cite: {source: x, quote: a, b}`) a comma ends a value, and YAML reads the words
        after it as a field with no value. A mapping between braces starts at its brace, before
        its first key; a mapping in block style starts at its first key."""
        keys = list(value)
        at = keys.index(key)
        if value[key] is not None or at == 0 or self.record.pos(path) == self.record.key_pos(path + (keys[0],)):
            return None
        cut = keys[at - 1]
        return (f"the mapping is written between braces, where a comma ends a value, so the words after a comma "
                f"in '{cut}' were read as a field of their own. Put the value in quotation marks "
                f"({cut}: \"..., {key}\"), or write the mapping in block style, one field a line")

    def items(self, path: ValuePath, value: Any, what: str) -> list[tuple[ValuePath, Any]]:
        """The items of a list field (a single value is not accepted as a list)."""
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(path, "type.list", f"{what} must be a list, found {_describe(value)}")
            return []
        return [(path + (i,), item) for i, item in enumerate(value)]

    def text(self, path: ValuePath, value: Any, what: str) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str):
            self.error(path, "type.text", f"{what} must be text, found {_describe(value)}")
            return None
        if value.isascii() and value.isprintable():  # most values: nothing to refuse, and NFC keeps ASCII as is
            return value.strip()
        bad = refused_in_value(value)
        if bad:
            self.error(path, "text.invisible",
                       f"{what} contains the {_KIND_OF_HIDDEN.get(unicodedata.category(bad), 'invisible')} "
                       f"character {describe(bad)}; a reader cannot see it, so remove it")
            return None
        return unicodedata.normalize("NFC", value.strip())

    def ref(self, path: ValuePath, value: Any, kinds: tuple[str, ...], what: str) -> EntityId | None:
        """An id that names an existing record of one of `kinds`."""
        text = self.text(path, value, what)
        if text is None:
            return None
        target = self.index.get(text)
        if target is None:
            candidates = [i for i, r in self.index.items() if r.kind in kinds]
            self.error(path, "ref.unknown-entity",
                       f"unknown {'/'.join(kinds)} '{text}' in {what}." + did_you_mean(text, candidates))
            return None
        if target.kind not in kinds:
            self.error(path, "ref.wrong-kind",
                       f"{what} must name a {' or '.join(kinds)}, but '{text}' is a {target.kind}")
            return None
        return EntityId(text)

    def refs(self, path: ValuePath, value: Any, kinds: tuple[str, ...], what: str) -> tuple[EntityId, ...]:
        found = (self.ref(p, item, kinds, what) for p, item in self.items(path, value, what))
        return tuple(dict.fromkeys(r for r in found if r))

    def previous_ids(self, value: Any) -> tuple[EntityId, ...]:
        """`previous_ids`: the ids a renamed record had, each shaped as an id and no record's id now."""
        found: list[EntityId] = []
        for path, item in self.items(("previous_ids",), value, "previous_ids"):
            text = self.text(path, item, "previous id")
            if text is None:
                continue
            if not _ID.match(text) or len(text) > 80:
                self.error(path, "id.previous", f"previous id '{text[:80]}' is not an id: an id is lowercase ASCII "
                           "letters, digits and single hyphens, as the record's file was named")
            elif text == self.record.id:
                self.error(path, "id.previous", f"previous id '{text}' is this record's own id; list the ids it "
                           "had before it was renamed")
            elif text in self.index:
                self.error(path, "id.previous", f"previous id '{text}' is the id of {self.index[text].path}, which "
                           "exists: a record takes the ids it had before, which no record has now")
            elif text not in found:
                found.append(EntityId(text))
        return tuple(found)

    def flag(self, path: ValuePath, value: Any, what: str) -> bool:
        if value is None:
            return False
        if value not in ("true", "false"):
            self.error(path, "type.bool", f"{what} must be true or false, found '{value}'")
            return False
        return value == "true"

    def source_text(self, path: ValuePath, value: Any) -> str | None:
        """A source's full text, kept as written; control and direction-override characters refused."""
        if not isinstance(value, str):
            return self.text(path, value, "text")
        bad = refused_in_prose(value)
        if bad:  # the text is kept, so its quotes still check: one error, not one per citation
            at, char = bad
            self.error(path, "text.invisible",
                       f"the source text contains {describe(char)} on line {value.count(chr(10), 0, at) + 1} "
                       "of the text; it would reorder or hide what readers see: remove it")
        return value

    def mixed_scripts(self, pos: Pos, text: str, what: str) -> None:
        """Warn of a word mixing Latin, Cyrillic and Greek letters: a look-alike ('Аda', Cyrillic А) or a slip.

        Such a name looks like another but is not found by search or wikilinks as typed.
        """
        if text.isascii():  # ASCII letters are all Latin: the usual case needs no look-up per letter
            return
        for word in text.split():
            if word.isascii():
                continue
            scripts = {_script(c) for c in word if c.isalpha()} - {""}
            if len(scripts) > 1:
                letters = ", ".join(f"'{c}' U+{ord(c):04X} {unicodedata.name(c, '')}" for c in dict.fromkeys(word)
                                    if c.isalpha() and _script(c) != "Latin")
                self.diagnostics.warning(pos, "text.mixed-script",
                                         f"{what} '{word}' mixes {' and '.join(sorted(scripts))} letters "
                                         f"({letters}); it looks like a word it is not")
                return

    def language(self, path: ValuePath, value: Any) -> str | None:
        text = self.text(path, value, "language")
        if text and not _LANGUAGE.match(text):
            self.error(path, "type.language",
                       f"language '{clip(text, 40)}' must be a language code such as 'en', 'uz' or 'pt-BR'")
            return None
        return text

    def url(self, path: ValuePath, value: Any) -> str | None:
        text = self.text(path, value, "url")
        if text and not _URL.match(text):
            self.error(path, "url.scheme", f"url '{text}' must be an http:// or https:// address")
            return None
        return text

    def timestamp(self, path: ValuePath, value: Any) -> str | None:
        """A moment in UTC, to the second: '2025-03-01T12:00:00Z'."""
        text = self.text(path, value, "retrieved")
        if text is None:
            return None
        try:
            datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ")
        except ValueError:
            self.error(path, "type.timestamp", f"retrieved '{clip(text, 40)}' must be a time in UTC written "
                       "YYYY-MM-DDTHH:MM:SSZ, such as 2025-03-01T12:00:00Z")
            return None
        return text

    def sha256(self, path: ValuePath, value: Any) -> str | None:
        text = self.text(path, value, "sha256")
        if text is None:
            return None
        if not _SHA256.match(text):
            self.error(path, "type.digest", f"sha256 '{clip(text, 70)}' must be 64 hexadecimal digits "
                       "(the SHA-256 of the archived copy, as add-source writes it)")
            return None
        return text.lower()

    def unchecked(self, path: ValuePath, value: Any) -> tuple[str, ...]:
        """The field names of `unchecked`, each one add-source fills in."""
        found: list[str] = []
        for item_path, item in self.items(path, value, "unchecked"):
            name = self.text(item_path, item, "unchecked")
            if name is None:
                continue
            if name not in schema.UNCHECKABLE:
                self.error(item_path, "field.unknown", f"unchecked names '{name}', which add-source does not fill "
                           f"in; expected some of: {', '.join(schema.UNCHECKABLE)}."
                           + did_you_mean(name, schema.UNCHECKABLE))
                continue
            found.append(name)
        return tuple(dict.fromkeys(found))

    # -- dates -----------------------------------------------------------
    def date(self, path: ValuePath, value: Any, source: EntityId | None, what: str) -> DateValue | None:
        """A date string, or a mapping with its precision, certainty or the source's wording."""
        if value is None:
            return None
        try:
            if isinstance(value, str):
                return parse_date(value)
            fields = self.mapping(path, value, schema.DATE_KEYS, what)
            if fields is None:
                return None
            if ("value" in fields) == ("said" in fields):
                self.error(path, "date.form",
                           f"{what} needs exactly one of 'value' (YYYY-MM-DD) or 'said' (the source's wording)")
                return None
            inferred = self.text(path + ("inferred",), fields.get("inferred"), "inferred")
            approximate = self.flag(path + ("approximate",), fields.get("approximate"), "approximate")
            part = self.text(path + ("part",), fields.get("part"), "part")
            if part and part not in ("early", "mid", "late"):
                self.error(path + ("part",), "date.part", f"part '{part}' must be early, mid or late."
                           + did_you_mean(part, ("early", "mid", "late")))
                part = None
            if "value" in fields:
                date = parse_date(str(fields["value"]))
                if part and (date.day or not date.month):
                    self.error(path + ("part",), "date.part", "part applies to a month date (YYYY-MM) only")
                return DateValue(date.year, date.month, date.day, part, approximate, inferred)
            said = parse_said(str(fields["said"]))
            said = DateValue(None, said.month, said.day, said.part or part, approximate, inferred, said.said)
            return self._resolve(path, said, source)
        except DateError as exc:
            self.error(path, "date.invalid", f"{what}: {exc}")
            return None

    def _resolve(self, path: ValuePath, date: DateValue, source_id: EntityId | None) -> DateValue | None:
        source = self.sources.get(source_id) if source_id else None
        if source is None or source.date is None:
            self.error(path, "date.unresolvable",
                       f"'{date.said}' has no year, and its source {source_id or '(none)'} "
                       "has no date to resolve it against")
            return None
        try:
            return resolve_said(date, source.date, source.title)
        except UnresolvableDate as exc:
            self.error(path, "date.unresolvable", str(exc))
            return None

    def period(self, path: ValuePath, value: Any, source: EntityId | None) -> Period:
        if value is None:
            return Period()
        fields = self.mapping(path, value, {"from": "start date", "to": "end date or 'present'"}, "period")
        if not fields:
            return Period()
        start = self.date(path + ("from",), fields.get("from"), source, "period start")
        end_value = fields.get("to")
        if end_value == "present":
            return Period(start, None, True)
        return Period(start, self.date(path + ("to",), end_value, source, "period end"))

    # -- citations and facts --------------------------------------------
    def cites(self, path: ValuePath, value: Any) -> tuple[Citation, ...]:
        """`cite:` as a quote of the default source, {quote, source, prefix, suffix}, or a list of either.

        A blank citation (empty, only spaces, an empty list or item) is `fact.uncited` at its own line.
        """
        if is_blank(value):
            self.error_at_key(path, "fact.uncited", _EMPTY_CITATION)
            return ()
        entries = self.items(path, value, "cite") if isinstance(value, list) else [(path, value)]
        found: list[Citation] = []
        for item_path, item in entries:
            fields = {"quote": item} if not isinstance(item, dict) else self.mapping(
                item_path, item, schema.CITATION_KEYS, "citation")
            if fields is None:
                continue
            if is_blank(fields.get("quote")):
                self.error(item_path, "fact.uncited", _EMPTY_CITATION)
                continue
            source_id = self.default_source
            if fields.get("source") is not None:
                source_id = self.ref(item_path + ("source",), fields["source"], ("source",), "citation source")
            elif source_id is None:
                self.error(item_path, "cite.no-default",
                           "a quote without `source` needs `default_source` in dossier.yml, "
                           "or a `source:` (the source's id) on a line beside its `quote:`")
                continue
            text = self.text(item_path, fields["quote"], "quote")
            prefix, suffix = fields.get("prefix"), fields.get("suffix")
            if prefix is not None:
                prefix = self.text(item_path + ("prefix",), prefix, "prefix")
            if suffix is not None:
                suffix = self.text(item_path + ("suffix",), suffix, "suffix")
            if source_id and text:
                citation = self.check_quote(item_path, source_id, text, self.pos(item_path), prefix, suffix)
                if citation:
                    found.append(citation)
        return tuple(found)

    def check_quote(self, path: ValuePath, source_id: EntityId, quote: str, pos: Pos, prefix: str | None,
                    suffix: str | None) -> Citation | None:
        """The citation of `quote` with the place in its source it means, or None once the problem is reported.

        A quote not found gets its source's closest passage in the message, for the first
        CLOSEST_PASSAGES such quotes of a run only.
        """
        source = self.sources.get(source_id)
        if source is None:
            return None
        nearest = self.diagnostics.counts["cite.not-in-source"] < CLOSEST_PASSAGES
        checked, code, message = check_quote(split_source(source.text), source_id, quote, pos, prefix, suffix,
                                             nearest)
        if checked is None:
            if code == "cite.not-in-source" and not nearest:
                message += f" (closest passages are shown for the first {CLOSEST_PASSAGES} only)"
            self.error(path, code, message)
        return checked

    def support(self, path: ValuePath, fields: dict[str, Any], what: str) -> tuple[tuple[Citation, ...], str | None]:
        """A fact's citations or its editorial reason; one of the two is required."""
        editorial = fields.get("editorial")
        if editorial is not None:
            editorial = self.text(path + ("editorial",), editorial, "editorial")
        if "cite" in fields:
            return self.cites(path + ("cite",), fields["cite"]), editorial
        if not editorial:
            self.error(path, "fact.uncited",
                       f"{what} has no citation: add `cite:` with the source's words, "
                       "or `editorial:` with your reasoning")
        return (), editorial

    def check_support(self, cites: tuple[Citation, ...], editorial: str | None,
                      texts: Iterable[tuple[ValuePath, str | None]],
                      dates: Iterable[tuple[ValuePath, DateValue | None]],
                      amounts: Iterable[tuple[ValuePath, str | None]] = ()) -> None:
        """Warn of numbers, dates and sums a cited fact states that none of its quotes gives (see `support`)."""
        if editorial or not cites:
            return
        for path, code, message in unsupported([c.quote for c in cites], texts, dates, amounts):
            self.diagnostics.warning(self.pos(path), code, message)

    def grade(self, path: ValuePath, value: Any, scale: dict[str, str], what: str) -> Grade | None:
        """A grade of the NATO/Admiralty code with the editor's reason: {grade, reason}."""
        if value is None:
            return None
        fields = self.mapping(path, value, schema.GRADE_KEYS, what, ("grade",)) if isinstance(value, dict) else None
        grade = self.text(path + ("grade",), fields.get("grade"), "grade") if fields else str(value)
        if grade and grade not in scale:
            self.error(path + ("grade",), "grade.invalid", f"{what} '{clip(grade, 20)}' is not a grade; expected one "
                       f"of {', '.join(f'{k} ({v})' for k, v in scale.items())}." + did_you_mean(grade.upper(), scale))
        elif grade and not (fields and self.text(path + ("reason",), fields.get("reason"), "reason")):
            self.error(path, "grade.no-reason", f"{what} {grade} ({scale[grade]}) needs the editor's reason: "
                       f"write `grade: {grade}` and `reason: ...` under it, one a line")
        elif grade and fields:
            return Grade(grade, self.text(path + ("reason",), fields["reason"], "reason") or "", self.pos(path))
        return None

    def credibility(self, path: ValuePath, value: Any, cites: tuple[Citation, ...]) -> Grade | None:
        """A fact's credibility grade; 1 (confirmed by other sources) must cite more than one source."""
        grade = self.grade(path, value, schema.CREDIBILITY, "credibility")
        if grade and grade.grade == "1" and len({c.source for c in cites}) < 2:
            self.diagnostics.warning(self.pos(path), "grade.unconfirmed", "credibility 1 means confirmed by other "
                                     f"sources, but the fact cites {'one source' if cites else 'none'}: cite the "
                                     "confirming source too, or grade it 2-6")
        return grade

    def first_source(self, cites: tuple[Citation, ...]) -> EntityId | None:
        return cites[0].source if cites else self.default_source

    def attribution(self, path: ValuePath, value: Any) -> tuple[EntityId | None, str | None]:
        """Whose claim a fact is, as its source says: (the id of a person or group, None), or
        (None, an outlet's name as a source record spells it: "as Caravanserai reported")."""
        if value is None:
            return None, None
        text = self.text(path, value, "according_to")
        if text is None:
            return None, None
        if text not in self.index:
            outlets = {s.outlet.casefold(): s.outlet for s in self.sources.values() if s.outlet}
            if text.casefold() in outlets:
                return None, outlets[text.casefold()]
            candidates = [i for i, r in self.index.items() if r.kind in ("person", "group")] + list(outlets.values())
            self.error(path, "ref.unknown-entity",
                       f"unknown person/group or outlet '{text}' in according_to: it names whose claim the fact "
                       "is, by the id of a person or group record, or by the `outlet` of a source."
                       + did_you_mean(text, candidates))
            return None, None
        return self.ref(path, text, ("person", "group"), "according_to"), None

    # -- records ---------------------------------------------------------


@lru_cache(maxsize=4096)
def _script(letter: str) -> str:
    """Latin, Cyrillic, Greek or '' (another script): cached, as names repeat the same few letters."""
    return _SCRIPT_OF.get(unicodedata.name(letter, "").split(" ")[0], "")


def is_blank(value: Any) -> bool:
    """A required value that is missing, empty or only whitespace (a page would show nothing)."""
    return value is None or value == [] or (isinstance(value, str) and not value.strip())


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return f"the text '{clip(str(value), 40)}'"
