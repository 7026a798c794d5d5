"""Rows the store's tests write, as an analyst's report would give them."""

from __future__ import annotations

from launchwatch import schema

LAUNCH = "launch-2025-11-07"


def range_claim(claim_id: str, document_id: str, report: str, **changes) -> dict:
    """A claim that the bundled launch flew about 300 km, its span the words saying so in `report`."""
    start = report.index("flew about 300 km")
    row = {
        "claim_id": claim_id,
        "event_id": LAUNCH,
        "document_id": document_id,
        "originator": "the military",
        "originator_kind": "military",
        "attribute": "range",
        "stance": schema.STATED,
        "claim": "About 300 km.",
        "value": "300",
        "unit": "km",
        "qualifier": "about",
        "normalized_value": 300.0,
        "normalized_unit": "km",
        "span_start": start,
        "span_end": start + len("flew about 300 km"),
    }
    return {**row, **changes}
