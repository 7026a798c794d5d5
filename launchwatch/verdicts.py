"""What the sources say together about each fact, without saying more than they do.

One row per (event, fact): the claims about the same fact compared, each value with its report, the
reports that say the value was not given beside the verdict (never counted for or against it), and
who stands behind the claims (origins, wire services, reports). The sources page, the key facts and
`python -m launchwatch verdicts` all build their rows with `verdict_rows`. Rules: docs/verdicts.md.
"""

from __future__ import annotations

import json
import re
from collections import namedtuple
from dataclasses import dataclass

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
ORDER = {
    v: i for i, v in enumerate([CONFLICT, WITHIN_ROUNDING, COMPATIBLE, WORDING, AGREE, SINGLE, NOT_GIVEN, STATEMENTS])
}

# Attributes that record what someone said rather than a value of the event: never compared.
STATEMENT_ATTRIBUTES = frozenset({"content", "reaction"})

COLUMNS = ["event_id", "title", "attribute", "verdict", "documents", "values", "not_given", "origins", "chain"]

# The claim fields the rules read, in this order (a plain tuple per claim: a million claims are read once).
FIELDS = (
    "event_id",
    "title",
    "attribute",
    "stance",
    "document",
    "originator",
    "organisation",
    "carried_by",
    "claim",
    "value",
    "unit",
    "qualifier",
    "normalized_value",
    "normalized_unit",
    "resolved_date",
    "resolved_precision",
)
Claim = namedtuple("Claim", FIELDS)


@dataclass
class Overview:
    """The rows a page lists (at most max_rows, conflicts first) and what every row adds up to."""

    table: pd.DataFrame
    total: int
    counts: dict[str, int]


def verdict_rows(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per (event, fact) among the claims in view (a slice of exports.flat_claims), conflicts first."""
    return verdict_overview(claims, None).table


def verdict_overview(claims: pd.DataFrame, max_rows: int | None) -> Overview:
    """verdict_rows' first max_rows rows, with the verdicts counted over every row.

    Every group gets its verdict; the texts, the costly part, are written for the rows kept only."""
    groups = fact_groups(claims)
    durations = _longest_durations(groups)
    keys = list(groups)
    spans = claim_periods(
        (c.resolved_date, c.resolved_precision) for group in groups.values() for c in group if _present(c.resolved_date)
    )
    found = [verdict(attr, _said(groups[(ev, attr)]), durations.get(ev, 1.0), spans) for ev, attr in keys]
    order = sorted(range(len(keys)), key=lambda i: ORDER[found[i]])
    kept = order if max_rows is None else order[:max_rows]
    rows = [_row(groups[keys[i]], found[i]) for i in kept]
    counts: dict[str, int] = {}
    for v in found:
        counts[v] = counts.get(v, 0) + 1
    return Overview(pd.DataFrame(rows, columns=COLUMNS), len(keys), counts)


def fact_groups(claims: pd.DataFrame) -> dict[tuple[str, str], list[Claim]]:
    """The claims as plain tuples, grouped by (event, attribute) in order of first appearance."""
    columns = [claims[f].tolist() if f in claims else [""] * len(claims) for f in FIELDS]
    groups: dict[tuple[str, str], list[Claim]] = {}
    for values in zip(*columns, strict=True):
        c = Claim(*values)
        groups.setdefault((c.event_id, c.attribute), []).append(c)
    return groups


def _said(group: list[Claim]) -> list[Claim]:
    return [c for c in group if c.stance != "not_given"]


def _row(group: list[Claim], found: str) -> dict:
    said = _said(group)
    first = group[0]
    return {
        "event_id": first.event_id,
        "title": str(first.title),
        "attribute": first.attribute,
        "verdict": found,
        "documents": ";".join(dict.fromkeys(str(c.document) for c in said)),
        "values": "; ".join(dict.fromkeys(value_text(c._asdict()) for c in said)),
        "not_given": ";".join(dict.fromkeys(str(c.document) for c in group if c.stance == "not_given")),
        "origins": aliases.origin_summary(said) if said else "",
        "chain": aliases.chain_text(said) if said else "",
    }


def verdict(attribute: str, said: list[Claim], duration_days: float = 1.0, spans: dict | None = None) -> str:
    """How the stated (and denied) claims about one fact of one event relate; see VERDICTS.

    spans: claim_periods of the claims' dates, when worked out already for many groups at once."""
    if not said:
        return NOT_GIVEN
    if attribute in STATEMENT_ATTRIBUTES:
        return STATEMENTS
    if len({c.document for c in said}) < 2:
        return SINGLE
    stances = {c.stance for c in said}
    if "denied" in stances:
        return CONFLICT if "stated" in stances else AGREE
    numeric = [(c.value, c.unit, c.normalized_value) for c in said if _present(c.normalized_value)]
    if len(numeric) >= 2:
        return compare_numbers(numeric)
    dated = [(c.resolved_date, c.resolved_precision) for c in said if _present(c.resolved_date)]
    if len(dated) >= 2:
        spans = spans if spans is not None else claim_periods(dated)
        return compare_periods([spans[d] for d in dated], duration_days)
    words = {str(c.value).strip().lower() for c in said if _present(c.value) and str(c.value).strip()}
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
        step = 10.0**trailing if stripped != "0" else 1.0
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
    return claim_periods([(date, precision)])[(date, precision)]


def claim_periods(pairs) -> dict[tuple, tuple[pd.Timestamp, pd.Timestamp]]:
    """claim_period of many (date, precision) pairs, worked out together through periods."""
    distinct = list(dict.fromkeys(pairs))
    if not distinct:
        return {}
    start = pd.Series(pd.to_datetime([d for d, _ in distinct]))
    precision = pd.Series([str(p or "day") for _, p in distinct])
    first, last = periods.first_day(start, precision), periods.last_day(start, precision)
    return dict(zip(distinct, zip(first, last, strict=True), strict=True))


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
        for s2, e2 in periods[i + 1 :]:
            if s2 > e1 + slack or s1 > e2 + slack:
                return CONFLICT
    return COMPATIBLE


def _longest_durations(groups: dict[tuple[str, str], list[Claim]]) -> dict[str, float]:
    """Each event's longest stated duration in days: the most room any report gives it."""
    longest: dict[str, float] = {}
    for (event_id, attribute), group in groups.items():
        if attribute != "duration":
            continue
        for c in group:
            if c.stance == "stated" and c.normalized_unit == "day" and _present(c.normalized_value):
                longest[event_id] = max(longest.get(event_id, 1.0), float(c.normalized_value))
    return longest


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
    groups = fact_groups(claims[claims["event_id"] == event_id])
    durations = _longest_durations(groups)
    table = {}
    for (_, attribute), group in groups.items():
        row = {aliases.short_doc(doc): _cell([c for c in group if c.document == doc], attribute) for doc in documents}
        row["verdict"] = verdict(attribute, _said(group), durations.get(event_id, 1.0))
        table[attribute] = row
    return pd.DataFrame.from_dict(table, orient="index")


def _cell(said: list[Claim], attribute: str) -> str:
    if not said:
        return "— says nothing"
    parts = []
    for c in said:
        if c.stance == "not_given":
            parts.append(f"no {attribute.replace('_', ' ')} given [{c.originator}]")
        else:
            parts.append(value_text(c._asdict()).rsplit(" (", 1)[0] + f" [{c.originator}]")
    return " | ".join(parts)
