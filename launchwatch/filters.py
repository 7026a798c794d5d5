"""The per-source filters, as pure functions over the flat claims table.

The dashboard, the command line's export and the tests all filter through `apply`, so a link, a
download and an export of the same filters always hold the same rows.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class FilterState:
    documents: tuple[str, ...] = ()  # empty: no restriction
    originators: tuple[str, ...] = ()
    originator_kinds: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None

    @property
    def is_default(self) -> bool:
        return self == FilterState()


def event_period_end(dates: pd.Series, precisions: pd.Series) -> pd.Series:
    """The last day each event may have happened on, given its date precision."""
    end = dates.copy()
    end = end.mask(precisions == "week", dates + pd.Timedelta(days=6))
    end = end.mask(precisions == "month", dates + pd.offsets.MonthEnd(0))
    end = end.mask(precisions == "year", dates + pd.offsets.YearEnd(0))
    return end


def apply(claims: pd.DataFrame, state: FilterState) -> pd.DataFrame:
    """Rows of the flat claims table (see exports.flat_claims) that pass every filter.

    A date filter keeps an event whose period overlaps the range: an event known only to the month
    is not lost because the range starts mid-month.
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
    if state.since is not None or state.until is not None:
        mask &= _in_range(claims["event_date"], claims["date_precision"], state.since, state.until)
    return claims[mask]


def _in_range(dates: pd.Series, precisions: pd.Series, since: dt.date | None, until: dt.date | None) -> pd.Series:
    """Whether each row's event period overlaps [since, until].

    Worked out once per distinct (date, precision) and spread back to the rows: a million claims
    have only a few thousand of them, and parsing a million dates would take most of a second.
    """
    date_codes, date_values = pd.factorize(dates, use_na_sentinel=False)
    prec_codes, prec_values = pd.factorize(precisions, use_na_sentinel=False)
    width = max(len(prec_values), 1)
    codes, pairs = pd.factorize(date_codes.astype(np.int64) * width + prec_codes)
    start = pd.to_datetime(pd.Series(np.asarray(date_values, dtype=object)[pairs // width]))
    precision = pd.Series(np.asarray(prec_values, dtype=object)[pairs % width])
    end = event_period_end(start, precision)
    # "before" events have only an upper bound: they may have happened any time up to their date.
    start = start.mask(precision == "before", pd.Timestamp.min)
    keep = pd.Series(True, index=start.index)
    if since is not None:
        keep &= end >= pd.Timestamp(since)
    if until is not None:
        keep &= start <= pd.Timestamp(until)
    return pd.Series(keep.to_numpy()[codes], index=dates.index)


def why_empty(claims: pd.DataFrame, state: FilterState) -> list[str]:
    """For an empty result: which single filter, on its own, already leaves nothing."""
    reasons = []
    checks = {
        "documents": "report(s) " + ", ".join(state.documents),
        "originators": "originator(s) " + ", ".join(state.originators),
        "originator_kinds": "kind(s) of source " + ", ".join(state.originator_kinds),
        "event_types": "event type(s) " + ", ".join(state.event_types),
    }
    for attr, label in checks.items():
        if getattr(state, attr) and apply(claims, FilterState(**{attr: getattr(state, attr)})).empty:
            reasons.append(f"no claims match {label}")
    if (state.since or state.until) and apply(claims, FilterState(since=state.since, until=state.until)).empty:
        reasons.append(f"no events fall between {state.since or 'the start'} and {state.until or 'the end'}")
    if not reasons:
        reasons.append("each filter matches claims on its own, but no claim matches all of them together")
    return reasons
