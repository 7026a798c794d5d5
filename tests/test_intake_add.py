"""`python -m launchwatch add`: a report taken into a workspace database, listed first, added only when told."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from launchwatch import loading

# The workspace database lands with its own change; until then these tests have nothing to write to.
store = pytest.importorskip("launchwatch.store")
REPORT = Path(__file__).parent / "fixtures" / "reports" / "wire_followup.txt"


def _add(tmp_path, *extra, env_extra=None):
    env = {"PATH": "/usr/bin:/bin", "LAUNCHWATCH_WORKSPACE": str(tmp_path / "ws"), **(env_extra or {})}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "launchwatch",
            "add",
            str(REPORT),
            "--published",
            "2025-11-10",
            "--outlet",
            "Example Wire",
            *extra,
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=loading.REPO_ROOT,
    )


@pytest.fixture
def workspace(tmp_path):
    def open_it():
        return store.Store.open(f"sqlite:///{tmp_path / 'ws' / 'launchwatch.db'}")

    return open_it


def test_without_accept_all_it_lists_and_adds_nothing(tmp_path, workspace):
    done = _add(tmp_path)
    assert done.returncode == 0, done.stderr
    assert "range,700,km" in done.stdout.replace('"', "") and "give --accept-all" in done.stderr
    assert not (workspace().load().documents.outlet == "Example Wire").any()


def test_accept_all_adds_the_report_and_its_claims_attributed_to_the_analyst(tmp_path, workspace):
    done = _add(tmp_path, "--accept-all", "--who", "ana@example.org")
    assert done.returncode == 0, done.stderr
    data = workspace().load()
    doc = data.documents[data.documents.outlet == "Example Wire"].iloc[0]
    assert (str(doc.reference_date)[:10], doc.reliability) == ("2025-11-10", "F")
    claims = data.claims[data.claims.document_id == doc.document_id]
    ranges = claims[claims.attribute == "range"]
    assert list(ranges.normalized_value) == [700.0] and list(ranges.event_id) == ["launch-2025-11-07"]
    history = workspace().history()
    assert "ana@example.org" in set(history.astype(str).stack())
    # An originator the workspace did not know joins the alias table in the same write, attributed.
    assert "new originator: Japan's defence ministry" in done.stderr
    added = workspace().aliases().set_index("alias").loc["Japan's defence ministry"]
    assert added.basis.startswith(f"Added by ana@example.org with report {doc.document_id}")
    again = _add(tmp_path, "--accept-all")
    assert again.returncode == 1 and "already stored" in again.stderr


def test_a_dataset_folder_is_read_only(tmp_path):
    done = _add(tmp_path, "--accept-all", env_extra={"LAUNCHWATCH_DATA": str(loading.BUNDLED_DATA)})
    assert done.returncode == 2 and "read-only" in done.stderr


def test_a_report_added_from_the_command_line_shows_on_the_app_s_pages(tmp_path, monkeypatch):
    """The command line writes where the app reads (one resolution of the data source): a 450 km claim
    added with `add` makes the map's range verdict a conflict and shows on the sources page."""
    from apptests import page

    report = tmp_path / "tokyo_450.txt"
    report.write_text(
        "TOKYO (Test Wire) - North Korea's missile launch on Friday flew about 450 km, Japan's Ministry of "
        "Defense said on Monday, less than other estimates.",
        encoding="utf-8",
    )
    env = {"PATH": "/usr/bin:/bin", "LAUNCHWATCH_WORKSPACE": str(tmp_path / "ws")}
    done = subprocess.run(
        [sys.executable, "-m", "launchwatch", "add", str(report), "--published", "2025-11-10", "--accept-all"]
        + ["--who", "ana@example.org"],
        capture_output=True,
        text=True,
        env=env,
        cwd=loading.REPO_ROOT,
    )
    assert done.returncode == 0, done.stderr
    monkeypatch.setenv("LAUNCHWATCH_WORKSPACE", env["LAUNCHWATCH_WORKSPACE"])
    at = page("pages/map.py")
    assert any("Sources differ on: how far (conflict)" in c.value for c in at.caption)
    at.switch_page("pages/sources.py").run()
    assert not at.exception, [e.value for e in at.exception]
    values = " ".join(str(v) for d in at.dataframe for v in d.value.astype(str).to_numpy().ravel())
    assert "450 km" in values
