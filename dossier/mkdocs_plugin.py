"""The MkDocs adapter: `mkdocs build` and `mkdocs serve` from the same mkdocs.yml.

A thin plugin over the engine, keeping `build.py`'s promise that a failed build
leaves the previous site/ as it was:

- `on_pre_build`, which MkDocs runs before it empties site_dir, reads the dossier
  through the planner every command asks (see `cache.planner`; over the project's
  build cache unless the plugin's `cache` option is false, so a run that would fail
  as the last with the same inputs fails at once, and a run's diagnostics are kept
  for `build.py` to replay), renders every file in memory (MkDocs writes every
  file itself) and checks the links. A content error or a broken
  link stops the build there, with every problem logged, and site_dir untouched;
  so do warnings in strict mode. Other warnings, but for the codes of the
  plugin's `ignore` option, are logged as MkDocs warnings.
- `mkdocs build` then writes into a staging folder beside site_dir, not into
  site_dir itself, and `on_post_build` swaps it in with one rename (as
  `write.replacing_folder` does for `build.py`), unless MkDocs' strict mode has
  counted a warning, in which case the staging folder is thrown away.
- `on_files` replaces MkDocs' view of docs_dir (YAML records and notes are data,
  not pages) with the engine's rendered files.
- Under `mkdocs serve` (which builds into a temporary folder of its own) the pages'
  Content-Security-Policy lets MkDocs' inline live-reload script run, and template
  edits trigger rebuilds too.

Only this module imports MkDocs.
"""

from __future__ import annotations

import logging
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import BaseConfigOption, Config, ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files

from .build.read import require_project
from .build.site import render_site
from .cache.planner import Planner
from .core.codes import ignored_codes
from .core.diagnostics import DossierError
from .core.project import DEFAULT_PUBLISHED_COPY_BYTES, DEFAULT_TEMPLATES, Project
from .render.searchwords import SearchWords
from .render.theme import Theme
from .serve.preview import relax_policy
from .write.atomic import replacing_folder
from .write.linkcheck import check_links

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
    cache = config_options.Type(bool, default=True)
    """Read content through the project's build cache in .dossier-cache/, as `build.py` does."""
    archive_publish_max = config_options.Type((int, float), default=DEFAULT_PUBLISHED_COPY_BYTES / 1e6)
    """The largest archived copy (in MB) the site carries, as `build.py` reads it."""


class DossierPlugin(BasePlugin[DossierConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.serving = False
        self.rendered: dict[str, bytes] = {}
        self._publish: ExitStack | None = None
        self._warnings: _Counter | None = None
        self._words = SearchWords()
        """The words of the texts the last search index folded (`mkdocs serve` builds again and again)."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Build the whole site in memory before MkDocs touches site_dir; fail here, or not at all."""
        project = _project(config, self.config)
        theme = Theme.of(project.templates_dir)  # the project's templates over the built-in theme, as build.py
        try:  # the planner every command asks: a run that would fail as the last with these inputs fails at once
            with Planner.opened(project, log.info, enabled=bool(self.config.cache and config.config_file_path)) \
                    as planner:
                dossier, warnings = require_project(project, planner, config.strict)
            self._words = self._words.next()
            rendered = render_site(dossier, theme, words=self._words)
        except DossierError as exc:
            for diagnostic in exc.diagnostics:
                (log.error if diagnostic.severity == "error" else log.warning)(str(diagnostic))
            errors = sum(1 for d in exc.diagnostics if d.severity == "error")
            problems = f"{errors} error(s)" if errors else f"{len(exc.diagnostics)} warning(s) in strict mode"
            raise PluginError(f"{problems} in {project.content_dir}; {config.site_dir} is left as it was") from None
        for warning in warnings:
            log.warning(str(warning))
        broken = check_links(rendered)
        if broken:
            for link in broken:
                log.error(str(link))
            raise PluginError(f"{len(broken)} broken link(s); {config.site_dir} is left as it was")
        if self.serving:
            rendered = {path: relax_policy(data, inline_scripts=True) if path.endswith(".html") else data
                        for path, data in rendered.items()}
        else:
            self._stage(config)
        self.rendered = rendered

    def _stage(self, config: MkDocsConfig) -> None:
        """Point MkDocs at a staging folder; `on_post_build` publishes it, `on_build_error` drops it."""
        self._publish = ExitStack()
        site_dir = config.site_dir
        config.site_dir = str(self._publish.enter_context(replacing_folder(Path(site_dir))))
        self._publish.callback(setattr, config, "site_dir", site_dir)
        if config.strict:
            self._warnings = _Counter()
            logging.getLogger("mkdocs").addHandler(self._warnings)

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        generated = Files([])
        for path, data in self.rendered.items():
            generated.append(File.generated(config, path, content=data))
        self.rendered = {}
        return generated

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self._warnings is not None and self._warnings.count:
            error = PluginError(f"{self._warnings.count} warning(s) in strict mode; nothing was published")
            self._end(error)
            raise error
        self._end(None)

    def on_build_error(self, *, error: Exception) -> None:
        self._end(error)

    def _end(self, error: BaseException | None) -> None:
        """Publish the staged site, or throw it away if the build failed."""
        if self._warnings is not None:
            logging.getLogger("mkdocs").removeHandler(self._warnings)
            self._warnings = None
        publish, self._publish = self._publish, None
        if publish is None:
            return
        if error is None:
            publish.close()
        else:
            publish.__exit__(type(error), error, error.__traceback__)

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        """Rebuild on template edits too, not only on content edits."""
        custom_dir = _custom_dir(config)
        if custom_dir is not None and custom_dir.is_dir():
            server.watch(str(custom_dir))
        return server


class _Counter(logging.Handler):
    """Counts the warnings MkDocs logs, as its strict mode does, to know before it does."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _project(config: MkDocsConfig, plugin: DossierConfig) -> Project:
    """The project as this MkDocs run configures it: its folders, the warnings it ignores, its
    archive's publishing limit (`strict` is MkDocs' own, passed as the run has it)."""
    content_dir = Path(config.docs_dir)
    root = Path(config.config_file_path).parent if config.config_file_path else content_dir.parent
    custom_dir = _custom_dir(config)
    return Project(root, content_dir, custom_dir or root / DEFAULT_TEMPLATES, Path(config.site_dir), root / "dist",
                   ignore=plugin.ignore, strict=bool(config.strict),
                   publish_copies_up_to=int(plugin.archive_publish_max * 1e6))


def _custom_dir(config: MkDocsConfig) -> Path | None:
    """The project's templates: theme.custom_dir (MkDocs has checked that it exists), else its
    `templates/` (which need not exist: with none, the pages are the built-in theme's), as `build.py` reads them."""
    custom_dir = config.theme.custom_dir
    if custom_dir:
        return Path(custom_dir)
    return Path(config.config_file_path).parent / DEFAULT_TEMPLATES if config.config_file_path else None
