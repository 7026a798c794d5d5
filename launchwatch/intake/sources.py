"""Who a sentence says stated it: the originator, resolved through the alias table, and the wire service.

"according to South Korea's military", "X said", "citing officials in Seoul", "as Reuters reported",
"quoted by RIA Novosti": the organisation is the originator, the news agency the `via`. A name that
matches no known originator closely and unambiguously is kept as written (a new originator), never
replaced by a near miss.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

WIRES = {
    "reuters": "Reuters",
    "the associated press": "The Associated Press",
    "associated press": "The Associated Press",
    "ap": "The Associated Press",
    "yonhap": "Yonhap",
    "yonhap news agency": "Yonhap",
    "kyodo": "Kyodo",
    "afp": "AFP",
    "agence france-presse": "AFP",
    "ria novosti": "RIA Novosti",
    "tass": "TASS",
    "kcna": "KCNA",
    "xinhua": "Xinhua",
    "nhk": "NHK",
    "bloomberg": "Bloomberg",
}
_WIRE_RX = "(?i:" + "|".join(re.escape(w) for w in sorted(WIRES, key=len, reverse=True)) + ")"
_SAY = (
    r"said|says|stated|told|reported|reports|confirmed|announced|added|noted|provided|gave|spotted|detected|"
    r"tracked|watched|observed|issued|defended|condemned|urged|warned|claimed|estimated|assessed"
)
_ADVERB = (
    r"(?:\s*,\s*in turn\s*,|\s*,\s*quoted by [^,]{2,40},|"
    r"\s+(?:also|later|earlier|separately|further|previously|in turn))?"
)
_NP = (
    r"(?P<who>(?:[A-Z][\w.'’-]*|of|the|in|and|for|on|military|officials?|spokes\w+|ministry|government|office|"
    r"intelligence|sources?|experts?|analysts?|chiefs|staff|command|joint)(?:\s+(?:[A-Z][\w.'’-]*|of|the|in|and|"
    r"for|on|de|military|officials?|spokes\w+|ministry|government|office|intelligence|sources?|experts?|"
    r"analysts?|defen[cs]e|foreign|prime|minister|secretary|president|chiefs|staff|command|joint|national|"
    r"security|council|navy|army|air|force|coast|guard|news|agency)){0,8})"
)
# A name up to the next punctuation; initials such as "U.S." keep their dots.
_NAME = r"(?:(?:[A-Z]\.)+(?=\s*\w)|[^,.;:\"“”]){2,80}?"
PATTERNS = [
    ("according", re.compile(rf"\baccording\s+to\s+(?P<who>{_NAME})(?=\s*(?:[,.;:\"“”]|$|\bciting\b))")),
    ("citing", re.compile(rf"\bciting\s+(?P<who>{_NAME})(?=\s*(?:[,.;:\"“”]|$))")),
    ("quoted", re.compile(r"\bquoted\s+by\s+(?P<who>[^,.;:]{2,60}?)(?=\s*[,.;:])")),
    (
        "by",
        re.compile(rf"\b(?:reported|confirmed|carried)\s+by\s+(?P<who>(?:{_WIRE_RX})(?:\s+and\s+(?:{_WIRE_RX}))*)\b"),
    ),
    ("as", re.compile(rf"\bas\s+(?P<who>{_WIRE_RX})\s+(?:reported|reports|said)\b", re.IGNORECASE)),
    (
        "said_by",
        re.compile(r"[,”\"]\s*(?:said|says|told|added|reported)\s+(?P<who>[^,.;:\"“”]{2,80}?)(?=\s*(?:[,.;]|$))"),
    ),
    ("says", re.compile(rf"{_NP}{_ADVERB}\s+(?:{_SAY})\b")),
    (
        "people_at",
        re.compile(
            rf"(?P<who>(?:[A-Z][\w.'’-]*\s+)*"
            rf"(?:[Aa]nalysts?|[Ee]xperts?|[Rr]esearchers?|[Oo]fficials?)"
            rf"\s+(?:at|from|with|of|in)\s+(?:[\w.'’-]+\s+){{0,5}}?[\w.'’-]+)\s+(?:{_SAY})\b"
        ),
    ),
]
_ORG_WORDS = re.compile(
    r"(?i)\b(?:military|officials?|spokes\w+|ministry|minister|government|office|intelligence|"
    r"chiefs|command|president|secretary|kremlin|experts?|analysts?|sources?|JCS|army|navy)\b|" + _WIRE_RX
)
_SPEECH = re.compile(r"\b(?:said|says|stated|told|reported|reports|according|citing|quoted|announced|added)\b")


@dataclass(frozen=True)
class Attribution:
    originator: str
    via: str
    explicit: bool  # a reporting verb ("said", "according to"), which later sentences about "the missile" inherit


def _wire(phrase: str) -> str | None:
    return WIRES.get(re.sub(r"^the\s+", "the ", phrase.strip().lower()).strip()) or WIRES.get(phrase.strip().lower())


def _clean(who: str) -> str:
    who = re.sub(r"^(?:(?:earlier|later|meanwhile|however|separately)\s*,?\s*)", "", who.strip(), flags=re.IGNORECASE)
    who = re.sub(r"(?:\s+(?:also|later|earlier|in turn|and|of|the|in|on|for))+$", "", who)
    return who.strip(" ,")


def mentions(sentence: str) -> list[tuple[int, str, str]]:
    """(position, kind, phrase) for every attribution phrase in a sentence."""
    found = []
    for kind, rx in PATTERNS:
        for m in rx.finditer(sentence):
            who = _clean(m.group("who"))
            if kind in ("says", "said_by") and not _ORG_WORDS.search(who) and not re.search(r"[A-Z]", who[1:]):
                continue
            if kind == "said_by" and re.match(r"(?i)that\b", who):
                continue
            if who and who.lower() not in ("it", "they", "he", "she", "the", "we"):
                found.append((m.start("who"), kind, who))
    return sorted(found)


_DEMONYMS = [
    (r"\bSouth Korean\b", "South Korea's"),
    (r"\bNorth Korean\b", "North Korea's"),
    (r"\bJapanese\b", "Japan's"),
    (r"\bRussian\b", "Russia's"),
    (r"\bChinese\b", "China's"),
    (r"\bSeoul's\b", "South Korea's"),
    (r"\bTokyo's\b", "Japan's"),
    (r"\bPyongyang's\b", "North Korea's"),
    (r"\bMoscow's\b", "Russia's"),
    (r"\bBeijing's\b", "China's"),
    (r"\bUS\b", "U.S."),
    (r"\bJCS\b", "Joint Chiefs of Staff"),
]
_COUNTRIES = {"japan", "south korea", "north korea", "china", "russia", "pyongyang", "seoul", "tokyo"}
_MIN_SCORE = 90


def _key(name: str) -> str:
    text = name.replace("’", "'").replace("‘", "'")
    for rx, repl in _DEMONYMS:
        text = re.sub(rx, repl, text)
    text = re.sub(r"[()]", " ", text)
    text = re.sub(r"^\s*the\s+", "", text, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", text).strip().lower()


class Originators:
    """The known originators (name -> kind), the alias table (name -> organisations), and how a phrase
    from a report resolves: to the organisation its name stands for when the table gives exactly one,
    else to the known name, else to the phrase as written."""

    def __init__(self, known: dict[str, str], organisations: dict[str, set[str]] | None = None):
        self.organisations = {n: set(o) for n, o in (organisations or {}).items()}
        self.kinds = dict(known)
        for orgs in self.organisations.values():
            for org in orgs:
                self.kinds.setdefault(org, kind_of(org))
        self._by_key = {_key(n): n for n in [*known, *self.organisations]}

    def organisation(self, name: str) -> str:
        """The one organisation the alias table gives for a name; the name itself otherwise."""
        orgs = self.organisations.get(name, set())
        return next(iter(orgs)) if len(orgs) == 1 else name

    def _known(self, key: str) -> str | None:
        if key in self._by_key:
            return self._by_key[key]
        if len([w for w in key.split() if w not in ("of", "in", "and", "the")]) < 2 or not self._by_key:
            return None
        best = process.extract(key, list(self._by_key), scorer=fuzz.token_set_ratio, limit=3)
        top = [b for b in best if b[1] >= _MIN_SCORE and b[1] == best[0][1]]
        distinct = {self.organisation(self._by_key[b[0]]) for b in top}
        return distinct.pop() if len(distinct) == 1 else None

    def resolve(self, phrase: str) -> tuple[str, str]:
        """(originator, kind) for a phrase naming a source in a report."""
        wire = _wire(phrase)
        if wire:
            return wire, "wire_service"
        key = _key(phrase)
        if key in _COUNTRIES:
            key = _key(f"{phrase}'s government")
        name = self._known(key)
        if name is None:
            return phrase.replace("’", "'"), kind_of(phrase)
        name = self.organisation(name)
        return name, self.kinds.get(name) or kind_of(name)


def kind_of(phrase: str) -> str:
    rules = [
        ("intelligence", r"intelligence|spy agency"),
        ("military", r"military|chiefs|defen[cs]e|army|navy|command|forces"),
        ("expert", r"experts?|analysts?|researchers?"),
        (
            "government",
            r"government|minister|president|office|secretary|cabinet|"
            r"spokes\w+|kremlin|ministry|foreign",
        ),
    ]
    for kind, rx in rules:
        if re.search(rx, phrase, re.IGNORECASE):
            return kind
    return ""


def attribute(sentence: str, originators: Originators) -> Attribution | None:
    """The sentence's originator and wire service, or None when the sentence attributes nothing."""
    wires, people, explicit = [], [], False
    for _pos, kind, who in mentions(sentence):
        parts = re.split(r"\s+and\s+", who)
        if all(_wire(p) for p in parts):
            wires += [_wire(p) for p in parts if _wire(p) not in wires]
            continue
        people.append((kind, who))
    if not people and not wires:
        return None
    explicit = bool(_SPEECH.search(sentence))
    if people:
        name, _kind = originators.resolve(people[0][1])
        return Attribution(name, "; ".join(wires), explicit)
    return Attribution(wires[0], "; ".join(wires[1:]), explicit)
