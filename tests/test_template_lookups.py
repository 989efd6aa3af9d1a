"""The templates' environment looks up a view's keys at once and escapes with its own quicker escape;
both must give exactly what Jinja and MarkupSafe give."""

from __future__ import annotations

import jinja2
import pytest
from markupsafe import Markup, escape

from dossier.render.jinja import escape_text, make_environment
from dossier.render.theme import Theme


@pytest.fixture(scope="module")
def env() -> jinja2.Environment:
    return make_environment(Theme.of(None))


def test_a_views_key_is_its_value_and_a_dicts_own_attribute_stays_the_attribute(env):
    view = {"name": "<Ada & Co>", "keys": "K", "items": "I"}
    out = env.from_string("{{ v.name }}|{{ v['keys'] }}|{{ 'key' if v.keys == 'K' else 'method' }}|"
                          "{{ v.items() | list | length }}").render(v=view)
    assert out == "&lt;Ada &amp; Co&gt;|K|method|3"


def test_a_missing_key_of_a_view_is_an_error_naming_it(env):
    with pytest.raises(jinja2.UndefinedError, match="'dict object' has no attribute 'title'"):
        env.from_string("{{ v.title }}").render(v={"name": "x"})


class Shown:
    def __html__(self) -> str:
        return "<b>shown</b>"


@pytest.mark.parametrize("value", ["plain", "<a href=\"x\">'&'</a>", "", Markup("<i>safe</i>"), 3, -12, 0, True, None, 2.5,
                                   Shown(), type("Text", (str,), {})("<sub>")])
def test_the_quick_escape_gives_what_markupsafe_gives(value, env):
    assert escape_text(value) == escape(value) and type(escape_text(value)) is Markup
    assert env.from_string("{{ v }}").render(v=value) == str(escape(value))
