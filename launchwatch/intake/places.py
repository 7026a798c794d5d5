"""Origin, direction and landing area, with places matched to the gazetteer by its own spellings.

Only names and aliases listed in the places table count as places: a name the gazetteer lacks is kept
as written with no place, never matched to the nearest-sounding one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from .proposal import Proposal


@dataclass(frozen=True)
class PlaceMention:
    start: int
    end: int
    text: str
    place_id: str


class PlaceFinder:
    def __init__(self, places: pd.DataFrame):
        names: dict[str, str] = {}
        for row in places.itertuples():
            spellings = [a for a in str(getattr(row, "aliases", "") or "").split("|") if a]
            if "(" not in row.name and "," not in row.name:
                spellings.append(row.name)
            for s in spellings:
                names.setdefault(s.strip(), row.place_id)
        self._ids = {k.lower(): v for k, v in names.items()}
        self._names = names
        # Spellings match as written ("the east" is not "the East Sea"); a lower-case one may open a sentence.
        ordered = sorted(names, key=len, reverse=True)
        alternatives = [
            re.escape(n) if not n[:1].islower() else f"[{n[0].upper()}{n[0]}]{re.escape(n[1:])}" for n in ordered
        ]
        self._rx = re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])") if ordered else None

    def find(self, text: str, start: int, end: int) -> list[PlaceMention]:
        if self._rx is None:
            return []
        return [
            PlaceMention(m.start(), m.end(), m.group(0), self._ids[m.group(0).lower()])
            for m in self._rx.finditer(text, start, end)
        ]


_FIRED = re.compile(
    r"\b(?:fir(?:e|ed|es|ing)|launch(?:ed|es|ing)?|shot|flew|fl(?:ying|own)|travel\w*|came)\b", re.IGNORECASE
)
_FROM = re.compile(r"\bfrom\b(?P<tail>[^.;]{0,90}?)(?=\s+(?:toward|towards|into|and|at|on)\b|[,.;]|$)", re.IGNORECASE)
_TOWARD = re.compile(r"\b(?:toward|towards|into|off)\b", re.IGNORECASE)
_COMPASS = re.compile(
    r"\b(?:toward|towards)\s+the\s+(?P<c>(?:north|south)?(?:east|west)|north|south)\b(?!\s+(?:coast|sea))"
    r"|\b(?P<c2>(?:north|south)?(?:east|west)ward|northward|southward)\b",
    re.IGNORECASE,
)
_LANDED = re.compile(
    r"\b(?P<hedge>(?:most\s+)?likely\s+|probably\s+|apparently\s+|reportedly\s+)?"
    r"(?:landed|fell|came down|splashed down|crashed|impacted)\s+"
    r"(?P<phrase>(?:in|into|inside|outside|within|far from|near|off|beyond)\b[^,.;]{1,80}?)"
    r"(?=\s+(?:and|after|before|while)\b|[,.;]|$)",
    re.IGNORECASE,
)


# The flight's path over land: "watched it travel about 700 km across the country", "flew over Japan".
_ACROSS = re.compile(r"\b(?:across|over)\s+(?:the\s+)?(?:country|peninsula|Japan|Korea|North Korea|the East Sea)\b")


def find_origin(text: str, start: int, end: int, places: list[PlaceMention]) -> list[Proposal]:
    if not _FIRED.search(text, start, end):
        return []
    found = []
    for m in _FROM.finditer(text, start, end):
        inside = [p for p in places if m.start("tail") <= p.start and p.end <= m.end("tail")]
        if inside:
            p = inside[-1]
            found.append(Proposal("origin", p.text, m.start(), p.end, place=p.place_id))
    return found


def find_direction(text: str, start: int, end: int, places: list[PlaceMention]) -> list[Proposal]:
    if not _FIRED.search(text, start, end):
        return []
    found = []
    for p in places:
        lead = text[max(start, p.start - 12) : p.start]
        m = re.search(r"\b(?:toward|towards|into)\s+(?:the\s+|its\s+|their\s+)?$", lead, re.IGNORECASE)
        own = re.match(r"off\b", p.text, re.IGNORECASE)
        if m or own:
            s = p.start - len(m.group(0)) if m else p.start
            found.append(Proposal("direction", p.text, s, p.end, place=p.place_id))
    for m in _ACROSS.finditer(text, start, end):
        found.append(Proposal("direction", m.group(0), m.start(), m.end()))
    for m in _COMPASS.finditer(text, start, end):
        if any(p.start <= m.start() < p.end or m.start() <= p.start < m.end() for p in places):
            continue
        word = m.group("c") or m.group("c2")
        found.append(Proposal("direction", word, m.start(), m.end()))
    return found


def find_landing(text: str, start: int, end: int, places: list[PlaceMention]) -> list[Proposal]:
    found = []
    for m in _LANDED.finditer(text, start, end):
        inside = [p for p in places if m.start("phrase") <= p.start and p.end <= m.end("phrase")]
        found.append(
            Proposal(
                "landing_area",
                m.group("phrase"),
                m.start("phrase"),
                m.end("phrase"),
                qualifier=(m.group("hedge") or "").strip().lower(),
                place=inside[0].place_id if inside else "",
            )
        )
    return found
