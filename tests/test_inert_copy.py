"""An archived web page made inert (dossier/render/inert.py): every payload of the hostile corpus
loses what runs and what loads, and the page keeps its words."""

from __future__ import annotations

import pytest

from dossier.render.inert import inert_html
from tests.hostile.dossiers import PAYLOADS
from tests.hostile.safety import loading_markup
from tests.sites.captured.capture import HOSTILE


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_payload_runs_or_loads_once_inert(payload):
    page = inert_html(f"<html><body><p>before</p>{payload}<p>after</p></body></html>")
    assert loading_markup(page) == []
    assert "<p>before</p>" in page


def test_the_hostile_capture_keeps_its_words_and_loses_every_address():
    page = inert_html(HOSTILE)
    assert "it never used the cannery" in page and "<h1>Greywater crew statement</h1>" in page
    assert loading_markup(HOSTILE) != [] and loading_markup(page) == []


def test_a_link_keeps_its_address_for_the_reader_and_not_to_follow():
    assert inert_html('<a href="https://example.org/x" onclick="go()">the report</a>') == \
        '<a title="https://example.org/x">the report</a>'


def test_a_dropped_element_left_open_inside_drops_only_itself():
    assert inert_html("<object><p>fallback<span>x</object><p>after</p>") == "<p>after</p>"


def test_escaped_style_cannot_spell_a_load():
    page = inert_html('<div style="background: \\75 rl(https://example.org/x.png)">d</div>')
    assert "url(" not in page.lower() and "\\" not in page


def test_text_that_looks_like_markup_stays_text():
    assert inert_html("<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</p>") == \
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</p>"


def test_an_svg_animation_cannot_set_an_address():
    page = inert_html('<svg><image><animate attributeName="href" to="https://example.org/x.png"/></image>'
                      '<a><set attributeName="href" to="https://example.org/"/>go</a></svg>')
    assert "example.org" not in page and "<svg><image></image><a>go</a></svg>" == page
