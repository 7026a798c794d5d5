"""How a run of the extractor compares with claims curated by hand: hits, wrong values, exact spans.

A hit is a proposal of the claim's attribute whose span overlaps the claim's span and whose value is
the claim's value (a date the same day and precision, a figure the same normalised number, a missile
type the same type words, a place or direction the same words). A proposal overlapping a curated claim
of its attribute with a different value is a wrong value. Proposals no claim covers are counted apart:
the curation is not exhaustive, so they are neither hits nor errors.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from .kinds import missile_class
from .numbers import parse_number, parse_ordinal
from .proposal import Proposal

SCORED = (
    "date",
    "time",
    "range",
    "apogee",
    "duration",
    "count",
    "missile_type",
    "origin",
    "direction",
    "landing_area",
    "ordinal_in_year",
    "ordinal_since",
)
_ORDINALS = ("ordinal_in_year", "ordinal_since", "sequence")


@dataclass
class Expected:
    """A curated claim reduced to what the extractor should propose."""

    attribute: str
    value: str
    start: int
    end: int
    normalized_value: float | None = None
    resolved_date: str = ""
    precision: str = ""
    stance: str = "stated"
    originator: str = ""
    via: str = ""


@dataclass
class Score:
    expected: int = 0
    hits: int = 0
    originator_hits: int = 0
    exact_spans: int = 0
    wrong: list[tuple[Expected, Proposal]] = field(default_factory=list)
    missed: list[Expected] = field(default_factory=list)
    right_proposals: int = 0
    extra: int = 0
    other_originator: list[tuple[Expected, Proposal]] = field(default_factory=list)


def _same_attribute(e: Expected, p: Proposal) -> bool:
    return e.attribute == p.attribute or (e.attribute in _ORDINALS and p.attribute in _ORDINALS)


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'").lower()).strip()


def same_value(e: Expected, p: Proposal, text: str) -> bool:
    if e.stance != p.stance:
        return False
    if e.stance != "stated":
        return True
    if e.attribute == "date":
        return p.resolved_date == e.resolved_date and (p.date_precision or "day") == (e.precision or "day")
    if e.attribute in _ORDINALS:
        return p.normalized_value == parse_ordinal(e.value)
    if e.attribute in ("range", "apogee", "duration", "count"):
        want = e.normalized_value if e.normalized_value is not None else parse_number(e.value)
        got = p.normalized_value
        return want is not None and isinstance(got, float) and math.isclose(got, want, abs_tol=0.051)
    if e.attribute == "missile_type":
        want, got = set(missile_class(e.value).split()), set(missile_class(p.value).split())
        return bool(want) and want <= got and got - want <= {"ballistic"}
    want, got = _words(e.value), _words(text[p.span_start : p.span_end])
    return bool(want) and (want in got or _words(p.value) in want)


def _overlaps(e: Expected, p: Proposal) -> bool:
    return p.span_start < e.end and e.start < p.span_end


def score(expected: list[Expected], proposals: list[Proposal], text: str, organisation=None) -> dict[str, Score]:
    """Per attribute: the curated claims found, missed and contradicted by the proposals.

    Two originators are the same when `organisation` (the alias table's name -> organisation) gives
    them the same organisation: "South Korea's military" and "South Korea's Joint Chiefs of Staff"."""
    org = organisation or (lambda name: name)
    scores = {a: Score() for a in SCORED}
    for e in expected:
        s = scores["ordinal_in_year" if e.attribute in _ORDINALS and e.attribute not in scores else e.attribute]
        s.expected += 1
        near = [p for p in proposals if _same_attribute(e, p) and _overlaps(e, p)]
        hits = [p for p in near if same_value(e, p, text)]
        if hits:
            s.hits += 1
            same = any(org(p.originator) == org(e.originator) for p in hits)
            s.originator_hits += same
            if not same:
                s.other_originator.append((e, hits[0]))
            s.exact_spans += any((p.span_start, p.span_end) == (e.start, e.end) for p in hits)
        else:
            s.missed.append(e)
    for p in proposals:
        if p.attribute not in scores:
            continue
        near = [e for e in expected if _same_attribute(e, p) and _overlaps(e, p)]
        if not near:
            scores[p.attribute].extra += 1
        elif any(same_value(e, p, text) for e in near):
            scores[p.attribute].right_proposals += 1
        else:
            scores[p.attribute].wrong.append((near[0], p))
    return scores
