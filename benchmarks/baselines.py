"""Baseline build times: MkDocs and Hugo on the same synthetic Markdown corpus.

A build time for dossier means little alone; these give it two yardsticks, a
Python generator (MkDocs, pinned in requirements.txt) and a compiled one
(Hugo, from the system). Both get minimal configurations so that what is timed
is mostly Markdown rendering and page writing:

- MkDocs: built-in ``mkdocs`` theme, ``use_directory_urls: false``, a nav of
  three entries (every page renders the nav, so a full nav would make the
  build quadratic), default plugins (that is, search).
- Hugo: our own four-template theme in ``benchmarks/hugo-theme/``,
  ``uglyURLs`` so pages land at ``page-00042.html`` like MkDocs', the same
  three pages as a menu, a link render hook so the corpus' ``.md`` links
  resolve, default outputs (RSS, sitemap).

Each figure is the median wall-clock time of ``runs`` builds of the whole
command (process start included), the output folder deleted before each run
and the deletion not timed. Hugo uses every core; MkDocs uses one.

    python -m benchmarks.baselines --sizes 1000 10000 --runs 3
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

from benchmarks.markdown_corpus import generate, page_name

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
HUGO_THEME = BENCH_DIR / "hugo-theme"
DEFAULT_WORKDIR = BENCH_DIR / ".work"


def _mkdocs_exe() -> str:
    venv = REPO / ".venv" / "bin" / "mkdocs"
    return str(venv) if venv.exists() else _which("mkdocs")


def _which(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise FileNotFoundError(f"{name} not found on PATH")
    return path


def as_installed(env: Mapping[str, str]) -> dict[str, str]:
    """The environment for a timed command, with Python's compiled bytecode kept as an installed
    package keeps it: an environment that forbids writing it adds compiling every module to each
    run (about 0.15 s for dossier), which no installed copy pays."""
    return {name: value for name, value in env.items() if name != "PYTHONDONTWRITEBYTECODE"}


def _run(cmd: list[str], cwd: Path | None = None) -> str:
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=as_installed(os.environ))
    if done.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return done.stdout


def _median_seconds(cmd: list[str], output_dir: Path, runs: int) -> float:
    times = []
    for _ in range(runs):
        shutil.rmtree(output_dir, ignore_errors=True)
        start = time.perf_counter()
        _run(cmd)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _fresh(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def mkdocs_build_seconds(n: int, workdir: Path | str = DEFAULT_WORKDIR, runs: int = 3) -> float:
    """Median seconds of ``mkdocs build`` over an ``n``-page corpus."""
    site = _fresh(Path(workdir).resolve() / f"mkdocs-{n}")
    generate(n, site / "docs")
    nav = "".join(f"  - {page_name(i)}\n" for i in range(min(3, n)))
    (site / "mkdocs.yml").write_text(
        "site_name: Benchmark\n"
        "use_directory_urls: false\n"
        "theme:\n  name: mkdocs\n"
        f"nav:\n{nav}",
        encoding="utf-8",
    )
    cmd = [_mkdocs_exe(), "build", "--quiet", "--config-file", str(site / "mkdocs.yml")]
    return _median_seconds(cmd, site / "site", runs)


def hugo_build_seconds(n: int, workdir: Path | str = DEFAULT_WORKDIR, runs: int = 3) -> float:
    """Median seconds of ``hugo --quiet`` over an ``n``-page corpus."""
    site = _fresh(Path(workdir).resolve() / f"hugo-{n}")
    generate(n, site / "content")
    menu = "".join(
        f'[[menu.main]]\nidentifier = "p{i}"\npageRef = "{page_name(i)}"\n' for i in range(min(3, n))
    )
    (site / "hugo.toml").write_text(
        'baseURL = "/"\n'
        'title = "Benchmark"\n'
        "uglyURLs = true\n"
        f'themesDir = "{HUGO_THEME.parent}"\n'
        f'theme = "{HUGO_THEME.name}"\n' + menu,
        encoding="utf-8",
    )
    cmd = [_which("hugo"), "--quiet", "--source", str(site), "--destination", str(site / "public")]
    return _median_seconds(cmd, site / "public", runs)


def hugo_version() -> str:
    """What ``hugo version`` prints, e.g. ``hugo v0.111.3+extended linux/amd64 …``."""
    return _run([_which("hugo"), "version"]).strip()


def mkdocs_version() -> str:
    return _run([_mkdocs_exe(), "--version"]).strip()


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description="Time MkDocs and Hugo on a synthetic corpus.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="page counts")
    parser.add_argument("--runs", type=int, default=3, help="builds per figure (median reported)")
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR)
    args = parser.parse_args(argv)

    report = {
        "mkdocs_version": mkdocs_version(),
        "hugo_version": hugo_version(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "runs": args.runs,
        "results": [],
    }
    for n in args.sizes:
        row = {"pages": n}
        for tool, measure in (("mkdocs", mkdocs_build_seconds), ("hugo", hugo_build_seconds)):
            print(f"{tool}: {n} pages × {args.runs} runs …", file=sys.stderr, flush=True)
            row[f"{tool}_seconds"] = round(measure(n, args.workdir, args.runs), 3)
        report["results"].append(row)

    print(f"{'pages':>8} {'mkdocs s':>10} {'hugo s':>10} {'ratio':>7}")
    for row in report["results"]:
        ratio = row["mkdocs_seconds"] / row["hugo_seconds"]
        print(f"{row['pages']:>8} {row['mkdocs_seconds']:>10.3f} {row['hugo_seconds']:>10.3f} {ratio:>6.1f}x")
    print(json.dumps(report, indent=2))
    return report


if __name__ == "__main__":
    main()
