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
    """Text or an attribute value, escaped for HTML and SVG alike (most names need nothing done:
    five tests for a character are several times faster than escaping)."""
    text = str(value)
    if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:
        return escape(text, quote=True)
    return text


def num(value: float) -> str:
    """A coordinate in pixels: at most two decimals, no trailing zeros. (Most are whole: said at once; the rest
    recur from drawing to drawing, the same rows and columns: each is written once and kept, up to `KEPT`.)"""
    if type(value) is int:
        return str(value)
    text = _nums.get(value)
    if text is None:
        text = f"{value:.2f}"
        if text.endswith("00"):
            text = text[:-3]
        elif text.endswith("0"):
            text = text[:-1]
        if text == "-0":
            text = "0"
        if len(_nums) < KEPT:
            _nums[value] = text
    return text


def pct(fraction: float) -> str:
    """A fraction of the drawing's width, as an SVG percentage to a tenth (a pixel at 1,000 px wide); kept as `num`."""
    text = _pcts.get(fraction)
    if text is None:
        text = f"{fraction * 100:.1f}"
        text = (text[:-2] if text.endswith(".0") else text) + "%"
        if len(_pcts) < KEPT:
            _pcts[fraction] = text
    return text


KEPT = 65536
"""How many numbers `num` and `pct` keep written (a few MB at most)."""
_nums: dict[float, str] = {}
_pcts: dict[float, str] = {}


# Shapes. Coordinates come formatted (by `num` or `pct`); classes are the theme's, never content.

def rect(x: str, y: str, width: str, height: str, cls: str) -> str:
    return f'<rect x="{x}" y="{y}" width="{width}" height="{height}" class="{cls}"/>'


def line(x1: str, y1: str, x2: str, y2: str, cls: str) -> str:
    return f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" class="{cls}"/>'


def circle(cx: str, cy: str, r: str, cls: str) -> str:
    return f'<circle cx="{cx}" cy="{cy}" r="{r}" class="{cls}"/>'


def path(d: str, cls: str) -> str:
    return f'<path d="{d}" class="{cls}"/>'


def text(x: str, y: str, content: str, cls: str, dx: str = "") -> str:
    """Text from content, escaped; `dx` shifts it by pixels from an x that may be a percentage."""
    shift = f' dx="{dx}"' if dx else ""
    return f'<text x="{x}" y="{y}"{shift} class="{cls}">{esc(content)}</text>'


def group(body: str, cls: str) -> str:
    return f'<g class="{cls}">{body}</g>'


def link(href: str, body: str, title: str = "") -> str:
    """A link around shapes, with a tooltip where the shapes say nothing in words. Out of the tab
    order: the list beside the drawing has the same links."""
    tip = f"<title>{esc(title)}</title>" if title else ""
    return f'<a href="{esc(href)}" tabindex="-1">{tip}{body}</a>'


TARGET = 24
"""A link's least size in CSS px, each way (WCAG 2.2's target size)."""


def hit(x: str, y: str, width: str, height: str) -> str:
    """An area that takes a link's taps and is drawn as nothing: marks thinner than a finger get a target
    of `TARGET` px each way without a change to what is drawn. Filled (so the pointer finds it) with no
    opacity, which needs no rule of the stylesheet: a theme's own stylesheet cannot leave it showing."""
    return f'<rect x="{x}" y="{y}" width="{width}" height="{height}" class="hit" opacity="0"/>'


def hit_around(x: str, y: str, size: float = TARGET) -> str:
    """A square hit area `size` px wide centred on a point whose x may be a percentage."""
    half = num(size / 2)
    return at(x, y, hit(f"-{half}", f"-{half}", num(size), num(size)))


def at(x: str, y: str, body: str) -> str:
    """Shapes drawn in pixels around a point whose x is a percentage: they keep their shape at any width."""
    return f'<svg x="{x}" y="{y}" width="1" height="1" overflow="visible">{body}</svg>'


def drawing(cls: str, height: float, body: str) -> Markup:
    """The <svg> root: as wide as its column, `height` pixels tall, hidden from assistive technology."""
    return Markup(f'<svg class="drawing {cls}" width="100%" height="{num(height)}" '
                  f'aria-hidden="true" focusable="false">{body}</svg>')
