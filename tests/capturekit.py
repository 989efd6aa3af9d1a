"""What the capture tests share: a web server on the loopback address serving pages the tests
make, a small PDF written by hand, and a project to capture into.

The server (http.server in a thread) answers each path from a table the test fills in: a
status, headers and a body, or a redirect, or a body sent slowly. Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import http.server
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tests.helpers import MINIMAL


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html; charset=utf-8"})
    delay: float = 0.0
    """Seconds to wait before each 1 KiB of the body (a slow server)."""
    length: bool = True
    """Whether to send Content-Length (else the body runs to the connection's close)."""


class Loopback:
    """A web server on 127.0.0.1 serving `routes` (path -> Reply); `hits` lists the paths asked for."""

    def __init__(self) -> None:
        self.routes: dict[str, Reply] = {}
        self.hits: list[str] = []
        routes, hits = self.routes, self.hits

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                hits.append(self.path)
                reply = routes.get(self.path, Reply(404, b"<html><body>not here</body></html>"))
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if reply.length:
                    self.send_header("Content-Length", str(len(reply.body)))
                self.send_header("Connection", "close")
                self.end_headers()
                try:
                    for at in range(0, len(reply.body), 1024):
                        if reply.delay:
                            time.sleep(reply.delay)
                        self.wfile.write(reply.body[at:at + 1024])
                        self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    pass
                self.close_connection = True

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def page(self, path: str, body: bytes | str, content_type: str = "text/html; charset=utf-8", **kw: object) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Reply(body=data, headers={"Content-Type": content_type}, **kw)  # type: ignore[arg-type]
        return self.url + path

    def redirect(self, path: str, to: str, status: int = 302) -> str:
        self.routes[path] = Reply(status, b"", {"Location": to, "Content-Type": "text/html"})
        return self.url + path


@contextmanager
def loopback() -> Iterator[Loopback]:
    site = Loopback()
    thread = threading.Thread(target=site.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        site.server.shutdown()
        site.server.server_close()


def article(title: str, *paragraphs: str, head: str = "", outlet: str = "The Harbour Gazette",
            published: str = "2024-05-03T10:00:00Z") -> str:
    """A news page: navigation, the article with its metadata, an aside and a footer."""
    body = "\n".join(f"<p>{p}</p>" if not p.startswith("<") else p for p in paragraphs)
    return (f'<!doctype html><html><head><meta charset="utf-8"><title>{title} | {outlet}</title>'
            f'<meta property="og:title" content="{title}"><meta property="og:site_name" content="{outlet}">'
            f'<meta property="article:published_time" content="{published}">{head}</head>'
            f'<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>'
            f"<article><h1>{title}</h1>\n{body}\n</article>"
            f"<aside><h3>Most read</h3><ul><li><a href='/a'>Something else</a></li></ul></aside>"
            f"<footer>Copyright {outlet}</footer></body></html>")


def make_pdf(pages: list[list[str]], title: str | None = None) -> bytes:
    """A PDF of `pages`, each a list of paragraphs set in Helvetica, one line each, a blank line between."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below, once the pages object's number is known
    pages_at = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    kids = []
    for paragraphs in pages:
        lines = []
        for paragraph in paragraphs:
            text = paragraph.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            lines.append(f"({text}) Tj T* T*")
        stream = f"BT /F1 11 Tf 14 TL 56 760 Td {' '.join(lines)} ET".encode("latin-1")
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 %d 0 R >> >>"
                        b" /Contents %d 0 R >>" % (pages_at, font, content)))
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_at
    objects[pages_at - 1] = (b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids)
                             + b"] /Count %d >>" % len(kids))
    info = add(b"<< /Title (" + title.encode("latin-1") + b") /CreationDate (D:20240503120000Z) >>") if title else 0
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R" % (len(objects) + 1, catalog)
    out += (b" /Info %d 0 R" % info if info else b"") + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def new_project(tmp_path: Path) -> Path:
    """A copy of the minimal fixture dossier to capture into (no archive yet)."""
    target = tmp_path / "project"
    shutil.copytree(MINIMAL / "content", target / "content")
    (target / "templates").mkdir()
    (target / "mkdocs.yml").write_text((MINIMAL / "mkdocs.yml").read_text().replace("../../../templates", "templates"))
    return target
