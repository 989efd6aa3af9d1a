"""Timings: what each stage of a run costs, for the benchmark's stage table.

With the environment variable `DOSSIER_TIMINGS` naming a file, every stage of a run (each
`Progress.stage`, and the few steps timed with `timed` directly) is recorded as it ends:
its wall and CPU seconds (this process's, and those of the worker processes it waited
for), and the peak resident memory of this process while it ran. `write_timings` appends
them to the file as JSON lines when the command ends. Without the variable, nothing is
measured or kept: a stage costs one check of a global.

The peak of each stage is the kernel's high-water mark (VmHWM), reset as the stage starts
(by writing 5 to /proc/self/clear_refs, Linux 4.0 and later); a stage inside another
passes its peak to the outer one, so the command's own stage has the peak of the whole run.
(The reset is also what the process's resource usage reports as its peak when it ends: with
timings, that is the peak of the last stage only.) Where /proc cannot be read, the peak is the
process's peak so far.
"""

from __future__ import annotations

import json
import os
import resource
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass

ENVIRONMENT = "DOSSIER_TIMINGS"
MIB = 1024 * 1024


@dataclass
class StageTime:
    """One stage as it ran: `depth` 0 for a stage of the run, 1 for a step within one, and so on."""

    stage: str
    depth: int
    within: str = ""
    """The stage this one ran inside ('' for the command itself)."""
    wall_s: float = 0.0
    cpu_s: float = 0.0
    """CPU seconds of this process (user + system)."""
    workers_cpu_s: float = 0.0
    """CPU seconds of the worker processes that ended during the stage."""
    peak_mib: float = 0.0
    """The largest resident memory of this process during the stage."""
    workers_peak_mib: float = 0.0
    """The largest resident memory of any worker process that ended during the stage."""


_path = os.environ.get(ENVIRONMENT) or None
_done: list[StageTime] = []
_open: list[StageTime] = []


def enabled() -> bool:
    return _path is not None


@contextmanager
def timed(stage: str) -> Iterator[None]:
    """Record the stage's costs (see the module docstring), if timings are asked for."""
    if _path is None:
        yield
        return
    record = StageTime(stage, len(_open), _open[-1].stage if _open else "")
    _note_peak()
    _reset_peak()
    _open.append(record)
    wall, cpu, children = time.perf_counter(), _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN)
    try:
        yield
    finally:
        record.wall_s = time.perf_counter() - wall
        record.cpu_s = _cpu(resource.RUSAGE_SELF) - cpu
        record.workers_cpu_s = _cpu(resource.RUSAGE_CHILDREN) - children
        if record.workers_cpu_s:
            record.workers_peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024 / MIB
        _note_peak()
        _open.remove(record)
        _done.append(record)


def write_timings() -> None:
    """Append the stages recorded so far to the file `DOSSIER_TIMINGS` names, one JSON object a line."""
    if _path is None or not _done:
        return
    with open(_path, "a", encoding="utf-8") as out:
        for record in _done:
            out.write(json.dumps({k: round(v, 4) if isinstance(v, float) else v
                                  for k, v in asdict(record).items()}) + "\n")
    _done.clear()


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _note_peak() -> None:
    """Give every open stage the peak of memory since the last reset."""
    peak = _high_water()
    for record in _open:
        record.peak_mib = max(record.peak_mib, peak)


def _high_water() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024 / MIB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / MIB


def _reset_peak() -> None:
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
            clear.write("5")
    except OSError:
        pass
