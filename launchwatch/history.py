"""The launch in its history: counts computed from the data beside what the reports claim.

A report may say a launch is "the sixth ballistic missile launch this year". With a launch history
loaded beside the reports, the same count can be computed from the data; the page shows both and
the difference, and never replaces one with the other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import geodesy

ORDINALS = {
    w: i
    for i, w in enumerate(
        [
            "first",
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "eleventh",
            "twelfth",
            "thirteenth",
            "fourteenth",
            "fifteenth",
            "sixteenth",
            "seventeenth",
            "eighteenth",
            "nineteenth",
            "twentieth",
        ],
        start=1,
    )
}

# North Korea's "hypersonic" missiles fly on ballistic boosters, and Seoul counts them as ballistic.
_BALLISTIC = re.compile(r"\b(?:SRBMs?|MRBMs?|IRBMs?|ICBMs?|SLBMs?|ballistic|hypersonic)\b", re.I)
_NOT_BALLISTIC = re.compile(r"\b(?:cruise|SLV|satellite|space launch)\b", re.I)


def ordinal_value(text: str) -> int | None:
    """'sixth' -> 6, '6th' -> 6; None for anything else."""
    text = str(text).strip().lower()
    if text in ORDINALS:
        return ORDINALS[text]
    m = re.fullmatch(r"(\d+)(st|nd|rd|th)", text)
    return int(m.group(1)) if m else None


@dataclass
class YearCount:
    year: int
    until: pd.Timestamp
    ballistic_days: list[pd.Timestamp]  # distinct launch days, since a salvo is one launch
    uncounted: pd.DataFrame  # launches of that year left out, and why
    reported: list[tuple[int, str, str]] = field(default_factory=list)  # (number, document, originator)

    @property
    def computed(self) -> int:
        return len(self.ballistic_days)


EVENT_COLUMNS = ["event_id", "title", "event_date", "date_precision", "latitude", "longitude", "place"]
TABLE_COLUMNS = [*EVENT_COLUMNS, "kind", "claims"]
# The columns the history reads: taking the rows of these alone, not of every column of the claims,
# is most of what a new view of the map page costs here.
COLUMNS = ["event_type", *EVENT_COLUMNS, "attribute", "claim", "value", "document", "originator"]


def launches(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per missile launch event in the flat claims, with how it is classified."""
    ml = claims[(claims["event_type"] == "missile_launch").to_numpy()]
    if ml.empty:
        return pd.DataFrame(columns=TABLE_COLUMNS)
    codes, ids = pd.factorize(ml["event_id"])
    first = np.unique(codes, return_index=True)[1]
    out = ml.iloc[first][EVENT_COLUMNS].reset_index(drop=True)
    # What each event's claims say was fired, joined per event once (a million claims hold tens of
    # thousands of launches: no Python call per event).
    said = (ml["attribute"].isin(["missile_type", "occurred"])).to_numpy()
    said_text = (ml["claim"].astype(str)[said] + " " + ml["value"].astype(str)[said]).groupby(codes[said]).agg(" ".join)
    text = out["title"].astype(str) + " " + said_text.reindex(range(len(ids))).fillna("").to_numpy()
    ballistic = text.str.contains(_BALLISTIC).to_numpy()
    other = text.str.contains(_NOT_BALLISTIC).to_numpy()
    kind = np.where(ballistic, np.where(other, "mixed", "ballistic"), np.where(other, "not ballistic", "unknown"))
    out["kind"] = pd.Series(kind, dtype="str")
    out["claims"] = np.bincount(codes, minlength=len(ids)).astype("int64")
    return out


def in_history(
    claims: pd.DataFrame, key_event: str, origin: tuple[float, float] | None
) -> tuple[YearCount | None, pd.DataFrame | None]:
    """The year's count and, with an origin, the earlier launches near it: from one table of the launches."""
    claims = claims[COLUMNS]
    table = launches(claims)
    counted = _year_count(table, claims, key_event)
    return counted, (_same_area(table, key_event, origin) if origin else None)


def year_count(claims: pd.DataFrame, key_event: str) -> YearCount | None:
    """Ballistic launch days in the key launch's year, up to and including it, and what reports claim."""
    return _year_count(launches(claims), claims, key_event)


def _year_count(table: pd.DataFrame, claims: pd.DataFrame, key_event: str) -> YearCount | None:
    is_key = (table["event_id"] == key_event).to_numpy()
    if not is_key.any():
        return None
    until = pd.Timestamp(table["event_date"].iloc[int(np.argmax(is_key))])
    dates = pd.to_datetime(table["event_date"])
    same_year = ((dates.dt.year == until.year) & (dates <= until)).to_numpy()
    counts = (table["date_precision"] == "day").to_numpy() & (table["kind"] == "ballistic").to_numpy()
    uncounted = table.iloc[np.flatnonzero(same_year & ~counts)]
    why = [
        ("date known only to the " + p) if p != "day" else f"type {k}"
        for p, k in zip(uncounted["date_precision"], uncounted["kind"], strict=True)
    ]
    days = sorted(pd.to_datetime(table["event_date"].iloc[np.flatnonzero(same_year & counts)]).unique())
    result = YearCount(
        until.year,
        until,
        [pd.Timestamp(d) for d in days],
        uncounted[["event_id", "title", "event_date", "date_precision", "kind"]].assign(why=why),
    )
    # Only ordinals counted over the year ("the sixth this year"), not "second since 22 October".
    seq = claims[((claims["event_id"] == key_event) & (claims["attribute"] == "ordinal_in_year")).to_numpy()]
    for value, document, originator in zip(seq["value"], seq["document"], seq["originator"], strict=True):
        n = ordinal_value(value)
        if n is not None:
            result.reported.append((n, document, originator))
    return result


def same_area(
    claims: pd.DataFrame, key_event: str, origin: tuple[float, float], radius_km: float = 50.0
) -> pd.DataFrame:
    """Earlier launches whose place lies within radius_km of the origin, nearest first."""
    return _same_area(launches(claims), key_event, origin, radius_km)


def _same_area(
    table: pd.DataFrame, key_event: str, origin: tuple[float, float], radius_km: float = 50.0
) -> pd.DataFrame:
    is_key = (table["event_id"] == key_event).to_numpy()
    lats = table["latitude"].to_numpy(dtype=float, na_value=np.nan)
    rows = np.flatnonzero(~is_key & ~np.isnan(lats))
    if is_key.any():
        key_date = pd.Timestamp(table["event_date"].iloc[int(np.argmax(is_key))])
        rows = rows[(pd.to_datetime(table["event_date"].iloc[rows]) < key_date).to_numpy()]
    # A spherical first pass keeps the exact ellipsoidal distance for the few candidates nearby.
    lat1, lon1 = np.radians(origin[0]), np.radians(origin[1])
    lat2 = np.radians(lats[rows])
    lon2 = np.radians(table["longitude"].to_numpy(dtype=float, na_value=np.nan)[rows])
    rough = (
        2
        * 6371.0
        * np.arcsin(
            np.sqrt(np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2)
        )
    )
    near = table.iloc[rows[rough <= radius_km * 1.01 + 1]].copy()
    near["distance_km"] = [
        round(geodesy.distance_km(origin, (a, o)), 1) for a, o in zip(near["latitude"], near["longitude"], strict=True)
    ]
    near = near[near["distance_km"] <= radius_km]
    columns = ["event_date", "date_precision", "title", "place", "distance_km", "kind", "event_id"]
    return near.sort_values(["distance_km", "event_date"])[columns]
