"""What an event's date stands for at each precision: one table of cases for the filters and the timeline."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from launchwatch import periods


def _one(date: str, precision: str) -> tuple[pd.Series, pd.Series]:
    return pd.Series([date]), pd.Series([precision])


# (date, precision): the period's last day, the end the timeline draws it to (exclusive), its label, and
# the searchable form that adds the date as typed. Every period is drawn from its date.
PERIODS = [
    ("2025-11-07", "day", "2025-11-07", "2025-11-07", "7 Nov 2025", "7 Nov 2025 (2025-11-07)"),  # a point
    ("2025-11-03", "week", "2025-11-09", "2025-11-10", "week of 3 Nov 2025", "week of 3 Nov 2025 (2025-11-03)"),
    ("2025-11-01", "month", "2025-11-30", "2025-12-01", "Nov 2025", "Nov 2025 (2025-11)"),
    ("2024-02-01", "month", "2024-02-29", "2024-03-01", "Feb 2024", "Feb 2024 (2024-02)"),
    ("1984-09-01", "month", "1984-09-30", "1984-10-01", "Sep 1984", "Sep 1984 (1984-09)"),  # never a made-up day
    ("2025-01-01", "year", "2025-12-31", "2026-01-01", "2025", "2025"),  # the same in both forms: said once
    # its bound alone: no start is reported
    (
        "2025-11-07",
        "before",
        "2025-11-07",
        "2025-11-07",
        "on or before 7 Nov 2025",
        "on or before 7 Nov 2025 (2025-11-07)",
    ),
]


@pytest.mark.parametrize("date,precision,last,end,label,searchable", PERIODS)
def test_the_period_a_date_stands_for(date, precision, last, end, label, searchable):
    dates, precisions = _one(date, precision)
    assert periods.last_day(pd.to_datetime(dates), precisions)[0] == pd.Timestamp(last)
    got_start, got_end = periods.drawn(dates, precisions)
    assert (got_start[0], got_end[0]) == (pd.Timestamp(date), pd.Timestamp(end)), "as the timeline draws it"
    assert periods.label(date, precision) == label, "a label never says more than the precision"
    assert list(periods.labels(dates, precisions)) == [label]
    assert periods.searchable(date, precision) == searchable, "the label, with the date as typed"


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


def test_rows_keep_their_own_period_when_pairs_repeat():
    dates = pd.Series(["2025-11-01", "2025-11-07", "2025-11-01", "2025-11-01"], index=[10, 11, 12, 13])
    precisions = pd.Series(["month", "day", "month", "day"], index=dates.index)
    keep = periods.overlaps(dates, precisions, dt.date(2025, 11, 5), None)
    assert keep.to_dict() == {10: True, 11: True, 12: True, 13: False}
