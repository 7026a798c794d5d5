"""Rows within a timeline lane, so that events on the same day, or close at the widest zoom, never share a spot.

Each lane (an event type) is split into a few thin rows. Events go, in date order, to the first row
whose last event ended at least a minimum gap before them; the gap is a small share of the whole
time span, so events that would overlap at the "all" zoom are apart too. Each event's offset from its
lane's centre line is returned: a click then lands on the event under the pointer, not its neighbour.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# Lanes are 1 apart on the axis: 6 rows (0, ±0.15, ±0.30, +0.45) fit between neighbouring lanes, enough
# for the four statements of 7 November and the two dated only "on or before" it, each at its own spot.
ROW_STEP = 0.15
MAX_ROWS = 6
GAP_SHARE = 1 / 90  # of the whole span: about a marker's width at the widest zoom


def row_offsets(rows: int) -> list[float]:
    """Offsets of rows 0, 1, 2... from the lane's centre: 0, +step, -step, +2 step, -2 step..."""
    out = []
    for r in range(rows):
        k = (r + 1) // 2
        out.append(k * ROW_STEP * (1 if r % 2 else -1) if r else 0.0)
    return out


def spread(lane: pd.Series, start: pd.Series, end: pd.Series, span: tuple | None = None) -> np.ndarray:
    """Each event's offset from its lane's centre line (positions as the Series' order).

    span: the (first, last) moment of the whole time axis the gap is a share of; by default these events'."""
    n = len(lane)
    offsets = np.zeros(n)
    if n == 0:
        return offsets
    s = _seconds(start)
    e = _seconds(end)
    first, last = (s.min(), e.max()) if span is None else _seconds(pd.Series(list(span)))
    gap = max(86_400, int((last - first) * GAP_SHARE))
    # An event known to the day is drawn as a point: it takes its day plus the gap.
    e = np.maximum(e, s + gap)
    places = row_offsets(MAX_ROWS)
    codes = pd.factorize(lane)[0]
    for code in np.unique(codes):
        members = np.flatnonzero(codes == code)
        order = members[np.lexsort((-(e[members] - s[members]), s[members]))]
        ends: list[int] = []
        for i in order:
            row = next((r for r, last in enumerate(ends) if s[i] >= last), None)
            if row is None:
                row = len(ends) if len(ends) < MAX_ROWS else int(np.argmin(ends))
                if row == len(ends):
                    ends.append(0)
            ends[row] = int(e[i])
            offsets[i] = places[row]
    return offsets


def _seconds(times: pd.Series) -> np.ndarray:
    return pd.to_datetime(times).to_numpy().astype("datetime64[s]").astype(np.int64)
