"""Notes are untrusted: no raw HTML, no script URLs in any spelling, no remote images."""

import re

import pytest
from markdown_it import MarkdownIt

from dossier.core.markup import _parser, is_safe_url, render_markdown


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "jav%61script:alert(1)", "data:text/html,<script>", "vbscript:msgbox", "//evil.example/x", "file:///etc/passwd",
])
def test_dangerous_urls_are_refused(url):
    assert not is_safe_url(url)


@pytest.mark.parametrize("url", ["../people/a.html", "#notes", "https://example.org/a", "mailto:a@example.org"])
def test_ordinary_urls_are_allowed(url):
    assert is_safe_url(url)


@pytest.mark.parametrize("text", [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>",
    "<iframe src=x></iframe>", '<a href="javascript:alert(1)">x</a>', "[x](javascript:alert(1))",
    "[x](&#106;avascript:alert(1))", "[x](JAVASCRIPT:alert(1))", '<p style="background:url(x)">x</p>',
])
def test_markup_in_notes_never_reaches_the_page(text):
    html = render_markdown(text)
    tags = re.findall(r"<(\w+)([^>]*)>", html)
    assert {name for name, _ in tags} <= {"p", "a", "em", "strong", "code"}, html
    for _name, attributes in tags:
        assert not re.search(r"\bon\w+=|style=|javascript:", attributes, re.I), html


def test_images_are_not_loaded():
    assert "<img" not in render_markdown("![map](https://example.org/map.png)")


def test_ordinary_markdown_still_renders():
    assert render_markdown("*a* [b](../people/b.html)") == '<p><em>a</em> <a href="../people/b.html">b</a></p>\n'


def test_the_notes_parser_leaves_out_only_rules_that_do_nothing_with_html_off():
    """The parser skips the raw-HTML rules, which return at once when HTML is off: raw HTML in every place a
    rule would look for it is drawn as markdown-it's own parser with HTML off draws it, as text."""
    reference = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    reference.disable(["image"])
    for text in ("<div>\n*a*\n</div>\n", "para\n<div>block</div>\nmore", "x <b>bold</b> <!-- c --> <a href=y>z</a>",
                 "<?php x ?>\n\n<![CDATA[y]]>\n", "- <script>alert(1)</script>\n- <em>e</em>", "    <pre>code</pre>"):
        assert _parser().render(text) == reference.render(text)
        assert "<b>" not in render_markdown(text) and "<div>" not in render_markdown(text)
