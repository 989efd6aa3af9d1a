"""The command line behind build.py: parses arguments, runs the pipeline, prints diagnostics.

Exit codes: 0 success, 1 content errors, 2 usage errors, 3 the output could
not be written (a file-system error: permissions, a full disk, a file where a
folder should be). A user's mistake is printed as diagnostics, never as a
traceback.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from .diagnostics import DossierError, format_report
from .parallel import run_once
from .project import Project, ProjectError, load_project
from .write import build_time

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_IO = 0, 1, 2, 3


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def cmd_validate(project: Project, args: argparse.Namespace) -> int:
    from .site import read_dossier
    dossier, diagnostics = read_dossier(project.content_dir)
    report = format_report(diagnostics.errors + diagnostics.warnings)
    if report:
        _say(report)
    errors, warnings = len(diagnostics.errors), len(diagnostics.warnings)
    _say(f"{errors} error(s), {warnings} warning(s) in {len(dossier.entities)} entities, "
         f"{len(dossier.events)} events, {len(dossier.sources)} source(s)")
    return EXIT_CONTENT if errors else EXIT_OK


def cmd_build(project: Project, args: argparse.Namespace) -> int:
    from .bundle import write_bundle
    from .site import build_site
    started = time.perf_counter()
    result = build_site(project, jobs=args.jobs)
    for warning in result.warnings:
        _say(str(warning))
    pages = sum(1 for p in result.paths if p.endswith(".html"))
    _say(f"built {pages} pages into {project.site_dir} in {time.perf_counter() - started:.2f}s")
    if args.bundle:
        folder, archive = write_bundle(project.site_dir, project.dist_dir)
        _say(f"offline bundle: {folder} and {archive}")
    return EXIT_OK


def cmd_bundle(project: Project, args: argparse.Namespace) -> int:
    from .bundle import build_bundle
    result, folder, archive = build_bundle(project, jobs=args.jobs)
    for warning in result.warnings:
        _say(str(warning))
    _say(f"offline bundle: {folder} and {archive}")
    return EXIT_OK


def cmd_export(project: Project, args: argparse.Namespace) -> int:
    from .site import export_data
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


def cmd_serve(project: Project, args: argparse.Namespace) -> int:
    from .serve import serve
    return serve(project, args.host, args.port)


def cmd_new(project_dir: Path) -> int:
    from .scaffold import ScaffoldError, create_project
    try:
        create_project(project_dir, Path(__file__).resolve().parent.parent / "templates")
    except ScaffoldError as exc:
        _say(f"error: {exc}")
        return EXIT_USAGE
    _say(f"created a new dossier in {project_dir}; build it with: build.py --project {project_dir} build")
    return EXIT_OK


def _warn_of_outdated_schema(project: Project) -> None:
    """A project made by `new` keeps the record schema for its editors; say so when it is not this engine's."""
    from .export.recordschema import outdated_schema_files
    for path in outdated_schema_files(project.root):
        _say(f"{path}: warning: not the record schema of this version of dossier, so editors would check "
             "records against another format; `build.py schema` rewrites it [schema.outdated]")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="build.py",
                                     description="Build a dossier site from YAML records and Markdown notes.")
    parser.add_argument("--project", default=".", help="the project folder, holding mkdocs.yml (default: .)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sub.add_parser("validate", help="check the content and report every problem")
    build = sub.add_parser("build", help="validate, then write site/ (atomically)")
    build.add_argument("--bundle", action="store_true", help="also write the offline bundle to dist/")
    bundle = sub.add_parser("bundle", help="write the offline bundle (a folder and a zip) to dist/")
    for p in (build, bundle):
        p.add_argument("--jobs", type=int, default=None,
                       help="worker processes (default: one per core for large sites)")
    export = sub.add_parser("export", help="validate, then write the data files alone (atomically) to dist/data/")
    export.add_argument("--out", default=None, help="the folder to write instead of dist/data/ (replaced whole)")
    sub.add_parser("schema", help="write the JSON Schema of the record format into the project's schema/ folder")
    serve = sub.add_parser("serve", help="preview on http://127.0.0.1:8000, rebuilding pages as files change")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    new = sub.add_parser("new", help="create an empty dossier project that builds as it is")
    new.add_argument("path", type=Path)
    return parser


COMMANDS: dict[str, Callable[[Project, argparse.Namespace], int]] = {
    "validate": cmd_validate, "build": cmd_build, "bundle": cmd_bundle, "serve": cmd_serve,
    "export": cmd_export, "schema": cmd_schema,
}


def main(argv: list[str]) -> int:
    parser = make_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_OK if exc.code == 0 else EXIT_USAGE
    if args.command == "new":
        return cmd_new(args.path)
    try:
        build_time()
    except ValueError as exc:
        _say(f"error: {exc}")
        return EXIT_USAGE
    if args.command != "serve":
        run_once()
    try:
        project = load_project(args.project)
        if args.command in ("validate", "build", "bundle", "export"):
            _warn_of_outdated_schema(project)
        return COMMANDS[args.command](project, args)
    except ProjectError as exc:
        _say(f"error: {exc}")
        return EXIT_USAGE
    except DossierError as exc:
        _say(format_report(exc.diagnostics))
        errors = sum(1 for d in exc.diagnostics if d.severity == "error")
        _say(f"{errors} error(s); nothing was written")
        return EXIT_CONTENT
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        _say(f"error: file-system error: {where}{exc.strerror or exc}. The previous output is as it was")
        return EXIT_IO
    except KeyboardInterrupt:
        return 130
