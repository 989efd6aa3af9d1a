"""A dossier of captured sources (tests/sites/captured): built without the network, each source
page linking its copy, each citation linking the same place in the copy where the format allows,
and an archived web page shown so that it can run nothing."""

from __future__ import annotations

import html
import re
import socket

import pytest

from dossier.build.site import build_files
from dossier.core.project import load_project
from dossier.render.copies import SRCDOC_POLICY
from tests.helpers import CAPTURED
from tests.hostile.safety import loading_markup


@pytest.fixture(scope="module")
def files(request) -> dict[str, bytes]:
    """The site, built with every attempt to open a connection refused: building never uses the network."""
    tried: list[object] = []
    connect = socket.socket.connect

    def refuse(self, address):  # noqa: ANN001, ANN202
        tried.append(address)
        raise OSError("the build tried to use the network")

    socket.socket.connect = refuse  # type: ignore[method-assign]
    try:
        built = build_files(load_project(CAPTURED), jobs=1)
    finally:
        socket.socket.connect = connect  # type: ignore[method-assign]
    assert not tried
    assert not built.warnings
    return built.files


def test_each_published_copy_has_its_viewer_capture_and_original(files):
    assert {p for p in files if p.startswith("archive/")} == {
        "archive/cove-courier-smugglers-jailed/index.html", "archive/cove-courier-smugglers-jailed/"
        "cove-courier-smugglers-jailed.warc.gz",
        "archive/greywater-ruling/index.html", "archive/greywater-ruling/greywater-ruling.warc.gz",
        "archive/greywater-ruling/greywater-ruling.pdf",
        "archive/harbour-notice/index.html", "archive/harbour-notice/harbour-notice.warc.gz",
        "archive/harbour-notice/harbour-notice.txt",
        "archive/greywater-statement/index.html", "archive/greywater-statement/greywater-statement.warc.gz"}
    assert files["archive/greywater-ruling/greywater-ruling.pdf"].startswith(b"%PDF-")
    assert (CAPTURED / "archive" / "greywater-ruling" / "greywater-ruling.warc.gz").read_bytes() == \
        files["archive/greywater-ruling/greywater-ruling.warc.gz"]


def test_a_source_page_links_its_copy_and_says_when_and_from_where(files):
    page = files["sources/greywater-ruling.html"].decode()
    assert 'href="../archive/greywater-ruling/index.html"' in page
    assert "2025-03-01 12:00:00 UTC" in page
    assert "e00a820b77a0287501aa2170cc1e8a2ca1433f79696fc2d3e8c4e4ac7f3414ea" in page.replace("<wbr>", "")
    edited = files["sources/cove-courier-smugglers-jailed.html"].decode()
    assert "edited after capture: The headline, which the page repeats" in edited


def test_a_citation_links_the_page_of_a_pdf_and_the_line_of_a_text_file(files):
    person = files["people/piet-halloran.html"].decode()
    assert re.search(r'href="../sources/greywater-ruling.html#s-\d+">.*Piet Halloran is sentenced', person)
    assert 'href="../archive/greywater-ruling/greywater-ruling.pdf#page=2">page 2 of the PDF</a>' in person
    place = files["places/lantern-cove.html"].decode()
    assert 'href="../archive/harbour-notice/index.html#L3">line 3 of the copy</a>' in place
    notice = files["archive/harbour-notice/index.html"].decode()
    assert '<li class="cited" id="L3">The cannery pier is closed to all boats</li>' in notice


def test_an_edited_text_no_longer_points_into_its_copy(files):
    group = files["groups/greywater-crew.html"].decode()
    assert "cove-courier-smugglers-jailed.html#s-" in group and "archive/cove-courier" not in group


def test_an_archived_web_page_is_only_ever_inside_a_sandboxed_frame(files):
    viewer = files["archive/greywater-statement/index.html"].decode()
    frame = re.search(r'<iframe [^>]*sandbox="" [^>]*srcdoc="([^"]*)"', viewer)
    assert frame, "the copy is shown in a sandboxed frame"
    shown = html.unescape(frame.group(1))
    assert "it never used the cannery" in shown
    assert loading_markup(shown.removeprefix(SRCDOC_POLICY)) == []  # nothing that runs or loads, past the frame's own policy
    outside = viewer.replace(frame.group(0), "")
    assert "127.0.0.1:9" not in outside and "<script>alert" not in outside
    assert "Content-Security-Policy" in viewer.split("<body>")[0]  # the frame inherits the page's policy
    assert sorted(p for p in files if p.startswith("archive/greywater-statement/")) == [
        "archive/greywater-statement/greywater-statement.warc.gz", "archive/greywater-statement/index.html"]
