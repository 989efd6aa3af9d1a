"""Scaffold: a new dossier project, with one example record of each kind, that builds as it is.

`build.py new PATH` writes mkdocs.yml, one example record of each kind (a
source, a group, a person, a place, an event, a note) that cite each other, so
an editor starts from something that works, and an empty templates/ folder with
a README on overriding the built-in theme, which the project uses as it is. It
also writes the JSON Schema of the record format into `schema/`, and each record
starts with a `# yaml-language-server: $schema=...` line naming its kind's
schema, so an editor's YAML tools complete and check fields (see
`export.recordschema`).
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from .export.recordschema import SCHEMA_FOLDER, schema_for, write_schema_folder
from .render.theme import builtin_theme_dir
from .render.themeversions import THEME_VERSION


class ScaffoldError(Exception):
    """The target cannot take a new project (a usage error)."""


MKDOCS_YML = """\
site_name: New dossier
docs_dir: content
site_dir: site
use_directory_urls: false
# Warnings fail the build, in `build.py build` and `mkdocs build` alike (--no-strict for one run).
# A disagreement between sources you have looked into goes under the record's `reviewed:`.
strict: true
theme:
  name: dossier
plugins:
  - dossier
"""

EXAMPLES: dict[str, str] = {
    "dossier.yml": """\
title: New dossier
description: What this dossier covers, and from which sources.
default_source: example-report
key_entities: [example-group, jane-example]
""",
    "sources/example-report.yml": """\
title: Example report
outlet: Example Outlet
date: "2024-05-02"
text: |
  The Example Group was founded in Example City in 2001.

  Jane Example has led the Example Group since 2019, the report said. On April 3 the
  group held its first public meeting.
""",
    "groups/example-group.yml": """\
name: Example Group
aliases:
  - value: EG
    editorial: An abbreviation the editors use; replace with a cited alias.
founded:
  date: "2001"
  place: example-city
  cite: The Example Group was founded in Example City in 2001.
summary:
  value: A group founded in Example City in 2001.
  cite: The Example Group was founded in Example City in 2001.
""",
    "groups/example-group.md": """\
Notes are Markdown. Link to a record by name or id: [[Jane Example]] or
[[example-city|the city]].
""",
    "people/jane-example.yml": """\
name: Jane Example
summary:
  value: Leader of the Example Group since 2019.
  cite: Jane Example has led the Example Group since 2019
relations:
  - type: leader-of
    target: example-group
    period:
      from: "2019"
      to: present
    cite: Jane Example has led the Example Group since 2019
""",
    "places/example-city.yml": """\
name: Example City
kind:
  value: city
  editorial: The editors' classification.
summary:
  value: The city where the Example Group was founded.
  cite: The Example Group was founded in Example City in 2001.
""",
    "events/2024-04-03-first-public-meeting.yml": """\
date:
  said: April 3
title: The Example Group holds its first public meeting
involves: [example-group]
cite: On April 3 the group held its first public meeting.
""",
}


TEMPLATES_README = """\
# Templates

This project's pages are drawn with dossier's built-in theme. This folder
overlays it file by file: a file here replaces the built-in file at the same
relative path, and every file left out comes from the built-in theme.

To change a file, copy it from the built-in theme to the same path here and
edit the copy. For example, `assets/style.css` here replaces the stylesheet,
and `entity/person.html` gives people their own template (the other kinds keep
`entity/_default.html`).

Each built-in file starts with the version of the theme it was written for,
`dossier-theme {version}`; keep that line in your copy. When a later dossier
changes the theme, each build names every file here written for an earlier
version that needs upgrading, what changed and where docs/theming.md explains
it ("Upgrading overrides"); once a file is upgraded, set its line to the new
version.

To change a block of a template and keep the rest, extend the built-in version,
named with a `!`. This `base.html` changes only the footer of every page:

    {{% extends "!base.html" %}}
    {{% block footer %}}<footer class="wrap colophon">Our footer</footer>{{% endblock %}}

The blocks of base.html: head (with title inside it), header (with nav inside
it), content and footer.

The built-in theme is dossier/theme/ in the installed package (templates/ in a
checkout of dossier's source); this prints where it is:

    python -c "from dossier.render.theme import builtin_theme_dir; print(builtin_theme_dir())"

Its files:

{files}
"""


def create_project(target: Path) -> None:
    """Write a new project at `target`, which must not exist or be empty."""
    target = Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ScaffoldError(f"{target} already exists and is not empty")
    try:
        theme = builtin_theme_dir()
    except FileNotFoundError as exc:
        raise ScaffoldError(str(exc)) from None
    target.mkdir(parents=True, exist_ok=True)
    (target / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    (target / ".gitignore").write_text("site/\ndist/\n.dossier-cache/\n", encoding="utf-8")
    (target / "templates").mkdir()
    (target / "templates" / "README.md").write_text(templates_readme(theme), encoding="utf-8")
    write_schema_folder(target)
    for rel, text in EXAMPLES.items():
        path = target / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(schema_line(rel) + text if rel.endswith(".yml") else text, encoding="utf-8")


def templates_readme(theme: Path) -> str:
    """How to override the theme, with the list of the built-in theme's files."""
    files = sorted(p.relative_to(theme).as_posix() for p in theme.rglob("*")
                   if p.is_file() and "__pycache__" not in p.parts)
    return TEMPLATES_README.format(files="\n".join(f"    {f}" for f in files), version=THEME_VERSION)


def schema_line(rel: str) -> str:
    """The line that points an editor's YAML tools at the schema of the record at content/`rel`."""
    schema = posixpath.relpath(f"{SCHEMA_FOLDER}/{schema_for(rel)}", posixpath.dirname(f"content/{rel}"))
    return f"# yaml-language-server: $schema={schema}\n"
