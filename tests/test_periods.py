"""What an event's date stands for at each precision: one table of cases for the filters and the timeline."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from launchwatch import periods


def _one(date: str, precision: str) -> tuple[pd.Series, pd.Series]:
    return pd.Series([date]), pd.Series([precision])


@pytest.mark.parametrize(
    "date,precision,last",
    [
        ("2025-11-07", "day", "2025-11-07"),
        ("2025-11-03", "week", "2025-11-09"),
        ("2025-11-01", "month", "2025-11-30"),
        ("2024-02-01", "month", "2024-02-29"),
        ("2025-01-01", "year", "2025-12-31"),
        ("2025-11-07", "before", "2025-11-07"),
    ],
)
def test_last_day_of_the_period(date, precision, last):
    dates, precisions = _one(date, precision)
    assert periods.last_day(pd.to_datetime(dates), precisions)[0] == pd.Timestamp(last)


@pytest.mark.parametrize(
    "date,precision,since,until,inside",
    [
        ("2025-11-01", "month", "2025-11-15", None, True),  # a month-only event is not lost mid-month
        ("2025-11-01", "month", "2025-12-01", None, False),
        ("2025-11-03", "week", None, "2025-11-03", True),
        ("2025-11-03", "week", "2025-11-09", "2025-11-20", True),
        ("2025-11-03", "week", "2025-11-10", None, False),
        ("2025-11-07", "day", "2025-11-08", None, False),
        ("2025-11-07", "before", None, "1990-01-01", True),  # any time up to its date
        ("2025-11-07", "before", "2025-11-08", None, False),
        ("2025-01-01", "year", "2025-12-31", "2026-01-05", True),
    ],
)
def test_a_date_range_keeps_every_event_whose_period_overlaps_it(date, precision, since, until, inside):
    dates, precisions = _one(date, precision)
    since = dt.date.fromisoformat(since) if since else None
    until = dt.date.fromisoformat(until) if until else None
    assert bool(periods.overlaps(dates, precisions, since, until)[0]) is inside


@pytest.mark.parametrize(
    "date,precision,start,end",
    [
        ("2025-11-07", "day", "2025-11-07", "2025-11-07"),  # a point
        ("2025-11-03", "week", "2025-11-03", "2025-11-10"),
        ("2025-11-01", "month", "2025-11-01", "2025-12-01"),
        ("2025-01-01", "year", "2025-01-01", "2026-01-01"),
        ("2025-11-07", "before", "2025-11-07", "2025-11-07"),  # its bound alone: no start is reported
    ],
)
def test_timeline_draws_the_period(date, precision, start, end):
    got_start, got_end = periods.drawn(*_one(date, precision))
    assert (got_start[0], got_end[0]) == (pd.Timestamp(start), pd.Timestamp(end))


@pytest.mark.parametrize(
    "date,precision,text",
    [
        ("2025-11-07", "day", "7 Nov 2025"),
        ("2025-11-03", "week", "week of 3 Nov 2025"),
        ("2025-10-01", "month", "Oct 2025"),
        ("2019-01-01", "year", "2019"),
        ("2025-11-07", "before", "on or before 7 Nov 2025"),
    ],
)
def test_label_never_says_more_than_the_precision(date, precision, text):
    assert periods.label(date, precision) == text
    assert list(periods.labels(*_one(date, precision))) == [text]


@pytest.mark.parametrize(
    "date,precision,text",
    [
        ("2025-11-07", "day", "7 Nov 2025 (2025-11-07)"),
        ("2025-11-03", "week", "week of 3 Nov 2025 (2025-11-03)"),
        ("1984-09-01", "month", "Sep 1984 (1984-09)"),  # never a made-up first day
        ("1993-01-01", "year", "1993"),  # the same in both forms: said once
        ("2025-11-07", "before", "on or before 7 Nov 2025 (2025-11-07)"),
    ],
)
def test_a_searchable_date_is_the_label_with_the_date_as_typed(date, precision, text):
    assert periods.searchable(date, precision) == text
    assert periods.searchable(date, precision).startswith(periods.label(date, precision))


def test_rows_keep_their_own_period_when_pairs_repeat():
    dates = pd.Series(["2025-11-01", "2025-11-07", "2025-11-01", "2025-11-01"], index=[10, 11, 12, 13])
    precisions = pd.Series(["month", "day", "month", "day"], index=dates.index)
    keep = periods.overlaps(dates, precisions, dt.date(2025, 11, 5), None)
    assert keep.to_dict() == {10: True, 11: True, 12: True, 13: False}
