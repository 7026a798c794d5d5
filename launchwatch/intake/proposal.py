"""One proposed claim: what a sentence of a report states, where, and who it says stated it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

REPORT_ITSELF = "the report itself"


@dataclass
class Proposal:
    attribute: str
    value: str
    span_start: int
    span_end: int
    unit: str = ""
    normalized_value: float | str | None = None
    normalized_unit: str = ""
    qualifier: str = ""
    stance: str = "stated"
    resolved_date: str = ""  # ISO day: the first day of the period for week/month/year
    date_precision: str = ""
    time_zone: str = ""
    originator: str = REPORT_ITSELF
    originator_kind: str = "report_itself"
    via: str = ""
    place: str = ""  # place_id in the gazetteer
    event_id: str = ""  # an existing event, empty when the claim calls for a new one
    event_type: str = ""
    event_date: str = ""
    event_precision: str = ""
    sentence_start: int = 0
    sentence_end: int = 0
    note: str = ""

    def row(self) -> dict:
        return asdict(self)


COLUMNS = [f.name for f in fields(Proposal)]
# The columns in the order the command line prints them: the required ones first.
ORDERED = [
    "attribute",
    "value",
    "unit",
    "normalized_value",
    "normalized_unit",
    "qualifier",
    "stance",
    "resolved_date",
    "date_precision",
    "time_zone",
    "originator",
    "originator_kind",
    "via",
    "place",
    "event_id",
    "event_type",
    "event_date",
    "event_precision",
    "span_start",
    "span_end",
    "sentence_start",
    "sentence_end",
    "note",
]
assert sorted(ORDERED) == sorted(COLUMNS)
