"""The MkDocs adapter: `mkdocs build` and `mkdocs serve` from the same mkdocs.yml.

A thin plugin. It reads the dossier from `docs_dir` with the core pipeline,
replaces MkDocs' view of that folder (YAML records and notes are data, not
pages) with the core's rendered files, and logs every content error and every
broken link as a warning, so `mkdocs build --strict` fails on them. Only this
module imports MkDocs.
"""

from __future__ import annotations

import gc
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files

from .diagnostics import DossierError
from .linkcheck import check_links
from .site import render_site, require_valid
from .theme import Theme

log = get_plugin_logger(__name__)


class DossierPlugin(BasePlugin):
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        content_dir = Path(config.docs_dir)
        theme = Theme.of(_custom_dir(config))  # the project's templates over the built-in theme, as build.py
        gc.unfreeze()  # a build freezes what it reads (see `site.gc_paused`): under `mkdocs serve`,
        gc.collect()   # let the cycles of the last build go
        try:
            dossier, warnings = require_valid(content_dir)
        except DossierError as exc:
            for diagnostic in exc.diagnostics:
                log.error(str(diagnostic))
            raise PluginError(f"{len(exc.diagnostics)} problem(s) in {content_dir}; nothing was built") from None
        for warning in warnings:
            log.info(str(warning))
        rendered = render_site(dossier, theme)
        for broken in check_links(rendered):
            log.warning(str(broken))
        generated = Files([])
        for path, data in rendered.items():
            generated.append(File.generated(config, path, content=data))
        return generated

    def on_serve(self, server, config: MkDocsConfig, builder):  # type: ignore[no-untyped-def]
        """Rebuild on template edits too, not only on content edits."""
        custom_dir = _custom_dir(config)
        if custom_dir is not None and custom_dir.is_dir():
            server.watch(str(custom_dir))
        return server


def _custom_dir(config: MkDocsConfig) -> Path | None:
    """The project's templates: theme.custom_dir (MkDocs has checked that it exists)."""
    custom_dir = config.theme.custom_dir
    return Path(custom_dir) if custom_dir else None
