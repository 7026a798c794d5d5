"""Reported ranges and reach; the verdicts live in verdicts.py, corroboration in corroboration.py."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import geodesy

REPORT_ITSELF = "the report itself"


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
    r = claims[
        (claims["event_id"] == event_id)
        & (claims["attribute"] == "range")
        & (claims["normalized_unit"] == "km")
        & claims["normalized_value"].notna()
    ]
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
        row = {
            "place": p.name,
            "kind": p.kind,
            "latitude": p.latitude,
            "longitude": p.longitude,
            "distance_km": round(d, 1),
            "distance_mi": round(geodesy.km_to_miles(d), 1),
            "bearing_deg": round(b, 1),
            "direction": geodesy.compass(b),
        }
        for r in ranges_km:
            row[flown_column(r)] = flown_comparison(d, r)
        row["coord_source"] = p.coord_source
        rows.append(row)
    return pd.DataFrame(rows).sort_values("distance_km").reset_index(drop=True) if rows else pd.DataFrame()
