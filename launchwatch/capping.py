"""A long list of problems cut to a length a person can read, saying how many were left out.

A file of a hundred thousand rows with one fault each would otherwise send a hundred thousand lines
to the page (and megabytes to the browser). The first few lines of each kind of problem are shown in
their order, then one line says how many more rows have that same problem; past a total, one line
says how many other lines were left out. Two problems are of one kind when they differ only in the
values they quote and the numbers they give (the row, the value).
"""

from __future__ import annotations

import re
from collections import Counter

PER_KIND = 5
AT_MOST = 100

_QUOTED = re.compile(r"'[^']*'")
_NUMBER = re.compile(r"\d[\d,.]*")


def kind_of(text: str) -> str:
    return _NUMBER.sub("N", _QUOTED.sub("'…'", text))


def capped(lines: list[str], kinds: list[str] | None = None, indent: str = "") -> list[str]:
    """`lines` as they are when short; else the first PER_KIND of each kind (by `kinds`, or by
    kind_of each line), each kind followed by how many more of it there are, AT_MOST lines in all."""
    kinds = kinds if kinds is not None else [kind_of(line) for line in lines]
    if len(lines) <= AT_MOST and max(Counter(kinds).values(), default=0) <= PER_KIND:
        return list(lines)
    total = Counter(kinds)
    shown: Counter = Counter()
    out: list[str] = []
    hidden = 0  # rows left out that no "more rows with the same problem" line counts
    for line, kind in zip(lines, kinds, strict=True):
        shown[kind] += 1
        if shown[kind] > PER_KIND:
            continue
        last = shown[kind] == min(PER_KIND, total[kind])
        more = total[kind] - PER_KIND if last and total[kind] > PER_KIND else 0
        if len(out) >= AT_MOST:
            hidden += 1 + more
            continue
        out.append(line)
        if more:
            out.append(f"{indent}… and {more:,} more rows with the same problem")
    if hidden:
        out.append(f"{indent}… and {hidden:,} more rows with other problems")
    return out
