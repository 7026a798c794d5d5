"""An uploaded dataset beside the one already shown: recognise what it shares, and never duplicate by default.

Re-uploading the app's own export carries the very event ids already in view. Those are recognised:
the upload either replaces the events it shares (the default: nothing is shown twice) or is loaded
beside them, its copies renamed so that no id collides. Linking events with different ids that are
the same launch is another matter (the launch-linking work), not done here.
"""

from __future__ import annotations

import pandas as pd

from . import loading, schema

REPLACE = "replace"
BESIDE = "beside"
CLASH_CHOICES = {
    REPLACE: "replace the events already shown (no duplicates)",
    BESIDE: "load beside them, renamed 'upload:…'",
}


def shared_events(base: loading.Dataset, extra: loading.Dataset) -> list[str]:
    """Event ids the upload carries that the shown dataset has too, in the upload's order."""
    present = set(base.events["event_id"])
    return [e for e in extra.events["event_id"] if e in present]


def replace_shared(base: loading.Dataset, extra: loading.Dataset) -> tuple[loading.Dataset, list[str]]:
    """Both datasets as one, the upload's copy of every row taking the place of the shown row with its id.

    A replaced event takes its claims with it: the shown dataset's claims about it give way to the
    upload's, so the event is neither doubled nor a mix of both versions.
    """
    shared = set(shared_events(base, extra))
    kept = {}
    for table in schema.TABLES:
        mine = base.table(table.name)
        theirs = set(extra.table(table.name)[table.key])
        keep = ~mine[table.key].isin(theirs)
        if table.name == "claims":
            keep &= ~mine["event_id"].isin(shared)
        kept[table.name] = mine[keep]
    merged = {t.name: pd.concat([kept[t.name], extra.table(t.name)], ignore_index=True) for t in schema.TABLES}
    # The shown dataset's key event stays the case examined, also when the upload replaces it.
    key = set(base.events.loc[base.events["key_event"].astype(bool), "event_id"])
    merged["events"]["key_event"] = merged["events"]["event_id"].isin(key)
    notes = (
        [
            f"{len(shared)} event(s) of the upload were already shown: the upload's version replaced them"
            " (nothing is shown twice)."
        ]
        if shared
        else []
    )
    return loading.joined(merged, base, extra), notes


def combine(base: loading.Dataset, extra: loading.Dataset, clash: str = REPLACE) -> tuple[loading.Dataset, list[str]]:
    """The upload beside the shown dataset, shared events handled as `clash` says."""
    if clash == BESIDE or not shared_events(base, extra):
        return loading.combine(base, extra)
    return replace_shared(base, extra)
