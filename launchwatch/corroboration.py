"""Which events rest on several independent origins, and which on one.

An origin is an organisation (resolved through the alias table), not a name, a report or a wire
service: four reports that all cite South Korea's Joint Chiefs of Staff are one origin. Statements a
report makes without attribution are listed, never counted as an origin.
"""

from __future__ import annotations

import functools
from collections import namedtuple

import pandas as pd

from . import aliases, periods
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

    Every event's origins are counted; the texts, the costly part, are written for the rows kept only."""
    events: dict[str, list] = {}
    said = claims.loc[claims["stance"] != "not_given", FIELDS]
    # Column by column into plain tuples: iterating an Arrow-backed frame row by row is far slower.
    for c in map(Claim._make, zip(*(said[f].tolist() for f in FIELDS), strict=True)):
        events.setdefault(c.event_id, []).append(c)
    facts = []
    for group in events.values():
        links = aliases.chain_links(group)
        found = {org for org, *_ in links if org != aliases.REPORT_ITSELF}
        status = CORROBORATED if len(found) >= 2 else (ONE_ORIGIN if found else UNATTRIBUTED)
        facts.append((STATUS_ORDER[status], -len(found), -len({c.document for c in group}), status, group, links))
    order = sorted(range(len(facts)), key=lambda i: facts[i][:3])
    kept = order if max_rows is None else order[:max_rows]
    rows = [_row(*facts[i][3:]) for i in kept]
    counts: dict[str, int] = {}
    for f in facts:
        counts[f[3]] = counts.get(f[3], 0) + 1
    return Overview(pd.DataFrame(rows, columns=COLUMNS), len(facts), counts)


def _row(status: str, group: list, links: aliases.Chain) -> dict:
    first = group[0]
    return {
        "event_id": first.event_id,
        "title": str(first.title),
        "date": _label(first.event_date, first.date_precision),
        "status": status,
        "origins": len(aliases.origins(links)),
        "reports": len({c.document for c in group}),
        "sources": aliases.origin_summary(links),
        "chain": aliases.chain_text(links),
    }


@functools.lru_cache(maxsize=4096)
def _label(date: str, precision: str) -> str:
    return periods.label(date, precision)
