"""What the workspace remembers of a claim, as an analyst reads it: who added it and when, who retracted
or superseded it and why, and whether its quote still anchors in its report's text.

Without Streamlit: the selected-event panel and the sources page draw these tables. A dataset folder
(read-only) has no record: each function then answers with nothing rather than inventing one.
"""

from __future__ import annotations

import pandas as pd

from . import store

HISTORY_COLUMNS = ["when (UTC)", "who", "what", "why"]

# The history's actions in the analyst's words.
ACTIONS = {
    "seeded": "seeded from a dataset folder",
    "added": "added",
    "retracted": "retracted",
    "superseded": "superseded",
    "orphaned": "orphaned: its quote is not in the report's new text",
    "re-anchored": "re-anchored: its quote was found again in the report's new text",
    "replaced": "replaced by db init --force",
}

ORPHAN_NOTE = (
    "orphaned: the report's text was saved again and this claim's quote is no longer in it; its span is "
    "kept as it was but no longer points at its evidence"
)


def history(ws: store.Store | None, claim_id: str) -> pd.DataFrame:
    """The claim's history, oldest first, one row per change: when, who, what was done, why."""
    if ws is None:
        return pd.DataFrame(columns=HISTORY_COLUMNS)
    h = ws.claim_history(claim_id)
    what = [ACTIONS.get(a, a) for a in h["action"]]
    why = ["" if r is None or pd.isna(r) else str(r) for r in h["reason"]]
    return pd.DataFrame(
        {
            "when (UTC)": h["at"].str.replace("T", " ").str.replace("+00:00", ""),
            "who": h["who"],
            "what": what,
            "why": why,
        },
        columns=HISTORY_COLUMNS,
    )


def orphaned(ws: store.Store | None, claim_ids=None) -> set[str]:
    """Which of the claims (or of all) are orphaned."""
    return set() if ws is None else set(ws.orphaned(None if claim_ids is None else list(claim_ids)))


def added_by(ws: store.Store | None, claim_ids) -> dict[str, str]:
    """Who added each claim (the analyst's name, or who seeded the workspace); nothing for a folder."""
    return {} if ws is None else ws.added_by(list(claim_ids))


def retired(ws: store.Store | None, event_id: str) -> pd.DataFrame:
    """The event's retracted and superseded claims, each with what became of it, in words."""
    columns = ["claim_id", "claim", "status"]
    if ws is None:
        return pd.DataFrame(columns=columns)
    found = ws.retired_about(event_id)
    status = [
        f"{s}: {r}" + (f" (by {b})" if b else "")
        for s, r, b in zip(found["status"], found["reason"].fillna(""), found["superseded_by"].fillna(""), strict=True)
    ]
    return pd.DataFrame({"claim_id": found["claim_id"], "claim": found["claim"], "status": status}, columns=columns)
