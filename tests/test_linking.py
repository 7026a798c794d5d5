"""The same launch in two sources: the rules as a table, proposals on the bundled reports beside a launch
database, and a confirmed link merging the claims that the verdicts, the store and the CLI then see."""

import csv
import datetime as dt
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from apptests import app

from launchwatch import exports, focus, importers, linking, loading, store, verdicts

KEY = "launch-2025-11-07"
CNS_KEY = "cns-903"  # the 7 November 2025 row of the fixture, 450 km from Taegwan
FIXTURE = Path(__file__).parent / "fixtures" / "linking" / "cns_2025.csv"

TAEGWAN = (40.21, 125.2, 20.0)  # the bundled county, 20 km
SITE = (40.21, 125.2, 1.0)
SINPO = (40.04, 128.18, 1.0)  # about 250 km east
DAY = dt.date(2025, 11, 7)


def launch(event_id, source, day=DAY, place=SITE, counts=(), event_type="missile_launch", basis=""):
    return linking.Launch(event_id, event_type, day, source, place, "", frozenset(counts), basis)


@pytest.mark.parametrize(
    "a,b,same,why",
    [
        (launch("a", "reports", place=TAEGWAN), launch("b", "db"), True, "within their uncertainties"),
        (launch("a", "reports", place=TAEGWAN), launch("b", "db", place=SINPO), False, "beyond their uncertainties"),
        (launch("a", "reports", place=None), launch("b", "db", place=SINPO), True, "launch site unknown in a"),
        # a database giving 23:10 UTC on 21 Oct: 08:10 on 22 Oct in Pyongyang, the reports' day
        (
            launch("a", "reports", dt.date(2025, 10, 22)),
            launch("b", "db", dt.date(2025, 10, 22), basis="23:10 UTC on 21 Oct 2025 is 08:10 on 22 Oct 2025"),
            True,
            "23:10 UTC on 21 Oct 2025",
        ),
        (launch("a", "reports"), launch("b", "db", dt.date(2025, 11, 6)), False, "different local days"),
        (launch("a", "reports", counts=[1]), launch("b", "db", counts=[3]), False, "missile counts differ"),
        (launch("a", "reports", counts=[1]), launch("b", "db", counts=[1]), True, "same missile count"),
        (launch("a", "reports", counts=[2]), launch("b", "db"), True, "missile count not given for b"),
        (launch("a", "db"), launch("b", "db"), False, "same source"),
        (launch("a", "reports"), launch("b", "db", day=None), False, "not dated to the day"),
        (launch("a", "reports"), launch("b", "db", event_type="satellite_launch"), False, "different event types"),
    ],
)
def test_rules(a, b, same, why):
    match = linking.compare(a, b)
    assert match.same_launch is same
    assert why in " ".join(match.reasons)


def test_local_day_across_the_half_hour_zone():
    """Pyongyang was UTC+8:30 from August 2015 to May 2018: 15:20 UTC on 1 Mar 2016 is 23:50 that day,
    and 15:40 UTC is already the next day; 15:20 UTC in 2019 (UTC+9) is 00:20 the next day too."""
    rows = [
        ("2016-03-01", "15:20", "2016-03-01"),
        ("2016-03-01", "15:40", "2016-03-02"),
        ("2019-03-01", "15:20", "2019-03-02"),
    ]
    for day, time, local in rows:
        got, _ = linking._local_day({"value": time, "unit": "UTC", "resolved_date": pd.Timestamp(day)})
        assert got == dt.date.fromisoformat(local), (day, time)


@pytest.fixture(scope="module")
def both():
    """The bundled reports with the fixture's CNS-format launch database beside them."""
    imported = importers.load_file(FIXTURE.read_bytes(), FIXTURE.name).dataset
    return loading.combine(loading.load(), imported)[0]


def test_proposals_on_reports_beside_a_database(both):
    found = linking.proposals(both).set_index(["event_id", "other_event_id"])
    assert (KEY, CNS_KEY) in found.index  # the 7 November launch, both at Taegwan
    assert "within their uncertainties" in found.loc[(KEY, CNS_KEY), "reasons"]
    # The database's launch of 21 Oct 23:10 UTC is the reports' 22 October launch, whose site they do not give.
    october = found.xs("launch-2025-10-22", level="other_event_id")
    assert set(october.index) == {"cns-901", "cns-902"}
    assert "08:10 on 22 Oct 2025 in Pyongyang" in october["reasons"].iloc[0]
    # Sinpo, 250 km from Taegwan on the same day: not the same launch.
    assert "cns-904" not in set(found.index.get_level_values(1)) | set(found.index.get_level_values(0))


def decided(dataset, *rows):
    links = pd.DataFrame([linking.decision_row(a, b, d, "", set()) for a, b, d in rows])
    return loading.Dataset(
        dataset.documents, dataset.events, dataset.places, dataset.claims, dataset.folder, dataset.aliases, links
    )


def test_a_confirmed_link_makes_one_event_and_a_conflict(both):
    resolved = linking.resolve(decided(both, (KEY, CNS_KEY, linking.CONFIRMED)))
    assert CNS_KEY not in set(resolved.events.event_id)
    assert len(resolved.claims) == len(both.claims)  # nothing dropped: the database's claims moved over
    rows = verdicts.verdict_rows(exports.flat_claims(resolved)).set_index(["event_id", "attribute"])
    assert rows.loc[(KEY, "range"), "verdict"] == verdicts.CONFLICT  # 450 km beside about 700 km
    left = linking.proposals(resolved)
    assert not left["other_event_id"].eq(CNS_KEY).any()
    # The linked event joins no two sources: the database's 22 October rows are still proposed.
    assert set(left["event_id"]) == {"cns-901", "cns-902"}


def test_a_rejected_proposal_is_not_made_again_and_the_latest_decision_stands(both):
    rejected = decided(both, (KEY, CNS_KEY, linking.CONFIRMED), (CNS_KEY, KEY, linking.REJECTED))
    assert linking.resolve(rejected) is rejected
    assert not linking.proposals(rejected)["other_event_id"].eq(CNS_KEY).any()


def test_the_store_keeps_every_decision_attributed(tmp_path, both):
    ws = store.Store.open(f"sqlite:///{tmp_path / 'w.db'}")
    ws.seed("local", both)
    ws.decide_link("ana@example.org", KEY, CNS_KEY, linking.CONFIRMED, "same day")
    assert linking.canonical_ids(ws.load()) == {CNS_KEY: KEY}
    ws.decide_link("bo@example.org", KEY, CNS_KEY, linking.REJECTED, "different launch")
    assert len(ws.load().links) == 2  # the first decision is kept, the latest stands
    assert linking.canonical_ids(ws.load()) == {}
    history = ws.history()
    assert set(history.loc[history.table == "links", "who"]) == {"ana@example.org", "bo@example.org"}


def test_verdicts_command_sees_the_link(tmp_path, both):
    folder = tmp_path / "linked"
    store.write_folder(decided(both, (KEY, CNS_KEY, linking.CONFIRMED)), folder)
    out = tmp_path / "v.csv"
    cmd = [sys.executable, "-m", "launchwatch", "verdicts", "--format", "csv", "--launch", KEY, "--data", str(folder)]
    subprocess.run([*cmd, "-o", str(out)], check=True, capture_output=True)
    rows = {r["attribute"]: r for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert rows["range"]["verdict"] == verdicts.CONFLICT
    assert "450" in rows["range"]["values"]


def test_a_workspace_of_the_first_schema_gains_the_link_table(tmp_path, both):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    store.Store.open(url).seed("local", both)
    engine = sa.create_engine(url)
    with engine.begin() as conn:  # as the first schema left it: no link table, version 1
        conn.execute(sa.text("DROP TABLE links"))
        conn.execute(sa.text("DELETE FROM workspace_version WHERE version > 1"))
    engine.dispose()
    ws = store.Store.open(url)
    assert len(ws.load().claims) == len(both.claims)
    ws.decide_link("local", KEY, CNS_KEY, linking.CONFIRMED)
    assert linking.canonical_ids(ws.load()) == {CNS_KEY: KEY}


def test_a_merged_launch_id_still_finds_its_launch(tmp_path, both):
    linked = decided(both, (KEY, CNS_KEY, linking.CONFIRMED))
    chosen = focus.resolve_dataset(linking.resolve(linked), CNS_KEY)
    assert (chosen.event_id, chosen.why) == (KEY, "chosen")
    assert CNS_KEY in chosen.notice and KEY in chosen.notice
    # Not merged: an unknown id still falls back with its notice.
    assert focus.resolve_dataset(linking.resolve(linked), "no-such-launch").why != "chosen"
    folder = tmp_path / "linked"
    store.write_folder(linked, folder)
    done = subprocess.run(
        [sys.executable, "-m", "launchwatch", "launch", "--launch", CNS_KEY, "--data", str(folder)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert f"launch in focus: {KEY}" in done.stdout and "linked as the same launch" in done.stderr


def test_a_link_to_a_merged_launch_opens_the_launch_it_joined(tmp_path, both, monkeypatch):
    folder = tmp_path / "linked"
    store.write_folder(decided(both, (KEY, CNS_KEY, linking.CONFIRMED)), folder)
    monkeypatch.setenv("LAUNCHWATCH_DATA", str(folder))
    at = app(launch=CNS_KEY).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.sidebar.selectbox(key="launch").value == KEY
    shown = " ".join(str(e.value) for kind in ("info", "warning", "caption") for e in at.get(kind))
    assert "linked as the same launch" in shown.replace("\\", "")
