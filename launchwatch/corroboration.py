"""Which events rest on several independent origins, and which on one.

An origin is an organisation (resolved through the alias table), not a name, a report or a wire
service: four reports that all cite South Korea's Joint Chiefs of Staff are one origin. Statements a
report makes without attribution are listed, never counted as an origin.
"""

from __future__ import annotations

from collections import namedtuple

import numpy as np
import pandas as pd

from . import aliases, columnar, periods
from .verdicts import Overview

CORROBORATED = "corroborated"
ONE_ORIGIN = "one origin"
UNATTRIBUTED = "unattributed only"
STATUS_ORDER = {CORROBORATED: 0, ONE_ORIGIN: 1, UNATTRIBUTED: 2}
FIELDS = ["event_id", "title", "event_date", "date_precision", "document", "originator", "organisation", "carried_by"]
Claim = namedtuple("Claim", FIELDS)
COLUMNS = ["event_id", "title", "date", "status", "origins", "reports", "sources", "chain"]


def event_origins(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per event: its status, how many origins and reports carry it, and the chains."""
    return overview(claims, None).table


def overview(claims: pd.DataFrame, max_rows: int | None) -> Overview:
    """event_origins' first max_rows rows (best corroborated first), statuses counted over every event.

    Every event's origins are counted at once over whole columns; the texts, the costly part, are
    written for the rows kept only."""
    rows = np.flatnonzero((claims["stance"] != "not_given").to_numpy(dtype=bool))
    events = columnar.event_numbers(claims)
    # Numbered again among the claims that state something, unless that is all of them.
    codes, first = (
        (events, columnar.first_of(events)) if len(rows) == len(events) else columnar.first_rows(events[rows])
    )
    origins = _origin_counts(claims, rows, codes, len(first))
    reports = columnar.distinct_counts(codes, columnar.column_codes(claims, "document")[0][rows], len(first))
    rank = np.where(origins >= 2, 0, np.where(origins == 1, 1, 2))
    names = sorted(STATUS_ORDER, key=STATUS_ORDER.get)
    order = np.lexsort((-reports, -origins, rank))  # stable: ties keep the order events first appear in
    kept = order if max_rows is None else order[:max_rows]
    events = _claims_of(claims.iloc[rows], codes, kept)
    table = [_row(names[rank[i]], group, aliases.chain_links(group)) for i, group in zip(kept, events, strict=True)]
    counts = {names[i]: int(n) for i, n in enumerate(np.bincount(rank, minlength=len(names))) if n}
    return Overview(pd.DataFrame(table, columns=COLUMNS), len(first), counts)


def _origin_counts(claims: pd.DataFrame, rows: np.ndarray, codes: np.ndarray, n: int) -> np.ndarray:
    """How many independent origins each event's claims (at rows) name: aliases.origins of each event's claims."""
    names, name_values = columnar.column_codes(claims, "originator")
    orgs, org_values = columnar.column_codes(claims, "organisation")
    width = max(len(org_values), 1)
    # Each (event, name used) once, then each of the organisations that name stands for.
    keys = pd.unique(codes.astype(np.int64) * (len(name_values) * width) + names[rows] * width + orgs[rows])
    event, pair = np.divmod(keys, len(name_values) * width)
    distinct, pairs = pd.factorize(pair)
    found = [
        [
            o
            for o in aliases.link_organisations(name_values[p // width], org_values[p % width])
            if o != aliases.REPORT_ITSELF
        ]
        for p in pairs
    ]
    org_codes = pd.factorize(pd.Series([o for names in found for o in names], dtype=object))[0]
    starts = np.concatenate([[0], np.cumsum([len(names) for names in found])]).astype(np.int64)
    per_pair = starts[distinct + 1] - starts[distinct]
    named = org_codes[np.repeat(starts[distinct], per_pair) + _ranks(per_pair)]
    return columnar.distinct_counts(np.repeat(event, per_pair), named, n)


def _ranks(counts: np.ndarray) -> np.ndarray:
    """0, 1, ..., k-1 for each count k, one run after another."""
    return np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)


def _claims_of(said: pd.DataFrame, codes: np.ndarray, kept: np.ndarray) -> list[list]:
    """The claims (as plain tuples) of each kept event, in the order kept."""
    position = np.full(int(codes.max()) + 1 if len(codes) else 0, -1)
    position[kept] = np.arange(len(kept))
    rows = np.flatnonzero(position[codes] >= 0)
    groups: list[list] = [[] for _ in kept]
    # Column by column into plain tuples: iterating an Arrow-backed frame row by row is far slower.
    subset = said.iloc[rows]
    claims = map(Claim._make, zip(*(subset[f].tolist() for f in FIELDS), strict=True))
    for i, c in zip(position[codes[rows]], claims, strict=True):
        groups[i].append(c)
    return groups


def _row(status: str, group: list, links: aliases.Chain) -> dict:
    first = group[0]
    return {
        "event_id": first.event_id,
        "title": str(first.title),
        "date": periods.label(first.event_date, first.date_precision),
        "status": status,
        "origins": len(aliases.origins(links)),
        "reports": len({c.document for c in group}),
        "sources": aliases.origin_summary(links),
        "chain": aliases.chain_text(links),
    }
