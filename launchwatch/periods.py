"""The period an event's date stands for, given its precision.

A day-precision date is that day; a week is the seven days from its Monday; a month or a year is the
whole month or year; "before" is any time up to and including the date, with no start. The filters,
the timeline, the hover texts and the launch choice all ask this module, so an event is never inside a
range in one place and outside it in another, and a date is worded one way everywhere.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np
import pandas as pd


def _distinct(dates: pd.Series, precisions: pd.Series) -> tuple[np.ndarray, pd.Series, pd.Series]:
    """Each row's code, and the distinct (date, precision) pairs the codes number, the dates parsed.

    A million claims hold only a few thousand such pairs, and parsing a million dates would take most
    of a second: the work is done once per pair and spread back to the rows by code."""
    date_codes, date_values = pd.factorize(dates, use_na_sentinel=False)
    prec_codes, prec_values = pd.factorize(precisions, use_na_sentinel=False)
    width = max(len(prec_values), 1)
    codes, pairs = pd.factorize(date_codes.astype(np.int64) * width + prec_codes)
    start = pd.to_datetime(pd.Series(np.asarray(date_values, dtype=object)[pairs // width]))
    precision = pd.Series(np.asarray(prec_values, dtype=object)[pairs % width])
    return codes, start, precision


def per_distinct(
    dates: pd.Series, precisions: pd.Series, work: Callable[[pd.Series, pd.Series], pd.Series | list]
) -> pd.Series:
    """work(parsed dates, precisions), computed once per distinct (date, precision), for every row."""
    codes, start, precision = _distinct(dates, precisions)
    return pd.Series(np.asarray(work(start, precision))[codes], index=dates.index)


def last_day(start: pd.Series, precisions: pd.Series) -> pd.Series:
    """The last day (inclusive) each event may have happened on, from its parsed date."""
    end = start.copy()
    end = end.mask(precisions == "week", start + pd.Timedelta(days=6))
    end = end.mask(precisions == "month", start + pd.offsets.MonthEnd(0))
    end = end.mask(precisions == "year", start + pd.offsets.YearEnd(0))
    return end


def first_day(start: pd.Series, precisions: pd.Series) -> pd.Series:
    """The first day each event may have happened on: unbounded for "before"."""
    return start.mask(precisions == "before", pd.Timestamp.min)


def overlaps(dates: pd.Series, precisions: pd.Series, since, until) -> pd.Series:
    """Whether each event's period overlaps [since, until] (either may be None: no bound)."""

    def work(start: pd.Series, precision: pd.Series) -> pd.Series:
        keep = pd.Series(True, index=start.index)
        if since is not None:
            keep &= last_day(start, precision) >= pd.Timestamp(since)
        if until is not None:
            keep &= first_day(start, precision) <= pd.Timestamp(until)
        return keep

    return per_distinct(dates, precisions, work).astype(bool)


def drawn(dates: pd.Series, precisions: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Where the timeline draws each event: [start, end) of its period. A day-precision event is a point
    (start == end); so is an "on or before" event, at its bound: its start is unknown, so no span of
    dates is drawn for it (the figure marks it open-ended)."""
    codes, start, precision = _distinct(dates, precisions)
    end = (last_day(start, precision) + pd.Timedelta(days=1)).mask(precision.isin(["day", "before"]), start)
    return (
        pd.Series(start.to_numpy()[codes], index=dates.index, name="event_date"),
        pd.Series(end.to_numpy()[codes], index=dates.index, name="event_date"),
    )


# Cached: a table of a thousand rows names the same few hundred dates again and again.
@functools.lru_cache(maxsize=65536)
def label(date: pd.Timestamp | str, precision: str) -> str:
    """The date in words, at its precision and never finer: '7 Nov 2025', 'week of 27 Oct 2025', 'Oct 2025',
    '2019', 'on or before 7 Nov 2025'. Every date the app shows is written by this function."""
    d = pd.Timestamp(date)
    day = f"{d.day} {d.strftime('%b %Y')}"
    words = {
        "day": day,
        "week": f"week of {day}",
        "month": d.strftime("%b %Y"),
        "year": d.strftime("%Y"),
        "before": f"on or before {day}",
    }
    return words.get(precision, d.strftime("%Y-%m-%d"))


_ISO_FORMS = {"month": "%Y-%m", "year": "%Y"}


def searchable(date: pd.Timestamp | str, precision: str) -> str:
    """label() with the date as ISO 8601 writes it at the same precision, for a choice found by typing
    either: '7 Nov 2025 (2025-11-07)', 'Oct 2025 (2025-10)', '2019', 'on or before 7 Nov 2025 (2025-11-07)'."""
    words, iso = label(date, precision), pd.Timestamp(date).strftime(_ISO_FORMS.get(precision, "%Y-%m-%d"))
    return words if words == iso else f"{words} ({iso})"


def labels(dates: pd.Series, precisions: pd.Series) -> pd.Series:
    """label() for every row, worked out once per distinct (date, precision)."""
    return per_distinct(
        dates, precisions, lambda start, precision: [label(d, p) for d, p in zip(start, precision, strict=True)]
    )


def shown_dates(table: pd.DataFrame) -> pd.DataFrame:
    """A claims table for display: its ISO dates (event_date, resolved_date) replaced by their labels."""
    out = table.copy()
    if "event_date" in out and "date_precision" in out:
        out["event_date"] = labels(out["event_date"], out["date_precision"]).to_numpy()
    if "resolved_date" in out:
        given = out["resolved_date"].astype(str) != ""
        precision = out["resolved_precision"] if "resolved_precision" in out else pd.Series("", index=out.index)
        precision = precision.astype(str).where(precision.astype(str) != "", "day")
        out["resolved_date"] = out["resolved_date"].astype(str).astype(object)
        if given.any():
            out.loc[given, "resolved_date"] = labels(out.loc[given, "resolved_date"], precision[given]).to_numpy()
    return out
