"""Place lookup against the shipped gazetteer, with geopy's geocoder interface.

geopy's geocoders all call a web service, which analysts on a closed network do not have. This class
answers the same `geocode` call from places.csv, so code written for geopy works offline.
"""
from __future__ import annotations

import re
import unicodedata

import pandas as pd
from geopy.location import Location
from geopy.point import Point


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
