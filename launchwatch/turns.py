"""Page runs take turns: one at a time, in the order asked, and a long run gives up its turn.

Streamlit runs each viewer's script in a thread of its own, and the threads share one interpreter
lock. Thirty viewers changing a filter at once meant thirty threads handing that lock back and
forth: a rerun cost about 0.25 s of CPU instead of 0.1 s, and the answers came back in no order, the
slowest after about 20 s (docs/loadtest.md). Taking turns, the same burst costs 0.1 s a rerun and
each viewer is answered in the order they asked.

A run that goes on past HOLD_S (a large import, a first load) keeps running but stops counting
against the turn, so the next viewer starts beside it: no viewer waits behind a long job for more
than HOLD_S, and a server whose every run is long still runs at most about run time / HOLD_S at once.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator

# Runs going at once. One interpreter runs Python one thread at a time, so more only adds switching.
AT_ONCE = 1
# Seconds a run counts against the turn. A map rerun takes 0.05-0.3 s (docs/loadtest.md); a busy machine
# stretches that, and a turn given up too soon brings back the switching it is there to avoid.
HOLD_S = 1.0


def may_start(started: list[float], now: float, at_once: int, hold_s: float) -> bool:
    """Whether the run first in line starts now, given when the running ones started."""
    return sum(1 for t in started if now - t < hold_s) < at_once


def next_change(started: list[float], now: float, hold_s: float) -> float | None:
    """Seconds until a running run stops holding its turn; None when none holds one."""
    left = [t + hold_s - now for t in started if now - t < hold_s]
    return max(min(left), 0.0) if left else None


class Turns:
    """First come, first served, AT_ONCE at a time, a turn held for at most HOLD_S."""

    def __init__(self, at_once: int = AT_ONCE, hold_s: float = HOLD_S, clock: Callable[[], float] = time.monotonic):
        self.at_once, self.hold_s, self._clock = at_once, hold_s, clock
        # A condition only so that an observer (a test) can wait for the line to change; runs wait on
        # their own events.
        self._lock = threading.Condition()
        # Each waiting run has an event of its own, set when it may start: only that run wakes, not the
        # whole line (waking thirty threads for one start was itself lock traffic).
        self._line: deque[threading.Event] = deque()
        self._started: dict[threading.Event, float] = {}

    @contextlib.contextmanager
    def turn(self) -> Iterator[None]:
        mine = threading.Event()
        with self._lock:
            self._line.append(mine)
            self._admit()
        try:
            while not mine.is_set():
                with self._lock:
                    wait = next_change(list(self._started.values()), self._clock(), self.hold_s)
                mine.wait(wait)
                with self._lock:
                    self._admit()
            yield
        finally:
            with self._lock:
                if mine in self._line:  # its wait was broken off
                    self._line.remove(mine)
                self._started.pop(mine, None)
                self._admit()

    def _admit(self) -> None:
        """Start, in order, the runs first in line that may start now (the lock held)."""
        while self._line and may_start(list(self._started.values()), self._clock(), self.at_once, self.hold_s):
            first = self._line.popleft()
            self._started[first] = self._clock()
            first.set()
        self._lock.notify_all()

    def waiting(self) -> int:
        with self._lock:
            return len(self._line)


PAGE_RUNS = Turns()
