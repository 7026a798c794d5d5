"""AppTest for the "Add a report" page: proposals from a pasted report, their review, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from launchwatch import loading

TIMEOUT = 60
REPORT = (Path(__file__).parent / "fixtures" / "reports" / "wire_followup.txt").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def own_workspace(tmp_path, monkeypatch):
    """Each test's saves go to a workspace database of its own, never the repository's."""
    monkeypatch.setenv("LAUNCHWATCH_WORKSPACE", str(tmp_path))
    return tmp_path


def add_page():
    at = AppTest.from_file(str(loading.REPO_ROOT / "app.py"), default_timeout=TIMEOUT).run()
    at.switch_page("pages/add_report.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def propose(at, text, day="2025-11-10"):
    at.text_area(key="intake_paste").set_value(text)
    if day:
        at.date_input(key="intake_date").set_value(day)
    at.button(key="intake_propose").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_pasted_report_gets_its_claims_proposed_and_marked_in_the_text():
    at = propose(add_page(), REPORT)
    frame = at.session_state["intake_result"]["frame"]
    by = {(r.attribute, r.value) for r in frame.itertuples()}
    assert ("range", "700 km") in by and ("origin", "Taegwan") in by and ("date", "on Friday") in by
    range_row = frame[frame.attribute == "range"].iloc[0]
    assert (range_row.originator, range_row.event_id) == ("South Korea's Joint Chiefs of Staff", "launch-2025-11-07")
    text_view = [m.value for m in at.markdown if ":orange-background[" in m.value]
    assert text_view and ":orange-background[about 700 km]" in text_view[0]
    assert at.selectbox(key="intake_reliability").value == "F"


def test_without_the_report_date_nothing_is_proposed():
    at = propose(add_page(), REPORT, day=None)
    assert "intake_result" not in at.session_state
    assert any("report's date" in e.value for e in at.error)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("   ", "empty"),
        ("North Korea fired a missile on Friday. " * 130_000, "more than a report"),  # about 5 MB
        ("\x00\x01\x02 junk " * 100, "binary"),
    ],
)
def test_bad_pastes_are_refused_with_a_message_and_nothing_proposed(text, message):
    at = propose(add_page(), text)
    assert any(message in e.value for e in at.error)
    assert "intake_result" not in at.session_state


def test_report_text_with_markup_is_escaped_in_the_marked_text():
    hostile = "North Korea fired a missile on Friday <script>alert(1)</script> [link](http://example.invalid)."
    at = propose(add_page(), hostile)
    view = next(m.value for m in at.markdown if "alert" in m.value)
    assert "\\<script\\>" in view and "\\[link\\]" in view


def test_a_claim_added_by_quote_gets_the_span_of_its_passage():
    at = propose(add_page(), REPORT)
    before = len(at.session_state["intake_result"]["frame"])
    at.text_input(key="intake_quote_text").set_value("revising its first assessment")
    at.selectbox(key="intake_quote_attribute").set_value("content")
    at.button(key="FormSubmitter:intake_quote-Add the claim").click().run()
    frame = at.session_state["intake_result"]["frame"]
    assert len(frame) == before + 1
    row = frame.iloc[-1]
    assert REPORT[int(row.span_start) : int(row.span_end)] == "revising its first assessment"


def test_a_quote_not_in_the_report_is_refused():
    at = propose(add_page(), REPORT)
    at.text_input(key="intake_quote_text").set_value("the summit in Gyeongju was postponed")
    at.button(key="FormSubmitter:intake_quote-Add the claim").click().run()
    assert any("not in the report" in e.value for e in at.error)


def test_save_writes_the_report_and_its_accepted_claims_to_the_workspace(own_workspace):
    store = pytest.importorskip("launchwatch.store")
    tmp_path = own_workspace
    at = propose(add_page(), REPORT)
    assert not at.button(key="intake_save").disabled
    at.button(key="intake_save").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Saved as change" in s.value for s in at.success)
    data = store.Store.open(f"sqlite:///{tmp_path / 'launchwatch.db'}").load()
    stored = data.claims[data.claims.document_id.str.startswith("r-")]
    assert {"range", "date", "origin"} <= set(stored.attribute)
    assert set(stored[stored.attribute == "range"].event_id) == {"launch-2025-11-07"}


def test_a_new_originator_typed_in_the_table_joins_the_alias_table_and_is_known_after(own_workspace):
    store = pytest.importorskip("launchwatch.store")
    at = propose(add_page(), REPORT)
    res = at.session_state["intake_result"]
    frame = res["frame"]
    frame.loc[frame.attribute == "range", "originator"] = "Taiwan's defense ministry"  # the analyst's edit
    res["editor"] += 1  # the table is drawn again from the edited frame, as after a cell edit
    at.run()
    # The report's own "Japan's defence ministry" is new to the workspace too.
    assert any("2 new originator(s)" in m.value for m in at.markdown)
    stands = [s for s in at.selectbox if "Taiwan's defense ministry" in s.label]
    assert len(stands) == 1 and stands[0].value == ""
    at.button(key="intake_save").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("New in the alias table: Taiwan's defense ministry" in s.value for s in at.success)
    ws = store.Store.open(f"sqlite:///{own_workspace / 'launchwatch.db'}")
    row = ws.aliases().set_index("alias").loc["Taiwan's defense ministry"]
    assert row.organisation == "Taiwan's defense ministry" and "Added by local" in row.basis
    stored = ws.load().claims
    assert set(stored[stored.originator == "Taiwan's defense ministry"].attribute) == {"range"}
    # The next report: the name is among the known originators, and is not new any more.
    at = propose(at, REPORT.replace("Nov 10", "Nov 11"), day="2025-11-11")
    known = next(e for e in at.expander if e.label.startswith("Known originators"))
    assert "Taiwan's defense ministry" in set(known.dataframe[0].value.originator)
    assert any("0 new originator(s)" in m.value for m in at.markdown)


NEW_RANGE = (
    "TOKYO (Test Wire) - North Korea's missile launch on Friday flew about 450 km, Japan's Ministry of "
    "Defense said on Monday, less than other estimates."
)


def test_a_saved_report_shows_on_the_map_and_the_timeline(own_workspace):
    """A 450 km claim against the reports' 700 km: the map's range verdict becomes a conflict, a ring is
    drawn for it with its originator, and the timeline's launch counts its new claims."""
    from test_pages import figure, traces

    store = pytest.importorskip("launchwatch.store")
    at = propose(add_page(), NEW_RANGE)
    at.button(key="intake_save").click().run()
    assert any("Saved as change" in s.value for s in at.success)
    data = store.Store.open(f"sqlite:///{own_workspace / 'launchwatch.db'}").load()
    launch_claims = int((data.claims.event_id == "launch-2025-11-07").sum())
    at.switch_page("pages/map.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Sources differ on: how far (conflict)" in c.value for c in at.caption)
    how_far = next(p.proto.popover.label for p in at.get("popover") if "How far:" in p.proto.popover.label)
    assert "about 450 km ·" in how_far and ":red[conflict]" in how_far  # the number and its unit, once
    rings = {t["name"]: t["hovertext"] for t in traces(figure(at), "range-ring")}
    ring = next(h for name, h in rings.items() if "450" in name)
    assert "about 450 km = 450 km (Japan's Ministry of Defense)" in ring
    at.switch_page("pages/timeline.py").run()
    assert not at.exception, [e.value for e in at.exception]
    launch = [
        text
        for t in figure(at, -1)["data"]
        if t.get("meta") == "events"
        for e, text in zip(t["customdata"], t["text"], strict=True)
        if e == "launch-2025-11-07"
    ]
    assert len(launch) == 1 and f"{launch_claims} claim(s)" in launch[0]
