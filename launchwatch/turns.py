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
import itertools
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator

# Runs going at once. One interpreter runs Python one thread at a time, so more only adds switching.
AT_ONCE = 1
# Seconds a run counts against the turn. A map rerun takes 0.05-0.2 s (docs/loadtest.md).
HOLD_S = 0.5


def may_start(first_in_line: bool, started: list[float], now: float, at_once: int, hold_s: float) -> bool:
    """Whether the run first in line starts now, given when the running ones started."""
    holding = sum(1 for t in started if now - t < hold_s)
    return first_in_line and holding < at_once


def next_change(started: list[float], now: float, hold_s: float) -> float | None:
    """Seconds until a running run stops holding its turn; None when none holds one."""
    left = [t + hold_s - now for t in started if now - t < hold_s]
    return max(min(left), 0.0) if left else None


class Turns:
    """First come, first served, AT_ONCE at a time, a turn held for at most HOLD_S."""

    def __init__(self, at_once: int = AT_ONCE, hold_s: float = HOLD_S, clock: Callable[[], float] = time.monotonic):
        self.at_once, self.hold_s, self._clock = at_once, hold_s, clock
        self._changed = threading.Condition()
        self._line: deque[int] = deque()
        self._started: dict[int, float] = {}
        self._tickets = itertools.count()

    @contextlib.contextmanager
    def turn(self) -> Iterator[None]:
        with self._changed:
            ticket = next(self._tickets)
            self._line.append(ticket)
            try:
                while not may_start(
                    self._line[0] == ticket, list(self._started.values()), self._clock(), self.at_once, self.hold_s
                ):
                    self._changed.wait(next_change(list(self._started.values()), self._clock(), self.hold_s))
            finally:
                # Out of the line whether it starts or its wait was broken off.
                self._line.remove(ticket)
                self._changed.notify_all()
            self._started[ticket] = self._clock()
        try:
            yield
        finally:
            with self._changed:
                del self._started[ticket]
                self._changed.notify_all()

    def waiting(self) -> int:
        with self._changed:
            return len(self._line)


PAGE_RUNS = Turns()
