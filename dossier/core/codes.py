"""Codes: every diagnostic the engine can emit, defined once with its severity and meaning.

`Diagnostic` refuses a code not listed here, or one used at another severity, so a
new problem cannot be reported without being named and explained first. The
documentation's table of codes (docs/errors.md) is generated from this list:
`python -m dossier.core.codes docs/errors.md` rewrites it, and a test fails when it is stale.
"""

from __future__ import annotations

import difflib
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Code:
    name: str
    severity: Severity
    meaning: str


def _errors(*pairs: tuple[str, str]) -> list[Code]:
    return [Code(name, "error", meaning) for name, meaning in pairs]


def _warnings(*pairs: tuple[str, str]) -> list[Code]:
    return [Code(name, "warning", meaning) for name, meaning in pairs]


_ALL = [
    *_errors(
        ("load.no-settings", "the content folder has no dossier.yml"),
        ("load.unknown-folder", "a folder in the content folder that holds no kind of record"),
        ("load.unexpected-file", "a file that is neither a .yml record nor a .md note, or in the wrong place"),
        ("load.not-a-file", "a symbolic link or other non-regular file: content must be real files"),
        ("load.too-large", "a record over 2 MiB or a note over 128 KiB"),
        ("load.encoding", "a file that is not UTF-8, or binary (holds a NUL character)"),
        ("load.unreadable", "a file the operating system would not let be read"),
        ("note.too-complex", "a note with more than 10,000 Markdown marks: refused before it is parsed"),
        ("yaml.syntax", "YAML that cannot be parsed"),
        ("yaml.line-break", "a Unicode line or paragraph separator (U+2028, U+2029) or next line (U+0085), which YAML "
                            "reads as a line break where an editor shows none"),
        ("yaml.empty", "an empty record file"),
        ("yaml.documents", "more than one YAML document in a file"),
        ("yaml.key", "a field name that is not plain text"),
        ("yaml.too-deep", "more than 20 levels of nesting: refused before parsing further"),
        ("yaml.too-many-values", "more than 20,000 values in one file: refused before parsing further"),
        ("yaml.alias", "a YAML alias (*name): refused, not expanded"),
        ("yaml.merge", "a YAML merge key (<<): refused, not expanded"),
        ("yaml.tag", "a YAML tag (!name): refused"),
        ("yaml.duplicate-key", "a field given twice in one mapping"),
        ("id.invalid", "a file name that cannot be an id (lowercase ASCII letters, digits, single hyphens)"),
        ("id.duplicate", "an id used by two records, of any kinds"),
        ("id.previous", "a `previous_ids` entry that cannot be an earlier id: not an id, the id of a record that "
                        "exists, or claimed by two records"),
        ("release.unreadable", "a file of releases/ that is not a release this version of dossier can read: "
                               "damaged, edited, renamed, or numbered as another"),
        ("release.name", "a release's name or note that cannot be used, or a name already taken (a release is "
                         "never rewritten)"),
        ("field.unknown", "a field not in the schema of its record, fact, date or relation"),
        ("field.required", "a required field is missing"),
        ("type.mapping", "a value that should be a mapping of fields"),
        ("type.list", "a value that should be a list"),
        ("type.text", "a value that should be text"),
        ("type.bool", "a value that should be true or false"),
        ("type.language", "a language that is not a language code such as 'en' or 'pt-BR'"),
        ("type.timestamp", "a `retrieved` time that is not YYYY-MM-DDTHH:MM:SSZ (UTC)"),
        ("type.digest", "a `sha256` that is not 64 hexadecimal digits"),
        ("archive.unreadable", "a capture file in the archive folder that is missing, too large or not a "
                               "capture (WARC) this engine can read"),
        ("archive.missing", "a source whose record gives the `sha256` of an archived copy the archive folder "
                            "does not hold"),
        ("archive.hash-mismatch", "an archived copy whose bytes are not those the source's `sha256` names"),
        ("url.scheme", "a source url that is not an http:// or https:// address"),
        ("text.invisible", "an invisible, control or direction-override character in a value"),
        ("ref.unknown-entity", "a reference to a record that does not exist"),
        ("ref.wrong-kind", "a reference to a record of the wrong kind"),
        ("relation.unknown-type", "a relation type that does not exist"),
        ("relation.wrong-kind", "a relation type that cannot start from this kind of record"),
        ("relation.self", "a relation from a record to itself"),
        ("relation.on-and-period", "a relation with more than one of `on` (a single act's date), `period` and `as_of`"),
        ("relation.ended", "`ended` without exactly one of `on` and `unknown_since`, or beside another end"),
        ("relation.part", "an `amount` or a `share` on a relation type that takes none"),
        ("relation.number", "an amount that is not a number, or a share that is not a percentage"),
        ("relation.currency", "a currency that is not an ISO 4217 code, or an amount without one"),
        ("place.coordinates", "a latitude or longitude that is not a number in decimal degrees, or out of range "
                              "(-90 to 90, -180 to 180)"),
        ("place.precision", "a location's precision that is not exact, town, district, region or country"),
        ("dispute.single", "a list of alternatives with only one: a list is for values sources dispute"),
        ("date.invalid", "a date that is not real, or not YYYY, YYYY-MM or YYYY-MM-DD in the digits 0-9"),
        ("date.form", "a date mapping without exactly one of 'value' and 'said'"),
        ("date.part", "a part that is not early, mid or late, or given to a date that is not a month"),
        ("date.unresolvable", "a yearless date whose source gives no year to take, or that would fall in year 0"),
        ("cite.not-in-source", "a quote not in its source as whole words, or not with the prefix and suffix given"),
        ("cite.ambiguous", "a quote that occurs more than once in its source, with no prefix or suffix to say which"),
        ("cite.spans-boundary", "a quote that runs across a paragraph break or into or out of a heading"),
        ("cite.no-default", "a bare quote, but dossier.yml names no default_source"),
        ("fact.uncited", "a fact with neither cite nor editorial, or with an empty citation"),
        ("grade.invalid", "a reliability outside A-F or a credibility outside 1-6"),
        ("grade.no-reason", "a grade without the editor's reason for it"),
        ("note.orphan", "a note with no group, person or place record beside it"),
        ("wikilink.unresolved", "a wikilink to an unknown or ambiguous record"),
        ("note.link", "a note link that cannot work: an unsafe URL, a path out of the site, a missing page or id"),
        ("check.before-birth", "an event involving a person, or a relation of theirs, dated before they were born"),
        ("check.before-founding", "a role in a group that starts before the group was founded"),
        ("check.period-order", "a relation that ends before it starts"),
        ("check.cycle", "a group made part of itself by branch-of/member-of relations that could hold "
                        "at the same time"),
        ("link.broken", "a link or anchor between built pages that does not resolve"),
        ("template.syntax", "a theme template that Jinja cannot parse"),
        ("template.missing", "no theme template for a page"),
        ("template.undefined", "a theme template uses a variable or attribute the page does not have"),
        ("template.error", "a theme template fails while drawing a page: a macro called with an argument it "
                           "does not take, a filter given the wrong value"),
        ("theme.incompatible", "a template of the project's, written for an earlier theme, uses what has changed "
                               "since, or one written for a later theme"),
    ),
    *_warnings(
        ("check.sources-differ", "facts of one field that differ on a part, named with each value's sources, "
                                 "on a field the record has not `reviewed`"),
        ("check.source-differs-with-itself", "facts of one field that differ on a part, all from one source (or "
                                             "one person or outlet it quotes), on a field not `reviewed`"),
        ("check.stale-review", "a `reviewed:` entry for a field whose facts do not differ (any more), with a "
                               "did-you-mean"),
        ("check.one-sided", "a summary or note sentence stating one side of a disagreement as plain fact (heuristic)"),
        ("cite.unsupported-number", "a number a cited fact states that none of its quotes gives"),
        ("cite.unsupported-date", "a date's year, month or day that a cited fact states and none of its quotes gives"),
        ("grade.unconfirmed", "credibility 1 (confirmed by other sources) on a fact citing only one source"),
        ("theme.outdated", "a template of the project's, written for an earlier theme, leaves out what the "
                           "theme now draws"),
        ("schema.outdated", "a project's copy of the record schema that is not this engine's: `schema` rewrites it"),
        ("check.unlinked", "a group, person or place that nothing links to"),
        ("archive.text-changed", "a source's `text` that is no longer the text extracted from its archived "
                                 "copy, with no `text_edited` reason"),
        ("archive.unrecorded", "an archived copy whose source record gives no `sha256` (or no source record)"),
        ("source.unchecked", "a source with fields add-source filled in that the editor has yet to check"),
        ("text.mixed-script", "a word of a name or alias mixing Latin, Cyrillic and Greek letters "
                              "(a look-alike such as Cyrillic 'А' in 'Аda')"),
    ),
]

CODES: dict[str, Code] = {code.name: code for code in _ALL}
WARNING_CODES = frozenset(name for name, code in CODES.items() if code.severity == "warning")


class UnregisteredCode(ValueError):
    """A programming error: a diagnostic with a code not in CODES, or at the wrong severity."""


def require_registered(name: str, severity: str) -> None:
    """Raise UnregisteredCode unless `name` is a code of this severity."""
    code = CODES.get(name)
    if code is None:
        raise UnregisteredCode(f"diagnostic code '{name}' is not registered in dossier/core/codes.py")
    if code.severity != severity:
        raise UnregisteredCode(f"diagnostic code '{name}' is registered as {code.severity}, used as {severity}")


def ignored_codes(value: object) -> frozenset[str]:
    """The warning codes a project's `ignore` list names; ValueError saying what is wrong otherwise."""
    if value is None:
        return frozenset()
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError("expected a list of warning codes, such as [check.unlinked]")
    for name in value:
        if name not in CODES:
            close = difflib.get_close_matches(name, list(CODES), n=1)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            raise ValueError(f"unknown code '{name}'.{hint} Codes are listed in docs/errors.md")
        if CODES[name].severity != "warning":
            raise ValueError(f"'{name}' is an error, and errors cannot be ignored; "
                             f"warnings are: {', '.join(sorted(WARNING_CODES))}")
    return frozenset(value)


ERRORS_DOC_INTRO = """\
# Errors and warnings

`build.py validate`, `build` and `bundle` check the whole dossier and print every problem at
once, one a line, as `file:line:column: error: message [code]` (or `warning:`), with a
did-you-mean where one fits:

```
people/ada-varga.yml:16:11: error: unknown relation type 'leader-off'; expected one of: ... Did you mean 'leader-of'? [relation.unknown-type]
```

Repeats of one code beyond 20 collapse to `... and N more [code]`.

An **error** stops the run: the command exits with 1 and writes nothing (the previous `site/`
stays as it was). A **warning** is printed and the run goes on, unless the run is strict:
then warnings fail it as errors do.

## One verdict: strictness is a project setting

Whether warnings fail a run is the project's `strict` setting in `mkdocs.yml`, MkDocs' own,
which `build.py` reads too; `new` makes projects with `strict: true`. So `build.py validate`,
`build.py build`, `build.py bundle`, `mkdocs build` and `mkdocs serve` pass or fail together on
one project. For one run, `--strict` or `--no-strict` overrides it, in either command line
(`build.py build --no-strict`, `mkdocs build --no-strict`). `mkdocs build` logs the warnings
as MkDocs warnings; in strict mode it fails on them before anything is written. (MkDocs' own
warnings about its own settings, such as a `nav` entry for a missing page, fail a strict
`mkdocs build` alone: `build.py` does not read those settings.)

## Reviewed disagreements, and ignored codes

A disagreement between sources (`check.sources-differ`, `check.source-differs-with-itself`)
is often the point of a dossier: once an editor has looked into one, the record says so under
`reviewed:`, field by field, with the reason both values stand ([content.md](content.md#sources-differ)).
The page still shows every value; the check no longer warns of that field, so a strict build
passes, and the next disagreement, on any other field, still fails it. A review that matches
no disagreement (the sources were reconciled, or the field's name is mistyped) is itself a
warning, `check.stale-review`, with a did-you-mean.

A project can also silence whole warning codes it accepts, in the `dossier` plugin's options
in `mkdocs.yml` (errors cannot be silenced):

```yaml
plugins:
  - dossier:
      ignore: [check.unlinked]
```

Ignored warnings are neither printed nor counted when strict, by either builder.

## Codes

Every code the engine can emit is below. This page is generated from `dossier/core/codes.py`,
where each code is defined once; regenerate it with `python -m dossier.core.codes docs/errors.md`.
"""  # noqa: E501 (the example diagnostic is one line, as printed)


def errors_doc() -> str:
    """The text of docs/errors.md: the intro, then one row per code."""
    rows = ["| code | severity | meaning |", "|---|---|---|"]
    rows += [f"| `{code.name}` | {code.severity} | {_cell(code.meaning)} |" for code in _ALL]
    return ERRORS_DOC_INTRO + "\n" + "\n".join(rows) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def main(argv: list[str]) -> int:
    """Write docs/errors.md to the path given, or to standard output."""
    if argv:
        Path(argv[0]).write_text(errors_doc(), encoding="utf-8")
    else:
        sys.stdout.write(errors_doc())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
