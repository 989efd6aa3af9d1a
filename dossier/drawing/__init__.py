"""Drawing: the dossier's pictures, as static SVG made at build time.

Each drawing is a pure function of the linked `Dossier` (and a page's key) that gives
SVG markup for a template to inline: the relationship map of a profile (`relmap`),
its timeline of relations and events (`lanes`), the chronology's timeline
(`chronology`) and the whole dossier's lifelines (`lifelines`). They need no script,
load nothing, and are styled by classes from the theme's stylesheet (pages forbid
inline styles). Every drawing has the same facts beside it as a list or table, for
screen readers and keyboards; so the SVG itself is hidden from assistive technology
and its links are left out of the tab order. `svg` writes and escapes, `scale`
places dates on a time axis, `marks` draws dates and periods on it, `words` fits
dates and names into the room a drawing has.
"""
