"""`make bench`: dossier against MkDocs and Hugo on synthetic dossiers of 1,000 and 10,000 entities.

For each size it generates a dossier from a fixed seed (benchmarks/synthetic.py)
and measures, in one run:

- validate_s: `build.py validate` (load, validate, link, checks) with no cache, wall clock (and
  *_cpu_s: user + system CPU seconds, less disturbed by other work on the machine);
- build_s: `build.py build --bundle`, as `make site` runs it, cold: no cache and no site;
- peak_rss_mib: the largest resident set of any process of that build (the
  main process or a render worker), from wait4's rusage; peak_tree_rss_mib: the
  largest memory of all the build's processes together (their proportional set
  sizes summed, sampled from /proc: a page forked workers share counts once);
- the build cache (`measure_cache`): a build with nothing changed, a warm validate, a
  build after one note edited and after one record renamed, with the pages each renders;
- releases (benchmarks/releases.py): making a release, comparing two, the first build after
  three, and a build after a note edited with three releases and no new one beside the same
  build without releases;
- site_mib, pages, search_index_mib: the size of site/, its page count, and of
  site/assets/search-index.js;
- visuals_cpu_s, visuals_share: the CPU seconds the drawings take (benchmarks/visuals.py; the networks
  alone: network_cpu_s),
  and their share of the build's CPU seconds; visuals_mib: the SVG they add to the site;
- serve_edit_s: `build.py serve` running, the time from saving an edited note
  to its page on disk holding the edit; serve_settle_s: to the whole
  incremental rebuild being done (search index and site-wide pages included);
- search_first_ms / search_keystroke_ms: in Chromium from file://, the time
  to load index.html with its search index, and the slowest keystroke-to-results
  time over a few typed queries (median of the per-query maxima);
- exports_cpu_s: the CPU seconds of the data exports (every file of data/) and of the
  profiles' JSON-LD, timed in this process on the model read once; exports_share: that
  against build_cpu_s, the share of the build they are;
- mkdocs_s, hugo_s: plain MkDocs and Hugo building the same number of
  700-word Markdown pages (benchmarks/baselines.py);
- validate_stages, build_stages: each stage of those runs as the command timed it
  (dossier/core/timings.py: CPU seconds, the workers' too, and peak memory);
  capabilities_cpu_s: what each capability costs, in one process (benchmarks/capabilities.py).

After the run it prints the stage table of docs/performance.md, and compares the ratios of
the cold build and the cold validate to Hugo with those of the results file it replaces,
saying plainly which got more than 15% worse.

Every time is a median of several runs (fewer at 10,000 for the slow ones; the
counts are in results.json). Prints a table; writes benchmarks/results.json.

    python -m benchmarks.run [--sizes 1000 10000] [--runs 3]
    python -m benchmarks.run --sizes 100000 --big-runs 1 --builds-only --output /tmp/x.json
    python -m benchmarks.run --sizes 100000 --big-runs 1 --cold-only --output /tmp/x.json   # no cache figures
    python -m benchmarks.run --table     # the stage table of the results files, measuring nothing
"""

from __future__ import annotations

import argparse
import datetime
import gc
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from benchmarks import baselines, releases, synthetic

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
WORK = BENCH / ".work"
RESULTS = BENCH / "results.json"
PYTHON = sys.executable
MIB = 1024 * 1024


def _timed(cmd: list[str], cwd: Path | None = None) -> tuple[float, int, float]:
    """Wall seconds, the peak RSS (bytes) of the largest process the command ran, and its CPU seconds."""
    wall, rss, cpu, _, _ = _measured(cmd, cwd)
    return wall, rss, cpu


def _measured(cmd: list[str], cwd: Path | None = None,
              env: dict[str, str] | None = None) -> tuple[float, int, float, int, str]:
    """As `_timed`, plus the peak of the whole process tree's memory (its workers' added, sampled
    from /proc: the proportional set size, which counts a page shared by forked workers once,
    where their RSS would count it in each) and what the command printed to stderr."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=baselines.as_installed({**os.environ, **(env or {})}))
    stderr_chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: stderr_chunks.append(proc.stderr.read()), daemon=True)
    reader.start()
    tree_peak = [0]
    done = threading.Event()
    sampler = threading.Thread(target=_sample_tree, args=(proc.pid, tree_peak, done), daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    reader.join()
    err = b"".join(stderr_chunks).decode()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-3000:]}")
    largest = usage.ru_maxrss * 1024
    return elapsed, largest, usage.ru_utime + usage.ru_stime, max(tree_peak[0], largest), err


def _sample_tree(pid: int, peak: list[int], done: threading.Event) -> None:
    """The largest sum of PSS over `pid` and its descendants seen until `done` (Linux /proc)."""
    while not done.wait(0.2):
        total, todo = 0, [pid]
        while todo:
            current = todo.pop()
            try:
                rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
                total += int(re.search(r"^Pss:\s+(\d+) kB", rollup, re.M).group(1)) * 1024  # type: ignore[union-attr]
                for task in Path(f"/proc/{current}/task").iterdir():
                    todo.extend(int(c) for c in (task / "children").read_text().split())
            except (OSError, ValueError, AttributeError):
                continue
        peak[0] = max(peak[0], total)


def _staged(cmd: list[str]) -> tuple[tuple[float, int, float, int, str], dict[str, dict[str, float]]]:
    """`_measured`, and the command's own timings of its stages (see dossier.core.timings):
    {stage: {wall_s, cpu_s, workers_cpu_s, peak_mib, workers_peak_mib}}, a stage inside another
    named 'outer / inner'."""
    WORK.mkdir(parents=True, exist_ok=True)
    log = WORK / "timings.jsonl"
    log.unlink(missing_ok=True)
    measured = _measured(cmd, env={"DOSSIER_TIMINGS": str(log)})
    records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    stages: dict[str, dict[str, float]] = {}
    for record in records:  # each stage, then the steps within it (a stage is logged when it ends, after them)
        if record["depth"] <= 1:
            stages[record["stage"]] = {k: v for k, v in record.items() if k.endswith(("_s", "_mib"))}
            for inner in records:
                if inner["depth"] == 2 and inner["within"] == record["stage"]:
                    stages[f"{record['stage']} / {inner['stage']}"] = {
                        k: v for k, v in inner.items() if k.endswith(("_s", "_mib"))}
    return measured, stages


def _stage_peak(runs: list[dict[str, dict[str, float]]], command: str) -> float:
    """The largest process's peak over the runs, as the command's own timings saw it. (Timing a stage
    resets the kernel's high-water mark of the main process, which is also what wait4 reports as its
    peak: that then covers only the last stage.)"""
    return max(max(run[command]["peak_mib"], run[command]["workers_peak_mib"]) for run in runs if command in run)


def _median_stages(runs: list[dict[str, dict[str, float]]]) -> dict[str, dict[str, float]]:
    """Each stage's figures, the median over the runs that have it (peaks: the largest), in the order they ran."""
    names = list(dict.fromkeys(name for run in runs for name in run))
    found = {}
    for name in names:
        figures = [run[name] for run in runs if name in run]
        found[name] = {key: round(max(f[key] for f in figures) if key.endswith("_mib")
                                  else statistics.median(f[key] for f in figures), 3) for key in figures[0]}
    return found


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _build_py(project: Path, *args: str) -> list[str]:
    return [PYTHON, str(REPO / "build.py"), "--project", str(project), *args]


def _folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def measure_exports(project: Path, runs: int) -> float:
    """Median CPU seconds of making every data file and every profile's JSON-LD from the read model."""
    sys.path.insert(0, str(REPO))
    from dossier.build.read import read_dossier
    from dossier.export import iter_export_files
    from dossier.export.jsonld import JsonLd

    dossier, _ = read_dossier(project / "content")
    times = []
    gc.disable()  # as in a build (see dossier.core.parallel): no collector passes over the model
    try:
        for _ in range(runs):
            started = time.process_time()
            for _, chunks in iter_export_files(dossier):
                for _ in chunks:  # made as a build makes them, chunk by chunk
                    pass
            jsonld = JsonLd(dossier)  # a new one each run: no cache carried over
            for entity_id in dossier.entities:
                jsonld.profile(entity_id)
            times.append(time.process_time() - started)
    finally:
        gc.enable()
    return statistics.median(times)


def measure_serve(project: Path, edits: int) -> tuple[float, float]:
    """Median seconds from saving an edited note to (its page rewritten, the rebuild finished)."""
    proc = subprocess.Popen(_build_py(project, "serve", "--port", "0"), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    arrived: list[float] = []
    new_line = threading.Condition()

    def read() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            with new_line:
                lines.append(line)
                arrived.append(time.perf_counter())
                new_line.notify_all()

    threading.Thread(target=read, daemon=True).start()

    def wait_for(pattern: str, start: int, timeout: float, required: bool = True) -> int:
        deadline = time.monotonic() + timeout
        with new_line:
            while True:
                for i in range(start, len(lines)):
                    if re.search(pattern, lines[i]):
                        return i
                if proc.poll() is not None or time.monotonic() > deadline:
                    if not required:
                        return -1
                    raise RuntimeError("serve: no '" + pattern + "' in:\n" + "".join(lines[-20:]))
                new_line.wait(0.5)

    try:
        seen = wait_for(r"^serving ", 0, 1800) + 1
        time.sleep(1.0)  # let the watcher start
        notes = sorted((project / "content" / "people").glob("*.md"))
        visible, settled = [], []
        for k in range(edits):
            note = notes[(k * 7919) % len(notes)]
            page = project / "site" / "people" / (note.stem + ".html")
            marker = f"benchmark-edit-{k}-{time.time_ns()}"
            text = note.read_text(encoding="utf-8") + f"\nEdited for the benchmark: {marker}.\n"
            started = time.perf_counter()
            note.write_text(text, encoding="utf-8")
            deadline = time.monotonic() + 600
            while marker.encode() not in page.read_bytes():
                if time.monotonic() > deadline:
                    raise RuntimeError("serve: the edited page was never rewritten:\n" + "".join(lines[-20:]))
                time.sleep(0.002)
            visible.append(time.perf_counter() - started)
            # The rebuild of the edit, then the site-wide pages it left out of date, if any (print.html
            # shows every note; above 2,000 entities there is none, and nothing is left for later).
            seen = wait_for(r"^rebuilt \d+ file", seen, 1800) + 1
            later = wait_for(r"^rebuilt \d+ file\(s\) \(site-wide", seen, 10, required=False)
            settled.append((arrived[later] if later >= 0 else arrived[seen - 1]) - started)
            seen = max(seen, later + 1)
        return statistics.median(visible), statistics.median(settled)
    finally:
        proc.terminate()
        proc.wait(30)


SEARCH_PROBE = """async (queries) => {
  const input = document.getElementById('search-input');
  const list = document.getElementById('search-results');
  const worst = [];
  for (const query of queries) {
    input.value = '';
    input.dispatchEvent(new Event('input'));
    let slowest = 0;
    for (let i = 1; i <= query.length; i++) {
      const changed = new Promise((resolve) => {
        const observer = new MutationObserver(() => { observer.disconnect(); resolve(); });
        observer.observe(list, {childList: true, subtree: true, attributes: true, characterData: true});
        setTimeout(() => { observer.disconnect(); resolve(); }, 2000);
      });
      const t0 = performance.now();
      input.value = query.slice(0, i);
      input.dispatchEvent(new Event('input', {bubbles: true}));
      await changed;
      await new Promise((resolve) => requestAnimationFrame(() => resolve()));
      slowest = Math.max(slowest, performance.now() - t0);
    }
    worst.push(slowest);
  }
  return worst;
}"""


def measure_search(site: Path, queries: list[str]) -> tuple[float, float]:
    """(ms to load index.html and its search index from file://, median over queries of the slowest keystroke)."""
    sys.path.insert(0, str(REPO))
    from playwright.sync_api import sync_playwright

    from tests.browser.harness import launch_browser

    with sync_playwright() as p:
        browser = launch_browser(p)
        try:
            page = browser.new_page()
            started = time.perf_counter()
            page.goto((site / "index.html").as_uri(), wait_until="load")
            page.wait_for_function("() => window.DOSSIER_INDEX && !document.querySelector('.search').hidden",
                                   timeout=120_000)
            loaded_ms = (time.perf_counter() - started) * 1000
            worst = page.evaluate(SEARCH_PROBE, queries)
        finally:
            browser.close()
    return loaded_ms, statistics.median(worst)


def _queries(project: Path) -> list[str]:
    """A person's name, a group's alias-ish word, a common word, two words: realistic typing."""
    person = sorted((project / "content" / "people").glob("*.yml"))[1]
    name = re.search(r'^name: "(.*)"$', person.read_text(encoding="utf-8"), re.M)
    return [name.group(1) if name else "agent", "harbour", "northern front", "courier met"]


def _cold(project: Path) -> None:
    """No cache and no outputs: the first build of a fresh checkout."""
    for name in (".dossier-cache", "site", "dist"):
        shutil.rmtree(project / name, ignore_errors=True)


def _median(runs: list, index: int) -> float:
    return statistics.median(run[index] for run in runs)


def _inodes(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_ino for p in site.rglob("*.html")}


def measure_cache(project: Path, r: int) -> dict:
    """The build cache's figures (see docs/performance.md), each a median of `r` runs, wall and CPU:

    - nothing_changed_s: `build` with nothing changed since the last build;
    - warm_validate_s: `validate` with nothing changed; first_validate_note_s: after one note
      edited, the first run after the cold build (it reads everything, as the build that came before
      it kept no model: see `cache.keeper`); warm_validate_note_s: after one note edited again, as
      an editor goes on;
    - note_edit_s: `build` after one note was edited (and note_edit_pages: the pages rendered again);
    - rename_s: `build` after one person's name changed (rename_pages: the pages rendered again,
      every page that names them);
    - warm_peak_rss_mib: the largest process tree of those builds.
    """
    row: dict = {}
    notes = sorted((project / "content" / "people").glob("*.md"))
    people = sorted((project / "content" / "people").glob("*.yml"))
    site = project / "site"
    _timed(_build_py(project, "build"))
    nothing = [_measured(_build_py(project, "build")) for _ in range(r)]
    assert all("nothing changed" in run[4] for run in nothing), nothing[0][4][-500:]
    row["nothing_changed_s"], row["nothing_changed_cpu_s"] = _median(nothing, 0), _median(nothing, 2)
    validations = [_measured(_build_py(project, "validate")) for _ in range(r)]
    row["warm_validate_s"], row["warm_validate_cpu_s"] = _median(validations, 0), _median(validations, 2)
    first = notes[-1]
    first.write_text(first.read_text(encoding="utf-8") + "\nEdited first for the benchmark.\n", encoding="utf-8")
    first_run = _measured(_build_py(project, "validate"))
    row["first_validate_note_s"], row["first_validate_note_cpu_s"] = first_run[0], first_run[2]
    edited, renamed, noted, note_pages, rename_pages = [], [], [], [], []
    for k in range(r):
        note = notes[(k * 7919) % len(notes)]
        note.write_text(note.read_text(encoding="utf-8") + f"\nEdited for the benchmark ({k}).\n", encoding="utf-8")
        noted.append(_measured(_build_py(project, "validate")))
        note.write_text(note.read_text(encoding="utf-8") + f"\nEdited again ({k}).\n", encoding="utf-8")
        before = _inodes(site)
        edited.append(_measured(_build_py(project, "build")))
        note_pages.append(sum(1 for page, inode in _inodes(site).items() if before.get(page) != inode))
        person = people[(k * 4801 + 17) % len(people)]
        text = person.read_text(encoding="utf-8")
        person.write_text(re.sub(r'^name: "(.*)"$', rf'name: "\1 Renamed{k}"', text, count=1, flags=re.M),
                          encoding="utf-8")
        before = _inodes(site)
        renamed.append(_measured(_build_py(project, "build")))
        rename_pages.append(sum(1 for page, inode in _inodes(site).items() if before.get(page) != inode))
    row["warm_validate_note_s"], row["warm_validate_note_cpu_s"] = _median(noted, 0), _median(noted, 2)
    row["note_edit_s"], row["note_edit_cpu_s"] = _median(edited, 0), _median(edited, 2)
    row["note_edit_pages"] = statistics.median(note_pages)
    row["rename_s"], row["rename_cpu_s"] = _median(renamed, 0), _median(renamed, 2)
    row["rename_pages"] = statistics.median(rename_pages)
    row["warm_peak_rss_mib"] = max(run[3] for run in [*nothing, *validations, first_run, *edited, *renamed]) / MIB
    row["cache_mib"] = (project / ".dossier-cache" / "cache.sqlite").stat().st_size / MIB
    return row


def measure_size(n: int, runs: int, big_runs: int, edits: int, skip_baselines: bool, builds_only: bool = False,
                 cold_only: bool = False) -> dict:
    project = WORK / f"dossier-{n}"
    print(f"[{n}] generating the synthetic dossier …", file=sys.stderr, flush=True)
    synthetic.generate(n, project)
    large = n >= 5000
    r = big_runs if large else runs
    row: dict = {"entities": n}

    print(f"[{n}] validate × {r}, each with no cache …", file=sys.stderr, flush=True)
    validations, validate_stages = [], []
    for _ in range(r):
        _cold(project)
        measured, stages = _staged(_build_py(project, "validate"))
        validations.append(measured)
        validate_stages.append(stages)
    row["validate_s"] = statistics.median(v[0] for v in validations)
    row["validate_cpu_s"] = statistics.median(v[2] for v in validations)
    row["validate_peak_rss_mib"] = max(max(v[1] for v in validations) / MIB, _stage_peak(validate_stages, "validate"))
    row["validate_stages"] = _median_stages(validate_stages)

    print(f"[{n}] build --bundle × {r}, each cold (no cache, no site) …", file=sys.stderr, flush=True)
    builds, build_stages = [], []
    for _ in range(r):
        _cold(project)
        measured, stages = _staged(_build_py(project, "build", "--bundle"))
        builds.append(measured)
        build_stages.append(stages)
    row["build_stages"] = _median_stages(build_stages)
    row["build_s"] = _median(builds, 0)
    row["build_cpu_s"] = _median(builds, 2)
    row["peak_rss_mib"] = max(max(b[1] for b in builds) / MIB, _stage_peak(build_stages, "build"))
    row["peak_tree_rss_mib"] = max(b[3] for b in builds) / MIB
    site = project / "site"
    row["pages"] = sum(1 for _ in site.rglob("*.html"))
    row["site_mib"] = _folder_bytes(site) / MIB
    row["search_index_mib"] = (site / "assets" / "search-index.js").stat().st_size / MIB
    row["zip_mib"] = (project / "dist" / "dossier-offline.zip").stat().st_size / MIB

    if not cold_only:
        print(f"[{n}] the build cache: nothing changed, warm validate, a note edited, a record renamed × {r} …",
              file=sys.stderr, flush=True)
        row.update(measure_cache(project, r))
        print(f"[{n}] releases: three made, the first build after them, a note edited with and without × {r} …",
              file=sys.stderr, flush=True)
        row.update(releases.measure_releases(project, r, releases.run_build_py))
    if builds_only:
        row["runs"] = r
        return {k: (round(v, 3) if isinstance(v, float) else v) for k, v in row.items()}

    print(f"[{n}] what each capability costs, in one process …", file=sys.stderr, flush=True)
    row["capabilities_cpu_s"] = json.loads(subprocess.run(
        [PYTHON, "-m", "benchmarks.capabilities", str(project)], cwd=REPO, check=True, capture_output=True,
        text=True).stdout)

    print(f"[{n}] exports × {r} …", file=sys.stderr, flush=True)
    row["exports_cpu_s"] = measure_exports(project, r)
    row["exports_share"] = row["exports_cpu_s"] / row["build_cpu_s"]
    print(f"[{n}] the drawings' share …", file=sys.stderr, flush=True)
    drawn = [json.loads(subprocess.run([PYTHON, "-m", "benchmarks.visuals", str(project)], cwd=REPO, check=True,
                                       capture_output=True, text=True).stdout) for _ in range(r)]
    row["visuals_cpu_s"] = statistics.median(d["visuals_cpu_s"] for d in drawn)
    row["visuals_mib"] = drawn[0]["visuals_mib"]
    row["network_cpu_s"] = statistics.median(d["network_cpu_s"] for d in drawn)
    row["visuals_share"] = row["visuals_cpu_s"] / row["build_cpu_s"]

    print(f"[{n}] search in Chromium …", file=sys.stderr, flush=True)
    try:
        row["search_load_ms"], row["search_keystroke_ms"] = measure_search(site, _queries(project))
    except Exception as exc:  # a missing browser must not lose the other figures
        print(f"[{n}] search not measured: {exc}", file=sys.stderr)
        row["search_load_ms"] = row["search_keystroke_ms"] = None

    print(f"[{n}] serve: {edits} note edits …", file=sys.stderr, flush=True)
    row["serve_edit_s"], row["serve_settle_s"] = measure_serve(project, edits)

    if not skip_baselines:
        mk_runs = 1 if large else runs
        print(f"[{n}] mkdocs × {mk_runs}, hugo × {r} ({n} Markdown pages) …", file=sys.stderr, flush=True)
        cpu = _children_cpu()
        row["mkdocs_s"] = baselines.mkdocs_build_seconds(n, WORK, mk_runs)
        row["mkdocs_cpu_s"] = (_children_cpu() - cpu) / mk_runs
        cpu = _children_cpu()
        row["hugo_s"] = baselines.hugo_build_seconds(n, WORK, r)
        row["hugo_cpu_s"] = (_children_cpu() - cpu) / r
        row["mkdocs_runs"], row["hugo_runs"] = mk_runs, r
    row["runs"] = r
    return {k: (round(v, 3) if isinstance(v, float) else v) for k, v in row.items()}


def print_table(rows: list[dict]) -> None:
    cols = [("entities", "entities", "{:.0f}"), ("pages", "pages", "{:.0f}"), ("validate_s", "valid s", "{:.2f}"),
            ("build_s", "build s", "{:.2f}"), ("hugo_s", "hugo s", "{:.2f}"), ("mkdocs_s", "mkdocs s", "{:.2f}"),
            ("build_cpu_s", "build cpu", "{:.1f}"), ("hugo_cpu_s", "hugo cpu", "{:.1f}"),
            ("peak_rss_mib", "RSS MiB", "{:.0f}"), ("site_mib", "site MiB", "{:.1f}"),
            ("search_index_mib", "index MiB", "{:.2f}"), ("serve_edit_s", "edit s", "{:.3f}"),
            ("serve_settle_s", "settle s", "{:.2f}"), ("search_keystroke_ms", "key ms", "{:.1f}"),
            ("exports_share", "exports", "{:.1%}"), ("visuals_share", "drawings", "{:.1%}"),
            ("nothing_changed_s", "same s", "{:.2f}"), ("warm_validate_s", "wvalid s", "{:.2f}"),
            ("first_validate_note_s", "1stnote s", "{:.2f}"), ("warm_validate_note_s", "vnote s", "{:.2f}"),
            ("note_edit_s", "note s", "{:.2f}"), ("rename_s", "rename s", "{:.2f}"),
            ("rename_pages", "renamed p", "{:.0f}"), ("peak_tree_rss_mib", "tree MiB", "{:.0f}"),
            ("releases_diff_s", "rdiff s", "{:.2f}"), ("note_edit_releases_s", "rnote s", "{:.2f}")]
    print(" ".join(f"{title:>9}" for _, title, _ in cols))
    for row in rows:
        print(" ".join(f"{fmt.format(row[k]) if row.get(k) is not None else '-':>9}" for k, _, fmt in cols))
    if len(rows) >= 2:
        a, b = rows[0], rows[-1]
        factor = b["entities"] / a["entities"]
        print(f"scaling {a['entities']} -> {b['entities']} entities (x{factor:g}):", end="")
        for key in ("validate_s", "build_s", "peak_rss_mib", "site_mib", "serve_edit_s", "hugo_s", "mkdocs_s"):
            if a.get(key) and b.get(key):
                print(f" {key} x{b[key] / a[key]:.1f}", end="")
        print()
        if b.get("hugo_s"):
            print(f"at {b['entities']}: build / hugo = {b['build_s'] / b['hugo_s']:.2f} wall, "
                  f"{b['build_cpu_s'] / b['hugo_cpu_s']:.2f} CPU; build / mkdocs = {b['build_s'] / b['mkdocs_s']:.2f}")


def stage_table(rows: list[dict]) -> str:
    """The stage table of docs/performance.md, as Markdown: each stage of a cold `build --bundle`
    as it ran (CPU seconds, its workers' included, and the peak memory of the main process during
    it, and of a render worker), then each capability's CPU seconds in one process."""
    sizes = [row for row in rows if row.get("build_stages")]
    if not sizes:
        return ""
    head = "| stage | " + " | ".join(f"{row['entities']:,}: CPU s | peak MiB" for row in sizes) + " |"
    lines = [head, "|---|" + "---:|---:|" * len(sizes)]
    names = list(dict.fromkeys(name for row in sizes for name in row["build_stages"] if name != "build"))
    for name in names:
        cells = []
        for row in sizes:
            stage = row["build_stages"].get(name)
            if stage is None:
                cells += ["", ""]
                continue
            peak = f"{stage['peak_mib']:,.0f}"
            if stage.get("workers_peak_mib"):
                peak += f" (workers {stage['workers_peak_mib']:,.0f})"
            cells += [f"{stage['cpu_s'] + stage.get('workers_cpu_s', 0):.2f}", peak]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    cells = []
    for row in sizes:
        cells += [f"{row['build_cpu_s']:.1f} ({row['build_s']:.1f} s wall)",
                  f"{row['peak_rss_mib']:,.0f} (all processes {row['peak_tree_rss_mib']:,.0f})"]
    lines.append("| **the whole build** | " + " | ".join(cells) + " |")
    capable = [row for row in sizes if row.get("capabilities_cpu_s")]
    if capable:
        lines += ["", "| capability (one process, CPU s) | " + " | ".join(f"{row['entities']:,}" for row in capable)
                  + " |", "|---|" + "---:|" * len(capable)]
        lines_of = list(dict.fromkeys(name for row in capable for name in row["capabilities_cpu_s"]))
        for name in sorted(lines_of, key=lambda k: (k in ("total", "not in any line"), k)):
            lines.append(f"| {name} | " + " | ".join(f"{row['capabilities_cpu_s'].get(name, 0):.2f}"
                                                     for row in capable) + " |")
    return "\n".join(lines)


RATIOS = [("build_s", "hugo_s", "cold build against Hugo, wall"),
          ("build_cpu_s", "hugo_cpu_s", "cold build against Hugo, CPU"),
          ("validate_s", "hugo_s", "cold validate against Hugo, wall"),
          ("validate_cpu_s", "hugo_cpu_s", "cold validate against Hugo, CPU")]
WORSE = 1.15
"""A ratio more than 15% above the committed one is reported as a regression."""


def compare_ratios(before: list[dict], after: list[dict]) -> list[str]:
    """A line for each ratio to Hugo that both runs have, saying plainly which got more than 15% worse.
    Ratios, not times: absolute times vary between machines and with their load."""
    lines = []
    old_rows = {row["entities"]: row for row in before}
    for row in after:
        old = old_rows.get(row["entities"])
        if old is None:
            continue
        for top, bottom, what in RATIOS:
            if not (row.get(top) and row.get(bottom) and old.get(top) and old.get(bottom)):
                continue
            now, then = row[top] / row[bottom], old[top] / old[bottom]
            verdict = (f"WORSE by {now / then - 1:.0%}: more than {WORSE - 1:.0%}" if now > then * WORSE
                       else "better" if now < then else "no worse than 15%")
            lines.append(f"{row['entities']:>7,} entities, {what}: {then:.2f}x -> {now:.2f}x ({verdict})")
    return lines


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description="Benchmark dossier against MkDocs and Hugo.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3, help="runs per figure below 5,000 entities")
    parser.add_argument("--big-runs", type=int, default=3, help="runs per figure from 5,000 entities (MkDocs: 1)")
    parser.add_argument("--edits", type=int, default=5, help="note edits timed in serve")
    parser.add_argument("--skip-baselines", action="store_true", help="do not time MkDocs and Hugo")
    parser.add_argument("--builds-only", action="store_true",
                        help="time validate, build and the cache only (no search, serve or baselines): for huge sizes")
    parser.add_argument("--cold-only", action="store_true",
                        help="with --builds-only: the cold validate and build alone, not the cache's figures")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--table", action="store_true",
                        help="measure nothing: print the stage table of results.json and results-100000.json")
    args = parser.parse_args(argv)
    if args.table:
        found = [row for path in (RESULTS, BENCH / "results-100000.json") if path.exists()
                 for row in json.loads(path.read_text(encoding="utf-8"))]
        print(stage_table(sorted(found, key=lambda row: row["entities"])))
        return found
    if not (args.skip_baselines or args.builds_only or args.cold_only) and shutil.which("hugo") is None:
        parser.error("hugo is not installed (make bench installs it with apt)")
    skip = args.skip_baselines or args.builds_only or args.cold_only
    before = json.loads(args.output.read_text(encoding="utf-8")) if args.output.exists() else []
    rows = [measure_size(n, args.runs, args.big_runs, args.edits, skip, args.builds_only or args.cold_only,
                         args.cold_only) for n in args.sizes]
    meta = {"date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "load_average_at_end": os.getloadavg()[0],
            "cpus": os.cpu_count(), "python": platform.python_version(), "machine": platform.machine()}
    if not (args.skip_baselines or args.builds_only or args.cold_only):
        meta["hugo"] = baselines.hugo_version()
        meta["mkdocs"] = baselines.mkdocs_version()
    for row in rows:
        row["meta"] = meta
    args.output.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    print_table(rows)
    print()
    print(stage_table(rows))
    compared = compare_ratios(before, rows)
    if compared:
        print(f"\nagainst the last results in {args.output.name} ({before[0].get('meta', {}).get('date', '?')}):")
        print("\n".join(compared))
        worse = [line for line in compared if "WORSE" in line]
        print(f"{len(worse)} ratio(s) more than 15% worse" if worse else "no ratio more than 15% worse")
    print(f"wrote {args.output}")
    return rows


if __name__ == "__main__":
    main()
