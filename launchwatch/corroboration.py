"""Which events rest on several independent origins, and which on one.

An origin is an organisation (resolved through the alias table), not a name, a report or a wire
service: four reports that all cite South Korea's Joint Chiefs of Staff are one origin. Statements a
report makes without attribution are listed, never counted as an origin.
"""
from __future__ import annotations

import functools

import pandas as pd

from . import aliases, periods

CORROBORATED = "corroborated"
ONE_ORIGIN = "one origin"
UNATTRIBUTED = "unattributed only"
STATUS_ORDER = {CORROBORATED: 0, ONE_ORIGIN: 1, UNATTRIBUTED: 2}
COLUMNS = ["event_id", "title", "date", "status", "origins", "reports", "sources", "chain"]


def event_origins(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per event: its status, how many origins and reports carry it, and the chains."""
    events: dict[str, list] = {}
    for c in claims[claims["stance"] != "not_given"].itertuples(index=False):
        events.setdefault(c.event_id, []).append(c)
    rows = [_row(group) for group in events.values()]
    table = pd.DataFrame(rows, columns=COLUMNS)
    if table.empty:
        return table
    order = table["status"].map(STATUS_ORDER) * 1_000_000 - table["origins"] * 1000 - table["reports"]
    return table.iloc[order.argsort(kind="stable")].reset_index(drop=True)


def _row(group: list) -> dict:
    found = aliases.origins(group)
    first = group[0]
    return {
        "event_id": first.event_id, "title": str(first.title), "date": _label(first.event_date, first.date_precision),
        "status": CORROBORATED if len(found) >= 2 else (ONE_ORIGIN if found else UNATTRIBUTED),
        "origins": len(found), "reports": len({c.document for c in group}),
        "sources": aliases.origin_summary(group), "chain": aliases.chain_text(group),
    }


@functools.lru_cache(maxsize=4096)
def _label(date: str, precision: str) -> str:
    return periods.label(date, precision)
