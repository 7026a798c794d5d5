"""The command line as analysts' scripts use it: exit status, messages and the exported files."""

import csv
import json
import shutil
import subprocess
import sys

import pytest

from launchwatch import exports, loading

ROOT = loading.REPO_ROOT
D000 = "000_b1a128df4d4dce34"


def run(*args, env=None):
    import os

    return subprocess.run(
        [sys.executable, "-m", "launchwatch", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )


def test_validate_bundled_data():
    r = run("validate")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "valid (4 documents, 23 events, 122 claims" in r.stdout


def test_validate_lists_every_problem_and_fails(tmp_path):
    for name in ("documents.csv", "events.csv", "places.csv", "claims.csv"):
        shutil.copy(loading.BUNDLED_DATA / name, tmp_path / name)
    text = (tmp_path / "places.csv").read_text(encoding="utf-8").replace("40.21,125.2,", "140.21,125.2,")
    (tmp_path / "places.csv").write_text(text, encoding="utf-8")
    r = run("validate", str(tmp_path))
    assert r.returncode == 1
    assert "places.csv, row 1 (line 2), column 'latitude': 140.21 is outside -90..90" in r.stdout


def test_validate_reads_the_environment_folder(tmp_path):
    r = run("validate", env={"LAUNCHWATCH_DATA": str(tmp_path)})
    assert r.returncode == 1 and "documents.csv: missing from" in r.stdout


def test_export_document_000_holds_the_435_mile_claim(tmp_path):
    out = tmp_path / "000.csv"
    r = run("export", "--format", "csv", "--document", D000, "-o", str(out))
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {row["document"] for row in rows} == {D000}
    ranges = [row for row in rows if row["unit"] == "mi"]
    assert len(ranges) == 1
    assert ranges[0]["value"] == "435" and float(ranges[0]["normalized_value"]) == pytest.approx(700, abs=0.5)
    assert ranges[0]["normalized_unit"] == "km"
    for col in exports.EXPORT_COLUMNS:
        assert col in rows[0]


def test_export_geojson_points(tmp_path):
    out = tmp_path / "all.geojson"
    r = run("export", "--format", "geojson", "--event-type", "artillery_fire", "-o", str(out))
    assert r.returncode == 0, r.stderr
    fc = json.loads(out.read_text(encoding="utf-8"))
    assert fc["type"] == "FeatureCollection" and fc["features"]
    for f in fc["features"]:
        assert f["geometry"]["type"] == "Point"
        assert f["properties"]["event_type"] == "artillery_fire"
        assert f["properties"]["geo_precision"] == "sea_area"


def test_export_filters_by_originator_and_dates(tmp_path):
    out = tmp_path / "x.csv"
    r = run(
        "export",
        "--format",
        "csv",
        "--originator",
        "U.S. Indo-Pacific Command",
        "--since",
        "2025-11-01",
        "--until",
        "2025-11-30",
        "-o",
        str(out),
    )
    assert r.returncode == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows and {row["originator"] for row in rows} == {"U.S. Indo-Pacific Command"}


def test_export_rejects_unknown_values_and_bad_dates(tmp_path):
    r = run("export", "--format", "csv", "--document", "999", "-o", str(tmp_path / "x.csv"))
    assert r.returncode == 2 and "--document: unknown value(s) 999" in r.stderr
    r = run("export", "--format", "csv", "--since", "last week", "-o", str(tmp_path / "x.csv"))
    assert r.returncode == 2 and "'last week' is not a date in the form YYYY-MM-DD" in r.stderr


def test_export_matches_the_dashboard_download_bytes(tmp_path):
    out = tmp_path / "all.csv"
    assert run("export", "--format", "csv", "-o", str(out)).returncode == 0
    assert out.read_bytes() == exports.to_csv_bytes(exports.flat_claims(loading.load()))


def test_formula_cells_are_neutralised_without_losing_the_value():
    import pandas as pd

    t = pd.DataFrame({"title": ['=HYPERLINK("x")', "+1", "-2", "@SUM(A1)", "plain"], "n": [-1.5, 2, 3, 4, 5]})
    text = exports.to_csv_bytes(t).decode()
    assert "'=HYPERLINK" in text and "'+1" in text and "'-2" in text and "'@SUM" in text
    assert "\nplain," in text and ",-1.5\n" in text  # numbers stay numbers
