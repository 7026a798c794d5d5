"""The workspace database, on SQLite and on a real PostgreSQL: what is written is kept, attributed,
never half-saved, and read back as the same dataset."""

from __future__ import annotations

import threading

import pandas as pd
import pytest
import sqlalchemy as sa
from rows import range_claim

from launchwatch import evidence, exports, loading, migrations, schema, store

REPORT = (
    "Seoul, 1 Dec 2026. South Korea's military said the missile flew about 300 km "
    'before it fell into the sea. Japan\'s ministry called it "a grave threat".'
)


def _same(a: loading.Dataset, b: loading.Dataset) -> None:
    for t in (*schema.TABLES, schema.ALIASES):
        pd.testing.assert_frame_equal(a.table(t.name), b.table(t.name), check_exact=True)


@pytest.fixture
def seeded(db_url):
    s = store.Store.open(db_url)
    s.seed("local", loading.load(loading.BUNDLED_DATA))
    return s


def _report(doc_id="test-report", claim_ids=("T-1",), attribute="range"):
    document = {
        "document_id": doc_id,
        "label": "test report",
        "file_name": doc_id + ".txt",
        "outlet": "unknown",
        "dateline": "Seoul",
        "published": "2026-12-01",
        "reference_date": "2026-12-01",
        "reference_date_basis": "its dateline",
        "summary": "a report written for the tests",
    }
    said = {"originator": "South Korea's military", "attribute": attribute, "claim": "It flew about 300 km."}
    claims = [range_claim(cid, doc_id, REPORT, **said) for cid in claim_ids]
    return document, claims


def test_seeded_workspace_reads_back_the_bundled_dataset(seeded):
    _same(seeded.load(), loading.load(loading.BUNDLED_DATA))


def test_round_trip_files_database_files_is_exact(seeded, db_url, tmp_path):
    first = tmp_path / "first"
    seeded.export(first)
    dataset, problems = loading.validate(first)
    assert problems == []
    _same(dataset, loading.load(loading.BUNDLED_DATA))
    # and back in: a new database from the exported folder exports the very same bytes
    other = store.Store.open(f"sqlite:///{tmp_path / 'other.db'}")
    other.seed("local", dataset)
    second = tmp_path / "second"
    other.export(second)
    for t in (*schema.TABLES, schema.ALIASES):
        assert (first / t.file).read_bytes() == (second / t.file).read_bytes(), t.file


def test_a_non_empty_workspace_is_not_seeded_again_unless_forced(seeded):
    with pytest.raises(store.StoreError, match="already holds a dataset"):
        seeded.seed("local", loading.load(loading.BUNDLED_DATA))
    seeded.seed("local", loading.load(loading.BUNDLED_DATA), force=True)
    _same(seeded.load(), loading.load(loading.BUNDLED_DATA))


def test_a_report_its_text_and_claims_are_added_together_and_attributed(seeded):
    document, claims = _report()
    before = seeded.change_counter()
    change = seeded.add_report("ana@example.org", document, REPORT, claims)
    assert change == before + 1 == seeded.change_counter()
    ds = seeded.load()
    doc = ds.documents.set_index("document_id").loc["test-report"]
    assert doc.char_length == len(REPORT)
    assert len(doc.sha256) == 64
    assert seeded.report_text("test-report") == REPORT
    assert "T-1" in set(ds.claims.claim_id)
    history = seeded.claim_history("T-1")
    assert list(history.who) == ["ana@example.org"] and list(history.action) == ["added"]
    states = seeded.claim_states().set_index("claim_id")
    assert states.loc["T-1", "anchor_status"] == "anchored"


def test_a_new_originator_joins_the_alias_table_in_the_report_s_write(seeded):
    document, claims = _report()
    claims[0]["originator"] = "Taiwan's defense ministry"
    row = {"alias": "Taiwan's defense ministry", "organisation": "Taiwan's defense ministry", "basis": "Added by ana"}
    change = seeded.add_report("ana@example.org", document, REPORT, claims, aliases=[row])
    assert row in seeded.aliases().to_dict("records")
    assert row in seeded.load().aliases.to_dict("records")
    history = seeded.history()
    added = history[(history.table == "aliases") & (history.change == change)]
    assert list(added.row_key) == ["Taiwan's defense ministry"] and set(added.who) == {"ana@example.org"}
    assert not seeded.changes_since(change - 1).rows["aliases"].empty


def test_a_refused_report_adds_no_alias(seeded):
    document, claims = _report()
    claims[0]["attribute"] = "flavour"
    row = {"alias": "Taiwan's defense ministry", "organisation": "Taiwan's defense ministry", "basis": "Added by ana"}
    with pytest.raises(store.StoreError):
        seeded.add_report("ana@example.org", document, REPORT, claims, aliases=[row])
    assert "Taiwan's defense ministry" not in set(seeded.aliases().alias)


@pytest.mark.parametrize(
    "change, message",
    [
        ({"attribute": "flavour"}, "'flavour' is not one of"),
        ({"event_id": "no-such-event"}, "no-such-event is not a event_id in events"),
        ({"span_end": 10_000}, "span .* is not within its report's text"),
        ({"colour": "red"}, "unknown column"),
    ],
)
def test_a_refused_write_saves_nothing(seeded, change, message):
    document, claims = _report(claim_ids=("T-1", "T-2"))
    claims[1].update(change)
    before = seeded.change_counter()
    with pytest.raises(store.StoreError, match=message):
        seeded.add_report("ana", document, REPORT, claims)
    assert seeded.change_counter() == before
    assert "test-report" not in set(seeded.load().documents.document_id)
    assert seeded.report_text("test-report") is None


def test_every_change_names_who_made_it(seeded):
    with pytest.raises(store.StoreError, match="attributed"):
        seeded.retract_claim("  ", "C000-01", "wrong")


def test_a_retracted_claim_leaves_the_dataset_but_keeps_its_history(seeded):
    seeded.retract_claim("ben", "C000-01", "the report says it of another launch")
    assert "C000-01" not in set(seeded.load().claims.claim_id)
    history = seeded.claim_history("C000-01")
    assert list(history.action) == ["seeded", "retracted"]
    assert history.reason.iloc[-1] == "the report says it of another launch"
    assert history.who.iloc[-1] == "ben"
    with pytest.raises(store.StoreError, match="already retracted"):
        seeded.retract_claim("ben", "C000-01", "again")
    with pytest.raises(store.StoreError, match="say why"):
        seeded.retract_claim("ben", "C000-02", "")


def test_a_superseded_claim_points_to_its_correction(seeded):
    old = loading.load(loading.BUNDLED_DATA).claims.set_index("claim_id").loc["C000-02"]
    new = {**{c: old[c] for c in old.index if c != "claim_id"}, "claim_id": "C000-02b", "claim": "Corrected."}
    seeded.supersede_claim("cho", "C000-02", new, "clearer wording")
    ids = set(seeded.load().claims.claim_id)
    assert "C000-02b" in ids and "C000-02" not in ids
    state = seeded.claim_states().set_index("claim_id").loc["C000-02"]
    assert (state.status, state.superseded_by, state.reason) == ("superseded", "C000-02b", "clearer wording")


def test_a_resaved_text_reanchors_claims_or_flags_them_orphaned(seeded):
    document, claims = _report(claim_ids=("T-1",))
    claims.append(
        {
            **claims[0],
            "claim_id": "T-2",
            "attribute": "reaction",
            "value": "",
            "unit": "",
            "qualifier": "",
            "normalized_value": None,
            "normalized_unit": "",
            "span_start": REPORT.index('"a grave'),
            "span_end": len(REPORT) - 1,
        }
    )
    seeded.add_report("ana", document, REPORT, claims)
    resaved = "UPDATED\n\n" + REPORT.replace("about 300", "about\n300").replace("a grave threat", "serious")
    assert seeded.save_text("ana", "test-report", resaved) == ["T-2"]
    ds = seeded.load()
    claim = ds.claims.set_index("claim_id").loc["T-1"]
    assert resaved[claim.span_start : claim.span_end] == "flew about\n300 km"
    states = seeded.claim_states().set_index("claim_id")
    assert states.loc["T-1", "anchor_status"] == "reanchored"
    assert states.loc["T-2", "anchor_status"] == "orphaned"
    doc = ds.documents.set_index("document_id").loc["test-report"]
    assert doc.char_length == len(resaved)
    assert seeded.report_text("test-report") == resaved


def test_evidence_is_quoted_from_the_stored_text_with_no_reports_folder(seeded, monkeypatch, tmp_path):
    monkeypatch.setenv("LAUNCHWATCH_REPORTS", str(tmp_path))  # a reports folder without these reports
    document, claims = _report(claim_ids=("T-1", "T-2"))
    claims[1] = {**claims[1], "span_start": REPORT.index('"a grave'), "span_end": len(REPORT) - 1}
    seeded.add_report("ana", document, REPORT, claims)
    ds = seeded.load()
    flat = exports.flat_claims(ds).set_index("claim_id", drop=False)
    assert evidence.quote(ds, flat.loc["T-1"]) == "flew about 300 km"
    # Re-saved: T-1 re-anchors and is quoted from the new text; T-2's quote is gone, so it is not quoted.
    seeded.save_text("ana", "test-report", "UPDATED\n\n" + REPORT.replace("a grave threat", "serious"))
    ds = seeded.load()
    flat = exports.flat_claims(ds).set_index("claim_id", drop=False)
    assert evidence.quote(ds, flat.loc["T-1"]) == "flew about 300 km"
    assert evidence.quote(ds, flat.loc["T-2"]) is None
    # A claim whose row is not the stored one (an upload's version, another span) is not quoted from it.
    assert evidence.quote(ds, {**flat.loc["T-1"].to_dict(), "span_start": 0}) is None
    # The bundled reports' texts were not stored in this workspace: no quote, only the span reference.
    assert evidence.quote(ds, flat.loc["C000-01"]) is None


def test_changes_since_holds_only_what_was_written_after(seeded):
    counter = seeded.change_counter()
    document, claims = _report()
    seeded.add_report("ana", document, REPORT, claims)
    seeded.retract_claim("ana", "C000-01", "wrong")
    delta = seeded.changes_since(counter)
    assert delta.counter == counter + 2
    assert sorted(delta.rows["claims"].claim_id) == ["C000-01", "T-1"]
    assert dict(zip(delta.rows["claims"].claim_id, delta.rows["claims"].rec_status, strict=False)) == {
        "C000-01": "retracted",
        "T-1": "active",
    }
    assert list(delta.rows["documents"].document_id) == ["test-report"]
    assert delta.rows["events"].empty


def test_two_sessions_writing_at_once_both_succeed(seeded, db_url):
    other = store.Store.open(db_url)
    errors = []
    start = threading.Barrier(2)

    def write(s, prefix):
        try:
            start.wait()
            for n in range(5):
                document, claims = _report(f"{prefix}-{n}", (f"{prefix}-{n}-c",))
                s.add_report(prefix, document, REPORT, claims)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(s, p)) for s, p in ((seeded, "one"), (other, "two"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    ids = set(seeded.load().claims.claim_id)
    assert {f"{p}-{n}-c" for p in ("one", "two") for n in range(5)} <= ids


def test_a_workspace_survives_reopening_and_is_not_recreated(seeded, db_url):
    seeded.retract_claim("ana", "C000-01", "wrong")
    again = store.Store.open(db_url)
    assert "C000-01" not in set(again.load().claims.claim_id)
    with again.engine.connect() as conn:
        assert migrations.current_version(conn) == migrations.SCHEMA_VERSION


def test_a_newer_schema_is_refused_and_left_as_it_is(seeded, db_url):
    with seeded.engine.begin() as conn:
        conn.execute(
            sa.text("INSERT INTO workspace_version VALUES (:v, 'later', 'from a newer version')"),
            {"v": migrations.SCHEMA_VERSION + 1},
        )
    with pytest.raises(store.StoreError, match="newer than this Launchwatch understands"):
        store.Store.open(db_url)
    with seeded.engine.connect() as conn:
        assert migrations.current_version(conn) == migrations.SCHEMA_VERSION + 1


def test_a_column_the_schema_gains_is_added_to_an_older_database(db_url, monkeypatch):
    s = store.Store.open(db_url)
    bundled = loading.load(loading.BUNDLED_DATA)
    s.seed("local", bundled)
    s.engine.dispose()
    extra = schema.Column("analyst_note", "str", required=False, doc="for the test")
    claims = schema.Table(
        schema.CLAIMS.name, schema.CLAIMS.file, schema.CLAIMS.key, schema.CLAIMS.columns + (extra,), schema.CLAIMS.doc
    )
    monkeypatch.setattr(schema, "CLAIMS", claims)
    monkeypatch.setattr(schema, "TABLES", tuple(claims if t.name == "claims" else t for t in schema.TABLES))
    again = store.Store.open(db_url)
    ds = again.load()
    assert "analyst_note" in ds.claims.columns and set(ds.claims.analyst_note) == {""}
    assert len(ds.claims) == len(bundled.claims)
