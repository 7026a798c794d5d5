"""The landing area: constraints from the claims in view, and a band every point of which satisfies them."""

import numpy as np
import pytest
from geographiclib.geodesic import Geodesic

from launchwatch import exports, figures, landing, loading
from launchwatch.landing import ACROSS, EAST_SEA, EASTWARD, OUTSIDE_EEZ, RANGE

KEY = "launch-2025-11-07"
TAEGWAN = (40.21, 125.20)
DOCS = {
    "000": "000_b1a128df4d4dce34",
    "001": "001_1a0ad8e3a2be4f80",
    "002": "002_54364550e8723fb3",
    "003": "003_e4aa5e055945f245",
}


@pytest.fixture(scope="module")
def flat():
    return exports.flat_claims(loading.load())


@pytest.fixture(scope="module")
def geo():
    return landing.geography()


def view(flat, reports):
    return flat[flat["document"].isin([DOCS[r] for r in reports])]


# ---------------------------------------------------------------- constraint sets: a filter changes them


@pytest.mark.parametrize(
    "reports,kinds,band_km",
    [
        ("000 001 002 003", [RANGE, EAST_SEA, EASTWARD, OUTSIDE_EEZ, ACROSS], (650, 750)),
        ("000", [RANGE, EAST_SEA], (699.3, 700.9)),  # 'roughly 435 miles' alone: 434.5 to 435.5 miles
        ("001", [], None),  # no range given: no band at all
        ("002", [RANGE, EASTWARD, OUTSIDE_EEZ, ACROSS], (650, 750)),
        ("003", [RANGE, EAST_SEA], (650, 750)),
        ("001 003", [RANGE, EAST_SEA, OUTSIDE_EEZ], (650, 750)),  # 001's "off its east coast" and "outside EEZ"
    ],
)
def test_constraint_sets(flat, reports, kinds, band_km):
    v = view(flat, reports.split())
    assert [c.kind for c in landing.constraints(v, KEY)] == kinds
    band = landing.range_band(v[v["event_id"] == KEY])
    if band_km is None:
        assert band is None and landing.landing_area(v, KEY, TAEGWAN) is None
    else:
        assert band == pytest.approx(band_km, abs=0.05)


def test_each_constraint_names_the_claims_that_impose_it(flat):
    by_kind = {c.kind: c for c in landing.constraints(flat, KEY)}
    assert "003 (South Korea's Joint Chiefs of Staff)" in by_kind[RANGE].claims
    assert by_kind[OUTSIDE_EEZ].claims.startswith("001 (Japan's government)")
    assert by_kind[ACROSS].claims == "002 (South Korea's military)"
    assert "approximated" in by_kind[OUTSIDE_EEZ].approximate


@pytest.mark.parametrize(
    "reports,inside,outside",
    [
        ("000 001 002 003", [70, 80, 95], [60, 110, 140, 152]),  # no flight over the South, none off Busan
        ("003", [70, 100, 140], [152, 200]),  # without "across the country" the band reaches further south
    ],
)
def test_band_bearings(flat, reports, inside, outside):
    area = landing.landing_area(view(flat, reports.split()), KEY, TAEGWAN)
    assert all(area.allows_bearing(b) for b in inside), area.arcs
    assert not any(area.allows_bearing(b) for b in outside), area.arcs


# ---------------------------------------------------------------- geodesic: the drawn band satisfies everything


def _holds(kinds, lat, lon, geo, band):
    """Every constraint in force, tested on one point with exact geodesic distances."""
    inv = Geodesic.WGS84.Inverse(TAEGWAN[0], TAEGWAN[1], lat, lon)
    ok = band[0] - 0.01 <= inv["s12"] / 1000 <= band[1] + 0.01
    if EAST_SEA in kinds:
        ok &= bool(landing.in_east_sea([lat], [lon], geo)[0])
    if EASTWARD in kinds:
        ok &= 45 <= inv["azi1"] % 360 <= 135
    if OUTSIDE_EEZ in kinds:
        to_japan = landing.nearest_km([lat], [lon], geo.japan_coast)[0]
        to_other = landing.nearest_km([lat], [lon], geo.other_coast)[0]
        ok &= to_japan > landing.EEZ_KM or to_other < to_japan
    if ACROSS in kinds:
        line = Geodesic.WGS84.InverseLine(TAEGWAN[0], TAEGWAN[1], lat, lon)
        steps = np.linspace(0, line.s13, 60)
        path = [line.Position(s) for s in steps]
        ok &= bool(landing.over_north_korea_or_sea([p["lat2"] for p in path], [p["lon2"] for p in path], geo).all())
    return ok


@pytest.mark.parametrize("reports", ["000 001 002 003", "002", "003"])
def test_every_point_of_the_drawn_band_satisfies_every_constraint(flat, geo, reports):
    v = view(flat, reports.split())
    fig = figures.map_figure(v, loading.load().places, {}, KEY).figure
    drawn = [t for t in fig.data if t.meta == "landing-band"]
    area = landing.landing_area(v, KEY, TAEGWAN)
    kinds = [c.kind for c in area.constraints]
    assert drawn and area.arcs
    points = [(lat, lon) for t in drawn for lat, lon in zip(t.lat, t.lon, strict=True)]
    # The outline as drawn, and a grid inside it half a step off the bearings and distances tested.
    for arc in area.arcs:
        for b in np.arange(arc.start + 0.25, arc.end, 0.5):
            for d in np.linspace(area.inner_km, area.outer_km, 7):
                p = Geodesic.WGS84.Direct(TAEGWAN[0], TAEGWAN[1], b % 360, d * 1000)
                points.append((p["lat2"], p["lon2"]))
    failing = [p for p in points if not _holds(kinds, p[0], p[1], geo, (area.inner_km, area.outer_km))]
    assert failing == []


# ---------------------------------------------------------------- the analyst's assumed bearing


@pytest.mark.parametrize("bearing,warned", [(None, False), (80, False), (95, False), (152, True), (270, True)])
def test_an_assumed_bearing_outside_the_area_is_warned(flat, bearing, warned):
    area = landing.landing_area(flat, KEY, TAEGWAN)
    text = landing.bearing_warning(area, bearing)
    assert (text is not None) is warned
    if warned:
        assert f"{bearing}°" in text and "outside the landing area the claims allow" in text


@pytest.mark.parametrize(
    "test,name,lat,lon,expected",
    [
        # over North Korea or the sea, as the landing area allows
        (landing.over_north_korea_or_sea, "Seoul", 37.57, 126.98, False),
        (landing.over_north_korea_or_sea, "Pyongyang", 39.03, 125.75, True),
        (landing.over_north_korea_or_sea, "Dandong, China", 40.13, 124.39, False),
        (landing.over_north_korea_or_sea, "East Sea", 39.8, 133.4, True),
        (landing.over_north_korea_or_sea, "Busan", 35.18, 129.08, False),
        (landing.over_north_korea_or_sea, "Vladivostok", 43.12, 131.89, False),
        # outside Japan's approximate EEZ
        (landing.outside_eez, "off Niigata, inside 200 nmi", 38.5, 138.0, False),
        (landing.outside_eez, "mid East Sea", 40.5, 134.0, True),
        (landing.outside_eez, "off Korea's east coast, nearer Korea", 37.5, 130.0, True),
        (landing.outside_eez, "Sea of Japan near Oki", 36.5, 133.0, False),
    ],
)
def test_where_a_point_lies(geo, test, name, lat, lon, expected):
    assert bool(test([lat], [lon], geo)[0]) is expected, name


@pytest.mark.parametrize(
    "origin,bearings,distances",
    [
        ((40.21, 125.20), np.arange(0.0, 360.0), np.linspace(650.0, 750.0, 11)),
        ((40.21, 125.20), [95.0, 95.0, 359.0], [0.0, 10.0, 700.904672]),
        ((39.0, 127.5), [12.5], np.arange(0.0, 760.0, 10.0)),
    ],
)
def test_grid_points_kept_per_line_are_the_geodesic_points(origin, bearings, distances):
    lats, lons = landing.grid(origin, bearings, distances)
    for i, b in enumerate(bearings):
        line = Geodesic.WGS84.Line(origin[0], origin[1], float(b))
        points = [line.Position(float(d) * 1000.0) for d in distances]
        assert lats[i].tolist() == [p["lat2"] for p in points]
        assert lons[i].tolist() == [p["lon2"] for p in points]
    again = landing.grid(origin, bearings, distances)
    assert (again[0] == lats).all() and (again[1] == lons).all()
