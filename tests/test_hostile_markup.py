"""Script injection in every field: a dossier whose every text holds every payload builds into inert pages.

The corpus is tests/hostile/payloads.txt (markup, event handlers, script URLs in
plain, entity-encoded and mixed-case forms, template syntax) and
tests/hostile/note.md (the Markdown ways to make a link or an image). Every page
of the built site is parsed as a browser would and must hold no executable
markup (tests/hostile/safety.py); every field must still be on a page, as text.
"""

from __future__ import annotations

import html
import json
import re

import pytest

from dossier.build.read import read_dossier
from dossier.build.site import render_site
from dossier.core.markup import render_markdown
from dossier.write.linkcheck import check_links
from tests.helpers import search_index
from tests.hostile.dossiers import ALL, PAYLOADS, write_xss_dossier
from tests.hostile.safety import executable_markup, site_problems


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> tuple[dict[str, bytes], list[str], list]:
    root = tmp_path_factory.mktemp("xss") / "project"
    markers = write_xss_dossier(root)
    dossier, diagnostics = read_dossier(root / "content")
    return render_site(dossier, root / "templates"), markers, diagnostics.errors


def pages(files: dict[str, bytes]) -> dict[str, str]:
    return {p: d.decode("utf-8") for p, d in files.items() if p.endswith(".html")}


def test_the_scanner_catches_what_it_is_meant_to_catch():
    """The check below is only as good as this: each of these must be flagged."""
    bad = ['<script>x</script>', '<script src="https://evil.example/x.js"></script>', '<img src=x>',
           '<a href="jav&#x61;script:x">a</a>', '<a href=" JAVASCRIPT:x">a</a>', '<p onclick="x">',
           '<a href="data:text/html,x">a</a>', '<a href="vbscript:x">a</a>', '<iframe></iframe>',
           '<object></object>', '<embed>', '<p style="color:red">', '<svg onload=x>', '<a href="//evil.example">a</a>',
           '<meta http-equiv="refresh" content="0">', '<link rel="stylesheet" href="https://evil.example/x.css">',
           '<script type="application/ld+json">alert(1)</script>', '<script type="application/ld+json">{"a":"<b>"}</script>',
           '<script type="text/json">{}</script>', '<script type="application/ld+json" src="x.js"></script>',
           '<svg><animate attributeName="href" values="javascript:alert(1)"/></svg>', '<svg><set/></svg>',
           '<svg><foreignObject></foreignObject></svg>', '<svg><use href="data:image/svg+xml,x"/></svg>',
           '<svg><image href="x.png"/></svg>', '<svg xmlns:x="y" x:href="z"></svg>']
    for snippet in bad:
        assert executable_markup(snippet), snippet
    good = ('<script src="../assets/search.js" defer></script><a href="../people/a.html#c-1">a</a><a href="https://x.org">x</a>'
            '<script type="application/ld+json">{"name":"\\u003c/script\\u003e"}</script>'
            '<svg class="drawing" width="100%" height="9" aria-hidden="true" focusable="false"><a href="#r-1" tabindex="-1">'
            '<title>t</title><text x="1%" y="9">t</text><rect x="1%" y="1" width="2%" height="3"/></a></svg>')
    assert executable_markup(good) == []


def test_payloads_are_valid_text_and_only_the_notes_unsafe_links_are_errors(hostile_site):
    """Payloads are text, and text is allowed: the build need not refuse them to be safe.

    The links of tests/hostile/note.md that cannot work are errors at their line (note.link):
    silently showing them as text would leave the editor guessing. A tab in a link
    destination, or a '<' inside an <...> one, is not a link at all in CommonMark.
    """
    _, _, errors = hostile_site
    assert {(d.code, d.pos.path) for d in errors} == {("note.link", "groups/hostile-group.md")}
    assert [d.pos.line for d in errors] == [3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14, 16, 22, 23, 26]


def test_no_page_holds_executable_markup(hostile_site):
    files, _, _ = hostile_site
    assert len(pages(files)) >= 10
    assert site_problems(files) == {}


def test_every_field_is_shown_as_text_not_dropped(hostile_site):
    """Safe because escaped, not because missing: each field's marker and its payloads reach a page."""
    files, markers, _ = hostile_site
    text = "\n".join(html.unescape(page) for page in pages(files).values())
    assert [m for m in markers if m not in text] == []
    escaped = html.escape(ALL, quote=False)
    group = files["groups/hostile-group.html"].decode()
    assert escaped.split(" ", 3)[0] in group and "&lt;script&gt;alert(1)&lt;/script&gt;" in group


def test_payloads_in_attributes_stay_inside_their_quotes(hostile_site):
    """Editorial reasons and cited quotes go into title= and aria-label=: a quote must not end the attribute."""
    files, _, _ = hostile_site
    group = files["groups/hostile-group.html"].decode()
    assert 'title="M-group-status-editorial' in group
    assert "&#34; onmouseover=&#34;alert(27)" in group and '" onmouseover="alert(27)' not in group


def test_template_syntax_in_content_is_not_evaluated(hostile_site):
    files, _, _ = hostile_site
    group = files["groups/hostile-group.html"].decode()
    assert "{{ 7*7 }}" in group and "49" not in group.split("{{ 7*7 }}")[1][:20]


def test_the_search_index_is_data_that_cannot_break_out(hostile_site):
    """The index is a script file; its payload must parse back as exactly the JSON it was."""
    files, _, _ = hostile_site
    index = search_index(files["assets/search-index.js"].decode())
    assert any("<script>alert(1)</script>" in cell for row in index["rows"] for cell in row)


def test_unsafe_note_links_are_text_and_safe_ones_links(hostile_site):
    files, _, _ = hostile_site
    group = files["groups/hostile-group.html"].decode()
    for n in (101, 102, 103, 104, 106, 109, 113, 115, 117, 118, 119, 120, 121, 122, 123):
        assert f"alert({n})" in group, n  # shown, as text
    assert '<a href="../people/hostile-person.html">the person</a>' in group
    assert "<img" not in group and 'href="https://evil.example/track.png"' in group  # a link, never loaded
    assert '<a href="../people/hostile-person.html">&lt;img src=x onerror=alert(130)&gt;</a>' in group
    assert '<a href="../people/hostile-person.html">x&quot; onmouseover=&quot;alert(132)</a>' in group


def test_the_only_broken_link_is_the_backslash_one_and_the_build_would_refuse_it(hostile_site):
    """Belt and braces: even unreported, that link would fail the build's own link check."""
    files, _, _ = hostile_site
    assert {b.href.rsplit("/", 2)[-2] for b in check_links(files)} == {"%5Cevil.example"}


@pytest.mark.parametrize("link, page, bad", [
    ("../people/a.html", "groups/g.html", False), ("#notes", "groups/g.html", False),
    ("https://example.org/x", "groups/g.html", False), ("mailto:a@example.org", "groups/g.html", False),
    ("../../etc/passwd", "groups/g.html", True), ("people/../../../x", "groups/g.html", True),
    ("/etc/passwd", "groups/g.html", True), ("file:///etc/passwd", "groups/g.html", True),
    ("JAVASCRIPT:alert(1)", "groups/g.html", True), ("//evil.example/", "groups/g.html", True),
])
def test_note_links_that_cannot_work_are_found_at_their_line(link, page, bad):
    from dossier.link.notelinks import note_link_problems
    problems = note_link_problems(f"first line\nsecond [x]({link}) line\n\nlast", page)
    assert [(p.line, p.href) for p in problems] == ([(2, link)] if bad else [])


@pytest.mark.parametrize("payload", PAYLOADS)
def test_each_payload_as_a_whole_note(payload):
    assert executable_markup(render_markdown(payload)) == []
    assert executable_markup(render_markdown(f"[x]({payload})\n\n<{payload}>\n\n[r]\n\n[r]: {payload}\n")) == []


@pytest.mark.parametrize("url, ok", [
    ("https://example.org/a?b=1&c=2", True), ("http://example.org/", True),
    ("javascript:alert(1)", False), ("JAVASCRIPT:alert(1)", False), ("data:text/html,x", False),
    ("//evil.example/", False), ('https://example.org/" onmouseover="x', False), ("https://exa mple.org/", False),
    ("vbscript:x", False), ("file:///etc/passwd", False),
])
def test_a_sources_url_must_be_a_web_address(minimal_project, url, ok):
    from tests.helpers import diagnostics_of
    from tests.test_validate import edit
    edit(minimal_project, "sources/island-courier.yml", 'date: "2021-06"', f'date: "2021-06"\nurl: {json.dumps(url)}')
    codes = [d.code for d in diagnostics_of(minimal_project / "content").errors]
    assert codes == ([] if ok else ["url.scheme"])


CODE_NOTE = """Inline `[[Ada Varga]]` and ``[[Nobody At All]] ` here``, then [[Ada Varga]].

```
[[Nobody Fenced]]
```

    [[Nobody Indented]]

- an item

      [[Nobody In A List]]

> ~~~
> [[Kestrel Island]]
> ~~~

Escaped \\`[[Ada Varga|the leader]] is a link; so is [[Ada Varga|one `in` label]].
"""


def test_wikilinks_in_code_spans_and_blocks_stay_as_written(minimal_project):
    """Code is shown as written: `[[x]]` in code is neither a link nor an unresolved wikilink."""
    (minimal_project / "content" / "groups" / "northwind-syndicate.md").write_text(CODE_NOTE, encoding="utf-8")
    dossier, diagnostics = read_dossier(minimal_project / "content")
    assert diagnostics.errors == []
    page = render_site(dossier, minimal_project / "templates")["groups/northwind-syndicate.html"].decode()
    note = page[page.index("Inline"):page.index("in` label</a>")]
    codes = re.findall(r"<code>(.*?)</code>", note, re.DOTALL)
    assert codes == ["[[Ada Varga]]", "[[Nobody At All]] ` here", "[[Nobody Fenced]]\n", "[[Nobody Indented]]\n",
                     "[[Nobody In A List]]\n", "[[Kestrel Island]]\n"]
    assert note.count('href="../people/ada-varga.html"') == 3  # after the code span, the escaped one, the label
    assert "kestrel-island" not in note
    assert ("northwind-syndicate", "note") not in {(m.by, m.how) for m in dossier.mentions["kestrel-island"]}
