"""A note's plain links put aside while it is parsed (core/markuplinks.py), and a note of paragraphs and simple
lists drawn block by block (core/markupblocks.py), give the very HTML markdown-it gives parsing the note whole:
on notes of every shape, those they take and those they leave to the parser."""

import random

import pytest

from dossier.core.markup import _parser, render_markdown
from dossier.core.markupblocks import render_plain_blocks
from dossier.core.markuplinks import render_with_links_aside


def _whole(text: str) -> str:
    return _parser().render(text)


TAKEN = [
    "Met [Ana Pell](../people/ana-pell.html) in [Tudlon](../places/tudlon.html).",
    "*[Ana](../people/a.html)* and _[Bo](../people/b.html)_ and **x[Ana](../people/a.html)y**",
    "foo_[a](../people/a.html)_bar and foo*[a](../people/a.html)*bar and *a [b](b.html)*c",
    "[Foo \\(Bar\\) \\*x\\* \\_y\\_ \\[z\\] \\#1 \\- \\! \\\\ & x](../groups/f.html#relations)",
    "# [Head](h.html)\n\n- [one](o.html)\n- two [three](t.html)\n\n> [quoted](q.html)\n",
    "1. [x](x.html)\n2. y\n\npara [z](z.html)  \nhard break [w](w.html)\nsoft",
    "[a](a.html)[b](b.html)([c](c.html)) \"[d](d.html)\" 'x' & y",
    "Title\n=====\n[a](a.html)\n\n---\n[b](b.html)\n***\n",
    "[O'Brien & Sons](../groups/ob.html) costs $5 + 3% = @all ^{x} ~y | z: w",
    "line ending in a backslash\\\n[a](a.html)",
    "**[a](a.html)**[b](b.html)** c",
    "[a](a.html)*b*[c](c.html)_d_[e](e.html)",
]
LEFT = [
    "`[a](a.html)`", "    [a](a.html)", "~~~\n[a](a.html)\n~~~", "<http://x.org/[a](a.html)>", "\\[a](a.html)",
    "![a](a.html)", "[x [a](a.html)](b.html)", "[a]: b.html\n\n[a](a.html) [a]", "[a *b*](a.html)", "[a &amp; b](a.html)",
    "[a](javascript:alert(1))", "[a](a.html \"title\")", "\u2983 [a](a.html)", "no link here", "\t[a](a.html)",
]


@pytest.mark.parametrize("text", TAKEN)
def test_a_note_whose_links_are_plain_gives_the_parsers_html(text):
    html = render_with_links_aside(_parser(), text)
    assert html is not None, "this note's links are plain: they should be put aside"
    assert html == _whole(text)


@pytest.mark.parametrize("text", LEFT)
def test_a_note_it_cannot_vouch_for_is_left_to_the_parser(text):
    assert render_with_links_aside(_parser(), text) is None


_PIECES = ["word", "other", " ", " ", "  ", "\n", "\n\n", "\n- ", "\n1. ", "\n# ", "\n> ", "*", "**", "_", "__", "\\",
           "\\*", "\\[", "[", "]", "(", ")", "!", "&", "&amp;", "\"", "'", ".", ",", "#", "-", "+", "=", "~", "<", "`",
           "    ", "\n    ", "\t", "[A](../a.html)", "[B c](b.html#x)", "[D \\(e\\)](../d.html)", "[F\\*](f.html)",
           "[g](javascript:x)", "[h](h.html \"t\")", "[i [j](j.html)](k.html)", "\u2983", "\u2984", "[l]: m.html",
           "](", "[n]", "é", "—"]


def test_any_mixture_of_marks_and_links_gives_the_parsers_html():
    """Random notes of links, marks and text: each is the parser's HTML, whichever way it was made; most of
    those with plain links are taken (so the comparison is of the quick way, not only of the fallback)."""
    rng = random.Random(23)
    taken = 0
    for _ in range(4000):
        text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 30)))
        html = render_with_links_aside(_parser(), text)
        if html is not None:
            taken += 1
            assert html == _whole(text), repr(text)
    assert taken > 50


def test_plain_links_with_emphasis_around_them_give_the_parsers_html():
    """Emphasis is read from the characters either side of its marks; a stand-in must read as a link's brackets."""
    rng = random.Random(5)
    pieces = ["[A](a.html)", "[B c](b.html)", "[D \\(e\\) & f](../d.html#x)", "*", "**", "_", "__", " ", "x", ".",
              "\n", "\n- ", "\n# ", "\n> ", "\n\n", "!", "&", "&amp;", "\\*", "\\", "'", "\"", "#", "-", "    ", "é"]
    taken = 0
    for _ in range(4000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        html = render_with_links_aside(_parser(), text)
        if html is not None:
            taken += 1
            assert html == _whole(text), repr(text)
    assert taken > 1200


BLOCKS_TAKEN = [
    "One paragraph\nover two lines.\n\nAnother, with *emphasis* and a [link](../a.html).\n",
    "Before the list.\n\n- one\n- two *x*\n- 3 items\n\nAfter it.",
    "*Emphasis* first, _under_ too, -dash, +plus, =equals, 2004 was a year, 3.5 percent, 1.x\n",
    "- only a list\n- of two\n",
    "\n\n\nblank lines first\n\n\n\nand between\n\n",
    "\u2983 is not code here, & neither is ~ nor # mid-line",
]
BLOCKS_LEFT = [
    "# Heading", "para\n- list right after", "- item\nlazy line", "- a\n\n- b", "* star list", "+ plus list",
    "1. ordered", "2) ordered", "3.\tordered", "> quote", "    code", " leading space", "trailing space ", "para\n===",
    "para\n---", "--\t---", "==\t", "***", "- - -", "___", "```\ncode\n```", "~~~\ncode\n~~~", "[ref]: x.html", "- ", "-\n",
    "a\r\nb", "<div>x</div>", "| a | b |", "-   spaced item", "- # heading in item", "\u00a0nbsp first",
    "two spaces then break  \nnext",
]


@pytest.mark.parametrize("text", BLOCKS_TAKEN)
def test_a_note_of_paragraphs_and_simple_lists_is_drawn_block_by_block_as_the_parser_draws_it(text):
    html = render_plain_blocks(_parser(), text)
    assert html is not None, "paragraphs and simple lists only: they should be drawn block by block"
    assert html == _whole(text)


@pytest.mark.parametrize("text", BLOCKS_LEFT)
def test_a_note_with_other_blocks_is_left_to_the_parser(text):
    assert render_plain_blocks(_parser(), text) is None
    assert render_markdown.__wrapped__(text) == _whole(text)


_BLOCK_PIECES = ["word", "Other", " ", "  ", "\n", "\n", "\n\n", "\n\n", "- ", "\n- ", "\n\n- ", "* ", "\n* ", "+ ", "1. ",
                 "\n2) ", "# ", "\n# ", "#", "> ", "\n> ", "---", "\n---\n", "===", "\n===\n", "***", "___", "_", "*", "**",
                 "-", "+", "=", "1", "2004", ".", ")", "[A](a.html)", "[B](b.html#x)", "`", "~~~", "<", "|", "\u00a0",
                 "\t", "    ", "é", "\\", "&amp;", "!", "\"", "[", "]"]


def test_any_mixture_of_blocks_gives_the_parsers_html():
    """Random notes of block marks, lines and links through render_markdown: each is the parser's HTML; enough
    are drawn block by block (so the comparison is of the quick way)."""
    rng = random.Random(31)
    parser = _parser()
    taken = 0
    for _ in range(6000):
        text = "".join(rng.choice(_BLOCK_PIECES) for _ in range(rng.randint(1, 24)))
        if render_plain_blocks(parser, text) is not None or render_with_links_aside(parser, text) is not None:
            taken += 1
        assert render_markdown.__wrapped__(text) == _whole(text), repr(text)
    assert taken > 600
