"""Live reload in Chromium: a page served by `serve` reloads itself when an edit lands, shows a
banner while the content has errors, and breaks no rule of its Content-Security-Policy."""

from __future__ import annotations

import functools
import threading
from pathlib import Path

import pytest

from dossier.core.project import load_project
from dossier.serve.handler import PreviewHandler, PreviewServer
from dossier.serve.preview import PreviewState
from dossier.serve.rebuilder import Rebuilder
from dossier.serve.server import watch

NOTE = "content/groups/northwind-syndicate.md"
PAGE = "groups/northwind-syndicate.html"


@pytest.fixture
def preview(minimal_project: Path):
    rebuilder = Rebuilder(load_project(minimal_project))
    rebuilder.full_build()
    state = PreviewState()
    handler = functools.partial(PreviewHandler, state, directory=str(rebuilder.project.site_dir))
    server = PreviewServer(("127.0.0.1", 0), handler)
    stop, ready = threading.Event(), threading.Event()
    threads = [threading.Thread(target=server.serve_forever, daemon=True),
               threading.Thread(target=watch, args=(rebuilder, stop, ready, state), daemon=True)]
    for thread in threads:
        thread.start()
    assert ready.wait(10)
    yield f"http://127.0.0.1:{server.server_port}/", minimal_project
    stop.set()
    server.shutdown()
    server.server_close()


def test_an_edit_reloads_the_open_page_and_errors_show_until_fixed(open_page, preview):
    base, project = preview
    visit = open_page(base + PAGE)
    page = visit.page
    note = project / NOTE
    good = note.read_text()
    with page.expect_navigation(timeout=20_000):
        note.write_text(good + "\nA line the reload brings in.\n")
    page.wait_for_selector("text=A line the reload brings in.")
    with page.expect_navigation(timeout=20_000):
        note.write_text(good + "\nLinks to [[Nobody At All]].\n")
    banner = page.locator(".dossier-preview-problems")
    assert "Nobody At All" in banner.inner_text() and "wikilink.unresolved" in banner.inner_text()
    with page.expect_navigation(timeout=20_000):
        note.write_text(good)
    assert page.locator(".dossier-preview-problems").count() == 0
    assert visit.console_errors == [] and visit.page_errors == []
    assert b"__dossier__" not in (project / "site" / PAGE).read_bytes()
