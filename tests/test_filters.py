"""Filters as a table of input -> expected, on the bundled data."""

import datetime as dt
import gc
import weakref

import pytest

from launchwatch import exports, filters, loading

D000, D001, D002, D003 = "000_b1a128df4d4dce34", "001_1a0ad8e3a2be4f80", "002_54364550e8723fb3", "003_e4aa5e055945f245"


@pytest.fixture(scope="module")
def flat():
    return exports.flat_claims(loading.load())


@pytest.mark.parametrize(
    "state,claims,events",
    [
        (filters.FilterState(), 122, 23),
        (filters.FilterState(documents=(D000,)), 24, 3),
        (filters.FilterState(documents=(D001,)), 35, None),
        (filters.FilterState(originator_kinds=("wire_service",)), None, None),
        (filters.FilterState(event_types=("artillery_fire",)), None, 2),
        (filters.FilterState(since=dt.date(2025, 11, 7), until=dt.date(2025, 11, 7)), None, None),
    ],
)
def test_counts(flat, state, claims, events):
    out = filters.apply(flat, state)
    if claims is not None:
        assert len(out) == claims
    if events is not None:
        assert out.event_id.nunique() == events
    assert len(out) > 0


def test_document_filter_keeps_only_that_report(flat):
    out = filters.apply(flat, filters.FilterState(documents=(D001,)))
    assert set(out.document) == {D001}
    ranges = out[out.attribute == "range"]  # report 001 says no range was given, and gives no number
    assert list(ranges.stance) == ["not_given"] and list(ranges.value) == [""] and ranges.normalized_value.isna().all()


def test_filters_combine_with_and(flat):
    out = filters.apply(flat, filters.FilterState(documents=(D003,), event_types=("missile_launch",)))
    assert set(out.document) == {D003} and set(out.event_type) == {"missile_launch"}


def test_month_event_overlaps_a_mid_month_range(flat):
    # October's tests are known only to the month: a range from 20 October must still include them.
    out = filters.apply(flat, filters.FilterState(since=dt.date(2025, 10, 20), until=dt.date(2025, 10, 25)))
    assert "october-tests-2025-10" in set(out.event_id)
    assert "launch-2025-10-22" in set(out.event_id)
    assert "launch-2025-11-07" not in set(out.event_id)


@pytest.mark.parametrize(
    "since, until, shown, moved_shown",
    [
        (dt.date(2025, 11, 7), None, True, False),
        (dt.date(2025, 11, 8), None, False, False),
        (None, dt.date(2025, 11, 6), False, True),
        (dt.date(2025, 11, 1), dt.date(2025, 11, 30), True, False),
    ],
)
def test_a_date_filter_asked_again_or_on_another_version_of_the_data_reads_that_version(
    flat, since, until, shown, moved_shown
):
    """The periods are kept per claims table and dates: asking again gives the same rows, and a new version
    of the data in which the launch moved is filtered by its own dates."""
    state = filters.FilterState(since=since, until=until)
    first = filters.apply(flat, state)
    assert filters.apply(flat, state).equals(first)
    assert ("launch-2025-11-07" in set(first.event_id)) is shown
    moved = flat.copy()
    moved.loc[moved["event_id"] == "launch-2025-11-07", "event_date"] = "2024-03-01"
    assert ("launch-2025-11-07" in set(filters.apply(moved, state).event_id)) is moved_shown


def test_before_events_have_no_lower_bound(flat):
    out = filters.apply(flat, filters.FilterState(until=dt.date(2025, 1, 31)))
    assert "us-cyber-sanctions" in set(out.event_id)  # "recent": could be any time up to 7 Nov
    assert "diplomacy-breakdown-2019" in set(out.event_id)


def test_why_empty_names_the_filter(flat):
    state = filters.FilterState(documents=(D001,), originators=("U.S. Indo-Pacific Command",))
    assert filters.apply(flat, state).empty
    reasons = filters.why_empty(flat, state)
    assert reasons == ["each filter matches claims on its own, but no claim matches all of them together"]
    state = filters.FilterState(since=dt.date(2030, 1, 1))
    assert filters.why_empty(flat, state) == ["no events fall between 2030-01-01 and the end"]


@pytest.mark.parametrize(
    "state",
    [
        filters.FilterState(documents=(D000,)),
        filters.FilterState(event_types=("artillery_fire", "visit"), since=dt.date(2025, 11, 7)),
        filters.FilterState(documents=("no such report",)),
    ],
)
def test_a_view_is_kept_per_table_and_filters_and_does_not_keep_its_table(state):
    """Every viewer and rerun with these filters gets the very same view (what is cut from it is kept with
    it); a new version of the data is filtered afresh, and the old version goes with its views."""
    table = exports.flat_claims(loading.load())
    view = filters.apply(table, state)
    assert filters.apply(table, state) is view
    assert filters.apply(table.copy(), state).equals(view)
    assert view.equals(table[table["claim_id"].isin(view["claim_id"])])
    gone = weakref.ref(table)
    del table, view
    gc.collect()
    assert gone() is None


def test_nothing_filtered_is_the_table_itself(flat):
    assert filters.apply(flat, filters.FilterState()) is flat
