"""Map outlines drawn from geometry shipped in the repository, so a map never needs the internet.

plotly.js fetches its coastlines and borders (topojson) from a CDN whenever a geo subplot shows a
built-in layer; offline the fetch fails and the whole map stays blank. So every built-in layer is
switched off and land, coastlines and borders are drawn as ordinary traces from
data/basemap/east_asia_50m.json (Natural Earth 1:50m, public domain; see scripts/build_basemap.py).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import numpy as np
import plotly.graph_objects as go

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "basemap" / "east_asia_50m.json"

LAND_COLOUR = "#efe9dc"
COAST_COLOUR = "#7b8a8b"
BORDER_COLOUR = "#9a9a9a"
SEA_COLOUR = "#dfeef7"


@functools.lru_cache(maxsize=4)
def load_basemap(path: str | None = None) -> dict:
    with open(path or DEFAULT_PATH, encoding="utf-8") as f:
        return json.load(f)


def _joined(lines: list[list[list[float]]]) -> tuple[np.ndarray, np.ndarray]:
    """Many polylines as one trace: plotly breaks a line at a missing value (NaN).

    Arrays, not lists: plotly checks a list element by element on every figure (40 ms for the outlines,
    on every rerun of every viewer), an array of floats at once. Single precision (a ten-thousandth
    of a degree at 150°, finer than the 1:50m outlines): half the bytes the browser receives for them.
    """
    sizes = [len(line) + 1 for line in lines]
    lons = np.full(sum(sizes), np.nan, dtype=np.float32)
    lats = np.full(sum(sizes), np.nan, dtype=np.float32)
    at = 0
    for line, size in zip(lines, sizes, strict=True):
        if size > 1:
            xy = np.asarray(line, dtype=float)
            lons[at : at + size - 1], lats[at : at + size - 1] = xy[:, 0], xy[:, 1]
        at += size
    return lons, lats


def outline_traces(base: dict) -> list[go.Scattergeo]:
    rings = [ring for polygon in base["land"] for ring in polygon]
    land_lon, land_lat = _joined(rings)
    coast_lon, coast_lat = _joined(base["coastlines"])
    border_lon, border_lat = _joined(base["borders"])
    common = dict(mode="lines", hoverinfo="skip", showlegend=False, meta="basemap")
    return [
        go.Scattergeo(
            lon=land_lon,
            lat=land_lat,
            fill="toself",
            fillcolor=LAND_COLOUR,
            line=dict(width=0, color=LAND_COLOUR),
            name="land",
            **common,
        ),
        go.Scattergeo(
            lon=coast_lon, lat=coast_lat, line=dict(width=0.8, color=COAST_COLOUR), name="coastline", **common
        ),
        go.Scattergeo(
            lon=border_lon, lat=border_lat, line=dict(width=1, color=BORDER_COLOUR, dash="dot"), name="border", **common
        ),
    ]


def apply_offline_geo(fig: go.Figure, lon_range=(115.5, 145.5), lat_range=(32.0, 47.3)) -> None:
    # Any show* layer, or a locationmode on a trace, makes plotly.js request topojson from its CDN.
    fig.update_geos(
        showland=False,
        showocean=False,
        showlakes=False,
        showrivers=False,
        showcountries=False,
        showcoastlines=False,
        showsubunits=False,
        showframe=False,
        bgcolor=SEA_COLOUR,
        projection_type="mercator",
        domain=dict(x=[0, 1], y=[0.2, 1]),
        lonaxis=dict(range=list(lon_range), showgrid=True, gridcolor="rgba(120,140,160,0.25)", dtick=5),
        lataxis=dict(range=list(lat_range), showgrid=True, gridcolor="rgba(120,140,160,0.25)", dtick=5),
    )


def point_in_polygons(lons, lats, polygons) -> np.ndarray:
    """Even-odd ray casting over every ring of every polygon: holes (islands) count as outside."""
    x = np.asarray(lons, dtype=float)
    y = np.asarray(lats, dtype=float)
    inside = np.zeros(x.shape, dtype=bool)
    for polygon in polygons:
        for ring in polygon:
            r = np.asarray(ring, dtype=float)
            x1, y1 = r[:, 0], r[:, 1]
            x2, y2 = np.roll(x1, -1), np.roll(y1, -1)
            # For each edge that straddles the point's latitude, does it cross to the point's east?
            straddles = (y1[None, :] > y[:, None]) != (y2[None, :] > y[:, None])
            with np.errstate(divide="ignore", invalid="ignore"):
                cross_x = x1[None, :] + (y[:, None] - y1[None, :]) * (x2 - x1)[None, :] / (y2 - y1)[None, :]
            crossings = (straddles & (x[:, None] < cross_x)).sum(axis=1)
            inside ^= (crossings % 2).astype(bool)
    return inside


def over_east_sea(lons, lats, base: dict) -> np.ndarray:
    return point_in_polygons(lons, lats, base["east_sea"])
