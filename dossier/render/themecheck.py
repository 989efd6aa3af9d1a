"""Theme check: a project's templates written for an earlier built-in theme, found before any page is drawn.

Takes a `Theme` and a diagnostics collector; reports, at the file and line, each file of the
project's folder that was written for an earlier theme version (see `themeversions`) and
shows the old form of something that has changed since: an error where the old form would
break the build (`theme.incompatible`), a warning where it would leave out what the theme
now draws (`theme.outdated`). Each message names the variable or macro, its new form and the
section of docs/theming.md on the upgrade. A macro file is also compared with the built-in
file of the same name: a macro it lacks, or a parameter the built-in templates pass that
its macro does not take, would stop the build with a Python error in a template the
project does not hold. A file under a name the theme no longer reads (`RENAMED`) is reported
whatever version it says, since it would be left out silently. A file marked with the current
version is otherwise left alone: its writer
has upgraded it. So a full copy of an old theme fails with the reasons, not with the first
template error and its trace.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
from jinja2 import nodes

from ..core.diagnostics import Diagnostics, Pos
from .theme import Theme
from .themeversions import (
    CHANGES,
    FIRST_VERSION,
    MACRO_CHANGES,
    RENAMED,
    THEME_VERSION,
    declared_version,
    upgrade_section,
)

MAX_TEMPLATE_BYTES = 1024 * 1024
"""A theme file is a few kilobytes; a larger one is not read for the check (rendering reports on it)."""
_MACRO_HEAD = r"\{%-?\s*macro\s+(NAME\s*\([^%]*\))\s*-?%\}"


def check_theme(theme: Theme, diagnostics: Diagnostics) -> None:
    """Report each file of the project's templates folder written for an earlier theme that shows what changed."""
    for rel, path in project_files(theme):
        text = _read(path)
        if text is None:
            continue
        declared = declared_version(text)
        version = FIRST_VERSION if declared is None else declared
        place = theme.place(str(path))
        if rel in RENAMED:
            since, now = RENAMED[rel]
            diagnostics.warning(Pos(place, 1), "theme.outdated",
                                f"is never read: since theme {since}, the theme draws this page with {now}. "
                                f"Rename the file, upgrade it and mark it `dossier-theme {THEME_VERSION}` "
                                f"(see {upgrade_section(since)})")
            continue
        if version > THEME_VERSION:
            diagnostics.error(Pos(place, 1), "theme.incompatible",
                              f"written for theme {version}, but this version of dossier draws with theme "
                              f"{THEME_VERSION}: upgrade dossier, or use a copy of the file written for theme "
                              f"{THEME_VERSION}")
            continue
        if version == THEME_VERSION:
            continue
        for change in CHANGES:
            if version < change.version and change.files.fullmatch(rel):
                line = change.find_old_form(text)
                if line is not None:
                    report = diagnostics.error if change.severity == "error" else diagnostics.warning
                    code = "theme.incompatible" if change.severity == "error" else "theme.outdated"
                    report(Pos(place, line), code,
                           _message(declared, change.version, f"{change.subject} {change.now}"))
        if rel.endswith(".html"):
            _compare_macros(theme, rel, text, declared, place, diagnostics)


def project_files(theme: Theme) -> list[tuple[str, Path]]:
    """(path in the theme, file) of every file of the project's templates folder, hidden ones left out."""
    if theme.project_dir is None or theme.project_dir == theme.builtin_dir:
        return []
    found = []
    for path in sorted(theme.project_dir.rglob("*")):
        rel = path.relative_to(theme.project_dir)
        if path.is_file() and not any(part.startswith(".") for part in rel.parts):
            found.append((rel.as_posix(), path))
    return found


def _read(path: Path) -> str | None:
    try:
        if path.stat().st_size > MAX_TEMPLATE_BYTES:
            return None
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def _message(declared: int | None, since: int, what_changed: str) -> str:
    written = (f"written for theme {declared}" if declared is not None else
               f"no `dossier-theme` line, so written for theme {FIRST_VERSION}")
    return (f"{written}; since theme {since}, {what_changed}. Upgrade the file, "
            f"then mark it `dossier-theme {THEME_VERSION}` (see {upgrade_section(since)})")


Signature = tuple[int, list[str]]
"""A macro's line and its parameters."""


def _parse(text: str) -> nodes.Template | None:
    """A template's syntax tree, or None if it does not parse (rendering will say why)."""
    try:
        return jinja2.Environment().parse(text)
    except jinja2.TemplateSyntaxError:
        return None


def macro_signatures(tree: nodes.Template) -> dict[str, Signature]:
    """The macros a template defines."""
    return {m.name: (m.lineno, [a.name for a in m.args]) for m in tree.find_all(nodes.Macro)}


@dataclass(frozen=True)
class MacroCall:
    """A call of a macro of another file: where, with how many positional arguments, which keywords."""

    place: str
    macro: str
    positional: int
    keywords: tuple[str, ...]


def macro_calls(tree: nodes.Template, imported: str, place: str) -> list[MacroCall]:
    """The calls a template makes to the macros of the file `imported` (by `import ... as` or `from ... import`)."""
    modules: set[str] = set()
    names: dict[str, str] = {}
    for node in tree.find_all((nodes.Import, nodes.FromImport)):
        assert isinstance(node, (nodes.Import, nodes.FromImport))
        if not (isinstance(node.template, nodes.Const) and node.template.value == imported):
            continue
        if isinstance(node, nodes.Import):
            modules.add(node.target)
        else:
            for name in node.names:
                original, alias = name if isinstance(name, tuple) else (name, name)
                names[alias] = original
    calls = []
    for call in tree.find_all(nodes.Call):
        target = call.node
        if isinstance(target, nodes.Getattr) and isinstance(target.node, nodes.Name) and target.node.name in modules:
            macro = target.attr
        elif isinstance(target, nodes.Name) and target.name in names:
            macro = names[target.name]
        else:
            continue
        calls.append(MacroCall(f"{place}:{call.lineno}", macro, len(call.args),
                               tuple(k.key for k in call.kwargs)))
    return calls


def _compare_macros(theme: Theme, rel: str, text: str, declared: int | None, place: str,
                    diagnostics: Diagnostics) -> None:
    """Each call the pages' other templates make to this file's macros that its macros cannot take:
    a macro it lacks, or an argument its macro has no parameter for."""
    tree = _parse(text)
    if tree is None:
        return
    ours = macro_signatures(tree)
    builtin_path = theme.builtin_dir / rel
    builtin_text = builtin_path.read_text(encoding="utf-8") if builtin_path.is_file() else ""
    reported: set[tuple[str, str]] = set()
    for caller in _calls_into(theme, rel):
        why = MACRO_CHANGES.get((rel, caller.macro))
        new_form = f"`{_head(builtin_text, caller.macro)}`" + (f" ({why})" if why else "")
        if caller.macro not in ours:
            if (caller.macro, "") not in reported:
                reported.add((caller.macro, ""))
                diagnostics.error(Pos(place, 1), "theme.incompatible", _message(
                    declared, THEME_VERSION, f"{rel} defines the macro {new_form}, which {caller.place} calls "
                    "and this file lacks"))
            continue
        line, params = ours[caller.macro]
        missing = [k for k in caller.keywords if k not in params]
        if caller.positional > len(params):
            missing.insert(0, f"{caller.positional} arguments")
        if missing and (caller.macro, ",".join(missing)) not in reported:
            reported.add((caller.macro, ",".join(missing)))
            diagnostics.error(Pos(place, line), "theme.incompatible", _message(
                declared, THEME_VERSION, f"the macro `{caller.macro}` is {new_form}, and {caller.place} passes "
                f"{_listed(missing)}, which this file's `{_head(text, caller.macro)}` does not take"))


def _calls_into(theme: Theme, rel: str) -> list[MacroCall]:
    """The calls into `rel`'s macros from every other template the pages are drawn with (the
    project's file where it has one, else the built-in theme's)."""
    templates: dict[str, tuple[str, Path]] = {}
    for path in sorted(theme.builtin_dir.rglob("*.html")):
        rel_path = path.relative_to(theme.builtin_dir).as_posix()
        templates[rel_path] = (f"the built-in {rel_path}", path)
    for other, path in project_files(theme):
        if other.endswith(".html"):
            templates[other] = (theme.place(str(path)), path)
    calls = []
    for other, (where, path) in sorted(templates.items()):
        text = _read(path) if other != rel else None
        tree = _parse(text) if text is not None else None
        if tree is not None:
            calls.extend(macro_calls(tree, rel, where))
    return calls


def _head(text: str, name: str) -> str:
    """A macro's name and parameters as its file writes them: `marks(ms, root, prefix="", ids=true)`."""
    found = re.search(_MACRO_HEAD.replace("NAME", re.escape(name)), text)
    return " ".join(found.group(1).split()) if found else f"{name}(...)"


def _listed(names: list[str]) -> str:
    quoted = [f"`{n}`" for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
