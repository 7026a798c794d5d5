"""The flat claims table (one row per claim, its event, place and document joined) and its files.

The dashboard's downloads and `python -m launchwatch export` both write through here.
"""

from __future__ import annotations

import json
import math

import pandas as pd

from . import aliases, csvfiles
from .loading import Dataset

# What a flat row says of its event (the native importer reads events back from these).
EVENT_COLUMNS = (
    "event_date",
    "date_precision",
    "event_type",
    "title",
    "place",
    "latitude",
    "longitude",
    "geo_precision",
)
# What a claim says: its words and its value, as written and normalised, with a date's precision.
SAYS_COLUMNS = (
    "claim",
    "value",
    "unit",
    "qualifier",
    "normalized_value",
    "normalized_unit",
    "resolved_date",
    "resolved_precision",
)
EXPORT_COLUMNS = [
    "event_id",
    *EVENT_COLUMNS,
    "document",
    "originator",
    "originator_kind",
    "via",
    "organisation",
    "carried_by",
    "attribute",
    "stance",
    *SAYS_COLUMNS,
    "span_start",
    "span_end",
    "claim_id",
]


def flat_claims(ds: Dataset) -> pd.DataFrame:
    places = ds.places.rename(columns={"name": "place"})[
        ["place_id", "place", "latitude", "longitude", "geo_precision"]
    ]
    # Only the event columns the table keeps: every column joined is copied once per claim.
    events = ds.events[["event_id", "event_type", "title", "date", "date_precision", "place_id"]].merge(
        places, on="place_id", how="left"
    )
    events["event_date"] = _iso_days(events["date"])
    claims = ds.claims.rename(columns={"document_id": "document"})
    # Derived through the alias table (data/aliases.csv): who stands behind a name, and behind a via.
    claims["organisation"] = aliases.organisations_of(claims["originator"], ds.aliases)
    claims["carried_by"] = aliases.organisations_of(claims["via"], ds.aliases)
    out = claims.merge(events, on="event_id", how="left", validate="many_to_one")
    out["resolved_date"] = _iso_days(out["resolved_date"])
    for col in ("place", "geo_precision", "resolved_date"):
        out[col] = out[col].fillna("")
    return out[EXPORT_COLUMNS].reset_index(drop=True)


def _iso_days(dates: pd.Series) -> pd.Series:
    """dates.dt.strftime("%Y-%m-%d"), formatting each distinct day once (a million claims share a few thousand)."""
    codes, days = pd.factorize(dates)
    texts = pd.Series(pd.DatetimeIndex(days).strftime("%Y-%m-%d"), dtype="str")
    return pd.Series(texts.reindex(codes).to_numpy(), index=dates.index, dtype="str")


def to_csv_bytes(table: pd.DataFrame) -> bytes:
    """The table as CSV for a spreadsheet: no cell of it runs as a formula (see csvfiles)."""
    return csvfiles.spreadsheet_bytes(table)


def _json_value(v):
    if v is None:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if hasattr(v, "item"):  # numpy scalars
        v = v.item()
    if isinstance(v, float) and v.is_integer() and abs(v) < 2**53:
        return v
    return v


def to_geojson_dict(table: pd.DataFrame) -> dict:
    """A FeatureCollection of points: the rows that have coordinates."""
    located = table[table["latitude"].notna() & table["longitude"].notna()]
    features = []
    for row in located.to_dict(orient="records"):
        props = {k: _json_value(v) for k, v in row.items()}
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [props["longitude"], props["latitude"]]},
                "properties": props,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def to_geojson_bytes(table: pd.DataFrame) -> bytes:
    return json.dumps(to_geojson_dict(table), ensure_ascii=False, indent=1).encode("utf-8")
