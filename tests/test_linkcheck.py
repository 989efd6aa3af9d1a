"""The link checker finds missing files and missing anchors, and leaves external links alone."""

from dossier.write.linkcheck import check_links


def test_missing_files_and_anchors_are_found():
    files = {
        "index.html": b'<a href="people/a.html#bio">a</a> <a href="people/b.html">b</a> <a href="https://x.org/">x</a>',
        "people/a.html": b'<h1 id="top">A</h1><a href="../index.html">home</a><a href="#nowhere">?</a>',
    }
    problems = {(b.page, b.href) for b in check_links(files)}
    assert problems == {("index.html", "people/a.html#bio"), ("index.html", "people/b.html"),
                        ("people/a.html", "#nowhere")}


def test_a_consistent_site_has_no_broken_links():
    files = {"index.html": b'<a href="a.html#x">a</a>', "a.html": b'<p id="x"></p><link href="assets/s.css">',
             "assets/s.css": b""}
    assert check_links(files) == []


def test_only_real_attributes_count_and_links_keep_their_order():
    from dossier.write.linkcheck import page_links
    links = page_links(b'<p data-id="no" id="yes"\n   class="x"><a\nhref="b.html" data-href="no.html">'
                       b'<script src="a.js"></script><a href="c.html"></a><a href="b.html"></a>')
    assert links.ids == {"yes"} and links.hrefs == (b"b.html", b"a.js", b"c.html")


def test_srcs_keep_their_place_among_the_hrefs_however_the_page_is_written():
    from dossier.write.linkcheck import page_links
    page = (b'<img src="first.png"><a href="a.html"></a><img\tsrc="mid.png"><a href="b.html"><a href="mid.png">'
            b'<use xlink:href="no.svg"/><img data-src="no.png"><img src="last.png">')
    assert page_links(page).hrefs == (b"first.png", b"a.html", b"mid.png", b"b.html", b"last.png")
    # an href whose value ends in ` src=` (no template writes it, but a page may): the quote that ends the
    # href opens a src, read as each attribute alone reads it, in order
    odd = page_links(b'<a href="x src="><img src="y.png"><a href="z.html">')
    assert odd.hrefs == (b"x src=", b"><img src=", b"z.html")
    assert page_links(b'<a href="x src="y.png">').hrefs == (b"x src=", b"y.png")
