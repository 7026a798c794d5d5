"""What the claims say together: reported ranges, agreement between sources, corroboration, reach."""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from . import geodesy

REPORT_ITSELF = "the report itself"


# ---------------------------------------------------------------- reported numbers and their rounding

def implied_half_step(value: str, unit_factor: float = 1.0) -> float:
    """Half the last significant unit of a number as written: '700' -> 50, '435' -> 0.5, '7.5' -> 0.05.

    A reported 'about 700 km' could be anything from 650 to 750; '435 miles' is 434.5 to 435.5 miles.
    Scaled by unit_factor into the normalised unit.
    """
    digits = re.sub(r"[^0-9.]", "", str(value))
    if not digits or digits == ".":
        return 0.0
    if "." in digits:
        decimals = len(digits.split(".", 1)[1])
        step = 10.0 ** -decimals
    else:
        stripped = digits.lstrip("0") or "0"
        trailing = len(stripped) - len(stripped.rstrip("0"))
        # Trailing zeros of a single-digit number ("700") are taken as rounding, not precision.
        step = 10.0 ** trailing if stripped != "0" else 1.0
    return step / 2 * unit_factor


def _interval(row) -> tuple[float, float]:
    from .schema import UNIT_CONVERSIONS

    factor = UNIT_CONVERSIONS.get(row["unit"], (None, 1.0))[1]
    half = implied_half_step(row["value"], factor)
    return row["normalized_value"] - half, row["normalized_value"] + half


# ---------------------------------------------------------------- agreement between sources

AGREE = "agree"
WITHIN_ROUNDING = "agree within rounding"
CONFLICT = "conflict"
WORDING = "differently worded"
SINGLE = "one source"


def compare(group: pd.DataFrame) -> str:
    """How the claims of one event about one attribute relate to each other."""
    if group["document"].nunique() < 2 and group["originator"].nunique() < 2:
        return SINGLE
    numeric = group[group["normalized_value"].notna()]
    if len(numeric) >= 2:
        values = numeric["normalized_value"].round(6)
        if values.nunique() == 1:
            return AGREE
        intervals = [_interval(r) for _, r in numeric.iterrows()]
        lo = max(a for a, _ in intervals)
        hi = min(b for _, b in intervals)
        # Strict: '3 days' (2.5..3.5) and '2 days' (1.5..2.5) only touch, and they do conflict.
        return WITHIN_ROUNDING if lo < hi else CONFLICT
    dates = group["resolved_date"][group["resolved_date"].astype(str) != ""]
    if len(dates) >= 2:
        return AGREE if dates.nunique() == 1 else CONFLICT
    values = group["value"].astype(str).str.strip().str.lower()
    values = values[values != ""]
    if len(values) >= 2:
        return AGREE if values.nunique() == 1 else WORDING
    return AGREE


def agreement_table(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per (event, attribute) with several claims: the verdict and who said what."""
    rows = []
    for (event_id, attribute), group in claims.groupby(["event_id", "attribute"], sort=False):
        if len(group) < 2:
            continue
        rows.append({
            "event_id": event_id,
            "title": group["title"].iloc[0],
            "attribute": attribute,
            "verdict": compare(group),
            "claims": len(group),
            "documents": group["document"].nunique(),
            "values": "; ".join(_value_text(r) for _, r in group.iterrows()),
        })
    return pd.DataFrame(rows, columns=["event_id", "title", "attribute", "verdict", "claims", "documents", "values"])


def _value_text(r) -> str:
    value = " ".join(x for x in [str(r["qualifier"]), str(r["value"]), str(r["unit"])] if x and x != "nan").strip()
    if not value:
        value = "(no value)"
    norm = ""
    if pd.notna(r["normalized_value"]) and r["unit"] != r["normalized_unit"]:
        norm = f" = {r['normalized_value']:g} {r['normalized_unit']}"
    if str(r.get("resolved_date", "")):
        norm += f" = {r['resolved_date']}"
    return f"{value}{norm} ({short_doc(r['document'])}, {r['originator']})"


def short_doc(document_id: str) -> str:
    return str(document_id).split("_", 1)[0]


def side_by_side(claims: pd.DataFrame, event_id: str, documents: list[str]) -> pd.DataFrame:
    """Attributes down, reports across: what each report says about one event, or that it says nothing."""
    ev = claims[claims["event_id"] == event_id]
    table = {}
    for attribute, group in ev.groupby("attribute", sort=False):
        row = {}
        for doc in documents:
            said = group[group["document"] == doc]
            row[short_doc(doc)] = " | ".join(_value_text(r).rsplit(" (", 1)[0] + f" [{r['originator']}]"
                                             for _, r in said.iterrows()) if len(said) else "— says nothing"
        row["verdict"] = compare(group) if len(group) >= 2 else SINGLE
        table[attribute] = row
    return pd.DataFrame.from_dict(table, orient="index")


def independent_originators(group: pd.DataFrame) -> set[str]:
    """Distinct originators, where an unattributed statement counts once per report that makes it."""
    return {f"{REPORT_ITSELF} ({short_doc(d)})" if o == REPORT_ITSELF else o
            for o, d in zip(group["originator"], group["document"])}


def corroboration(claims: pd.DataFrame, events: pd.DataFrame | None = None) -> pd.DataFrame:
    rows = []
    for event_id, group in claims.groupby("event_id", sort=False):
        origins = independent_originators(group)
        docs = group["document"].nunique()
        status = "corroborated" if docs >= 2 and len(origins) >= 2 else (
            "one report" if docs == 1 else "one originator")
        rows.append({"event_id": event_id, "title": group["title"].iloc[0],
                     "event_date": group["event_date"].iloc[0], "status": status,
                     "reports": docs, "originators": len(origins),
                     "who": "; ".join(sorted(origins)), "claims": len(group)})
    out = pd.DataFrame(rows, columns=["event_id", "title", "event_date", "status", "reports", "originators", "who", "claims"])
    return out.sort_values(["status", "originators"], ascending=[True, False]).reset_index(drop=True)


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


def reach_table(places: pd.DataFrame, origin: tuple[float, float], ranges_km: list[float]) -> pd.DataFrame:
    """Distance and bearing from the origin to each reference place, and whether each range reaches it."""
    ref = places[places["reference"]]
    rows = []
    for p in ref.itertuples():
        d = geodesy.distance_km(origin, (p.latitude, p.longitude))
        b = geodesy.bearing_deg(origin, (p.latitude, p.longitude))
        row = {"place": p.name, "kind": p.kind, "latitude": p.latitude, "longitude": p.longitude,
               "distance_km": round(d, 1), "distance_mi": round(geodesy.km_to_miles(d), 1),
               "bearing_deg": round(b, 1), "direction": geodesy.compass(b)}
        for r in ranges_km:
            row[f"within {r:,.0f} km"] = bool(d <= r)
        row["coord_source"] = p.coord_source
        rows.append(row)
    return pd.DataFrame(rows).sort_values("distance_km").reset_index(drop=True) if rows else pd.DataFrame()
