"""Run build.py so that it stops itself (SIGSTOP) at a known point: races and interrupts without sleeps.

    python tests/hostile/stopping.py POINT [build.py arguments...]

POINT is `call:MODULE:FUNCTION` (the first call of that function, from any
thread) or `import:MODULE` (the moment that module starts being imported). A
test starts this with `start`, which returns once the process has stopped
there; the test then does what it must (runs a second build, sends SIGINT) and
lets it go on with `resume`. Nothing in the engine knows about this: the stop is
set up here, from outside, before build.py runs.
"""

from __future__ import annotations

import importlib
import itertools
import os
import runpy
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def _stop() -> None:
    os.kill(os.getpid(), signal.SIGSTOP)


def _stop_at_first_call(module_name: str, function_name: str) -> None:
    module = importlib.import_module(module_name)
    original = getattr(module, function_name)
    calls = itertools.count()  # next() on a count is atomic: of several threads, exactly one stops

    def stopping(*args, **kwargs):
        if next(calls) == 0:
            _stop()
        return original(*args, **kwargs)

    setattr(module, function_name, stopping)


class _StopAtImport:
    """A finder that finds nothing: it only stops the process when the named module is looked for."""

    def __init__(self, name: str):
        self.name = name

    def find_spec(self, fullname, path=None, target=None):  # noqa: ANN001, ANN201
        if fullname == self.name:
            sys.meta_path.remove(self)
            _stop()
        return None


def start(point: str, *args: str, **popen) -> subprocess.Popen:
    """Start build.py with `args`, and return once it has stopped at `point` (it must get there)."""
    process = subprocess.Popen([sys.executable, __file__, point, *args], **popen)
    _, status = os.waitpid(process.pid, os.WUNTRACED)
    assert os.WIFSTOPPED(status), f"the build ended (status {status}) before it reached {point}"
    return process


def resume(process: subprocess.Popen) -> None:
    os.kill(process.pid, signal.SIGCONT)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    kind, _, where = sys.argv[1].partition(":")
    if kind == "call":
        _stop_at_first_call(*where.split(":"))
    else:
        sys.meta_path.insert(0, _StopAtImport(where))
    sys.argv = [str(ROOT / "build.py"), *sys.argv[2:]]
    runpy.run_path(str(ROOT / "build.py"), run_name="__main__")
