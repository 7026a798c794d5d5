"""Where a claim's supporting text lies in its report, and finding it again when the text changes.

A claim keeps its span's offsets and a quote selector: the exact text with a short prefix and suffix
(the W3C Web Annotation TextQuoteSelector). Offsets are tried first; when the report's text is saved
again with other whitespace or quote marks, the quote is looked for instead, compared with those
differences ignored, and the context decides between several matches. A claim whose quote is found
nowhere is orphaned: it keeps its old offsets and is flagged, never moved to a guess.
"""

from __future__ import annotations

from dataclasses import dataclass

CONTEXT = 32  # characters of prefix and suffix kept beside the exact quote

ANCHORED = "anchored"  # the offsets still hold the quote
REANCHORED = "reanchored"  # the quote was found elsewhere and the offsets follow it
ORPHANED = "orphaned"  # the quote is not in the text: the offsets are kept but no longer trusted

# Marks that a re-saved text often swaps for one another.
_SAME = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
    }
)


@dataclass(frozen=True)
class Quote:
    exact: str
    prefix: str
    suffix: str


@dataclass(frozen=True)
class Anchor:
    start: int
    end: int
    status: str


def quote(text: str, start: int, end: int, context: int = CONTEXT) -> Quote:
    """The quote selector for text[start:end]."""
    return Quote(text[start:end], text[max(0, start - context) : start], text[end : end + context])


def _normalised(text: str) -> tuple[str, list[int]]:
    """The text with quote marks unified and whitespace runs as one space, and where each character came from."""
    out: list[str] = []
    origin: list[int] = []
    unified = text.translate(_SAME)
    for i, ch in enumerate(unified):
        if ch.isspace():
            if out and out[-1] == " ":
                continue
            ch = " "
        out.append(ch)
        origin.append(i)
    return "".join(out), origin


def _loose(text: str) -> str:
    return _normalised(text)[0].strip()


def _occurrences(haystack: str, needle: str) -> list[int]:
    found, at = [], haystack.find(needle)
    while at >= 0 and needle:
        found.append(at)
        at = haystack.find(needle, at + 1)
    return found


def _context_score(norm: str, at: int, length: int, q: Quote) -> int:
    """How many characters of the prefix and suffix agree next to a match (nearest first)."""
    before, after = _loose(q.prefix), _loose(q.suffix)
    left = norm[:at].rstrip()
    right = norm[at + length :].lstrip()
    score = 0
    for a, b in zip(reversed(left), reversed(before), strict=False):
        if a != b:
            break
        score += 1
    for a, b in zip(right, after, strict=False):
        if a != b:
            break
        score += 1
    return score


def anchor(text: str, start: int, end: int, q: Quote) -> Anchor:
    """Where the quote lies in `text`: its offsets if they still hold it, else the best match, else orphaned."""
    if 0 <= start < end <= len(text) and text[start:end] == q.exact:
        return Anchor(start, end, ANCHORED)
    norm, origin = _normalised(text)
    needle = _loose(q.exact)
    hits = _occurrences(norm, needle)
    if not hits:
        return Anchor(start, end, ORPHANED)
    scored = [(_context_score(norm, h, len(needle), q), -abs(origin[h] - start), h) for h in hits]
    best = max(scored)
    if sum(1 for s in scored if s[:2] == best[:2]) > 1:
        return Anchor(start, end, ORPHANED)  # two places fit equally well: do not guess between them
    h = best[2]
    return Anchor(origin[h], origin[h + len(needle) - 1] + 1, REANCHORED)
