"""What was fired (missile type), and what a source says it did not give (a not-given claim)."""

from __future__ import annotations

import re

from .proposal import Proposal

_TYPE = re.compile(
    r"\b(?P<hedge>(?:suspected|possible|presumed|apparent|what (?:it|they) claimed (?:was|were)|"
    r"suspected to be|believed to be)\s+)?(?:(?:new|solid-fuel(?:ed)?|liquid-fuel(?:ed)?)\s+)?"
    r"(?P<type>(?:short|medium|intermediate|long)-range(?:\s+ballistic)?(?:\s+(?:cruise\s+)?missiles?)?"
    r"|intercontinental\s+ballistic\s+missiles?|submarine-launched\s+ballistic\s+missiles?"
    r"|ICBMs?|IRBMs?|SRBMs?|SLBMs?"
    r"|hypersonic(?:\s+(?:missiles?|glide\s+vehicles?))?(?:\s+and\s+cruise\s+missiles?)?"
    r"|cruise\s+missiles?|ballistic\s+missiles?)(?![\w-])"
)
_CLASSES = [
    ("short-range", r"short-range|SRBM"),
    ("medium-range", r"medium-range|MRBM"),
    ("intermediate-range", r"intermediate-range|IRBM"),
    ("long-range", r"long-range"),
    ("intercontinental", r"intercontinental|ICBM"),
    ("submarine-launched", r"submarine-launched|SLBM"),
    ("hypersonic", r"hypersonic"),
    ("cruise", r"cruise"),
    ("ballistic", r"ballistic|[IMS]RBM|ICBM|SLBM"),
]


def missile_class(text: str) -> str:
    """The type words that matter, in a fixed order: 'short-range ballistic', 'hypersonic cruise'."""
    return " ".join(name for name, rx in _CLASSES if re.search(rf"(?i)\b(?:{rx})", text))


def find_types(text: str, start: int, end: int) -> list[Proposal]:
    found = []
    about_missiles = re.search(r"(?i)missile|launch|fired", text[start:end])
    for m in _TYPE.finditer(text, start, end):
        if not about_missiles and not re.search(r"(?i)missile|ICBM|RBM|SLBM", m.group("type")):
            continue  # "a long-range plan" is not a missile type
        hedge = re.sub(r"\s+(?:to be|was|were)$", "", (m.group("hedge") or "").strip())
        hedge = "claimed" if "claimed" in hedge else hedge
        value = re.sub(r"\s+", " ", m.group("type"))
        found.append(
            Proposal(
                "missile_type",
                value,
                m.start("type"),
                m.end("type"),
                normalized_value=missile_class(value),
                qualifier=hedge,
            )
        )
    return found


_NOT_GIVEN = [
    re.compile(
        r"\b(?:provided|gave|offered|released|disclosed|revealed|had)\s+no\s+(?:further\s+|other\s+|immediate\s+)?"
        r"(?:details|information|word)\s+(?:about|on|regarding|of|as to)\s+(?P<what>[^.;]{1,120})",
        re.IGNORECASE,
    ),
    re.compile(
        r"\bdid\s+not\s+(?:immediately\s+)?(?:say|disclose|specify|reveal|give|provide)\s+(?P<what>[^.;]{1,100})",
        re.IGNORECASE,
    ),
    re.compile(
        r"\bit\s+(?:was|is)\s+(?:not\s+(?:immediately\s+)?(?:clear|known)|unclear)\s+(?P<what>[^.;]{1,100})",
        re.IGNORECASE,
    ),
]
_WHAT = [
    ("missile_type", r"\btype\b|what (?:kind|sort) of|what (?:was|had been) (?:fired|launched)"),
    ("range", r"\brange\b|how far|\bdistance\b"),
    ("apogee", r"\baltitude\b|how high|\bapogee\b"),
    ("count", r"how many|\bnumber of\b"),
    ("landing_area", r"where (?:it|the missiles?) (?:landed|fell|came down)"),
    ("origin", r"where (?:it|the missiles?) (?:was|were) (?:fired|launched) from|launch (?:site|point)"),
]


def find_not_given(text: str, start: int, end: int) -> list[Proposal]:
    """'provided no details about the type of missile or its flight range': one not-given claim each."""
    found = []
    for rx in _NOT_GIVEN:
        for m in rx.finditer(text, start, end):
            for attribute, words in _WHAT:
                if re.search(words, m.group("what"), re.IGNORECASE):
                    found.append(Proposal(attribute, "", m.start(), m.end(), stance="not_given"))
    return found
