"""The extractor: a report's text and date in, proposed claims with their spans out.

Pure and offline: no Streamlit, no network, no model. Sentences come from pysbd (rule-based, keeps
"U. S." and "a.m." inside a sentence); the figures, dates, places and originators from the rule modules
beside this one. Nothing is proposed that the text does not state.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import pandas as pd
import pysbd

from . import dates as dates_mod
from . import events as events_mod
from .kinds import find_not_given, find_types
from .measures import find_counts, find_distances, find_durations, find_ordinals, find_times
from .places import PlaceFinder, find_direction, find_landing, find_origin
from .proposal import Proposal
from .sources import Attribution, Originators, attribute

# One-for-one replacements, so every offset in the matching text is an offset in the report.
_PLAIN = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})
CITY_ZONES = {
    "Seoul": "Asia/Seoul",
    "Pyongyang": "Asia/Pyongyang",
    "Tokyo": "Asia/Tokyo",
    "Beijing": "Asia/Shanghai",
    "Moscow": "Europe/Moscow",
    "Washington": "America/New_York",
    "London": "Europe/London",
}
# Only a sentence that goes on about "the missile" carries the previous sentence's "according to".
# "It did not say" and "They added" speak for the same source.
_INHERITS = re.compile(r"\s*(?:The (?:missile|projectile)s?\b|(?:It|They) (?:did not|didn't|also|said|says|added)\b)")
_DEFINITE = re.compile(r"(?i)the (\w+)")
# A line such as "South Korea, Seoul Fri Nov 07 2025": the report's own date, not a claim.
_PROSE_WORD = re.compile(r"(?<![A-Za-z])[a-z]{4,}")
# A wire dateline opening a line: "SEOUL, Nov 10 (Newswire) -", "TOKYO (Staff report) —".
_WIRE_DATELINE = re.compile(r"(?m)^[A-Z][A-Z .'-]{1,30}(?:,[^()\n]{1,30})?\s*\([^()\n]{1,40}\)\s*[-–—]+\s*")
_SEGMENTER = pysbd.Segmenter(language="en", clean=False)


@dataclass
class Context:
    """What the rules need beyond the text: the report's date and the workspace's reference tables."""

    published: dt.date
    places: PlaceFinder
    events: pd.DataFrame
    originators: Originators
    dateline: str = ""


@dataclass
class Extraction:
    proposals: list[Proposal]
    warnings: list[str] = field(default_factory=list)
    time_zone: str = ""


def sentences(text: str) -> list[tuple[int, int, int]]:
    """(paragraph number, start, end) of every sentence; a line break always ends a sentence."""
    found, offset = [], 0
    for number, line in enumerate(text.split("\n")):
        cursor = 0
        if line.strip():
            for piece in _SEGMENTER.segment(line):
                at = line.find(piece.strip(), cursor)
                if at < 0 or not piece.strip():
                    continue
                cursor = at + len(piece.strip())
                found.append((number, offset + at, offset + cursor))
        offset += len(line) + 1
    return found


def dateline_zone(text: str, dateline: str) -> str:
    """The time zone a dateline implies: its city's, when it names one in the table above."""
    head = dateline or "\n".join(text.split("\n")[:4])[:400]
    for city, zone in CITY_ZONES.items():
        line = rf"(?im)^[^\n]{{0,40}}{city}[^\n]{{0,40}}(?:\d{{4}}|\([^()\n]{{1,40}}\)\s*[-–—])"
        if re.search(rf"(?im)(?:^|\b){city}", head) and (dateline or re.search(line, head)):
            return zone
    return ""


def _findings(plain: str, start: int, end: int, ctx: Context, zone: str) -> list[Proposal]:
    places = ctx.places.find(plain, start, end)
    found = (
        find_distances(plain, start, end)
        + find_durations(plain, start, end)
        + find_counts(plain, start, end)
        + find_ordinals(plain, start, end)
        + find_times(plain, start, end, zone)
        + find_types(plain, start, end)
        + find_not_given(plain, start, end)
        + find_origin(plain, start, end, places)
        + find_direction(plain, start, end, places)
        + find_landing(plain, start, end, places)
    )
    found_dates = dates_mod.find_dates(plain, ctx.published, start, end)
    datelines = [m.span() for m in _WIRE_DATELINE.finditer(plain, start, end)]
    found_dates = [d for d in found_dates if not any(a <= d.start < b for a, b in datelines)]
    found = [
        p
        for p in found
        if not any(p.attribute == "count" and d.start < p.span_end and p.span_start < d.end for d in found_dates)
    ]
    if not _PROSE_WORD.search(plain, start, end):
        return found
    for d in found_dates:
        if d.role == "statement":
            continue  # the day something was said, not the day of the event it is about
        found.append(
            Proposal(
                "date",
                d.text,
                d.start,
                d.end,
                resolved_date=d.resolved.isoformat(),
                date_precision=d.precision,
                qualifier="since" if d.role == "since" else "",
                note=d.basis,
            )
        )
    return found


def _attribution(
    plain: str, start: int, end: int, ctx: Context, previous: Attribution | None, seen: list[str]
) -> Attribution | None:
    own = attribute(plain[start:end], ctx.originators)
    if own is None and previous is not None and previous.explicit and _INHERITS.match(plain, start):
        return Attribution(previous.originator, previous.via, previous.explicit)
    if own is not None and own.originator not in ctx.originators.kinds:
        # "the ministry" after "Japan's Ministry of Defense": the last source named with that word.
        m = _DEFINITE.fullmatch(own.originator)
        named = [n for n in reversed(seen) if m and re.search(rf"(?i)\b{re.escape(m.group(1))}\b", n)]
        if named:
            return Attribution(named[0], own.via, own.explicit)
    return own


def _attach_events(proposals: list[Proposal], plain: str, ctx: Context) -> None:
    """Give each proposal its event type and, where one exists, the event of that type and date."""
    lead: dict[str, tuple[str, str]] = {}
    for p in proposals:
        pos = (p.span_start + p.span_end) // 2
        p.event_type = events_mod.type_for(p.attribute, plain, p.sentence_start, p.sentence_end, pos)
        if p.attribute == "date" and p.qualifier != "since" and p.date_precision == "day":
            lead.setdefault(p.event_type, (p.resolved_date, p.date_precision))
    for p in proposals:
        when = _own_date(p, proposals) or lead.get(p.event_type) or ("", "")
        p.event_date, p.event_precision = when
        day = dt.date.fromisoformat(when[0]) if when[0] else None
        p.event_id = events_mod.match_event(ctx.events, p.event_type, day, when[1])
        if day is None and p.event_type:
            p.event_id, found = events_mod.recent_event(ctx.events, p.event_type, ctx.published)
            if found:
                p.event_date, p.event_precision = found.isoformat(), "day"
                p.note = (
                    p.note + "; " if p.note else ""
                ) + "no date in the report: the one such event of its last days"


def _own_date(p: Proposal, proposals: list[Proposal]) -> tuple[str, str] | None:
    """The date a claim's own sentence gives: its own for a date claim, else the nearest date in the sentence."""
    if p.attribute == "date":
        return p.resolved_date, p.date_precision
    near = [
        d
        for d in proposals
        if d.attribute == "date" and d.qualifier != "since" and d.sentence_start == p.sentence_start
    ]
    if not near:
        return None
    best = min(near, key=lambda d: abs(d.span_start - p.span_start))
    return best.resolved_date, best.date_precision


def _same_number(proposals: list[Proposal]) -> None:
    """'the same number of rounds' takes the last count of rounds stated before it in the report."""
    last: dict[str, float] = {}
    for p in sorted(proposals, key=lambda p: p.span_start):
        if p.attribute != "count":
            continue
        if p.note == "same number as" and p.normalized_unit in last:
            p.normalized_value = last[p.normalized_unit]
            p.note = f"the same number as the {p.normalized_unit} counted earlier in the report"
        elif p.normalized_value is not None:
            last[p.normalized_unit] = p.normalized_value


def _dedupe(proposals: list[Proposal]) -> list[Proposal]:
    """One proposal per attribute and stretch of text: a longer match wins over one inside it."""
    kept: list[Proposal] = []
    for p in sorted(proposals, key=lambda p: (p.span_start, -(p.span_end - p.span_start))):
        if any(
            k.attribute == p.attribute
            and k.stance == p.stance
            and k.span_start <= p.span_start
            and p.span_end <= k.span_end
            for k in kept
        ):
            continue
        kept.append(p)
    return kept


def extract(text: str, ctx: Context) -> Extraction:
    """Every claim the report's sentences state, with spans into `text` exactly as given."""
    plain = text.translate(_PLAIN)
    zone = dateline_zone(plain, ctx.dateline)
    proposals: list[Proposal] = []
    previous, paragraph, seen = None, None, []
    for number, start, end in sentences(plain):
        if number != paragraph:
            previous, paragraph = None, number
        found = _findings(plain, start, end, ctx, zone)
        who = _attribution(plain, start, end, ctx, previous, seen)
        previous = who if who is not None else previous
        seen += [who.originator] if who is not None else []
        for p in found:
            p.sentence_start, p.sentence_end = start, end
            if who is not None:
                p.originator, p.via = who.originator, who.via
                p.originator_kind = ctx.originators.kinds.get(who.originator) or _kind(who.originator)
        proposals += _dedupe(found)
    _same_number(proposals)
    _attach_events(proposals, plain, ctx)
    return Extraction(proposals, _warnings(proposals, text), zone)


def _kind(name: str) -> str:
    from .sources import WIRES, kind_of

    return "wire_service" if name in WIRES.values() else kind_of(name)


def _warnings(proposals: list[Proposal], text: str) -> list[str]:
    warnings = []
    if not any(p.attribute == "date" for p in proposals):
        warnings.append(
            "The text states no date: no claim could be dated, and none is attached to an event "
            "by its date. Check the report's date and attach the claims by hand."
        )
    if not proposals and text.strip():
        warnings.append("No claim found: the text states no figure, date, place or missile type these rules read.")
    for p in proposals:
        if p.attribute == "count" and p.normalized_value is None:
            p.note = "'the same number' of an earlier count the report does not give"
    return warnings
