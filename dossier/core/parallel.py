"""Parallel: work shared out to forked worker processes, and the memory policy that goes with it.

A large dossier's model holds millions of small objects. Three habits keep them cheap:

- While the model is read, Python's cycle collector is paused (`collector_paused`): it
  would rescan the growing model again and again, for about a quarter of the reading.
- Workers are forked (`Workers`), so they inherit the model without a byte of it being
  pickled; only each chunk's keys and what a chunk gives back cross between processes.
  The job reaches a worker through the pool's initializer. Before forking, what exists
  is frozen for the cycle collector, so neither side scans it (scanning would also copy
  the model's memory pages into each worker); it is unfrozen afterwards.
- The main process is one of the workers: with `jobs` N, N - 1 are forked, and the main
  process takes a chunk itself whenever each of them has one waiting. A forked worker
  writes to every object of the model it touches (Python's reference counts), so the
  system copies those memory pages into it: every forked worker costs up to a copy of the
  model, and the main process costs none.
- A long piece of work whose result the run needs only at its end, such as writing the kept
  model, runs in a forked process of its own (`Forked`) while the run goes on: on two cores,
  beside a run that works on one, it costs no time.
- A command-line run happens once and exits (`run_once`, `exit_now`): it keeps the
  collector off for good and skips freeing the model object by object at exit, over a
  second at 10,000 entities (mypy does the same).

The library's functions leave the collector as they found it; only the command line
changes it for the whole process.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

PARALLEL_THRESHOLD = 400
"""Below this many pages, starting workers costs more than it saves."""
CHUNK = 64
"""At most this many tasks go to a worker at once: small enough to share the work out evenly."""

Job = TypeVar("Job")


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector while a model is built (it makes no cycles worth collecting)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class Workers(Generic[Job]):
    """Runs chunks of a job's tasks in forked workers when there are enough of them, else here.

    `map(function, chunks)` calls `function(job, chunk)` for each chunk and gives the
    results in order; the serial fallback (one job, no `fork`) has the same interface.
    """

    def __init__(self, job: Job, tasks: int, jobs: int | None = None, cycles: bool = True):
        """`cycles`: whether the job makes reference cycles (rendering does), so that each process
        collects its young objects after each chunk; parsing and checking records make none."""
        self.job = job
        self.cycles = cycles
        self.jobs = jobs or (os.cpu_count() or 1 if tasks >= PARALLEL_THRESHOLD else 1)
        if self.jobs > 1:
            import multiprocessing  # a run that shares no work never loads it: 15 ms of a quick run
            if "fork" not in multiprocessing.get_all_start_methods():
                self.jobs = 1
        self.pool: ProcessPoolExecutor | None = None
        self._froze = False

    def __enter__(self) -> Workers[Job]:
        if self.jobs > 1:
            self._froze = gc.get_freeze_count() == 0
            gc.freeze()
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor
            self.pool = ProcessPoolExecutor(self.jobs - 1, mp_context=multiprocessing.get_context("fork"),
                                            initializer=_start_worker, initargs=(self.job,))
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
        if self._froze:
            gc.unfreeze()

    def chunks(self, items: list[Any]) -> list[list[Any]]:
        """`items` cut into chunks: one if there are no workers, else a few per worker, of at most CHUNK."""
        if self.pool is None:
            return [items]
        step = max(1, min(CHUNK, -(-len(items) // (self.jobs * 4))))
        return [items[i:i + step] for i in range(0, len(items), step)]

    def map(self, function: Callable[[Job, Any], Any], chunks: list[Any], at_once: bool = False) -> Iterable[Any]:
        """The results in order. With forked workers, half the chunks are handed to them at once
        (so they work while the caller does something else before iterating); while the results
        are iterated, the rest go to whichever worker has none waiting, and this process takes
        the next one itself whenever every worker has one waiting. With `at_once` (the caller
        iterates at once), each worker is handed two chunks to begin with, not half of them, so
        the chunks are shared by how quickly each process gets through them, not half and half:
        this process also loads what the workers give back."""
        if self.pool is None:
            return (function(self.job, chunk) for chunk in chunks)
        pool = self.pool
        futures: dict[int, Future[Any]] = {}
        for index in range(2 * (self.jobs - 1) if at_once else max(2 * (self.jobs - 1), len(chunks) // 2)):
            if index < len(chunks):
                futures[index] = pool.submit(_in_worker, function, chunks[index], self.cycles)
        return self._shared(function, chunks, futures)

    def _shared(self, function: Callable[[Job, Any], Any], chunks: list[Any],
                futures: dict[int, Future[Any]]) -> Iterator[Any]:
        assert self.pool is not None
        done: dict[int, Any] = {}
        handed = len(futures)
        waiting_each = 2 * (self.jobs - 1)
        for index in range(len(chunks)):
            while index not in done:
                future = futures.get(index)
                if future is not None and future.done():
                    done[index] = futures.pop(index).result()
                    continue
                while handed < len(chunks) and sum(not f.done() for f in futures.values()) < waiting_each:
                    futures[handed] = self.pool.submit(_in_worker, function, chunks[handed], self.cycles)
                    handed += 1
                if handed < len(chunks):  # every worker has a chunk waiting: take the next one here
                    done[handed] = _in_main(self.job, function, chunks[handed], self.cycles)
                    handed += 1
                elif future is not None:
                    done[index] = futures.pop(index).result()
            yield done.pop(index)


_worker_job: Any = None
"""The job of this worker process, set by the pool's initializer when the worker starts."""


def _start_worker(job: Any) -> None:
    global _worker_job
    _worker_job = job
    gc.disable()


def _in_worker(function: Callable[[Any, Any], Any], chunk: Any, cycles: bool = True) -> Any:
    """`function(job, chunk)` in a worker, whose cycle collector runs once a chunk if the job makes
    `cycles`, not every few hundred allocations: only the chunk's own objects are young, so that pass
    is short."""
    try:
        return function(_worker_job, chunk)
    finally:
        if cycles:
            gc.collect(0)


def _in_main(job: Any, function: Callable[[Any, Any], Any], chunk: Any, cycles: bool = True) -> Any:
    """`function(job, chunk)` in this process, whose young objects are collected after each chunk if the
    job makes `cycles`, as a worker's are: the command line keeps the collector off, and rendering makes
    reference cycles."""
    try:
        return function(job, chunk)
    finally:
        if cycles:
            gc.collect(0)


class Forked:
    """`function(*args)` called in a forked process while this one goes on; `result()` waits for it.

    The result comes back pickled through a pipe; None if the function raised or the process
    was stopped (it reports nothing else: the caller treats None as "not done"). Where there is
    no `fork`, the function is called at once, here. `unheld`: descriptors the forked process
    closes at once, such as one holding a lock that must end with this process, not outlive it.
    """

    def __init__(self, function: Callable[..., Any], *args: Any, unheld: tuple[int, ...] = ()):
        self._value: Any = None
        self._pid: int | None = None
        if not hasattr(os, "fork"):  # pragma: no cover - every platform the tests run on forks
            self._value = _called(function, args)
            return
        read, write = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the forked process: its result down the pipe, and out without cleaning up
            code = 1
            try:
                signal.signal(signal.SIGTERM, _stopped)  # so that `cancel` lets the function clean up
                for descriptor in (read, *unheld):
                    os.close(descriptor)
                with os.fdopen(write, "wb") as pipe:
                    pipe.write(pickle.dumps(function(*args)))
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        self._pid, self._read = pid, read

    def result(self) -> Any:
        """The function's result, once its process has ended; None if it failed."""
        if self._pid is None:
            return self._value
        with os.fdopen(self._read, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(self._pid, 0)
        self._pid = None
        if os.waitstatus_to_exitcode(status) == 0 and data:
            self._value = pickle.loads(data)  # noqa: S301 (this process's own fork wrote it)
        return self._value

    def cancel(self) -> None:
        """Stop the process, if it still runs, and let it go."""
        if self._pid is not None:
            os.kill(self._pid, signal.SIGTERM)
            os.close(self._read)
            os.waitpid(self._pid, 0)
            self._pid = None


class Called:
    """`function(*args)` called here when its result is first asked for: `Forked`'s interface, for
    work a run would only wait for (forking it would cost the copies of the memory it touches)."""

    def __init__(self, function: Callable[..., Any], *args: Any):
        self._call: tuple[Callable[..., Any], tuple[Any, ...]] | None = (function, args)
        self._value: Any = None

    def result(self) -> Any:
        """The function's result; None if it raised."""
        if self._call is not None:
            function, args = self._call
            self._call = None
            self._value = _called(function, args)
        return self._value

    def cancel(self) -> None:
        self._call = None


def _stopped(signum: int, frame: object) -> None:
    raise SystemExit(1)


def _called(function: Callable[..., Any], args: tuple[Any, ...]) -> Any:
    try:
        return function(*args)
    except Exception:
        return None


def run_once() -> None:
    """For a command that runs once and exits: no cycle collection for the rest of the process."""
    gc.disable()


def exit_now(code: int) -> None:
    """Flush and leave at once, without freeing every object of the model one by one."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
