"""Synthetic Launchwatch datasets of any size, in the dataset schema, written as Parquet.

    python benchmarks/generate.py --claims 100000 [--out DIR] [--seed 7]

The proportions follow the bundled case, scaled up: about five claims per event (one to a dozen),
about half the events located at one of a few hundred places in East Asia, a few dozen reports,
some two hundred originators of every kind, event types weighted as in the reports, dates over
seven years at every precision (weeks start on a Monday, months on the 1st, as the loader demands),
and range claims in km, miles and nautical miles that agree, agree within rounding or conflict.
One key event, the launch of 7 November 2025 from Taegwan county, carries three range claims as in
the real reports, so the map draws its ring at every size.

Everything is drawn with numpy from one seed, so a size always gives the same files. The output
passes `python -m launchwatch validate`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from launchwatch import schema  # noqa: E402
from launchwatch.intake.dates import MONTHS as MONTH_NAMES  # noqa: E402

# Bumped whenever the generator's output changes, so bench.py regenerates stale folders.
GENERATOR_VERSION = 1
KEY_EVENT = "launch-2025-11-07"
KEY_DATE = np.datetime64("2025-11-07")
FIRST_DATE = np.datetime64("2019-01-01")
# The key launch's claims: three ranges (435 miles, 700 km, 700 km) as in the real reports, and more.
KEY_ATTRIBUTES = ["range", "range", "range", "occurred", "origin", "date", "direction", "missile_type"]

# Shares of events by type, close to the bundled reports (statements and diplomacy dominate).
TYPE_WEIGHTS = {
    "statement": 0.27,
    "diplomacy": 0.14,
    "missile_launch": 0.14,
    "artillery_fire": 0.09,
    "visit": 0.09,
    "summit": 0.08,
    "meeting": 0.08,
    "military_parade": 0.04,
    "sanctions": 0.07,
}
PRECISION_WEIGHTS = {"day": 0.55, "week": 0.13, "month": 0.17, "year": 0.05, "before": 0.10}

# What claims assert, by event type: launches and firings get ranges and counts, statements content.
ATTRIBUTE_WEIGHTS = {
    "missile_launch": {
        "occurred": 3,
        "date": 2,
        "time": 1,
        "origin": 1.5,
        "direction": 1.5,
        "range": 1.5,
        "missile_type": 1.5,
        "count": 1,
        "landing_area": 1,
        "ordinal_in_year": 1,
        "warning": 0.5,
        "reaction": 1,
    },
    "artillery_fire": {
        "occurred": 3,
        "date": 2,
        "origin": 1,
        "direction": 1,
        "range": 1,
        "count": 2,
        "landing_area": 1,
        "damage": 1,
        "reaction": 1,
    },
    "_other": {
        "occurred": 3,
        "date": 2,
        "content": 4,
        "participants": 1,
        "place": 1,
        "duration": 0.7,
        "reaction": 1.5,
        "timing": 0.3,
    },
}

ORIGINATORS = [  # (name stem, kind): numbered variants make some two hundred distinct originators
    ("South Korea's Joint Chiefs of Staff", "military"),
    ("Japan's Ministry of Defense", "military"),
    ("U.S. Indo-Pacific Command", "military"),
    ("South Korea's military", "military"),
    ("Japan's government", "government"),
    ("North Korea's government", "government"),
    ("South Korea's presidential office", "government"),
    ("U.S. State Department", "government"),
    ("Kremlin spokesman", "government"),
    ("China's foreign ministry", "government"),
    ("South Korean intelligence", "intelligence"),
    ("U.S. intelligence officials", "intelligence"),
    ("The Associated Press", "wire_service"),
    ("Reuters", "wire_service"),
    ("Yonhap", "wire_service"),
    ("RIA Novosti", "wire_service"),
    ("KCNA", "media"),
    ("NHK", "media"),
    ("a regional newspaper", "media"),
    ("unnamed experts", "expert"),
    ("a missile analyst", "expert"),
    ("a think-tank researcher", "expert"),
]
PLACE_KINDS = [
    ("city", "city", 15.0),
    ("county", "county", 20.0),
    ("military_base", "site", 3.0),
    ("site", "site", 2.0),
    ("sea_area", "sea_area", 150.0),
    ("region", "region", 120.0),
]
REFERENCE_CITIES = [
    ("Seoul", 37.57, 126.98),
    ("Tokyo", 35.68, 139.69),
    ("Pyongyang", 39.03, 125.75),
    ("Busan", 35.18, 129.08),
    ("Beijing", 39.90, 116.40),
    ("Vladivostok", 43.12, 131.89),
]
RANGE_UNITS = [("km", 1.0), ("mi", 1.609344), ("nmi", 1.852)]
MONTHS = np.array(MONTH_NAMES, dtype=object)
TYPE_LABELS = {
    "missile_launch": "Missile launch",
    "artillery_fire": "Artillery fire",
    "military_parade": "Military parade",
    "visit": "Official visit",
    "summit": "Summit",
    "meeting": "Meeting of officials",
    "statement": "Public statement",
    "sanctions": "Sanctions",
    "diplomacy": "Talks",
}
QUALIFIERS = np.array(["", "about", "roughly", "approximately", "at least", "suspected"], dtype=object)


def _choice(rng, weights: dict, n: int) -> np.ndarray:
    keys = np.array(list(weights), dtype=object)
    p = np.array(list(weights.values()), dtype=float)
    return keys[rng.choice(len(keys), size=n, p=p / p.sum())]


def _str(values) -> pa.Array:
    return pa.array(np.asarray(values, dtype=object), type=pa.string())


def _dates(values) -> pa.Array:
    return pa.array(np.asarray(values, dtype="datetime64[D]"), type=pa.date32())


def _places(rng, n: int) -> dict:
    kinds = rng.choice(len(PLACE_KINDS), size=n, p=[0.3, 0.25, 0.15, 0.1, 0.12, 0.08])
    # Spread over the map's extent (the Korean peninsula, Japan, the seas, north-east China).
    lat = np.round(rng.uniform(33.0, 46.0, n), 2)
    lon = np.round(rng.uniform(118.0, 144.0, n), 2)
    ids = [f"place-{i:04d}" for i in range(n)]
    names = [f"Place {i:04d} ({PLACE_KINDS[k][0].replace('_', ' ')})" for i, k in enumerate(kinds)]
    ids[0], names[0], kinds[0], lat[0], lon[0] = "taekwan", "Taegwan county (Taekwan), North Pyongan", 1, 40.21, 125.2
    for j, (name, la, lo) in enumerate(REFERENCE_CITIES, start=1):
        ids[j], names[j], kinds[j], lat[j], lon[j] = name.lower(), name, 0, la, lo
    reference = np.zeros(n, dtype=bool)
    reference[1 : 1 + len(REFERENCE_CITIES)] = True
    return {
        "place_id": _str(ids),
        "name": _str(names),
        "aliases": _str([""] * n),
        "kind": _str([PLACE_KINDS[k][0] for k in kinds]),
        "latitude": pa.array(lat),
        "longitude": pa.array(lon),
        "geo_precision": _str([PLACE_KINDS[k][1] for k in kinds]),
        "uncertainty_km": pa.array([PLACE_KINDS[k][2] for k in kinds]),
        "reference": pa.array(reference),
        "coord_source": _str(["synthetic: drawn uniformly over the map's extent by benchmarks/generate.py"] * n),
    }


def _documents(rng, n: int) -> tuple[dict, np.ndarray, np.ndarray]:
    ids = np.array([f"{i:03d}_{hashlib.sha256(str(i).encode()).hexdigest()[:16]}" for i in range(n)], dtype=object)
    # Long compilations rather than single news items: tens of thousands of claims point into each.
    lengths = rng.integers(200_000, 2_000_000, n)
    ref = KEY_DATE - rng.integers(0, 60, n).astype("timedelta64[D]")
    published = [str(d) if i % 3 else "unknown" for i, d in enumerate(ref)]
    return (
        {
            "document_id": _str(ids),
            "label": _str([f"{d[:3]} · synthetic report {d[:3]}" for d in ids]),
            "file_name": _str([f"{d}.txt" for d in ids]),
            "outlet": _str(["unknown"] * n),
            "dateline": _str(["unknown"] * n),
            "published": _str(published),
            "reference_date": _dates(ref),
            "reference_date_basis": _str(["synthetic: the report's own date"] * n),
            "char_length": pa.array(lengths, type=pa.int64()),
            "sha256": _str([hashlib.sha256(d.encode()).hexdigest() for d in ids]),
            "summary": _str(["A synthetic report for the scale benchmark; no such text exists."] * n),
            "url": _str([""] * n),
            "reliability": _str(["F"] * n),
        },
        ids,
        lengths,
    )


def _snap(dates: np.ndarray, precision: np.ndarray) -> np.ndarray:
    """Move each date to the start of its period, as the loader requires."""
    out = dates.copy()
    week = precision == "week"
    # 1970-01-01 was a Thursday: days since then, plus 3, modulo 7, is 0 on Mondays.
    out[week] = dates[week] - ((dates[week].astype("int64") + 3) % 7).astype("timedelta64[D]")
    month = precision == "month"
    out[month] = dates[month].astype("datetime64[M]").astype("datetime64[D]")
    year = precision == "year"
    out[year] = dates[year].astype("datetime64[Y]").astype("datetime64[D]")
    return out


def generate(n_claims: int, out: Path, seed: int = 7) -> dict:
    """Write documents, events, places and claims (Parquet) for about n_claims claims into out."""
    rng = np.random.default_rng(seed)
    out.mkdir(parents=True, exist_ok=True)
    n_places = int(np.clip(150 + 50 * np.log10(max(n_claims, 10)), 150, 500))  # 350 at 10k, 450 at 1M
    n_docs = int(np.clip(12 * np.log10(max(n_claims, 10)), 12, 96))  # 48 at 10k, 72 at 1M

    places = _places(rng, n_places)
    documents, doc_ids, doc_lengths = _documents(rng, n_docs)

    # Claims per event: 1 + Poisson(4), so five on average; events are added until the total is reached.
    per_event = 1 + rng.poisson(4.0, size=n_claims // 4 + 10)
    per_event = per_event[np.cumsum(per_event) <= n_claims - len(KEY_ATTRIBUTES)]
    per_event = np.concatenate([[len(KEY_ATTRIBUTES)], per_event])  # the key event's claims come first
    if per_event.sum() < n_claims:
        per_event = np.concatenate([per_event, [n_claims - per_event.sum()]])
    n_events = len(per_event)

    types = _choice(rng, TYPE_WEIGHTS, n_events)
    precision = _choice(rng, PRECISION_WEIGHTS, n_events)
    span_days = int((KEY_DATE - FIRST_DATE).astype(int))
    raw_dates = FIRST_DATE + rng.integers(0, span_days + 1, n_events).astype("timedelta64[D]")
    dates = _snap(raw_dates, precision)
    located = rng.random(n_events) < 0.55
    # A few places are busy (a test site, a capital), most are quiet: Zipf-like weights.
    place_weights = 1.0 / np.arange(1, n_places + 1) ** 0.9
    place_idx = rng.choice(n_places, size=n_events, p=place_weights / place_weights.sum())
    place_ids = np.array(places["place_id"].to_pylist(), dtype=object)
    place_names = np.array(places["name"].to_pylist(), dtype=object)
    event_place = np.where(located, place_ids[place_idx], "")

    types[0], precision[0], dates[0], located[0], event_place[0] = "missile_launch", "day", KEY_DATE, True, "taekwan"
    event_ids = np.array([f"ev-{i:07d}" for i in range(n_events)], dtype=object)
    event_ids[0] = KEY_EVENT
    labels = np.array([TYPE_LABELS[t] for t in types], dtype=object)
    where = np.where(located, " at " + place_names[place_idx], "").astype(object)
    titles = labels + where + " (" + dates.astype(str).astype(object) + ")"
    key_event = np.zeros(n_events, dtype=bool)
    key_event[0] = True
    titles[0] = "Ballistic missile launch toward the East Sea"
    descriptions = (
        "Synthetic event for the scale benchmark: "
        + labels
        + np.where(
            located, " reported near a named place, as several sources put it.", " with no place named in the reports."
        ).astype(object)
    )
    events = {
        "event_id": _str(event_ids),
        "event_type": _str(types),
        "title": _str(titles),
        "description": _str(descriptions),
        "date": _dates(dates),
        "date_precision": _str(precision),
        "date_basis": _str(
            np.where(precision == "day", "synthetic: stated as a day", "synthetic: known only to its " + precision)
        ),
        "place_id": _str(event_place),
        "place_basis": _str(np.where(located, "synthetic: named in the reports", "")),
        "key_event": pa.array(key_event),
    }

    # ---------------------------------------------------------------- claims
    ev = np.repeat(np.arange(n_events), per_event)
    n = len(ev)
    ev_type = types[ev]
    attribute = np.empty(n, dtype=object)
    for group, weights in ATTRIBUTE_WEIGHTS.items():
        rows = ev_type == group if group != "_other" else ~np.isin(ev_type, ["missile_launch", "artillery_fire"])
        attribute[rows] = _choice(rng, weights, int(rows.sum()))
    attribute[: len(KEY_ATTRIBUTES)] = KEY_ATTRIBUTES

    # Originators: stems with numbered variants; "the report itself" for about half, as in the reports.
    stem = rng.integers(0, len(ORIGINATORS), n)
    variant = rng.integers(0, 9, n)
    org_names = np.array([o for o, _ in ORIGINATORS], dtype=object)
    org_kinds = np.array([k for _, k in ORIGINATORS], dtype=object)
    originator = np.where(
        variant == 0, org_names[stem], org_names[stem] + " (source " + variant.astype(str).astype(object) + ")"
    )
    kind = org_kinds[stem].copy()
    itself = rng.random(n) < 0.45
    originator = np.where(itself, "the report itself", originator)
    kind = np.where(itself, "report_itself", kind)
    via = np.where(~itself & (kind != "wire_service") & (rng.random(n) < 0.1), "The Associated Press", "")

    doc = rng.integers(0, n_docs, n)
    span_len = rng.integers(40, 320, n)
    span_start = (rng.random(n) * (doc_lengths[doc] - 400)).astype(np.int64)
    span_end = span_start + span_len

    value = np.full(n, "", dtype=object)
    unit = np.full(n, "", dtype=object)
    qualifier = np.full(n, "", dtype=object)
    norm = np.full(n, np.nan)
    norm_unit = np.full(n, "", dtype=object)
    resolved = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")

    # Ranges: each launch has a true range; a claim reports it in km, miles or nautical miles, rounded
    # as reporters do, and one in eight is off by a quarter (a conflict to find).
    rng_rows = np.flatnonzero(attribute == "range")
    true_km = rng.choice([120, 300, 450, 600, 700, 800, 1000, 1500, 4500], size=n_events)
    true_km[0] = 700
    u = rng.choice(len(RANGE_UNITS), size=len(rng_rows), p=[0.6, 0.3, 0.1])
    factor = np.array([f for _, f in RANGE_UNITS])[u]
    km = true_km[ev[rng_rows]] * np.where(rng.random(len(rng_rows)) < 0.125, 1.25, 1.0)
    in_unit = km / factor
    rounded = np.where(rng.random(len(rng_rows)) < 0.5, np.round(in_unit, -1), np.round(in_unit))
    if len(rng_rows) >= 3:  # the key launch: about 435 miles, about 700 km, approximately 700 km
        u[:3], rounded[:3], factor[:3] = [1, 0, 0], [435, 700, 700], [1.609344, 1.0, 1.0]
    rounded = np.maximum(rounded, 1)
    value[rng_rows] = rounded.astype(np.int64).astype(str).astype(object)
    unit[rng_rows] = np.array([name for name, _ in RANGE_UNITS], dtype=object)[u]
    qualifier[rng_rows] = QUALIFIERS[rng.integers(0, len(QUALIFIERS), len(rng_rows))]
    norm[rng_rows] = np.round(rounded * factor, 2)
    norm_unit[rng_rows] = "km"
    if len(rng_rows) >= 3:
        qualifier[rng_rows[:3]] = ["roughly", "about", "approximately"]

    count_rows = np.flatnonzero(attribute == "count")
    counts = rng.integers(1, 12, len(count_rows))
    value[count_rows] = counts.astype(str).astype(object)
    unit[count_rows] = np.where(ev_type[count_rows] == "artillery_fire", "rounds", "missiles")
    norm[count_rows] = counts
    norm_unit[count_rows] = unit[count_rows]

    dur_rows = np.flatnonzero(attribute == "duration")
    days = rng.integers(1, 5, len(dur_rows))
    value[dur_rows], unit[dur_rows] = days.astype(str).astype(object), "day"
    norm[dur_rows], norm_unit[dur_rows] = days, "day"

    # Dates: most claims give the event's own date, one in ten a day off it (a conflict).
    date_rows = np.flatnonzero(attribute == "date")
    shift = np.where(rng.random(len(date_rows)) < 0.1, rng.integers(-3, 4, len(date_rows)), 0)
    resolved[date_rows] = dates[ev[date_rows]] + shift.astype("timedelta64[D]")
    months = resolved[date_rows].astype("datetime64[M]")
    day_of_month = (resolved[date_rows] - months.astype("datetime64[D]")).astype(np.int64) + 1
    value[date_rows] = MONTHS[months.astype(np.int64) % 12] + " " + day_of_month.astype(str).astype(object)

    mt_rows = np.flatnonzero(attribute == "missile_type")
    value[mt_rows] = rng.choice(
        np.array(
            [
                "short-range ballistic missile",
                "cruise missile",
                "hypersonic missile",
                "SRBM",
                "unidentified ballistic missile",
            ],
            dtype=object,
        ),
        len(mt_rows),
    )
    dir_rows = np.flatnonzero(attribute == "direction")
    value[dir_rows] = rng.choice(
        np.array(["toward the East Sea", "east", "into the Yellow Sea", "north-east"], dtype=object), len(dir_rows)
    )

    phrase = np.array([a.replace("_", " ") for a in schema.ATTRIBUTES], dtype=object)
    attr_index = {a: i for i, a in enumerate(schema.ATTRIBUTES)}
    attr_codes = np.fromiter((attr_index[a] for a in attribute), dtype=np.int64, count=n)
    claim_text = (
        originator
        + " gives the "
        + phrase[attr_codes]
        + " of the "
        + np.char.lower(labels[ev].astype(str)).astype(object)
        + np.where(value != "", ": " + value, "").astype(object)
        + "."
    )

    # Reports list their claims in reading order, one report after another, as the bundled files do.
    order = np.lexsort((ev, doc))
    resolved_col = pa.array(resolved[order], type=pa.date32())
    claims = {
        "claim_id": _str([f"C{i:07d}" for i in range(n)]),
        "event_id": _str(event_ids[ev][order]),
        "document_id": _str(doc_ids[doc][order]),
        "originator": _str(originator[order]),
        "originator_kind": _str(kind[order]),
        "via": _str(via[order]),
        "attribute": _str(attribute[order]),
        "stance": _str(np.full(n, "stated", dtype=object)),
        "claim": _str(claim_text[order]),
        "value": _str(value[order]),
        "unit": _str(unit[order]),
        "qualifier": _str(qualifier[order]),
        "normalized_value": pa.array(norm[order], from_pandas=True),
        "normalized_unit": _str(norm_unit[order]),
        "resolved_date": resolved_col,
        "resolved_precision": _str(np.full(n, "", dtype=object)),
        "span_start": pa.array(span_start[order]),
        "span_end": pa.array(span_end[order]),
    }

    for name, columns in (("documents", documents), ("events", events), ("places", places), ("claims", claims)):
        pq.write_table(pa.table(columns), out / f"{name}.parquet", compression="zstd")
    manifest = {
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "claims": int(n),
        "events": int(n_events),
        "places": n_places,
        "documents": n_docs,
        "located_events": int(located.sum()),
        "range_claims": int(len(rng_rows)),
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    return manifest


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--claims", type=int, required=True)
    p.add_argument("--out", type=Path, default=None, help="folder (default benchmarks/output/<claims>)")
    p.add_argument("--seed", type=int, default=7)
    a = p.parse_args(argv)
    out = a.out or ROOT / "benchmarks" / "output" / str(a.claims)
    t = time.perf_counter()
    manifest = generate(a.claims, out, a.seed)
    print(f"{out}: {manifest} in {time.perf_counter() - t:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
