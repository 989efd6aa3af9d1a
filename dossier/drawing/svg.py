"""SVG: a small writer for the drawings, which escapes every text and attribute value.

Drawings are strings put together from these helpers, so nothing from content
reaches a page unescaped. Numbers are written with at most two decimals, so a
drawing is byte-identical from run to run. Positions along time are written as
percentages of the drawing's width (x="37.5%"): a drawing stretches to the width of
its column while its text keeps its size, so one drawing reads at 1280 px and at
390 px. Shapes that must not stretch (arrowheads, diamonds) are drawn in a nested
<svg> placed at such a percentage.
"""

from __future__ import annotations

from html import escape

from markupsafe import Markup


def esc(value: object) -> str:
    """Text or an attribute value, escaped for HTML and SVG alike."""
    return escape(str(value), quote=True)


def num(value: float) -> str:
    """A coordinate: at most two decimals, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def pct(fraction: float) -> str:
    """A fraction of the drawing's width, as an SVG percentage."""
    return num(fraction * 100) + "%"


def attrs(**values: object) -> str:
    """ name="value" pairs, escaped; `class_` writes class, `_` in other names becomes '-', None is left out."""
    parts = []
    for name, value in values.items():
        if value is None:
            continue
        key = "class" if name == "class_" else name.replace("_", "-")
        parts.append(f' {key}="{esc(value)}"')
    return "".join(parts)


def element(tag: str, body: str = "", **values: object) -> str:
    """An element; `body` is markup already made by these helpers (never raw content)."""
    if body:
        return f"<{tag}{attrs(**values)}>{body}</{tag}>"
    return f"<{tag}{attrs(**values)}/>"


def wrap(words: str, width: int, lines: int = 2) -> list[str]:
    """Words broken into at most `lines` lines of at most `width` characters (SVG text does not wrap);
    what does not fit ends in an ellipsis."""
    out: list[str] = []
    line = ""
    for word in words.split():
        if line and len(line) + 1 + len(word) > width:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    out.append(line)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1] + " …"
    return [clip(line, width) for line in out]


def clip(words: str, limit: int) -> str:
    """Words cut to `limit` characters, with an ellipsis if cut."""
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"


def text(x: str, y: float, content: str, cls: str, anchor_end: bool = False) -> str:
    return element("text", esc(content), x=x, y=num(y), class_=cls, text_anchor="end" if anchor_end else None)


def link(href: str, body: str, title: str) -> str:
    """A link around shapes, with a tooltip. Out of the tab order: the list beside the drawing has the same links."""
    return f'<a href="{esc(href)}" tabindex="-1"><title>{esc(title)}</title>{body}</a>'


def at(x: str, y: float, body: str) -> str:
    """Shapes drawn in pixels around a point whose x is a percentage: they keep their shape at any width."""
    return f'<svg x="{x}" y="{num(y)}" width="1" height="1" overflow="visible">{body}</svg>'


def drawing(cls: str, height: float, body: str) -> Markup:
    """The <svg> root: as wide as its column, `height` pixels tall, hidden from assistive technology."""
    return Markup(f'<svg class="drawing {esc(cls)}" width="100%" height="{num(height)}" '
                  f'aria-hidden="true" focusable="false">{body}</svg>')
