"""Range rings and reach, on the bundled data."""

import pytest

from launchwatch import analysis, exports, loading


@pytest.fixture(scope="module")
def flat():
    return exports.flat_claims(loading.load())


def test_ring_per_distinct_value_to_the_km(flat):
    rings = analysis.range_rings(flat, "launch-2025-11-07")
    assert [r.radius_km for r in rings] == [700.0]
    assert len(rings[0].claims) == 3
    assert rings[0].label == "700 km (435 mi)"


def test_no_ring_from_report_001(flat):
    assert analysis.range_rings(flat[flat.document.str.startswith("001")], "launch-2025-11-07") == []


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
