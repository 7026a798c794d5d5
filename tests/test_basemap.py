"""The shipped outlines: present, where the land and the East Sea really are, and drawn offline."""

import numpy as np
import plotly.graph_objects as go
import pytest

from launchwatch import basemap


@pytest.fixture(scope="module")
def base():
    return basemap.load_basemap()


def test_file_is_small_and_sourced(base):
    assert basemap.DEFAULT_PATH.stat().st_size < 400_000
    assert "Natural Earth" in base["meta"]["source"]


@pytest.mark.parametrize(
    "name,lat,lon",
    [("Seoul", 37.57, 126.98), ("Pyongyang", 39.04, 125.76), ("Tokyo", 35.68, 139.65), ("Taegwan", 40.21, 125.20)],
)
def test_cities_are_on_land(base, name, lat, lon):
    assert basemap.point_in_polygons([lon], [lat], base["land"])[0], name


@pytest.mark.parametrize(
    "lat,lon,expected",
    [
        (39.8, 133.4, True),  # 700 km due east of Taegwan
        (38.0, 131.0, True),
        (36.0, 124.0, False),  # Yellow Sea
        (36.0, 142.5, False),  # Pacific, east of Japan
        (37.57, 126.98, False),  # Seoul, on land
    ],
)
def test_east_sea(base, lat, lon, expected):
    assert bool(basemap.over_east_sea([lon], [lat], base)[0]) is expected


def test_point_in_polygon_with_a_hole():
    square = [[[0, 0], [10, 0], [10, 10], [0, 10]], [[4, 4], [6, 4], [6, 6], [4, 6]]]
    inside = basemap.point_in_polygons([1, 5, 11], [1, 5, 5], [square])
    assert list(inside) == [True, False, False]


def test_outline_traces(base):
    traces = basemap.outline_traces(base)
    assert [t.name for t in traces] == ["land", "coastline", "border"]
    points = {t.name: int(np.isfinite(np.asarray(t.lon, dtype=float)).sum()) for t in traces}
    for t in traces:
        assert t.meta == "basemap" and t.hoverinfo == "skip"
    assert points["land"] > 1500 and points["coastline"] > 1500 and points["border"] > 300


def test_every_builtin_geo_layer_is_off():
    fig = go.Figure()
    basemap.apply_offline_geo(fig)
    geo = fig.layout.geo
    for layer in (
        "showland",
        "showocean",
        "showlakes",
        "showrivers",
        "showcountries",
        "showcoastlines",
        "showsubunits",
        "showframe",
    ):
        assert getattr(geo, layer) is False, layer


ULLEUNGDO = (37.50, 130.87)


def test_ulleungdo_is_land_not_sea(base):
    # Ulleungdo is a small island in the 50m source; if a rebuild with coarser
    # simplification dropped it, the island would turn into East Sea water.
    lat, lon = ULLEUNGDO
    if not basemap.point_in_polygons([lon], [lat], base["land"])[0]:
        pytest.skip("Ulleungdo not present at this resolution")
    assert not basemap.over_east_sea([lon], [lat], base)[0]


@pytest.mark.parametrize(
    "name,lat,lon",
    [
        ("Seto Inland Sea", 34.3, 133.5),
        ("Volcano Bay, Pacific side of Hokkaido", 42.3, 140.6),
        ("Mutsu Bay", 41.0, 140.8),
        ("Tatar Strait north of the 50 N limit", 51.0, 141.2),
        ("Sea of Okhotsk", 47.0, 145.0),
        ("Korea Bay", 39.0, 124.0),
        ("East China Sea", 32.5, 126.5),
    ],
)
def test_neighbouring_waters_are_not_east_sea(base, name, lat, lon):
    # Each is water next to one of the outline's land-crossing edges: a
    # vertex moved into the sea would let that water leak into the East Sea.
    assert not basemap.over_east_sea([lon], [lat], base)[0], name


@pytest.mark.parametrize(
    "name,lat,lon", [("Korea Strait off Busan", 35.0, 129.3), ("Peter the Great Gulf", 42.8, 131.8)]
)
def test_edges_of_the_east_sea_are_included(base, name, lat, lon):
    assert basemap.over_east_sea([lon], [lat], base)[0], name


def test_islands_are_holes_in_the_east_sea(base):
    # Ulleungdo, Oki, Sado, Okushiri, Rishiri, Rebun: without holes a range
    # ring crossing an island would count as over water.
    assert sum(len(polygon) - 1 for polygon in base["east_sea"]) >= 4
