"""Captions written from the data in view, so text fits whatever dataset is loaded.

A caption says what the data does and does not give for the launch in focus (how precisely its origin
is known, which directions and ranges are claimed, whether a landing point is given), never what the
bundled case happened to hold.
"""

from __future__ import annotations

import pandas as pd

from .figures import precision_phrase

DIRECTIONS_LISTED = 4


def _values(claims: pd.DataFrame, attribute: str) -> list[str]:
    values = claims.loc[claims["attribute"] == attribute, "value"].fillna("").astype("str")
    return list(dict.fromkeys(v.strip() for v in values if v.strip()))


def origin_phrase(place: str, geo_precision: str, uncertainty_km: float | None) -> str:
    if not place:
        return "no origin"
    radius = f", within about {uncertainty_km:g} km" if uncertainty_km else ""
    return f"the origin ({precision_phrase(geo_precision)}{radius})"


def map_caption(claims: pd.DataFrame, launch: str | None, uncertainty_km: float | None) -> str:
    """The map's caption for the launch in focus, from its claims in the current view."""
    if not launch:
        return "The data in view holds no missile launch: the map shows the located events only."
    mine = claims[claims["event_id"] == launch]
    if mine.empty:
        return "The launch in focus has no claims under the current filters."
    first = mine.iloc[0]
    place = str(first["place"]) if pd.notna(first["place"]) else ""
    gives = [origin_phrase(place, str(first["geo_precision"]), uncertainty_km)]
    directions = _values(mine, "direction")
    if directions:
        more = " and others" if len(directions) > DIRECTIONS_LISTED else ""
        listed = ", ".join(directions[:DIRECTIONS_LISTED]) + more
        gives.append(f"the direction ({listed})")
    ranged = mine[(mine["attribute"] == "range") & mine["normalized_value"].notna()]
    if len(ranged):
        distinct = ranged["normalized_value"].round(0).nunique()
        gives.append(f"{distinct} distinct distance(s) flown" if distinct > 1 else "the distance flown")
    text = "The data in view gives " + _join(gives) + " for this launch."
    landing = _values(mine, "landing_area")
    if landing:
        text += " A landing area is named (" + "; ".join(landing[:3]) + "), not a point."
    else:
        text += " It gives no impact point."
    if len(ranged):
        text += (
            " A range ring marks every point at a reported distance; the orange band is where every claim in "
            "view allows the missile to have come down (its constraints are listed below the map)."
        )
    return text + " Distances are geodesic on the WGS84 ellipsoid."


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
