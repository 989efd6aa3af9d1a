"""The command line behind build.py and the installed `dossier` command: parses arguments,
runs the pipeline, prints diagnostics.

Exit codes: 0 success, 1 content errors (or warnings, with --strict), 2 usage
errors, 3 the output could not be written (a file-system error: permissions, a
full disk, a file where a folder should be). A user's mistake is printed as
diagnostics, never as a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .core.characters import printable
from .core.diagnostics import Diagnostic, DossierError, Pos, format_report
from .core.parallel import exit_now, run_once
from .core.progress import Progress
from .core.project import BUNDLE_NAME, Project, ProjectError, load_project
from .write.atomic import build_time

if TYPE_CHECKING:
    from .cache.builds import BuildCache

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_IO = 0, 1, 2, 3
EXIT_INTERRUPTED = 130


def _say(message: str) -> None:
    """Print for a person: whatever content a message quotes reaches the terminal escaped."""
    print(printable(message, keep_newlines=True), file=sys.stderr)


def cmd_validate(project: Project, args: argparse.Namespace) -> int:
    from .build.site import check_project
    from .cache.builds import BuildCache
    with BuildCache.opened(project, _say, enabled=not args.no_cache) as cache:
        _, found, (entities, events, sources) = check_project(project, cache, Progress.for_terminal())
        if cache is not None:
            cache.finish()
    errors = [d for d in found if d.severity == "error"]
    shown = [d for d in found if d.severity == "warning" and d.code not in project.ignore]
    report = format_report(errors + shown)
    if report:
        _say(report)
    _say(f"{len(errors)} error(s), {len(shown)} warning(s){_STRICT if args.strict and shown else ''} "
         f"in {entities} entities, {events} events, {sources} source(s)")
    return EXIT_CONTENT if errors or (args.strict and shown) else EXIT_OK


_STRICT = " (--strict: warnings fail the run)"


def cmd_build(project: Project, args: argparse.Namespace) -> int:
    from .build.bundle import write_bundle
    from .build.site import build_site
    from .cache.builds import BuildCache
    from .core.project import BUNDLE_NAME
    started = time.perf_counter()
    with BuildCache.opened(project, _say, enabled=not args.no_cache) as cache:
        with _abandoned_on_failure(cache):
            result = build_site(project, jobs=args.jobs, strict=args.strict, progress=Progress.for_terminal(),
                                cache=cache)
            for warning in result.warnings:
                _say(str(warning))
            pages = sum(1 for p in result.paths if p.endswith(".html"))
            if result.changed:
                _say(f"built {pages} pages into {project.site_dir} in {time.perf_counter() - started:.2f}s")
            else:
                _say(f"nothing changed: {project.site_dir} is up to date ({pages} pages; "
                     f"checked in {time.perf_counter() - started:.2f}s)")
            if args.bundle:
                folder, archive = project.dist_dir / BUNDLE_NAME, project.dist_dir / f"{BUNDLE_NAME}.zip"
                if cache is None or result.changed or not cache.bundle_unchanged():
                    folder, archive = write_bundle(project.site_dir, project.dist_dir, on_wait=_say)
                    if cache is not None:
                        cache.bundled()
                    _say(f"offline bundle: {folder} and {archive}")
                else:
                    _say(f"offline bundle: {folder} and {archive} are up to date")
            if cache is not None:
                cache.finish()
    return EXIT_OK


def cmd_bundle(project: Project, args: argparse.Namespace) -> int:
    from .build.bundle import build_bundle
    from .cache.builds import BuildCache
    with BuildCache.opened(project, _say, enabled=not args.no_cache) as cache:
        with _abandoned_on_failure(cache):
            result, folder, archive = build_bundle(project, jobs=args.jobs, strict=args.strict, on_wait=_say,
                                                   progress=Progress.for_terminal(), cache=cache)
            if cache is not None:
                cache.finish()
    for warning in result.warnings:
        _say(str(warning))
    _say(f"offline bundle: {folder} and {archive}")
    return EXIT_OK


def cmd_export(project: Project, args: argparse.Namespace) -> int:
    from .build.site import export_data
    folder = Path(args.out).resolve() if args.out else project.dist_dir / "data"
    result = export_data(project, folder)
    for warning in result.warnings:
        _say(str(warning))
    _say(f"exported {len(result.paths)} data files into {folder}")
    return EXIT_OK


def cmd_schema(project: Project, args: argparse.Namespace) -> int:
    from .export.recordschema import write_schema_folder
    paths = write_schema_folder(project.root)
    _say(f"wrote the record schema ({len(paths)} files) into {project.root / paths[0].split('/')[0]}")
    return EXIT_OK


@contextmanager
def _abandoned_on_failure(cache: BuildCache | None) -> Iterator[None]:
    """A run that fails (content errors, a full disk) still keeps in the cache what it learnt."""
    try:
        yield
    except (DossierError, OSError):
        if cache is not None:
            cache.abandon()
        raise


def cmd_clean(project: Project, args: argparse.Namespace) -> int:
    from .cache.builds import clean_project
    removed = clean_project(project)
    _say(f"removed {', '.join(removed)}" if removed else "nothing to remove")
    return EXIT_OK


def cmd_serve(project: Project, args: argparse.Namespace) -> int:
    from .serve.server import serve
    return serve(project, args.host, args.port, cache=not args.no_cache)


def cmd_new(project_dir: Path, prog: str = "build.py") -> int:
    from .scaffold import ScaffoldError, create_project
    try:
        create_project(project_dir)
    except ScaffoldError as exc:
        _say(f"error: {exc}")
        return EXIT_USAGE
    _say(f"created a new dossier in {project_dir}; build it with: {prog} --project {project_dir} build")
    return EXIT_OK


def _warn_of_outdated_schema(project: Project) -> None:
    """A project made by `new` keeps the record schema for its editors; say so when it is not this engine's."""
    from .export.recordschema import outdated_schema_files
    for path in outdated_schema_files(project.root):
        if "schema.outdated" not in project.ignore:
            _say(str(Diagnostic(Pos(path), "warning", "not the record schema of this version of dossier, so "
                                "editors would check records against another format; `build.py schema` "
                                "rewrites it", "schema.outdated")))


def make_parser(prog: str = "build.py") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog,
                                     description="Build a dossier site from YAML records and Markdown notes.")
    parser.add_argument("--project", default=".", help="the project folder, holding mkdocs.yml (default: .)")
    # The common options are accepted after the command too (`build --project x`), as git and
    # mkdocs users expect; there, SUPPRESS keeps an absent option from hiding one given before.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--project", default=argparse.SUPPRESS, help="the project folder, holding mkdocs.yml")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    validate = sub.add_parser("validate", parents=[common], help="check the content and report every problem")
    build = sub.add_parser("build", parents=[common], help="validate, then write site/ (atomically)")
    build.add_argument("--bundle", action="store_true", help="also write the offline bundle to dist/")
    bundle = sub.add_parser("bundle", parents=[common], help="write the offline bundle (a folder and a zip) to dist/")
    for p in (build, bundle):
        p.add_argument("--jobs", type=int, default=None,
                       help="worker processes (default: one per core for large sites)")
    for p in (validate, build, bundle):
        p.add_argument("--strict", action="store_true",
                       help="warnings fail the run (exit 1, nothing written), except the codes the "
                            "dossier plugin's `ignore` option in mkdocs.yml lists")
    export = sub.add_parser("export", parents=[common],
                            help="validate, then write the data files alone (atomically) to dist/data/")
    export.add_argument("--out", default=None, help="the folder to write instead of dist/data/ (replaced whole)")
    sub.add_parser("schema", parents=[common],
                   help="write the JSON Schema of the record format into the project's schema/ folder")
    serve = sub.add_parser("serve", parents=[common],
                           help="preview on http://127.0.0.1:8000, reloading pages as files change")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    for p in (validate, build, bundle, serve):
        p.add_argument("--no-cache", action="store_true",
                       help="neither read nor update the build cache in .dossier-cache/ (the output is the same)")
    sub.add_parser("clean", parents=[common], help="remove site/, dist/ and the build cache")
    new = sub.add_parser("new", help="create a dossier project with one example record of each kind, "
                                     "which builds as it is")
    new.add_argument("path", type=Path)
    return parser


COMMANDS: dict[str, Callable[[Project, argparse.Namespace], int]] = {
    "validate": cmd_validate, "build": cmd_build, "bundle": cmd_bundle, "serve": cmd_serve,
    "export": cmd_export, "schema": cmd_schema, "clean": cmd_clean,
}


def main(argv: list[str], prog: str = "build.py") -> int:
    parser = make_parser(prog)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_OK if exc.code == 0 else EXIT_USAGE
    if args.command == "new":
        return cmd_new(args.path, prog)
    try:
        build_time()
    except ValueError as exc:
        _say(f"error: {exc}")
        return EXIT_USAGE
    if args.command != "serve":
        run_once()
    outputs = Outputs()
    try:
        project = load_project(args.project)
        outputs = Outputs.of(project, args)
        if args.command in ("validate", "build", "bundle", "export"):
            _warn_of_outdated_schema(project)
        return COMMANDS[args.command](project, args)
    except ProjectError as exc:
        _say(f"error: {exc}")  # a YAML error of mkdocs.yml keeps its lines; _say escapes the rest
        return EXIT_USAGE
    except DossierError as exc:
        _say(format_report(exc.diagnostics))
        errors = sum(1 for d in exc.diagnostics if d.severity == "error")
        if errors or not getattr(args, "strict", False):
            _say(f"{errors} error(s); nothing was written")
        else:
            _say(f"{len(exc.diagnostics)} warning(s){_STRICT}; nothing was written")
        return EXIT_CONTENT
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        _say(printable(f"error: file-system error: {where}{exc.strerror or exc}") + outputs.report())
        return EXIT_IO
    except KeyboardInterrupt:
        _say("interrupted" + outputs.report())
        return EXIT_INTERRUPTED


@dataclass
class Outputs:
    """The outputs a command replaces, as found before it ran: a failed or interrupted run then says
    exactly which it replaced. Each is replaced by a rename, so a new file or folder is a new inode."""

    paths: dict[Path, tuple[int, int] | None] = field(default_factory=dict)
    root: Path = Path()

    @classmethod
    def of(cls, project: Project, args: argparse.Namespace) -> Outputs:
        paths: list[Path] = [project.site_dir] if args.command == "build" else []
        if args.command == "bundle" or getattr(args, "bundle", False):
            paths += [project.dist_dir / BUNDLE_NAME, project.dist_dir / f"{BUNDLE_NAME}.zip"]
        return cls({path: _identity(path) for path in paths}, project.root)

    def report(self) -> str:
        """'. Replaced: site/; left as they were: dist/...', or '' for a command that writes nothing."""
        if not self.paths:
            return ""
        replaced = [self._name(p) for p, before in self.paths.items() if _identity(p) != before]
        kept = [self._name(p) for p, before in self.paths.items() if _identity(p) == before]
        parts = ([f"Replaced: {', '.join(replaced)}"] if replaced else ["Nothing was replaced"]) + (
            [f"left as {'it was' if len(kept) == 1 else 'they were'}: {', '.join(kept)}"] if kept else [])
        return ". " + "; ".join(parts)

    def _name(self, path: Path) -> str:
        try:
            name = path.relative_to(self.root).as_posix()
        except ValueError:
            name = str(path)
        return name + ("/" if path.suffix != ".zip" else "")


def _identity(path: Path) -> tuple[int, int] | None:
    """The device and inode at `path`, or None if nothing is there."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def run() -> None:
    """The installed `dossier` command. Like build.py, it exits at once when done: every file is
    written and closed by then, and freeing a large model object by object takes over a second."""
    exit_now(main(sys.argv[1:], prog="dossier"))
