"""What a page derives from one version of the claims (figures, key facts, tables), made once and reused by
every viewer and rerun that asks for the same thing.

A rerun of the map page spent most of its time rebuilding, for the same claims, the same figure and
tables it had built the run before (docs/loadtest.md). Each flat claims table (one per dataset version:
the holder and the workspace make a new one when the data changes, an upload has its own) gets a memo
of its own, so a key never has to name the version, and it goes when the table goes. A key names what
the value is made of: `rows(frame)` for the claims it reads (their ids, which are unique within a
table), and every other input (launch in focus, selection, bearing). Values are shared between
sessions: callers must not change them.

Not `st.cache_data`: a client's clear-cache message would empty it for every viewer (see holder).
"""

from __future__ import annotations

import hashlib
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

import numpy as np
import pandas as pd
import pyarrow as pa

T = TypeVar("T")

# Entries per claims table: a run of the map page reads about ten; the views viewers come back to
# stay, a rare filter combination goes first. The largest entries (a map's event markers) are bounded by
# the figures' own limits, a few hundred kB even at a million claims.
SIZE = 256


class Memo:
    """A bounded, thread-safe least-recently-used store of derived values."""

    def __init__(self, size: int = SIZE):
        self._size = size
        self._entries: OrderedDict[Hashable, object] = OrderedDict()
        self._making: dict[Hashable, _Making] = {}
        self._lock = threading.Lock()
        self.made = 0  # how many values were computed (a test counts them)

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        """The value for key, made by make() when it is not held. Sessions asking for a key another is
        making wait for that value instead of making it too: thirty viewers opening the same launch at
        once build its figure once, not thirty times over one interpreter (docs/loadtest.md)."""
        while True:
            with self._lock:
                if key in self._entries:
                    self._entries.move_to_end(key)
                    return self._entries[key]
                making = self._making.get(key)
                if making is None or making.thread == threading.get_ident():
                    making = self._making[key] = _Making()
                    break
            # Made by another session: its value, or, if its run stopped (an error, a rerun asked for
            # while it ran), made here.
            making.done.wait()
        try:
            value = make()
        except BaseException:
            self._finish(key, making)
            raise
        with self._lock:
            self.made += 1
            self._hold(key, value)
        self._finish(key, making)
        return value

    def _finish(self, key: Hashable, making: _Making) -> None:
        with self._lock:
            if self._making.get(key) is making:
                del self._making[key]
        making.done.set()

    def note(self, key: Hashable, value: object) -> None:
        """Hold a fact about the table (where it was cut from), not a value made from it: not counted."""
        with self._lock:
            self._hold(key, value)

    def _hold(self, key: Hashable, value: object) -> None:
        """Keep value under key, the least recently used going first past the size (the lock held)."""
        self._entries[key] = value
        while len(self._entries) > self._size:
            self._entries.popitem(last=False)

    def noted(self, key: Hashable, default: object = None) -> object:
        """What note() holds under key, else default."""
        with self._lock:
            return self._entries.get(key, default)

    def __len__(self) -> int:
        return len(self._entries)


class _Making:
    """A value being made: by which thread, and when it is done (held, or given up)."""

    def __init__(self):
        self.thread = threading.get_ident()
        self.done = threading.Event()


_MEMOS: dict[int, tuple[weakref.ref, Memo]] = {}
# Re-entrant: a table collected while this lock is held (a collection can run at any allocation) calls
# _forget on the same thread.
_MEMOS_LOCK = threading.RLock()


def for_table(claims: pd.DataFrame) -> Memo:
    """The memo of this flat claims table (the very object: a new version of the data is a new table)."""
    ident = id(claims)
    with _MEMOS_LOCK:
        held = _MEMOS.get(ident)
        if held is not None and held[0]() is claims:
            return held[1]
        memo = Memo()
        _MEMOS[ident] = (weakref.ref(claims, lambda _ref, i=ident: _forget(i, _ref)), memo)
        return memo


def _forget(ident: int, ref: weakref.ref) -> None:
    with _MEMOS_LOCK:
        held = _MEMOS.get(ident)
        if held is not None and held[0] is ref:
            del _MEMOS[ident]


def rows(claims: pd.DataFrame) -> tuple[int, str]:
    """Which claims of their table these rows are, in this order, as a short key: their count and a digest
    of their ids (about 40 ms for a million)."""
    ids = pa.array(claims["claim_id"].array)
    if isinstance(ids, pa.ChunkedArray):
        ids = ids.combine_chunks()
    digest = hashlib.sha256()
    if pa.types.is_string(ids.type) or pa.types.is_large_string(ids.type):
        # The text of every id, and where each ends: the ids themselves, whatever slice of which buffer
        # holds them.
        width = np.int32 if pa.types.is_string(ids.type) else np.int64
        _, offsets, data = ids.buffers()
        ends = np.frombuffer(offsets, dtype=width)[ids.offset : ids.offset + len(ids) + 1]
        digest.update((ends - ends[0]).tobytes() if len(ends) else b"")
        if data is not None and len(ends):
            digest.update(memoryview(data)[int(ends[0]) : int(ends[-1])])
    else:
        digest.update(pd.util.hash_pandas_object(claims["claim_id"], index=False).to_numpy().tobytes())
    return len(claims), digest.hexdigest()
