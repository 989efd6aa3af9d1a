"""add-source: pages captured from a web server on the loopback address, and files read from disk.

Every page is made by the test and served by `tests.capturekit.loopback`; nothing leaves 127.0.0.1.
Each failure must name what went wrong and leave the project exactly as it was.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml

from dossier.build.read import read_dossier
from dossier.capture.add import CaptureError, add_source
from dossier.core.archive import read_capture
from dossier.core.project import load_project
from dossier.core.warc import read_records
from tests.capturekit import Reply, article, loopback, make_pdf, new_project
from tests.helpers import build_py, file_tree

BODY = ("The syndicate was founded in 2009 by three fishermen, police said on Friday. "
        "It ran boats from the north quay for years.")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return new_project(tmp_path)


def _record(project: Path, source_id: str) -> dict:
    return yaml.safe_load((project / "content" / "sources" / f"{source_id}.yml").read_text(encoding="utf-8"))


def test_a_web_page_becomes_a_source_with_its_copy_archived(project):
    with loopback() as site:
        url = site.page("/news/ring", article("Harbour ring broken up", "By Ada Varga", BODY, "<h2>Arrests at dawn</h2>",
                                              "Officers arrested nine people at dawn."))
        added = add_source(load_project(project), url)
    assert added.new and added.source_id == "harbour-ring-broken-up"
    record = _record(project, added.source_id)
    assert record["title"] == "Harbour ring broken up" and record["outlet"] == "The Harbour Gazette"
    assert record["date"] == "2024-05-03" and record["url"] == url
    assert record["unchecked"] == ["title", "outlet", "date", "text"]
    assert record["retrieved"].endswith("Z") and len(record["retrieved"]) == 20
    paragraphs = record["text"].strip().split("\n\n")
    assert paragraphs == ["Harbour ring broken up", "By Ada Varga", BODY, "Arrests at dawn",
                          "Officers arrested nine people at dawn."]  # navigation, aside and footer left out
    source_text = (project / "content" / "sources" / "harbour-ring-broken-up.yml").read_text()
    assert "# from <meta property=\"og:title\">" in source_text
    capture = (project / "archive" / added.source_id / f"{added.source_id}.warc.gz").read_bytes()
    copy = read_capture(capture)
    assert hashlib.sha256(copy.payload).hexdigest() == record["sha256"]
    assert [r.type for r in read_records(capture)] == ["warcinfo", "request", "response", "conversion"]
    dossier, diagnostics = read_dossier(project / "content", archive_dir=project / "archive")
    assert not diagnostics.errors
    assert {d.code for d in diagnostics.warnings} >= {"source.unchecked"}
    assert dossier.sources[added.source_id].text_is_copy


def test_capturing_the_same_address_again_writes_nothing(project):
    with loopback() as site:
        url = site.page("/a", article("Harbour ring broken up", BODY))
        first = add_source(load_project(project), url)
        before = file_tree(project)
        again = add_source(load_project(project), url + "#comments")
        assert len(site.hits) == 1  # known by its address: not even fetched
    assert not again.new and again.source_id == first.source_id
    assert file_tree(project) == before


def test_a_redirect_chain_is_followed_kept_in_the_capture_and_recognised_next_time(project):
    with loopback() as site:
        final = site.page("/story", article("Harbour ring broken up", BODY))
        site.redirect("/short", "/middle", 301)
        start = site.url + "/short"
        site.redirect("/middle", final, 302)
        added = add_source(load_project(project), start)
        again = add_source(load_project(project), start)
    assert _record(project, added.source_id)["url"] == final
    capture = (project / "archive" / added.source_id / f"{added.source_id}.warc.gz").read_bytes()
    records = read_records(capture)
    assert [r.field("WARC-Target-URI") for r in records if r.type == "response"] == [
        start, site.url + "/middle", final]
    assert not again.new


@pytest.mark.parametrize(("reply", "words"), [
    (Reply(404, b"<html><body>gone</body></html>"), "HTTP 404"),
    (Reply(500, b"oops", {"Content-Type": "text/plain"}), "HTTP 500"),
    (Reply(503, b"busy", {"Content-Type": "text/plain"}), "HTTP 503"),
])
def test_an_error_status_is_named_and_nothing_is_written(project, reply, words):
    before = file_tree(project)
    with loopback() as site:
        site.routes["/x"] = reply
        with pytest.raises(CaptureError, match=words):
            add_source(load_project(project), site.url + "/x")
    assert file_tree(project) == before


def test_a_redirect_to_another_scheme_is_refused(project):
    before = file_tree(project)
    with loopback() as site:
        url = site.redirect("/x", "https://127.0.0.1:9/secure")
        with pytest.raises(CaptureError, match=r"another scheme \(http to https\)"):
            add_source(load_project(project), url)
    assert file_tree(project) == before


def test_endless_redirects_are_refused(project):
    with loopback() as site:
        url = site.redirect("/loop", "/loop")
        with pytest.raises(CaptureError, match="redirects more than 5 times"):
            add_source(load_project(project), url)
    assert not (project / "archive").exists()


def test_a_page_not_in_utf8_that_declares_no_charset_is_refused(project):
    page = article("Caf\u00e9 raid", BODY + " Caf\u00e9.").replace('<meta charset="utf-8">', "").encode("cp1252")
    with loopback() as site:
        site.page("/x", page, content_type="text/html")
        with pytest.raises(CaptureError, match="is not UTF-8 .* declares no charset"):
            add_source(load_project(project), site.url + "/x")
    assert not (project / "archive").exists()


def test_a_page_that_declares_its_charset_is_read_in_it(project):
    page = article("Caf\u00e9 raid", BODY + " The caf\u00e9 was shut.").replace('<meta charset="utf-8">', "")
    with loopback() as site:
        url = site.page("/x", page.encode("cp1252"), content_type="text/html; charset=windows-1252")
        added = add_source(load_project(project), url)
    assert "The caf\u00e9 was shut." in _record(project, added.source_id)["text"]


def test_a_page_whose_bytes_break_its_declared_charset_is_refused(project):
    with loopback() as site:
        site.page("/x", article("Raid", BODY).encode() + b"\xff\xfe bad", content_type="text/html; charset=utf-8")
        with pytest.raises(CaptureError, match="not valid utf-8"):
            add_source(load_project(project), site.url + "/x")


def test_a_slow_page_times_out_and_writes_nothing(project):
    with loopback() as site:
        site.routes["/slow"] = Reply(body=article("Raid", BODY).encode() * 4, delay=0.4)
        with pytest.raises(CaptureError, match=r"no whole answer within 0\.5 s"):
            add_source(load_project(project), site.url + "/slow", timeout=0.5)
    assert not (project / "archive").exists()


@pytest.mark.parametrize("announced", [True, False])
def test_a_page_over_the_size_limit_is_refused(project, announced):
    with loopback() as site:
        site.routes["/huge"] = Reply(body=b"<p>" + b"word " * 60_000 + b"</p>", length=announced)
        with pytest.raises(CaptureError, match="100,000 bytes"):
            add_source(load_project(project), site.url + "/huge", max_bytes=100_000)
    assert not (project / "archive").exists()


def test_a_page_with_no_text_is_refused(project):
    with loopback() as site:
        site.page("/empty", "<!doctype html><html><head><title>x</title></head><body><script>1</script></body></html>")
        with pytest.raises(CaptureError, match="no text could be extracted"):
            add_source(load_project(project), site.url + "/empty")
    assert not (project / "archive").exists()


def test_a_page_that_is_neither_html_pdf_nor_text_is_refused(project):
    with loopback() as site:
        site.page("/pic", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, content_type="image/png")
        with pytest.raises(CaptureError, match="image/png, not an HTML page, a PDF or plain text"):
            add_source(load_project(project), site.url + "/pic")


def test_a_hostile_page_gives_its_words_and_none_of_its_code(project):
    hostile = article("Raid on the quay", BODY, "<script>document.write('INJECTED')</script>",
                      "<style>p{color:red}</style><p>Officers arrested nine people<img src=x onerror=alert(1)> at dawn.</p>",
                      head="<script>alert('head')</script>")
    with loopback() as site:
        added = add_source(load_project(project), site.page("/h", hostile))
    text = _record(project, added.source_id)["text"]
    assert "Officers arrested nine people at dawn." in text
    assert "INJECTED" not in text and "alert" not in text and "color:red" not in text


def test_a_pdf_is_captured_with_the_page_of_each_paragraph(project):
    pdf = make_pdf([["The ring ran boats from the north quay.", "Officers arrested nine people at dawn."],
                    ["The court ruled on the case in June."]], title="Court record of the harbour case")
    with loopback() as site:
        added = add_source(load_project(project), site.page("/record.pdf", pdf, content_type="application/pdf"))
    record = _record(project, added.source_id)
    assert added.source_id == "court-record-of-the-harbour-case"
    assert record["text"].strip().split("\n\n") == ["The ring ran boats from the north quay.",
                                                    "Officers arrested nine people at dawn.",
                                                    "The court ruled on the case in June."]
    capture = read_capture((project / "archive" / added.source_id / f"{added.source_id}.warc.gz").read_bytes())
    assert capture.payload == pdf and capture.media_type == "application/pdf"
    assert capture.extracted.count("\f") == 1


def test_a_file_is_read_from_disk_and_archived_as_a_resource(project, tmp_path):
    path = tmp_path / "statement.txt"
    path.write_text("Statement of the harbour police\n\nOfficers arrested nine people\nat dawn.\n\nThe boats were seized.\n")
    added = add_source(load_project(project), str(path), source_id="police-statement")
    record = _record(project, "police-statement")
    assert "url" not in record and record["title"] == "Statement of the harbour police"
    assert record["text"].strip().split("\n\n")[1] == "Officers arrested nine people at dawn."
    records = read_records((added.archive / "police-statement.warc.gz").read_bytes())
    assert [r.type for r in records] == ["warcinfo", "resource", "conversion"]
    assert records[1].field("WARC-Target-URI") == "file:///statement.txt"  # the name alone, no folder
    assert not add_source(load_project(project), str(path)).new  # the same bytes again


def test_an_id_given_must_be_free_and_well_formed(project):
    with loopback() as site:
        url = site.page("/a", article("Raid", BODY))
        with pytest.raises(CaptureError, match="taken"):
            add_source(load_project(project), url, source_id="harbour-gazette")
        with pytest.raises(CaptureError, match="lowercase ASCII"):
            add_source(load_project(project), url, source_id="Bad_Id")


def test_the_command_line_captures_then_says_it_already_has_the_page(project):
    with loopback() as site:
        url = site.page("/a", article("Harbour ring broken up", BODY))
        first = build_py(project, "add-source", url)
        second = build_py(project, "add-source", url)
        missing = build_py(project, "add-source", site.url + "/missing")
    assert first.returncode == 0 and "captured" in first.stderr and "cite harbour-ring-broken-up" in first.stderr
    assert second.returncode == 0 and "already captured as source 'harbour-ring-broken-up'" in second.stderr
    assert missing.returncode == 1 and "HTTP 404" in missing.stderr and "Traceback" not in missing.stderr
    built = build_py(project, "build")
    assert built.returncode == 0, built.stderr
    page = (project / "site" / "sources" / "harbour-ring-broken-up.html").read_text()
    assert 'href="../archive/harbour-ring-broken-up/index.html"' in page
    assert (project / "site" / "archive" / "harbour-ring-broken-up" / "harbour-ring-broken-up.warc.gz").is_file()


def test_only_the_command_line_imports_the_capture_code_and_building_loads_no_extractor():
    import ast
    import subprocess
    import sys

    from tests.helpers import ROOT
    importers = set()
    for path in (ROOT / "dossier").rglob("*.py"):
        if "capture" in path.relative_to(ROOT / "dossier").parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and "capture" in node.module.split("."):
                importers.add(path.relative_to(ROOT).as_posix())
    assert importers == {"dossier/cli.py"}
    probe = ("import sys, dossier.cli, dossier.build.site, dossier.serve.server, dossier.mkdocs_plugin; "
             "print(sorted(m for m in sys.modules if m.split('.')[0] in ('readability', 'pdfminer', 'lxml') "
             "or m.startswith('dossier.capture')))")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    assert loaded.returncode == 0, loaded.stderr
    assert not any(m.startswith(("readability", "pdfminer", "lxml", "dossier.capture")) for m in eval(loaded.stdout))
