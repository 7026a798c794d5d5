"""What the sources say together about each fact, without saying more than they do.

One row per (event, fact): the claims about the same fact compared, each value with its report, the
reports that say the value was not given beside the verdict (never counted for or against it), and
who stands behind the claims (origins, wire services, reports). The sources page, the key facts and
`python -m launchwatch verdicts` all build their rows with `verdict_rows`. Rules: docs/verdicts.md.
"""
from __future__ import annotations

import json
import re

import pandas as pd

from . import aliases, periods, schema

AGREE = "agree"
WITHIN_ROUNDING = "agree within rounding"
COMPATIBLE = "compatible"
WORDING = "differently worded"
CONFLICT = "conflict"
SINGLE = "single source"
NOT_GIVEN = "not given"
STATEMENTS = "separate statements"

VERDICTS = {
    CONFLICT: "The values cannot all be true: numbers whose rounding bands do not overlap, periods that "
              "cannot both hold, or a statement against a denial",
    WITHIN_ROUNDING: "The numbers differ but each lies within the other's rounding (435 miles and about 700 km)",
    COMPATIBLE: "The periods differ but can all be true (a day inside a visit, a month containing a day)",
    WORDING: "The values are worded differently and are not compared further (East Sea, east)",
    AGREE: "The reports give the same value, or assert the same fact with no value",
    SINGLE: "Only one report states it: nothing to compare",
    NOT_GIVEN: "Reports say the value was not given, and none states it",
    STATEMENTS: "Different things said (quotes, reactions): each stands alone and none is counted as agreement",
}
# The order the sources page lists verdicts in: what needs an analyst's eye first.
ORDER = {v: i for i, v in enumerate([CONFLICT, WITHIN_ROUNDING, COMPATIBLE, WORDING, AGREE, SINGLE, NOT_GIVEN,
                                     STATEMENTS])}

# Attributes that record what someone said rather than a value of the event: never compared.
STATEMENT_ATTRIBUTES = frozenset({"content", "reaction"})

COLUMNS = ["event_id", "title", "attribute", "verdict", "documents", "values", "not_given", "origins", "chain"]


def verdict_rows(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per (event, fact) among the claims in view (a slice of exports.flat_claims), conflicts first."""
    if claims.empty:
        return pd.DataFrame([], columns=COLUMNS)
    durations = _longest_durations(claims)
    rows = [_row(event_id, attribute, group, durations.get(event_id, 1.0))
            for (event_id, attribute), group in claims.groupby(["event_id", "attribute"], sort=False)]
    table = pd.DataFrame(rows, columns=COLUMNS)
    rank = table["verdict"].map(ORDER)
    return table.iloc[rank.argsort(kind="stable")].reset_index(drop=True)


def _row(event_id: str, attribute: str, group: pd.DataFrame, duration_days: float) -> dict:
    said = group[group["stance"] != "not_given"]
    silent = group[group["stance"] == "not_given"]
    return {
        "event_id": event_id, "title": str(group["title"].iloc[0]), "attribute": attribute,
        "verdict": verdict(attribute, said, duration_days),
        "documents": ";".join(dict.fromkeys(said["document"].astype(str))),
        "values": "; ".join(dict.fromkeys(value_text(r) for r in said.to_dict(orient="records"))),
        "not_given": ";".join(dict.fromkeys(silent["document"].astype(str))),
        "origins": aliases.origin_summary(said) if len(said) else "",
        "chain": aliases.chain_text(said) if len(said) else "",
    }


def verdict(attribute: str, said: pd.DataFrame, duration_days: float = 1.0) -> str:
    """How the stated (and denied) claims about one fact of one event relate; see VERDICTS."""
    if said.empty:
        return NOT_GIVEN
    if attribute in STATEMENT_ATTRIBUTES:
        return STATEMENTS
    if said["document"].nunique() < 2:
        return SINGLE
    if (said["stance"] == "denied").any():
        return CONFLICT if (said["stance"] == "stated").any() else AGREE
    numeric = said[said["normalized_value"].notna()]
    if len(numeric) >= 2:
        return compare_numbers(list(zip(numeric["value"], numeric["unit"], numeric["normalized_value"], strict=True)))
    dated = said[said["resolved_date"].astype(str) != ""]
    if len(dated) >= 2:
        spans = [claim_period(d, p) for d, p in zip(dated["resolved_date"], dated["resolved_precision"], strict=True)]
        return compare_periods(spans, duration_days)
    words = {str(v).strip().lower() for v in said["value"] if str(v).strip()}
    return WORDING if len(words) >= 2 else AGREE


# ---------------------------------------------------------------- numbers and their rounding

def implied_half_step(value: str, unit_factor: float = 1.0) -> float:
    """Half the last significant unit of a number as written: '700' -> 50, '435' -> 0.5, '7.5' -> 0.05.

    A reported 'about 700 km' could be anything from 650 to 750; '435 miles' is 434.5 to 435.5 miles.
    Scaled by unit_factor into the normalised unit. Words ('same number') carry no rounding.
    """
    digits = re.sub(r"[^0-9.]", "", str(value))
    if not digits or digits == ".":
        return 0.0
    if "." in digits:
        step = 10.0 ** -len(digits.split(".", 1)[1])
    else:
        stripped = digits.lstrip("0") or "0"
        trailing = len(stripped) - len(stripped.rstrip("0"))
        # Trailing zeros of a single-digit number ("700") are taken as rounding, not precision.
        step = 10.0 ** trailing if stripped != "0" else 1.0
    return step / 2 * unit_factor


def rounding_band(value: str, unit: str, normalized: float) -> tuple[float, float]:
    """The interval a reported number stands for, in the normalised unit."""
    half = implied_half_step(value, schema.UNIT_CONVERSIONS.get(unit, (None, 1.0))[1])
    return normalized - half, normalized + half


def compare_numbers(values: list[tuple[str, str, float]]) -> str:
    """(value as reported, unit, normalised value) triples: agree, agree within rounding, or conflict."""
    if len({round(float(n), 6) for _, _, n in values}) == 1:
        return AGREE
    bands = [rounding_band(v, u, float(n)) for v, u, n in values]
    # Strict: '3 days' (2.5..3.5) and '2 days' (1.5..2.5) only touch, and they do conflict.
    return WITHIN_ROUNDING if max(lo for lo, _ in bands) < min(hi for _, hi in bands) else CONFLICT


# ---------------------------------------------------------------- dates as periods

def claim_period(date, precision) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and last day a resolved date stands for (empty precision: a day); 'before' has no first day."""
    start = pd.Series([pd.Timestamp(date)])
    precision = pd.Series([str(precision or "day")])
    return periods.first_day(start, precision).iloc[0], periods.last_day(start, precision).iloc[0]


def compare_periods(periods: list[tuple[pd.Timestamp, pd.Timestamp]], duration_days: float = 1.0) -> str:
    """agree (the same period), compatible (all can be true), or conflict.

    Each date names a period in which (some day of) the event fell. An event lasting up to N days fits
    two periods when the gap between them is under N days: a three-day visit can hold 3 and 4 November.
    Pairwise is enough: each period bounds the event's first day to an interval, and intervals that
    meet pairwise all meet (Helly, in one dimension).
    """
    if len(set(periods)) == 1:
        return AGREE
    slack = pd.Timedelta(days=max(float(duration_days), 1.0) - 1)
    for i, (s1, e1) in enumerate(periods):
        for s2, e2 in periods[i + 1:]:
            if s2 > e1 + slack or s1 > e2 + slack:
                return CONFLICT
    return COMPATIBLE


def _longest_durations(claims: pd.DataFrame) -> dict[str, float]:
    """Each event's longest stated duration in days: the most room any report gives it."""
    d = claims[(claims["attribute"] == "duration") & (claims["normalized_unit"] == "day")
               & (claims["stance"] == "stated") & claims["normalized_value"].notna()]
    return d.groupby("event_id")["normalized_value"].max().to_dict()


# ---------------------------------------------------------------- how a value is shown

def value_text(r: dict) -> str:
    """'roughly 435 mi = 700.1 km (000, South Korea's military)', or 'denied: ...' for a denial."""
    value = " ".join(str(r[k]) for k in ("qualifier", "value", "unit") if _present(r.get(k))).strip()
    head = value or str(r.get("claim") or "(no value)")
    if _present(r.get("normalized_value")) and r.get("unit") != r.get("normalized_unit"):
        head += f" = {float(r['normalized_value']):g} {r['normalized_unit']}"
    if _present(r.get("resolved_date")):
        head += f" = {periods.label(r['resolved_date'], r.get('resolved_precision') or 'day')}"
    if r.get("stance") == "denied":
        head = "denied: " + head
    return f"{head} ({aliases.short_doc(r['document'])}, {r['originator']})"


def _present(v) -> bool:
    return v is not None and not (isinstance(v, float) and v != v) and str(v) not in ("", "nan", "NaT")


def not_given_text(row: dict) -> str:
    """'001: no range given' for each report that says the value was not given."""
    what = row["attribute"].replace("_", " ")
    return "; ".join(f"{aliases.short_doc(d)}: no {what} given" for d in str(row["not_given"]).split(";") if d)


def to_json_bytes(rows: pd.DataFrame) -> bytes:
    """The verdict rows as a JSON list of objects, with the verdict vocabulary alongside."""
    payload = {"verdicts": VERDICTS, "rows": rows.to_dict(orient="records")}
    return json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8")


def side_by_side(claims: pd.DataFrame, event_id: str, documents: list[str]) -> pd.DataFrame:
    """Facts down, reports across: what each report says about one event, says was not given, or omits."""
    ev = claims[claims["event_id"] == event_id]
    durations = _longest_durations(ev)
    table = {}
    for attribute, group in ev.groupby("attribute", sort=False):
        row = {aliases.short_doc(doc): _cell(group[group["document"] == doc], attribute) for doc in documents}
        said = group[group["stance"] != "not_given"]
        row["verdict"] = verdict(attribute, said, durations.get(event_id, 1.0))
        table[attribute] = row
    return pd.DataFrame.from_dict(table, orient="index")


def _cell(said: pd.DataFrame, attribute: str) -> str:
    if said.empty:
        return "— says nothing"
    parts = []
    for r in said.to_dict(orient="records"):
        if r["stance"] == "not_given":
            parts.append(f"no {attribute.replace('_', ' ')} given [{r['originator']}]")
        else:
            parts.append(value_text(r).rsplit(" (", 1)[0] + f" [{r['originator']}]")
    return " | ".join(parts)
