"""The MkDocs adapter: `mkdocs build` and `mkdocs serve` from the same mkdocs.yml.

A thin plugin. It reads the dossier from `docs_dir` with the core pipeline before
MkDocs cleans `site_dir`, so content errors leave the previous site as it was;
then it replaces MkDocs' view of that folder (YAML records and notes are data,
not pages) with the core's rendered files. Content errors fail the build;
content warnings, except the codes of the plugin's `ignore` option, and broken
links are logged as MkDocs warnings, so MkDocs' strict mode fails on them. Only
this module imports MkDocs.
"""

from __future__ import annotations

import gc
from pathlib import Path

from mkdocs.config.base import BaseConfigOption, Config, ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files

from .codes import ignored_codes
from .diagnostics import DossierError
from .linkcheck import check_links
from .model import Dossier
from .site import render_site, require_valid

log = get_plugin_logger(__name__)


class _WarningCodes(BaseConfigOption[frozenset[str]]):
    """A list of warning codes; an unknown code or an error code is a configuration error."""

    def run_validation(self, value: object) -> frozenset[str]:
        try:
            return ignored_codes(value)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None


class DossierConfig(Config):
    ignore = _WarningCodes()
    """Warning codes neither logged nor failing strict mode, as `build.py` reads them."""


class DossierPlugin(BasePlugin[DossierConfig]):
    _dossier: Dossier | None = None

    def on_pre_build(self, config: MkDocsConfig) -> None:
        """Read and check the content before MkDocs empties site_dir: a failure leaves it as it was."""
        content_dir = Path(config.docs_dir)
        self._dossier = None
        gc.unfreeze()  # a build freezes what it reads (see `site.gc_paused`): under `mkdocs serve`,
        gc.collect()   # let the cycles of the last build go
        try:
            self._dossier, warnings = require_valid(content_dir, ignore=self.config.ignore, strict=config.strict)
        except DossierError as exc:
            for diagnostic in exc.diagnostics:
                (log.error if diagnostic.severity == "error" else log.warning)(str(diagnostic))
            errors = sum(1 for d in exc.diagnostics if d.severity == "error")
            problems = f"{errors} error(s)" if errors else f"{len(exc.diagnostics)} warning(s) in strict mode"
            raise PluginError(f"{problems} in {content_dir}; nothing was built") from None
        for warning in warnings:
            log.warning(str(warning))

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        dossier, self._dossier = self._dossier, None
        assert dossier is not None, "on_pre_build reads it; MkDocs runs it first"
        rendered = render_site(dossier, Path(config.theme.dirs[0]))
        for broken in check_links(rendered):
            log.warning(str(broken))
        generated = Files([])
        for path, data in rendered.items():
            generated.append(File.generated(config, path, content=data))
        return generated

    def on_serve(self, server, config: MkDocsConfig, builder):  # type: ignore[no-untyped-def]
        """Rebuild on template edits too, not only on content edits."""
        server.watch(config.theme.dirs[0])
        return server
