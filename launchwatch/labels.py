"""Where a map label goes: beside its point, on the side where it keeps a clear gap from every marker,
line and other label, on a phone's map and on a desktop's.

Plotly places a text label at one of nine fixed positions around its point, at a distance set by the
size of the point's marker, and never moves it out of the way. A label's size is fixed in pixels while
the map's scale is not, so each candidate is measured in pixels at the scales the map is drawn at (the
same degrees of longitude across a phone's width and a desktop's), and the position with the fewest
clashes at both is chosen. Labels placed earlier count as obstacles for later ones.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

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
# The map's width in pixels on a 390 px phone (the page less its margins) and on a 1440 px desktop
# beside the sidebar, as measured in Chromium: the same degrees of longitude fill either width.
MAP_WIDTHS_PX = (358.0, 980.0)
GAP_PX = 4.0  # the clear space kept between a label and any marker, line or other label
# Farther from its point only when no side is clear at the nearest distance (a crowded phone map).
FARTHER_PX = (0.0, 6.0, 12.0)
# The app's font, measured in Chromium: about 0.45 em per character on average, and a line of 1.2 em;
# a little more is allowed so that a wide word still fits.
CHAR_EM = 0.47
LINE_EM = 1.25


Spot = tuple[str, float]  # a plotly textposition, and how many pixels farther than the nearest distance


@dataclass(frozen=True)
class Label:
    lon: float
    lat: float
    text: str
    font_px: float
    clear_px: float  # the radius of the largest marker drawn at its point

    @property
    def offset_px(self) -> float:
        """From the point to the label's nearest edge: past every marker there, and a gap."""
        return self.clear_px + GAP_PX


def anchor_size(offset_px: float) -> float:
    """The marker size at which plotly puts its text `offset_px` from the point (it puts it at
    size / 2 / 0.8 + 1 px), for an invisible anchor marker that sets the label's distance."""
    return max(0.0, 1.6 * (offset_px - 1.0))


def mercator_y(lat) -> np.ndarray:
    """Latitude on the Mercator scale, in degrees, so that both axes measure the same on the map."""
    lat = np.radians(np.clip(np.asarray(lat, dtype=float), -85, 85))
    return np.degrees(np.log(np.tan(math.pi / 4 + lat / 2)))


def label_box(label: Label, spot: Spot, scale: float) -> tuple[float, float, float, float]:
    """(west, east, south, north), in degrees of longitude and Mercator latitude, of the label drawn at
    `spot` around its point on a map of `scale` pixels per degree."""
    position, farther = spot
    width = max(len(label.text), 1) * CHAR_EM * label.font_px / scale
    height = LINE_EM * label.font_px / scale
    offset = (label.offset_px + farther) / scale
    dx, dy = POSITIONS[position]
    x, y = label.lon, float(mercator_y([label.lat])[0])
    cx = x + dx * (offset + width / 2)
    cy = y + dy * (offset + height / 2)
    return cx - width / 2, cx + width / 2, cy - height / 2, cy + height / 2


def distance_px(box, xs: np.ndarray, ys: np.ndarray, scale: float) -> np.ndarray:
    """From each point (longitude, Mercator latitude) to the nearest edge of the box, in pixels; 0 inside."""
    west, east, south, north = box
    dx = np.maximum(np.maximum(west - xs, xs - east), 0.0)
    dy = np.maximum(np.maximum(south - ys, ys - north), 0.0)
    return np.hypot(dx, dy) * scale


def clashes(box, obstacles: Obstacles, boxes: list, scale: float, bounds) -> int:
    """Markers and line points nearer the box than their radius and the gap, labels nearer than the gap
    (each counts heavily), and edges of the map the box crosses (more heavily still)."""
    return int(_near(box, obstacles, scale).sum()) + _crowding(box, boxes, scale, bounds)


def _near(box, obstacles: Obstacles, scale: float) -> np.ndarray:
    """Which obstacles are nearer the box than their radius and the gap (for boxes given as columns of
    edges, one row per box)."""
    return distance_px(box, obstacles.xs, obstacles.ys, scale) < obstacles.radius_px + GAP_PX - 1e-9


def _crowding(box, boxes: list, scale: float, bounds) -> int:
    """clashes' count for labels nearer than the gap and for edges of the map the box crosses."""
    gap = GAP_PX / scale
    west, east, south, north = box
    overlaps = sum(
        1 for w, e, s, n in boxes if w - gap < east and west < e + gap and s - gap < north and south < n + gap
    )
    (lon0, lon1), (y0, y1) = bounds
    outside = (west < lon0) + (east > lon1) + (south < y0) + (north > y1)
    return 25 * overlaps + 100 * int(outside)


@dataclass(frozen=True)
class Obstacles:
    """Markers and the points of lines, in degrees of longitude and Mercator latitude, with their radius."""

    xs: np.ndarray
    ys: np.ndarray
    radius_px: np.ndarray

    @classmethod
    def of(cls, lons, lats, radius_px) -> Obstacles:
        xs = np.asarray(lons, dtype=float)
        ys = mercator_y(lats)
        radius = np.broadcast_to(np.asarray(radius_px, dtype=float), xs.shape)
        keep = ~(np.isnan(xs) | np.isnan(ys))
        return cls(xs[keep], ys[keep], radius[keep])

    def radius_at(self, lon: float, lat: float, within_deg: float = 0.02) -> float:
        """The radius of the largest marker drawn at this point (0 if none)."""
        near = np.hypot(self.xs - lon, self.ys - float(mercator_y([lat])[0])) <= within_deg
        return float(self.radius_px[near].max()) if near.any() else 0.0

    def around(self, label: Label, scale: float) -> Obstacles:
        """The obstacles that can clash with the label at any of its spots on a map of `scale` pixels per
        degree (with room to spare): the reach of its farthest box, and of the largest marker and the gap."""
        west, east, south, north = label_box(label, ("middle right", FARTHER_PX[-1]), scale)
        largest = float(self.radius_px.max()) if len(self.radius_px) else 0.0
        reach = 2 * (max(east - west, north - south) + (label.offset_px + FARTHER_PX[-1] + largest + GAP_PX) / scale)
        y = float(mercator_y([label.lat])[0])
        keep = (np.abs(self.xs - label.lon) <= reach) & (np.abs(self.ys - y) <= reach)
        return Obstacles(self.xs[keep], self.ys[keep], self.radius_px[keep])

    def __add__(self, other: Obstacles) -> Obstacles:
        return Obstacles(
            np.concatenate([self.xs, other.xs]),
            np.concatenate([self.ys, other.ys]),
            np.concatenate([self.radius_px, other.radius_px]),
        )


def line_points(lons, lats, step_deg: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """A line's vertices and points between them every `step_deg` or less, so that a label crossing a
    segment between two vertices is seen; a missing value (None) breaks the line."""
    x = np.array([np.nan if v is None else v for v in lons], dtype=float)
    y = np.array([np.nan if v is None else v for v in lats], dtype=float)
    out_x, out_y = [x], [y]
    for i in range(len(x) - 1):
        span = max(abs(x[i + 1] - x[i]), abs(y[i + 1] - y[i]))
        if not np.isfinite(span) or span <= step_deg:
            continue
        t = np.linspace(0, 1, int(math.ceil(span / step_deg)) + 1)[1:-1]
        out_x.append(x[i] + t * (x[i + 1] - x[i]))
        out_y.append(y[i] + t * (y[i + 1] - y[i]))
    return np.concatenate(out_x), np.concatenate(out_y)


def place(
    labels: list[Label],
    obstacles: Obstacles,
    lon_range: tuple[float, float],
    lat_range: tuple[float, float],
    passes: int = 4,
) -> list[Spot]:
    """Where each label goes: first each in order, the earlier claiming their space first, then each again
    given where all the others went, until no label moves (a label placed early may have taken the only
    clear side of a later one). A label whose point is off the map is not drawn and in no one's way."""
    bounds = (lon_range, tuple(mercator_y(list(lat_range))))
    shown = [on_map(label, bounds) for label in labels]
    at = scales(lon_range)
    chosen: list[Spot] = []
    for k in range(len(labels)):
        chosen.append(_best(labels, shown, chosen, k, obstacles, at, bounds))
    for _ in range(passes):
        moved = False
        for k in range(len(labels)):
            best = _best(labels, shown, chosen, k, obstacles, at, bounds)
            moved, chosen[k] = moved or best != chosen[k], best
        if not moved:
            break
    return chosen


def on_map(label: Label, bounds) -> bool:
    (lon0, lon1), (y0, y1) = bounds
    return bool(lon0 <= label.lon <= lon1 and y0 <= mercator_y([label.lat])[0] <= y1)


def _best(labels: list[Label], shown: list[bool], chosen: list[Spot], k: int, obstacles, at, bounds) -> Spot:
    """The spot of label k with the fewest clashes at every scale, given the others placed so far; the
    nearest first, then the preferred side."""
    if not shown[k]:
        return (next(iter(POSITIONS)), 0.0)
    # What the candidates share, worked out once: the other labels' boxes, and the obstacles near
    # enough to the label to touch any of its candidate boxes (the others can never count).
    others = {s: [label_box(labels[j], q, s) for j, q in enumerate(chosen) if j != k and shown[j]] for s in at}
    spots = [(p, farther) for farther in FARTHER_PX for p in POSITIONS]
    cost = np.zeros(len(spots), dtype=np.int64)
    for s in at:
        boxes = [label_box(labels[k], spot, s) for spot in spots]
        # clashes() of every spot at once: the markers and line points near each box, counted together.
        edges = tuple(np.array(edge)[:, None] for edge in zip(*boxes, strict=True))
        cost += _near(edges, obstacles.around(labels[k], s), s).sum(axis=1)
        cost += [_crowding(box, others[s], s, bounds) for box in boxes]
    costs = [
        (int(c), j // len(POSITIONS), j % len(POSITIONS), spot)
        for j, (c, spot) in enumerate(zip(cost, spots, strict=True))
    ]
    return min(costs)[3]


def scales(lon_range: tuple[float, float]) -> tuple[float, ...]:
    """Pixels per degree of longitude on the phone's map and on the desktop's."""
    return tuple(width / (lon_range[1] - lon_range[0]) for width in MAP_WIDTHS_PX)
