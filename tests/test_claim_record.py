"""A claim's history and the orphan flag, as the selected-event panel and the sources page show them."""

from __future__ import annotations

import pytest
from apptests import page
from test_interchange import analysts_work

from launchwatch import claim_record, loading, sources, store

LAUNCH = "launch-2025-11-07"


@pytest.fixture
def worked(tmp_path, monkeypatch):
    """The app's own workspace (a folder of the test's), where analysts retracted, superseded and orphaned claims."""
    monkeypatch.setenv("LAUNCHWATCH_WORKSPACE", str(tmp_path))
    monkeypatch.delenv("LAUNCHWATCH_DATA", raising=False)
    monkeypatch.delenv("LAUNCHWATCH_DB", raising=False)
    return analysts_work(sources.open_store(sources.resolve()))


@pytest.mark.parametrize(
    "claim_id, rows",
    [
        (
            "C000-01",
            [
                ("local", "seeded from a dataset folder", ""),
                ("ben", "retracted", "the report says it of another launch"),
            ],
        ),
        ("T-1", [("ana@example.org", "added", ""), ("cara", "superseded", "no hedge in the report")]),
        ("T-1b", [("cara", "added, superseding T-1", "")]),
        (
            "T-2",
            [
                ("ana@example.org", "added", ""),
                ("ana@example.org", claim_record.ACTIONS["orphaned"], "its quote is not in the report's new text"),
            ],
        ),
    ],
)
def test_a_claims_history_says_who_did_what_when_and_why(worked, claim_id, rows):
    found = claim_record.history(worked, claim_id)
    assert list(zip(found["who"], found["what"], found["why"], strict=True)) == rows
    assert all(len(w) == len("2026-01-01 00:00:00") for w in found["when (UTC)"])


def test_retired_claims_of_an_event_say_what_became_of_them(worked):
    gone = claim_record.retired(worked, LAUNCH).set_index("claim_id")
    assert gone.loc["C000-01", "status"] == "retracted: the report says it of another launch"
    assert gone.loc["T-1", "status"] == "superseded: no hedge in the report (by T-1b)"


def test_a_folder_has_no_record_and_none_is_invented():
    assert claim_record.history(None, "C000-01").empty
    assert claim_record.orphaned(None) == set()
    assert claim_record.retired(None, LAUNCH).empty


def test_the_selected_event_panel_flags_orphans_and_shows_retired_claims_with_their_history(worked):
    at = page("pages/map.py", event=LAUNCH)
    assert any("orphaned" in w.value and "T-2" in w.value for w in at.warning)
    claims = next(d.value for d in at.dataframe if "evidence" in d.value.columns)
    assert claims.loc[claims["value"] == "Japan objected.", "evidence"].tolist() == ["orphaned"]
    # Who added each claim reads from the table itself: the analyst for hers, the seeding for the bundled ones.
    assert claims.loc[claims["value"] == "Japan objected.", "added by"].tolist() == ["ana@example.org"]
    assert set(claims["added by"]) >= {"ana@example.org", "local"}
    assert any("2 retracted or superseded claim(s) about this event" in e.label for e in at.expander)
    retired = next(d.value for d in at.dataframe if "status" in d.value.columns)
    assert "retracted: the report says it of another launch" in set(retired["status"])
    histories = [d.value for d in at.dataframe if "who" in d.value.columns]
    assert any(("ben", "retracted") in set(zip(h["who"], h["what"], strict=True)) for h in histories)


def test_the_sources_page_lists_orphaned_claims(worked):
    at = page("pages/sources.py")
    assert any("1 claim(s) are orphaned" in w.value for w in at.warning)
    orphans = next(
        d.value for d in at.dataframe if set(d.value.columns) == {"claim_id", "document_id", "attribute", "claim"}
    )
    assert list(orphans["claim_id"]) == ["T-2"]
    sources.open_store(sources.resolve()).retract_claim("dan", "T-2", "its quote is gone")  # no longer current
    at.run()
    assert any("Side by side" in h.value for h in at.subheader)  # the sources page again
    assert not any("orphaned" in w.value for w in at.warning)  # read again after the change, not kept


def test_a_dataset_folder_shows_no_flags_and_no_history(monkeypatch):
    monkeypatch.setenv("LAUNCHWATCH_DATA", str(loading.BUNDLED_DATA))
    at = page("pages/map.py", event=LAUNCH)
    assert not any("orphaned" in w.value for w in at.warning)
    assert not any("retracted or superseded" in e.label for e in at.expander)
    assert all("added by" not in d.value.columns for d in at.dataframe)


def test_the_record_is_read_once_per_change_and_a_change_shows_on_the_next_rerun(worked, monkeypatch):
    reads = []
    for name in ("retired_about", "orphaned", "added_by"):
        real = getattr(store.Store, name)
        monkeypatch.setattr(
            store.Store, name, lambda self, *a, _real=real, _name=name: reads.append(_name) or _real(self, *a)
        )
    at = page("pages/map.py", event=LAUNCH)
    assert any("2 retracted or superseded claim(s) about this event" in e.label for e in at.expander)
    shown = len(claims_table(at))
    read = len(reads)
    at.run()
    assert len(reads) == read, "a rerun with nothing changed read the record again"
    sources.open_store(sources.resolve()).retract_claim("dan", "C000-02", "a second look")
    at.run()
    assert any("3 retracted or superseded claim(s) about this event" in e.label for e in at.expander)
    retired = next(d.value for d in at.dataframe if "status" in d.value.columns)
    assert "retracted: a second look" in set(retired["status"])
    assert len(claims_table(at)) == shown - 1


def claims_table(at):
    return next(d.value for d in at.dataframe if "added by" in d.value.columns)
