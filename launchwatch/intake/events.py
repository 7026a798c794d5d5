"""Which event a proposed claim is about: an existing event of that type and date, or a new one."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

TYPE_WORDS = {
    "missile_launch": r"missiles?|launch(?:es|ed|ing)?|ICBMs?|SRBMs?|ballistic|projectiles?",
    "artillery_fire": r"artillery|rounds|shells|rocket launchers?",
    "visit": r"visit(?:s|ing|ed)?|trip",
    "summit": r"summit",
    "meeting": r"meeting|session",
    "military_parade": r"parade",
    "sanctions": r"sanctions",
    "diplomacy": r"talks|negotiations|diplomacy|dialogue",
}
_TYPE_RX = {t: re.compile(rf"\b(?:{w})\b", re.IGNORECASE) for t, w in TYPE_WORDS.items()}
# Attributes that only a launch has; a sentence naming a launch gives them to it.
LAUNCH_ATTRIBUTES = {
    "range",
    "apogee",
    "missile_type",
    "origin",
    "direction",
    "landing_area",
    "time",
    "ordinal_in_year",
    "ordinal_since",
}


def nearest_type(text: str, start: int, end: int, pos: int) -> str:
    """The event type whose word in text[start:end] stands nearest to `pos`; '' when none is named."""
    best, best_gap = "", None
    for etype, rx in _TYPE_RX.items():
        for m in rx.finditer(text, start, end):
            gap = min(abs(m.start() - pos), abs(m.end() - pos))
            if best_gap is None or gap < best_gap:
                best, best_gap = etype, gap
    return best


def type_for(attribute: str, text: str, start: int, end: int, pos: int) -> str:
    if attribute in LAUNCH_ATTRIBUTES and _TYPE_RX["missile_launch"].search(text, start, end):
        return "missile_launch"
    return nearest_type(text, start, end, pos)


def _covers(event_date: dt.date, precision: str, day: dt.date) -> bool:
    if precision == "week":
        return event_date <= day < event_date + dt.timedelta(days=7)
    if precision == "month":
        return (event_date.year, event_date.month) == (day.year, day.month)
    if precision == "year":
        return event_date.year == day.year
    return event_date == day


def match_event(events: pd.DataFrame, etype: str, day: dt.date | None, precision: str) -> str:
    """The id of the one event of `etype` whose date stands for `day` at that precision, else ''."""
    if events is None or events.empty or not etype or day is None:
        return ""
    same = events[events["event_type"] == etype]
    hits = []
    for row in same.itertuples():
        when = pd.Timestamp(row.date).date()
        event_precision = row.date_precision or "day"
        if precision == event_precision and _covers(when, event_precision, day):
            hits.append(row.event_id)
    return hits[0] if len(hits) == 1 else ""


def recent_event(events: pd.DataFrame, etype: str, published: dt.date, days: int = 2) -> tuple[str, dt.date | None]:
    """The one event of `etype` dated within `days` before the report's date, for claims that give no date."""
    if events is None or events.empty or not etype:
        return "", None
    same = events[(events["event_type"] == etype) & (events["date_precision"].fillna("day") == "day")]
    dates = pd.to_datetime(same["date"]).dt.date
    near = same[(dates <= published) & (dates >= published - dt.timedelta(days=days))]
    if len(near) != 1:
        return "", None
    return near.iloc[0]["event_id"], pd.Timestamp(near.iloc[0]["date"]).date()
