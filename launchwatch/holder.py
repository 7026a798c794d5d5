"""The loaded datasets of this server process, shared by every viewer, in a holder of their own.

Not `st.cache_resource`: any websocket client can send Streamlit's clear-cache message, which empties
every `st.cache_data` and `st.cache_resource` for all viewers, and the next page of every viewer then
waits for a reload (seconds at 200,000 claims). Nothing a client sends reaches this holder. An entry is
replaced when its key changes (a dataset file's size or time, later the workspace database's change
counter), and the least recently used goes when more than `size` are held.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")
log = logging.getLogger(__name__)


class Holder(Generic[T]):
    def __init__(self, load: Callable[[str], T], size: int = 8):
        self._load = load
        self._size = size
        self._entries: OrderedDict[Hashable, T] = OrderedDict()
        self._lock = threading.Lock()
        self._loading: dict[Hashable, threading.Lock] = {}
        self.loads = 0  # how many times a dataset was read: a test and the load test count reloads

    def holds(self, name: str, key: Hashable) -> bool:
        with self._lock:
            return (name, key) in self._entries

    def get(self, name: str, key: Hashable) -> T:
        """The value for (name, key), loading it once however many sessions ask at the same moment.

        A load that raises is not held: the next request tries again.
        """
        entry = (name, key)
        with self._lock:
            if entry in self._entries:
                self._entries.move_to_end(entry)
                return self._entries[entry]
            once = self._loading.setdefault(entry, threading.Lock())
        with once:
            with self._lock:
                if entry in self._entries:
                    return self._entries[entry]
            started = time.perf_counter()
            try:
                value = self._load(name)
            finally:
                with self._lock:
                    self._loading.pop(entry, None)
            with self._lock:
                self.loads += 1
                self._entries[entry] = value
                # Older versions of the same folder are never asked for again.
                for old in [e for e in self._entries if e[0] == name and e != entry]:
                    del self._entries[old]
                while len(self._entries) > self._size:
                    self._entries.popitem(last=False)
            log.info("Loaded dataset %s in %.1f s", _name_only(name), time.perf_counter() - started)
            return value


def _name_only(folder: str) -> str:
    return folder.rstrip("/").rsplit("/", 1)[-1]
