"""Agreement, corroboration, range rings and reach, on the bundled data and on small tables."""
import pandas as pd
import pytest

from launchwatch import analysis, exports, loading


@pytest.fixture(scope="module")
def flat():
    return exports.flat_claims(loading.load())


@pytest.mark.parametrize("value,factor,half", [
    ("700", 1, 50), ("435", 1, 0.5), ("7.5", 1, 0.05), ("1,000", 1, 500), ("435", 1.609344, 0.804672), ("10", 1, 5),
])
def test_implied_rounding(value, factor, half):
    assert analysis.implied_half_step(value, factor) == pytest.approx(half)


def verdict(flat, event, attribute):
    t = analysis.agreement_table(flat)
    return t[(t.event_id == event) & (t.attribute == attribute)].verdict.iloc[0]


def test_range_agrees_within_rounding(flat):
    assert verdict(flat, "launch-2025-11-07", "range") == analysis.WITHIN_ROUNDING


def test_visit_date_and_length_conflict(flat):
    assert verdict(flat, "hegseth-visit-2025-11", "date") == analysis.CONFLICT
    assert verdict(flat, "hegseth-visit-2025-11", "duration") == analysis.CONFLICT


def test_artillery_counts_agree(flat):
    assert verdict(flat, "artillery-2025-11-03", "count") == analysis.AGREE


def _claims(rows):
    base = {"event_id": "e", "title": "t", "attribute": "range", "qualifier": "", "normalized_unit": "km",
            "resolved_date": "", "originator": "o"}
    return pd.DataFrame([{**base, **r} for r in rows])


def test_values_beyond_rounding_conflict():
    t = _claims([{"document": "a", "value": "700", "unit": "km", "normalized_value": 700.0},
                 {"document": "b", "value": "900", "unit": "km", "normalized_value": 900.0, "originator": "p"}])
    assert analysis.compare(t) == analysis.CONFLICT


def test_ring_per_distinct_value_to_the_km(flat):
    rings = analysis.range_rings(flat, "launch-2025-11-07")
    assert [r.radius_km for r in rings] == [700.0]
    assert len(rings[0].claims) == 3
    assert rings[0].label == "700 km (435 mi)"


def test_no_ring_from_report_001(flat):
    assert analysis.range_rings(flat[flat.document.str.startswith("001")], "launch-2025-11-07") == []


def test_corroboration(flat):
    c = analysis.corroboration(flat).set_index("event_id")
    assert c.loc["launch-2025-11-07", "status"] == "corroborated"
    assert c.loc["kremlin-statement", "status"] == "one report"
    assert c.loc["takaichi-statement-2025-11-07", "status"] == "one originator"


def test_side_by_side_shows_silence(flat):
    docs = list(loading.load().documents.document_id)
    t = analysis.side_by_side(flat, "launch-2025-11-07", docs)
    assert t.loc["range", "001"] == "no details [the report itself]"  # 001 says explicitly it has no range
    assert t.loc["time", "000"] == "— says nothing"  # only 003 gives the time of day
    assert "435" in t.loc["range", "000"] and "700" in t.loc["range", "003"]
    assert t.loc["range", "verdict"] == analysis.WITHIN_ROUNDING


def test_reach_table():
    ds = loading.load()
    t = analysis.reach_table(ds.places, (40.21, 125.20), [700.0]).set_index("place")
    column = analysis.flown_column(700.0)
    assert t.loc["Seoul", column] == "nearer than the distance flown"
    assert t.loc["Tokyo", column] == "farther than the distance flown"
    assert t.loc["Tokyo", "distance_km"] == pytest.approx(1364, abs=2)
    assert t.loc["Seoul", "direction"] == "SSE"
    assert {"Busan", "Beijing", "Vladivostok", "Pyongyang"} <= set(t.index)
    assert t["coord_source"].str.len().min() > 10
