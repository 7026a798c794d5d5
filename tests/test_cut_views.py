"""The quicker ways of a filter change give what the straightforward ones gave: numbers worked out once
per dataset version and taken by every view cut from it, and the timeline's notes and lines set at
once.

A 50,000-claim dataset from benchmarks/generate.py stands in for a large one (as in test_scale)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
import test_scale
from test_scale import KEY, descriptions

from launchwatch import columnar, corroboration, figures, filters, verdicts

big, bundled = test_scale.big, test_scale.bundled  # the same datasets, as fixtures here too

STATES = {
    "nothing filtered": filters.FilterState(),
    "types and dates": filters.FilterState(
        event_types=("missile_launch", "artillery_fire", "statement", "visit"), since=dt.date(2024, 1, 1)
    ),
    "one event type": filters.FilterState(event_types=("missile_launch",)),
    "dates only": filters.FilterState(since=dt.date(2025, 1, 1), until=dt.date(2025, 6, 30)),
}


def documents_state(flat) -> filters.FilterState:
    """Some claims of an event kept and others not: a per-claim filter."""
    return filters.FilterState(documents=tuple(sorted(set(flat["document"].iloc[:5000])))[:2])


def views(flat):
    return [filters.apply(flat, s) for s in [*STATES.values(), documents_state(flat)]]


def test_a_view_takes_its_numbers_from_the_table_it_was_cut_from(big):
    _, flat = big
    for view in views(flat):
        alone = view.copy()  # the same rows, not cut from anything: numbered by themselves
        assert np.array_equal(columnar.event_numbers(view), columnar.codes(alone["event_id"]))
        for column in ("attribute", "document", "originator", "organisation", "value"):
            numbers, values = columnar.column_codes(view, column)
            # The same values, numbered alike exactly where the values are alike.
            assert pd.Series(np.asarray(values, dtype=object)[numbers], dtype=object).equals(
                pd.Series(alone[column].to_numpy(dtype=object), dtype=object)
            )
            assert np.array_equal(columnar.codes(numbers), columnar.codes(alone[column]))


def test_nothing_filtered_reuses_the_tables_own_numbers(big):
    _, flat = big
    view = filters.apply(flat, filters.FilterState())
    assert columnar.event_numbers(view) is columnar.event_numbers(flat)
    assert columnar.column_codes(view, "document")[0] is columnar.column_codes(flat, "document")[0]


@pytest.mark.parametrize("which", ["big", "bundled"])
def test_sources_tables_of_a_cut_view_match_those_worked_out_from_its_rows_alone(which, request):
    _, flat = request.getfixturevalue(which)
    for view in views(flat):
        alone = view.copy()
        for build in (lambda v: verdicts.verdict_overview(v, 1000), lambda v: corroboration.overview(v, 1000)):
            cut, fresh = build(view), build(alone)
            assert cut.table.equals(fresh.table) and cut.total == fresh.total and cut.counts == fresh.counts


def one_by_one(fig: go.Figure) -> go.Figure:
    """The figure with its notes and lines added through plotly's own add_annotation, add_vline and
    add_hline, one at a time, as the timeline once added them."""
    ref = go.Figure(data=fig.data, layout=fig.layout)
    ref.layout.annotations, ref.layout.shapes = (), ()
    for note in fig.layout.annotations:
        ref.add_annotation(note)
    for shape in fig.layout.shapes:
        line = shape.line.to_plotly_json()
        if shape.xref == "x domain":
            ref.add_hline(y=shape.y0, line=line)
        else:
            ref.add_vline(x=shape.x0, line=line)
    return ref


@pytest.mark.parametrize("which", ["big", "bundled"])
def test_timeline_notes_and_lines_are_those_plotly_adds_one_by_one(which, request):
    ds, flat = request.getfixturevalue(which)
    for view in views(flat)[:2]:
        fig = figures.timeline_figure(view, descriptions(ds), KEY)
        ref = one_by_one(fig)
        for part in ("annotations", "shapes"):
            assert [x.to_plotly_json() for x in fig.layout[part]] == [x.to_plotly_json() for x in ref.layout[part]]
        lanes = view["event_type"].nunique()
        key_drawn = KEY in set(view["event_id"])
        assert len(fig.layout.shapes) == lanes - 1 + key_drawn
        # "on or before <day>" beside each such event drawn (up to 20 per type), and the key event's date.
        before = sum(
            min(n, figures.BEFORE_WORDED)
            for n in view[view["date_precision"] == "before"]
            .groupby("event_type")["event_id"]
            .nunique()
            .clip(upper=figures.TIMELINE_EVENT_LIMIT)
        )
        assert len(fig.layout.annotations) <= before + key_drawn


SMALL = pd.DataFrame(
    {
        "event_id": pd.array(["a", "b", "a", None, "c", "b"], dtype="str"),
        "event_type": pd.array(["x", "y", "x", "y", None, "z"], dtype="str"),
    },
    index=[10, 11, 12, 13, 14, 15],
)


@pytest.mark.parametrize(
    "wanted, rows",
    [
        ((("event_id", "a"),), [10, 12]),
        ((("event_id", "b"),), [11, 15]),
        ((("event_id", "no such event"),), []),
        ((("event_id", None),), []),  # a missing value equals nothing, as `==` has it
        ((("event_id", float("nan")),), []),
        ((("event_type", "y"), ("event_id", "c")), [11, 13, 14]),  # either: in the table's order
        ((("event_type", "x"), ("event_id", "a")), [10, 12]),  # both: once
    ],
)
@pytest.mark.parametrize("cut", [False, True])
def test_where_gives_the_rows_a_comparison_gives(wanted, rows, cut):
    """On a table, and on a view cut from one (whose numbers are the table's), kept per frame and value."""
    frame = SMALL
    if cut:
        whole = pd.concat([SMALL.iloc[:0], SMALL, SMALL.assign(event_id="other")], ignore_index=False)
        frame = columnar.take(whole, np.arange(len(SMALL)))
    expected = frame[np.logical_or.reduce([(frame[c] == v).fillna(False).to_numpy(bool) for c, v in wanted])]
    got = columnar.where_any(frame, *wanted)
    assert got.equals(expected) and list(got.index) == rows
    assert columnar.where_any(frame, *wanted) is got
    if len(wanted) == 1:
        assert columnar.where(frame, *wanted[0]) is got
