"""Place lookup against the shipped gazetteer, with geopy's geocoder interface.

geopy's geocoders all call a web service, which analysts on a closed network do not have. This class
answers the same `geocode` call from places.csv, so code written for geopy works offline.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import pandas as pd
from geopy.location import Location
from geopy.point import Point

from . import loading, schema


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9 ]+", " ", text.lower())
    return re.sub(r"\s+", " ", text).strip()


class Gazetteer:
    """geopy-compatible geocoder over a places table (see schema.PLACES)."""

    def __init__(self, places: pd.DataFrame):
        self.places = places.reset_index(drop=True)
        self._index: dict[str, list[int]] = {}
        for i, row in self.places.iterrows():
            names = [row["name"], row["place_id"], *[a for a in str(row.get("aliases", "")).split("|") if a]]
            for n in names:
                key = _norm(n)
                if key and i not in self._index.setdefault(key, []):
                    self._index[key].append(i)

    def _location(self, i: int) -> Location:
        row = self.places.iloc[i]
        raw = {k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()}
        return Location(row["name"], Point(row["latitude"], row["longitude"]), raw)

    def geocode(self, query: str, exactly_one: bool = True, **_ignored):
        """Exact name or alias first (accents, case and punctuation ignored), then a name containing the query."""
        key = _norm(query)
        hits = list(self._index.get(key, []))
        if not hits and key:
            hits = sorted({i for name, rows in self._index.items() if key in name.split() or key in name for i in rows})
        if not hits:
            return None if exactly_one else []
        found = [self._location(i) for i in hits]
        return found[0] if exactly_one else found


# The reference places (cities, bases, seas) belong to the app, not to a dataset: the reach table and
# the place lookup offer them whatever is loaded. A dataset's own place with the same id wins.
REFERENCE_FILE = loading.BUNDLED_DATA / "reference_places.csv"


@functools.cache
def reference_places() -> pd.DataFrame:
    return loading.load_table(REFERENCE_FILE, schema.PLACES)


def with_reference(places: pd.DataFrame, reference: pd.DataFrame | None = None) -> pd.DataFrame:
    """The dataset's places and the reference places it does not already have (by id or name): the
    workspace database's when given, else the app's own."""
    ref = reference_places() if reference is None else reference
    ref = ref[~ref["place_id"].isin(set(places["place_id"])) & ~ref["name"].isin(set(places["name"]))]
    return pd.concat([places, ref], ignore_index=True) if len(ref) else places


def uncertainty_of(places: pd.DataFrame, claims: pd.DataFrame, event_id: str | None) -> float | None:
    """The radius within which an event's place lies, from its claims' place name; None when unplaced."""
    if not event_id:
        return None
    named = claims.loc[claims["event_id"] == event_id, "place"].iloc[:1]
    found = places.loc[places["name"].isin(named) & (places["name"] != ""), "uncertainty_km"]
    return float(found.iloc[0]) if len(found) else None
