"""CSIS's list of North Korean provocations (1958 to the present), as a CSV of date, type, event,
description and resources: one row per provocation, no coordinates, its figures inside the text.

Each row becomes one event of the type its `type` and `event` name (a fixed table; a row that fits
none is rejected, not forced into one). Its claims come from the list itself, a database citing the
documents in `resources`, which are the claims' references, not originators. A range, apogee or
count is proposed only where the description states it, read by the same rules as a report added on
the Add a report page (`launchwatch.intake.measures`), with its span as evidence. The document's
text is the descriptions, one line per row (see `row_texts`), so every span points at the words it
came from. See docs/importers.md.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from .. import attributes
from ..intake.extract import sentences
from ..intake.measures import find_counts, find_distances
from ..intake.proposal import Proposal
from . import common

FORMAT = "csis"
LABEL = "CSIS list of North Korean provocations"
COLUMNS = ("date", "type", "event", "description", "resources")
REQUIRED = tuple(common.canon(c) for c in ("date", "type", "event", "description"))
EXPECTED = ", ".join(COLUMNS)
DATABASE = "CSIS list of North Korean provocations"
OUTLET = "Center for Strategic and International Studies (CSIS)"

# CSIS's event names, read for what kind of launch they are: the first that matches decides.
_LAUNCH_KINDS = (
    ("nuclear_test", r"nuclear test"),
    ("satellite_launch", r"satellite"),
    ("engine_test", r"engine"),
    ("cruise_missile_test", r"cruise"),
    ("artillery_fire", r"artillery|rocket launcher|multiple[- ]launch|\bmlrs\b|coastal gun|\bshell"),
    ("missile_launch", r"missile|\bicbm\b|\bslbm\b|\bsrbm\b|\bmrbm\b|\birbm\b|projectile"),
)
CSIS_TYPES = ("Missile Provocation", "Nuclear Provocation", "Other Provocation")
LAUNCHES = ("missile_launch", "cruise_missile_test", "satellite_launch")
# What a count may count on a launch: soldiers or balloons in a description are not what was fired.
_FIRED = {"missiles", "rounds", "rockets", "projectiles", "launches", "tests"}
# CSIS dates a launch known only to its month on the 1st, and says so in the description.
_MONTH_ONLY = re.compile(
    r"exact (?:day|date)\b[^.]{0,60}\b(?:is|was|are) (?:unknown|not known)|date was written as", re.IGNORECASE
)
# A count followed by "/year" or "per year" is a rate, not how many were fired.
_RATE_AFTER = re.compile(r"\s*(?:/|per\b|a year\b|each year\b|annually\b)", re.IGNORECASE)


def event_type(csis_type: str, event: str) -> str:
    """Our event type for CSIS's type and event name; RowError when none fits."""
    kind = " ".join(csis_type.split()).lower()
    if kind not in (t.lower() for t in CSIS_TYPES):
        raise common.RowError(f"type '{csis_type}' is not one of CSIS's types ({', '.join(CSIS_TYPES)})")
    found = next((t for t, words in _LAUNCH_KINDS if re.search(words, event, re.IGNORECASE)), None)
    if kind == "missile provocation":
        if found is None:
            raise common.RowError(
                f"event '{event}' of type '{csis_type}' names no kind of launch this importer knows "
                "(missile, cruise missile, satellite, artillery or rocket launcher, engine, nuclear test)"
            )
        return found
    if kind == "nuclear provocation":
        return "nuclear_test" if found == "nuclear_test" else "other_provocation"
    return "engine_test" if found == "engine_test" else "other_provocation"


def row_texts(table: common.RawTable) -> tuple[str, dict[int, int]]:
    """The document's text (each well-formed row's description, or its event name when the description
    is blank, then a line break), and where each row's line starts in it."""
    index = table.index()
    parts, starts, at = [], {}, 0
    for number, cells in table.rows:
        row = common.Row(number, cells, index)
        line = row.get("description") or row.get("event")
        starts[number] = at
        parts.append(line + "\n")
        at += len(line) + 1
    return "".join(parts), starts


@dataclass(frozen=True)
class _Provocation:
    row: int
    raw_date: str
    when: common.ParsedDate
    csis_type: str
    event: str
    event_type: str
    description: str
    line: tuple[int, int]  # the row's line in the document's text
    resources: list[str]


def _precision(when: common.ParsedDate, description: str) -> common.ParsedDate:
    """A day, unless the description says only the month is known and CSIS wrote the 1st for it."""
    if when.precision == "day" and when.date.day == 1 and _MONTH_ONLY.search(description):
        return common.ParsedDate(when.date, "month", when.two_digit_year)
    return when


def _read(row: common.Row, starts: dict[int, int]) -> _Provocation:
    raw_date, csis_type, event = row.get("date"), row.get("type"), row.get("event")
    description = row.get("description")
    if common.is_unknown(event) and common.is_unknown(description):
        raise common.RowError("event and description are both empty: nothing says what happened")
    when = _precision(common.parse_date(raw_date, "date", month_only=True), description)
    start = starts[row.number]
    return _Provocation(
        row=row.number,
        raw_date=raw_date,
        when=when,
        csis_type=csis_type,
        event=event,
        event_type=event_type(csis_type, event),
        description=description,
        line=(start, start + len(description or event)),
        resources=common.split_sources(row.get("resources")),
    )


def parse(table: common.RawTable, data: bytes) -> common.Parsed:
    digest = common.file_digest(data)
    doc_id = f"csis-{digest[:12]}"
    text, starts = row_texts(table)
    index = table.index()
    outputs: list[common.RowOutput] = []
    rejections = list(table.rejections)
    for number, cells in table.rows:
        try:
            provocation = _read(common.Row(number, cells, index), starts)
        except common.RowError as exc:
            rejections.append((number, str(exc)))
            continue
        outputs.append(_output(provocation, doc_id, table.name))

    source = common.SourceFile(table.name, digest, "CSIS provocations list", "CSIS's list of North Korean provocations")

    def documents(kept: list[common.RowOutput]) -> list[dict]:
        return [_document(doc_id, source, text, kept)]

    return common.Parsed(outputs, rejections, documents, notes=list(table.notes), texts={f"{doc_id}.txt": text})


def _document(doc_id: str, source: common.SourceFile, text: str, kept: list[common.RowOutput]) -> dict:
    latest = max(e["date"] for u in kept for e in u.events)
    doc = common.document_row(
        doc_id,
        label=source.label,
        outlet=OUTLET,
        reference_date=latest,
        reference_date_basis=(
            "Latest event date imported; the file has no relative dates to resolve. The document's text "
            "is each well-formed data row's description (its event name when the description is blank) "
            "followed by a line break, in file order: a claim's span points into that text, and sha256 "
            "is that text's."
        ),
        char_length=len(text),
        summary=source.summary(len(kept), "row", "spans point into the rows' descriptions, one line per row."),
    )
    doc["sha256"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return doc


def _output(p: _Provocation, doc_id: str, name: str) -> common.RowOutput:
    out = common.RowOutput(p.row)
    event_id = f"csis-row-{p.row}"
    basis = f"CSIS date '{p.raw_date}' in row {p.row} of {name}"
    if p.when.precision == "month" and len(p.raw_date) > 7:
        basis += "; the description says the exact day is not known: CSIS writes the 1st, so only the month is meant"
    elif p.when.precision == "month":
        basis += "; only the month is given"
    out.events.append(
        common.event_row(
            event_id,
            p.event_type,
            title=f"{p.event or p.csis_type}, {p.raw_date}",
            description=f"CSIS row {p.row} ({p.csis_type}: {p.event or 'no event name'}). {p.description}".strip(),
            date=p.when.date,
            date_precision=p.when.precision,
            date_basis=basis,
        )
    )
    _claims(p, common.RowClaims(event_id, doc_id, p.row, out.claims))
    return out


def _claims(p: _Provocation, claims: common.RowClaims) -> None:
    """What the list says: the row's own facts span its line; each figure spans its words."""
    cites = f" (CSIS cites: {'; '.join(p.resources)})" if p.resources else " (CSIS cites no source)"

    def claim(attribute: str, text: str, span: tuple[int, int] = p.line, **kwargs) -> None:
        made = claims.add(DATABASE, "database", attribute, text + cites + ".", **kwargs)
        made.update(span_start=span[0], span_end=span[1])

    named = p.event or p.csis_type
    claim("occurred", f"{named} ({p.csis_type})")
    resolved = p.when.date if p.when.precision == "day" else None
    day_unknown = " (the 1st stands for the month: the exact day is not known)" if p.when.precision == "month" else ""
    claim("date", f"Date: {p.raw_date}{day_unknown}", value=p.raw_date, resolved=resolved)
    if p.event_type in LAUNCHES and p.event:
        claim("missile_type", f"What was fired: {p.event}", value=p.event)
        term = attributes.missile_class(p.event)
        if term != "unknown":
            claim("missile_class", f"Missile class: {term} (from CSIS's event name '{p.event}')", value=term)
    for found in figures(p.description) if p.description else []:
        where = (p.line[0] + found.span_start, p.line[0] + found.span_end)
        quote = p.description[found.span_start : found.span_end]
        label = found.attribute.capitalize()
        text = f"{label}: {quote} (as the description states it)"
        if found.attribute == "count":
            claim("count", text, where, measure=_count(found))
        else:
            claim(found.attribute, text, where, measure=_distance(found))


def figures(description: str) -> list[Proposal]:
    """The ranges, apogees and counts of what was fired that a description states, sentence by sentence."""
    found = []
    for _, start, end in sentences(description):
        for p in find_distances(description, start, end) + find_counts(description, start, end):
            if p.attribute == "count" and (
                p.normalized_unit not in _FIRED
                or p.normalized_value is None
                or _RATE_AFTER.match(description, p.span_end)
            ):
                continue
            found.append(p)
    return found


def _distance(p: Proposal) -> common.Measure:
    """A figure as the importers hold one: the number as written, its unit, and km."""
    measure = common.parse_measure(p.value, p.attribute)
    if measure is not None and measure.normalized is not None:
        return common.Measure(measure.raw, measure.value, measure.unit, p.qualifier, measure.normalized, "km")
    return common.Measure(p.value, p.value, "", p.qualifier, p.normalized_value, "km")


def _count(p: Proposal) -> common.Measure:
    return common.Measure(p.value, p.value, p.unit, p.qualifier, p.normalized_value, p.normalized_unit)
