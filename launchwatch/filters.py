"""The per-source filters, as pure functions over the flat claims table.

The dashboard, the command line's export and the tests all filter through `apply`, so a link, a
download and an export of the same filters always hold the same rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import columnar, memo, periods


@dataclass(frozen=True)
class FilterState:
    documents: tuple[str, ...] = ()  # empty: no restriction
    originators: tuple[str, ...] = ()
    originator_kinds: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None
    missile_classes: tuple[str, ...] = ()  # events with a missile_class claim of one of these
    outcomes: tuple[str, ...] = ()  # events with an outcome claim of one of these

    @property
    def is_default(self) -> bool:
        return self == FilterState()


def apply(claims: pd.DataFrame, state: FilterState) -> pd.DataFrame:
    """Rows of the flat claims table (see exports.flat_claims) that pass every filter: the table itself
    when every row does. Read only: a view is kept per table and filters, for every viewer and rerun
    asking for it, and what is derived from it (columnar.where) is kept with it.

    A date filter keeps an event whose period (see periods) overlaps the range: an event known only
    to the month is not lost because the range starts mid-month.
    """
    # None when every row passes: the table's memo must not hold the table itself, or it would never go.
    cut = memo.for_table(claims).get(("view", state), lambda: _cut(claims, state))
    return claims if cut is None else cut


def _cut(claims: pd.DataFrame, state: FilterState) -> pd.DataFrame | None:
    # Plain boolean arrays, row for row: every test is of these same rows, and pandas' `&=` on Series
    # aligns their indexes again at each step (a millisecond each, on every rerun of every viewer).
    mask = np.ones(len(claims), dtype=bool)
    chosen_in = {
        "document": state.documents,
        "originator": state.originators,
        "originator_kind": state.originator_kinds,
        "event_type": state.event_types,
    }
    for column, chosen in chosen_in.items():
        if chosen:
            mask &= claims[column].isin(chosen).to_numpy(dtype=bool)
    for attribute, chosen in (("missile_class", state.missile_classes), ("outcome", state.outcomes)):
        if chosen:
            mask &= claims["event_id"].isin(events_claiming(claims, attribute, chosen)).to_numpy(dtype=bool)
    if state.since is not None or state.until is not None:
        mask &= _within(claims, state.since, state.until)
    return None if mask.all() else columnar.take(claims, np.flatnonzero(mask))


def _within(claims: pd.DataFrame, since: dt.date | None, until: dt.date | None) -> np.ndarray:
    """Whether each claim's event overlaps [since, until]: kept per claims table (a version of the data) and
    dates, since viewers choose among few dates and working out each period again took most of a filter
    change's time."""

    def work() -> np.ndarray:
        within = periods.overlaps(claims["event_date"], claims["date_precision"], since, until).to_numpy(dtype=bool)
        within.setflags(write=False)  # shared by every viewer of this table
        return within

    return memo.for_table(claims).get(("within", since, until), work)


def events_claiming(claims: pd.DataFrame, attribute: str, values) -> pd.Series:
    """Ids of the events that have a claim of `attribute` with one of `values` (a fact about the event)."""
    said = claims[claims["attribute"] == attribute]
    return said.loc[said["value"].isin(values), "event_id"].drop_duplicates()


def why_empty(claims: pd.DataFrame, state: FilterState) -> list[str]:
    """For an empty result: which single filter, on its own, already leaves nothing."""
    reasons = []
    checks = {
        "documents": "report(s) " + ", ".join(state.documents),
        "originators": "originator(s) " + ", ".join(state.originators),
        "originator_kinds": "kind(s) of source " + ", ".join(state.originator_kinds),
        "event_types": "event type(s) " + ", ".join(state.event_types),
        "missile_classes": "missile class(es) " + ", ".join(state.missile_classes),
        "outcomes": "outcome(s) " + ", ".join(state.outcomes),
    }
    for attr, label in checks.items():
        if getattr(state, attr) and apply(claims, FilterState(**{attr: getattr(state, attr)})).empty:
            reasons.append(f"no claims match {label}")
    if (state.since or state.until) and apply(claims, FilterState(since=state.since, until=state.until)).empty:
        reasons.append(f"no events fall between {state.since or 'the start'} and {state.until or 'the end'}")
    if not reasons:
        reasons.append("each filter matches claims on its own, but no claim matches all of them together")
    return reasons
