"""Preview: what a local server adds to pages on their way to the browser, never to site/.

While serving, each HTML page gets a small script that reloads it when a rebuild
lands (a server-sent event stream at /__dossier__/events), a stylesheet, and, while
the last rebuild failed, a banner listing the problems, drawn by the server so it
shows with scripts off too. The pages' Content-Security-Policy is relaxed only as
far as that needs (`connect-src 'self'`, and inline scripts for MkDocs' own
live-reload script) and only in what is served: the files on disk keep theirs.
"""

from __future__ import annotations

import html
import re
import threading
from importlib import resources

PREFIX = "/__dossier__/"
EVENTS = PREFIX + "events"
ASSETS = {"preview.js": "text/javascript", "preview.css": "text/css"}
"""The files under PREFIX, from this package's assets folder, with their types."""

_CSP = re.compile(rb'(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")', re.I)


class PreviewState:
    """The generation of the site being served, bumped at each rebuild or change of problems,
    and the problems standing now. Threads serving event streams wait on it."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self.generation = 0
        self.problems: tuple[str, ...] = ()

    def update(self, problems: tuple[str, ...] = ()) -> None:
        """A rebuild landed (problems=()) or failed (its problems): wake every waiting page."""
        with self._changed:
            self.generation += 1
            self.problems = problems
            self._changed.notify_all()

    def now(self) -> tuple[int, tuple[str, ...]]:
        """The generation and the problems, read together."""
        with self._changed:
            return self.generation, self.problems

    def wait(self, after: int, timeout: float) -> int:
        """The generation, once it is past `after` or `timeout` seconds have gone."""
        with self._changed:
            self._changed.wait_for(lambda: self.generation != after, timeout)
            return self.generation


def relax_policy(page: bytes, inline_scripts: bool = False) -> bytes:
    """The page with its Content-Security-Policy letting a preview's script talk to its server."""
    extra = b"; connect-src 'self'"

    def relax(match: re.Match[bytes]) -> bytes:
        policy = match.group(2)
        if inline_scripts:
            policy = policy.replace(b"script-src 'self'", b"script-src 'self' 'unsafe-inline'")
        return match.group(1) + policy + extra + match.group(3)

    return _CSP.sub(relax, page, count=1)


def decorate(page: bytes, state: PreviewState) -> bytes:
    """A page as the preview serves it: policy relaxed, reload script and stylesheet, problems banner."""
    generation, problems = state.now()
    head = (f'<link rel="stylesheet" href="{PREFIX}preview.css">'
            f'<script src="{PREFIX}preview.js" data-generation="{generation}" defer></script>').encode()
    page = relax_policy(page).replace(b"</head>", head + b"</head>", 1)
    if problems:
        page = re.sub(rb"(<body[^>]*>)", lambda m: m.group(1) + banner(problems), page, count=1)
    return page


def banner(problems: tuple[str, ...]) -> bytes:
    """The problems that keep the preview from being current, escaped, at the top of the page."""
    lines = "\n".join(html.escape(line) for line in problems)
    count = sum(1 for line in problems if not line.startswith(" "))
    return (f'<div class="dossier-preview-problems" role="alert"><p><strong>The preview is out of date.</strong> '
            f'{count} problem(s) stop the rebuild; the page shows the last good build. It updates by itself '
            f"once they are fixed.</p><pre>{lines}</pre></div>").encode()


def asset(name: str) -> bytes:
    return resources.files("dossier.serve").joinpath("assets", name).read_bytes()
