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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .core.characters import printable
from .core.diagnostics import Diagnostic, DossierError, Pos, format_report
from .core.parallel import exit_now, run_once
from .core.progress import Progress
from .core.project import BUNDLE_NAME, Project, ProjectError, load_project
from .core.timings import timed, write_timings
from .write.atomic import build_time, published_here

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_IO = 0, 1, 2, 3
EXIT_INTERRUPTED = 130


def _say(message: str) -> None:
    """Print for a person: whatever content a message quotes reaches the terminal escaped."""
    print(printable(message, keep_newlines=True), file=sys.stderr)


def cmd_validate(project: Project, args: argparse.Namespace) -> int:
    from .cache.planner import Planner
    with Planner.opened(project, _say, enabled=not args.no_cache) as planner:
        replayed = planner.replay()  # the last run's findings, if it read these very inputs
        if replayed is None:
            from .build.read import check_project  # every stage: imported only when they must run
            _, found, counts = check_project(project, planner, Progress.for_terminal(), numbered=False)
        else:
            found, counts = replayed.diagnostics, replayed.counts
    entities, events, sources = counts
    errors = [d for d in found if d.severity == "error"]
    shown = [d for d in found if d.severity == "warning" and d.code not in project.ignore]
    report = format_report(errors + shown)
    if report:
        _say(report)
    _say(f"{len(errors)} error(s), {len(shown)} warning(s){_strict_words(args) if args.strict and shown else ''} "
         f"in {entities} entities, {events} events, {sources} source(s)")
    return EXIT_CONTENT if errors or (args.strict and shown) else EXIT_OK


def _strict_words(args: argparse.Namespace) -> str:
    """Why warnings fail this run: the option given, or the project's setting."""
    return f" ({args.strict_by}: warnings fail the run)"


def _settle_strict(project: Project, args: argparse.Namespace) -> None:
    """Strict or not, as `mkdocs build` would be: --strict or --no-strict if given, else mkdocs.yml's `strict`."""
    if not hasattr(args, "strict"):
        return
    if args.strict is None:
        args.strict, args.strict_by = project.strict, "strict: true in mkdocs.yml"
    else:
        args.strict_by = "--strict"


def cmd_build(project: Project, args: argparse.Namespace) -> int:
    from .build.publish import build_site
    from .cache.planner import Planner
    from .core.project import BUNDLE_NAME
    started = time.perf_counter()
    with Planner.opened(project, _say, enabled=not args.no_cache) as planner:
        result = build_site(project, jobs=args.jobs, strict=args.strict, progress=Progress.for_terminal(),
                            planner=planner)
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
            if result.changed or not planner.bundle_unchanged():
                from .build.bundle import write_bundle
                with timed("bundling"):
                    folder, archive, zipped = write_bundle(project.site_dir, project.dist_dir, on_wait=_say,
                                                           known=planner.zipped())
                planner.bundled(zipped)
                _say(f"offline bundle: {folder} and {archive}")
            else:
                _say(f"offline bundle: {folder} and {archive} are up to date")
    return EXIT_OK


def cmd_bundle(project: Project, args: argparse.Namespace) -> int:
    from .build.bundle import build_bundle
    from .cache.planner import Planner
    with Planner.opened(project, _say, enabled=not args.no_cache) as planner:
        result, folder, archive = build_bundle(project, jobs=args.jobs, strict=args.strict, on_wait=_say,
                                               progress=Progress.for_terminal(), planner=planner)
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


def cmd_release(project: Project, args: argparse.Namespace) -> int:
    from .build.release import make_release
    from .cache.planner import Planner
    with Planner.opened(project, _say, enabled=not args.no_cache) as planner:
        made = make_release(project, args.name, args.note or "", planner)
    for warning in made.warnings:
        _say(str(warning))
    _say(f"release {made.sequence}, '{args.name}': {made.path}, {made.statements} statements of "
         f"{made.records} records; build the site to publish its changes")
    return EXIT_OK


def cmd_schema(project: Project, args: argparse.Namespace) -> int:
    from .export.recordschema import write_schema_folder
    paths = write_schema_folder(project.root)
    _say(f"wrote the record schema ({len(paths)} files) into {project.root / paths[0].split('/')[0]}")
    return EXIT_OK


def cmd_add_source(project: Project, args: argparse.Namespace) -> int:
    from .capture.add import CaptureError, add_source
    try:
        added = add_source(project, args.target, args.id, args.timeout, _bytes(args.max_mb))
    except CaptureError as exc:
        _say(f"error: {exc}")
        return EXIT_CONTENT
    rel = added.record.relative_to(project.root).as_posix()
    if not added.new:
        _say(f"{args.target} is already captured as source '{added.source_id}' ({rel}); nothing was written")
        return EXIT_OK
    _say(f"captured {args.target} as source '{added.source_id}': {rel}, and its copy in "
         f"{added.archive.relative_to(project.root).as_posix()}/. Check {', '.join(added.unchecked)} against "
         f"the copy (they are listed under `unchecked`), then cite it: {_prog(args)} cite {added.source_id} \"WORDS\"")
    return EXIT_OK


def cmd_cite(project: Project, args: argparse.Namespace) -> int:
    from .capture.cite import CiteError, find_words
    try:
        found = find_words(project, args.source, " ".join(args.words))
    except CiteError as exc:
        _say(f"error: {exc}")
        return EXIT_USAGE
    _say(found.message)
    for i, (where, block) in enumerate(found.citations):
        if len(found.citations) > 1:
            print(f"{chr(10) if i else ''}# {printable(where)}")
        if block:
            print(printable(block, keep_newlines=True), end="")
    return EXIT_OK if found.ok else EXIT_CONTENT


def cmd_check_sources(project: Project, args: argparse.Namespace) -> int:
    from .capture.check import check_sources
    results, missing = check_sources(project, args.sources or None, args.timeout, _bytes(args.max_mb))
    for name in missing:
        _say(f"error: '{name}' is not a source with a url")
    if missing:
        return EXIT_USAGE
    code = 0
    for result in results:
        _say(f"{result.state:9} {result.source_id}: {result.detail}"
             + (f"; {len(result.lost)} of {result.cited} cited quote(s) no longer found:" if result.lost else ""))
        for cite in result.lost:
            _say(f"          - \"{cite.quote}\" (cited at {cite.pos})")
        code |= result.bits
    _say(f"checked {len(results)} source(s)" + ("" if code else ": every one answers as captured"))
    return code


def _bytes(megabytes: float) -> int:
    return int(megabytes * 1000 * 1000)


def _prog(args: argparse.Namespace) -> str:
    return getattr(args, "prog", "build.py")


def cmd_clean(project: Project, args: argparse.Namespace) -> int:
    from .cache.planner import clean_project
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
                       help="processes that render, this one included (default: one per core for large sites)")
    for p in (validate, build, bundle):
        p.add_argument("--strict", action=argparse.BooleanOptionalAction, default=None,
                       help="warnings fail the run (exit 1, nothing written), except the codes the dossier "
                            "plugin's `ignore` option lists; --no-strict: they do not. Default: mkdocs.yml's "
                            "`strict`, as `mkdocs build` reads it")
    export = sub.add_parser("export", parents=[common],
                            help="validate, then write the data files alone (atomically) to dist/data/")
    export.add_argument("--out", default=None, help="the folder to write instead of dist/data/ (replaced whole)")
    release = sub.add_parser("release", parents=[common],
                             help="record a release: every statement as it stands, in releases/NAME.jsonl.gz "
                                  "(never rewritten), so the site shows what changed since")
    release.add_argument("name", help="the release's name: letters, digits, '.', '_' and '-' (e.g. 2025-03, v1.2)")
    release.add_argument("--note", default=None, help="a line saying what the release is")
    sub.add_parser("schema", parents=[common],
                   help="write the JSON Schema of the record format into the project's schema/ folder")
    serve = sub.add_parser("serve", parents=[common],
                           help="preview on http://127.0.0.1:8000, reloading pages as files change")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    for p in (validate, build, bundle, serve, release):
        p.add_argument("--no-cache", action="store_true",
                       help="neither read nor update the build cache in .dossier-cache/ (the output is the same)")
    sub.add_parser("clean", parents=[common], help="remove site/, dist/ and the build cache")
    add = sub.add_parser("add-source", parents=[common],
                         help="capture a web page (URL) or read a file (HTML, PDF, text) into a new source, "
                              "its copy archived (uses the network)")
    add.add_argument("target", help="an http:// or https:// address, or a file")
    add.add_argument("--id", default=None, help="the new source's id (default: made from its title)")
    cite = sub.add_parser("cite", parents=[common],
                          help="find words in a source's text and print the citation to paste")
    cite.add_argument("source", help="the source's id")
    cite.add_argument("words", nargs="+", help="the words to cite (quote them in the shell)")
    check = sub.add_parser("check-sources", parents=[common],
                           help="fetch each source's url again: gone, changed, cited quotes lost (uses the network)")
    check.add_argument("sources", nargs="*", help="the ids of the sources to check (default: all with a url)")
    for p in (add, check):
        p.add_argument("--timeout", type=float, default=30.0, help="seconds allowed for each page (default: 30)")
        p.add_argument("--max-mb", type=float, default=20.0,
                       help="the largest page or file accepted, in megabytes (default: 20)")
    new = sub.add_parser("new", help="create a dossier project with one example record of each kind, "
                                     "which builds as it is")
    new.add_argument("path", type=Path)
    return parser


COMMANDS: dict[str, Callable[[Project, argparse.Namespace], int]] = {
    "validate": cmd_validate, "build": cmd_build, "bundle": cmd_bundle, "serve": cmd_serve,
    "export": cmd_export, "release": cmd_release, "schema": cmd_schema, "clean": cmd_clean,
    "add-source": cmd_add_source, "cite": cmd_cite, "check-sources": cmd_check_sources,
}


def main(argv: list[str], prog: str = "build.py") -> int:
    parser = make_parser(prog)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_OK if exc.code == 0 else EXIT_USAGE
    args.prog = prog
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
        _settle_strict(project, args)
        outputs = Outputs.of(project, args)
        if args.command in ("validate", "build", "bundle", "export", "release"):
            _warn_of_outdated_schema(project)
        with timed(args.command):
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
            _say(f"{len(exc.diagnostics)} warning(s){_strict_words(args)}; nothing was written")
        return EXIT_CONTENT
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        _say(printable(f"error: file-system error: {where}{exc.strerror or exc}") + outputs.report())
        return EXIT_IO
    except KeyboardInterrupt:
        _say("interrupted" + outputs.report())
        return EXIT_INTERRUPTED
    finally:
        write_timings()


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
        """'. Replaced: site/; left as they were: dist/...', or '' for a command that writes nothing.

        An output this run did not publish but found changed was replaced by another build of
        the project running at once, and is said to be: this run did not replace it."""
        if not self.paths:
            return ""
        replaced: list[str] = []
        kept: list[str] = []
        others: list[str] = []
        for path, before in self.paths.items():
            mine = published_here(path) is not None
            (replaced if mine else kept if _identity(path) == before else others).append(self._name(path))
        parts = ([f"Replaced: {', '.join(replaced)}"] if replaced else ["Nothing was replaced"]) + (
            [f"left as {'it was' if len(kept) == 1 else 'they were'}: {', '.join(kept)}"] if kept else []) + (
            [f"another build replaced {', '.join(others)} meanwhile"] if others else [])
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
