"""What the sidebar offers for a dataset: its reports, originators, kinds, types, events and dates.

Computed once per dataset (at a million claims this takes seconds) and kept with it in the cache;
no Streamlit here, so it can be tested and timed alone.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from . import analysis, focus, keyfacts, loading, periods, schema


@dataclass
class Options:
    """What the sidebar offers, computed once per dataset (at a million claims this takes seconds)."""

    documents: list[str]
    document_labels: dict[str, str]
    originators: list[str]
    kinds: list[str]
    types: list[str]
    events: pd.DataFrame  # event_id, title, event_date: by date, newest last
    titles: dict[str, str]
    dates: dict[str, str]
    descriptions: dict[str, str]
    first_date: dt.date
    last_date: dt.date
    key_event: str | None
    launches: pd.DataFrame  # every missile launch, oldest first (focus.launches)
    missile_classes: list[str]  # the terms claimed in the data, in the schema's order
    outcomes: list[str]
    document_names: dict[str, str] = field(default_factory=dict)  # label (outlet): what a person reads
    event_names: dict[str, str] = field(default_factory=dict)  # date at its precision · title


def options_for(dataset: loading.Dataset, flat: pd.DataFrame) -> Options:
    """The options, from the dataset and its flat claims (exports.flat_claims)."""
    return Options(
        **_document_parts(dataset.documents),
        **_event_parts(dataset, flat),
        **_claim_parts(dataset, flat),
        launches=focus.launches(dataset.events, dataset.claims, dataset.places),
    )


def options_after(old: Options, dataset: loading.Dataset, flat: pd.DataFrame, changed: dict) -> Options:
    """options_for(dataset, flat) after a change, from the options before it: only the parts the change
    can alter are computed again (the event lists and the launches take seconds at a million claims).

    `changed` holds the rows the change wrote, by table (store.Store.changes_since).
    """
    claims, parts = changed["claims"], _claim_parts(dataset, flat)
    if not changed["documents"].empty:
        parts.update(_document_parts(dataset.documents))
    if not changed["events"].empty or not _same_events_shown(old, flat, set(claims["event_id"])):
        parts.update(_event_parts(dataset, flat))
    if not (changed["events"].empty and changed["places"].empty) or (claims["attribute"] == "range").any():
        parts["launches"] = focus.launches(dataset.events, dataset.claims, dataset.places)
    return dataclasses.replace(old, **parts)


def _same_events_shown(old: Options, flat: pd.DataFrame, touched: set[str]) -> bool:
    """Whether the events with a claim are still those of `old`, among the events a change touched."""
    before = {e for e in touched if e in old.titles}
    return before == set(flat.loc[flat["event_id"].isin(list(touched)), "event_id"].unique())


def _document_parts(docs: pd.DataFrame) -> dict:
    return {
        "documents": list(docs["document_id"]),
        "document_labels": dict(zip(docs["document_id"], docs["label"], strict=True)),
        "document_names": keyfacts.report_names(docs),
    }


def _event_parts(dataset: loading.Dataset, flat: pd.DataFrame) -> dict:
    ev = dataset.events[dataset.events["event_id"].isin(flat["event_id"].unique())]
    ev = ev.assign(event_date=ev["date"].dt.strftime("%Y-%m-%d")).sort_values(["date", "event_id"])
    return {
        "events": ev[["event_id", "title", "event_date"]].reset_index(drop=True),
        "titles": dict(zip(ev["event_id"], ev["title"], strict=True)),
        "dates": dict(zip(ev["event_id"], periods.labels(ev["date"], ev["date_precision"]), strict=True)),
        "descriptions": dict(zip(dataset.events["event_id"], dataset.events["description"], strict=True)),
        "first_date": ev["date"].min().date(),
        "last_date": ev["date"].max().date(),
        "key_event": analysis.key_event_id(dataset.events),
        "event_names": event_names(ev),
    }


def _claim_parts(dataset: loading.Dataset, flat: pd.DataFrame) -> dict:
    kinds_present = set(flat["originator_kind"].unique())
    types_present = set(flat["event_type"].unique())
    return {
        "originators": sorted(flat["originator"].unique()),
        "kinds": [k for k in schema.ORIGINATOR_KINDS if k in kinds_present],
        "types": [t for t in schema.EVENT_TYPES if t in types_present],
        "missile_classes": _claimed(dataset.claims, "missile_class", schema.MISSILE_CLASSES),
        "outcomes": _claimed(dataset.claims, "outcome", schema.OUTCOMES),
    }


def _claimed(claims: pd.DataFrame, attribute: str, terms) -> list[str]:
    present = set(claims.loc[claims["attribute"] == attribute, "value"].unique())
    return [t for t in terms if t in present]


def event_names(events: pd.DataFrame) -> dict[str, str]:
    """'07 Nov 2025 · Ballistic missile launch...': how a person finds an event in a list."""
    pairs = set(zip(events["date"], events["date_precision"], strict=True))
    dates = {(d, p): keyfacts.date_text(d, p) for d, p in pairs}
    return {
        e: f"{dates[(d, p)]} · {t}"
        for e, d, p, t in zip(
            events["event_id"], events["date"], events["date_precision"], events["title"], strict=True
        )
    }
