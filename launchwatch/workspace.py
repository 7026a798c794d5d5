"""A workspace database's dataset, held per server process and kept current by applying only what changed.

Each rerun asks the database for its change counter (one indexed query). When it moved, only the
rows written since are read (`Store.changes_since`) and applied to the held frames: a claim added to
a million is one row read, not a million. Held at module level, like `holder.Holder`, so a client's
clear-cache message cannot evict it. When the database fails, the last good dataset is kept and the
error says why; nothing is lost, since every write is one transaction.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import loading, migrations, schema, store


def _merge(frame: pd.DataFrame, changed: pd.DataFrame, key: str) -> pd.DataFrame:
    """frame with each changed row replaced in place, dropped when no longer active, or appended."""
    if changed.empty:
        return frame
    active = (
        (changed[migrations.STATUS] == migrations.ACTIVE).to_numpy()
        if migrations.STATUS in changed
        else np.ones(len(changed), bool)
    )
    changed = changed[[c for c in frame.columns]]
    pos = pd.Index(frame[key]).get_indexer(changed[key])
    out = frame.copy()
    update = (pos >= 0) & active
    if update.any():
        for col in out.columns:
            out.loc[pos[update], col] = changed[col].to_numpy()[update]
    gone = pos[(pos >= 0) & ~active]
    if len(gone):
        out = out.drop(index=out.index[gone])
    added = changed[(pos < 0) & active]
    if len(added):
        out = pd.concat([out, added], ignore_index=True)
    return out.reset_index(drop=True)


def apply(dataset: loading.Dataset, delta: store.Delta, aliases: pd.DataFrame | None = None) -> loading.Dataset:
    """The dataset with the delta's rows applied (the alias table, which has no unique key, comes whole)."""
    frames = {t.name: _merge(dataset.table(t.name), delta.rows[t.name], t.key) for t in schema.TABLES}
    return loading.Dataset(
        frames["documents"],
        frames["events"],
        frames["places"],
        frames["claims"],
        aliases=dataset.aliases if aliases is None else aliases,
        links=_merge(dataset.links, delta.rows[schema.LINKS.name], schema.LINKS.key),
    )


@dataclass
class Held:
    counter: int
    value: object  # what `build` made of the dataset (the app: dataset, flat claims, options)
    dataset: loading.Dataset


class Live:
    """One database's dataset for this process: `current()` is the up-to-date value, built by `build`."""

    def __init__(self, ws: store.Store, build):
        self.store, self.build = ws, build
        self.held: Held | None = None
        self.lock = threading.Lock()
        self.full_loads = 0
        self.delta_loads = 0

    def current(self):
        with self.lock:
            counter = self.store.change_counter()
            if self.held is not None and self.held.counter == counter:
                return self.held.value
            if self.held is None:
                counter, dataset = self.store.load_with_counter()
                self.full_loads += 1
            else:
                delta = self.store.changes_since(self.held.counter)
                aliases = self.store.aliases() if not delta.rows["aliases"].empty else None
                dataset, counter = apply(self.held.dataset, delta, aliases), delta.counter
                self.delta_loads += 1
            self.held = Held(counter, self.build(dataset), dataset)
            return self.held.value


_LIVE: dict[str, Live] = {}
_LIVE_LOCK = threading.Lock()


def live(url: str, open_store, build) -> Live:
    """The process's Live for this database, made once (open_store() opens and seeds it)."""
    with _LIVE_LOCK:
        if url not in _LIVE:
            _LIVE[url] = Live(open_store(), build)
        return _LIVE[url]
