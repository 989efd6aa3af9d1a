"""Fetch: one web address, over HTTP(S), within limits, every exchange kept for the archive.

Takes a URL; gives the `Exchange`s that led to the page (each redirect, then the page),
each with the request sent and the response received byte for byte (the body de-chunked),
or raises `FetchError` saying what went wrong: a redirect to another scheme (an https page
sending to http, or http to https: the editor then asks for that address), too many
redirects, an HTTP error status (named), a host that does not resolve, a refused or broken
connection, no whole answer within the time allowed, or a body over the size allowed.
Nothing is decoded or interpreted here. Only the capture commands import this module.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from .. import __version__
from ..core.warc import header_value

USER_AGENT = f"dossier/{__version__} (source capture)"
MAX_REDIRECTS = 5
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_BYTES = 20 * 1000 * 1000
_CHUNK = 64 * 1024


class FetchError(Exception):
    """A page that could not be fetched whole; `status` is the HTTP status when one was answered,
    `gone` whether the address no longer leads anywhere (an error status or a host unknown)."""

    def __init__(self, message: str, status: int | None = None, gone: bool = False):
        super().__init__(message)
        self.status = status
        self.gone = gone


@dataclass(frozen=True)
class Exchange:
    """One request and its response."""

    url: str
    request: tuple[tuple[str, str], ...]
    status: int
    reason: str
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def header(self, name: str) -> str | None:
        return header_value(self.headers, name)


def fetch(url: str, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Exchange]:
    """The exchanges that fetch `url`, the page's last; `timeout` bounds the whole of each exchange."""
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(f"'{url}' is not an http:// or https:// address")
    exchanges: list[Exchange] = []
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        exchange = _exchange(current, timeout, max_bytes)
        exchanges.append(exchange)
        if exchange.status in (301, 302, 303, 307, 308):
            location = exchange.header("Location")
            if not location:
                raise FetchError(f"{current} answered HTTP {exchange.status} (a redirect) with no Location",
                                 exchange.status)
            target = urljoin(current, location.strip())
            new_scheme = urlsplit(target).scheme.lower()
            if new_scheme != scheme:
                raise FetchError(f"{current} redirects to {target}, another scheme ({scheme} to {new_scheme}); "
                                 "nothing was captured. If that address is the source, capture it instead",
                                 exchange.status)
            current = target
            continue
        if exchange.status >= 400:
            raise FetchError(f"{current} answered HTTP {exchange.status} {exchange.reason}".rstrip()
                             + ("; the page is gone" if exchange.status in (404, 410) else ""),
                             exchange.status, gone=True)
        if exchange.status != 200:
            raise FetchError(f"{current} answered HTTP {exchange.status} {exchange.reason}, not a page (200 OK)",
                             exchange.status)
        return exchanges
    raise FetchError(f"{url} redirects more than {MAX_REDIRECTS} times; nothing was captured")


def _exchange(url: str, timeout: float, max_bytes: int) -> Exchange:
    parts = urlsplit(url)
    host = parts.hostname or ""
    if not host:
        raise FetchError(f"'{url}' names no host")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    request = (("Host", parts.netloc.rsplit("@", 1)[-1]), ("User-Agent", USER_AGENT),
               ("Accept", "text/html,application/xhtml+xml,application/pdf,text/plain;q=0.9,*/*;q=0.1"),
               ("Accept-Encoding", "identity"), ("Connection", "close"))
    deadline = time.monotonic() + timeout
    connection: http.client.HTTPConnection
    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(host, parts.port, timeout=timeout,
                                                 context=ssl.create_default_context())
    else:
        connection = http.client.HTTPConnection(host, parts.port, timeout=timeout)
    try:
        connection.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
        for name, value in request:
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        length = response.getheader("Content-Length")
        if length and length.isdigit() and int(length) > max_bytes and response.status < 300:
            raise FetchError(f"{url} is {int(length):,} bytes, over the {max_bytes:,} bytes allowed (--max-mb)")
        body = bytearray()
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError()
            if connection.sock is not None:
                connection.sock.settimeout(remaining)
            chunk = response.read1(_CHUNK) if hasattr(response, "read1") else response.read(_CHUNK)
            if not chunk:
                break
            body += chunk
            if len(body) > max_bytes:
                raise FetchError(f"{url} sends more than the {max_bytes:,} bytes allowed (--max-mb); "
                                 "nothing was captured")
        headers = tuple((k, v) for k, v in response.getheaders() if k.lower() != "transfer-encoding")
        return Exchange(url, request, response.status, response.reason or "", headers, bytes(body))
    except socket.gaierror:
        raise FetchError(f"the host '{host}' of {url} cannot be found (DNS)", gone=True) from None
    except TimeoutError:
        raise FetchError(f"{url} gave no whole answer within {timeout:g} s (--timeout); nothing was captured") \
            from None
    except ssl.SSLError as exc:
        raise FetchError(f"{url}: the secure connection failed: {exc.reason or exc}") from None
    except (ConnectionError, http.client.HTTPException, OSError) as exc:
        if isinstance(exc, FetchError):
            raise
        raise FetchError(f"{url}: the connection failed: {exc.__class__.__name__} {exc}".rstrip()) from None
    finally:
        connection.close()
