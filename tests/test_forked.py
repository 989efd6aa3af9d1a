"""`parallel.Forked`: a function called in a forked process while the caller goes on, whose result
comes back when asked for; None if it failed, and a process stopped with `cancel` cleans up. And
`parallel.Called`, the same interface for work called here when its result is asked for."""

from __future__ import annotations

import os
import time
from pathlib import Path

from dossier.core.parallel import Called, Forked


def _pid_and(value: int) -> tuple[int, int]:
    return os.getpid(), value * 2


def _fails() -> None:
    raise ValueError("no")


def _waits_then_cleans(started: Path, cleaned: Path) -> str:
    started.write_text("started", encoding="utf-8")
    try:
        time.sleep(60)
        return "slept"
    finally:
        cleaned.write_text("cleaned", encoding="utf-8")


def test_the_result_is_made_in_another_process_and_comes_back():
    pid, doubled = Forked(_pid_and, 21).result()
    assert doubled == 42
    assert pid != os.getpid()


def test_a_function_that_raises_gives_none_and_prints_nothing(capfd):
    assert Forked(_fails).result() is None
    assert capfd.readouterr() == ("", "")


def test_cancel_stops_the_process_and_lets_it_clean_up(tmp_path):
    started, cleaned = tmp_path / "started", tmp_path / "cleaned"
    forked = Forked(_waits_then_cleans, started, cleaned)
    for _ in range(500):  # until the process is inside the function
        if started.exists():
            break
        time.sleep(0.01)
    assert started.exists()
    forked.cancel()
    assert cleaned.read_text(encoding="utf-8") == "cleaned"
    assert forked.result() is None


def test_called_calls_here_once_when_asked_and_not_after_cancel():
    calls: list[int] = []
    called = Called(lambda n: calls.append(n) or (os.getpid(), n), 7)
    assert calls == []
    assert called.result() == (os.getpid(), 7)
    assert called.result() == (os.getpid(), 7) and calls == [7]
    cancelled = Called(calls.append, 8)
    cancelled.cancel()
    assert cancelled.result() is None and calls == [7]


def _still_open(descriptor: int) -> bool:
    try:
        os.fstat(descriptor)
    except OSError:
        return False
    return True


def test_the_forked_process_lets_go_of_the_descriptors_it_must_not_hold(tmp_path):
    import fcntl
    with open(tmp_path / "lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        assert Forked(_still_open, held.fileno()).result() is True
        assert Forked(_still_open, held.fileno(), unheld=(held.fileno(),)).result() is False
        assert _still_open(held.fileno())  # here it is held still
