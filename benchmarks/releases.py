"""What releases cost (see docs/releases.md), on a synthetic dossier already built with the cache:

- release_s: `release NAME`, the dossier read and written as a release (release_kib: its file);
- releases_diff_s (and releases_diff_cpu_s): comparing two consecutive releases in this process,
  1% of the people edited between them (decompressing both, reading the changed records, the
  FollowTheMoney operations);
- releases_first_build_s: the first `build` after three releases were made (the releases compared
  once, the result kept in the cache; releases_pages: the pages it drew again);
- note_edit_releases_s and note_edit_no_releases_s (and their _cpu_s): `build` after one note was
  edited, on the dossier with three releases and no new one, and on a copy of it without releases,
  built in turn; the difference is what releases cost a build that makes no new one;
- nothing_changed_releases_s: `build` with nothing changed, with releases.

Run alone: python -m benchmarks.releases [--sizes 1000] [--runs 3]; `make bench` runs it for each size.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks import synthetic

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "benchmarks" / ".work"


def _edit_summaries(project: Path, share: float, step: int) -> int:
    """Reword the summary of `share` of the people (the same words, one more): an edit of their values."""
    people = sorted((project / "content" / "people").glob("*.yml"))
    chosen = people[step % 7::max(1, round(1 / share))]
    for path in chosen:
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r'(summary:\n  value: ")', r"\g<1>Reportedly: ", text, count=1), encoding="utf-8")
    return len(chosen)


def _note_edit(project: Path, k: int) -> None:
    notes = sorted((project / "content" / "people").glob("*.md"))
    note = notes[(k * 7919) % len(notes)]
    note.write_text(note.read_text(encoding="utf-8") + f"\nEdited for the releases benchmark ({k}).\n",
                    encoding="utf-8")


def measure_releases(project: Path, runs: int, build_py) -> dict:
    """The figures above, each a median of `runs` where it is repeated. `project` is built first; a copy
    of it gets three releases; then the same note is edited in both and each is built, in turn, so that
    whatever else the machine does weighs on both alike. `build_py(project, *args)` runs the command line
    and gives (wall seconds, CPU seconds, stderr)."""
    from dossier.core.diagnostics import Diagnostics
    from dossier.core.project import load_project
    from dossier.load.releases import load_releases

    row: dict = {}
    build_py(project, "build")
    released = project.parent / f"{project.name}-released"
    shutil.rmtree(released, ignore_errors=True)
    shutil.copytree(project, released, symlinks=True)
    build_py(released, "build")
    made = []
    for i in range(1, 4):
        if i > 1:
            row["records_edited"] = _edit_summaries(released, 0.01, i)
        made.append(build_py(released, "release", f"bench-{i}")[0])
    row["release_s"] = statistics.median(made)
    row["release_kib"] = (released / "releases" / "bench-3.jsonl.gz").stat().st_size / 1024

    files = load_releases(load_project(released).releases_dir, Diagnostics())
    row.update(_time_compare(files[:2], runs))

    before = {p: p.stat().st_ino for p in (released / "site").rglob("*.html")}
    row["releases_first_build_s"] = build_py(released, "build")[0]
    row["releases_pages"] = sum(1 for p in (released / "site").rglob("*.html") if before.get(p) != p.stat().st_ino)
    plain, edited = [], []
    for k in range(runs):
        for folder, found in ((project, plain), (released, edited)):
            _note_edit(folder, 100 + k)
            found.append(build_py(folder, "build"))
    row["note_edit_no_releases_s"] = statistics.median(t for t, _, _ in plain)
    row["note_edit_no_releases_cpu_s"] = statistics.median(c for _, c, _ in plain)
    row["note_edit_releases_s"] = statistics.median(t for t, _, _ in edited)
    row["note_edit_releases_cpu_s"] = statistics.median(c for _, c, _ in edited)
    nothing = [build_py(released, "build") for _ in range(runs)]
    assert all("nothing changed" in out for _, _, out in nothing), nothing[0][2][-400:]
    row["nothing_changed_releases_s"] = statistics.median(t for t, _, _ in nothing)
    return {k: (round(v, 3) if isinstance(v, float) else v) for k, v in row.items()}


def measure_diff(project: Path, runs: int, build_py) -> dict:
    """releases_diff_s alone: two releases, 1% of the people edited between them, compared in this process."""
    from dossier.core.diagnostics import Diagnostics
    from dossier.core.project import load_project
    from dossier.load.releases import load_releases

    row: dict = {"release_s": build_py(project, "release", "bench-1")[0]}
    row["records_edited"] = _edit_summaries(project, 0.01, 2)
    build_py(project, "release", "bench-2")
    row["release_kib"] = (project / "releases" / "bench-2.jsonl.gz").stat().st_size / 1024
    files = load_releases(load_project(project).releases_dir, Diagnostics())
    row.update(_time_compare(files[:2], runs))
    return {k: (round(v, 3) if isinstance(v, float) else v) for k, v in row.items()}


def _time_compare(files, runs: int) -> dict:
    """releases_diff_s and releases_diff_cpu_s: comparing the releases, from their compressed bytes."""
    from dossier.core.releasefile import decompress
    from dossier.link.history import compare_releases
    from dossier.link.snapshot import Snapshot
    walls, cpus = [], []
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        texts = {f.name: decompress(f.data) for f in files}
        compare_releases(files, texts, Snapshot.of_text(texts[files[-1].name]))
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return {"releases_diff_s": statistics.median(walls), "releases_diff_cpu_s": statistics.median(cpus)}


def run_build_py(project: Path, *args: str) -> tuple[float, float, str]:
    """build.py with `args`: wall seconds, CPU seconds (its processes', user and system), its stderr."""
    cpu = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run([sys.executable, str(REPO / "build.py"), "--project", str(project), *args],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"build.py {' '.join(args)} failed: {done.stderr[-800:]}")
    return time.perf_counter() - started, _children_cpu() - cpu, done.stderr


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description="What releases cost a build.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--diff-only", action="store_true",
                        help="only make two releases (1%% of people edited between) and time comparing them")
    args = parser.parse_args(argv)
    rows = []
    for n in args.sizes:
        project = WORK / f"releases-{n}"
        shutil.rmtree(project, ignore_errors=True)
        synthetic.generate(n, project)
        measure = measure_diff if args.diff_only else measure_releases
        rows.append({"entities": n, **measure(project, args.runs, run_build_py)})
        print(json.dumps(rows[-1]), flush=True)
    return rows


if __name__ == "__main__":
    main()
