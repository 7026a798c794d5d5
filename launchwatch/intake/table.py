"""The proposals as the review table the analyst edits, and back: one row per proposal, `accept` first."""

from __future__ import annotations

import math

import pandas as pd

from .proposal import ORDERED, Proposal
from .review import problem

# What the table shows, in order; span offsets and the quote last, read-only on the page.
# The proposal's columns as the command line orders them, up to its span offsets.
EDITABLE = ["accept", *ORDERED[: ORDERED.index("span_start")]]
READ_ONLY = ["span_start", "span_end", "quote", "note"]
COLUMNS = EDITABLE + READ_ONLY


def to_frame(proposals: list[Proposal], text: str) -> pd.DataFrame:
    rows = []
    for p in proposals:
        row = {k: getattr(p, k) for k in ORDERED}
        value = row["normalized_value"]
        row["normalized_value"] = "" if value is None else str(value)
        why = problem(p)
        # A proposal that cannot be stored as it stands starts rejected, saying what it needs.
        row["accept"] = why is None
        row["note"] = "; ".join(x for x in (row["note"], f"to accept it, {why}" if why else "") if x)
        row["quote"] = text[p.span_start : p.span_end]
        rows.append(row)
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.astype({c: "string" for c in COLUMNS if c not in ("accept", "span_start", "span_end")})


def _cell(v) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
        return ""
    return str(v).strip()


def _number(v: str) -> float | str | None:
    if not v:
        return None
    try:
        return float(v)
    except ValueError:
        return v  # a time such as "12:35"


def from_frame(frame: pd.DataFrame, accepted_only: bool = True) -> list[Proposal]:
    """The table's rows as proposals (the accepted ones by default), with the analyst's edits."""
    out = []
    for row in frame.to_dict("records"):
        if accepted_only and not bool(row.get("accept")):
            continue
        fields = {
            k: _cell(row.get(k))
            for k in ORDERED
            if k not in ("span_start", "span_end", "sentence_start", "sentence_end", "normalized_value")
        }
        out.append(
            Proposal(
                **fields,
                span_start=int(row["span_start"]),
                span_end=int(row["span_end"]),
                normalized_value=_number(_cell(row.get("normalized_value"))),
            )
        )
    return out


def spans(frame: pd.DataFrame) -> list[tuple[int, int, int, bool]]:
    """(start, end, row number from 1, accepted) for the highlighted text, in the table's order."""
    return [
        (int(r["span_start"]), int(r["span_end"]), n, bool(r["accept"]))
        for n, r in enumerate(frame.to_dict("records"), start=1)
    ]
