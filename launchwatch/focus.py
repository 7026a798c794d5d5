"""The launch in focus: which missile launch the map, key facts, verdicts and briefing are about.

Any `missile_launch` event can be in focus. When none is asked for, the dataset's key event is (if
it is a launch), else the latest launch that has a reported range, else the latest launch. The app
(URL parameter `launch`) and the command line (`--launch ID`) both resolve it here, so they agree.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import linking, memo, periods

LAUNCH = "missile_launch"


@dataclass(frozen=True)
class Focus:
    event_id: str | None
    why: str  # how it was chosen, in words an analyst reads beside it
    notice: str | None = None  # a requested id that could not be used, said plainly


def launches(events: pd.DataFrame, claims: pd.DataFrame, places: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every launch, oldest first: event_id, date, title, site, has_range, and the label a search matches.

    The label holds the date (periods.searchable: in words, and as typed: 2017-07-04, 1984-09), the title
    and the site, so typing any of them in the sidebar finds it.
    """
    ev = events[events["event_type"] == LAUNCH]
    ev = ev.sort_values(["date", "event_id"], kind="stable")
    ranged = claims.loc[(claims["attribute"] == "range") & claims["normalized_value"].notna(), "event_id"]
    site = pd.Series("", index=ev.index, dtype="str")
    if places is not None and len(ev):
        names = dict(zip(places["place_id"], places["name"], strict=True))
        site = ev["place_id"].map(names).astype(object).fillna("").astype("str")
    out = pd.DataFrame(
        {
            "event_id": ev["event_id"].astype("str").to_numpy(),
            "date": ev["date"].to_numpy(),
            "title": ev["title"].astype("str").to_numpy(),
            "site": site.to_numpy(),
            "key_event": ev["key_event"].astype(bool).to_numpy(),
            "has_range": ev["event_id"].isin(set(ranged)).to_numpy(),
        }
    )
    days = [periods.searchable(d, p) for d, p in zip(out["date"], ev["date_precision"], strict=True)]
    out["label"] = [
        f"{d} · {t}" + (f" · {s}" if s and s not in t else "")
        for d, t, s in zip(days, out["title"], out["site"], strict=True)
    ]
    return out


def default_launch(table: pd.DataFrame) -> Focus:
    """The launch in focus when none is asked for (table as `launches` gives it)."""
    if table.empty:
        return Focus(None, "the data holds no missile launch")
    keyed = np.flatnonzero(table["key_event"].to_numpy(dtype=bool))
    if len(keyed):
        return Focus(str(table["event_id"].iloc[keyed[0]]), "the dataset's key event")
    ranged = np.flatnonzero(table["has_range"].to_numpy())
    if len(ranged):
        return Focus(str(table["event_id"].iloc[ranged[-1]]), "the latest launch with a reported range")
    return Focus(str(table["event_id"].iloc[-1]), "the latest launch (none has a reported range)")


def resolve(
    table: pd.DataFrame, requested: str | None, merged_into: Callable[[str], str | None] | None = None
) -> Focus:
    """The launch asked for if it is one (or the launch a confirmed link merged it into: `merged_into`);
    else the default, with a notice saying why the request was not used. The default and the launches known
    are worked out once per table (every rerun of every viewer asks)."""
    kept = memo.for_table(table)
    fallback = kept.get("default-launch", lambda: default_launch(table))
    if not requested:
        return fallback
    known = kept.get("launch-ids", lambda: frozenset(table["event_id"]))
    if requested in known:
        return Focus(requested, "chosen")
    head = merged_into(requested) if merged_into else None
    if head in known:
        return Focus(
            head,
            "chosen",
            notice=f"The launch {requested!r} is linked as the same launch as {head!r}: showing that launch, "
            "which holds the claims of both.",
        )
    return Focus(
        fallback.event_id,
        fallback.why,
        notice=f"The launch {requested!r} is not a missile launch in this dataset; showing {fallback.why} instead.",
    )


def resolve_dataset(dataset, requested: str | None = None) -> Focus:
    """`resolve` over a loaded dataset with its confirmed links applied (the command line's entry point)."""
    table = launches(dataset.events, dataset.claims, dataset.places)
    return resolve(table, requested, functools.partial(linking.merged_into, dataset))
