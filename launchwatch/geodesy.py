"""Distances, bearings, range rings and paths on the WGS84 ellipsoid, through geopy.

Everything here is exact geodesy on the ellipsoid (Karney's method, as geopy uses it), not a
flat-map approximation: a 700 km ring drawn on the map is 700 km from the origin at every point.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
from geographiclib.geodesic import Geodesic  # geopy's own dependency; gives the azimuths geopy omits
from geopy.distance import geodesic
from geopy.point import Point

KM_PER_MILE = 1.609344


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Geodesic distance between two (lat, lon) points in km."""
    return geodesic(a, b).km


def bearing_deg(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Initial bearing from a to b, degrees clockwise from true north, in [0, 360)."""
    azimuth = Geodesic.WGS84.Inverse(a[0], a[1], b[0], b[1])["azi1"]
    return azimuth % 360.0


def destination(origin: tuple[float, float], bearing: float, dist_km: float) -> tuple[float, float]:
    """The (lat, lon) reached from origin after dist_km along the given initial bearing."""
    p = geodesic(kilometers=dist_km).destination(Point(origin[0], origin[1]), bearing)
    return p.latitude, p.longitude


def ring(origin: tuple[float, float], radius_km: float, points: int = 361) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A closed ring of points at radius_km from origin: (lats, lons, bearings)."""
    lats, lons = fan(origin, radius_km, 0.0, 360.0, points)
    return lats, lons, np.linspace(0.0, 360.0, points)


def fan(
    origin: tuple[float, float], radius_km: float, start: float, end: float, points: int
) -> tuple[np.ndarray, np.ndarray]:
    """Points at radius_km from origin, at bearings from start to end (degrees, may pass 360)."""
    return _fan(float(origin[0]), float(origin[1]), float(radius_km), float(start), float(end), points)


def path(
    origin: tuple[float, float], bearing: float, dist_km: float, points: int = 61
) -> tuple[np.ndarray, np.ndarray]:
    """Points along the geodesic from origin on a bearing, out to dist_km."""
    return _line(float(origin[0]), float(origin[1]), float(bearing), float(dist_km), points)


# Every viewer's map draws the same few rings on every rerun: each is worked out once (a 361-point ring
# takes 0.1 s). The arrays are read-only, so no caller can change what the next one gets.
@functools.lru_cache(maxsize=256)
def _fan(
    lat: float, lon: float, radius_km: float, start: float, end: float, points: int
) -> tuple[np.ndarray, np.ndarray]:
    # The same solution as geopy's destination(), without its per-point objects.
    out = [Geodesic.WGS84.Direct(lat, lon, b % 360.0, radius_km * 1000.0) for b in np.linspace(start, end, points)]
    return _frozen([o["lat2"] for o in out]), _frozen([_lon180(o["lon2"]) for o in out])


@functools.lru_cache(maxsize=256)
def _line(lat: float, lon: float, bearing: float, dist_km: float, points: int) -> tuple[np.ndarray, np.ndarray]:
    line = Geodesic.WGS84.DirectLine(lat, lon, bearing, dist_km * 1000.0)
    out = [line.Position(s) for s in np.linspace(0.0, dist_km * 1000.0, points)]
    return _frozen([o["lat2"] for o in out]), _frozen([_lon180(o["lon2"]) for o in out])


def _lon180(lon: float) -> float:
    return (lon + 180.0) % 360.0 - 180.0 if not -180.0 <= lon <= 180.0 else lon


def _frozen(values: list[float]) -> np.ndarray:
    a = np.array(values, dtype=float)
    a.setflags(write=False)
    return a


def compass(bearing: float) -> str:
    names = ["N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE", "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW"]
    return names[int((bearing % 360) / 22.5 + 0.5) % 16]


def km_to_miles(km: float) -> float:
    return km / KM_PER_MILE


@dataclass(frozen=True)
class Arc:
    """A contiguous run of a ring's bearings, [start, end] in degrees clockwise (may wrap past 360)."""

    start: float
    end: float

    @property
    def middle(self) -> float:
        return ((self.start + self.end) / 2) % 360


def runs(mask: np.ndarray, bearings: np.ndarray) -> list[Arc]:
    """Contiguous runs of a closed ring where mask holds, as bearing arcs.

    The ring's last point repeats its first (bearing 360 = 0), so it is dropped and the runs are
    found on a circle: a run through north comes back as one arc whose end exceeds 360.
    """
    m = np.asarray(mask[:-1], dtype=bool)
    b = np.asarray(bearings[:-1], dtype=float)
    n = len(m)
    if n == 0 or not m.any():
        return []
    step = 360.0 / n
    if m.all():
        return [Arc(0.0, 360.0)]
    # Start scanning just after a point outside the mask, so no run is split by the scan's start.
    offset = int(np.argmin(m)) + 1
    arcs: list[Arc] = []
    run_start = None
    for k in range(n):
        i = (offset + k) % n
        if m[i] and run_start is None:
            run_start = offset + k
        if run_start is not None and (not m[i] or k == n - 1):
            last = offset + k - (0 if m[i] else 1)
            start = b[run_start % n]
            arcs.append(Arc(float(start), float(start + (last - run_start) * step)))
            run_start = None
    return arcs
