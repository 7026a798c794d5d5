"""What the sources say together about each fact, without saying more than they do.

One row per (event, fact): the claims about the same fact compared, each value with its report, the
reports that say the value was not given beside the verdict (never counted for or against it), and
who stands behind the claims (origins, wire services, reports). The sources page, the key facts and
`python -m launchwatch verdicts` all build their rows with `verdict_rows`. Rules: docs/verdicts.md.
"""

from __future__ import annotations

import json
import re
import threading
from collections import OrderedDict, namedtuple
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import aliases, columnar, periods, schema
from .exports import SAYS_COLUMNS

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

# The verdicts in that order: fact_verdicts numbers a verdict by its position here.
RANKED = sorted(ORDER, key=ORDER.get)

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
    *SAYS_COLUMNS,
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

    Every fact gets its verdict, all at once over whole columns; the texts, the costly part, are written
    for the rows kept only."""
    codes, first, events = fact_numbers(claims)
    found = fact_verdicts(claims, codes, first, fact_days(claims, events, first))
    order = np.argsort(found, kind="stable")  # verdicts are numbered in ORDER: conflicts first
    kept = order if max_rows is None else order[:max_rows]
    wanted = np.zeros(len(first), dtype=bool)
    wanted[kept] = True
    groups = fact_groups(claims.iloc[np.flatnonzero(wanted[codes])])
    keys = zip(*(_column(claims, f).iloc[first[kept]].tolist() for f in ("event_id", "attribute")), strict=True)
    rows = [_row(groups[key], RANKED[found[i]]) for key, i in zip(keys, kept, strict=True)]
    tally = np.bincount(found, minlength=len(RANKED))
    counts = {RANKED[i]: int(n) for i, n in enumerate(tally) if n}
    return Overview(pd.DataFrame(rows, columns=COLUMNS), len(first), counts)


def fact_groups(claims: pd.DataFrame) -> dict[tuple[str, str], list[Claim]]:
    """The claims as plain tuples, grouped by (event, attribute) in order of first appearance."""
    columns = [_column(claims, f).tolist() for f in FIELDS]
    groups: dict[tuple[str, str], list[Claim]] = {}
    for values in zip(*columns, strict=True):
        c = Claim(*values)
        groups.setdefault((c.event_id, c.attribute), []).append(c)
    return groups


def fact_numbers(claims: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each claim's fact number (0, 1, ... by (event, attribute), in order of first appearance), each
    fact's first claim (its row position), and each claim's event number."""
    events = columnar.event_numbers(claims) if "event_id" in claims else columnar.codes(_column(claims, "event_id"))
    attributes = _numbers(claims, "attribute")
    width = int(attributes.max()) + 1 if len(attributes) else 1
    codes, first = columnar.first_rows(events.astype(np.int64) * width + attributes)
    return codes, first, events


def _numbers(claims: pd.DataFrame, field: str) -> np.ndarray:
    """columnar.column_codes of a claim field; a field the frame lacks reads as empty text (one number)."""
    return columnar.column_codes(claims, field)[0] if field in claims else np.zeros(len(claims), dtype=np.int64)


def _column(claims: pd.DataFrame, field: str) -> pd.Series:
    """A claim field; a field the frame lacks reads as empty text."""
    return claims[field] if field in claims else pd.Series([""] * len(claims), index=claims.index, dtype=object)


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


def verdict(attribute: str, said: list[Claim], duration_days: float = 1.0) -> str:
    """How the stated (and denied) claims about one fact of one event relate; see VERDICTS."""
    return verdicts_of([(attribute, said)], duration_days)[0]


def claim_of(record: dict) -> Claim:
    """A claim as the rules read it, from a dict of its fields (a field it lacks reads as empty text)."""
    return Claim(*(record.get(f, "") for f in FIELDS))


# Kept: the key facts card and the claims tables ask again for the same claims on every filter change.
_JUDGED: OrderedDict[tuple, str] = OrderedDict()
_JUDGED_SIZE = 4096
_JUDGED_LOCK = threading.Lock()


def verdicts_of(facts: list[tuple[str, list[Claim]]], duration_days: float = 1.0) -> list[str]:
    """verdict() of several facts, each (attribute, its stated and denied claims), all of one event: those
    not judged before are judged together, in one pass over all their claims, as verdict_overview judges."""
    keys = [(attribute, tuple(_as_judged(c) for c in said), float(duration_days)) for attribute, said in facts]
    with _JUDGED_LOCK:
        known = {k: _JUDGED[k] for k in keys if k in _JUDGED}
        for k in known:
            _JUDGED.move_to_end(k)
    new = _judge([k for k in dict.fromkeys(keys) if k not in known])
    with _JUDGED_LOCK:
        for k, found in new.items():
            _JUDGED[k] = found
        while len(_JUDGED) > _JUDGED_SIZE:
            _JUDGED.popitem(last=False)
    known.update(new)
    return [known[k] for k in keys]


def _as_judged(c: Claim) -> Claim:
    """The claim as a key: a missing value (_present) is None, since two NaN floats are never equal and an
    empty text and NaN say the same; given values are kept as they are."""
    return Claim(*(v if _present(v) else None for v in c))


def _judge(keys: list[tuple[str, tuple[Claim, ...], float]]) -> dict[tuple, str]:
    """The verdict of each (attribute, claims, duration in days), numbering the facts for fact_verdicts."""
    found = {k: NOT_GIVEN for k in keys if not k[1]}
    keys = [k for k in keys if k[1]]
    if not keys:
        return found
    sizes = [len(said) for _, said, _ in keys]
    attributes = np.repeat(np.array([attribute for attribute, _, _ in keys], dtype=object), sizes)
    # Values kept as given (object columns): an inferred type would depend on the other facts judged
    # alongside (numbers beside a None turn float, so 700 is read as written "700.0"; None beside texts NaN).
    claims = pd.DataFrame([c for _, said, _ in keys for c in said], columns=list(FIELDS), dtype=object)
    codes = np.repeat(np.arange(len(keys)), sizes)
    first = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    days = np.array([d for _, _, d in keys], dtype=float)
    ranked = fact_verdicts(claims.assign(attribute=attributes), codes, first, days)
    return found | {k: RANKED[r] for k, r in zip(keys, ranked, strict=True)}


def fact_verdicts(claims: pd.DataFrame, codes: np.ndarray, first: np.ndarray, days: np.ndarray) -> np.ndarray:
    """The verdict of every fact at once (claims numbered by fact_numbers), as its position in RANKED.

    days: the longest each fact's event may have lasted (fact_days).
    The rules apply in this order (docs/verdicts.md): nothing stated, statements, one report, denials,
    numbers, periods, words."""
    n = len(first)
    stance = _column(claims, "stance")
    said = (stance != "not_given").to_numpy(dtype=bool)
    stated, denied = (np.bincount(codes[_is(stance, s)], minlength=n) > 0 for s in ("stated", "denied"))
    numbers, n_numbers = _number_verdicts(claims, codes, n, said)
    dates, n_dates = _period_verdicts(claims, codes, n, said, days)
    words = _word_keys(claims)
    found = np.select(
        [
            np.bincount(codes[said], minlength=n) == 0,
            _column(claims, "attribute").isin(STATEMENT_ATTRIBUTES).to_numpy(dtype=bool)[first],
            ~_varies(codes[said], _numbers(claims, "document")[said], n),
            denied & stated,
            denied,
            n_numbers >= 2,
            n_dates >= 2,
            _varies(codes[said & (words >= 0)], words[said & (words >= 0)], n),
        ],
        [
            ORDER[NOT_GIVEN],
            ORDER[STATEMENTS],
            ORDER[SINGLE],
            ORDER[CONFLICT],
            ORDER[AGREE],
            numbers,
            dates,
            ORDER[WORDING],
        ],
        ORDER[AGREE],
    )
    return found.astype(np.int64)


def _varies(codes: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """Whether each fact's rows hold two different values (numbered: columnar.codes): its least and
    greatest differ."""
    least, greatest = np.full(n, np.iinfo(np.int64).max), np.full(n, -1)
    np.minimum.at(least, codes, values)
    np.maximum.at(greatest, codes, values)
    return (greatest > least) & (greatest >= 0)


def _present_mask(values: pd.Series) -> np.ndarray:
    """_present of every value, worked out once per distinct value (for numbers: not missing)."""
    if pd.api.types.is_float_dtype(values):
        return values.notna().to_numpy(dtype=bool)
    value_codes, uniques = pd.factorize(values, use_na_sentinel=False)
    return np.array([_present(u) for u in uniques] or [False], dtype=bool)[value_codes]


def _word_keys(claims: pd.DataFrame) -> np.ndarray:
    """Each value's number as compared in words (stripped, lower case); -1 where a claim gives no value."""
    value_codes, uniques = pd.factorize(_column(claims, "value"), use_na_sentinel=False)
    keys = [str(u).strip().lower() if _present(u) and str(u).strip() else None for u in uniques]
    return np.append(pd.factorize(pd.Series(keys, dtype=object))[0], -1)[value_codes]


def _is(column: pd.Series, value: str) -> np.ndarray:
    return (column == value).to_numpy(dtype=bool)


def fact_days(claims: pd.DataFrame, events: np.ndarray, first: np.ndarray) -> np.ndarray:
    """The longest each fact's event may have lasted: its longest stated duration in days (at least 1),
    the most room any report gives it (events: each claim's event number)."""
    rows = (
        _is(_column(claims, "attribute"), "duration")
        & _is(_column(claims, "stance"), "stated")
        & _is(_column(claims, "normalized_unit"), "day")
        & _present_mask(_column(claims, "normalized_value"))
    )
    longest = np.ones(int(events.max()) + 1 if len(events) else 0)
    np.maximum.at(longest, events[rows], pd.to_numeric(_column(claims, "normalized_value")[rows]).to_numpy(float))
    return longest[events[first]]


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
    value, unit, normalized = zip(*values, strict=True) if values else ((), (), ())
    codes = np.zeros(len(values), dtype=np.int64)
    return RANKED[_compare_number_groups(codes, 1, pd.Series(value), pd.Series(unit), np.asarray(normalized))[0]]


def _compare_number_groups(codes, n: int, value: pd.Series, unit: pd.Series, normalized) -> np.ndarray:
    """compare_numbers for every fact at once (its numbers numbered by codes), as positions in RANKED."""
    normalized = np.asarray(normalized, dtype=float)
    value_codes, uniques = pd.factorize(normalized)
    rounded = columnar.codes(pd.Series([round(float(u), 6) for u in uniques], dtype=float))[value_codes]
    same = ~_varies(codes, rounded, n)
    pairs, rows = columnar.combinations(pd.DataFrame({"v": value, "u": unit}).reset_index(drop=True), ["v", "u"])
    half = np.array([rounding_band(r["v"], r["u"], 0.0)[1] for r in rows] or [0.0])[pairs]
    # The bands all overlap when the highest lower end lies below the lowest upper end. Strict: '3 days'
    # (2.5..3.5) and '2 days' (1.5..2.5) only touch, and they do conflict.
    lowest, highest = np.full(n, -np.inf), np.full(n, np.inf)
    np.maximum.at(lowest, codes, normalized - half)
    np.minimum.at(highest, codes, normalized + half)
    overlap = np.where(lowest < highest, ORDER[WITHIN_ROUNDING], ORDER[CONFLICT])
    return np.where(same, ORDER[AGREE], overlap)


def _number_verdicts(claims: pd.DataFrame, codes, n: int, said) -> tuple[np.ndarray, np.ndarray]:
    """Each fact's verdict between the numbers its stated claims give, and how many numbers it has."""
    rows = said & _present_mask(_column(claims, "normalized_value"))
    count = np.bincount(codes[rows], minlength=n)
    if not (count >= 2).any():
        return _uncompared(n), count
    numbers = pd.to_numeric(_column(claims, "normalized_value")[rows], errors="raise").to_numpy(dtype=float)
    value, unit = _column(claims, "value")[rows], _column(claims, "unit")[rows]
    return _compare_number_groups(codes[rows], n, value, unit, numbers), count


def _uncompared(n: int) -> np.ndarray:
    """The verdicts of facts with fewer than two numbers (or dates): never read, since fact_verdicts takes
    a fact's number (date) verdict only when it has two or more. Most events' facts have none: the key
    facts card of such an event is spared the comparison's pandas steps."""
    return np.full(n, ORDER[AGREE], dtype=np.int64)


# ---------------------------------------------------------------- dates as periods


def claim_period(date, precision) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and last day a resolved date stands for (empty precision: a day); 'before' has no first day."""
    first, last = _spans([date], [precision])
    return first.iloc[0], last.iloc[0]


def _spans(dates, precisions) -> tuple[pd.Series, pd.Series]:
    """claim_period of many dates and precisions, worked out together through periods."""
    start = pd.Series(pd.to_datetime(list(dates)))
    precision = pd.Series([_precision(p) for p in precisions])
    return periods.first_day(start, precision), periods.last_day(start, precision)


def compare_periods(periods: list[tuple[pd.Timestamp, pd.Timestamp]], duration_days: float = 1.0) -> str:
    """agree (the same period), compatible (all can be true), or conflict.

    Each date names a period in which (some day of) the event fell. An event lasting up to N days fits
    two periods when the gap between them is under N days: a three-day visit can hold 3 and 4 November.
    """
    first = _nanoseconds(pd.Series([s for s, _ in periods], dtype="datetime64[ns]"))
    last = _nanoseconds(pd.Series([e for _, e in periods], dtype="datetime64[ns]"))
    codes = np.zeros(len(periods), dtype=np.int64)
    return RANKED[_compare_period_groups(codes, 1, first, last, np.array([float(duration_days)]))[0]]


def _compare_period_groups(codes, n: int, first: np.ndarray, last: np.ndarray, days: np.ndarray) -> np.ndarray:
    """compare_periods for every fact at once (its periods numbered by codes), as positions in RANKED.

    Pairwise is enough: each period bounds the event's first day to an interval, and intervals that meet
    pairwise all meet (Helly, in one dimension). Two periods cannot both hold when one starts more than
    the slack after the other ends; among all pairs, the latest start against the earliest end decides."""
    slack = _nanoseconds(pd.Series(pd.to_timedelta(np.maximum(days, 1.0) - 1, unit="D")))
    span_codes = columnar.codes(columnar.codes(first).astype(np.int64) * (len(first) + 1) + columnar.codes(last))
    same = ~_varies(codes, span_codes, n)
    latest, earliest = np.full(n, np.iinfo(np.int64).min), np.zeros(n, dtype=np.int64)
    np.maximum.at(latest, codes, first)
    earliest[:] = np.iinfo(np.int64).max
    np.minimum.at(earliest, codes, last)
    dated = np.bincount(codes, minlength=n) > 0
    apart = latest > np.where(dated, earliest, 0) + slack
    return np.where(same, ORDER[AGREE], np.where(apart, ORDER[CONFLICT], ORDER[COMPATIBLE]))


def _period_verdicts(claims: pd.DataFrame, codes, n: int, said, days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each fact's verdict between the periods its stated claims' dates stand for, and how many dates it has."""
    rows = said & _present_mask(_column(claims, "resolved_date"))
    count = np.bincount(codes[rows], minlength=n)
    if not (count >= 2).any():
        return _uncompared(n), count
    dates, precisions = _column(claims, "resolved_date")[rows], _column(claims, "resolved_precision")[rows]
    pairs = pd.DataFrame({"d": dates, "p": precisions}).reset_index(drop=True)
    pair_codes, distinct = columnar.combinations(pairs, ["d", "p"])
    first, last = _spans([r["d"] for r in distinct], [r["p"] for r in distinct])
    found = _compare_period_groups(
        codes[rows], n, _nanoseconds(first)[pair_codes], _nanoseconds(last)[pair_codes], days
    )
    return found, count


def _nanoseconds(times: pd.Series) -> np.ndarray:
    unit = "timedelta64[ns]" if pd.api.types.is_timedelta64_dtype(times) else "datetime64[ns]"
    return times.to_numpy(dtype=unit).astype(np.int64) if len(times) else np.zeros(0, dtype=np.int64)


# ---------------------------------------------------------------- how a value is shown


def value_text(r: dict) -> str:
    """'roughly 435 mi = 700.1 km (000, South Korea's military)', or 'denied: ...' for a denial."""
    value = " ".join(str(r[k]) for k in ("qualifier", "value", "unit") if _present(r.get(k))).strip()
    head = value or str(r.get("claim") or "(no value)")
    if _present(r.get("normalized_value")) and r.get("unit") != r.get("normalized_unit"):
        head += f" = {float(r['normalized_value']):g} {r['normalized_unit']}"
    if _present(r.get("resolved_date")):
        head += f" = {periods.label(r['resolved_date'], _precision(r.get('resolved_precision')))}"
    if r.get("stance") == "denied":
        head = "denied: " + head
    return f"{head} ({aliases.short_doc(r['document'])}, {r['originator']})"


def _present(v) -> bool:
    """Whether a claim field holds a value: the one rule for missing (None, NaN, NaT, empty text) that every
    reading of claims shares, whichever way the claims came (a flat claims table, one fact, facts together)."""
    return v is not None and not (isinstance(v, float) and v != v) and str(v) not in ("", "nan", "NaT")


def _precision(p) -> str:
    """A resolved date's precision; a missing one (_present) is a day."""
    return str(p) if _present(p) else "day"


def not_given_text(row: dict) -> str:
    """'001: no range given' for each report that says the value was not given."""
    what = row["attribute"].replace("_", " ")
    return "; ".join(f"{aliases.short_doc(d)}: no {what} given" for d in str(row["not_given"]).split(";") if d)


def to_json_bytes(rows: pd.DataFrame) -> bytes:
    """The verdict rows as a JSON list of objects, with the verdict vocabulary alongside."""
    payload = {"verdicts": VERDICTS, "rows": rows.to_dict(orient="records")}
    return json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8")
