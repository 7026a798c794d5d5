"""A workspace database's dataset, held per server process and kept current by applying only what changed.

Each rerun asks the database for its change counter (one indexed query). When it moved, only the
rows written since are read (`Store.changes_since`) and applied to the held frames, and to what was
built from them (`update`): the flat claims table gets only the affected rows rebuilt, replaced in
place or appended, so a claim added to a million is one row read and one row joined, not a million
reloaded and re-joined. Held at module level, like `holder.Holder`, so a client's
clear-cache message cannot evict it. When the database fails, the last good dataset is kept and the
error says why; nothing is lost, since every write is one transaction.
"""

from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import exports, linking, loading, migrations, schema, store
from .options import Options, options_after, options_for


def _merge(frame: pd.DataFrame, changed: pd.DataFrame, key: str) -> pd.DataFrame:
    """frame with each changed row replaced in place, dropped when no longer active, or appended.

    The held frame is shared by every session, so it is never changed: the result is a new frame,
    spliced from slices of the old one (no row of it is copied one by one, no column rewritten
    whole). The changed rows are found by scanning the key column against the few changed keys.
    """
    if changed.empty:
        return frame
    active = (
        (changed[migrations.STATUS] == migrations.ACTIVE).to_numpy()
        if migrations.STATUS in changed
        else np.ones(len(changed), bool)
    )
    changed = changed[list(frame.columns)].reset_index(drop=True)
    where = np.flatnonzero(frame[key].isin(changed[key]).to_numpy())
    pos = np.full(len(changed), -1)  # where each changed row sits in frame; -1: a new row
    pos[pd.Index(changed[key]).get_indexer(frame[key].iloc[where].to_numpy())] = where
    pieces, start = [], 0
    for row in sorted(np.flatnonzero(pos >= 0), key=lambda r: pos[r]):
        pieces.append(frame.iloc[start : pos[row]])
        if active[row]:
            pieces.append(changed.iloc[row : row + 1])
        start = pos[row] + 1
    pieces += [frame.iloc[start:], changed[(pos < 0) & active]]
    kept = [piece for piece in pieces if len(piece)]
    if not kept:
        return frame.iloc[0:0].reset_index(drop=True)
    return pd.concat(kept, ignore_index=True)


def apply(dataset: loading.Dataset, delta: store.Delta, aliases: pd.DataFrame | None = None) -> loading.Dataset:
    """The dataset with the delta's rows applied (the alias table, which has no unique key, comes whole)."""
    frames = {t.name: _merge(dataset.table(t.name), delta.rows[t.name], t.key) for t in schema.TABLES}
    return loading.Dataset(
        frames["documents"],
        frames["events"],
        frames["places"],
        frames["claims"],
        aliases=dataset.aliases if aliases is None else aliases,
        reference_places=_reference(dataset.reference_places, delta.rows.get(schema.REFERENCE_PLACES.name)),
        links=_merge(dataset.links, delta.rows[schema.LINKS.name], schema.LINKS.key),
        stored_quote=dataset.stored_quote,
    )


def build(dataset: loading.Dataset) -> tuple[loading.Dataset, pd.DataFrame, Options]:
    """What the pages read: the dataset with confirmed links applied (launchwatch.linking), its flat
    claims table (exports.flat_claims) and the sidebar's options."""
    dataset = linking.resolve(dataset)
    flat = exports.flat_claims(dataset)
    return dataset, flat, options_for(dataset, flat)


def flat_after(flat: pd.DataFrame, dataset: loading.Dataset, delta: store.Delta) -> pd.DataFrame:
    """The flat claims table of `dataset` (the delta applied), made from the one before the delta.

    Rebuilt are only the rows of the claims the delta touched, and of the claims of events (or events
    at places) it changed; each replaces its row, goes when no longer active, or is appended, in the
    order of dataset.claims, so the result equals exports.flat_claims(dataset). A change to the alias
    table, which names who stands behind any claim, rebuilds it whole.
    """
    rows = delta.rows
    if not rows["aliases"].empty:
        return exports.flat_claims(dataset)
    events = set(rows["events"]["event_id"])
    if not rows["places"].empty:
        at_places = dataset.events["place_id"].isin(rows["places"]["place_id"])
        events |= set(dataset.events.loc[at_places, "event_id"])
    claims = rows["claims"]
    if events:
        claims = pd.concat([claims, _active(dataset.claims[dataset.claims["event_id"].isin(events)])])
        claims = claims.drop_duplicates("claim_id", keep="first")
    if claims.empty:
        # The same rows as a new table: what pages keep is kept per claims table (memo.for_table) and may
        # read beside it what changed here (a place no claim names yet, a report, a reference place).
        return flat.copy(deep=False)
    # Joined with their own events only. Claims no longer active are joined too (their event and place
    # still exist): _merge drops them.
    own = dataclasses.replace(
        dataset,
        claims=claims.drop(columns=migrations.STATUS),
        events=dataset.events[dataset.events["event_id"].isin(list(set(claims["event_id"])))],
    )
    changed = exports.flat_claims(own)
    return _merge(flat, changed.assign(**{migrations.STATUS: claims[migrations.STATUS].to_numpy()}), "claim_id")


def _active(claims: pd.DataFrame) -> pd.DataFrame:
    return claims.assign(**{migrations.STATUS: migrations.ACTIVE})


def update(held, dataset: loading.Dataset, delta: store.Delta) -> tuple[loading.Dataset, pd.DataFrame, Options]:
    """build(dataset), from what build made of the dataset before the delta."""
    rows = delta.rows
    if len(dataset.links) and not (rows[schema.LINKS.name].empty and rows["events"].empty and rows["places"].empty):
        return build(dataset)  # linked events' claims move between events: joined again whole
    resolved = linking.resolve(dataset)
    if resolved is not dataset:  # the changed claims, on their linked events as resolve puts them
        claims = linking.resolve(dataclasses.replace(dataset, claims=rows["claims"])).claims
        delta = dataclasses.replace(delta, rows={**rows, "claims": claims})
    flat = flat_after(held[1], resolved, delta)
    return resolved, flat, options_after(held[2], resolved, flat, delta.rows)


def _reference(held: pd.DataFrame | None, changed: pd.DataFrame | None) -> pd.DataFrame | None:
    if changed is None or changed.empty:
        return held
    return changed.copy() if held is None else _merge(held, changed, schema.REFERENCE_PLACES.key)


@dataclass
class Held:
    counter: int
    value: object  # what `build` made of the dataset (the app: dataset, flat claims, options)
    dataset: loading.Dataset


class Live:
    """One database's dataset for this process: `current()` is the up-to-date value, made by `build` from a
    full load, and after a change by `update(value, dataset, delta)` when given (else `build` again)."""

    def __init__(self, ws: store.Store, build, update=None):
        self.store, self.build, self.update = ws, build, update
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
                dataset = apply(self.held.dataset, delta, aliases)
                self.delta_loads += 1
                if self.update is not None:
                    self.held = Held(delta.counter, self.update(self.held.value, dataset, delta), dataset)
                    return self.held.value
                counter = delta.counter
            self.held = Held(counter, self.build(dataset), dataset)
            return self.held.value


_LIVE: dict[str, Live] = {}
_LIVE_LOCK = threading.Lock()


def live(url: str, open_store, build=build, update=update) -> Live:
    """The process's Live for this database, made once (open_store() opens and seeds it)."""
    with _LIVE_LOCK:
        if url not in _LIVE:
            _LIVE[url] = Live(open_store(), build, update)
        return _LIVE[url]


def _live_of(url: str | None) -> Live | None:
    with _LIVE_LOCK:
        return _LIVE.get(url) if url else None


def store_of(url: str | None) -> store.Store | None:
    """The workspace database this process reads the dataset of `url` from, or None when it reads none."""
    held = _live_of(url)
    return held.store if held is not None else None


def version_of(url: str | None) -> int | None:
    """The change counter of the dataset this process holds of `url`'s database (None: none held). What a
    page reads from the database beside the dataset (a claim's record) stays true while it is unchanged,
    since every write moves it: a key for keeping that, asked without asking the database."""
    live = _live_of(url)
    held = live.held if live is not None else None
    return held.counter if held is not None else None
