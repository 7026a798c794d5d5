"""AppTest of the sources page's links: proposals shown with their reasons, a confirmation saved to the
workspace database and applied to the verdicts, and a read-only folder that says it cannot save one."""

from __future__ import annotations

from pathlib import Path

import pytest
from apptests import app, page

from launchwatch import importers, linking, loading, store

TIMEOUT = 90
KEY, CNS_KEY = "launch-2025-11-07", "cns-903"
FIXTURE = Path(__file__).parent / "fixtures" / "linking" / "cns_2025.csv"


@pytest.fixture(scope="module")
def both():
    imported = importers.load_file(FIXTURE.read_bytes(), FIXTURE.name).dataset
    return loading.combine(loading.load(), imported)[0]


def sources_page():
    return page("pages/sources.py", timeout=TIMEOUT)


def range_verdict(at) -> str:
    table = [d.value for d in at.dataframe if "verdict" in d.value.columns and "attribute" in d.value.columns][0]
    rows = table[(table["title"] == "Ballistic missile launch toward the East Sea") & (table["attribute"] == "range")]
    return rows["verdict"].iloc[0]


def test_a_confirmed_link_is_saved_attributed_and_makes_the_ranges_conflict(tmp_path, monkeypatch, both):
    url = f"sqlite:///{tmp_path / 'w.db'}"
    store.Store.open(url).seed("local", both)
    monkeypatch.delenv("LAUNCHWATCH_DATA", raising=False)
    monkeypatch.setenv("LAUNCHWATCH_DB", url)
    at = sources_page()
    choice = at.selectbox(key="link_choice")
    labels = list(choice.options)
    picked = next(i for i, label in enumerate(labels) if "7 Nov 2025" in label)
    assert range_verdict(at) == "agree within rounding"  # the reports alone
    choice.set_value(picked).run()
    assert any("within their uncertainties" in m.value for m in at.markdown)
    at.button(key="link_confirmed").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Saved as change" in s.value for s in at.success)
    ws = store.Store.open(url)
    assert linking.canonical_ids(ws.load()) == {CNS_KEY: KEY}
    assert set(ws.history().query("table == 'links'")["who"]) == {"local"}
    assert range_verdict(at) == "conflict"  # the database's 450 km beside the reports' 700 km
    at.button(key="link_reverse").click().run()  # a mistaken link is reversed, the first decision kept
    assert not at.exception, [e.value for e in at.exception]
    assert len(ws.load().links) == 2 and linking.canonical_ids(ws.load()) == {}
    assert range_verdict(at) == "agree within rounding"


def test_a_read_only_folder_shows_proposals_but_cannot_save_them(tmp_path, monkeypatch, both):
    store.write_folder(both, tmp_path / "both")
    monkeypatch.setenv("LAUNCHWATCH_DATA", str(tmp_path / "both"))
    at = sources_page()
    assert any("needs the workspace database" in i.value for i in at.info)
    assert at.button(key="link_confirmed").disabled


def test_a_link_to_an_uploaded_launch_is_saved_and_shown_with_the_upload(tmp_path, monkeypatch):
    """An analyst's upload (this session only) beside the workspace: the link is saved to the workspace by
    event id, and the upload is shown again with it applied, filters kept."""
    from launchwatch import uploads, workspace

    monkeypatch.delenv("LAUNCHWATCH_DATA", raising=False)
    monkeypatch.delenv("LAUNCHWATCH_DB", raising=False)
    monkeypatch.setenv("LAUNCHWATCH_WORKSPACE", str(tmp_path))
    imported = importers.load_file(FIXTURE.read_bytes(), FIXTURE.name).dataset
    base = store.Store.open(f"sqlite:///{tmp_path / 'launchwatch.db'}")
    base.seed("local", loading.load())
    dataset, flat, options = workspace.build(uploads.combine(base.load(), imported)[0])
    at = app(TIMEOUT)
    at.session_state["upload_imported"] = imported
    at.session_state["upload_report"] = {"name": FIXTURE.name, "errors": [], "lines": []}
    at.session_state["uploaded_dataset"] = {
        "dataset": dataset,
        "claims": flat,
        "options": options,
        "name": FIXTURE.name,
    }
    at.run().switch_page("pages/sources.py").run()
    assert range_verdict(at) == "agree within rounding"
    choice = at.selectbox(key="link_choice")
    choice.set_value(next(i for i, label in enumerate(choice.options) if "7 Nov 2025" in label)).run()
    at.button(key="link_confirmed").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert linking.decisions(base.load().links) == {linking.pair_key(KEY, CNS_KEY): linking.CONFIRMED}
    assert range_verdict(at) == "conflict"
