"""The report's text with the proposals' spans marked, as Markdown in which the report's own text is inert.

Every piece of the report goes through escaping.md_escape, so a `<script>` or a `[link](...)` in a report
is shown as those characters. Only the marks around a span (a background colour and the proposal's
number) are ours. Paragraphs are kept: each line of the report is escaped on its own and the
paragraph break is written by us.
"""

from __future__ import annotations

from ..escaping import md_escape

ACCEPTED = "orange-background"
REJECTED = "gray-background"


def segments(length: int, spans: list[tuple[int, int, int, bool]]) -> list[tuple[int, int, list[int], bool]]:
    """Cut [0, length) at every span edge: (start, end, numbers of the spans covering it, any accepted)."""
    edges = sorted({0, length, *(s for s, _e, _n, _a in spans), *(e for _s, e, _n, _a in spans)})
    out = []
    for a, b in zip(edges, edges[1:], strict=False):
        if not 0 <= a < b <= length:
            continue
        covering = [(n, acc) for s, e, n, acc in spans if s <= a and b <= e]
        out.append((a, b, [n for n, _ in covering], any(acc for _, acc in covering)))
    return out


def _piece(text: str, covering: list[int], accepted: bool) -> str:
    lines = [md_escape(line) for line in text.split("\n")]
    if not covering:
        return "\n\n".join(lines)
    colour = ACCEPTED if accepted else REJECTED
    return "\n\n".join(f":{colour}[{line}]" if line.strip() else line for line in lines)


def highlighted(text: str, spans: list[tuple[int, int, int, bool]]) -> str:
    """Markdown of `text` with each (start, end, number, accepted) span marked and numbered at its end."""
    ends: dict[int, list[int]] = {}
    for _s, e, n, _a in spans:
        ends.setdefault(e, []).append(n)
    out = []
    for a, b, covering, accepted in segments(len(text), spans):
        out.append(_piece(text[a:b], covering, accepted))
        if b in ends:
            out.append("".join(f" :blue-badge[{n}]" for n in sorted(ends.pop(b))) + " ")
    return "".join(out)
