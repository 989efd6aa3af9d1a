"""Handler: the preview's HTTP side, serving site/ as `serve` keeps it.

Serves the files of site/; HTML pages on their way out are decorated for the preview
(see `preview`: reload script, problems banner), and, while the site has never been
built and problems stand, any page asked for is the banner alone. Also the preview's
own files and its event stream, which tells open pages when the site changed.
"""

from __future__ import annotations

import http.server
import io
import os
import urllib.parse
from typing import Any

from .preview import ASSETS, EVENTS, NOT_BUILT, PREFIX, PreviewState, asset, decorate


class PreviewServer(http.server.ThreadingHTTPServer):
    request_queue_size = 1024
    """A reload storm from many tabs waits in the queue rather than being refused."""
    daemon_threads = True


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    """site/'s files, HTML decorated for the preview (see `preview`), and the preview's own files."""

    def __init__(self, state: PreviewState, *args: Any, **kwargs: Any):
        self.state = state
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        path = urllib.parse.urlsplit(self.path).path
        if path == EVENTS:
            self._events()
        elif path.startswith(PREFIX) and path[len(PREFIX):] in ASSETS:
            name = path[len(PREFIX):]
            self._send(asset(name), ASSETS[name])
        elif path == "/favicon.ico" and not os.path.isfile(self.translate_path(path)):
            self.send_response(204)  # browsers ask for it; a site without one is not an error to show
            self.end_headers()
        else:
            super().do_GET()

    def send_head(self):  # type: ignore[no-untyped-def]
        """As the base class does, but an HTML page is decorated, and a path no file can have
        (a NUL byte, say) is refused with 400 instead of a traceback."""
        try:
            target = self.translate_path(self.path)
            if self.path.endswith("/") and os.path.isdir(target):
                target = os.path.join(target, "index.html")
            if self._not_built(target):
                page = decorate(NOT_BUILT, self.state, built=False)
            elif not target.endswith(".html") or not os.path.isfile(target):
                return super().send_head()
            else:
                with open(target, "rb") as file:
                    page = decorate(file.read(), self.state)
        except ValueError:  # a NUL byte: no file has such a name
            self.send_error(400, "Bad request")
            return None
        except OSError:
            self.send_error(404, "File not found")
            return None
        self._headers(len(page), "text/html; charset=utf-8")
        return io.BytesIO(page)

    def _not_built(self, target: str) -> bool:
        """Whether a page is asked for while the site has never been built and problems stand."""
        page = target.endswith(".html") or urllib.parse.urlsplit(self.path).path.endswith("/")
        return page and bool(self.state.problems) and not os.path.isfile(os.path.join(self.directory, "index.html"))

    def _send(self, data: bytes, content_type: str) -> None:
        self._headers(len(data), content_type)
        self.wfile.write(data)

    def _headers(self, length: int, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(length))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()

    def _events(self) -> None:
        """A server-sent event stream: the site's generation now, then each time it changes."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        generation = self.state.now()[0]
        try:
            self.wfile.write(f"data: {generation}\n\n".encode())
            self.wfile.flush()
            while True:
                now = self.state.wait(generation, timeout=15)
                self.wfile.write(f"data: {now}\n\n".encode() if now != generation else b": still here\n\n")
                self.wfile.flush()
                generation = now
        except OSError:  # the page went away
            return

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass
