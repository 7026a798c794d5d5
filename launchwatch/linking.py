"""The same launch in two sources: links proposed with their reasons, and the links an analyst confirmed.

A launch database and a set of reports each make their own event for one launch. Two events are
proposed as the same launch when they come from different sources, are of the same type, fall on
the same day in North Korea, were launched from sites that lie within each other's uncertainty (or
one site is unknown), and give no incompatible missile counts. Every proposal carries its reasons,
and the analyst confirms or rejects it; the decisions are the dataset's `links` table (links.csv
in a folder, the workspace database's table of the same name), the latest decision about a pair
standing.

A **source** here is a group of documents that speak of a common event: the four bundled reports
are one (they all describe the 7 November launch), an imported database file is another; an event
linked by an analyst joins no two sources. Two events one source keeps apart (a salvo listed one row
per missile) are never proposed.

The **local day** is the event's date, which the data model keeps on North Korea's calendar, unless
one document gives both a day (a resolved date claim) and a time of day with its time zone: then it
is that moment's day in Pyongyang (UTC+8:30 from August 2015 to May 2018, UTC+9 otherwise).

`resolve(dataset)` is the one place confirmed links take effect: each group of linked events
becomes its canonical event (the key event, else the first id in sort order), carrying the claims
of all of them, so the verdicts, key facts and map see one event with both sources' claims.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib

import numpy as np
import pandas as pd

from . import attributes, geodesy, periods, schema

LINKABLE_TYPES = ("missile_launch", "satellite_launch", "cruise_missile_test")
CONFIRMED, REJECTED = tuple(schema.LINK_DECISIONS)
PROPOSAL_COLUMNS = ["event_id", "other_event_id", "day", "title", "other_title", "source", "other_source", "reasons"]


@dataclasses.dataclass(frozen=True)
class Launch:
    """What linking needs of one event."""

    event_id: str
    event_type: str
    day: dt.date | None  # the local day; None when the event is not dated to the day
    source: str  # the source (group of documents) it comes from
    place: tuple[float, float, float] | None = None  # latitude, longitude, uncertainty km; None: unknown
    place_name: str = ""
    counts: frozenset[float] = frozenset()  # stated missile counts
    day_basis: str = ""  # how the local day was reached, when not the event's own date


@dataclasses.dataclass(frozen=True)
class Match:
    same_launch: bool
    reasons: tuple[str, ...]


def _site_reason(a: Launch, b: Launch) -> tuple[bool, str]:
    if a.place is None or b.place is None:
        unknown = [x for x in (a, b) if x.place is None]
        who = " and ".join(f"{x.event_id} ({x.source})" for x in unknown)
        return True, f"launch site unknown in {who}: the site neither supports nor rules out the link"
    apart = geodesy.distance_km(a.place[:2], b.place[:2])
    allowed = a.place[2] + b.place[2]
    words = f"{a.place_name or a.event_id} and {b.place_name or b.event_id} are {apart:,.0f} km apart"
    if apart <= allowed:
        return True, f"{words}, within their uncertainties ({a.place[2]:g} km + {b.place[2]:g} km)"
    return False, f"{words}, beyond their uncertainties ({a.place[2]:g} km + {b.place[2]:g} km)"


def _count_reason(a: Launch, b: Launch) -> tuple[bool, str]:
    if not a.counts or not b.counts:
        missing = " and ".join(x.event_id for x in (a, b) if not x.counts)
        return True, f"missile count not given for {missing}"
    shown = [", ".join(f"{v:g}" for v in sorted(x.counts)) for x in (a, b)]
    if a.counts & b.counts:
        return True, f"same missile count ({shown[0]} and {shown[1]})"
    return False, f"missile counts differ ({shown[0]} against {shown[1]})"


def compare(a: Launch, b: Launch) -> Match:
    """Whether two events may be the same launch, and why (or why not)."""
    if a.source == b.source:
        return Match(False, (f"both from the same source ({a.source}), which keeps them apart",))
    if a.event_type != b.event_type:
        return Match(False, (f"different event types ({a.event_type}, {b.event_type})",))
    if a.day is None or b.day is None or a.day != b.day:
        days = [periods.label(x.day, "day") if x.day else "not dated to the day" for x in (a, b)]
        return Match(False, (f"different local days ({days[0]}; {days[1]})",))
    day = f"same local day in North Korea, {periods.label(a.day, 'day')}"
    bases = [x.day_basis for x in (a, b) if x.day_basis]
    reasons = [day + (f" ({'; '.join(bases)})" if bases else "")]
    ok = True
    for rule in (_site_reason, _count_reason):
        fits, why = rule(a, b)
        ok &= fits
        reasons.append(why)
    return Match(ok, tuple(reasons))


# ---------------------------------------------------------------- reading the dataset


def _find(parent: dict, x):
    while parent.setdefault(x, x) != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def _groups(pairs) -> dict:
    """Each item's group (one representative item) under the union of the given pairs."""
    parent: dict = {}
    for a, b in pairs:
        ra, rb = _find(parent, a), _find(parent, b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {x: _find(parent, x) for x in list(parent)}


def _document_groups(events: np.ndarray, documents: np.ndarray, n_documents: int) -> np.ndarray:
    """Each document's group (its smallest member's code), documents joined by the events they share.

    Labels spread from documents to events and back until they settle: whole-column passes, since a
    million claims would take seconds one pair at a time, and a handful of passes suffice."""
    label = np.arange(n_documents)
    while True:
        per_event = np.full(int(events.max()) + 1 if len(events) else 0, n_documents)
        np.minimum.at(per_event, events, label[documents])
        spread = label.copy()
        np.minimum.at(spread, documents, per_event[events])
        if np.array_equal(spread, label):
            return label
        label = spread


def event_sources(dataset, wanted=None) -> dict[str, str]:
    """Each event's source (of the `wanted` events, else all): the label of the group of documents that
    speak of it (see the module doc)."""
    events, event_ids = pd.factorize(dataset.claims["event_id"])
    documents, document_ids = pd.factorize(dataset.claims["document_id"])
    pairs = pd.unique(events.astype(np.int64) * len(document_ids) + documents)
    events, documents = pairs // len(document_ids), pairs % len(document_ids)
    # An event made of confirmed links speaks for both sources by the analyst's choice: it joins none.
    linked = {e for pair, d in decisions(dataset.links).items() if d == CONFIRMED for e in pair}
    own = np.ones(len(events), dtype=bool)
    if linked:
        own[np.isin(events, pd.Index(event_ids).get_indexer(list(linked)))] = False
    group = _document_groups(events[own], documents[own], len(document_ids))
    labels = dict(zip(dataset.documents["document_id"], dataset.documents["label"], strict=True))
    members: dict[int, list[str]] = {}
    for doc, g in zip(document_ids, group, strict=True):
        members.setdefault(int(g), []).append(str(doc))
    names = {}
    for g, docs in members.items():
        docs = sorted(docs)
        more = f" and {len(docs) - 1} other document(s)" if len(docs) > 1 else ""
        names[g] = f"{labels.get(docs[0], docs[0])}{more}"
    first = np.full(len(event_ids), -1)
    first[events] = documents  # any of its documents: all of an event's documents are in one group
    keep = (
        np.arange(len(event_ids))
        if wanted is None
        else np.flatnonzero(pd.Index(list(wanted)).get_indexer(event_ids) >= 0)
    )
    ids, groups = np.asarray(event_ids, dtype=object)[keep], group[first[keep]]
    return {str(e): names[int(g)] for e, g in zip(ids, groups, strict=True)}


def _local_day(row) -> tuple[dt.date | None, str]:
    hm = attributes.parse_time(row["value"])
    if hm is None:
        return None, ""
    try:
        local = attributes.to_local(pd.Timestamp(row["resolved_date"]).date(), hm[0], hm[1], row["unit"])
    except (KeyError, ValueError):
        return None, ""
    if local.date() == pd.Timestamp(row["resolved_date"]).date():
        return local.date(), ""
    said = f"{hm[0]:02d}:{hm[1]:02d} {row['unit']} on {periods.label(row['resolved_date'], 'day')}"
    return local.date(), f"{said} is {local:%H:%M} on {periods.label(local, 'day')} in Pyongyang"


def local_days(dataset, events: pd.DataFrame) -> dict[str, tuple[dt.date | None, str]]:
    """Each event's day in North Korea, and how it was reached when not its own date (see the module doc)."""
    dates = events["date"].dt.date.tolist()
    days = {
        e: (d if p == "day" else None, "")
        for e, d, p in zip(events["event_id"].tolist(), dates, events["date_precision"].tolist(), strict=True)
    }
    columns = ["event_id", "document_id", "attribute", "value", "unit", "resolved_date", "resolved_precision"]
    c = _stated(dataset, ("time", "date"), columns, days)
    times = c[(c["attribute"] == "time") & (c["unit"] != "")][["event_id", "document_id", "value", "unit"]]
    dated = c[(c["attribute"] == "date") & c["resolved_date"].notna()]
    dated = dated[dated["resolved_precision"].isin(["", "day"])][["event_id", "document_id", "resolved_date"]]
    both = times.merge(dated.drop_duplicates(["event_id", "document_id"]), on=["event_id", "document_id"])
    for row in both.drop_duplicates("event_id").to_dict("records"):
        day, basis = _local_day(row)
        if day is not None:
            days[row["event_id"]] = (day, basis)
    return days


def _stated(dataset, attributes: tuple[str, ...], columns: list[str], event_ids) -> pd.DataFrame:
    """The stated claims of these attributes about these events, only the columns asked for: a few rows of a
    million, so the cheap tests go first and only the columns needed are copied."""
    c = dataset.claims
    mask = np.zeros(len(c), dtype=bool)
    for attribute in attributes:
        mask |= (c["attribute"] == attribute).to_numpy()
    mask &= (c["stance"] == schema.STATED).to_numpy()
    found = c.loc[mask, columns]
    return found[pd.Index(list(event_ids)).get_indexer(found["event_id"]) >= 0]


def _counts(dataset, event_ids) -> dict[str, frozenset[float]]:
    c = _stated(dataset, ("count",), ["event_id", "normalized_value"], event_ids)
    c = c[c["normalized_value"].notna()]
    found: dict[str, set[float]] = {}
    for event_id, value in zip(c["event_id"], c["normalized_value"], strict=True):
        found.setdefault(event_id, set()).add(float(value))
    return {e: frozenset(v) for e, v in found.items()}


def launches(dataset) -> list[Launch]:
    """Every event that can be linked (a launch dated to the day), as linking sees it."""
    events = dataset.events[dataset.events["event_type"].isin(LINKABLE_TYPES)]
    days = local_days(dataset, events)
    sources = event_sources(dataset, events["event_id"])
    counts = _counts(dataset, set(events["event_id"]))
    p = dataset.places
    places = {
        pid: ((lat, lon, km), name)
        for pid, lat, lon, km, name in zip(
            p["place_id"], p["latitude"], p["longitude"], p["uncertainty_km"], p["name"], strict=True
        )
    }
    out = []
    columns = (events[c].tolist() for c in ("event_id", "event_type", "place_id"))
    for event_id, event_type, place_id in zip(*columns, strict=True):
        day, basis = days[event_id]
        place, name = places.get(place_id, (None, ""))
        source = sources.get(event_id, f"event {event_id}")
        out.append(Launch(event_id, event_type, day, source, place, name, counts.get(event_id, frozenset()), basis))
    return out


# ---------------------------------------------------------------- decisions and their effect


def pair_key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def decisions(links: pd.DataFrame) -> dict[tuple[str, str], str]:
    """The decision standing for each pair of events: the latest row about it."""
    return {
        pair_key(a, b): d for a, b, d in zip(links["event_id"], links["other_event_id"], links["decision"], strict=True)
    }


def _canonical(members: list[str], key_events: set[str]) -> str:
    keyed = sorted(m for m in members if m in key_events)
    return keyed[0] if keyed else min(members)


def linked_groups(dataset) -> dict[str, list[str]]:
    """Each canonical event and the events confirmed as the same launch, itself first; present events only."""
    confirmed = [p for p, d in decisions(dataset.links).items() if d == CONFIRMED]
    present = set(dataset.events["event_id"])
    key_events = set(dataset.events.loc[dataset.events["key_event"].astype(bool), "event_id"])
    members: dict[str, list[str]] = {}
    for event, root in _groups(confirmed).items():
        members.setdefault(root, []).append(event)
    out = {}
    for group in members.values():
        here = [m for m in group if m in present]
        if len(here) > 1:
            head = _canonical(here, key_events)
            out[head] = [head, *sorted(m for m in here if m != head)]
    return out


def canonical_ids(dataset) -> dict[str, str]:
    """Each linked event that is not its group's canonical event -> that canonical event."""
    return {m: head for head, group in linked_groups(dataset).items() for m in group[1:]}


def merged_into(dataset, event_id: str) -> str | None:
    """The event a confirmed link merged `event_id` into, in a dataset `resolve` has applied (a link or
    a command naming a member of a linked group still finds the launch); None when it was not merged."""
    if not len(dataset.links):
        return None
    groups = _groups([p for p, d in decisions(dataset.links).items() if d == CONFIRMED])
    root = groups.get(event_id)
    if root is None:
        return None
    present = set(dataset.events["event_id"])
    heads = [e for e, r in groups.items() if r == root and e != event_id and e in present]
    return heads[0] if len(heads) == 1 else None


def resolve(dataset):
    """The dataset with confirmed links applied: each group of linked events is its canonical event,
    holding every member's claims (the place of the first member that has one when it has none, and the
    key-event mark when any member has it). Unchanged when nothing is linked."""
    groups = linked_groups(dataset) if len(dataset.links) else {}
    if not groups:
        return dataset
    to_head = {m: head for head, group in groups.items() for m in group[1:]}
    claims = dataset.claims.copy(deep=False)  # the shared frames are never written to: one new column
    moved = pd.Index(list(to_head)).get_indexer(claims["event_id"])
    event_ids = claims["event_id"].to_numpy(dtype=object, copy=True)
    event_ids[moved >= 0] = [to_head[e] for e in event_ids[moved >= 0]]
    claims["event_id"] = pd.Series(event_ids, index=claims.index, dtype=claims["event_id"].dtype)
    events = dataset.events[~dataset.events["event_id"].isin(to_head.keys())].copy()
    by_id = dataset.events.set_index("event_id")
    for head, group in groups.items():
        row = events.index[events["event_id"] == head][0]
        if not events.at[row, "place_id"]:
            placed = [by_id.at[m, "place_id"] for m in group if by_id.at[m, "place_id"]]
            events.at[row, "place_id"] = placed[0] if placed else ""
        events.at[row, "key_event"] = bool(by_id.loc[group, "key_event"].astype(bool).any())
    return dataclasses.replace(dataset, events=events.reset_index(drop=True), claims=claims)


# ---------------------------------------------------------------- proposals


def _pairs(found: list[Launch]):
    by_day: dict[tuple, list[Launch]] = {}
    for launch in found:
        if launch.day is not None:
            by_day.setdefault((launch.day, launch.event_type), []).append(launch)
    for group in by_day.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if a.source != b.source:
                    yield a, b


def proposals(dataset) -> pd.DataFrame:
    """Pairs of events of two sources that may be the same launch, not yet decided, with their reasons.

    Works on a resolved dataset (see `resolve`), so events already linked are one event here."""
    decided = decisions(dataset.links)
    key_events = set(dataset.events.loc[dataset.events["key_event"].astype(bool), "event_id"])
    rows = []
    for a, b in _pairs(launches(dataset)):
        if pair_key(a.event_id, b.event_id) in decided:
            continue
        match = compare(a, b)
        if match.same_launch:
            if _canonical([a.event_id, b.event_id], key_events) == b.event_id:
                a, b = b, a
            day = periods.label(a.day, "day")
            rows.append([a.event_id, b.event_id, day, a.event_id, b.event_id, a.source, b.source])
            rows[-1].append("; ".join(match.reasons))
    found = pd.DataFrame(rows, columns=PROPOSAL_COLUMNS)
    if len(found):
        titles = dataset.events.set_index("event_id")["title"]
        for column in ("title", "other_title"):
            found[column] = titles.reindex(found[column]).to_numpy()
    return found


def decision_row(event_id: str, other_event_id: str, decision: str, reasons: str, taken: set[str]) -> dict:
    """A links row recording a decision, with an id not in `taken` (one per pair and decision made)."""
    a, b = pair_key(event_id, other_event_id)
    stem = "link-" + hashlib.sha256(f"{a}\n{b}".encode()).hexdigest()[:12]
    n = 1
    while f"{stem}-{n}" in taken:
        n += 1
    return {
        "link_id": f"{stem}-{n}",
        "event_id": event_id,
        "other_event_id": other_event_id,
        "decision": decision,
        "reasons": reasons,
    }
