"""Archive checks: each source against its captured copy in the project's archive folder.

Takes the valid sources, the copies `load.archive` read and the raw records (for the
line of each field); gives the sources with their copy attached, and diagnostics:
a copy whose bytes are not those the record's `sha256` names is an error (the copy or
the record was changed), a `sha256` with no copy is an error, a copy with no
`sha256` to check it by a warning, and so is a `text` that is no longer what was
extracted from the copy, unless `text_edited` gives the editor's reason. Fields
`add-source` filled in and the editor has not yet checked (`unchecked`) are a warning.
"""

from __future__ import annotations

from dataclasses import replace

from ..core.archive import extracted_paragraphs
from ..core.diagnostics import Diagnostics, Pos
from ..core.model import ArchivedCopy, EntityId, Source
from ..core.project import ARCHIVE_FOLDER
from ..load.files import RawRecord
from .citations import normalise
from .quotecheck import first_difference


def check_archive(sources: dict[EntityId, Source], copies: dict[str, ArchivedCopy] | None,
                  index: dict[str, RawRecord], diagnostics: Diagnostics) -> dict[EntityId, Source]:
    """The sources, each with its copy when the archive holds one that matches; `copies` None when no
    archive folder was given (content checked on its own), so no copy is missed."""
    checked: dict[EntityId, Source] = {}
    for source_id, source in sources.items():
        record = index[source_id]
        if source.unchecked:
            diagnostics.warning(record.pos(("unchecked",)), "source.unchecked",
                                f"{', '.join(source.unchecked)} {'was' if len(source.unchecked) == 1 else 'were'} "
                                "filled in from the page by add-source: check them against the archived copy, "
                                "then take them out of `unchecked`")
        copy = copies.get(source_id) if copies is not None else None
        checked[source_id] = _with_copy(source, copy, record, diagnostics) if copy or copies is not None else source
    for name, copy in (copies or {}).items():
        if EntityId(name) not in sources:
            diagnostics.warning(Pos(copy.path), "archive.unrecorded",
                                f"'{copy.path}' is the copy of no source: there is no sources/{name}.yml "
                                "(remove the folder, or restore the record)")
    return checked


def _with_copy(source: Source, copy: ArchivedCopy | None, record: RawRecord, diagnostics: Diagnostics) -> Source:
    where = f"{ARCHIVE_FOLDER}/{source.id}/"
    if copy is None:
        if source.sha256:
            diagnostics.error(record.pos(("sha256",)), "archive.missing",
                              f"sha256 names an archived copy, but {where} holds none: restore the copy, "
                              "or take `sha256` and `retrieved` out if it is gone for good")
        return source
    if source.sha256 is None:
        diagnostics.warning(record.pos(()), "archive.unrecorded",
                            f"{copy.path} holds a copy of this source, but the record gives no `sha256` to "
                            f"check it by: add `sha256: {copy.sha256}` and `retrieved: {copy.retrieved}`")
    elif source.sha256 != copy.sha256:
        diagnostics.error(record.pos(("sha256",)), "archive.hash-mismatch",
                          f"the archived copy in {copy.path} has the SHA-256 {copy.sha256}, not the {source.sha256} "
                          "the record gives: the copy or the record was changed since capture")
        return source
    matches = normalise(source.text) == normalise(extracted_paragraphs(copy.extracted))
    if not matches and not source.text_edited:
        diagnostics.warning(record.pos(("text",)), "archive.text-changed",
                            "the text is no longer the text extracted from the archived copy "
                            f"({copy.path}){first_difference(source.text, extracted_paragraphs(copy.extracted))}"
                            "; if the edit is meant, give the reason in `text_edited`")
    return replace(source, archive=copy, text_is_copy=matches)
