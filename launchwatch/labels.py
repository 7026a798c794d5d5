"""Where a map label goes: beside its point, on the side where it covers no ring, marker or other label.

Plotly places a text label at one of nine fixed positions around its point and never moves it out
of the way. So each label's box is estimated (in degrees of longitude and Mercator latitude at the
map's opening zoom) for each position, and the position whose box covers the fewest drawn points
and stays inside the map is chosen. Labels placed earlier count as obstacles for later ones.
"""

from __future__ import annotations

import math

import numpy as np

# Preferred first: beside the point reads most naturally; diagonals are the last resort.
POSITIONS = {
    "middle right": (1, 0),
    "middle left": (-1, 0),
    "top center": (0, 1),
    "bottom center": (0, -1),
    "top right": (1, 1),
    "top left": (-1, 1),
    "bottom right": (1, -1),
    "bottom left": (-1, -1),
}
# A 10-12 px label character at the opening zoom, and its line height, in degrees (a phone's
# narrower map makes them larger: these sit between the desktop and the phone figures).
CHAR_DEG = 0.32
LINE_DEG = 0.6
GAP_DEG = 0.3  # from the point to the label's nearest edge, past the marker


def mercator_y(lat) -> np.ndarray:
    """Latitude on the Mercator scale, in degrees, so that both axes measure the same on the map."""
    lat = np.radians(np.clip(np.asarray(lat, dtype=float), -85, 85))
    return np.degrees(np.log(np.tan(math.pi / 4 + lat / 2)))


def label_box(lon: float, y: float, text: str, position: str) -> tuple[float, float, float, float]:
    """(west, east, south, north) of the label drawn at `position` around the point (lon, y)."""
    width, height = max(len(text), 1) * CHAR_DEG, LINE_DEG
    dx, dy = POSITIONS[position]
    cx = lon + dx * (width / 2 + GAP_DEG)
    cy = y + dy * (height / 2 + GAP_DEG)
    return cx - width / 2, cx + width / 2, cy - height / 2, cy + height / 2


def _cost(box, xs: np.ndarray, ys: np.ndarray, boxes: list, bounds) -> float:
    west, east, south, north = box
    covered = int(((xs >= west) & (xs <= east) & (ys >= south) & (ys <= north)).sum())
    overlaps = sum(1 for w, e, s, n in boxes if w < east and west < e and s < north and south < n)
    (lon0, lon1), (y0, y1) = bounds
    outside = (west < lon0) + (east > lon1) + (south < y0) + (north > y1)
    return covered + 25 * overlaps + 100 * outside


def place(
    labels: list[tuple[float, float, str]],
    obstacle_lons,
    obstacle_lats,
    lon_range: tuple[float, float],
    lat_range: tuple[float, float],
) -> list[str]:
    """A plotly textposition for each (lon, lat, text), in order; earlier labels claim their space first."""
    xs = np.asarray(obstacle_lons, dtype=float)
    ys = mercator_y(obstacle_lats)
    keep = ~(np.isnan(xs) | np.isnan(ys))
    xs, ys = xs[keep], ys[keep]
    bounds = (lon_range, tuple(mercator_y(list(lat_range))))
    boxes: list[tuple[float, float, float, float]] = []
    chosen = []
    for lon, lat, text in labels:
        y = float(mercator_y([lat])[0])
        costs = [(_cost(label_box(lon, y, text, p), xs, ys, boxes, bounds), i, p) for i, p in enumerate(POSITIONS)]
        _, _, best = min(costs)
        boxes.append(label_box(lon, y, text, best))
        chosen.append(best)
    return chosen
