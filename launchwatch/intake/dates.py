"""Dates as reports write them, resolved against the report's own date with the precision they have.

"On Friday" in a report of Friday 7 November 2025 is that day; "last month" is October 2025 (a month,
not 7 October); "last week" is the week of Monday 27 October. A date is never given more precision
than its words carry: a month stays a month. Calendar libraries that return a full timestamp for
"last month" (the same day a month back) invent a day, so the rules are written out here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .numbers import NUMBER, parse_number

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS)} | {"Sept": 9}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

_MON = r"(?P<month>(?:" + "|".join(MONTHS) + r")|(?:" + "|".join(_MONTH_ABBR) + r")\.?)"
_WDAY = r"(?:(?:" + "|".join(WEEKDAYS) + r")|(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.?)"
_DAYNUM = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

# Order matters: the first pattern that claims a stretch of text wins it.
PATTERNS = [
    ("iso", rf"\b{_YEAR}-(?P<m2>[01]\d)-(?P<d2>[0-3]\d)\b"),
    ("month_day", rf"\b(?:{_WDAY},?\s+)?{_MON}\s+{_DAYNUM}\b(?:,?\s+{_YEAR}\b)?"),
    ("day_month", rf"\b(?:{_WDAY},?\s+)?{_DAYNUM}\s+{_MON}\b(?:,?\s+{_YEAR}\b)?"),
    ("month_year", rf"\b{_MON}\s+{_YEAR}\b"),
    (
        "month",
        rf"\b(?:[Ii]n|[Ss]ince|[Dd]uring|[Ee]arly|[Ll]ate|[Mm]id-|[Uu]ntil|[Bb]y)\s+(?:early\s+|late\s+)?{_MON}(?![\w-])",
    ),
    ("year", rf"\b(?:[Ii]n|[Ss]ince|[Dd]uring|[Uu]ntil)\s+{_YEAR}\b"),
    ("weekday", rf"\b(?:(?P<rel>[Ll]ast|[Nn]ext|[Tt]his|[Oo]n|[Ss]ince)\s+)?(?P<wday>{'|'.join(WEEKDAYS)})\b"),
    (
        "relative",
        r"\b(?P<rel2>[Tt]oday|[Yy]esterday|[Tt]onight|[Ll]ast\s+night|(?:[Ee]arlier\s+)?[Tt]his\s+(?:week|month)"
        r"|[Ll]ast\s+(?:week|month|year)|[Ee]arlier\s+this\s+year)\b",
    ),
    ("ago", rf"\b(?P<n>{NUMBER})\s+(?P<what>days?|weeks?)\s+ago\b"),
]
_AHEAD_DAYS = 31
_COMPILED = [(kind, re.compile(p)) for kind, p in PATTERNS]
# "the JCS said on Monday": the day of the statement, not of the event it is about.
_STATEMENT_BEFORE = re.compile(r"\b(?:said|says|told\s+\w+|stated|announced|added|reported|confirmed)\s*$")


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    resolved: dt.date
    precision: str  # day, week, month or year (schema.DATE_PRECISIONS)
    basis: str
    role: str = "event"  # event, since (a lower bound), statement (when something was said)


def _month(text: str) -> int:
    text = text.rstrip(".")
    return MONTHS.index(text) + 1 if text in MONTHS else _MONTH_ABBR[text[:4] if text == "Sept" else text[:3]]


def _nearest_year(month: int, day: int, ref: dt.date) -> dt.date | None:
    """A date without a year: its latest occurrence at most a month after the report's date.

    Reports speak mostly of what has happened; a date more than a month ahead without a year would
    be unusual enough for a reporter to give the year."""
    candidates = []
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:
            continue
    if not candidates:
        return None
    fitting = [d for d in candidates if (d - ref).days <= _AHEAD_DAYS]
    return max(fitting) if fitting else None


def _calendar(m: re.Match, kind: str, ref: dt.date) -> tuple[dt.date, str, str] | None:
    g = m.groupdict()
    if kind == "iso":
        return dt.date(int(g["year"]), int(g["m2"]), int(g["d2"])), "day", "stated in full"
    month = _month(g["month"])
    if kind == "month_year":
        return dt.date(int(g["year"]), month, 1), "month", "month and year stated"
    if kind == "month":
        best = max(d for d in (dt.date(y, month, 1) for y in (ref.year - 1, ref.year)) if (d - ref).days <= _AHEAD_DAYS)
        return best, "month", f"month without a year: the last {g['month']} up to a month after the report's date"
    day = int(g["day"])
    if g.get("year"):
        return dt.date(int(g["year"]), month, day), "day", "stated in full"
    found = _nearest_year(month, day, ref)
    basis = "day and month stated; the year is that of its last occurrence up to a month after the report's date"
    return (found, "day", basis) if found else None


def _weekday(m: re.Match, ref: dt.date) -> tuple[dt.date, str, str]:
    target = WEEKDAYS.index(m.group("wday"))
    rel = (m.group("rel") or "").lower()
    back = (ref.weekday() - target) % 7
    if rel == "next":
        ahead = (target - ref.weekday()) % 7 or 7
        return ref + dt.timedelta(days=ahead), "day", f"the first {m.group('wday')} after the report's date"
    if rel == "last":
        back = back or 7
        return ref - dt.timedelta(days=back), "day", f"the last {m.group('wday')} before the report's date"
    return ref - dt.timedelta(days=back), "day", f"the {m.group('wday')} on or before the report's date"


def _relative(text: str, ref: dt.date) -> tuple[dt.date, str, str]:
    t = re.sub(r"\s+", " ", text.lower())
    monday = ref - dt.timedelta(days=ref.weekday())
    first = ref.replace(day=1)
    table = {
        "today": (ref, "day"),
        "tonight": (ref, "day"),
        "yesterday": (ref - dt.timedelta(days=1), "day"),
        "last night": (ref - dt.timedelta(days=1), "day"),
        "this week": (monday, "week"),
        "earlier this week": (monday, "week"),
        "last week": (monday - dt.timedelta(days=7), "week"),
        "this month": (first, "month"),
        "earlier this month": (first, "month"),
        "last month": ((first - dt.timedelta(days=1)).replace(day=1), "month"),
        "last year": (dt.date(ref.year - 1, 1, 1), "year"),
        "earlier this year": (dt.date(ref.year, 1, 1), "year"),
    }
    day, precision = table[t]
    return day, precision, f"'{t}' counted from the report's date"


def _resolve(kind: str, m: re.Match, ref: dt.date) -> tuple[dt.date, str, str] | None:
    if kind in ("iso", "month_day", "day_month", "month_year", "month"):
        return _calendar(m, kind, ref)
    if kind == "year":
        return dt.date(int(m.group("year")), 1, 1), "year", "year stated"
    if kind == "weekday":
        return _weekday(m, ref)
    if kind == "relative":
        return _relative(m.group("rel2"), ref)
    n = parse_number(m.group("n"))
    if n is None or n != int(n):
        return None
    days = int(n) * (7 if m.group("what").startswith("week") else 1)
    precision = "week" if m.group("what").startswith("week") else "day"
    return ref - dt.timedelta(days=days), precision, f"{m.group(0)} counted from the report's date"


def _role(text: str, start: int, matched: str) -> str:
    if re.match(r"[Ss]ince\b", matched) or re.search(r"\bsince\s+$", text[max(0, start - 7) : start]):
        return "since"
    if _STATEMENT_BEFORE.search(text[max(0, start - 30) : start]):
        return "statement"
    return "event"


def find_dates(text: str, ref: dt.date, start: int = 0, end: int | None = None) -> list[DateMention]:
    """Every date in text[start:end], resolved against `ref`, the report's date."""
    end = len(text) if end is None else end
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for kind, rx in _COMPILED:
        for m in rx.finditer(text, start, end):
            if any(m.start() < b and a < m.end() for a, b in taken):
                continue
            try:
                resolved = _resolve(kind, m, ref)
            except ValueError:  # 31 November and the like: not a date
                resolved = None
            if resolved is None:
                continue
            taken.append((m.start(), m.end()))
            day, precision, basis = resolved
            found.append(
                DateMention(m.start(), m.end(), m.group(0), day, precision, basis, _role(text, m.start(), m.group(0)))
            )
    return sorted(found, key=lambda d: d.start)
