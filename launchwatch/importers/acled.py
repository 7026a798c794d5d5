"""ACLED event exports (Armed Conflict Location & Event Data), one row per event.

ACLED's date and location precision codes keep their meaning (see the tables below); its event
types are mapped to ours by a fixed table, and a row that fits none of our types is rejected with
the reason rather than forced into one. Each source named in `source` carries the row's claims.
See docs/importers.md.
"""

from __future__ import annotations

import datetime as dt
import re

from ..cells import invisible_in, to_number, unique_id
from . import common

FORMAT = "acled"
LABEL = "ACLED export"
COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
# Older exports lack disorder_type, civilian_targeting and tags; these are what an import needs.
REQUIRED = (
    "event_id_cnty",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
)
EXPECTED = ", ".join(COLUMNS)

OUTLET = "ACLED (Armed Conflict Location & Event Data)"

# ACLED time_precision: 1 the day is known; 2 only the week (or weekend) is; 3 only the month is.
TIME_PRECISION = {1: "day", 2: "week", 3: "month"}
_TIME_WORDS = {1: "the actual day", 2: "within that week", 3: "within that month"}

# ACLED geo_precision: 1 the named location itself; 2 near it, or a part of a region; 3 only a larger
# region, coded at its provincial capital or the centre of the administrative area.
GEO_PRECISION = {1: "city", 2: "county", 3: "province"}
_PLACE_KIND = {1: "city", 2: "county", 3: "region"}
_GEO_WORDS = {1: "the named location", 2: "near the named location", 3: "somewhere in the larger region"}

# (ACLED event_type, sub_event_type) -> our event type. "by notes" rows are decided by what ACLED's own
# notes name; any pair not listed here has no counterpart among our event types and is rejected.
BY_NOTES = "by notes"
EVENT_TYPES = {
    ("explosions/remote violence", "shelling/artillery/missile attack"): BY_NOTES,
    ("strategic developments", "agreement"): "diplomacy",
    ("strategic developments", "other"): BY_NOTES,
}

_MISSILE = re.compile(r"\b(missiles?|icbms?|slbms?|srbms?|irbms?|ballistic)\b", re.IGNORECASE)
_ARTILLERY = re.compile(r"\b(artillery|shell(s|ed|ing)?|rockets?|mortars?|howitzers?|mlrs|rounds)\b", re.IGNORECASE)
_LAUNCH = re.compile(r"\b(launch(es|ed|ing)?|fir(e|es|ed|ing)|test(s|ed|ing)?|test-fir(e|es|ed|ing))\b", re.IGNORECASE)


def event_type(acled_type: str, sub_type: str, notes: str) -> str:
    """Our event type for an ACLED row, or RowError with the reason none fits."""
    key = (" ".join(acled_type.split()).lower(), " ".join(sub_type.split()).lower())
    mapped = EVENT_TYPES.get(key)
    if mapped is None:
        raise common.RowError(
            f"ACLED event type '{acled_type} / {sub_type}' has no counterpart among Launchwatch's event types"
        )
    if mapped != BY_NOTES:
        return mapped
    missile, artillery = bool(_MISSILE.search(notes)), bool(_ARTILLERY.search(notes))
    if key[0] == "strategic developments":
        # "Other" strategic developments cover many things; only a launch or test of a missile is ours.
        if missile and _LAUNCH.search(notes) and not artillery:
            return "missile_launch"
        raise common.RowError(
            f"ACLED '{acled_type} / {sub_type}' is imported only when its notes describe a missile "
            "launch or test, and these do not"
        )
    if missile and artillery:
        raise common.RowError(
            f"ACLED '{sub_type}': the notes name both missiles and artillery or rockets, so "
            "missile_launch and artillery_fire cannot be told apart"
        )
    if missile:
        return "missile_launch"
    if artillery:
        return "artillery_fire"
    raise common.RowError(
        f"ACLED '{sub_type}': the notes name neither a missile nor artillery, shells or rockets, so "
        "missile_launch and artillery_fire cannot be told apart"
    )


def _code(raw: str, column: str, allowed) -> int:
    value = to_number(raw)
    if value is None:
        value = float("nan")
    if not value.is_integer() or int(value) not in allowed:
        shown = f"'{raw}'" if raw else "empty"
        raise common.RowError(f"{column} is {shown}; expected one of {', '.join(str(a) for a in allowed)}")
    return int(value)


def _year_of(text: str) -> int | None:
    value = to_number(text)
    return int(value) if value is not None and value.is_integer() else None


def parse(table: common.RawTable, data: bytes) -> common.Parsed:
    index = table.index()
    digest = common.file_digest(data)
    doc_id = f"acled-{digest[:12]}"
    outputs: list[common.RowOutput] = []
    rejections = list(table.rejections)
    ids_seen: dict[str, int] = {}
    places = common.PlaceIds()
    event_ids: set[str] = set()
    for number, cells in table.rows:
        row = common.Row(number, cells, index)
        try:
            when, tp, gp, (lat, lon), ours = _read(row, ids_seen)
        except common.RowError as exc:
            rejections.append((number, str(exc)))
            continue
        ids_seen[row.get("event_id_cnty")] = number
        out = common.RowOutput(number)
        place_id = _place(row, gp, lat, lon, table.name, places, out)
        event = _event(row, when, tp, ours, place_id)
        # Ids made from ACLED's by a slug can meet (PRK1/prk1, non-Latin ids): never reuse one.
        event["event_id"] = unique_id(event["event_id"], event_ids)
        out.events.append(event)
        _claims(row, when, tp, gp, common.RowClaims(event["event_id"], doc_id, number, out.claims))
        outputs.append(out)

    source = common.SourceFile(table.name, digest, "ACLED export", "an ACLED export")
    documents = common.row_file_documents(doc_id, OUTLET, source, what="event", rows=table.last_row)
    return common.Parsed(outputs, rejections, documents, notes=list(table.notes))


def _read(row: common.Row, ids_seen: dict[str, int]) -> tuple[common.ParsedDate, int, int, tuple[float, float], str]:
    """The row's date, time and geo precision codes, point and our event type; RowError if any is bad."""
    get = row.get
    for column in ("event_id_cnty", "event_type", "sub_event_type", "location"):
        if not get(column):
            raise common.RowError(f"{column} is empty: a value is required")
    acled_id = get("event_id_cnty")
    if invisible := invisible_in(acled_id):
        raise common.RowError(
            f"event_id_cnty '{acled_id}' holds an invisible character ({invisible}): an id must "
            "be visible text, so that two ids that look alike are one id"
        )
    if acled_id in ids_seen:
        raise common.RowError(f"event_id_cnty '{acled_id}' is already used by row {ids_seen[acled_id]}")
    when = common.parse_date(get("event_date"), "event_date", numeric_dmy=True)
    year = get("year")
    if year and _year_of(year) != when.date.year:
        raise common.RowError(f"year {year} disagrees with event_date '{get('event_date')}'")
    tp = _code(get("time_precision"), "time_precision", TIME_PRECISION)
    gp = _code(get("geo_precision"), "geo_precision", GEO_PRECISION)
    lat = common.parse_coordinate(get("latitude"), "latitude", 90) if get("latitude") else None
    lon = common.parse_coordinate(get("longitude"), "longitude", 180) if get("longitude") else None
    if lat is None or lon is None:
        raise common.RowError("latitude or longitude is empty: ACLED gives coordinates for every event")
    return when, tp, gp, (lat, lon), event_type(get("event_type"), get("sub_event_type"), get("notes"))


def _place(
    row: common.Row, gp: int, lat: float, lon: float, name: str, places: common.PlaceIds, out: common.RowOutput
) -> str:
    location, admin1 = row.get("location"), row.get("admin1")
    place_name = location if not admin1 or admin1.lower() in location.lower() else f"{location}, {admin1}"
    geo = GEO_PRECISION[gp]
    place_id = places.get((place_name, lat, lon, geo), f"acled-{common.slug(place_name, 'place')}")
    out.places.append(
        common.place_row(
            place_id,
            place_name,
            kind=_PLACE_KIND[gp],
            latitude=lat,
            longitude=lon,
            geo_precision=geo,
            coord_source=f"ACLED latitude/longitude in {name}, geo_precision {gp} ({_GEO_WORDS[gp]})",
        )
    )
    return place_id


def _event(row: common.Row, when: common.ParsedDate, tp: int, ours: str, place_id: str) -> dict:
    get = row.get
    date, precision = when.date, TIME_PRECISION[tp]
    basis = f"ACLED event_date '{get('event_date')}', time_precision {tp} ({_TIME_WORDS[tp]})"
    if precision == "week":
        date = date - dt.timedelta(days=date.weekday())
        basis += f": shown as the week starting Monday {date}; ACLED's own date is {when.date}"
    elif precision == "month":
        date = date.replace(day=1)
        basis += f": shown as the month; ACLED's own date is {when.date}"
    acled_id, sub, location = get("event_id_cnty"), get("sub_event_type"), get("location")
    actors = [a for a in (get("actor1"), get("actor2")) if a]
    description = get("notes") or f"ACLED records {get('event_type')} / {sub} at {location}."
    if actors:
        description += f" Actors (ACLED): {'; '.join(actors)}."
    if get("source_scale"):
        description += f" Source scale (ACLED): {get('source_scale')}."
    return common.event_row(
        f"acled-{common.slug(acled_id, 'event', limit=60)}",
        ours,
        title=f"{sub} at {location} (ACLED {acled_id})",
        description=description,
        date=date,
        date_precision=precision,
        date_basis=basis,
        place_id=place_id,
    )


def _claims(row: common.Row, when: common.ParsedDate, tp: int, gp: int, claims: common.RowClaims) -> None:
    """What each source the row cites says: that it happened, when, and where."""
    get = row.get
    sub, location = get("sub_event_type"), get("location")
    day = when.date if TIME_PRECISION[tp] == "day" else None
    for who, kind in common.cited(get("source")):
        claims.add(who, kind, "occurred", f"{sub} at {location}, as ACLED codes it ({get('event_type')}).")
        claims.add(
            who,
            kind,
            "date",
            f"It happened on {get('event_date')} ({_TIME_WORDS[tp]}).",
            value=get("event_date"),
            resolved=day,
        )
        claims.add(who, kind, "place", f"It took place at {location} ({_GEO_WORDS[gp]}).", value=location)
