"""Page runs take turns: in the order asked, one at a time, and a long run lets the next one start."""

from __future__ import annotations

import threading

import pytest

from launchwatch import turns


@pytest.mark.parametrize(
    ("started", "now", "at_once", "expected"),
    [
        ([], 10.0, 1, True),  # nothing running: the first in line starts
        ([9.9], 10.0, 1, False),  # one running 0.1 s: holds the only turn
        ([9.4], 10.0, 1, True),  # running 0.6 s, past the 0.5 s hold: runs on beside the next
        ([9.5], 10.0, 1, True),  # exactly at the hold: no longer counts
        ([9.9], 10.0, 2, True),  # two turns, one taken
        ([9.9, 9.8], 10.0, 2, False),  # two turns, both taken
        ([9.9, 1.0], 10.0, 2, True),  # one of the two is a long run: a turn is free
    ],
)
def test_who_may_start(started, now, at_once, expected):
    assert turns.may_start(started, now, at_once, 0.5) is expected


@pytest.mark.parametrize(
    ("started", "now", "expected"),
    [
        ([], 10.0, None),  # nothing holds a turn: wait until told
        ([9.9], 10.0, pytest.approx(0.4)),
        ([9.9, 9.7], 10.0, pytest.approx(0.2)),  # the one that started first lets go first
        ([1.0], 10.0, None),  # a long run holds nothing
    ],
)
def test_when_the_turn_changes(started, now, expected):
    assert turns.next_change(started, now, 0.5) == expected


def _run_in_thread(gate: turns.Turns, order: list[int], n: int, go: threading.Event) -> threading.Thread:
    def run():
        with gate.turn():
            order.append(n)
            go.wait(10)

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _wait_for_line(gate: turns.Turns, length: int) -> None:
    # Waits on the gate's own condition, which is told of every change to the line: no clock involved.
    with gate._lock:
        assert gate._lock.wait_for(lambda: len(gate._line) == length, timeout=10)


def test_runs_go_one_at_a_time_in_the_order_asked():
    gate = turns.Turns(at_once=1, hold_s=60)
    order: list[int] = []
    go = threading.Event()
    threads = [_run_in_thread(gate, order, 0, go)]
    _wait_for_line(gate, 0)
    for n in range(1, 5):
        threads.append(_run_in_thread(gate, order, n, go))
        _wait_for_line(gate, n)
    assert order == [0]  # the others wait while the first runs
    go.set()
    for t in threads:
        t.join(10)
    assert order == [0, 1, 2, 3, 4]
    assert gate.waiting() == 0 and not gate._started


def test_a_long_run_lets_the_next_start_beside_it():
    gate = turns.Turns(at_once=1, hold_s=0.05)
    order: list[int] = []
    done = threading.Event()
    long_run = _run_in_thread(gate, order, 0, done)
    _wait_for_line(gate, 0)
    # The second run starts while the first still runs (done is not set): it waited the hold, not the run.
    with gate.turn():
        assert order == [0] and long_run.is_alive()
    done.set()
    long_run.join(10)


def test_a_failed_run_gives_its_turn_back():
    gate = turns.Turns(at_once=1, hold_s=60)
    with pytest.raises(RuntimeError), gate.turn():
        raise RuntimeError("the page raised")
    with gate.turn():  # would wait for ever if the turn were still held
        assert len(gate._started) == 1
