"""From reviewed proposals to the rows the workspace stores: claims, the new events they call for, the document.

Also where an analyst's pasted quote lies in the report: exactly, else the closest stretch with a
warning (rapidfuzz's partial alignment), else not at all.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from .. import periods, schema
from .proposal import REPORT_ITSELF, Proposal

RELIABILITY = {
    "A": "Completely reliable",
    "B": "Usually reliable",
    "C": "Fairly reliable",
    "D": "Not usually reliable",
    "E": "Unreliable",
    "F": "Reliability cannot be judged",
}
# A value as written with its unit after the number ("450 km", "12 minutes"); the dataset keeps the number
# in `value` and the unit in `unit`, so nothing shows "450 km km".
_NUMBER_THEN_UNIT = re.compile(r"^(?P<number>\d[\d,.]*)\s*(?P<unit>[^\d\s][^\d]*)$")
CLOSEST_MIN = 80  # below this share of matching characters a pasted quote is "not found"
# Attribute names the extractor uses for what an older dataset calls by another name.
_OLDER_NAMES = {"ordinal_in_year": "sequence", "ordinal_since": "sequence"}


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    exact: bool
    score: float


def find_quote(text: str, quote: str) -> Found | None:
    """Where `quote` lies in `text`: exactly, else the closest match scoring at least CLOSEST_MIN, else None."""
    quote = quote.strip()
    if not quote:
        return None
    at = text.find(quote)
    if at >= 0:
        return Found(at, at + len(quote), True, 100.0)
    squeezed = re.sub(r"\s+", " ", quote)
    hit = fuzz.partial_ratio_alignment(squeezed, text, score_cutoff=CLOSEST_MIN)
    if hit is None:
        return None
    return _snap(text, squeezed, hit.dest_start, hit.dest_end)


def _snap(text: str, quote: str, start: int, end: int, slack: int = 12) -> Found:
    """The aligned window moved to word boundaries, choosing the edges that match the quote best."""
    starts = [
        i
        for i in range(max(0, start - slack), min(len(text), start + slack) + 1)
        if i == 0 or (not text[i - 1].isalnum() and text[i].isalnum())
    ] or [start]
    ends = [
        i
        for i in range(max(0, end - slack), min(len(text), end + slack) + 1)
        if i == len(text) or (text[i - 1].isalnum() and not text[i].isalnum())
    ] or [end]
    best = max(((fuzz.ratio(quote, text[s:e]), s, e) for s in starts for e in ends if e > s), default=None)
    if best is None:
        return Found(start, end, False, 0.0)
    return Found(best[1], best[2], False, round(best[0], 1))


def document_id(text: str) -> str:
    """A report's id from its text, as the bundled ones: the text's hash, so the same text is the same report."""
    return "r-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def attribute_name(attribute: str) -> str | None:
    """The dataset's name for an extractor attribute, or None when the dataset has no such attribute."""
    if attribute in schema.ATTRIBUTES:
        return attribute
    older = _OLDER_NAMES.get(attribute)
    return older if older in schema.ATTRIBUTES else None


def claim_sentence(p: Proposal) -> str:
    """The claim in our words: what the proposal asserts, for the claims table's `claim` column."""
    who = "" if p.originator == REPORT_ITSELF else f" ({p.originator})"
    if p.stance == "not_given":
        return f"No {p.attribute.replace('_', ' ')} given{who}."
    value = " ".join(x for x in (p.qualifier, p.value, p.unit if p.unit and p.unit not in p.value else "") if x)
    if p.resolved_date:
        value += f" ({periods.label(p.resolved_date, p.date_precision or 'day')})"
    return f"{p.attribute.replace('_', ' ').capitalize()}: {value}{who}."


def _new_event(p: Proposal, document: str) -> dict:
    return {
        "event_id": f"{p.event_type}-{p.event_date}-{document[-6:]}",
        "event_type": p.event_type,
        "title": f"{p.event_type.replace('_', ' ').capitalize()} of {p.event_date}",
        "description": f"Proposed from report {document}; not yet described.",
        "date": p.event_date,
        "date_precision": p.event_precision or "day",
        "date_basis": f"From report {document}: {p.note or 'its stated date'}.",
        "place_id": "",
        "place_basis": "",
        "key_event": False,
    }


def stored_value(value: str, unit: str) -> str:
    """The value as the dataset keeps it: with a unit given, the number alone ('450 km', km: '450');
    anything else as written ('12:35 p.m.', 'one', 'same number')."""
    found = _NUMBER_THEN_UNIT.match(value.strip())
    return found["number"] if unit and found else value


def _claim_row(p: Proposal, claim_id: str, event_id: str, document: str) -> dict:
    number = p.normalized_value if isinstance(p.normalized_value, float) else None
    row = {
        "claim_id": claim_id,
        "event_id": event_id,
        "document_id": document,
        "originator": p.originator,
        "originator_kind": p.originator_kind,
        "via": p.via,
        "attribute": attribute_name(p.attribute),
        "stance": p.stance,
        "claim": claim_sentence(p),
        "value": stored_value(p.value, p.unit),
        "unit": p.unit,
        "qualifier": p.qualifier,
        "normalized_value": number,
        "normalized_unit": p.normalized_unit if number is not None else "",
        "resolved_date": p.resolved_date,
        "resolved_precision": p.date_precision if p.resolved_date else "",
        "span_start": p.span_start,
        "span_end": p.span_end,
    }
    return {k: v for k, v in row.items() if k in schema.CLAIMS.column_names}


def problem(p: Proposal) -> str | None:
    """Why a proposal cannot be stored as it stands, or None when it can."""
    if attribute_name(p.attribute) is None:
        return f"the dataset has no attribute '{p.attribute}'"
    if p.originator_kind not in schema.ORIGINATOR_KINDS:
        return f"choose the kind of originator for '{p.originator}'"
    if not p.event_id and not (p.event_type in schema.EVENT_TYPES and p.event_date):
        return "attach it to an event (none of its type and date, and no date to make one)"
    return None


def claim_rows(proposals: list[Proposal], document: str) -> tuple[list[dict], list[dict], list[str]]:
    """The claims and new events that accepted proposals become, and why any could not be taken."""
    claims, events, problems = [], {}, []
    for n, p in enumerate(proposals, start=1):
        why = problem(p)
        if why:
            problems.append(f"proposal {n} ({p.attribute} {p.value!r} at {p.span_start}-{p.span_end}): {why}")
            continue
        event_id = p.event_id
        if not event_id:
            new = _new_event(p, document)
            event_id = events.setdefault(new["event_id"], new)["event_id"]
        claims.append(_claim_row(p, f"{document}-{len(claims) + 1:02d}", event_id, document))
    return claims, list(events.values()), problems


def new_originators(claims: list[dict], known) -> list[str]:
    """The claims' originators the workspace does not know yet (see reference.known_originators), in the
    order the claims first name them; the report's own statements are not an originator to add."""
    known = set(known)
    new = [c["originator"] for c in claims if c["originator"] and c["originator"] not in known]
    return [n for n in dict.fromkeys(new) if n != REPORT_ITSELF]


def alias_rows(names: list[str], stands_for: dict[str, str], who: str, document: str) -> list[dict]:
    """The alias table's rows for new originators: each stands for itself unless the analyst named the
    organisation behind it; the basis says who added it, with which report."""
    rows = []
    for name in names:
        organisation = stands_for.get(name) or name
        why = (
            "a new originator, standing for itself"
            if organisation == name
            else f"named by the analyst as {organisation}"
        )
        rows.append(
            {"alias": name, "organisation": organisation, "basis": f"Added by {who} with report {document}: {why}."}
        )
    return rows


def document_row(
    text: str,
    published: dt.date,
    *,
    name: str,
    outlet: str = "",
    dateline: str = "",
    url: str = "",
    title: str = "",
    reliability: str = "F",
    published_is_publication: bool = True,
) -> dict:
    """The document row of a report taken in; `published` is the report's date, its reference date."""
    doc = document_id(text)
    row = {
        "document_id": doc,
        "label": (title or name)[:80],
        "file_name": name,
        "outlet": outlet or schema.UNKNOWN,
        "dateline": dateline or schema.UNKNOWN,
        "published": published.isoformat() if published_is_publication else schema.UNKNOWN,
        "reference_date": published.isoformat(),
        "reference_date_basis": "The report's date as given by the analyst who added it.",
        "summary": title or f"Report added from {name}",
        "url": url,
        "reliability": reliability,
    }
    return {k: v for k, v in row.items() if k in schema.DOCUMENTS.column_names}
