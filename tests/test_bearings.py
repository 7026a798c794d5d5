"""A reported bearing drawn from the launch's origin: its own style and legend entry beside the assumed
bearing, hover naming its source, its length derived and labelled; checked point by point with geopy."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from apptests import page
from geopy.distance import geodesic

from launchwatch import bearings, exports, figures, loading, store

KEY = "launch-2025-11-07"
ORIGIN = (40.21, 125.2)  # Taegwan, where the bundled reports put the launch
DB = "example-db"


def claim(n, attribute, value, unit, normalized, normalized_unit, originator="Example launch database"):
    return {
        "claim_id": f"X-{n}",
        "event_id": KEY,
        "document_id": DB,
        "originator": originator,
        "originator_kind": "database",
        "via": "",
        "attribute": attribute,
        "stance": "stated",
        "claim": f"{attribute}: {value} {unit}",
        "value": value,
        "unit": unit,
        "qualifier": "",
        "normalized_value": normalized,
        "normalized_unit": normalized_unit,
        "resolved_date": pd.NaT,
        "resolved_precision": "",
        "span_start": n - 1,
        "span_end": n,
    }


def with_claims(*rows) -> loading.Dataset:
    """The bundled reports and a launch database of our own giving a bearing for the 7 November launch."""
    base = loading.load()
    doc = base.documents.iloc[[0]].assign(
        document_id=DB, label="Example launch database", file_name="example-db.csv", outlet="Example", summary="test"
    )
    claims = pd.concat([base.claims, pd.DataFrame(list(rows))], ignore_index=True)
    documents = pd.concat([base.documents, doc], ignore_index=True)
    return loading.Dataset(documents, base.events, base.places, claims, base.folder, base.aliases)


BEARING = claim(1, "bearing", "95", "deg", 95.0, "deg")
RANGE = claim(2, "range", "450", "km", 450.0, "km")


def draw(dataset, assumed=None):
    flat = exports.flat_claims(dataset)
    return figures.map_figure(flat, dataset.places, {}, KEY, assumed_bearing=assumed).figure


def traces(fig, meta):
    return [t for t in fig.data if t.meta == meta]


@pytest.mark.parametrize(
    "rows,length,basis",
    [
        ([BEARING, RANGE], 450.0, "the range the same document reports"),
        ([BEARING], 700.1, "the longest range reported in view"),  # the reports' 435 miles, as stored
    ],
)
def test_the_line_runs_to_a_reported_range_and_says_which(rows, length, basis):
    flat = exports.flat_claims(with_claims(*rows))
    (found,) = bearings.reported_bearings(flat[flat["event_id"] == KEY])
    assert found.length_km == pytest.approx(length, abs=0.01)
    assert basis in found.length_basis and "derived" in found.length_basis


def test_without_any_range_the_line_is_a_labelled_stub():
    flat = exports.flat_claims(with_claims(BEARING))
    key = flat[(flat["event_id"] == KEY) & (flat["attribute"] != "range")]
    (found,) = bearings.reported_bearings(key)
    assert found.length_km == bearings.DEFAULT_LENGTH_KM and "no range is reported" in found.length_basis


def test_reported_bearing_is_drawn_from_the_origin_apart_from_the_assumed_one():
    fig = draw(with_claims(BEARING, RANGE), assumed=80.0)
    (line,) = traces(fig, "reported-bearing")
    assert line.name == "reported bearing 95° (E) (Example launch database)"
    assert line.hovertemplate == figures.HOVER
    assert "Source: Example launch database" in line.hovertext[0] and "derived" in line.hovertext[0]
    assumed = traces(fig, "assumed-path")[0]
    assert line.line.dash is None and assumed.line.dash == "dash" and line.line.color != assumed.line.color
    assert (line.lat[0], line.lon[0]) == pytest.approx(ORIGIN)
    # Every point lies on the geodesic from the origin at 95°, out to the database's own 450 km.
    for lat, lon in zip(line.lat, line.lon, strict=True):
        along = geodesic(ORIGIN, (lat, lon)).km
        expected = geodesic(kilometers=along).destination(ORIGIN, 95.0)
        assert geodesic((lat, lon), (expected.latitude, expected.longitude)).km < 0.01
    assert geodesic(ORIGIN, (line.lat[-1], line.lon[-1])).km == pytest.approx(450.0, abs=0.01)
    (end,) = traces(fig, "reported-bearing-end")
    assert end.text[0] == "450 km (derived)"


def test_a_hostile_source_name_is_inert_in_the_legend_and_hover():
    hostile = claim(1, "bearing", "95", "deg", 95.0, "deg", originator="<img src=x onerror=alert(1)>%{x}")
    (line,) = traces(draw(with_claims(hostile)), "reported-bearing")
    assert "<img" not in line.name and "<img" not in line.hovertext[0]
    assert line.hovertemplate == figures.HOVER


def test_the_map_page_draws_a_reported_bearing(tmp_path, monkeypatch):
    store.write_folder(with_claims(BEARING, RANGE), tmp_path / "data")
    monkeypatch.setenv("LAUNCHWATCH_DATA", str(tmp_path / "data"))
    at = page(timeout=90)
    fig = json.loads(at.get("plotly_chart")[0].proto.spec)
    names = [t.get("name") for t in fig["data"] if t.get("meta") == "reported-bearing"]
    assert names == ["reported bearing 95° (E) (Example launch database)"]
