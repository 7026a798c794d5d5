"""Which events rest on several independent origins, and which on one.

An origin is an organisation (resolved through the alias table), not a name, a report or a wire
service: four reports that all cite South Korea's Joint Chiefs of Staff are one origin. Statements a
report makes without attribution are listed, never counted as an origin.
"""
from __future__ import annotations

import pandas as pd

from . import aliases, periods

CORROBORATED = "corroborated"
ONE_ORIGIN = "one origin"
UNATTRIBUTED = "unattributed only"
STATUS_ORDER = {CORROBORATED: 0, ONE_ORIGIN: 1, UNATTRIBUTED: 2}
COLUMNS = ["event_id", "title", "date", "status", "origins", "reports", "sources", "chain"]


def event_origins(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per event: its status, how many origins and reports carry it, and the chains."""
    said = claims[claims["stance"] != "not_given"] if "stance" in claims else claims
    rows = []
    for event_id, group in said.groupby("event_id", sort=False):
        found = aliases.origins(group)
        status = CORROBORATED if len(found) >= 2 else (ONE_ORIGIN if found else UNATTRIBUTED)
        first = group.iloc[0]
        rows.append({
            "event_id": event_id, "title": str(first["title"]),
            "date": periods.label(first["event_date"], first["date_precision"]),
            "status": status, "origins": len(found), "reports": group["document"].nunique(),
            "sources": aliases.origin_summary(group), "chain": aliases.chain_text(group),
        })
    table = pd.DataFrame(rows, columns=COLUMNS)
    if table.empty:
        return table
    order = table["status"].map(STATUS_ORDER) * 1_000_000 - table["origins"] * 1000 - table["reports"]
    return table.iloc[order.argsort(kind="stable")].reset_index(drop=True)
