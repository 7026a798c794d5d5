"""Our own flat claims table (what `python -m launchwatch export --format csv` and the dashboard's
download write, or the same columns as Parquet), rebuilt into the four tables.

The flat table carries less than the dataset: no document metadata or source text, no event
description, date basis or key event, and of a place only its name, point and precision. What is
missing is filled with stated defaults, never with guesses; see docs/importers.md.
"""

from __future__ import annotations

from .. import schema
from ..csvfiles import unneutralise
from ..exports import EVENT_COLUMNS, EXPORT_COLUMNS
from . import common

FORMAT = "launchwatch"
LABEL = "Launchwatch flat claims table"
COLUMNS = tuple(EXPORT_COLUMNS)
# Columns added after the first exports: a file written before them is read with their defaults
# (every claim stated; day precision where a resolved date is given).
# organisation and carried_by are derived from the alias table when a dataset is loaded: not read back.
OPTIONAL = {"stance": schema.STATED, "resolved_precision": "", "organisation": "", "carried_by": ""}
REQUIRED = tuple(common.canon(c) for c in COLUMNS if c not in OPTIONAL)
EXPECTED = ", ".join(EXPORT_COLUMNS)

# A place's kind follows from its precision where the two vocabularies share a word; a province has
# no kind of its own and is an administrative region.
_KIND_BY_PRECISION = {
    "site": "site",
    "city": "city",
    "county": "county",
    "province": "region",
    "sea_area": "sea_area",
    "country": "country",
    "region": "region",
}


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

_PLACE_CHECKS = [(c, schema.PLACES.column(c)) for c in ("latitude", "longitude", "geo_precision")]


def _cell_checks(values: dict[int, dict[str, str]]) -> dict[int, str]:
    """For each row number a cell of which the dataset's rules refuse, the first such cell's reason."""
    why: dict[int, str] = {}
    for column, rule in _CHECKS:
        for row, message in common.cell_problems({n: v[column] for n, v in values.items()}, rule, column).items():
            why.setdefault(row, message)
    placed = {n: v for n, v in values.items() if v["place"] and n not in why}
    for column, rule in _PLACE_CHECKS:
        for row, message in common.cell_problems({n: v[column] for n, v in placed.items()}, rule, column).items():
            why.setdefault(row, f"{message} (the row names the place '{placed[row]['place']}')")
    return why


def parse(table: common.RawTable, data: bytes) -> common.Parsed:
    index = table.index()
    name = table.name
    outputs: list[common.RowOutput] = []
    rejections = list(table.rejections)
    seen = _Seen()
    values = {
        number: {c: unneutralise(common.Row(number, cells, index).get(common.canon(c))) for c in EXPORT_COLUMNS}
        for number, cells in table.rows
    }
    for get in values.values():
        for column, default in OPTIONAL.items():
            if common.canon(column) not in index:
                get[column] = default
    refused = _cell_checks(values)
    for number, get in values.items():
        try:
            if number in refused:
                raise common.RowError(refused[number])
            _check_spans(get)
            place_key = _place_key(get)
            event_values = {f: get[f] for f in EVENT_COLUMNS}
            if place_key:
                event_values["latitude"], event_values["longitude"] = place_key[1], place_key[2]
            seen.check(get, event_values, place_key)
        except common.RowError as exc:
            rejections.append((number, str(exc)))
            continue
        seen.add(number, get, event_values, place_key)
        outputs.append(_output(number, get, place_key, seen.place_ids, name))
    notes = (
        [
            "the flat table does not say which event is the key event, so none is marked; "
            "event descriptions repeat the titles and document metadata is 'unknown'"
        ]
        if outputs
        else []
    )
    return common.Parsed(outputs, rejections, lambda kept: _documents(kept, name), notes=notes)


# The claim columns the flat table carries under the dataset's own names.
_CLAIM_COLUMNS = [c.name for c in schema.CLAIMS.columns if c.name not in ("claim_id", "event_id", "document_id")]


def _output(number: int, get: dict[str, str], place_key, place_ids: common.PlaceIds, name: str) -> common.RowOutput:
    """The place, event and claim one checked row of the flat table stands for."""
    out = common.RowOutput(number)
    place_id = ""
    if place_key:
        place_id = place_ids.get(place_key, common.slug(get["place"], "place"))
        precision = get["geo_precision"]
        out.places.append(
            common.place_row(
                place_id,
                get["place"],
                kind=_KIND_BY_PRECISION[precision],
                latitude=place_key[1],
                longitude=place_key[2],
                geo_precision=precision,
                coord_source=f"imported from {name}",
            )
        )
    out.events.append(
        common.event_row(
            get["event_id"],
            get["event_type"],
            title=get["title"],
            description=get["title"],
            date=get["event_date"],
            date_precision=get["date_precision"],
            place_id=place_id,
            date_basis=f"As given in {name}; the flat claims table carries no date basis.",
        )
    )
    out.claims.append(
        {
            "claim_id": get["claim_id"],
            "event_id": get["event_id"],
            "document_id": get["document"],
            **{c: get[c] for c in _CLAIM_COLUMNS},
        }
    )
    return out


def _check_spans(get: dict[str, str]) -> None:
    if int(float(get["span_start"])) < 0:
        raise common.RowError(f"span_start {get['span_start']} is negative")
    if float(get["span_end"]) <= float(get["span_start"]):
        raise common.RowError(f"span_end {get['span_end']} must be greater than span_start {get['span_start']}")


def _place_key(get: dict[str, str]) -> tuple[str, float, float] | None:
    """(name, latitude, longitude) of the place the row names, or None when it names none."""
    if not get["place"]:
        if get["latitude"] or get["longitude"] or get["geo_precision"]:
            raise common.RowError(
                "latitude, longitude or geo_precision is given but place is empty: "
                "a point needs the name of the place it stands for"
            )
        return None
    lat, lon = float(get["latitude"]), float(get["longitude"])
    if not -90 <= lat <= 90:
        raise common.RowError(f"latitude {get['latitude']} is outside -90..90")
    if not -180 <= lon <= 180:
        raise common.RowError(f"longitude {get['longitude']} is outside -180..180")
    return (get["place"], lat, lon)


class _Seen:
    """What earlier rows said: an event's columns, a claim_id and a place's precision must agree."""

    def __init__(self):
        self.events: dict[str, tuple[int, dict]] = {}
        self.claims: dict[str, int] = {}
        self.places: dict[tuple[str, float, float], tuple[str, int]] = {}  # key -> (precision, row)
        self.place_ids = common.PlaceIds()

    def check(self, get: dict[str, str], event_values: dict, place_key) -> None:
        earlier = self.events.get(get["event_id"])
        if earlier:
            for f in EVENT_COLUMNS:
                if earlier[1][f] != event_values[f]:
                    raise common.RowError(
                        f"event '{get['event_id']}' has {f} '{event_values[f]}' here but "
                        f"'{earlier[1][f]}' in row {earlier[0]}: an event's columns must agree"
                    )
        if get["claim_id"] in self.claims:
            raise common.RowError(f"claim_id '{get['claim_id']}' is already used by row {self.claims[get['claim_id']]}")
        if place_key in self.places and self.places[place_key][0] != get["geo_precision"]:
            raise common.RowError(
                f"place '{get['place']}' has geo_precision '{get['geo_precision']}' here but "
                f"'{self.places[place_key][0]}' in row {self.places[place_key][1]}"
            )

    def add(self, number: int, get: dict[str, str], event_values: dict, place_key) -> None:
        self.events.setdefault(get["event_id"], (number, event_values))
        self.claims[get["claim_id"]] = number
        if place_key and place_key not in self.places:
            self.places[place_key] = (get["geo_precision"], number)


def _documents(kept: list[common.RowOutput], name: str) -> list[dict]:
    """One document per document id the kept claims cite, dated by the earliest of their events."""
    event_dates = {e["event_id"]: e["date"] for u in kept for e in u.events}
    docs: dict[str, dict] = {}
    for u in kept:
        for c in u.claims:
            d = docs.setdefault(c["document_id"], {"dates": [], "end": 0, "claims": 0})
            d["dates"].append(event_dates[c["event_id"]])
            d["end"] = max(d["end"], int(float(c["span_end"])))
            d["claims"] += 1
    return [
        common.document_row(
            doc_id,
            label=doc_id,
            outlet=schema.UNKNOWN,
            reference_date=min(d["dates"]),
            char_length=d["end"],
            reference_date_basis=(
                "Earliest event date among this document's claims in the imported flat "
                "table; no source text is attached (sha256 is that of empty text)."
            ),
            summary=f"Rebuilt from {d['claims']} claim(s) in {name}; the report's own metadata is not in that table.",
        )
        for doc_id, d in docs.items()
    ]
