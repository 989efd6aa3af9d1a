"""Pytest fixtures for the browser tests, built on tests.browser.harness.

One Chromium serves the whole session (starting it costs about a second);
each open_page call gets its own context, closed after the test.
"""

import pytest
from playwright.sync_api import sync_playwright

from tests.browser import harness


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = harness.launch_browser(playwright)
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser):
    """open_page(url) -> harness.Visit (page plus what it requested/raised)."""
    visits = []

    def _open(url, **context_options):
        visit = harness.open_page(browser, url, **context_options)
        visits.append(visit)
        return visit

    yield _open
    for visit in visits:
        visit.page.context.close()
