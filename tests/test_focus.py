"""The launch in focus: the same launch for the app's `launch` link parameter and the command line."""

import json

import pandas as pd
import pytest
from apptests import app

from launchwatch import cli, focus, loading

KEY = "launch-2025-11-07"


def table(rows):
    """A launches table as focus.launches gives it, from (id, date, key_event, has_range) rows."""
    return pd.DataFrame(
        [
            {
                "event_id": i,
                "date": pd.Timestamp(d),
                "title": i,
                "site": "",
                "key_event": k,
                "has_range": r,
                "label": f"{d} · {i}",
            }
            for i, d, k, r in rows
        ],
        columns=["event_id", "date", "title", "site", "key_event", "has_range", "label"],
    )


HISTORY = [("a", "2017-07-04", False, True), ("b", "2019-05-04", False, True), ("c", "2020-03-02", False, False)]


@pytest.mark.parametrize(
    "rows, requested, expected, why, notice",
    [
        (HISTORY, None, "b", "the latest launch with a reported range", False),
        (HISTORY, "a", "a", "chosen", False),
        (HISTORY, "c", "c", "chosen", False),
        (HISTORY, "not-a-launch", "b", "the latest launch with a reported range", True),
        (HISTORY + [("k", "2000-01-01", True, False)], None, "k", "the dataset's key event", False),
        ([("c", "2020-03-02", False, False)], None, "c", "the latest launch (none has a reported range)", False),
        ([], None, None, "the data holds no missile launch", False),
        ([], "a", None, "the data holds no missile launch", True),
    ],
)
def test_resolve(rows, requested, expected, why, notice):
    got = focus.resolve(table(rows), requested)
    assert (got.event_id, got.why, got.notice is not None) == (expected, why, notice)


def test_bundled_launches_are_searchable_by_date_title_and_site():
    ds = loading.load()
    launches = focus.launches(ds.events, ds.claims, ds.places)
    row = launches[launches["event_id"] == KEY].iloc[0]
    # Worded as every date in the app, with the date as typed to search for it.
    assert row["label"].startswith("7 Nov 2025 (2025-11-07) · ") and "Taegwan" in row["label"] and row["has_range"]
    # Known only to the month: the label says the month, not a made-up first day.
    month = launches.loc[launches["event_id"] == "october-tests-2025-10", "label"].iloc[0]
    assert month.startswith("Oct 2025 (2025-10) · ")
    assert focus.resolve_dataset(ds).event_id == KEY


@pytest.mark.parametrize(
    "argv, status, shows",
    [
        (["launch"], 0, f"launch in focus: {KEY}"),
        (["launch", "--launch", "launch-2025-10-22"], 0, "launch in focus: launch-2025-10-22"),
        (["launch", "--launch", "hegseth-visit-2025-11"], 2, "is not a missile launch"),
        (["launch", "--list"], 0, f"* {KEY}"),
    ],
)
def test_cli_launch(argv, status, shows, capsys):
    assert cli.main(argv) == status
    out = capsys.readouterr()
    assert shows in out.out + out.err


def test_link_focuses_another_launch_and_the_map_follows():
    at = app(launch="launch-2025-10-22").run()
    assert not at.exception
    assert at.sidebar.selectbox(key="launch").value == "launch-2025-10-22"
    # That launch has no reported range, so no ring is drawn around it, and the caption says so.
    assert not any("Reported range" in str(c.value) for c in at.caption)
    assert any("gives no impact point" in c.value for c in at.caption)


def test_unknown_launch_in_the_link_falls_back_with_a_notice():
    at = app(launch="no-such-launch").run()
    assert at.sidebar.selectbox(key="launch").value == KEY
    assert any("no\\-such\\-launch" in w.value or "no-such-launch" in w.value for w in at.warning)


def test_choosing_a_launch_in_the_sidebar_moves_the_origin():
    at = app().run()
    at.sidebar.selectbox(key="launch").set_value("launch-2025-10-22").run()
    assert at.query_params["launch"] in ("launch-2025-10-22", ["launch-2025-10-22"])
    assert any(c.value.startswith("Chosen") for c in at.sidebar.caption)
    fig = json.loads(at.get("plotly_chart")[0].proto.spec)
    origins = [t for t in fig["data"] if t.get("meta") == "origin"]
    assert [t["customdata"] for t in origins] in ([], [["launch-2025-10-22"]])
