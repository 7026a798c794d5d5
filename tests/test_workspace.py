"""A server keeps the workspace's dataset current by applying only what changed, and keeps serving the
last good data, read-only, when the database fails."""

from __future__ import annotations

import pandas as pd
import pytest
import sqlalchemy as sa
from apptests import page
from rows import range_claim

from launchwatch import linking, loading, schema, sources, store, ui, workspace

REPORT = "Seoul, 2 Dec 2026. The military said the missile flew about 300 km and fell into the sea."


def _same(a: loading.Dataset, b: loading.Dataset) -> None:
    for t in (*schema.TABLES, schema.ALIASES):
        pd.testing.assert_frame_equal(a.table(t.name), b.table(t.name), check_exact=True)


def _claim(cid: str, doc: str = "ws-report") -> dict:
    return range_claim(cid, doc, REPORT)


def _document(doc: str = "ws-report") -> dict:
    return {
        "document_id": doc,
        "label": doc,
        "file_name": doc + ".txt",
        "outlet": "unknown",
        "dateline": "Seoul",
        "published": "2026-12-02",
        "reference_date": "2026-12-02",
        "reference_date_basis": "dateline",
        "summary": "written for the tests",
    }


@pytest.fixture
def two_sessions(db_url):
    """A server's Live view of a seeded workspace, and another session's own connection to it."""
    mine = store.Store.open(db_url)
    mine.seed("local", loading.load(loading.BUNDLED_DATA))
    live = workspace.Live(mine, lambda ds: ds)
    return live, store.Store.open(db_url)


def test_a_change_by_another_session_is_applied_without_a_full_reload(two_sessions):
    live, other = two_sessions
    live.current()
    other.add_report("ana", _document(), REPORT, [_claim("W-1")])
    other.retract_claim("ana", "C000-01", "wrong event")
    seen = live.current()
    assert (live.full_loads, live.delta_loads) == (1, 1)
    assert "W-1" in set(seen.claims.claim_id) and "C000-01" not in set(seen.claims.claim_id)
    _same(seen, other.load())
    assert live.current() is seen  # nothing new: nothing read


def test_an_edited_claim_stays_in_its_place(two_sessions):
    live, other = two_sessions
    other.add_report("ana", _document(), REPORT, [_claim("W-1"), _claim("W-2")])
    live.current()
    other.save_text("ana", "ws-report", "Update. " + REPORT)  # re-anchors both claims: rows change in place
    _same(live.current(), other.load())


def _event(eid: str) -> dict:
    return {
        "event_id": eid,
        "event_type": "missile_launch",
        "title": "A launch written for the tests",
        "description": "written for the tests",
        "date": "2026-12-01",
        "date_precision": "day",
        "date_basis": "written for the tests",
        "place_id": "taekwan",
        "key_event": "false",
    }


def _superseding(ws, old: str, new: str) -> None:
    ws.add_report("ana", _document(), REPORT, [_claim("W-1")])
    ws.supersede_claim("ana", old, _claim(new), "range corrected")


# Each: what another session writes between two reruns of the server (one change or several).
CHANGES = {
    "a report with two claims added": lambda ws: ws.add_report(
        "ana", _document(), REPORT, [_claim("W-1"), _claim("W-2")]
    ),
    "a claim retracted": lambda ws: ws.retract_claim("ana", "C000-02", "wrong event"),
    "a claim superseded": lambda ws: _superseding(ws, "C000-01", "W-9"),
    "a claim on a new event": lambda ws: ws.add_report(
        "ana", _document(), REPORT, [{**_claim("W-1"), "event_id": "new-launch"}], events=[_event("new-launch")]
    ),
    "a report's text saved again (its claims re-anchored in place)": lambda ws: (
        ws.add_report("ana", _document(), REPORT, [_claim("W-1")]),
        ws.save_text("ana", "ws-report", "Update. " + REPORT),
    ),
    "two events linked as one launch": lambda ws: ws.decide_link(
        "ana", "launch-2025-11-07", "other-launch", linking.CONFIRMED
    ),
    "a claim on an event, while linked to another": lambda ws: ws.add_claims(
        "ana",
        [{**_claim("W-1", "000_b1a128df4d4dce34"), "event_id": "other-launch", "span_start": 81, "span_end": 150}],
    ),
    "added, then retracted before the rerun": lambda ws: (
        ws.add_report("ana", _document(), REPORT, [_claim("W-1"), _claim("W-2")]),
        ws.retract_claim("ana", "W-1", "duplicate"),
    ),
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_the_flat_table_updated_in_place_equals_a_full_rebuild(db_url, change, request):
    mine = store.Store.open(db_url)
    mine.seed("local", loading.load(loading.BUNDLED_DATA))
    mine.add_report("ana", _document("linked"), REPORT, [], events=[_event("other-launch")])
    if "while linked" in request.node.name:  # a confirmed link stands before the change
        mine.decide_link("ana", "launch-2025-11-07", "other-launch", linking.CONFIRMED)
    builds = []
    live = workspace.Live(mine, lambda ds: builds.append(ds) or workspace.build(ds), workspace.update)
    before = live.current()
    change(store.Store.open(db_url))
    dataset, flat, options = live.current()
    assert len(builds) == 1 or "linked as one" in request.node.name, "one change rebuilt the whole flat table"
    full_dataset, full_flat, full_options = workspace.build(mine.load())
    _same(dataset, full_dataset)
    pd.testing.assert_frame_equal(flat, full_flat, check_exact=True)
    for name, value in vars(full_options).items():
        if isinstance(value, pd.DataFrame):
            pd.testing.assert_frame_equal(getattr(options, name), value, check_exact=True)
        else:
            assert getattr(options, name) == value, name
    assert before[1] is not flat and len(before[1]) == len(loading.load(loading.BUNDLED_DATA).claims)


def test_a_corrupt_database_file_is_one_clear_message(tmp_path):
    db = tmp_path / "launchwatch.db"
    db.write_bytes(b"this is not a database file at all" * 100)
    source = sources.Source("database", f"sqlite:///{db}", "LAUNCHWATCH_DB")
    dataset, _flat, _opts, errors = ui.load_workspace(source)
    assert dataset is None
    assert len(errors) == 1 and "not a readable SQLite database" in errors[0]
    assert str(tmp_path) not in errors[0]


def test_a_newer_schema_keeps_the_last_good_data(tmp_path):
    url = f"sqlite:///{tmp_path / 'launchwatch.db'}"
    source = sources.Source("database", url, "LAUNCHWATCH_DB")
    first = ui.load_workspace(source)
    assert first[0] is not None and first[3] == []
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO workspace_version VALUES (99, 'later', 'newer')"))
    workspace._LIVE.pop(url)  # as a restarted server would
    again = ui.load_workspace(source)
    assert again[0] is first[0]
    assert len(again[3]) == 1 and "newer than this Launchwatch understands" in again[3][0]
    assert "nothing saved is lost" in again[3][0]


def test_a_locked_database_refuses_the_write_whole_and_takes_it_later(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "BUSY_TIMEOUT_MS", 200)
    monkeypatch.setattr(store, "WRITE_ATTEMPTS", 2)
    url = f"sqlite:///{tmp_path / 'launchwatch.db'}"
    ws = store.Store.open(url)
    ws.seed("local", loading.load(loading.BUNDLED_DATA))
    blocker = sa.create_engine(url).raw_connection()
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(store.Unavailable, match="stayed locked.*nothing was saved"):
            ws.add_report("ana", _document(), REPORT, [_claim("W-1")])
    finally:
        blocker.rollback()
        blocker.close()
    assert "W-1" not in set(ws.load().claims.claim_id)
    ws.add_report("ana", _document(), REPORT, [_claim("W-1")])
    assert "W-1" in set(ws.load().claims.claim_id)


def test_a_read_only_database_is_read_and_a_write_is_refused(tmp_path):
    path = tmp_path / "launchwatch.db"
    store.Store.open(f"sqlite:///{path}").seed("local", loading.load(loading.BUNDLED_DATA))
    ro = store.Store(store.make_engine(f"sqlite:///file:{path}?mode=ro&uri=true"))
    assert len(ro.load().claims) == len(loading.load(loading.BUNDLED_DATA).claims)
    with pytest.raises(store.Unavailable, match="read-only.*nothing was saved"):
        ro.add_report("ana", _document(), REPORT, [_claim("W-1")])


def test_postgresql_going_away_keeps_the_last_good_data_and_comes_back(pg_cluster):
    url = pg_cluster.new_database()
    source = sources.Source("database", url, "LAUNCHWATCH_DB")
    first = ui.load_workspace(source)
    assert first[0] is not None
    pg_cluster.stop()
    try:
        during = ui.load_workspace(source)
        assert during[0] is first[0]
        assert len(during[3]) == 1 and "cannot be reached" in during[3][0]
        with pytest.raises(store.Unavailable, match="nothing was saved"):
            workspace._LIVE[url].store.add_report("ana", _document(), REPORT, [_claim("W-1")])
    finally:
        pg_cluster.restart()
    after = ui.load_workspace(source)
    assert after[3] == [] and len(after[0].claims) == len(first[0].claims)


def test_the_version_held_is_the_change_counter_read_last(db_url):
    mine = store.Store.open(db_url)
    mine.seed("local", loading.load(loading.BUNDLED_DATA))
    live = workspace.live(db_url, lambda: mine, build=lambda ds: ds, update=None)
    assert workspace.version_of(db_url) is None  # nothing read yet
    live.current()
    first = workspace.version_of(db_url)
    assert first == mine.change_counter()
    store.Store.open(db_url).retract_claim("ana", "C000-01", "wrong event")
    assert workspace.version_of(db_url) == first  # held until a rerun reads the database again
    live.current()
    assert workspace.version_of(db_url) == mine.change_counter() > first
    assert workspace.version_of(None) is None and workspace.version_of("sqlite:///elsewhere.db") is None


def test_a_place_added_without_a_claim_is_found_on_the_next_rerun(tmp_path, monkeypatch):
    monkeypatch.setenv("LAUNCHWATCH_WORKSPACE", str(tmp_path))
    monkeypatch.delenv("LAUNCHWATCH_DATA", raising=False)
    monkeypatch.delenv("LAUNCHWATCH_DB", raising=False)
    at = page("pages/map.py")
    at.text_input(key="lookup").input("Ws Harbour").run()
    assert any("'Ws Harbour' is not in the gazetteer" in w.value for w in at.warning)
    harbour = {
        "place_id": "ws-harbour",
        "name": "Ws Harbour",
        "aliases": "",
        "kind": "city",
        "latitude": 38.0,
        "longitude": 128.0,
        "geo_precision": "city",
        "uncertainty_km": 5,
        "reference": "false",
        "coord_source": "written for the tests",
    }
    # Another session (or server) adds a report naming a place, before any claim is made of it.
    sources.open_store(sources.resolve()).add_report("ana", _document(), REPORT, places=[harbour])
    at.run()
    assert not any("gazetteer" in w.value for w in at.warning)
    assert any(m.value.startswith("Ws Harbour") and " km " in m.value for m in at.markdown)
