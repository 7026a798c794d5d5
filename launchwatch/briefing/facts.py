"""The key facts of one event as the claims in view state them: each value as reported (at the
precision the source gave), the verdict between the sources that give it, and who gives it.

The same rows serve the briefing and can serve a key facts card: no Streamlit, no formatting for a
particular medium.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import analysis

# The facts an analyst briefs a launch from, in the order a sentence about it runs; other attributes follow.
KEY_ATTRIBUTES = ("date", "time", "count", "missile_type", "origin", "range", "direction", "landing_area",
                  "duration", "apogee")
NO_VALUE = "(stated, no value)"


@dataclass(frozen=True)
class Fact:
    attribute: str
    values: list[str]  # the distinct values as reported, most often given first
    verdict: str
    sources: list[str]  # "000 · originator (via X)", one per claim
    derived: list[str]  # what we computed from the reported values (conversions, resolved dates)

    @property
    def label(self) -> str:
        return self.attribute.replace("_", " ")


def reported(row) -> str:
    """One claim's value as its source worded it: qualifier, value and unit, nothing added."""
    words = " ".join(str(row[c]) for c in ("qualifier", "value", "unit") if str(row[c]) not in ("", "nan", "None"))
    return words or NO_VALUE


def derived_of(row) -> str | None:
    """What was computed from a claim's value: a unit conversion or a relative date resolved."""
    if pd.notna(row["normalized_value"]) and str(row["unit"]) != str(row["normalized_unit"]):
        return f"{reported(row)} = {row['normalized_value']:g} {row['normalized_unit']} (converted)"
    if str(row.get("resolved_date", "")) not in ("", "nan") and str(row["value"]) != str(row["resolved_date"]):
        return f"'{row['value']}' = {row['resolved_date']} (resolved against the report's date)"
    return None


def source_of(row) -> str:
    via = f" via {row['via']}" if str(row["via"]) not in ("", "nan") else ""
    return f"{analysis.short_doc(row['document'])} · {row['originator']}{via}"


def fact(claims: pd.DataFrame, attribute: str) -> Fact:
    """The fact as the given claims (all about one event and this attribute) state it."""
    texts = [reported(r) for _, r in claims.iterrows()]
    ranked = sorted(dict.fromkeys(texts), key=lambda t: -texts.count(t))
    verdict = analysis.compare(claims) if len(claims) >= 2 else analysis.SINGLE
    derived = [d for d in dict.fromkeys(derived_of(r) for _, r in claims.iterrows()) if d]
    return Fact(attribute, ranked, verdict, [source_of(r) for _, r in claims.iterrows()], derived)


def key_facts(view: pd.DataFrame, event_id: str | None) -> list[Fact]:
    """Every fact the claims in view state about the event, key facts first (a filter changes them)."""
    claims = view[view["event_id"] == event_id] if event_id else view.iloc[0:0]
    order = {a: i for i, a in enumerate(KEY_ATTRIBUTES)}
    attributes = sorted(claims["attribute"].unique(), key=lambda a: (order.get(a, len(order)), a))
    return [fact(claims[claims["attribute"] == a], a) for a in attributes]
