"""What the claims say together: reported ranges, agreement between sources, corroboration, reach."""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import columnar, geodesy

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
    half = implied_half_step(row["value"], _unit_factor(row["unit"]))
    return row["normalized_value"] - half, row["normalized_value"] + half


def _unit_factor(unit) -> float:
    from .schema import UNIT_CONVERSIONS

    return UNIT_CONVERSIONS.get(unit, (None, 1.0))[1]


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


@dataclass
class Overview:
    """A table capped for the page: at most max_rows of its rows, and what every row adds up to."""
    table: pd.DataFrame  # the rows kept, in the table's own order
    total: int  # rows before the cap
    counts: dict[str, int]  # rows per verdict (agreement) or per status (corroboration), over every row

    @property
    def capped(self) -> bool:
        return self.total > len(self.table)


# The order the sources page lists verdicts in: what needs an analyst's eye first.
VERDICT_ORDER = {CONFLICT: 0, WITHIN_ROUNDING: 1, WORDING: 2, AGREE: 3, SINGLE: 4}
AGREEMENT_COLUMNS = ["event_id", "title", "attribute", "verdict", "claims", "documents", "values"]


def agreement_table(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per (event, attribute) with several claims: the verdict and who said what.

    Vectorised over every group at once; `compare` states the same rules for one group.
    """
    return _agreement(claims, None).table


def agreement_overview(claims: pd.DataFrame, max_rows: int) -> Overview:
    """agreement_table's rows that the page lists first (conflicts first, as VERDICT_ORDER), at most max_rows.

    Verdicts are counted over every row; the values text, the costly part, is built for the kept rows only.
    """
    return _agreement(claims, max_rows)


def _codes(values) -> np.ndarray:
    return pd.factorize(pd.Series(values))[0].astype(np.int64)


def _distinct(groups: np.ndarray, codes: np.ndarray, n_groups: int) -> np.ndarray:
    """Distinct non-missing codes per group (Series.nunique per group); codes are -1 where missing."""
    keep = codes >= 0
    width = int(codes.max()) + 1 if keep.any() else 1
    keys = pd.unique(groups[keep].astype(np.int64) * width + codes[keep])
    return np.bincount(keys // width, minlength=n_groups)


def _numbers(claims: pd.DataFrame, rows: np.ndarray, g: np.ndarray, n: int):
    """Per group: how many claims give a number, whether they all give the same one, and whether the
    intervals their rounding allows (see implied_half_step) overlap."""
    value = claims["normalized_value"].to_numpy(dtype=float, na_value=np.nan)[rows]
    numeric = ~np.isnan(value)
    g_num = g[numeric]
    n_numeric = np.bincount(g_num, minlength=n)
    same_number = _distinct(g_num, _codes(np.round(value[numeric], 6)), n) == 1
    numeric_rows = claims.iloc[rows[numeric]]
    combo, reps = columnar.combinations(numeric_rows, ["value", "unit"])
    half = np.array([implied_half_step(r["value"], _unit_factor(r["unit"])) for r in reps], dtype=float)[combo]
    low = pd.Series(value[numeric] - half).groupby(g_num).max().reindex(range(n)).to_numpy()
    high = pd.Series(value[numeric] + half).groupby(g_num).min().reindex(range(n)).to_numpy()
    # Strict: '3 days' (2.5..3.5) and '2 days' (1.5..2.5) only touch, and they do conflict.
    return n_numeric, same_number, low < high


def _same_text(column: pd.Series, rows: np.ndarray, g: np.ndarray, n: int, undecided: np.ndarray,
               fold: bool = False):
    """Per group still undecided: how many of its claims give a non-empty text, and whether they all
    give the same one (with fold, ignoring case and outer spaces). Only those groups' claims are read."""
    looked = np.flatnonzero(undecided[g])
    chosen = column.iloc[rows[looked]].astype(str)
    if fold:
        chosen = chosen.str.strip().str.lower()
    given = (chosen != "").to_numpy()
    return (np.bincount(g[looked][given], minlength=n),
            _distinct(g[looked][given], _codes(chosen[given]), n) == 1)


def _agreement(claims: pd.DataFrame, max_rows: int | None) -> Overview:
    if claims.empty:
        return Overview(pd.DataFrame([], columns=AGREEMENT_COLUMNS), 0, {})
    attr_codes = _codes(claims["attribute"])
    group_all, first_all = columnar.first_rows(_codes(claims["event_id"]) * (int(attr_codes.max()) + 1) + attr_codes)
    size_all = np.bincount(group_all)
    several = size_all >= 2
    if not several.any():
        return Overview(pd.DataFrame([], columns=AGREEMENT_COLUMNS), 0, {})
    # Only the claims of groups with several claims, groups renumbered 0..n-1 in their order.
    rows = np.flatnonzero(several[group_all])
    g = (np.cumsum(several) - 1)[group_all[rows]]
    n = int(several.sum())
    size = size_all[several]

    documents = _distinct(g, _codes(claims["document"])[rows], n)
    originators = _distinct(g, _codes(claims["originator"])[rows], n)
    single = (documents < 2) & (originators < 2)

    n_numeric, same_number, overlap = _numbers(claims, rows, g, n)
    # Dates and wording decide only where numbers do not, so only those claims are looked at.
    n_dates, same_date = _same_text(claims["resolved_date"], rows, g, n, ~single & (n_numeric < 2))
    n_words, same_words = _same_text(claims["value"], rows, g, n, ~single & (n_numeric < 2) & (n_dates < 2),
                                     fold=True)

    verdict = np.select(
        [single, n_numeric >= 2, n_dates >= 2, n_words >= 2],
        [SINGLE,
         np.where(same_number, AGREE, np.where(overlap, WITHIN_ROUNDING, CONFLICT)),
         np.where(same_date, AGREE, CONFLICT),
         np.where(same_words, AGREE, WORDING)],
        default=AGREE)
    counts = {str(k): int(v) for k, v in zip(*np.unique(verdict, return_counts=True), strict=True)}

    kept = np.ones(n, dtype=bool)
    if max_rows is not None and n > max_rows:
        rank = pd.Series(verdict).map(VERDICT_ORDER).fillna(len(VERDICT_ORDER)).to_numpy()
        kept[:] = False
        kept[np.argsort(rank, kind="stable")[:max_rows]] = True
    # The kept groups' claims, group by group in their order in the table, joined.
    kept_rows = np.flatnonzero(kept[g])
    order = np.argsort(g[kept_rows], kind="stable")
    texts = _value_texts(claims.iloc[rows[kept_rows]]).iloc[order]
    first = first_all[several][kept]
    table = pd.DataFrame({
        "event_id": columnar.column_at(claims, "event_id", first),
        "title": columnar.column_at(claims, "title", first),
        "attribute": columnar.column_at(claims, "attribute", first),
        "verdict": pd.Series(verdict[kept], dtype="str"),
        "claims": size[kept].astype("int64"),
        "documents": documents[kept].astype("int64"),
        "values": columnar.join_runs(texts, size[kept], "; "),
    }, columns=AGREEMENT_COLUMNS)
    return Overview(table, n, counts)


VALUE_COLUMNS = ["qualifier", "value", "unit", "normalized_value", "normalized_unit", "resolved_date"]


def _value_texts(claims: pd.DataFrame) -> pd.Series:
    """_value_text of every claim, formatted once per distinct value and once per (report, originator)."""
    columns = [c for c in VALUE_COLUMNS if c in claims.columns]
    head = columnar.per_combination(claims, columns, _value_head)
    source = columnar.per_combination(claims, ["document", "originator"],
                                       lambda r: f" ({short_doc(r['document'])}, {r['originator']})")
    return head + source


def _value_head(r) -> str:
    value = " ".join(x for x in [str(r["qualifier"]), str(r["value"]), str(r["unit"])] if x and x != "nan").strip()
    if not value:
        value = "(no value)"
    norm = ""
    if pd.notna(r["normalized_value"]) and r["unit"] != r["normalized_unit"]:
        norm = f" = {r['normalized_value']:g} {r['normalized_unit']}"
    if str(r.get("resolved_date", "")):
        norm += f" = {r['resolved_date']}"
    return f"{value}{norm}"


def _value_text(r) -> str:
    return f"{_value_head(r)} ({short_doc(r['document'])}, {r['originator']})"


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


def _origin(originator, document) -> str:
    """Who an originator is when counting independent ones: an unattributed statement counts once per
    report that makes it."""
    return f"{REPORT_ITSELF} ({short_doc(document)})" if originator == REPORT_ITSELF else originator


CORROBORATION_COLUMNS = ["event_id", "title", "event_date", "status", "reports", "originators", "who", "claims"]


def corroboration(claims: pd.DataFrame) -> pd.DataFrame:
    """Per event: how many reports and independent originators carry it (see _origin)."""
    return _corroboration(claims, None).table


def corroboration_overview(claims: pd.DataFrame, max_rows: int) -> Overview:
    """corroboration's first max_rows rows (the best corroborated); statuses counted over every event."""
    return _corroboration(claims, max_rows)


def _corroboration(claims: pd.DataFrame, max_rows: int | None) -> Overview:
    if claims.empty:
        out = pd.DataFrame([], columns=CORROBORATION_COLUMNS)
        return Overview(out.sort_values(["status", "originators"], ascending=[True, False]).reset_index(drop=True),
                        0, {})
    codes, first = columnar.first_rows(claims["event_id"])
    n = len(first)
    doc_codes = _codes(claims["document"])
    org_codes = _codes(claims["originator"])
    # The origin (_origin) of each distinct (originator, report), ranked as sorted() orders text.
    combo, pair_first = columnar.first_rows(org_codes * (int(doc_codes.max()) + 2) + doc_codes)
    origins = [_origin(o, d)
               for o, d in zip(claims["originator"].iloc[pair_first], claims["document"].iloc[pair_first], strict=True)]
    names = sorted(set(origins))
    position = {name: i for i, name in enumerate(names)}
    rank = np.array([position[o] for o in origins], dtype=np.int64)[combo]
    width = max(len(names), 1)
    pairs = columnar.unique_sorted(codes.astype(np.int64) * width + rank)  # each event's distinct origins, in order
    per_event = np.bincount(pairs // width, minlength=n)
    docs = _distinct(codes, doc_codes, n)
    # Statuses numbered in their alphabetical order, so sorting numbers sorts as the text does.
    status_code = np.where((docs >= 2) & (per_event >= 2), 0, np.where(docs == 1, 2, 1))
    statuses = np.array(["corroborated", "one originator", "one report"], dtype=object)
    counts = {statuses[k]: int(v) for k, v in zip(*np.unique(status_code, return_counts=True), strict=True)}
    # By status, then most originators first; stable, as sort_values(["status", "originators"]) is.
    order = np.lexsort((-per_event, status_code))
    if max_rows is not None:
        order = order[:max_rows]
    rows = first[order]
    # "who" only for the events kept: each one's origins (already sorted), joined.
    kept = np.zeros(n, dtype=bool)
    kept[order] = True
    their = pairs[kept[pairs // width]]
    who = columnar.join_runs(columnar.take_text(names, their % width), per_event[kept], "; ")
    position_of = np.cumsum(kept) - 1  # event number -> its place among the kept, in event order
    out = pd.DataFrame({
        "event_id": columnar.column_at(claims, "event_id", rows),
        "title": columnar.column_at(claims, "title", rows),
        "event_date": columnar.column_at(claims, "event_date", rows),
        "status": columnar.take_text(statuses, status_code[order]),
        "reports": docs[order].astype("int64"),
        "originators": per_event[order].astype("int64"),
        "who": who.iloc[position_of[order]].reset_index(drop=True),
        "claims": np.bincount(codes, minlength=n)[order].astype("int64"),
    }, columns=CORROBORATION_COLUMNS)
    return Overview(out, n, counts)


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
