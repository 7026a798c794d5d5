"""Where a map label goes: beside its point, on the side where it keeps a clear gap from every marker,
line and other label, on a phone's map and on a desktop's.

Plotly places a text label at one of nine fixed positions around its point, at a distance set by the
size of the point's marker, and never moves it out of the way. A label's size is fixed in pixels while
the map's scale is not, so each candidate is measured in pixels at the scales the map is drawn at (the
same degrees of longitude across a phone's width and a desktop's), and the position with the fewest
clashes at both is chosen: beside the point, then farther out. Labels placed earlier count as obstacles
for later ones. A label that clashes wherever it goes is left off (the lowest in priority first): the
place is still named by hovering over its point.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field

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
# Farther from its point only when no side is clear at the nearest distance (a crowded phone map); past
# the last, a label is left off rather than drawn where it could be read as another point's.
FARTHER_PX = (0.0, 6.0, 12.0, 20.0, 30.0)
# The app's font, measured in Chromium: about 0.45 em per character on average, and a line of 1.2 em;
# a little more is allowed so that a wide word still fits.
CHAR_EM = 0.47
LINE_EM = 1.25


Spot = tuple[str, float]  # a plotly textposition, and how many pixels farther than the nearest distance
CANDIDATES: list[Spot] = [(p, f) for f in FARTHER_PX for p in POSITIONS]  # the nearest first
_SIDES = np.array([POSITIONS[p] for p, _ in CANDIDATES], dtype=float)
_FARTHER = np.array([f for _, f in CANDIDATES])


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
    box = _boxes(label, np.array([POSITIONS[position]], dtype=float), np.array([farther]), scale)[0]
    return tuple(float(v) for v in box)


def _boxes(label: Label, sides: np.ndarray, farther: np.ndarray, scale: float) -> np.ndarray:
    """The boxes of the label at each side (dx, dy rows) and distance, as (west, east, south, north) rows."""
    width = max(len(label.text), 1) * CHAR_EM * label.font_px / scale
    height = LINE_EM * label.font_px / scale
    offset = (label.offset_px + farther) / scale
    cx = label.lon + sides[:, 0] * (offset + width / 2)
    cy = float(mercator_y([label.lat])[0]) + sides[:, 1] * (offset + height / 2)
    return np.stack([cx - width / 2, cx + width / 2, cy - height / 2, cy + height / 2], axis=1)


def distance_px(box, xs: np.ndarray, ys: np.ndarray, scale: float) -> np.ndarray:
    """From each point (longitude, Mercator latitude) to the nearest edge of the box, in pixels; 0 inside.
    A box of column arrays (one row per box) gives a row of distances per box."""
    west, east, south, north = box
    dx = np.maximum(np.maximum(west - xs, xs - east), 0.0)
    dy = np.maximum(np.maximum(south - ys, ys - north), 0.0)
    return np.hypot(dx, dy) * scale


def clashes(box, obstacles: Obstacles, boxes: list, scale: float, bounds) -> int:
    """Markers and line points nearer the box than their radius and the gap, labels nearer than the gap
    (each counts heavily), and edges of the map the box crosses (more heavily still)."""
    one = np.asarray([box], dtype=float)
    others = np.asarray(boxes, dtype=float).reshape(-1, 4)
    return int(_fixed_cost(one, obstacles, scale, bounds)[0] + LABEL_COST * _overlaps(one, others, scale)[0])


LABEL_COST, EDGE_COST = 25, 100


def _fixed_cost(boxes: np.ndarray, obstacles: Obstacles, scale: float, bounds) -> np.ndarray:
    """Per box: the markers and line points too near it, and the map's edges it crosses (weighted)."""
    columns = tuple(boxes[:, i : i + 1] for i in range(4))
    near = distance_px(columns, obstacles.xs, obstacles.ys, scale) < obstacles.radius_px + GAP_PX - 1e-9
    (lon0, lon1), (y0, y1) = bounds
    outside = (boxes[:, 0] < lon0).astype(int) + (boxes[:, 1] > lon1) + (boxes[:, 2] < y0) + (boxes[:, 3] > y1)
    return near.sum(axis=1) + EDGE_COST * outside


def _overlaps(boxes: np.ndarray, others: np.ndarray, scale: float) -> np.ndarray:
    """Per box: how many of the other labels' boxes come nearer it than the gap."""
    if not len(others):
        return np.zeros(len(boxes), dtype=int)
    gap = GAP_PX / scale
    w, e, s, n = (boxes[:, i : i + 1] for i in range(4))
    ow, oe, os_, on = (others[:, i] for i in range(4))
    return ((ow - gap < e) & (w < oe + gap) & (os_ - gap < n) & (s < on + gap)).sum(axis=1)


@dataclass(frozen=True)
class Obstacles:
    """Markers and the points of lines, in degrees of longitude and Mercator latitude, with their radius."""

    xs: np.ndarray
    ys: np.ndarray
    radius_px: np.ndarray
    # near_counts per (label, bounds): the obstacles of what every view of a launch draws (its rings and
    # band, over a thousand points) are measured against each label once, not on every new view.
    _near: dict = field(default_factory=dict, compare=False, repr=False)

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

    def __add__(self, other: Obstacles) -> Obstacles:
        return Obstacles(
            np.concatenate([self.xs, other.xs]),
            np.concatenate([self.ys, other.ys]),
            np.concatenate([self.radius_px, other.radius_px]),
        )

    def near_counts(self, label: Label, bounds) -> np.ndarray:
        """Per candidate spot (CANDIDATES), summed over the map's scales: how many of these markers and line
        points come nearer the label's box than their radius and the gap (as _fixed_cost counts them)."""
        key = (label, bounds)
        counts = self._near.get(key)
        if counts is None:
            if len(self._near) > NEAR_KEPT:
                self._near.clear()
            counts = sum(self._near_at(_candidates(label, s), s) for s in scales(bounds[0]))
            counts.setflags(write=False)
            self._near[key] = counts
        return counts

    def _near_at(self, boxes: np.ndarray, scale: float) -> np.ndarray:
        # Only the obstacles within reach of some box are measured: one farther than the largest radius and
        # the gap beyond the boxes' hull is near none of them.
        reach = (float(self.radius_px.max(initial=0.0)) + GAP_PX) / scale * (1 + 1e-6) + 1e-9
        west, south = boxes[:, 0].min() - reach, boxes[:, 2].min() - reach
        east, north = boxes[:, 1].max() + reach, boxes[:, 3].max() + reach
        inside = (self.xs >= west) & (self.xs <= east) & (self.ys >= south) & (self.ys <= north)
        if not inside.any():
            return np.zeros(len(boxes), dtype=np.int64)
        columns = tuple(boxes[:, i : i + 1] for i in range(4))
        distance = distance_px(columns, self.xs[inside], self.ys[inside], scale)
        return (distance < self.radius_px[inside] + GAP_PX - 1e-9).sum(axis=1)


NEAR_KEPT = 512  # labels whose counts one set of obstacles keeps (a map has a dozen labels)


def fixed_costs(labels: list[Label], layers: list[Obstacles], bounds) -> np.ndarray:
    """What each candidate spot of each label clashes with whatever the other labels do, (labels,
    candidates): the markers and line points of every layer too near it and the map's edges it crosses,
    at each scale. The sum _fixed_cost gives for the layers' obstacles together."""
    if not labels:
        return np.zeros((0, len(CANDIDATES)), dtype=np.int64)
    return np.stack(
        [sum((layer.near_counts(label, bounds) for layer in layers), _edge_costs(label, bounds)) for label in labels]
    )


# A label's candidate boxes and the edges they cross depend on the label and the map alone: the same few
# labels (the reference cities, the origin) are measured on every new view.
@functools.lru_cache(maxsize=1024)
def _candidates(label: Label, scale: float) -> np.ndarray:
    boxes = _boxes(label, _SIDES, _FARTHER, scale)
    boxes.setflags(write=False)
    return boxes


@functools.lru_cache(maxsize=1024)
def _edge_costs(label: Label, bounds) -> np.ndarray:
    (lon0, lon1), (y0, y1) = bounds
    cost = np.zeros(len(CANDIDATES), dtype=np.int64)
    for s in scales(bounds[0]):
        b = _candidates(label, s)
        cost = cost + EDGE_COST * ((b[:, 0] < lon0).astype(int) + (b[:, 1] > lon1) + (b[:, 2] < y0) + (b[:, 3] > y1))
    cost.setflags(write=False)
    return cost


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
    fixed: np.ndarray | None = None,
) -> list[Spot | None]:
    """Where each label goes, or None for a label left off because no spot keeps its gap from every
    marker, line, edge and other label on a phone's map and a desktop's. The labels come in order of
    priority: when some still clash, the last of those is left off and the others are placed again
    (its space may be what another needed). A label whose point is off the map is not drawn and in no
    one's way. fixed: what fixed_costs gives for the obstacles, when the caller has it (from layers it keeps)."""
    if not labels:
        return []
    edges = bounds(lon_range, lat_range)
    if fixed is None:
        fixed = fixed_costs(labels, [obstacles], edges)
    costs = np.asarray(fixed, dtype=np.int64)
    return list(_placed(tuple(labels), costs.tobytes(), edges, passes))


# The same labels with the same costs are placed the same: a new view whose events are near no label
# is placed as the last one was.
@functools.lru_cache(maxsize=256)
def _placed(labels: tuple[Label, ...], costs: bytes, bounds, passes: int) -> tuple[Spot | None, ...]:
    on = np.array([on_map(label, bounds) for label in labels], dtype=bool)
    shown = on.copy()
    at = scales(bounds[0])
    # Every candidate box of every label at each scale, (labels, candidates, 4).
    boxes = [np.stack([_candidates(x, s) for x in labels]) for s in at]
    fixed = np.frombuffer(costs, dtype=np.int64).reshape(len(labels), len(CANDIDATES))
    dropped = np.zeros(len(labels), dtype=bool)
    while True:
        chosen, cost = _settle(boxes, fixed, shown, at, passes)
        clashing = np.flatnonzero(shown & (cost > 0))
        if not len(clashing):
            break
        shown[clashing[-1]] = False
        dropped[clashing[-1]] = True
    chosen[~on] = 0  # not drawn: the nearest spot, so that its invisible anchor stays small
    return tuple(None if dropped[k] else CANDIDATES[chosen[k]] for k in range(len(labels)))


def _settle(boxes: list[np.ndarray], fixed, shown: np.ndarray, at, passes: int) -> tuple[np.ndarray, np.ndarray]:
    """Each shown label's candidate (an index into CANDIDATES) and what it still clashes with: first each
    in order, the earlier claiming their space first, then each again given where all the others went,
    until no label moves (a label placed early may have taken the only clear side of a later one)."""
    n = len(shown)
    chosen, cost = np.zeros(n, dtype=int), np.zeros(n, dtype=int)
    for k in range(n):
        chosen[k], cost[k] = _best(boxes, fixed, shown & (np.arange(n) < k), chosen, k, at)
    for _ in range(passes):
        moved = False
        for k in range(n):
            best, cost[k] = _best(boxes, fixed, shown & (np.arange(n) != k), chosen, k, at)
            moved, chosen[k] = moved or best != chosen[k], best
        if not moved:
            break
    return chosen, np.where(shown, cost, 0)


def _best(boxes: list[np.ndarray], fixed, others: np.ndarray, chosen: np.ndarray, k: int, at) -> tuple[int, int]:
    """Label k's candidate with the fewest clashes at every scale given the `others` placed, and its cost;
    the nearest first, then the preferred side."""
    cost = fixed[k].copy()
    for by_scale, s in zip(boxes, at, strict=True):
        placed = by_scale[np.flatnonzero(others), chosen[others]]
        cost += LABEL_COST * _overlaps(by_scale[k], placed, s)
    best = int(np.argmin(cost))
    return best, int(cost[best])


def bounds(lon_range: tuple[float, float], lat_range: tuple[float, float]):
    """The map's edges as labels measure them: (west, east), (south, north) in Mercator degrees."""
    return tuple(float(x) for x in lon_range), tuple(float(y) for y in mercator_y(list(lat_range)))


def on_map(label: Label, bounds) -> bool:
    (lon0, lon1), (y0, y1) = bounds
    return bool(lon0 <= label.lon <= lon1 and y0 <= mercator_y([label.lat])[0] <= y1)


def scales(lon_range: tuple[float, float]) -> tuple[float, ...]:
    """Pixels per degree of longitude on the phone's map and on the desktop's."""
    return tuple(width / (lon_range[1] - lon_range[0]) for width in MAP_WIDTHS_PX)
