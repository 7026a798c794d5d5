"""Where the missile can have come down, given what the claims in view say, and nothing more.

No report gives an impact point. Each claim that narrows the landing area becomes a constraint,
labelled with the claims that impose it:

- the reported range, with its rounding ("about 700 km" is 650 to 750 km, not a line);
- "toward the East Sea": the end point lies in the East Sea outline shipped in data/basemap;
- "outside Japan's exclusive economic zone": the end point lies more than 200 nautical miles
  (geodesic) from Japan's coast, or nearer another coast than Japan's (an approximate EEZ: the real
  one follows agreed and disputed lines, which are not shipped);
- "across the country": the flight path stays over North Korea and the sea.

The band drawn on the map is every (bearing, distance) for which all the constraints in force hold.
A filter that leaves fewer claims in view leaves fewer constraints, and a wider band.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from geographiclib.geodesic import Geodesic

from . import aliases, basemap, geodesy, verdicts

NMI_KM = 1.852
EEZ_KM = 200 * NMI_KM
EARTH_KM = 6371.0088  # mean radius: only to shortlist coast points before the exact geodesic distance

RANGE, EAST_SEA, EASTWARD, OUTSIDE_EEZ, ACROSS = "range", "east_sea", "eastward", "outside_eez", "across_country"
EAST_QUADRANT = (45.0, 135.0)  # "toward the east": bearings from north-east to south-east

# Points on Japan's islands that pick out Japan's outlines among the shipped land polygons (which carry
# no country names): the four main islands and the islands off its East Sea coast.
JAPAN_ANCHORS = {
    "Honshu": (139.69, 35.68),
    "Hokkaido": (142.5, 43.5),
    "Kyushu": (130.8, 32.8),
    "Shikoku": (133.5, 33.75),
    "Sado": (138.4, 38.05),
    "Oki": (133.28, 36.25),
    "Tsushima (south)": (129.27, 34.2),
    "Tsushima (north)": (129.37, 34.5),
    "Okushiri": (139.48, 42.15),
    "Rishiri": (141.23, 45.18),
    "Rebun": (141.02, 45.36),
}


@dataclass(frozen=True)
class Constraint:
    kind: str  # RANGE, EAST_SEA, OUTSIDE_EEZ or ACROSS
    requires: str  # what it asks of the flight, in words
    claims: str  # who imposes it: '002 (South Korea's military), 003 (...)'
    approximate: str = ""  # the assumption, when the test is derived rather than reported


@dataclass
class LandingArea:
    origin: tuple[float, float]
    inner_km: float
    outer_km: float
    constraints: list[Constraint]
    arcs: list[geodesy.Arc] = field(default_factory=list)  # bearings where the whole band is allowed

    def allows_bearing(self, bearing: float) -> bool:
        b = bearing % 360
        return any(a.start <= b <= a.end or a.start <= b + 360 <= a.end for a in self.arcs)

    @property
    def shaped_by(self) -> str:
        return "; ".join(f"{c.requires} ({c.claims})" for c in self.constraints)


# ---------------------------------------------------------------- constraints from claims


def constraints(claims: pd.DataFrame, event_id: str) -> list[Constraint]:
    """The constraints the event's stated claims in view impose, range first; none without a range."""
    ev = claims[(claims["event_id"] == event_id) & (claims["stance"] == "stated")]
    band = range_band(ev)
    if band is None:
        return []
    ranges = ev[(ev["attribute"] == "range") & ev["normalized_value"].notna()]
    found = [
        Constraint(
            RANGE,
            f"a flight of {band[0]:,.0f} to {band[1]:,.0f} km",
            _who(ranges),
            "the reported ranges with their rounding (about 700 km: 650 to 750 km)",
        )
    ]
    for kind, wording, rows, assumption in _read_from_words(ev):
        if len(rows):
            found.append(Constraint(kind, wording, _who(rows), assumption))
    return found


def _read_from_words(ev: pd.DataFrame) -> list[tuple[str, str, pd.DataFrame, str]]:
    """The constraints read from the claims' words: (kind, wording, the claims imposing it, assumption)."""
    value = ev["value"].astype(str).str.lower()
    text = ev["claim"].astype(str).str.lower()
    direction = ev["attribute"] == "direction"
    eastward = ["east", "eastward", "to the east", "towards the east", "toward the east"]
    outside = (ev["attribute"] == "landing_area") & text.str.contains("economic zone|eez", regex=True)
    return [
        (
            EAST_SEA,
            "an end point in the East Sea",
            ev[direction & value.str.contains("east sea|east coast", regex=True)],
            "the East Sea outline is our own drawing (data/basemap/README.md); 'the sea off "
            "its east coast' is read as the East Sea",
        ),
        (
            EASTWARD,
            "a bearing between 45° and 135° (toward the east)",
            ev[direction & value.isin(eastward)],
            "'toward the east' read as the quadrant from north-east to south-east",
        ),
        (
            OUTSIDE_EEZ,
            "an end point outside Japan's exclusive economic zone",
            ev[outside & value.str.contains("outside|far from", regex=True)],
            "Japan's EEZ approximated as within 200 nmi (geodesic) of Japan's coast and "
            "nearer it than any other coast; 'far from' is read as outside, no further",
        ),
        (
            ACROSS,
            "a flight path over North Korea and the sea only",
            ev[direction & value.str.contains("across the country")],
            "'the country' read as North Korea; its land bounded by the shipped borders",
        ),
    ]


def range_band(claims: pd.DataFrame) -> tuple[float, float] | None:
    """The distances the stated range claims allow: the hull of their rounding bands (in km)."""
    r = claims[
        (claims["attribute"] == "range")
        & (claims["stance"] == "stated")
        & (claims["normalized_unit"] == "km")
        & claims["normalized_value"].notna()
    ]
    if r.empty:
        return None
    bands = [
        verdicts.rounding_band(v, u, float(n))
        for v, u, n in zip(r["value"], r["unit"], r["normalized_value"], strict=True)
    ]
    return min(lo for lo, _ in bands), max(hi for _, hi in bands)


def _who(rows: pd.DataFrame) -> str:
    pairs = dict.fromkeys(
        f"{aliases.short_doc(d)} ({o})" for d, o in zip(rows["document"], rows["originator"], strict=True)
    )
    return ", ".join(pairs)


# ---------------------------------------------------------------- the band

BEARING_STEP = 1.0  # degrees between the bearings tested
RADIUS_STEP_KM = 10.0  # at most this far between the distances tested, inner and outer edge included
PATH_STEP_KM = 10.0


def landing_area(
    claims: pd.DataFrame, event_id: str, origin: tuple[float, float], path: str | None = None
) -> LandingArea | None:
    """The constraints in force and the bearings where the whole range band satisfies all of them;
    None when no range is stated in view (no band can be drawn without a distance)."""
    found = constraints(claims, event_id)
    if not found:
        return None
    inner, outer = range_band(claims[claims["event_id"] == event_id])
    kinds = tuple(c.kind for c in found)
    arcs = _allowed_arcs(origin, inner, outer, kinds, path)
    return LandingArea(origin, inner, outer, found, arcs)


@functools.lru_cache(maxsize=32)
def _allowed_arcs(
    origin: tuple[float, float], inner: float, outer: float, kinds: tuple[str, ...], path: str | None
) -> list[geodesy.Arc]:
    geo = geography(path)
    bearings = np.arange(0.0, 360.0 + BEARING_STEP / 2, BEARING_STEP)
    count = max(2, int(np.ceil((outer - inner) / RADIUS_STEP_KM)) + 1)
    ok = band_holds(origin, bearings[:-1], np.linspace(inner, outer, count), kinds, geo)
    # A bearing is kept only when its neighbours pass too, so the band holds between the bearings tested.
    ok = ok & np.roll(ok, 1) & np.roll(ok, -1)
    return geodesy.runs(np.append(ok, ok[0]), bearings)


def band_holds(origin: tuple[float, float], bearings, radii, kinds, geo: Geography) -> np.ndarray:
    """For each bearing: whether every one of the radii on it satisfies every constraint of kinds."""
    bearings = np.asarray(bearings, dtype=float)
    origin = (float(origin[0]), float(origin[1]))
    radii = tuple(float(r) for r in np.atleast_1d(radii))
    ok = np.ones(len(bearings), dtype=bool)
    if EAST_SEA in kinds:
        ok &= _rows_hold(in_east_sea, origin, bearings, radii, geo)
    if EASTWARD in kinds:
        ok &= (bearings >= EAST_QUADRANT[0]) & (bearings <= EAST_QUADRANT[1])
    # The costly tests last, and only on the bearings still in play.
    if ACROSS in kinds and ok.any():
        rows = np.flatnonzero(ok)
        path = tuple(float(d) for d in np.arange(0.0, max(radii) + PATH_STEP_KM, PATH_STEP_KM))
        ok[rows] &= _rows_hold(over_north_korea_or_sea, origin, bearings[rows], path, geo)
    if OUTSIDE_EEZ in kinds and ok.any():
        rows = np.flatnonzero(ok)
        ok[rows] &= _rows_hold(outside_eez, origin, bearings[rows], radii, geo)
    return ok


def _rows_hold(test, origin: tuple[float, float], bearings: np.ndarray, distances: tuple, geo: Geography):
    """Per bearing: whether every point at these distances along it passes test (a test of points).
    Kept per bearing with the geography: the bands one launch's claims allow share their distances and
    differ in which tests apply and on which bearings, so each bearing is tested once."""
    if len(geo.rows_held) > ROWS_KEPT:
        geo.rows_held.clear()
    held = geo.rows_held.setdefault((test.__name__, origin, distances), {})
    missing = [b for b in dict.fromkeys(bearings.tolist()) if b not in held]
    if missing:
        lats, lons = grid(origin, missing, distances)
        passed = test(lats.ravel(), lons.ravel(), geo).reshape(lats.shape).all(axis=1)
        held.update(zip(missing, passed.tolist(), strict=True))
    return np.array([held[b] for b in bearings.tolist()], dtype=bool)


ROWS_KEPT = 256  # (test, origin, distances) a geography keeps its bearings' results for


def grid(origin: tuple[float, float], bearings, distances_km) -> tuple[np.ndarray, np.ndarray]:
    """Points at each distance along each bearing from the origin: arrays of shape (bearings, distances)."""
    origin = (float(origin[0]), float(origin[1]))
    distances = tuple(float(d) for d in np.atleast_1d(distances_km))
    rows = [_points_along(origin, float(b), distances) for b in np.atleast_1d(bearings)]
    return np.array([r[0] for r in rows]), np.array([r[1] for r in rows])


# The claims of one launch allow a few bands whose constraints differ but whose distances do not (every
# report keeps the range; some add "toward the East Sea"): each band tests the same points, worked out once.
# A grid's row is about 2 kB; a launch's grids, some 360 rows each, fit many times over.
@functools.lru_cache(maxsize=8192)
def _points_along(origin: tuple[float, float], bearing: float, distances: tuple[float, ...]):
    """The points at these distances (km) from the origin along the geodesic leaving it on this bearing."""
    line = Geodesic.WGS84.Line(origin[0], origin[1], bearing)
    points = [line.Position(d * 1000.0) for d in distances]
    lats, lons = np.array([p["lat2"] for p in points]), np.array([p["lon2"] for p in points])
    lats.setflags(write=False)
    lons.setflags(write=False)
    return lats, lons


def band_outline(area: LandingArea, arc: geodesy.Arc) -> tuple[list[float], list[float]]:
    """A closed outline of one arc of the band: the outer edge out, the inner edge back."""
    points = max(2, int(arc.end - arc.start) * 2 + 1)
    # geodesy.fan: the same geodesics, worked out once per band (every rerun draws the same one).
    outer = geodesy.fan(area.origin, area.outer_km, arc.start, arc.end, points)
    inner = geodesy.fan(area.origin, area.inner_km, arc.start, arc.end, points)
    lats = [*outer[0], *inner[0][::-1], outer[0][0]]
    lons = [*outer[1], *inner[1][::-1], outer[1][0]]
    return [float(x) for x in lats], [float(x) for x in lons]


def bearing_warning(area: LandingArea | None, bearing: float | None) -> str | None:
    """A warning when an analyst's assumed bearing leaves the landing area the claims allow."""
    if area is None or bearing is None or area.allows_bearing(bearing):
        return None
    if not area.arcs:
        return (
            f"No bearing satisfies every claim in view, so the assumed {bearing:.0f}° cannot either: {area.shaped_by}."
        )
    spans = ", ".join(f"{a.start % 360:.0f}°–{a.end % 360:.0f}°" for a in area.arcs)
    return (
        f"The assumed bearing {bearing:.0f}° lies outside the landing area the claims allow "
        f"(bearings {spans}): {area.shaped_by}."
    )


# ---------------------------------------------------------------- the shipped geography, as tests on points


@dataclass(frozen=True)
class Geography:
    """What the constraints test points against, derived once from the shipped outlines."""

    east_sea: list
    land: list
    japan_coast: np.ndarray  # (n, 2) lon, lat: every vertex of Japan's outlines
    other_coast: np.ndarray  # every vertex of the other land outlines
    south_line: np.ndarray  # the inter-Korean border, (lon, lat) sorted by longitude
    north_line: np.ndarray  # North Korea's borders with China and Russia, sorted by longitude
    # What band_holds found per bearing, per test, origin and distances (see _rows_hold).
    rows_held: dict = field(default_factory=dict, compare=False, repr=False)


@functools.lru_cache(maxsize=2)
def geography(path: str | None = None) -> Geography:
    base = basemap.load_basemap(path)
    japan = _japan_polygons(base["land"])
    japan_coast = np.array([pt for i in japan for ring in base["land"][i] for pt in ring], dtype=float)
    other_coast = np.array(
        [pt for i, p in enumerate(base["land"]) if i not in japan for ring in p for pt in ring], dtype=float
    )
    south, north = _korean_borders(base["borders"])
    return Geography(base["east_sea"], base["land"], japan_coast, other_coast, south, north)


def _japan_polygons(land: list) -> set[int]:
    found = set()
    for name, (lon, lat) in JAPAN_ANCHORS.items():
        hits = [i for i, polygon in enumerate(land) if basemap.point_in_polygons([lon], [lat], [polygon])[0]]
        if not hits:
            raise ValueError(f"the basemap has no land at {name} ({lat} N, {lon} E): Japan's outline is incomplete")
        found.update(hits)
    return found


def _korean_borders(borders: list) -> tuple[np.ndarray, np.ndarray]:
    """The inter-Korean line, and North Korea's land borders to the north, picked out by where they lie."""
    lines = [np.asarray(b, dtype=float) for b in borders]
    south = [b for b in lines if b[:, 1].min() > 37.0 and b[:, 1].max() < 39.0 and b[:, 0].min() > 126.0]
    north = [b for b in lines if b[:, 0].min() > 124.0 and b[:, 0].max() < 131.0 and b[:, 1].min() > 39.5]
    if len(south) != 1 or not north:
        raise ValueError("the basemap's borders do not include the inter-Korean line and North Korea's northern border")
    joined = np.concatenate(north)
    return south[0][np.argsort(south[0][:, 0])], joined[np.argsort(joined[:, 0])]


def in_east_sea(lats, lons, geo: Geography) -> np.ndarray:
    return basemap.point_in_polygons(lons, lats, geo.east_sea)


def outside_eez(lats, lons, geo: Geography) -> np.ndarray:
    """Outside the approximate EEZ: over 200 nmi from Japan's coast, or nearer another coast than Japan's.

    Spherical distances decide where they are clear by more than 1% (the sphere is within 0.6% of the
    ellipsoid); the rest are decided on exact geodesic distances."""
    lats = np.atleast_1d(np.asarray(lats, dtype=float))
    lons = np.atleast_1d(np.asarray(lons, dtype=float))
    to_japan = _rough_nearest(lats, lons, geo.japan_coast)
    to_other = _rough_nearest(lats, lons, geo.other_coast)
    unclear = (np.abs(to_japan - EEZ_KM) < 0.01 * EEZ_KM + 2) | (np.abs(to_other - to_japan) < 0.01 * to_japan + 2)
    if unclear.any():
        to_japan[unclear] = nearest_km(lats[unclear], lons[unclear], geo.japan_coast)
        to_other[unclear] = nearest_km(lats[unclear], lons[unclear], geo.other_coast)
    return (to_japan > EEZ_KM) | (to_other < to_japan)


def _rough_nearest(lats: np.ndarray, lons: np.ndarray, coast: np.ndarray) -> np.ndarray:
    out = np.empty(len(lats))
    for start in range(0, len(lats), 512):  # bounded memory: 512 points x every coast vertex at a time
        part = slice(start, start + 512)
        out[part] = _haversine_km(lats[part, None], lons[part, None], coast[None, :, 1], coast[None, :, 0]).min(axis=1)
    return out


def over_north_korea_or_sea(lats, lons, geo: Geography) -> np.ndarray:
    """Over the sea, or over land between the inter-Korean line and North Korea's northern border."""
    lats = np.asarray(lats, dtype=float)
    lons = np.asarray(lons, dtype=float)
    on_land = (
        np.concatenate(
            [
                basemap.point_in_polygons(lons[i : i + 1024], lats[i : i + 1024], geo.land)
                for i in range(0, len(lats), 1024)
            ]
        )
        if len(lats)
        else np.zeros(0, dtype=bool)
    )
    south = np.interp(lons, geo.south_line[:, 0], geo.south_line[:, 1])
    north = np.interp(lons, geo.north_line[:, 0], geo.north_line[:, 1])
    korea = (lons >= geo.north_line[0, 0]) & (lons <= geo.north_line[-1, 0])
    return ~on_land | (korea & (lats > south) & (lats < north))


def nearest_km(lats, lons, coast: np.ndarray) -> np.ndarray:
    """Geodesic distance (WGS84) from each point to the nearest coast vertex.

    A spherical distance shortlists the vertices within 1% (and 2 km) of the nearest; the exact
    ellipsoidal distance is taken over the shortlist.
    """
    lats = np.atleast_1d(np.asarray(lats, dtype=float))
    lons = np.atleast_1d(np.asarray(lons, dtype=float))
    out = np.empty(len(lats))
    for i, (lat, lon) in enumerate(zip(lats, lons, strict=True)):
        rough = _haversine_km(lat, lon, coast[:, 1], coast[:, 0])
        near = coast[rough <= rough.min() * 1.01 + 2.0]
        out[i] = min(Geodesic.WGS84.Inverse(lat, lon, c[1], c[0])["s12"] for c in near) / 1000.0
    return out


def _haversine_km(lat, lon, lats, lons) -> np.ndarray:
    p1, p2 = np.radians(lat), np.radians(lats)
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(np.radians(lons - lon) / 2) ** 2
    return 2 * EARTH_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
