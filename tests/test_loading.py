"""The loader names the file, row and column of every problem, and refuses a broken dataset whole."""

import shutil

import pandas as pd
import pytest

from launchwatch import loading

DATA = loading.BUNDLED_DATA


@pytest.fixture
def copy(tmp_path):
    for name in ("documents.csv", "events.csv", "places.csv", "claims.csv"):
        shutil.copy(DATA / name, tmp_path / name)
    return tmp_path


def edit(folder, name, row, column, value):
    frame = pd.read_csv(folder / name, dtype=str, keep_default_na=False)
    frame.loc[row - 1, column] = value
    frame.to_csv(folder / name, index=False)


def messages(folder):
    dataset, problems = loading.validate(folder)
    assert dataset is None
    return [str(p) for p in problems]


@pytest.mark.parametrize(
    "name,row,column,value,expected",
    [
        (
            "events.csv",
            3,
            "date",
            "2025-13-01",
            "events.csv, row 3 (line 4), column 'date': '2025-13-01' is not a calendar date in the form YYYY-MM-DD",
        ),
        (
            "events.csv",
            2,
            "date_precision",
            "fortnight",
            "events.csv, row 2 (line 3), column 'date_precision': 'fortnight' is not one of: "
            "day, week, month, year, before",
        ),
        (
            "events.csv",
            1,
            "event_type",
            "launch",
            "events.csv, row 1 (line 2), column 'event_type': 'launch' is not one of",
        ),
        (
            "events.csv",
            1,
            "place_id",
            "atlantis",
            "events.csv, row 1 (line 2), column 'place_id': 'atlantis' is not a place_id in places",
        ),
        ("places.csv", 1, "latitude", "95", "places.csv, row 1 (line 2), column 'latitude': 95.0 is outside -90..90"),
        (
            "places.csv",
            2,
            "longitude",
            "east",
            "places.csv, row 2 (line 3), column 'longitude': 'east' is not a number",
        ),
        (
            "claims.csv",
            5,
            "event_id",
            "nope",
            "claims.csv, row 5 (line 6), column 'event_id': 'nope' is not an event_id in events",
        ),
        (
            "claims.csv",
            5,
            "document_id",
            "999",
            "claims.csv, row 5 (line 6), column 'document_id': '999' is not a document_id in documents",
        ),
        (
            "claims.csv",
            7,
            "span_end",
            "99999",
            "claims.csv, row 7 (line 8), column 'span_end': 99999 is past the end of the document (2691 characters)",
        ),
        (
            "claims.csv",
            7,
            "normalized_value",
            "-700",
            "claims.csv, row 7 (line 8), column 'normalized_value': -700.0 km is not a possible distance",
        ),
        (
            "claims.csv",
            7,
            "normalized_value",
            "800",
            "claims.csv, row 7 (line 8), column 'normalized_value': 800.0 km does not match 435 mi (expected 700.1 km)",
        ),
        (
            "claims.csv",
            2,
            "claim_id",
            "C000-01",
            "claims.csv, row 2 (line 3), column 'claim_id': 'C000-01' is used by an earlier row",
        ),
        (
            "documents.csv",
            1,
            "file_name",
            "../../etc/passwd",
            "documents.csv, row 1 (line 2), column 'file_name': '../../etc/passwd' must be a bare file name",
        ),
    ],
)
def test_one_bad_cell_gives_one_exact_problem(copy, name, row, column, value, expected):
    edit(copy, name, row, column, value)
    found = messages(copy)
    assert any(m.startswith(expected) for m in found), found


def test_week_precision_date_must_be_a_monday(copy):
    edit(copy, "events.csv", 1, "date_precision", "week")  # 2025-11-07 is a Friday
    assert any("must be the Monday" in m for m in messages(copy))


def test_missing_and_extra_columns_are_named(copy):
    frame = pd.read_csv(copy / "places.csv", dtype=str, keep_default_na=False)
    frame = frame.drop(columns=["latitude"]).assign(lattitude="1")
    frame.to_csv(copy / "places.csv", index=False)
    found = messages(copy)
    assert any(m.startswith("places.csv, column 'latitude': is missing") for m in found)
    assert any(m.startswith("places.csv, column 'lattitude': is not a column") for m in found)


def test_ragged_row_is_reported_with_its_line(copy):
    lines = (copy / "events.csv").read_text(encoding="utf-8").splitlines()
    lines[4] += ",surplus"
    (copy / "events.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert "events.csv, row 4 (line 5): has 11 fields, expected 10 as in the header" in messages(copy)


def test_wrong_encoding_and_empty_and_missing_files(copy):
    (copy / "events.csv").write_bytes("event_id\ncaf\xe9".encode("latin-1"))
    (copy / "places.csv").write_bytes(b"")
    (copy / "documents.csv").unlink()
    found = messages(copy)
    assert any(m.startswith("events.csv: not UTF-8 text: byte") for m in found)
    assert "places.csv: is empty: expected a header line and rows" in found
    assert any(m.startswith("documents.csv: missing from") for m in found)


def test_no_row_is_dropped_every_problem_is_listed(copy):
    edit(copy, "events.csv", 1, "date", "yesterday")
    edit(copy, "events.csv", 2, "date", "tomorrow")
    found = [m for m in messages(copy) if "column 'date'" in m]
    assert len(found) == 2


def test_load_raises_with_every_problem(copy):
    edit(copy, "places.csv", 1, "latitude", "95")
    with pytest.raises(loading.DatasetError) as exc:
        loading.load(copy)
    assert "places.csv, row 1" in str(exc.value)


def test_parquet_tables_load_like_csv(copy):
    frame = pd.read_csv(copy / "claims.csv", dtype=str, keep_default_na=False)
    frame.to_parquet(copy / "claims.parquet", index=False)
    (copy / "claims.csv").unlink()
    assert len(loading.load(copy).claims) == len(frame)


def test_report_text_is_refused_when_the_file_differs(tmp_path):
    ds = loading.load()
    doc = ds.documents.iloc[0]
    (tmp_path / doc.file_name).write_text("a different text", encoding="utf-8")
    assert loading.report_text(ds.documents, doc.document_id, folder=tmp_path) is None


def test_data_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("LAUNCHWATCH_DATA", str(tmp_path))
    assert loading.data_dir() == tmp_path
    monkeypatch.delenv("LAUNCHWATCH_DATA")
    assert loading.data_dir() == loading.BUNDLED_DATA


def test_row_numbers_count_blank_lines(copy):
    edit(copy, "events.csv", 3, "date", "2025-13-45")
    lines = (copy / "events.csv").read_text(encoding="utf-8").splitlines()
    lines.insert(2, "")  # a blank line after data row 1 moves the bad row to row 4 of the file
    (copy / "events.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = messages(copy)
    assert any(m.startswith("events.csv, row 4 (line 5), column 'date': '2025-13-45'") for m in found), found


def _renamed(dataset: loading.Dataset, ids: dict[str, str]) -> loading.Dataset:
    """The dataset with some event ids changed, every reference following."""
    events, claims = dataset.events.copy(), dataset.claims.copy()
    events["event_id"] = events.event_id.replace(ids)
    claims["event_id"] = claims.event_id.replace(ids)
    return loading.Dataset(dataset.documents, events, dataset.places, claims)


@pytest.mark.parametrize(
    "already",
    [
        {"artillery-2025-11-03": "upload:launch-2025-11-07"},
        {"artillery-2025-11-03": "upload:launch-2025-11-07", "artillery-2025-11-01": "upload:launch-2025-11-07-2"},
    ],
)
def test_beside_mode_renames_a_shared_id_to_one_no_one_holds(already):
    base = loading.load()
    extra = _renamed(base, already)  # the upload already holds ids of the form the renaming makes
    combined, notes = loading.combine(base, extra)
    assert combined.events.event_id.is_unique and combined.claims.claim_id.is_unique
    assert len(combined.events) == 2 * len(base.events) and len(combined.claims) == 2 * len(base.claims)
    # Each imported claim still points at its own event: the one its title names.
    titles = combined.events.set_index("event_id").title
    imported = combined.claims.iloc[len(base.claims) :]
    originals = extra.claims.set_index("claim_id").event_id.map(extra.events.set_index("event_id").title)
    for claim_id, event_id in zip(imported.claim_id, imported.event_id, strict=True):
        assert titles[event_id] == originals[claim_id.removeprefix("upload:")]
    assert set(already.values()) <= set(combined.events.event_id)
    assert notes


def test_thousands_of_ragged_rows_are_counted_not_each_held(copy):
    header = (copy / "claims.csv").read_text(encoding="utf-8").split("\n", 1)[0]
    (copy / "claims.csv").write_text(header + "\n" + "a,b\n" * 50_000, encoding="utf-8")
    _, problems = loading.validate(copy)
    ragged = [p for p in problems if p.file == "claims.csv"]
    assert len(ragged) == loading.MAX_ROW_PROBLEMS + 1
    assert str(ragged[-1]) == (
        "claims.csv: has 49,000 more rows with a wrong number of fields or an over-long cell, not listed one by one"
    )
