"""The archive: capture files written and read back, each source checked against its copy, and
check-sources reporting what is gone, changed or no longer holds its cited quotes."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import pytest

from dossier.build.read import read_dossier
from dossier.capture.add import add_source
from dossier.core.archive import DecodeError, decode_text, paragraph_pages
from dossier.core.project import load_project
from dossier.core.warc import WarcError, make_record, read_records, write_records
from tests.capturekit import article, loopback, new_project
from tests.helpers import build_py

BODY = "The syndicate was founded in 2009 by three fishermen, police said on Friday."
MORE = "Officers arrested nine people at dawn."


EVENT = """\
date: {value: "2024", inferred: The page is dated 2024.}
title: Officers arrest people on the quay
cite: {source: harbour-ring, quote: Officers arrested}
"""


def _cite_it(project: Path) -> None:
    """An event citing the captured page."""
    (project / "content" / "events" / "2024-officers-arrest.yml").write_text(EVENT)


def _codes(project: Path) -> dict[str, str]:
    _, diagnostics = read_dossier(project / "content", archive_dir=project / "archive")
    return {d.code: d.message for d in diagnostics.errors + diagnostics.warnings}


@pytest.fixture
def captured(tmp_path: Path) -> Path:
    """A project with one page captured ('harbour-ring'), its fields checked, and a fact citing it."""
    project = new_project(tmp_path)
    with loopback() as site:
        add_source(load_project(project), site.page("/ring", article("Harbour ring", BODY, MORE)), "harbour-ring")
    record = project / "content" / "sources" / "harbour-ring.yml"
    record.write_text(record.read_text().replace("unchecked: [title, outlet, date, text]\n", ""))
    _cite_it(project)
    return project


# -- the format -----------------------------------------------------------------
def test_a_capture_file_reads_back_record_for_record_and_is_the_same_bytes_each_time():
    records = [make_record("resource", "2025-03-01T12:00:00Z", b"hello", "text/plain", target="file:///a.txt"),
               make_record("conversion", "2025-03-01T12:00:00Z", b"hello\n", "text/plain", target="file:///a.txt")]
    data = write_records(records)
    assert data == write_records(records)
    back = read_records(data)
    assert [(r.type, r.block) for r in back] == [("resource", b"hello"), ("conversion", b"hello\n")]
    assert back[0].field("WARC-Payload-Digest") is None and back[0].field("Content-Length") == "5"
    assert back[0].field("WARC-Block-Digest") == "sha256:" + hashlib.sha256(b"hello").hexdigest()


@pytest.mark.parametrize(("data", "words"), [
    (b"not a warc\r\n\r\n", "expected 'WARC/1.0'"),
    (gzip.compress(b"WARC/1.1\r\nWARC-Type: resource\r\nContent-Length: 99\r\n\r\nshort"), "cut short"),
    (gzip.compress(b"\0" * (300 * 1024 * 1024)), "inflates past"),
    (gzip.compress(b"WARC/1.1\r\nWARC-Type: x\r\n\r\n"), "no Content-Length"),
])
def test_what_is_not_a_capture_file_is_refused_with_the_reason(data, words):
    with pytest.raises(WarcError, match=words):
        read_records(data)


def test_a_page_is_decoded_by_what_it_declares_or_as_utf8_never_by_a_guess():
    assert decode_text("caf\u00e9".encode("cp1252"), "text/html", "iso-8859-1") == ("caf\u00e9", "cp1252")
    assert decode_text(b'<meta charset="koi8-r">\xf0', "text/html", None)[1] == "koi8-r"
    with pytest.raises(DecodeError, match="declares no charset"):
        decode_text("caf\u00e9".encode("cp1252"), "text/plain", None)
    with pytest.raises(DecodeError, match="not one Python knows"):
        decode_text(b"x", "text/html", "x-made-up")


def test_the_page_of_each_paragraph_of_a_pdf_is_counted_across_form_feeds():
    assert paragraph_pages("a\n\nb\n\f\nc\n\f\n\f\nd") == (1, 1, 2, 4)


# -- validation -------------------------------------------------------------------
def test_a_source_matching_its_copy_validates_clean(captured, tmp_path):
    _, before = read_dossier(new_project(tmp_path / "plain") / "content")
    assert set(_codes(captured)) == {d.code for d in before.errors + before.warnings}


def test_a_copy_whose_bytes_changed_is_an_error(captured):
    record = captured / "content" / "sources" / "harbour-ring.yml"
    text = record.read_text()
    digest = text.split("sha256: ")[1][:64]
    record.write_text(text.replace(digest, "0" * 64))
    assert "archive.hash-mismatch" in _codes(captured)


def test_a_recorded_copy_that_is_missing_is_an_error(captured):
    (captured / "archive" / "harbour-ring" / "harbour-ring.warc.gz").unlink()
    found = _codes(captured)
    assert "archive.unreadable" in found and "archive.missing" in found


def test_a_damaged_capture_file_is_an_error_at_the_file(captured):
    (captured / "archive" / "harbour-ring" / "harbour-ring.warc.gz").write_bytes(b"\x1f\x8bdamaged")
    assert "archive/harbour-ring/harbour-ring.warc.gz" in _codes(captured)["archive.unreadable"]


def test_text_edited_after_capture_is_a_warning_unless_the_editor_says_why(captured):
    record = captured / "content" / "sources" / "harbour-ring.yml"
    record.write_text(record.read_text().replace("three fishermen", "three fisherman"))
    found = _codes(captured)
    assert "archive.text-changed" in found and "they part at" in found["archive.text-changed"]
    record.write_text(record.read_text() + "text_edited: The page misprints fishermen.\n")
    assert "archive.text-changed" not in _codes(captured)


def test_a_copy_the_record_does_not_name_is_a_warning_with_the_fields_to_add(captured):
    record = captured / "content" / "sources" / "harbour-ring.yml"
    record.write_text("".join(line + "\n" for line in record.read_text().splitlines()
                              if not line.startswith(("sha256:", "retrieved:"))))
    message = _codes(captured)["archive.unrecorded"]
    assert "add `sha256: " in message and "retrieved: " in message


@pytest.mark.parametrize(("line", "code"), [("retrieved: 2025-03-01 12:00", "type.timestamp"),
                                            ("sha256: abc", "type.digest"),
                                            ("unchecked: [titel]", "field.unknown")])
def test_malformed_capture_fields_are_errors_at_their_line(captured, line, code):
    record = captured / "content" / "sources" / "harbour-ring.yml"
    key = line.split(":")[0]
    kept = [x for x in record.read_text().splitlines() if not x.startswith(key + ":")]
    record.write_text("\n".join(kept) + f"\n{line}\n")
    assert code in _codes(captured)


def test_fields_still_to_check_are_a_warning(captured):
    record = captured / "content" / "sources" / "harbour-ring.yml"
    record.write_text(record.read_text() + "unchecked: [date]\n")
    assert "date was filled in" in _codes(captured)["source.unchecked"]


# -- check-sources ---------------------------------------------------------------
def test_check_sources_reports_a_page_as_captured_changed_lost_or_gone(tmp_path):
    project = new_project(tmp_path)
    with loopback() as site:
        url = site.page("/ring", article("Harbour ring", BODY, MORE))
        add_source(load_project(project), url, "harbour-ring")
        _cite_it(project)
        same = build_py(project, "check-sources", "harbour-ring")
        site.page("/ring", article("Harbour ring", BODY, MORE, "A correction was added."))
        changed = build_py(project, "check-sources", "harbour-ring")
        site.page("/ring", article("Harbour ring", BODY, "Nine people were held."))
        lost = build_py(project, "check-sources", "harbour-ring")
        del site.routes["/ring"]
        gone = build_py(project, "check-sources", "harbour-ring")
    assert same.returncode == 0 and "ok" in same.stderr
    assert changed.returncode == 4 and "changed" in changed.stderr
    assert lost.returncode == 4 | 8 and '"Officers arrested"' in lost.stderr and "2024-officers-arrest.yml" in lost.stderr
    assert gone.returncode == 16 and "HTTP 404" in gone.stderr


def test_check_sources_names_an_id_that_is_not_a_source_with_a_url(tmp_path):
    result = build_py(new_project(tmp_path), "check-sources", "nowhere")
    assert result.returncode == 2 and "'nowhere' is not a source with a url" in result.stderr
