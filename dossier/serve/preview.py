"""Preview: what a local server adds to pages on their way to the browser, never to site/.

While serving, each HTML page gets a small script that reloads it when a rebuild
lands (a server-sent event stream at /__dossier__/events), a stylesheet, and, while
the last rebuild failed, a banner listing the problems (the errors, which stop the
rebuild, told from the warnings, which do not), drawn by the server so it shows with
scripts off too; while the site has never been built, a page of that banner alone
(`NOT_BUILT`). The pages' Content-Security-Policy is relaxed only as far as that needs
(`connect-src 'self'`, and inline scripts for MkDocs' own live-reload script) and only
in what is served: the files on disk keep theirs.
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
    and the problems standing now, with how many are errors and how many warnings. Threads
    serving event streams wait on it."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self.generation = 0
        self.problems: tuple[str, ...] = ()
        self.errors = 0
        self.warnings = 0

    def update(self, problems: tuple[str, ...] = (), errors: int | None = None, warnings: int = 0) -> None:
        """A rebuild landed (problems=()) or failed (its problems, as printed: `errors` of them are
        errors, each line one unless said, and `warnings` warnings): wake every waiting page."""
        with self._changed:
            self.generation += 1
            self.problems = problems
            self.errors = len(problems) - warnings if errors is None else errors
            self.warnings = warnings
            self._changed.notify_all()

    def now(self) -> tuple[int, tuple[str, ...]]:
        """The generation and the problems, read together."""
        with self._changed:
            return self.generation, self.problems

    def shown(self) -> tuple[int, tuple[str, ...], int, int]:
        """The generation, the problems and how many are errors and warnings, read together."""
        with self._changed:
            return self.generation, self.problems, self.errors, self.warnings

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


def decorate(page: bytes, state: PreviewState, built: bool = True) -> bytes:
    """A page as the preview serves it: policy relaxed, reload script and stylesheet, problems banner
    (`built`: the page is of the last good build, not a stand-in for a site not built yet)."""
    generation, problems, errors, warnings = state.shown()
    head = (f'<link rel="stylesheet" href="{PREFIX}preview.css">'
            f'<script src="{PREFIX}preview.js" data-generation="{generation}" defer></script>').encode()
    page = relax_policy(page).replace(b"</head>", head + b"</head>", 1)
    if problems:
        page = re.sub(rb"(<body[^>]*>)", lambda m: m.group(1) + banner(problems, errors, warnings, built),
                      page, count=1)
    return page


def banner(problems: tuple[str, ...], errors: int, warnings: int, built: bool = True) -> bytes:
    """The problems that keep the preview from being current, escaped, at the top of the page: the
    errors, which stop the rebuild, told from the warnings, which do not."""
    lines = "\n".join(html.escape(line) for line in problems)
    verb = "stops" if errors == 1 else "stop"
    if built:
        head, said = "The preview is out of date.", f"{_counted(errors, 'error')} {verb} the rebuild, so the page " \
                                                     "shows the last good build."
    else:
        head, said = "The preview has no build yet.", f"{_counted(errors, 'error')} {verb} the build."
    if warnings:
        listed = "is" if warnings == 1 else "are"
        said += f" {_counted(warnings, 'warning')} {listed} listed too; warnings do not stop it."
    said += f" {'The' if built else 'This'} page updates by itself once the errors are fixed."
    return (f'<div class="dossier-preview-problems" role="alert"><p><strong>{head}</strong> {said}</p>'
            f"<pre>{lines}</pre></div>").encode()


def _counted(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


NOT_BUILT = (b'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
             b'<meta name="viewport" content="width=device-width, initial-scale=1">'
             b"<title>Preview: not built yet</title></head><body></body></html>\n")
"""The page served in place of a site that has never been built: the banner says why."""


def asset(name: str) -> bytes:
    return resources.files("dossier.serve").joinpath("assets", name).read_bytes()
