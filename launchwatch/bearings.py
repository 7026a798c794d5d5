"""Reported bearings: the direction of flight a source gives in degrees, drawn from the launch's origin.

Distinct from the analyst's assumed bearing: this one is reported, by a named source. What a source
gives is a direction, not a flight path: how far the line is drawn is derived, and says so. It runs to
the range the same document reports for the launch, else to the longest range reported in view, else
to DEFAULT_LENGTH_KM, which stands for no reported distance at all.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import analysis, geodesy, schema

# A line long enough to read as a direction on the regional map, when no range is reported.
DEFAULT_LENGTH_KM = 200.0


@dataclass(frozen=True)
class ReportedBearing:
    bearing: float  # degrees from north, as normalised
    source: str  # the originator, as the claims name it
    documents: tuple[str, ...]
    as_reported: str  # the value and unit as the source gives them
    length_km: float  # how far the line is drawn (derived)
    length_basis: str  # why that length

    @property
    def label(self) -> str:
        return f"{self.bearing:g}° ({geodesy.compass(self.bearing)})"


def _length(group: pd.DataFrame, ranges: pd.DataFrame) -> tuple[float, str]:
    same = ranges[ranges["document"].isin(set(group["document"]))]
    if len(same):
        km = float(same["normalized_value"].max())
        return km, f"drawn to {km:,.0f} km, the range the same document reports (the line's length is derived)"
    if len(ranges):
        km = float(ranges["normalized_value"].max())
        return km, f"drawn to {km:,.0f} km, the longest range reported in view (the line's length is derived)"
    return DEFAULT_LENGTH_KM, (
        f"drawn {DEFAULT_LENGTH_KM:,.0f} km only to show the direction: no range is reported (derived)"
    )


def reported_bearings(key_claims: pd.DataFrame) -> list[ReportedBearing]:
    """One line per distinct (bearing, source) the launch's claims in view give."""
    stated = key_claims[key_claims["stance"] == schema.STATED]
    said = stated[(stated["attribute"] == "bearing") & stated["normalized_value"].notna()]
    ranges = stated[(stated["attribute"] == "range") & stated["normalized_value"].notna()]
    out = []
    for (deg, source), group in said.groupby(["normalized_value", "originator"], sort=True):
        length, basis = _length(group, ranges)
        first = group.iloc[0]
        out.append(
            ReportedBearing(
                float(deg) % 360.0,
                str(source),
                tuple(dict.fromkeys(analysis.short_doc(d) for d in group["document"])),
                " ".join(x for x in (str(first["value"]), str(first["unit"])) if x),
                length,
                basis,
            )
        )
    return out
