"""Our own flat claims table (what `python -m launchwatch export --format csv` and the dashboard's
download write, or the same columns as Parquet), rebuilt into the four tables.

The flat table carries less than the dataset: no document metadata or source text, no event
description, date basis or key event, and of a place only its name, point and precision. What is
missing is filled with stated defaults, never with guesses; see docs/importers.md.
"""
from __future__ import annotations

from .. import schema
from ..exports import EXPORT_COLUMNS
from .common import (
    EMPTY_SHA256,
    UNCERTAINTY_KM,
    Parsed,
    RawTable,
    Row,
    RowError,
    Unit,
    canon,
    check_cell,
    slug,
    unique_place_id,
)

FORMAT = "launchwatch"
LABEL = "Launchwatch flat claims table"
COLUMNS = tuple(EXPORT_COLUMNS)
# Columns added after the first exports: a file written before them is read with their defaults
# (every claim stated; day precision where a resolved date is given).
# organisation and carried_by are derived from the alias table when a dataset is loaded: not read back.
OPTIONAL = {"stance": schema.STATED, "resolved_precision": "", "organisation": "", "carried_by": ""}
REQUIRED = tuple(canon(c) for c in COLUMNS if c not in OPTIONAL)
EXPECTED = ", ".join(EXPORT_COLUMNS)

# A place's kind follows from its precision where the two vocabularies share a word; a province has
# no kind of its own and is an administrative region.
_KIND_BY_PRECISION = {"site": "site", "city": "city", "county": "county", "province": "region",
                      "sea_area": "sea_area", "country": "country", "region": "region"}

_EVENT_FIELDS = ("event_date", "date_precision", "event_type", "title", "place", "latitude", "longitude",
                 "geo_precision")

# Export column -> the dataset column whose rules it follows.
_CHECKS = [
    ("event_id", schema.EVENTS.column("event_id")),
    ("event_date", schema.EVENTS.column("date")),
    ("date_precision", schema.EVENTS.column("date_precision")),
    ("event_type", schema.EVENTS.column("event_type")),
    ("title", schema.EVENTS.column("title")),
    ("claim_id", schema.CLAIMS.column("claim_id")),
    ("document", schema.CLAIMS.column("document_id")),
    *[(c.name, c) for c in schema.CLAIMS.columns if c.name not in ("claim_id", "event_id", "document_id")],
]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _unneutralise(text: str) -> str:
    """Undo the apostrophe the exporter puts before a cell a spreadsheet would run as a formula."""
    if text.startswith("'") and text[1:].startswith(_FORMULA_START):
        return text[1:]
    return text


def parse(table: RawTable, data: bytes) -> Parsed:
    index = table.index()
    name = table.name
    units: list[Unit] = []
    rejections = list(table.rejections)
    events_seen: dict[str, tuple[int, dict]] = {}
    claims_seen: dict[str, int] = {}
    places: dict[tuple[str, float, float], tuple[str, str, int]] = {}  # key -> (place_id, precision, row)
    taken: set[str] = set()

    for number, cells in table.rows:
        row = Row(number, cells, index)
        get = {c: _unneutralise(row.get(canon(c))) for c in EXPORT_COLUMNS}
        for column, default in OPTIONAL.items():
            if canon(column) not in index:
                get[column] = default
        try:
            for column, rule in _CHECKS:
                problem = check_cell(rule, get[column], label=column)
                if problem:
                    raise RowError(problem)
            if int(float(get["span_start"])) < 0:
                raise RowError(f"span_start {get['span_start']} is negative")
            if float(get["span_end"]) <= float(get["span_start"]):
                raise RowError(f"span_end {get['span_end']} must be greater than span_start {get['span_start']}")

            place_key = None
            if get["place"]:
                for column in ("latitude", "longitude"):
                    problem = check_cell(schema.PLACES.column(column), get[column], label=column)
                    if problem:
                        raise RowError(f"{problem} (the row names the place '{get['place']}')")
                problem = check_cell(schema.PLACES.column("geo_precision"), get["geo_precision"], label="geo_precision")
                if problem:
                    raise RowError(f"{problem} (the row names the place '{get['place']}')")
                lat, lon = float(get["latitude"]), float(get["longitude"])
                if not -90 <= lat <= 90:
                    raise RowError(f"latitude {get['latitude']} is outside -90..90")
                if not -180 <= lon <= 180:
                    raise RowError(f"longitude {get['longitude']} is outside -180..180")
                place_key = (get["place"], lat, lon)
            elif get["latitude"] or get["longitude"] or get["geo_precision"]:
                raise RowError("latitude, longitude or geo_precision is given but place is empty: "
                               "a point needs the name of the place it stands for")

            event_values = {f: get[f] for f in _EVENT_FIELDS}
            if place_key:
                event_values["latitude"], event_values["longitude"] = place_key[1], place_key[2]
            earlier = events_seen.get(get["event_id"])
            if earlier:
                for f in _EVENT_FIELDS:
                    if earlier[1][f] != event_values[f]:
                        raise RowError(f"event '{get['event_id']}' has {f} '{event_values[f]}' here but "
                                       f"'{earlier[1][f]}' in row {earlier[0]}: an event's columns must agree")
            if get["claim_id"] in claims_seen:
                raise RowError(f"claim_id '{get['claim_id']}' is already used by row {claims_seen[get['claim_id']]}")
            if place_key in places and places[place_key][1] != get["geo_precision"]:
                raise RowError(f"place '{get['place']}' has geo_precision '{get['geo_precision']}' here but "
                               f"'{places[place_key][1]}' in row {places[place_key][2]}")
        except RowError as exc:
            rejections.append((number, str(exc)))
            continue

        unit = Unit(number)
        place_id = ""
        if place_key:
            if place_key not in places:
                pid = unique_place_id(slug(get["place"], "place"), taken)
                places[place_key] = (pid, get["geo_precision"], number)
            place_id = places[place_key][0]
            precision = get["geo_precision"]
            unit.places.append({
                "place_id": place_id, "name": get["place"], "aliases": "",
                "kind": _KIND_BY_PRECISION[precision], "latitude": place_key[1], "longitude": place_key[2],
                "geo_precision": precision, "uncertainty_km": UNCERTAINTY_KM[precision], "reference": False,
                "coord_source": f"imported from {name}",
            })
        events_seen.setdefault(get["event_id"], (number, event_values))
        claims_seen[get["claim_id"]] = number
        unit.events.append({
            "event_id": get["event_id"], "event_type": get["event_type"], "title": get["title"],
            "description": get["title"], "date": get["event_date"], "date_precision": get["date_precision"],
            "date_basis": f"As given in {name}; the flat claims table carries no date basis.",
            "place_id": place_id, "key_event": False,
        })
        unit.claims.append({
            "claim_id": get["claim_id"], "event_id": get["event_id"], "document_id": get["document"],
            **{c.name: get[c.name] for c in schema.CLAIMS.columns
               if c.name not in ("claim_id", "event_id", "document_id")},
        })
        units.append(unit)

    def documents(kept: list[Unit]) -> list[dict]:
        event_dates = {e["event_id"]: e["date"] for u in kept for e in u.events}
        docs: dict[str, dict] = {}
        for u in kept:
            for c in u.claims:
                d = docs.setdefault(c["document_id"], {"dates": [], "end": 0, "claims": 0})
                d["dates"].append(event_dates[c["event_id"]])
                d["end"] = max(d["end"], int(float(c["span_end"])))
                d["claims"] += 1
        return [{
            "document_id": doc_id, "label": doc_id, "file_name": f"{doc_id}.txt",
            "outlet": schema.UNKNOWN, "dateline": schema.UNKNOWN, "published": schema.UNKNOWN,
            "reference_date": min(d["dates"]),
            "reference_date_basis": ("Earliest event date among this document's claims in the imported flat "
                                     "table; no source text is attached (sha256 is that of empty text)."),
            "char_length": d["end"], "sha256": EMPTY_SHA256,
            "summary": (f"Rebuilt from {d['claims']} claim(s) in {name}; "
                        "the report's own metadata is not in that table."),
        } for doc_id, d in docs.items()]

    notes = ["the flat table does not say which event is the key event, so none is marked; "
             "event descriptions repeat the titles and document metadata is 'unknown'"] if units else []
    return Parsed(units, rejections, documents, notes=notes)
