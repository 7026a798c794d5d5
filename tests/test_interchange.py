"""The workspace as a folder, on SQLite and on a real PostgreSQL: files -> database -> files is exact, and
a workspace with analysts' work (added, retracted, superseded and orphaned claims, their history)
comes back whole from its export."""

from __future__ import annotations

import pandas as pd
import pytest
import sqlalchemy as sa
from test_store import REPORT, _report

from launchwatch import gazetteer, interchange, loading, schema, store

TABLES = (*schema.TABLES, schema.ALIASES)


def _same_values(folder, original) -> None:
    """Every table of the folder holds the original's values, row for row (text, numbers, dates)."""
    got, want = loading.load(folder), loading.load(original)
    for t in TABLES:
        pd.testing.assert_frame_equal(got.table(t.name), want.table(t.name), check_exact=True)


def _files(folder) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _other(tmp_path, name) -> store.Store:
    return store.Store.open(f"sqlite:///{tmp_path / name}")


def test_files_to_database_to_files_gives_the_same_dataset(db_url, tmp_path):
    ws = store.Store.open(db_url)
    interchange.init(ws, "local", loading.BUNDLED_DATA)
    out = tmp_path / "out"
    ws.export(out)
    assert loading.validate(out)[1] == []
    _same_values(out, loading.BUNDLED_DATA)
    exported = loading.load_table(out / "reference_places.csv", schema.PLACES)
    pd.testing.assert_frame_equal(exported, gazetteer.reference_places(), check_exact=True)
    assert (out / "retired_claims.csv").read_text(encoding="utf-8").count("\n") == 1  # its header: none retired


def analysts_work(ws: store.Store) -> store.Store:
    """Add a report with two claims, retract one seeded claim, supersede one added and orphan the other."""
    document, claims = _report(claim_ids=("T-1", "T-2"))
    start = REPORT.index("a grave threat")
    claims[1].update(span_start=start, span_end=start + len("a grave threat"), attribute="reaction", value="")
    claims[1].update(unit="", qualifier="", normalized_value=None, normalized_unit="", claim="Japan objected.")
    ws.add_report("ana@example.org", document, REPORT, claims)
    ws.retract_claim("ben", "C000-01", "the report says it of another launch")
    ws.supersede_claim("cara", "T-1", {**claims[0], "claim_id": "T-1b", "qualifier": ""}, "no hedge in the report")
    ws.save_text("ana@example.org", "test-report", REPORT.replace("a grave threat", "unacceptable"))
    return ws


@pytest.fixture
def worked(db_url):
    """A workspace seeded from data/ in which analysts have added, retracted, superseded and orphaned claims."""
    ws = store.Store.open(db_url)
    interchange.init(ws, "local", loading.BUNDLED_DATA)
    return analysts_work(ws)


def test_an_export_carries_every_claims_state_and_history(worked, tmp_path):
    out = tmp_path / "out"
    worked.export(out)
    assert loading.validate(out)[1] == []
    states = pd.read_csv(out / "claim_states.csv", dtype=str, keep_default_na=False).set_index("claim_id")
    assert states.loc["C000-01", ["status", "reason"]].tolist() == ["retracted", "the report says it of another launch"]
    assert states.loc["T-1", ["status", "superseded_by", "reason"]].tolist() == [
        "superseded",
        "T-1b",
        "no hedge in the report",
    ]
    assert states.loc["T-2", "anchor_status"] == "orphaned"
    assert states.loc["T-2", "quote_exact"] == "a grave threat"
    retired = pd.read_csv(out / "retired_claims.csv", dtype=str, keep_default_na=False)
    assert sorted(retired.claim_id) == ["C000-01", "T-1"]
    history = pd.read_csv(out / "history.csv", dtype=str, keep_default_na=False)
    retraction = history[(history.row_key == "C000-01") & (history.action == "retracted")]
    assert retraction[["who", "reason"]].values.tolist() == [["ben", "the report says it of another launch"]]
    assert '"claim_id": "C000-01"' in retraction.before.iloc[0]
    assert (out / "reports" / "test-report.txt").read_text(encoding="utf-8").endswith('"unacceptable".')


def test_a_workspace_comes_back_whole_from_its_export(worked, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    worked.export(first)
    again = _other(tmp_path, "again.db")
    change = interchange.init(again, "cara", first)
    again.export(second)
    a, b = _files(first), _files(second)
    assert a.keys() == b.keys()
    assert {k for k in a if a[k] != b[k]} == {"history.csv"}
    # the history is the same, numbered as it was, and the init is one more change after it
    old, new = (pd.read_csv(f / "history.csv", dtype=str, keep_default_na=False) for f in (first, second))
    pd.testing.assert_frame_equal(new.iloc[: len(old)], old)
    assert set(new.iloc[len(old) :].change) == {str(change)} and set(new.iloc[len(old) :].who) == {"cara"}
    history = again.claim_history("C000-01")
    assert history[history.action == "retracted"].who.tolist() == ["ben"]
    assert "T-2" in set(again.load().claims.claim_id)
    assert again.claim_states(["T-2"]).anchor_status.tolist() == ["orphaned"]


def test_force_replaces_the_dataset_and_keeps_analysts_rows_in_the_history(worked, tmp_path):
    with pytest.raises(store.StoreError, match="already holds a dataset"):
        interchange.init(worked, "local", loading.BUNDLED_DATA)
    interchange.init(worked, "local", loading.BUNDLED_DATA, force=True)
    assert "T-2" not in set(worked.load().claims.claim_id)
    history = worked.history()
    replaced = history[(history.action == "replaced") & (history.table == "claims")]
    # the claims analysts wrote or changed are kept whole; the seeded ones come back from data/
    assert sorted(replaced.row_key) == ["C000-01", "T-1", "T-1b", "T-2"]
    assert '"rec_reason": "no hedge in the report"' in replaced.set_index("row_key").loc["T-1", "before"]


@pytest.mark.parametrize(
    "file, text, message",
    [
        ("claim_states.csv", "claim_id,status\nC000-01,gone\n", "claim_states.csv"),
        ("history.csv", ",".join(store.HISTORY_COLUMNS) + "\nx,a,b,c,d,e,f,,\n", "row 1 .*'change': 'x' is not"),
        ("retired_claims.csv", "claim_id\nC000-01\n", "retired_claims.csv"),
        ("reference_places.csv", "place_id,name\nx,y\n", "reference_places.csv"),
    ],
)
def test_a_folder_with_a_bad_kept_file_is_refused_whole(tmp_path, file, text, message):
    folder = tmp_path / "folder"
    folder.mkdir()
    for t in TABLES:
        (folder / t.file).write_bytes((loading.BUNDLED_DATA / t.file).read_bytes())
    (folder / file).write_text(text, encoding="utf-8")
    ws = _other(tmp_path, "ws.db")
    with pytest.raises(loading.DatasetError, match=message):
        interchange.init(ws, "local", folder)
    assert ws.is_empty()


def test_a_workspace_made_before_reference_places_gains_them_and_keeps_its_data(db_url):
    ws = store.Store.open(db_url)
    interchange.init(ws, "local", loading.BUNDLED_DATA)
    with ws.engine.begin() as conn:  # as the first version left it: no reference places, no index by anchor
        conn.execute(sa.text("DROP TABLE reference_places"))
        conn.execute(sa.text("DROP INDEX ix_claims_anchor_status"))
        conn.execute(sa.text("DELETE FROM workspace_version WHERE version > 1"))
    ws.engine.dispose()
    again = store.Store.open(db_url)
    assert len(again.load().claims) == 122
    assert again.reference_places().empty and again.load().reference_places is None  # the app's own are shown
    indexes = {i["name"] for i in sa.inspect(again.engine).get_indexes("claims")}
    assert "ix_claims_anchor_status" in indexes
