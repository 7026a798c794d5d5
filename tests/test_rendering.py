"""What every viewer is shown: data escaped in tooltips, no server paths, no silently dropped link values,
and an upload that is gone said to be gone."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from apptests import app
from streamlit.testing.v1 import AppTest

from launchwatch import exports, loading, options, ui

PICTURE = "![x](http://hostile.invalid/x.png)"


def shown_text(at: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "caption", "warning", "info", "error", "success") for e in at.get(kind)]
    # Markdown escapes removed: what the viewer reads.
    return "\n".join(str(p) for p in parts).replace("\\", "")


@pytest.fixture
def hostile_labels(tmp_path, monkeypatch):
    for name in ("documents.csv", "events.csv", "places.csv", "claims.csv"):
        shutil.copy(loading.BUNDLED_DATA / name, tmp_path / name)
    docs = pd.read_csv(tmp_path / "documents.csv", dtype=str, keep_default_na=False)
    docs.loc[0, "label"] = f"{PICTURE} _https://hostile.invalid/a someone@hostile.invalid :rocket:"
    docs.to_csv(tmp_path / "documents.csv", index=False)
    assert loading.validate(tmp_path)[1] == []
    monkeypatch.setenv("LAUNCHWATCH_DATA", str(tmp_path))
    return tmp_path


def test_the_reports_filter_escapes_document_labels(hostile_labels):
    at = app().run()
    assert not at.exception
    # Reports are chosen by their labels, which the list and its tags show as plain text (never Markdown:
    # tests/test_hostile.py checks no picture or link is drawn): the label is offered exactly as written.
    label = at.multiselect(key=ui.P_DOC).options[0]
    assert label.startswith(PICTURE)


def test_the_data_folder_is_named_not_shown_as_a_path(hostile_labels):
    at = app().run()
    text = shown_text(at)
    assert f"dataset folder {hostile_labels.name}" in text
    assert str(hostile_labels.parent) not in text


def test_a_broken_dataset_names_the_folder_not_its_path(tmp_path, monkeypatch):
    (tmp_path / "events.csv").write_text("event_id\n", encoding="utf-8")
    monkeypatch.setenv("LAUNCHWATCH_DATA", str(tmp_path))
    at = app().run()
    errors = " ".join(e.value for e in at.error).replace("\\", "")
    assert errors, "the broken dataset showed no error"
    assert str(tmp_path.parent) not in errors and tmp_path.name in errors


@pytest.mark.parametrize(
    "query,expected",
    [
        ({"since": "1800-01-01"}, "The link's 'from' date '1800-01-01' is outside 1900-01-01 to 2100-12-31; ignored."),
        ({"until": "2200-01-01"}, "The link's 'to' date '2200-01-01' is outside 1900-01-01 to 2100-12-31; ignored."),
        ({"bearing": "400"}, "The link's bearing '400' is outside 0 to 359.9°; ignored."),
        ({"bearing": "abc"}, "The link's bearing 'abc' is not a number; ignored."),
    ],
)
def test_a_link_value_the_widget_cannot_take_is_reported(query, expected):
    at = app(**query).run()
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert expected in warnings.replace("\\", ""), warnings


def test_after_a_restart_a_session_that_held_an_upload_is_told_it_is_gone():
    # A new session (as after a server restart) opening a link that was showing an upload.
    at = app(upload="launches.csv").run()
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "uploaded file 'launches.csv' is no longer loaded" in warnings
    assert "upload" not in at.query_params
    assert "workspace database" in shown_text(at)  # the default data source, not the upload


def test_a_session_showing_an_upload_names_it_in_the_link():
    dataset = loading.load(loading.BUNDLED_DATA)
    flat = exports.flat_claims(dataset)
    at = app()
    at.session_state["uploaded_dataset"] = {
        "dataset": dataset,
        "claims": flat,
        "name": "launches.csv",
        "options": options.options_for(dataset, flat),
    }
    at.run()
    assert not at.exception
    assert at.query_params["upload"] in ("launches.csv", ["launches.csv"])
    assert "no longer loaded" not in " ".join(w.value for w in at.warning)


def test_every_rendering_case_in_the_corpus_specification_names_a_test_that_exists():
    text = (loading.REPO_ROOT / "tests" / "fixtures" / "broken" / "CASES.md").read_text(encoding="utf-8")
    section = text.split("## Shown to viewers, and served", 1)[1]
    rows = [line for line in section.splitlines() if line.startswith("| ") and not line.startswith(("| Case", "|---"))]
    assert len(rows) >= 12
    for row in rows:
        tests = [t.strip() for t in row.strip(" |").rsplit("|", 1)[1].split(",")]
        for test in tests:
            path, _, name = test.partition("::")
            source = (loading.REPO_ROOT / path).read_text(encoding="utf-8")
            assert f"def {name}(" in source, f"CASES.md names {test}, which does not exist"
