"""Reported ranges and reach; the verdicts live in verdicts.py, corroboration in corroboration.py."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import geodesy

REPORT_ITSELF = "the report itself"


# ---------------------------------------------------------------- whole-column helpers
# A million claims hold only thousands of distinct values per column: Python-level formatting is
# done once per distinct value and spread back with numpy, so results match the per-row code exactly.

def text_of(values) -> pd.Series:
    """str(v) of every value, as the per-row code wrote it (a missing value reads 'nan')."""
    return per_distinct(values, str)


def per_distinct(values, func) -> pd.Series:
    """func(v) (a text) for every value, called once per distinct value."""
    codes, uniques = pd.factorize(pd.Series(values), use_na_sentinel=False)
    texts = pa.array([func(u) for u in uniques], type=pa.large_string())
    return pd.Series(pd.array(texts.take(pa.array(codes)), dtype="str"))


def combinations(frame: pd.DataFrame, columns: list[str]) -> tuple[np.ndarray, list[dict]]:
    """Each row's distinct combination of the columns' values (numbered 0, 1, ...), and one row of each as a dict."""
    codes = np.zeros(len(frame), dtype=np.int64)
    for col in columns:
        c, u = pd.factorize(frame[col], use_na_sentinel=False)
        codes = pd.factorize(codes * max(len(u), 1) + c)[0]  # renumbered at each step, so it never overflows
    combo, first = first_rows(codes)
    return combo, frame[columns].iloc[first].to_dict(orient="records")


def per_combination(frame: pd.DataFrame, columns: list[str], func) -> pd.Series:
    """func(row) (a text; row is a dict of the columns) for every row, called once per distinct combination."""
    combo, rows = combinations(frame, columns)
    texts = pa.array([func(r) for r in rows], type=pa.large_string())
    return pd.Series(pd.array(texts.take(pa.array(combo)), dtype="str"))


def unique_sorted(keys: np.ndarray) -> np.ndarray:
    """np.unique for integer keys: hashing first, then sorting only the distinct keys, is much faster."""
    return np.sort(pd.unique(keys))


def take_text(texts, positions) -> pd.Series:
    """texts[positions] for a short list of texts and many positions, without a Python object per row."""
    array = pa.array([str(t) for t in texts], type=pa.large_string())
    return pd.Series(pd.array(array.take(pa.array(np.asarray(positions, dtype=np.int64))), dtype="str"))


def column_at(claims: pd.DataFrame, column: str, rows: np.ndarray) -> pd.Series:
    return claims[column].iloc[rows].reset_index(drop=True).astype("str")


def join_runs(pieces, counts, sep: str) -> pd.Series:
    """Join consecutive runs of pieces: the first counts[0] pieces, then the next counts[1], and so on."""
    offsets = np.concatenate([[0], np.cumsum(counts, dtype=np.int64)])
    values = pa.array(pd.Series(pieces, dtype="str").reset_index(drop=True))
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    lists = pa.LargeListArray.from_arrays(pa.array(offsets, type=pa.int64()), values)
    return pd.Series(pd.array(pc.binary_join(lists, pa.scalar(sep, type=values.type)), dtype="str"))


def first_rows(keys) -> tuple[np.ndarray, np.ndarray]:
    """Each row's group number (0, 1, ... in order of first appearance) and each group's first row."""
    codes, _ = pd.factorize(pd.Series(keys), use_na_sentinel=False)
    if len(codes) == 0:
        return codes, codes
    seen = np.maximum.accumulate(codes)
    # Groups are numbered as they first appear, so a row opens a group exactly when its number is new.
    first = np.flatnonzero(np.concatenate([[True], codes[1:] > seen[:-1]]))
    return codes, first


def short_doc(document_id: str) -> str:
    return str(document_id).split("_", 1)[0]


# ---------------------------------------------------------------- reported ranges

@dataclass
class RangeRing:
    radius_km: float  # drawn to the nearest km
    claims: pd.DataFrame

    @property
    def label(self) -> str:
        return f"{self.radius_km:,.0f} km ({geodesy.km_to_miles(self.radius_km):,.0f} mi)"


def range_rings(claims: pd.DataFrame, event_id: str) -> list[RangeRing]:
    """One ring per distinct reported range of an event (to the nearest km), with the claims behind it."""
    r = claims[(claims["event_id"] == event_id) & (claims["attribute"] == "range")
               & (claims["normalized_unit"] == "km") & claims["normalized_value"].notna()]
    rings = []
    for radius, group in r.groupby(r["normalized_value"].round(0)):
        rings.append(RangeRing(float(radius), group))
    return rings


def origin_claims(claims: pd.DataFrame, event_id: str) -> pd.DataFrame:
    return claims[(claims["event_id"] == event_id) & (claims["attribute"] == "origin")]


def key_event_id(events: pd.DataFrame) -> str | None:
    keyed = events[events["key_event"]]
    if len(keyed):
        return str(keyed["event_id"].iloc[0])
    launches = events[events["event_type"] == "missile_launch"].sort_values("date")
    return str(launches["event_id"].iloc[-1]) if len(launches) else None


def flown_column(range_km: float) -> str:
    """A reported range is how far this missile flew, not what it can reach: the column compares the two."""
    return f"distance vs the {range_km:,.0f} km flown"


def flown_comparison(distance_km: float, range_km: float) -> str:
    return "nearer than the distance flown" if distance_km <= range_km else "farther than the distance flown"


def reach_table(places: pd.DataFrame, origin: tuple[float, float], ranges_km: list[float]) -> pd.DataFrame:
    """Distance and bearing from the origin to each reference place, each compared with a distance flown."""
    ref = places[places["reference"]]
    rows = []
    for p in ref.itertuples():
        d = geodesy.distance_km(origin, (p.latitude, p.longitude))
        b = geodesy.bearing_deg(origin, (p.latitude, p.longitude))
        row = {"place": p.name, "kind": p.kind, "latitude": p.latitude, "longitude": p.longitude,
               "distance_km": round(d, 1), "distance_mi": round(geodesy.km_to_miles(d), 1),
               "bearing_deg": round(b, 1), "direction": geodesy.compass(b)}
        for r in ranges_km:
            row[flown_column(r)] = flown_comparison(d, r)
        row["coord_source"] = p.coord_source
        rows.append(row)
    return pd.DataFrame(rows).sort_values("distance_km").reset_index(drop=True) if rows else pd.DataFrame()
