"""Geodesy: rings really are at their radius, bearings point the right way, arcs join through north."""

import numpy as np
import pytest

from launchwatch import geodesy

TAEKWAN = (40.21, 125.20)


def test_ring_points_are_at_the_radius():
    lats, lons, bearings = geodesy.ring(TAEKWAN, 700, points=73)
    d = [geodesy.distance_km(TAEKWAN, (a, o)) for a, o in zip(lats, lons, strict=True)]
    assert np.allclose(d, 700, atol=0.01)
    assert (lats[0], lons[0]) == pytest.approx((lats[-1], lons[-1]))  # closed


def test_known_distance_and_bearing():
    seoul = (37.57, 126.98)
    assert geodesy.distance_km(TAEKWAN, seoul) == pytest.approx(331.3, abs=0.5)
    assert geodesy.bearing_deg(TAEKWAN, seoul) == pytest.approx(151.7, abs=0.5)
    assert geodesy.compass(151.7) == "SSE"


def test_destination_round_trip():
    end = geodesy.destination(TAEKWAN, 90, 700)
    assert geodesy.distance_km(TAEKWAN, end) == pytest.approx(700, abs=0.01)
    assert geodesy.bearing_deg(TAEKWAN, end) == pytest.approx(90, abs=0.01)
    assert end[1] > 133  # 700 km due east of Taekwan is far out in the East Sea


def test_path_ends_at_the_destination():
    lats, lons = geodesy.path(TAEKWAN, 100, 700)
    assert (lats[-1], lons[-1]) == pytest.approx(geodesy.destination(TAEKWAN, 100, 700))
    assert (lats[0], lons[0]) == pytest.approx(TAEKWAN)


@pytest.mark.parametrize(
    "mask_fn,expected",
    [
        (lambda b: (b > 45) & (b < 135), [(46, 134)]),
        (lambda b: (b < 20) | (b > 350), [(351, 379)]),
        (lambda b: b < 0, []),
        (lambda b: b >= 0, [(0, 360)]),
        (lambda b: ((b > 10) & (b < 20)) | ((b > 100) & (b < 110)), [(11, 19), (101, 109)]),
    ],
)
def test_runs(mask_fn, expected):
    b = np.linspace(0, 360, 361)
    arcs = geodesy.runs(mask_fn(b), b)
    assert sorted((round(a.start), round(a.end)) for a in arcs) == sorted(expected)


def test_miles():
    assert geodesy.km_to_miles(700) == pytest.approx(434.96, abs=0.01)
