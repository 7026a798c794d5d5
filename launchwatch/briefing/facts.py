"""The key facts of one event as the claims in view state them: each value as reported (at the
precision the source gave), the verdict between the sources (launchwatch.verdicts, the rules the
sources page uses), who stands behind it, and which reports say it was not given.

The same rows serve the briefing and can serve a key facts card: no Streamlit, no formatting for a
particular medium.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import analysis, periods, verdicts

# The facts an analyst briefs a launch from, in the order a sentence about it runs; other attributes follow.
KEY_ATTRIBUTES = ("date", "time", "count", "missile_type", "missile_name", "missile_class", "origin", "range",
                  "apogee", "direction", "bearing", "landing_area", "duration", "outcome")
NO_VALUE = "(stated, no value)"


@dataclass(frozen=True)
class Fact:
    attribute: str
    values: list[str]  # the distinct values as reported, most often given first
    verdict: str
    sources: list[str]  # "000 · originator via X", one per claim stating it
    origins: str  # who stands behind it (independent origins, wire services, reports)
    not_given: str  # the reports that say the value was not given, beside the verdict
    derived: list[str]  # what we computed from the reported values (conversions, resolved dates)

    @property
    def label(self) -> str:
        return self.attribute.replace("_", " ")


def _present(v) -> bool:
    return v is not None and not (isinstance(v, float) and v != v) and str(v) not in ("", "nan", "NaT", "None")


def reported(row) -> str:
    """One claim's value as its source worded it: qualifier, value and unit, nothing added."""
    words = " ".join(str(row[c]) for c in ("qualifier", "value", "unit") if _present(row[c]))
    return words or NO_VALUE


def derived_of(row) -> str | None:
    """What was computed from a claim's value: a unit conversion or a relative date resolved."""
    if _present(row["normalized_value"]) and str(row["unit"]) != str(row["normalized_unit"]):
        return f"{reported(row)} = {float(row['normalized_value']):g} {row['normalized_unit']} (converted)"
    if _present(row.get("resolved_date")) and str(row["value"]) != str(row["resolved_date"]):
        when = periods.label(row["resolved_date"], row.get("resolved_precision") or "day")
        return f"'{row['value']}' = {when} (resolved against the report's date)"
    return None


def source_of(row) -> str:
    via = f" via {row['via']}" if _present(row["via"]) else ""
    return f"{analysis.short_doc(row['document'])} · {row['originator']}{via}"


def fact(claims: pd.DataFrame, row: dict) -> Fact:
    """The fact of verdict row `row` (verdicts.verdict_rows), from the claims about it."""
    said = claims[claims["stance"] != "not_given"] if "stance" in claims else claims
    texts = [reported(r) for _, r in said.iterrows()]
    ranked = sorted(dict.fromkeys(texts), key=lambda t: -texts.count(t))
    derived = [d for d in dict.fromkeys(derived_of(r) for _, r in said.iterrows()) if d]
    return Fact(row["attribute"], ranked, row["verdict"], [source_of(r) for _, r in said.iterrows()],
                str(row["origins"]), verdicts.not_given_text(row), derived)


def key_facts(view: pd.DataFrame, event_id: str | None) -> list[Fact]:
    """Every fact the claims in view state about the event, key facts first (a filter changes them)."""
    claims = view[view["event_id"] == event_id] if event_id else view.iloc[0:0]
    rows = verdicts.verdict_rows(claims).to_dict(orient="records")
    order = {a: i for i, a in enumerate(KEY_ATTRIBUTES)}
    rows.sort(key=lambda r: (order.get(r["attribute"], len(order)), r["attribute"]))
    return [fact(claims[claims["attribute"] == r["attribute"]], r) for r in rows]
