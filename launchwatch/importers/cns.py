"""Exports of the James Martin CNS North Korea Missile Test Database: one row per missile fired.

Each row becomes a missile_launch event, placed at the facility when the file gives its coordinates,
with claims attributed to each citation in Source(s). The imported file is the one document; as it
has no running text, a claim's span is its row: span (n-1, n) is data row n. See docs/importers.md.
"""
from __future__ import annotations

import contextlib
import re
from collections import Counter

from .common import (
    UNCERTAINTY_KM,
    Parsed,
    RawTable,
    Row,
    RowClaims,
    RowError,
    Unit,
    canon,
    file_digest,
    is_unknown,
    originator_kind,
    parse_coordinate,
    parse_date,
    parse_measure,
    row_file_document,
    slug,
    split_sources,
    unique_place_id,
)

FORMAT = "cns"
LABEL = "CNS North Korea Missile Test Database export"
COLUMNS = ("F1", "Date", "Date Entered/Updated", "Launch Time (UTC)", "Missile Name", "Missile Type",
           "Launch Agency/Authority", "Facility Name", "Facility Location", "Other Name", "Facility Latitude",
           "Facility Longitude", "Landing Location", "Apogee", "Distance Travelled", "Confirmation Status",
           "Test Outcome", "Additional Information", "Source(s)")
# Enough to recognise the export and to import a row; the other columns are read when present.
REQUIRED = tuple(canon(c) for c in ("Date", "Missile Name", "Missile Type", "Facility Name",
                                     "Facility Latitude", "Facility Longitude", "Source(s)"))
EXPECTED = ", ".join(COLUMNS)
ALIASES = {"distance traveled": "distance travelled", "sources": "source(s)", "source (s)": "source(s)"}

OUTLET = "James Martin Center for Nonproliferation Studies (CNS)"


def _known(text: str) -> str:
    return "" if is_unknown(text) else text


def parse(table: RawTable, data: bytes) -> Parsed:
    index = table.index()
    for alias, column in ALIASES.items():
        if alias in index and column not in index:
            index[column] = index[alias]
    name = table.name
    digest = file_digest(data)
    doc_id = f"cns-{digest[:12]}"
    rows = [Row(n, cells, index) for n, cells in table.rows]

    # A salvo is several rows with one date; count them so each event can say so.
    dates = {}
    for row in rows:
        with contextlib.suppress(RowError):
            dates[row.number] = parse_date(row.get("date"), "Date", month_only=True)
    per_date = Counter((d.date, d.precision) for d in dates.values())
    f1_counts = Counter(row.get("f1") for row in rows)

    units: list[Unit] = []
    rejections = list(table.rejections)
    warnings: list[tuple[int, str]] = []
    places: dict[tuple[str, float, float], str] = {}
    taken: set[str] = set()

    for row in rows:
        n = row.number
        try:
            raw_date = row.get("date")
            when = parse_date(raw_date, "Date", month_only=True)
            lat_text, lon_text = row.get("facility latitude"), row.get("facility longitude")
            point = None
            if not is_unknown(lat_text) and not is_unknown(lon_text):
                point = (parse_coordinate(lat_text, "Facility Latitude", 90),
                         parse_coordinate(lon_text, "Facility Longitude", 180))
            elif is_unknown(lat_text) != is_unknown(lon_text):
                # Half a coordinate cannot place anything; still check the half that is given.
                if not is_unknown(lat_text):
                    parse_coordinate(lat_text, "Facility Latitude", 90)
                else:
                    parse_coordinate(lon_text, "Facility Longitude", 180)
                warnings.append((n, "only one of Facility Latitude and Facility Longitude is given: "
                                    "the launch is imported without a place"))
            distance = parse_measure(row.get("distance travelled"), "Distance Travelled")
            apogee = parse_measure(row.get("apogee"), "Apogee")
        except RowError as exc:
            rejections.append((n, str(exc)))
            continue

        f1 = row.get("f1")
        if f1 and f1_counts[f1] == 1 and re.fullmatch(r"[A-Za-z0-9_.-]+", f1):
            event_id = f"cns-{slug(f1)}"
        else:
            event_id = f"cns-row-{n}"
        missile_name, missile_type = _known(row.get("missile name")), _known(row.get("missile type"))
        facility, location = _known(row.get("facility name")), _known(row.get("facility location"))
        other = _known(row.get("other name"))
        what = missile_name or missile_type or "Missile"
        if missile_name and missile_type and missile_type.lower() not in missile_name.lower():
            what = f"{missile_name} ({missile_type})"
        site = facility or location
        if facility and location and location.lower() not in facility.lower():
            site = f"{facility}, {location}"

        unit = Unit(n)
        place_id = ""
        if point:
            place_name = site or f"unnamed launch site at {point[0]:g}, {point[1]:g}"
            key = (place_name, point[0], point[1])
            if key not in places:
                places[key] = unique_place_id(f"cns-{slug(place_name, 'site')}", taken)
            place_id = places[key]
            unit.places.append({
                "place_id": place_id, "name": place_name,
                "aliases": other if other != place_name else "",
                "kind": "site", "latitude": point[0], "longitude": point[1], "geo_precision": "site",
                "uncertainty_km": UNCERTAINTY_KM["site"], "reference": False,
                "coord_source": f"Facility Latitude/Longitude as given in {name} (CNS)",
            })

        basis = f"CNS Date '{raw_date}' in row {n} of {name}"
        if when.two_digit_year:
            basis += f"; two-digit year read as {when.date.year} (00-49 -> 20xx, 50-99 -> 19xx)"
        if when.precision == "month":
            basis += "; only the month is given"
        salvo = per_date[(when.date, when.precision)]
        described = what if what != "Missile" else "missile of unstated type"
        description = [f"CNS row {n}: {described} launched" + (f" from {site}" if site else "") + f" on {raw_date}."]
        if salvo > 1:
            description.append(f"One of {salvo} missiles the file lists for {raw_date}.")
        agency = _known(row.get("launch agency/authority"))
        info = _known(row.get("additional information"))
        if info:
            description.append(info)
        unit.events.append({
            "event_id": event_id, "event_type": "missile_launch", "title": f"{what} launch, {raw_date}",
            "description": " ".join(description), "date": when.date, "date_precision": when.precision,
            "date_basis": basis, "place_id": place_id, "key_event": False,
        })

        citations = split_sources(row.get("source(s)"))
        originators = [(c, originator_kind(c)) for c in citations] or [("the report itself", "report_itself")]
        time = _known(row.get("launch time (utc)"))
        landing = _known(row.get("landing location"))
        status = _known(row.get("confirmation status"))
        outcome = _known(row.get("test outcome"))
        claims = RowClaims(event_id, doc_id, n, unit.claims)
        claim = claims.add

        for who, kind in originators:
            noted = [x for x in (what if what != "Missile" else "", f"CNS status: {status}" if status else "") if x]
            took_place = "A missile launch took place" + (f" ({'; '.join(noted)})" if noted else "") + "."
            claim(who, kind, "occurred", took_place, value=status)
            month_only = " (month only)." if when.precision == "month" else "."
            claim(who, kind, "date", f"Launch date: {raw_date}" + month_only,
                  value=raw_date, resolved=when.date if when.precision == "day" else None)
            if time:
                claim(who, kind, "time", f"Launch time: {time} UTC.", value=time, unit="UTC")
            if site:
                claim(who, kind, "origin", f"Launch site: {site}.", value=facility or location)
            if missile_name or missile_type:
                claim(who, kind, "missile_type", f"Missile: {what}.", value=missile_name or missile_type)
            if agency:
                claim(who, kind, "participants", f"Launched by: {agency}.", value=agency)
            if distance:
                claim(who, kind, "range", f"Distance travelled: {distance.raw}.", measure=distance)
            if landing:
                claim(who, kind, "landing_area", f"Landing location: {landing}.", value=landing)
            if apogee:
                # There is no apogee attribute; a content claim keeps the figure without calling it a range.
                claim(who, kind, "content", f"Apogee: {apogee.raw}.", measure=apogee)
            if outcome:
                claim(who, kind, "content", f"Test outcome: {outcome}.", value=outcome)
        units.append(unit)

    def documents(kept: list[Unit]) -> list[dict]:
        latest = max(e["date"] for u in kept for e in u.events)
        summary = (f"{len(kept)} launch row(s) imported from {name}, a CNS North Korea Missile Test Database "
                   f"export (file sha256 {digest}); spans are row numbers in that file.")
        return [row_file_document(doc_id, f"CNS missile test database ({name})", OUTLET, latest, "launch",
                                  table.last_row, summary)]

    return Parsed(units, rejections, documents, notes=list(table.notes), warnings=warnings)
