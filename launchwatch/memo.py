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

# Bounds per claims table, whichever is reached first; the least recently used entry goes first, so the
# views viewers come back to stay and a rare filter combination goes. Entries: a run of the map page reads
# about fifteen, and thirty viewers each on links of their own (scripts/serverload.py) need a few hundred
# held for what their runs share (the places, the outlines, the launch) to stay. Bytes: the frames and
# arrays held, weighed when held (weigh: a filtered view, a cut of one event's claims, a map layer's and
# a kept figure's arrays); texts and Python's own objects weigh nothing and count as entries only. A new
# view of the bundled data holds about 2.5 entries and 0.3 MB of the server's memory, so 512 entries keep
# about 200 views in 70 MB (2048 held 800 views for 2 points more of hit rate, docs/loadtest.md). A kept
# view has a memo of its own (the cuts taken from it, one event's claims each: columnar.where), bounded
# alike, which goes when the view is evicted: the bytes weighed here do not include it.
SIZE = 512
BYTES = 512 * 2**20


class Memo:
    """A bounded, thread-safe least-recently-used store of derived values."""

    def __init__(self, size: int = SIZE, budget: int = BYTES):
        self._size, self._budget = size, budget
        self._entries: OrderedDict[Hashable, tuple[object, int]] = OrderedDict()
        self._bytes = 0
        self._making: dict[Hashable, _Making] = {}
        self._lock = threading.Lock()
        self.made = 0  # how many values were computed (a test counts them)
        self.hits = 0  # how many were found held (the load test reports the share)

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        """The value for key, made by make() when it is not held. Sessions asking for a key another is
        making wait for that value instead of making it too: thirty viewers opening the same launch at
        once build its figure once, not thirty times over one interpreter (docs/loadtest.md)."""
        while True:
            with self._lock:
                if key in self._entries:
                    self._entries.move_to_end(key)
                    self.hits += 1
                    return self._entries[key][0]
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
        """Keep value under key, the least recently used going first past either bound (the lock held); the
        newest entry stays even when it alone is over the bytes."""
        if key in self._entries:
            self._bytes -= self._entries.pop(key)[1]
        weight = weigh(value)
        self._entries[key] = (value, weight)
        self._bytes += weight
        while len(self._entries) > 1 and (len(self._entries) > self._size or self._bytes > self._budget):
            self._bytes -= self._entries.popitem(last=False)[1][1]

    def noted(self, key: Hashable, default: object = None) -> object:
        """What note() holds under key, else default."""
        with self._lock:
            held = self._entries.get(key)
            return default if held is None else held[0]

    @property
    def bytes(self) -> int:
        """The weight of what is held (see weigh)."""
        return self._bytes

    def __len__(self) -> int:
        return len(self._entries)


def weigh(value: object, depth: int = 3) -> int:
    """The bytes of a value's frames and arrays (their buffers, not Python's own objects), looked for up to
    three levels into tuples, lists and dicts (a map layer is a list of trace dicts holding arrays), and of
    any value that states its own `nbytes` (a kept figure): what grows with the data. Texts and anything
    else weigh nothing here: they are counted as entries."""
    if isinstance(value, pd.DataFrame):
        # Column by column: a third of the time memory_usage() takes to say the same.
        return int(value.index.nbytes) + sum(int(column.array.nbytes) for _, column in value.items())
    stated = getattr(value, "nbytes", None)
    if isinstance(stated, int | np.integer):
        return int(stated)
    if depth and isinstance(value, dict):
        return sum(weigh(v, depth - 1) for v in value.values())
    if depth and isinstance(value, tuple | list):
        return sum(weigh(v, depth - 1) for v in value)
    return 0


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
    if _MEMOS_LOCK is None or _MEMOS is None:  # the interpreter is shutting down and cleared this module
        return
    with _MEMOS_LOCK:
        held = _MEMOS.get(ident)
        if held is not None and held[0] is ref:
            del _MEMOS[ident]


def rows(claims: pd.DataFrame) -> tuple[int, str]:
    """Which claims of their table these rows are, in this order, as a short key: their count and a digest
    of their ids (about 40 ms for a million), worked out once per frame (the very object: a view kept
    between reruns, or a cut of it, is not digested again)."""
    kept = for_table(claims)
    known = kept.noted("rows")
    if known is None:
        known = _digest(claims)
        kept.note("rows", known)
    return known


def _digest(claims: pd.DataFrame) -> tuple[int, str]:
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
