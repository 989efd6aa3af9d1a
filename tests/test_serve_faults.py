"""Serve under faults: the watcher outlives every error and keeps showing it, and the preview
server decorates what it serves (reload script, problems banner) without touching site/."""

from __future__ import annotations

import functools
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from dossier.build.site import build_files
from dossier.core.diagnostics import Diagnostic, DossierError, Pos
from dossier.core.project import load_project
from dossier.serve.handler import PreviewHandler, PreviewServer
from dossier.serve.preview import PreviewState, decorate, relax_policy
from dossier.serve.rebuilder import Rebuilder
from dossier.serve.server import RETRY_SECONDS, attempt, watch
from tests.helpers import ROOT, file_tree
from tests.test_serve import NOTE, assert_same_as_full_build, edit

SECOND_NOTE = "content/people/tomas-brell.md"


@pytest.fixture
def rebuilder(minimal_project: Path) -> Rebuilder:
    rebuilder = Rebuilder(load_project(minimal_project))
    rebuilder.full_build()
    return rebuilder


def test_an_error_stands_until_it_is_fixed_whatever_else_is_edited(minimal_project: Path, rebuilder: Rebuilder):
    other = minimal_project / SECOND_NOTE
    rebuilder.rebuild([edit(other, "Tomas's note.\n")])  # a new note: read in a full rebuild
    bad = minimal_project / NOTE
    good_text = bad.read_text()
    with pytest.raises(DossierError, match="Nobody At All"):
        rebuilder.rebuild([edit(bad, "Links to [[Nobody At All]].\n")])
    with pytest.raises(DossierError, match="Nobody At All"):  # another note's edit does not hide it
        rebuilder.rebuild([edit(other, "Tomas's note, edited.\n")])
    rebuilder.rebuild([edit(bad, good_text)])
    assert_same_as_full_build(minimal_project)


def test_a_write_failure_is_said_shown_and_recovered_from(minimal_project: Path, rebuilder: Rebuilder):
    site = rebuilder.project.site_dir
    page = site / "groups/northwind-syndicate.html"
    page.unlink()
    page.mkdir()  # a folder where the page should be: writing it fails with an OSError
    state = PreviewState()
    note = minimal_project / NOTE
    step = functools.partial(rebuilder.rebuild, [edit(note, note.read_text() + "\nMore.\n")])
    assert attempt(step, "", state) == "system"
    assert any("could not write the preview" in line for line in state.problems)
    assert not list(site.rglob("*.partial")), "a failed write leaves no partial file"
    page.rmdir()
    assert attempt(functools.partial(rebuilder.rebuild, None), "", state) == ""
    assert state.problems == ()
    assert_same_as_full_build(minimal_project)


def test_the_watcher_survives_a_write_failure_and_recovers_by_itself(minimal_project: Path, rebuilder: Rebuilder):
    site = rebuilder.project.site_dir
    page = site / "groups/northwind-syndicate.html"
    page.unlink()
    page.mkdir()
    state = PreviewState()
    stop, ready = threading.Event(), threading.Event()
    thread = threading.Thread(target=watch, args=(rebuilder, stop, ready, state), daemon=True)
    thread.start()
    try:
        assert ready.wait(10)
        note = minimal_project / NOTE
        edit(note, note.read_text() + "\nWritten once the folder is gone.\n")
        deadline = time.monotonic() + 20
        while not state.problems:
            assert time.monotonic() < deadline, "the failure was not reported"
            time.sleep(0.02)
        assert thread.is_alive()
        page.rmdir()  # the cause goes away; no further edit is needed
        deadline = time.monotonic() + 20 + RETRY_SECONDS
        while not (page.is_file() and b"Written once the folder is gone" in page.read_bytes()):
            assert time.monotonic() < deadline, "the watcher did not recover"
            time.sleep(0.05)
        deadline = time.monotonic() + 10
        while state.problems:
            assert time.monotonic() < deadline
            time.sleep(0.02)
    finally:
        stop.set()
        thread.join(10)
    assert_same_as_full_build(minimal_project)


def test_served_pages_carry_the_reload_script_and_problems_but_site_files_do_not(rebuilder: Rebuilder):
    page = (rebuilder.project.site_dir / "index.html").read_bytes()
    state = PreviewState()
    state.update(("content/people/x.md:3: error: <b>bad</b> [wikilink.unresolved]",))
    served = decorate(page, state)
    assert b'src="/__dossier__/preview.js" data-generation="1"' in served
    assert b"connect-src 'self'" in served and b"connect-src" not in page
    assert b"&lt;b&gt;bad&lt;/b&gt;" in served and b"<b>bad</b>" not in served
    assert b"dossier-preview-problems" not in page and b"__dossier__" not in page
    state.update()
    assert b"dossier-preview-problems" not in decorate(page, state)


def test_mkdocs_preview_policy_allows_its_inline_reload_script():
    page = b'<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; script-src \'self\'">'
    relaxed = relax_policy(page, inline_scripts=True)
    assert b"script-src 'self' 'unsafe-inline'; connect-src 'self'" in relaxed


@pytest.fixture
def server(rebuilder: Rebuilder):
    state = PreviewState()
    handler = functools.partial(PreviewHandler, state, directory=str(rebuilder.project.site_dir))
    httpd = PreviewServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd, state
    httpd.shutdown()
    httpd.server_close()


def _get(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_a_path_with_a_nul_byte_is_refused_without_a_traceback(server, capfd):
    httpd, _ = server
    status, _ = _get(httpd.server_port, "/index.html%00.css")
    assert status == 400
    assert _get(httpd.server_port, "/index.html")[0] == 200
    assert "Traceback" not in capfd.readouterr().err


def test_a_burst_of_a_thousand_requests_loses_none(server):
    httpd, _ = server

    def fetch(_: int) -> int:
        return _get(httpd.server_port, "/assets/style.css")[0]

    with ThreadPoolExecutor(64) as pool:
        statuses = list(pool.map(fetch, range(1000)))
    assert statuses.count(200) == 1000


def test_the_event_stream_announces_each_new_generation(server):
    httpd, state = server
    with socket.create_connection(("127.0.0.1", httpd.server_port), timeout=10) as sock:
        sock.sendall(b"GET /__dossier__/events HTTP/1.1\r\nHost: x\r\n\r\n")
        received = b""
        while b"data: 0" not in received:
            received += sock.recv(4096)
        state.update()
        while b"data: 1" not in received:
            received += sock.recv(4096)
    assert b"text/event-stream" in received


def test_ctrl_c_stops_serve_with_exit_130(minimal_project: Path):
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--project", str(minimal_project),
                                "serve", "--port", "0"], stderr=subprocess.PIPE, text=True)
    try:
        line = ""
        while "serving" not in line:
            line = process.stderr.readline()
            assert line, "serve stopped before serving"
        process.send_signal(signal.SIGINT)
        assert process.wait(30) == 130
        assert "Traceback" not in process.stderr.read()
    finally:
        if process.poll() is None:
            process.kill()
    shutil.rmtree(minimal_project / "site", ignore_errors=True)


def test_the_banner_tells_the_errors_that_stop_the_rebuild_from_the_warnings(rebuilder: Rebuilder):
    """Warnings were counted as problems that "stop the rebuild"; they never stop it."""
    found = [Diagnostic(Pos("people/x.yml", 3, 5), "error", "unknown person 'nobody'", "ref.unknown-entity"),
             Diagnostic(Pos("places/y.yml", 1, 1), "warning", "nothing links to place 'y'", "check.unlinked"),
             Diagnostic(Pos("places/z.yml", 1, 1), "warning", "nothing links to place 'z'", "check.unlinked")]

    def failing() -> list[str]:
        raise DossierError(found)

    state = PreviewState()
    assert attempt(failing, "", state) == "content"
    assert (state.errors, state.warnings) == (1, 2)
    served = decorate((rebuilder.project.site_dir / "index.html").read_bytes(), state).decode()
    assert "1 error stops the rebuild, so the page shows the last good build. 2 warnings are listed too; " \
           "warnings do not stop it." in served
    assert "problem(s)" not in served
    assert "people/x.yml:3:5: error: unknown person" in served and "places/z.yml:1:1: warning:" in served


def _served(port: int, path: str = "/") -> bytes:
    status, body = _get(port, path)
    assert status == 200, (path, status)
    return body


def _next_generation(sock: socket.socket, seen: int) -> int:
    """The generation the event stream announces next after `seen` (it says the current one first)."""
    received = b""
    deadline = time.monotonic() + 120  # a guard: the stream's keep-alives would otherwise wait for ever
    while True:
        assert time.monotonic() < deadline, "no new generation: the edit was not seen"
        chunk = sock.recv(4096)
        assert chunk, "the event stream ended"
        received += chunk
        for number in map(int, re.findall(rb"data: (\d+)\n\n", received)):
            if number > seen:
                return number


@pytest.mark.parametrize("earlier_site", [False, True], ids=["never built", "built before"])
def test_serve_starts_on_content_with_errors_and_shows_them_until_they_are_fixed(minimal_project: Path,
                                                                                 earlier_site: bool):
    """It refused to start; now it serves the last site built (or a page of the problems alone, if
    there is none) with the errors on it, and the real site once they are fixed."""
    if earlier_site:
        assert subprocess.run([sys.executable, str(ROOT / "build.py"), "--project", str(minimal_project), "build"],
                              capture_output=True).returncode == 0
    record = minimal_project / "content" / "people" / "ada-varga.yml"
    good = record.read_text()
    record.write_text(good.replace("type: leader-of", "type: leader-off", 1))
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--project", str(minimal_project),
                                "serve", "--port", "0"], stderr=subprocess.PIPE, text=True)
    try:
        said = []
        while not said or "serving" not in said[-1]:
            said.append(process.stderr.readline())
            assert said[-1], f"serve stopped before serving: {said}"
        assert "the pages show the errors until they are fixed" in said[-1]
        assert any("leader-off" in line for line in said), said
        port = int(re.search(r"http://127\.0\.0\.1:(\d+)/", said[-1]).group(1))
        page = _served(port).decode()
        assert "dossier-preview-problems" in page and "leader-off" in page and "1 error stops the " in page
        if earlier_site:
            assert "The preview is out of date." in page and "Northwind Syndicate" in page
        else:
            assert "The preview has no build yet." in page and "This page updates by itself" in page
        with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
            sock.sendall(b"GET /__dossier__/events HTTP/1.1\r\nHost: x\r\n\r\n")
            generation = _next_generation(sock, -1)
            fixed = record.with_name(".ada-varga.yml.new")
            fixed.write_text(good)
            os.replace(fixed, record)  # the whole file at once: no rebuild sees it half written
            while b"dossier-preview-problems" in (page := _served(port)):
                generation = _next_generation(sock, generation)
        assert b"Northwind Syndicate" in page and b"leader-off" not in page
        assert file_tree(minimal_project / "site") == build_files(load_project(minimal_project)).files
        process.send_signal(signal.SIGINT)
        assert process.wait(30) == 130
    finally:
        if process.poll() is None:
            process.kill()
        process.stderr.close()
