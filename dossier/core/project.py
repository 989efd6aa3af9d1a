"""Project: where a dossier's content, templates and output live, read from its mkdocs.yml.

One config serves both ways of building: `build.py` and `mkdocs build` read the
same `docs_dir` (the content), `site_dir` and the project's templates, which overlay
the built-in theme: `theme.custom_dir`, which must exist (MkDocs refuses it otherwise),
or else `templates/`, which need not; and the same `strict` (MkDocs' own setting: warnings
fail the run), so both give one verdict on one project.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .codes import ignored_codes

ARCHIVE_FOLDER = "archive"
"""The project's folder of captured copies, beside its content folder's mkdocs.yml."""
CONFIG_FILE = "mkdocs.yml"
DEFAULT_PUBLISHED_COPY_BYTES = 20 * 1000 * 1000
DEFAULT_TEMPLATES = "templates"
"""The project's templates folder when mkdocs.yml names none (`theme: name: dossier`); it need not exist."""
RELEASES_FOLDER = "releases"
"""The dossier's releases, in the project folder (`dossier release NAME`)."""
BUNDLE_NAME = "dossier-offline"
"""The offline bundle is dist/dossier-offline/ and dist/dossier-offline.zip."""
PACKAGE_DIR = Path(__file__).resolve().parent.parent
"""The dossier package folder (the wheel's theme/ sits in it, the checkout's templates/ beside it)."""


def builtin_theme_dir() -> Path:
    """The built-in theme: in the package when installed from a wheel, else the checkout's templates/
    (here, not in `render.theme`, so that a run that finds nothing to render does not load Jinja)."""
    for folder in (PACKAGE_DIR / "theme", PACKAGE_DIR.parent / "templates"):
        if (folder / "base.html").is_file():
            return folder
    raise FileNotFoundError(f"the built-in theme is missing: no base.html in {PACKAGE_DIR / 'theme'} "
                            f"or {PACKAGE_DIR.parent / 'templates'}; reinstall dossier")


class ProjectError(Exception):
    """The project folder or its mkdocs.yml cannot be used (a usage error, exit 2)."""


@dataclass(frozen=True)
class Project:
    root: Path
    content_dir: Path
    templates_dir: Path
    """The project's own templates, over the built-in theme (see theme.py); it need not exist."""
    site_dir: Path
    dist_dir: Path
    ignore: frozenset[str] = frozenset()
    """Warning codes not to print nor count under --strict: the dossier plugin's `ignore` option."""
    strict: bool = False
    """Whether warnings fail a run: mkdocs.yml's `strict`, as `mkdocs build` reads it (`--strict` and
    `--no-strict` override it for one run, as they do for MkDocs)."""
    publish_copies_up_to: int = DEFAULT_PUBLISHED_COPY_BYTES
    """The largest archived copy the site and the offline bundle carry, in bytes: the dossier plugin's
    `archive_publish_max` option (in MB). A larger copy stays in the project; its source page says so."""

    @property
    def archive_dir(self) -> Path:
        """The captured copies of sources: `archive/` in the project folder (see `core.archive`)."""
        return self.root / ARCHIVE_FOLDER

    @property
    def releases_dir(self) -> Path:
        """The dossier's releases: `releases/` in the project folder (see `core.releasefile`)."""
        return self.root / RELEASES_FOLDER


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, tolerating MkDocs' own tags such as !ENV."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def load_project(root: Path | str = ".") -> Project:
    root = Path(root).resolve()
    config_path = root / CONFIG_FILE
    if not config_path.is_file():
        raise ProjectError(f"{config_path}: not found; run from a dossier project or pass --project DIR "
                           "(`dossier new DIR` or `build.py new DIR` makes one)")
    if config_path.stat().st_size > MAX_CONFIG_BYTES:
        raise ProjectError(f"{config_path}: over {MAX_CONFIG_BYTES:,} bytes; this is not a site configuration")
    try:
        config = yaml.load(config_path.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError) as exc:
        raise ProjectError(f"{config_path}: cannot read: {exc}") from None
    if not isinstance(config, dict):
        raise ProjectError(f"{config_path}: expected a mapping of settings")
    theme = config.get("theme")
    if not isinstance(theme, dict):
        theme = {}
    project = Project(
        root=root,
        content_dir=root / _folder(config_path, "docs_dir", config.get("docs_dir", "content")),
        templates_dir=root / _folder(config_path, "theme.custom_dir", theme.get("custom_dir", DEFAULT_TEMPLATES)),
        site_dir=root / _folder(config_path, "site_dir", config.get("site_dir", "site")),
        dist_dir=root / "dist",
        ignore=_ignored(config_path, config.get("plugins")),
        publish_copies_up_to=_publish_limit(config_path, config.get("plugins")),
        strict=_strict(config_path, config.get("strict", False)),
    )
    if not project.content_dir.is_dir():
        raise ProjectError(f"{config_path}: docs_dir is '{config.get('docs_dir', 'content')}', "
                           f"but {project.content_dir} is not a folder")
    if "custom_dir" in theme and not project.templates_dir.is_dir():  # as MkDocs refuses it
        raise ProjectError(f"{config_path}: theme.custom_dir is '{theme['custom_dir']}', but "
                           f"{project.templates_dir} is not a folder; create it, or write `theme: name: dossier` "
                           f"without custom_dir, which uses {DEFAULT_TEMPLATES}/ when it exists and the built-in "
                           "theme alone when it does not")
    return project


MAX_CONFIG_BYTES = 1024 * 1024


PLUGIN_NAME = "dossier"


def _plugin_options(plugins: object) -> dict[str, object]:
    """The dossier plugin's options, in either of MkDocs' spellings of `plugins`: a list of names
    and {name: options} mappings, or one mapping of names to options."""
    if isinstance(plugins, list):
        entries = [entry for entry in plugins if isinstance(entry, dict)]
    else:
        entries = [plugins] if isinstance(plugins, dict) else []
    options = next((entry[PLUGIN_NAME] for entry in entries if PLUGIN_NAME in entry), None)
    return options if isinstance(options, dict) else {}


def _publish_limit(config_path: Path, plugins: object) -> int:
    """The `archive_publish_max` option of the dossier plugin, in MB (decimal), as bytes."""
    value = _plugin_options(plugins).get("archive_publish_max")
    if value is None:
        return DEFAULT_PUBLISHED_COPY_BYTES
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ProjectError(f"{config_path}: plugins: {PLUGIN_NAME}: archive_publish_max: expected a number of "
                           f"megabytes (0 publishes no copy), found {value!r}")
    return int(value * 1000 * 1000)


def _ignored(config_path: Path, plugins: object) -> frozenset[str]:
    """The `ignore` option of the dossier plugin."""
    options = _plugin_options(plugins)
    if not options:
        return frozenset()
    try:
        return ignored_codes(options.get("ignore"))
    except ValueError as exc:
        raise ProjectError(f"{config_path}: plugins: {PLUGIN_NAME}: ignore: {exc}") from None


def _strict(config_path: Path, value: object) -> bool:
    """mkdocs.yml's `strict`: true or false, as MkDocs takes it."""
    if not isinstance(value, bool):
        raise ProjectError(f"{config_path}: strict must be true or false, found {type(value).__name__}")
    return value


def _folder(config_path: Path, key: str, value: object) -> str:
    """A folder setting: plain text, never a list or mapping (whose text could be enormous)."""
    if not isinstance(value, str) or not value.strip():
        raise ProjectError(f"{config_path}: {key} must be a folder name, found {type(value).__name__}")
    return value
