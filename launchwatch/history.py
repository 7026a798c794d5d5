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


def launches(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per missile launch event in the flat claims, with how it is classified."""
    ml = claims[claims["event_type"] == "missile_launch"]
    columns = ["event_id", "title", "event_date", "date_precision", "latitude", "longitude", "place", "kind", "claims"]
    if ml.empty:
        return pd.DataFrame(columns=columns)
    # What each event's claims say was fired, joined per event once (a million claims hold tens of
    # thousands of launches: no Python call per event).
    said = ml[ml["attribute"].isin(["missile_type", "occurred"])]
    said_text = (said["claim"].astype(str) + " " + said["value"].astype(str)).groupby(said["event_id"]).agg(" ".join)
    out = (
        ml.drop_duplicates("event_id")
        .set_index("event_id")[["title", "event_date", "date_precision", "latitude", "longitude", "place"]]
        .copy()
    )
    text = out["title"].astype(str) + " " + said_text.reindex(out.index).fillna("")
    ballistic = text.str.contains(_BALLISTIC)
    other = text.str.contains(_NOT_BALLISTIC)
    out["kind"] = "unknown"
    out.loc[ballistic & ~other, "kind"] = "ballistic"
    out.loc[~ballistic & other, "kind"] = "not ballistic"
    out.loc[ballistic & other, "kind"] = "mixed"
    out["claims"] = ml.groupby("event_id").size()
    return out.reset_index()[columns]


def year_count(claims: pd.DataFrame, key_event: str) -> YearCount | None:
    """Ballistic launch days in the key launch's year, up to and including it, and what reports claim."""
    table = launches(claims)
    key = table[table["event_id"] == key_event]
    if key.empty:
        return None
    until = pd.Timestamp(key["event_date"].iloc[0])
    dates = pd.to_datetime(table["event_date"])
    same_year = table[(dates.dt.year == until.year) & (dates <= until)].copy()
    exact = same_year["date_precision"] == "day"
    counted = same_year[exact & (same_year["kind"] == "ballistic")]
    uncounted = same_year[~(exact & (same_year["kind"] == "ballistic"))].copy()
    uncounted["why"] = [
        ("date known only to the " + p) if p != "day" else f"type {k}"
        for p, k in zip(uncounted["date_precision"], uncounted["kind"], strict=True)
    ]
    days = sorted(pd.to_datetime(counted["event_date"]).unique())
    result = YearCount(
        until.year,
        until,
        [pd.Timestamp(d) for d in days],
        uncounted[["event_id", "title", "event_date", "date_precision", "kind", "why"]],
    )
    # Only ordinals counted over the year ("the sixth this year"), not "second since 22 October".
    seq = claims[(claims["event_id"] == key_event) & (claims["attribute"] == "ordinal_in_year")]
    for _, c in seq.iterrows():
        n = ordinal_value(c["value"])
        if n is not None:
            result.reported.append((n, c["document"], c["originator"]))
    return result


def same_area(
    claims: pd.DataFrame, key_event: str, origin: tuple[float, float], radius_km: float = 50.0
) -> pd.DataFrame:
    """Earlier launches whose place lies within radius_km of the origin, nearest first."""
    table = launches(claims)
    key_date = (
        pd.Timestamp(table.loc[table["event_id"] == key_event, "event_date"].iloc[0])
        if (table["event_id"] == key_event).any()
        else None
    )
    rows = table[(table["event_id"] != key_event) & table["latitude"].notna()].copy()
    if key_date is not None:
        rows = rows[pd.to_datetime(rows["event_date"]) < key_date]
    # A spherical first pass keeps the exact ellipsoidal distance for the few candidates nearby.
    lat1, lon1 = np.radians(origin[0]), np.radians(origin[1])
    lat2, lon2 = np.radians(rows["latitude"].astype(float)), np.radians(rows["longitude"].astype(float))
    rough = (
        2
        * 6371.0
        * np.arcsin(
            np.sqrt(np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2)
        )
    )
    rows = rows[rough <= radius_km * 1.01 + 1].copy()
    rows["distance_km"] = [
        round(geodesy.distance_km(origin, (a, o)), 1) for a, o in zip(rows["latitude"], rows["longitude"], strict=True)
    ]
    rows = rows[rows["distance_km"] <= radius_km]
    columns = ["event_date", "date_precision", "title", "place", "distance_km", "kind", "event_id"]
    return rows.sort_values(["distance_km", "event_date"])[columns]
