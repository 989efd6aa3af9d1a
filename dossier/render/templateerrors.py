"""Template errors: an error met while a page is drawn, as a diagnostic naming the template file and line.

Takes the Jinja environment a page was drawn with (its loader knows which file of the theme a template
came from, see `theme`); gives a `DossierError` for an error of the project's templates, and lets the
engine's own errors through as they are.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import jinja2

from ..core.diagnostics import Diagnostic, DossierError, Pos
from .theme import ThemeLoader


@contextmanager
def template_errors(env: jinja2.Environment, url: str) -> Iterator[None]:
    """An error of the templates met while drawing the page at `url` as a DossierError naming the template
    and line; the engine's own errors go through as they are."""
    try:
        yield
    except jinja2.TemplateSyntaxError as exc:
        place = _file_place(exc.filename, env) if exc.filename else f"templates/{exc.name}"
        raise DossierError([Diagnostic(Pos(place, exc.lineno), "error", exc.message or "syntax error",
                                       "template.syntax")]) from None
    except jinja2.TemplateNotFound as exc:
        raise DossierError([Diagnostic(Pos("templates"), "error",
                                       f"no template for page {url}: tried {exc.name}",
                                       "template.missing")]) from None
    except jinja2.UndefinedError as exc:
        raise DossierError([Diagnostic(Pos(_template_place(exc, env)), "error",
                                       f"{exc.message} (page {url})", "template.undefined")]) from None
    except (TypeError, ValueError, LookupError, ArithmeticError, AttributeError, jinja2.TemplateError) as exc:
        place = _template_place(exc, env)
        if place == "templates":  # not raised by a template: the engine's own error
            raise
        raise DossierError([Diagnostic(Pos(place), "error", f"{exc} (page {url})",
                                       "template.error")]) from None
    except RecursionError as exc:
        raise DossierError([Diagnostic(Pos(_template_place(exc, env)), "error",
                                       f"a template extends or includes itself (page {url}); to extend "
                                       f"the built-in version of a file, name it with '!': "
                                       f"{{% extends \"!base.html\" %}}", "template.syntax")]) from None


def _template_place(exc: BaseException, env: jinja2.Environment) -> str:
    """templates/<path>:<line> of the innermost template frame of a traceback."""
    place = "templates"
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".html"):
            place = f"{_file_place(filename, env)}:{tb.tb_lineno}"
        tb = tb.tb_next
    return place


def _file_place(filename: str, env: jinja2.Environment) -> str:
    """A template file as the project knows it (see `Theme.place`)."""
    loader = env.loader
    return loader.theme.place(filename) if isinstance(loader, ThemeLoader) else f"templates/{filename}"
