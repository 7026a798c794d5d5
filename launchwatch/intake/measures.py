"""Figures in a sentence: range and apogee, duration, counts, places in a series, time of day.

Each finder reads one sentence and returns proposals whose span holds the figure's words. A figure
whose sentence does not say what it measures (no "flew", no "altitude") is left alone: guessing
whether 300 km is a range, an altitude or a distance to a coast would put words in the source's mouth.
"""

from __future__ import annotations

import re

from .numbers import NUMBER, ORDINAL, parse_number, parse_ordinal
from .proposal import Proposal

QUALIFIERS = (
    r"about|roughly|approximately|around|some|nearly|almost|more than|over|up to|at least|"
    r"less than|at most|an estimated|just over|just under|just past|just after|shortly after|"
    r"shortly before|just before|another"
)
_QUAL = rf"(?:(?P<qual>{QUALIFIERS})\s+)?"

KM_PER = {"km": 1.0, "mi": 1.609344, "nmi": 1.852}
_UNIT_WORDS = {
    "kilometers": "km",
    "kilometres": "km",
    "kilometer": "km",
    "kilometre": "km",
    "km": "km",
    "miles": "mi",
    "mile": "mi",
    "mi": "mi",
    "nautical miles": "nmi",
    "nautical mile": "nmi",
    "nm": "nmi",
}
_DIST_UNIT = "|".join(sorted(_UNIT_WORDS, key=len, reverse=True))
_MEASURE = re.compile(
    rf"\b{_QUAL}(?P<num>{NUMBER})\s*-?\s*(?P<unit>{_DIST_UNIT})\b(?:\s*\((?P<conv>[^()]{{1,40}})\))?", re.IGNORECASE
)
_APOGEE_WORDS = re.compile(r"\b(?:apogee|altitude|height|high)\b", re.IGNORECASE)
_RANGE_WORDS = re.compile(
    r"\b(?:fl(?:ew|ying|own|ight)|travel(?:l?ed|l?ing|s)?|range|distance|cover(?:ed|ing)?)\b", re.IGNORECASE
)


# A figure right after "37 to", "25 and" or "60-" is the upper end of a span ("37 to 62 miles", "two
# or three missiles"): the rules do not read a span whole, and its upper end alone would say more than
# the source does, so neither end is proposed.
_SPAN_BEFORE = re.compile(r"\d\s*(?:to|and|or|-|\u2013)\s*$", re.IGNORECASE)
_NUMBER_WORD_SPAN_BEFORE = re.compile(rf"\b{NUMBER}\s+(?:to|or)\s*$", re.IGNORECASE)


def upper_end_of_span(text: str, floor: int, at: int) -> bool:
    """Whether the figure starting at `at` ends a span whose lower end comes just before it."""
    before = text[max(floor, at - 24) : at]
    return bool(_SPAN_BEFORE.search(before) or _NUMBER_WORD_SPAN_BEFORE.search(before))


def _qualifier(m: re.Match) -> str:
    return (m.group("qual") or "").lower()


def find_distances(text: str, start: int, end: int) -> list[Proposal]:
    """Range flown and apogee, normalised to km; a conversion in brackets after a figure is the same figure."""
    found, last = [], start
    for m in _MEASURE.finditer(text, start, end):
        before = text[last : m.start()]
        last = m.end()
        attribute = "apogee" if _APOGEE_WORDS.search(before) else "range" if _RANGE_WORDS.search(before) else None
        number = parse_number(m.group("num"))
        if attribute is None or number is None or upper_end_of_span(text, start, m.start()):
            continue
        unit = _UNIT_WORDS[m.group("unit").lower()]
        km = round(number * KM_PER[unit], 1)
        note = "" if unit == "km" else f"derived: 1 {unit} = {KM_PER[unit]} km"
        if m.group("conv"):
            note = (note + "; " if note else "") + f"'({m.group('conv')})' read as the same figure converted"
        end_at = m.end("unit")
        found.append(
            Proposal(
                attribute,
                text[m.start("num") : end_at],
                m.start(),
                end_at,
                unit=unit,
                normalized_value=km,
                normalized_unit="km",
                qualifier=_qualifier(m),
                note=note,
            )
        )
    return found


_DURATION_UNITS = r"(?P<unit>minute|hour|day|week|month)"
_DURATIONS = [
    re.compile(rf"\b(?P<num>{NUMBER})-{_DURATION_UNITS}(?:-long)?(?=\s+(?!ago\b|old\b)[a-z])", re.IGNORECASE),
    re.compile(
        rf"\b(?:for|lasted|lasting)\s+{_QUAL}(?P<num>{NUMBER})\s+{_DURATION_UNITS}(?P<plural>s?)\b", re.IGNORECASE
    ),
]


def find_durations(text: str, start: int, end: int) -> list[Proposal]:
    found = []
    for rx in _DURATIONS:
        for m in rx.finditer(text, start, end):
            number = parse_number(m.group("num"))
            if number is None:
                continue
            qual = (m.groupdict().get("qual") or "").lower()
            unit = m.group("unit").lower()
            stop = m.end("plural") if "plural" in m.groupdict() else m.end("unit")
            found.append(
                Proposal(
                    "duration",
                    text[m.start("num") : stop],
                    m.start("num"),
                    stop,
                    unit=unit,
                    normalized_value=number,
                    normalized_unit=unit,
                    qualifier=qual,
                )
            )
    return found


COUNTED = {
    "missile": "missiles",
    "missiles": "missiles",
    "rounds": "rounds",
    "shells": "rounds",
    "rockets": "rockets",
    "projectiles": "projectiles",
    "launches": "launches",
    "tests": "tests",
    "individuals": "individuals",
    "entities": "entities",
    "people": "people",
    "troops": "troops",
    "soldiers": "soldiers",
    "aircraft": "aircraft",
    "warplanes": "aircraft",
    "jets": "aircraft",
    "bombers": "bombers",
    "drones": "drones",
    "ships": "ships",
    "warships": "ships",
    "vessels": "ships",
}
_COUNT_QUAL = r"(?:(?P<qual>another|about|some|at least|more than|up to|over|nearly|a further)\s+)?"
_STOP = {"of", "the", "a", "an", "and", "or", "to", "in", "on", "at", "for", "from", "with", "by", "its", "their"}
_COUNT = re.compile(
    rf"\b{_COUNT_QUAL}(?P<num>{NUMBER})\s+(?P<mods>(?:[A-Za-z][\w.'-]*\s+){{0,3}}?)"
    rf"(?P<noun>{'|'.join(sorted(COUNTED, key=len, reverse=True))})\b",
    re.IGNORECASE,
)
_SAME = re.compile(rf"\bthe same number of\s+(?P<noun>{'|'.join(COUNTED)})\b", re.IGNORECASE)


def find_counts(text: str, start: int, end: int) -> list[Proposal]:
    """'10 artillery shells', 'one suspected short-range ballistic missile', 'the same number of rounds'."""
    found = []
    for m in _COUNT.finditer(text, start, end):
        if set(m.group("mods").lower().split()) & _STOP:
            continue
        number = parse_number(m.group("num"))
        if number is None or (number > 1 and m.group("noun").lower() == "missile"):
            continue
        if upper_end_of_span(text, start, m.start()):
            continue
        noun = m.group("noun").lower()
        found.append(
            Proposal(
                "count",
                m.group("num"),
                m.start("num"),
                m.end("noun"),
                unit=noun,
                normalized_value=number,
                normalized_unit=COUNTED[noun],
                qualifier=_qualifier(m),
            )
        )
    for m in _SAME.finditer(text, start, end):
        noun = m.group("noun").lower()
        found.append(
            Proposal(
                "count",
                "same number",
                m.start(),
                m.end(),
                unit=noun,
                normalized_unit=COUNTED[noun],
                note="same number as",
            )
        )
    return found


_ORDINAL = re.compile(
    rf"\b(?P<ord>{ORDINAL})\s+(?P<what>(?:[\w-]+\s+){{0,4}}?(?:launch|launches|test|tests|firing|provocation|"
    rf"missile|missiles))\b(?P<gap>[^.;]{{0,30}}?)\s*"
    rf"(?P<scope>(?:so far )?this year|of the year|since\s+(?:(?!\band\b)[^,.;])+?)(?=\s+and\b|[,.;]|$)",
    re.IGNORECASE,
)


def find_ordinals(text: str, start: int, end: int) -> list[Proposal]:
    """'the sixth ballistic missile launch this year', 'the second ... test since October 22'.

    A place in a series needs its series: an ordinal without 'this year' or 'since ...' is left alone."""
    found = []
    for m in _ORDINAL.finditer(text, start, end):
        n = parse_ordinal(m.group("ord"))
        if n is None or re.search(r"\band\b", m.group("gap")):
            continue
        scope = re.sub(r"\s+", " ", m.group("scope"))
        attribute = "ordinal_since" if scope.lower().startswith("since") else "ordinal_in_year"
        found.append(
            Proposal(
                attribute, m.group("ord"), m.start("ord"), m.end("scope"), normalized_value=float(n), qualifier=scope
            )
        )
    return found


ZONES = {"KST": "Asia/Seoul", "JST": "Asia/Tokyo", "GMT": "UTC", "UTC": "UTC"}
_CLOCK = r"\d{1,2}:\d{2}\s*(?:a\.m\.|p\.m\.|am|pm)?|\d{1,2}\s*(?:a\.m\.|p\.m\.)|noon|midday|midnight"
_TIME = re.compile(
    rf"\b(?:(?P<qual>just past|just after|shortly after|shortly before|just before|around|about)\s+|(?P<at>at)\s+)?"
    rf"(?P<t>{_CLOCK})(?![\w:])(?:\s*\((?P<conv>[^()]{{1,30}})\))?(?:\s+(?P<zone>local time|KST|JST|GMT|UTC)\b)?",
    re.IGNORECASE,
)
_PART = re.compile(
    r"\b(?P<lead>(?:early|late|in the|this|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
    r"Sunday)\s+)(?P<t>morning|afternoon|evening)\b"
)


def clock(text: str) -> str:
    """'12:35 p.m.' -> '12:35', 'noon' -> '12:00', '7 a.m.' -> '07:00'."""
    t = text.lower().replace(" ", "")
    if t in ("noon", "midday"):
        return "12:00"
    if t == "midnight":
        return "00:00"
    m = re.fullmatch(r"(\d{1,2})(?::(\d{2}))?(a\.m\.|p\.m\.|am|pm)?", t)
    hour, minute, half = int(m.group(1)), int(m.group(2) or 0), (m.group(3) or "").replace(".", "")
    if half == "pm" and hour < 12:
        hour += 12
    if half == "am" and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}"


def find_times(text: str, start: int, end: int, dateline_zone: str = "") -> list[Proposal]:
    """Time of day with its zone: stated, or implied by the dateline's city; else left empty."""
    found = []
    for m in _TIME.finditer(text, start, end):
        bare = re.fullmatch(r"\d{1,2}:\d{2}", m.group("t").strip())
        if bare and not (m.group("qual") or m.group("at") or m.group("zone")):
            continue
        zone = ZONES.get((m.group("zone") or "").upper(), "")
        note = ""
        if not zone and dateline_zone:
            zone, note = dateline_zone, "time zone implied by the dateline"
        if m.group("conv"):
            note = (note + "; " if note else "") + f"'({m.group('conv')})' read as the same time in another zone"
        value = m.group("t")
        found.append(
            Proposal(
                "time",
                value,
                m.start("t"),
                m.end("t") if not m.group("zone") else m.end("zone"),
                normalized_value=clock(value),
                qualifier=(m.group("qual") or "").lower(),
                time_zone=zone,
                note=note,
            )
        )
    for m in _PART.finditer(text, start, end):
        found.append(
            Proposal(
                "time",
                m.group("t"),
                m.start("t"),
                m.end("t"),
                note="a part of the day, no clock time",
                time_zone=dateline_zone,
            )
        )
    return found
