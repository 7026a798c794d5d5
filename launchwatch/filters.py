"""The per-source filters, as pure functions over the flat claims table.

The dashboard, the command line's export and the tests all filter through `apply`, so a link, a
download and an export of the same filters always hold the same rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import columnar, periods


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
    """Rows of the flat claims table (see exports.flat_claims) that pass every filter.

    A date filter keeps an event whose period (see periods) overlaps the range: an event known only
    to the month is not lost because the range starts mid-month.
    """
    mask = pd.Series(True, index=claims.index)
    if state.documents:
        mask &= claims["document"].isin(state.documents)
    if state.originators:
        mask &= claims["originator"].isin(state.originators)
    if state.originator_kinds:
        mask &= claims["originator_kind"].isin(state.originator_kinds)
    if state.event_types:
        mask &= claims["event_type"].isin(state.event_types)
    for attribute, chosen in (("missile_class", state.missile_classes), ("outcome", state.outcomes)):
        if chosen:
            mask &= claims["event_id"].isin(events_claiming(claims, attribute, chosen))
    if state.since is not None or state.until is not None:
        mask &= periods.overlaps(claims["event_date"], claims["date_precision"], state.since, state.until)
    view = claims[mask]
    keep = mask.to_numpy(dtype=bool)
    columnar.remember_cut(claims, view, None if keep.all() else np.flatnonzero(keep))
    return view


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
