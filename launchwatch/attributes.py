"""Launch facts with a home of their own: outcome, missile class, time with its zone, apogee, bearing.

Importers normalise a source's wording to the schema's terms here (so "Fail" and "failure" compare
alike), and the pages read an event's facts back from its claims through `event_facts`.
North Korea's clock: Asia/Pyongyang was UTC+9, UTC+8:30 from 15 August 2015 to 4 May 2018, then
UTC+9 again; zoneinfo holds that history, so a UTC time turns into the local time it really was.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pandas as pd

from . import schema

LOCAL_ZONE = "Asia/Pyongyang"

_OUTCOME_WORDS = {
    "success": ("success", "successful", "succeeded", "yes"),
    "failure": ("failure", "fail", "failed", "partial failure", "exploded", "no"),
}

_CLASS_PATTERNS = (  # first match wins: the more specific words first
    ("SLV", r"\bslv\b|satellite|space launch|unha|chollima"),
    ("SLBM", r"\bslbm\b|submarine|pukguksong-1\b|pukguksong-3|pukguksong-4|pukguksong-5"),
    ("hypersonic", r"hypersonic|\bhgv\b|\bmarv\b"),
    ("cruise", r"cruise|\blacm\b|hwasal"),
    ("ICBM", r"\bicbm\b|intercontinental|hwasong-1[4-9]|hwasong-20|taepodong-2"),
    ("IRBM", r"\birbm\b|intermediate|hwasong-1[02]\b|musudan"),
    ("MRBM", r"\bmrbm\b|medium|nodong|no-dong|pukguksong-2"),
    ("SRBM", r"\bsrbm\b|short|scud|kn-?2[345]|kn-?02|toksa|hwasong-11|kn-?18"),
)


def outcome(text) -> str:
    """A source's outcome wording as one of schema.OUTCOMES ("unknown" when it says nothing usable)."""
    word = " ".join(str(text or "").lower().replace("-", " ").split()).rstrip(".")
    for term, words in _OUTCOME_WORDS.items():
        if word in words:
            return term
    return "unknown"


def missile_class(*texts) -> str:
    """The class (schema.MISSILE_CLASSES) named or implied by a missile's type and name, else "unknown"."""
    joined = " ".join(str(t or "") for t in texts).lower()
    for term, pattern in _CLASS_PATTERNS:
        if re.search(pattern, joined):
            return term
    return "unknown"


def parse_time(text) -> tuple[int, int] | None:
    """'23:10', '2310', '23:10:00' -> (23, 10); None for anything that is not a time of day."""
    m = re.fullmatch(r"\s*(\d{1,2}):?(\d{2})(?::\d{2})?\s*(?:utc|z|gmt)?\s*", str(text or ""), re.IGNORECASE)
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        return None
    return int(m.group(1)), int(m.group(2))


def to_local(day: dt.date, hour: int, minute: int, zone: str = "UTC") -> dt.datetime:
    """A time of day in `zone` on `day`, as the local time in North Korea (the date may change)."""
    moment = dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(zone))
    return moment.astimezone(ZoneInfo(LOCAL_ZONE))


def time_label(day, value: str, zone: str) -> str:
    """'23:10 UTC (08:10 on 4 Jul 2017 in Pyongyang, UTC+9)': the reported time beside the local one."""
    hm = parse_time(value)
    if hm is None or not zone or day is None or pd.isna(day):
        return f"{value} {zone}".strip()
    try:
        local = to_local(pd.Timestamp(day).date(), hm[0], hm[1], zone)
    except (KeyError, ValueError):
        return f"{value} {zone}".strip()
    offset = local.utcoffset() or dt.timedelta(0)
    hours, rest = divmod(int(offset.total_seconds()) // 60, 60)
    shown = f"UTC+{hours}" + (f":{rest:02d}" if rest else "")
    return f"{hm[0]:02d}:{hm[1]:02d} {zone} ({local:%H:%M} on {local.day} {local:%b %Y} in Pyongyang, {shown})"


FACT_ORDER = ("missile_name", "missile_class", "outcome", "time", "apogee", "range", "bearing", "count")


def event_facts(claims: pd.DataFrame, event_id: str, event_date=None) -> list[tuple[str, str]]:
    """(attribute, what the claims say) for an event's launch facts, distinct values joined by ' / '."""
    mine = claims[(claims["event_id"] == event_id) & claims["attribute"].isin(FACT_ORDER)]
    facts = []
    for attribute in FACT_ORDER:
        rows = mine[mine["attribute"] == attribute]
        if rows.empty:
            continue
        said = []
        for value, unit, norm, norm_unit in zip(
            rows["value"], rows["unit"], rows["normalized_value"], rows["normalized_unit"], strict=True
        ):
            if attribute == "time":
                text = time_label(event_date, value, unit)
            elif pd.notna(norm) and norm_unit:
                text = f"{norm:g} {norm_unit}"
            else:
                text = " ".join(x for x in (str(value or ""), str(unit or "")) if x)
            if text and text not in said:
                said.append(text)
        if said:
            facts.append((attribute.replace("_", " "), " / ".join(said)))
    return facts


def categorical_problems(claims: pd.DataFrame) -> list[tuple[int, str]]:
    """(row index, why) for each claim whose categorical value is not one of its attribute's terms."""
    found = []
    for attribute, terms in schema.CATEGORICAL.items():
        bad = claims[(claims["attribute"] == attribute) & ~claims["value"].isin(terms)]
        found += [
            (i, f"'{v}' is not a {attribute.replace('_', ' ')}: one of {', '.join(terms)}")
            for i, v in bad["value"].items()
        ]
    return found
