"""Extract: the text of a captured page or file, as paragraphs, and what it says of itself.

Takes the copy's bytes and media type; gives an `Extracted`: the paragraphs (one line
each, whitespace collapsed), the page of a PDF each stands on, and the title, outlet,
date and byline where the page gives them, each with where it was found, for the editor
to check. Raises `ExtractError` when the text cannot be known (a page in an undeclared
non-UTF-8 encoding) or there is none (a scanned PDF, an empty page).

- HTML: readability-lxml (a port of Readability, the algorithm of Firefox's reader view)
  picks the article out of the page, and its blocks (paragraphs, subheads, list items,
  quotations) become paragraphs; the title, outlet, date and byline come from the page's
  own metadata (Open Graph, article:, JSON-LD, <title>), read with lxml.
- PDF: pdfminer.six's layout analysis groups the characters of each page into text boxes,
  which are the paragraphs.
- Plain text: blocks between blank lines.

The text is cleaned as a source's `text` must be: no control characters but line breaks,
no direction overrides, no soft hyphens or zero-width spaces (which would keep a pasted
quote from matching).
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field

from ..core.archive import HTML, PDF, TEXT, DecodeError, decode_text
from ..core.characters import refused_in_value

_DROPPED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u00ad\u200b\u2060\ufeff\ufffe\uffff]")
"""Removed from extracted text: what a source text may not hold, and what hides inside words."""
_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dd", "dt", "figcaption",
           "td", "th", "caption", "div", "section", "article")
_LEAF_ONLY = {"div", "section", "article", "blockquote", "li", "td", "dd"}
"""Containers that are a paragraph only when they hold no other block (else their blocks are)."""


class ExtractError(Exception):
    """A copy whose text cannot be known or holds none; the message says which."""


@dataclass
class Extracted:
    paragraphs: list[str]
    pages: list[int] = field(default_factory=list)
    """For a PDF: the page (from 1) of each paragraph."""
    title: str = ""
    outlet: str = ""
    date: str = ""
    """YYYY-MM-DD, YYYY-MM or YYYY, as the page gives it."""
    byline: str = ""
    found: dict[str, str] = field(default_factory=dict)
    """Field -> where its value was found ('<meta property="og:title">'), for the editor."""

    def text(self) -> str:
        """The paragraphs as a capture's conversion record holds them: blank lines between paragraphs,
        a form feed between the pages of a PDF."""
        if not self.pages:
            return "\n\n".join(self.paragraphs) + "\n"
        out: list[str] = []
        for i, paragraph in enumerate(self.paragraphs):
            if i:
                out.append("\n\f\n" if self.pages[i] != self.pages[i - 1] else "\n\n")
            out.append(paragraph)
        return "".join(out) + "\n"


def extract(payload: bytes, media_type: str, charset: str | None) -> Extracted:
    if media_type == PDF:
        found = _pdf(payload)
    elif media_type in (HTML, TEXT):
        try:
            text, _ = decode_text(payload, media_type, charset)
        except DecodeError as exc:
            raise ExtractError(f"the page cannot be decoded honestly: {exc}") from None
        found = _html(text) if media_type == HTML else _plain(text)
    else:
        raise ExtractError(f"it is {media_type or 'of no declared type'}, not an HTML page, a PDF or plain text")
    if not found.paragraphs:
        raise ExtractError("no text could be extracted from it"
                           + (" (a scanned PDF holds pictures of text: run OCR on it first)" if media_type == PDF
                              else ""))
    return found


def clean(text: str) -> str:
    """One paragraph: refused and hiding characters dropped, whitespace collapsed to single spaces."""
    return " ".join(_DROPPED.sub("", text).split())


def clean_value(text: str) -> str:
    """A title or a name: as `clean`, and no character a record's value may not hold."""
    text = clean(text)
    return "".join(c for c in text if refused_in_value(c) is None)


# -- HTML ---------------------------------------------------------------------
def _html(text: str) -> Extracted:
    import lxml.html
    from readability import Document

    try:
        page = lxml.html.document_fromstring(text)
        summary = Document(text).summary(html_partial=True)
        article = lxml.html.fragment_fromstring(summary, create_parent="div")
    except Exception as exc:  # lxml and readability raise many kinds on broken markup  # noqa: BLE001
        raise ExtractError(f"the page cannot be parsed as HTML: {exc.__class__.__name__}") from None
    paragraphs = [p for p in (clean(_text_of(block)) for block in _blocks(article)) if p]
    found = Extracted(paragraphs)
    _metadata(page, found)
    return found


def _blocks(root):  # noqa: ANN001, ANN202 (lxml elements)
    """The block elements of the article that hold text of their own, in document order."""
    for element in root.iter(*_BLOCKS):
        if element.tag in _LEAF_ONLY and any(child.tag in _BLOCKS for child in element.iterdescendants()):
            continue
        if any(ancestor.tag in _BLOCKS and ancestor.tag not in _LEAF_ONLY for ancestor in element.iterancestors()):
            continue  # inside a paragraph or heading already taken whole
        yield element


def _text_of(element) -> str:  # noqa: ANN001
    for dropped in element.iter("script", "style", "noscript", "template"):
        dropped.drop_tree() if dropped is not element else None
    for br in element.iter("br"):
        br.tail = " " + (br.tail or "")
    return element.text_content()


_META = {
    "title": [("property", "og:title"), ("name", "twitter:title"), ("name", "DC.Title")],
    "outlet": [("property", "og:site_name"), ("name", "application-name"), ("name", "publisher")],
    "date": [("property", "article:published_time"), ("name", "date"), ("name", "DC.Date"),
             ("name", "DCTERMS.Date"), ("name", "pubdate"), ("itemprop", "datePublished")],
    "byline": [("name", "author"), ("property", "article:author"), ("name", "byl")],
}
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def _metadata(page, found: Extracted) -> None:  # noqa: ANN001
    """The title, outlet, date and byline from the page's metadata, each noted with where it was."""
    meta = {}
    for element in page.iter("meta"):
        for attribute in ("property", "name", "itemprop"):
            key = (element.get(attribute) or "").strip().lower()
            if key and element.get("content") and (attribute, key) not in meta:
                meta[(attribute, key)] = element.get("content")
    ld = _json_ld(page)
    for name, keys in _META.items():
        value, where = "", ""
        for attribute, key in keys:
            key = key.lower()  # (written in capitals above, as pages often do)
            if (attribute, key) in meta:
                value, where = meta[(attribute, key)], f'<meta {attribute}="{key}">'
                break
        if not value and name in ld:
            value, where = ld[name], "the page's JSON-LD"
        if not value and name == "title":
            title = page.find(".//title")
            if title is not None and title.text_content().strip():
                value, where = title.text_content(), "<title>"
        value = clean_value(value)
        if name == "date":
            match = _DATE.match(value)
            value = "-".join(g for g in match.groups() if g) if match else ""
        if value:
            setattr(found, name, value)
            found.found[name] = where


def _json_ld(page) -> dict[str, str]:  # noqa: ANN001
    """headline, publisher name, datePublished and author name from the page's first JSON-LD article."""
    for script in page.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        items = data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
        for item in items:
            if isinstance(item, dict) and ("headline" in item or "datePublished" in item):
                return {k: v for k, v in (("title", _name(item.get("headline"))),
                                          ("outlet", _name(item.get("publisher"))),
                                          ("date", _name(item.get("datePublished"))),
                                          ("byline", _name(item.get("author")))) if v}
    return {}


def _name(value: object) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("name", "")
    return value if isinstance(value, str) else ""


# -- PDF ----------------------------------------------------------------------
def _pdf(payload: bytes) -> Extracted:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser

    paragraphs: list[str] = []
    pages: list[int] = []
    try:
        for number, layout in enumerate(extract_pages(io.BytesIO(payload), laparams=LAParams()), start=1):
            for element in layout:
                if isinstance(element, LTTextContainer):
                    paragraph = clean(element.get_text())
                    if paragraph:
                        paragraphs.append(paragraph)
                        pages.append(number)
        info = PDFDocument(PDFParser(io.BytesIO(payload))).info
    except Exception as exc:  # pdfminer raises many kinds on damaged or encrypted files  # noqa: BLE001
        raise ExtractError(f"the PDF cannot be read: {exc.__class__.__name__} {exc}".rstrip()) from None
    found = Extracted(paragraphs, pages)
    fields = info[0] if info else {}
    for name, key in (("title", "Title"), ("byline", "Author")):
        value = clean_value(_pdf_string(fields.get(key)))
        if value:
            setattr(found, name, value)
            found.found[name] = f"the PDF's /{key}"
    created = _pdf_string(fields.get("CreationDate"))
    match = re.match(r"(?:D:)?(\d{4})(\d{2})?(\d{2})?", created)
    if match:
        found.date = "-".join(g for g in match.groups() if g)
        found.found["date"] = "the PDF's /CreationDate (when the file was made, which may not be the date published)"
    return found


def _pdf_string(value: object) -> str:
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text as pdf_text

    value = resolve1(value)
    if isinstance(value, bytes):
        if value.startswith((b"\xfe\xff", b"\xff\xfe")):
            return value.decode("utf-16", "replace")
        return pdf_text(value)
    return value if isinstance(value, str) else ""


# -- plain text ---------------------------------------------------------------
def _plain(text: str) -> Extracted:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    paragraphs: list[str] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            block.append(line)
        elif block:
            paragraphs.append(clean(" ".join(block)))
            block = []
    found = Extracted([p for p in paragraphs if p])
    if found.paragraphs and len(found.paragraphs[0].split()) <= 15:
        found.title = clean_value(found.paragraphs[0])
        found.found["title"] = "the first line of the text"
    return found
