"""The name MkDocs knows the built-in theme by: `theme: name: dossier` in mkdocs.yml.

MkDocs needs a theme before any plugin runs, and checks that a `custom_dir` exists, so a
project naming its templates folder there could not build with MkDocs once the folder was
gone, while `build.py` would. Named this way, the theme needs no folder: the dossier plugin
draws every page with the built-in theme, overlaid by the project's `templates/` when it
exists (see `render.theme`), as `build.py` does. This folder holds only the
`mkdocs_theme.yml` MkDocs reads; it is registered under `mkdocs.themes` in pyproject.toml.
"""
