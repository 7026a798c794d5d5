"""Exports of the James Martin CNS North Korea Missile Test Database: one row per missile fired.

Each row becomes a missile_launch event, placed at the facility when the file gives its coordinates,
with claims attributed to the database, whose citations in Source(s) are the claims' references. The
event is on the local date in North Korea when a UTC launch time makes it another day. The imported
file is the one document; as it has no running text, a claim's span is its row: span (n-1, n) is
data row n. See docs/importers.md.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections import Counter
from dataclasses import dataclass

from ..cells import unique_id
from . import common

FORMAT = "cns"
LABEL = "CNS North Korea Missile Test Database export"
COLUMNS = (
    "F1",
    "Date",
    "Date Entered/Updated",
    "Launch Time (UTC)",
    "Missile Name",
    "Missile Type",
    "Launch Agency/Authority",
    "Facility Name",
    "Facility Location",
    "Other Name",
    "Facility Latitude",
    "Facility Longitude",
    "Landing Location",
    "Apogee",
    "Distance Travelled",
    "Confirmation Status",
    "Test Outcome",
    "Additional Information",
    "Source(s)",
)
# Enough to recognise the export and to import a row; the other columns are read when present.
REQUIRED = tuple(
    common.canon(c)
    for c in (
        "Date",
        "Missile Name",
        "Missile Type",
        "Facility Name",
        "Facility Latitude",
        "Facility Longitude",
        "Source(s)",
    )
)
EXPECTED = ", ".join(COLUMNS)
ALIASES = {"distance traveled": "distance travelled", "sources": "source(s)", "source (s)": "source(s)"}

OUTLET = "James Martin Center for Nonproliferation Studies (CNS)"
DATABASE = "CNS North Korea Missile Test Database"


def _known(text: str) -> str:
    return "" if common.is_unknown(text) else text


def parse(table: common.RawTable, data: bytes) -> common.Parsed:
    index = table.index()
    for alias, column in ALIASES.items():
        if alias in index and column not in index:
            index[column] = index[alias]
    digest = common.file_digest(data)
    doc_id = f"cns-{digest[:12]}"
    rows = [common.Row(n, cells, index) for n, cells in table.rows]
    salvos, f1_counts = _salvo_sizes(rows), Counter(row.get("f1") for row in rows)
    outputs: list[common.RowOutput] = []
    rejections = list(table.rejections)
    warnings: list[tuple[int, str]] = []
    places = common.PlaceIds()
    event_ids: set[str] = set()  # ids made from F1 by a slug can meet (A/a, B.1/b-1): never reuse one
    for row in rows:
        try:
            launch = _read(row, warnings)
        except common.RowError as exc:
            rejections.append((row.number, str(exc)))
            continue
        event_id = unique_id(_event_id(row, f1_counts), event_ids)
        out = common.RowOutput(row.number)
        place_id = _place(launch, table.name, places, out)
        out.events.append(_event(launch, event_id, place_id, table.name, salvos))
        _claims(launch, common.RowClaims(event_id, doc_id, row.number, out.claims))
        outputs.append(out)

    described = "a CNS North Korea Missile Test Database export"
    source = common.SourceFile(table.name, digest, "CNS missile test database", described)
    documents = common.row_file_documents(doc_id, OUTLET, source, what="launch", rows=table.last_row)
    return common.Parsed(outputs, rejections, documents, notes=list(table.notes), warnings=warnings)


def _salvo_sizes(rows: list[common.Row]) -> Counter:
    """Rows per (date, precision): a salvo is several rows with one date, and each event says so."""
    dates = []
    for row in rows:
        with contextlib.suppress(common.RowError):
            dates.append(common.parse_date(row.get("date"), "Date", month_only=True))
    return Counter((d.date, d.precision) for d in dates)


@dataclass(frozen=True)
class _Launch:
    """One CNS row, read: the cells an import needs, checked, unknown words made empty."""

    row: int
    raw_date: str
    when: common.ParsedDate
    point: tuple[float, float] | None
    distance: common.Measure | None
    apogee: common.Measure | None
    missile_name: str
    missile_type: str
    facility: str
    location: str
    other_name: str
    agency: str
    info: str
    time: str
    landing: str
    status: str
    outcome: str
    sources: str

    @property
    def what(self) -> str:
        return common.missile_what(self.missile_name, self.missile_type)

    @property
    def site(self) -> str:
        if self.facility and self.location and self.location.lower() not in self.facility.lower():
            return f"{self.facility}, {self.location}"
        return self.facility or self.location


def _read(row: common.Row, warnings: list[tuple[int, str]]) -> _Launch:
    raw_date = row.get("date")
    return _Launch(
        row=row.number,
        raw_date=raw_date,
        when=common.parse_date(raw_date, "Date", month_only=True),
        point=_point(row, warnings),
        distance=common.parse_measure(row.get("distance travelled"), "Distance Travelled"),
        apogee=common.parse_measure(row.get("apogee"), "Apogee"),
        missile_name=_known(row.get("missile name")),
        missile_type=_known(row.get("missile type")),
        facility=_known(row.get("facility name")),
        location=_known(row.get("facility location")),
        other_name=_known(row.get("other name")),
        agency=_known(row.get("launch agency/authority")),
        info=_known(row.get("additional information")),
        time=_known(row.get("launch time (utc)")),
        landing=_known(row.get("landing location")),
        status=_known(row.get("confirmation status")),
        outcome=_known(row.get("test outcome")),
        sources=row.get("source(s)"),
    )


def _point(row: common.Row, warnings: list[tuple[int, str]]) -> tuple[float, float] | None:
    lat_text, lon_text = row.get("facility latitude"), row.get("facility longitude")
    if not common.is_unknown(lat_text) and not common.is_unknown(lon_text):
        return (
            common.parse_coordinate(lat_text, "Facility Latitude", 90),
            common.parse_coordinate(lon_text, "Facility Longitude", 180),
        )
    if common.is_unknown(lat_text) != common.is_unknown(lon_text):
        # Half a coordinate cannot place anything; still check the half that is given.
        if not common.is_unknown(lat_text):
            common.parse_coordinate(lat_text, "Facility Latitude", 90)
        else:
            common.parse_coordinate(lon_text, "Facility Longitude", 180)
        warnings.append(
            (
                row.number,
                "only one of Facility Latitude and Facility Longitude is given: the launch is imported without a place",
            )
        )
    return None


def _event_id(row: common.Row, f1_counts: Counter) -> str:
    f1 = row.get("f1")
    if f1 and f1_counts[f1] == 1 and re.fullmatch(r"[A-Za-z0-9_.-]+", f1, re.ASCII):
        return f"cns-{common.slug(f1)}"
    return f"cns-row-{row.number}"


def _place(launch: _Launch, name: str, places: common.PlaceIds, out: common.RowOutput) -> str:
    if not launch.point:
        return ""
    lat, lon = launch.point
    place_name = launch.site or f"unnamed launch site at {lat:g}, {lon:g}"
    place_id = places.get((place_name, lat, lon), f"cns-{common.slug(place_name, 'site')}")
    out.places.append(
        common.place_row(
            place_id,
            place_name,
            kind="site",
            latitude=lat,
            longitude=lon,
            geo_precision="site",
            aliases=launch.other_name if launch.other_name != place_name else "",
            coord_source=f"Facility Latitude/Longitude as given in {name} (CNS)",
        )
    )
    return place_id


def _event(launch: _Launch, event_id: str, place_id: str, name: str, salvos: Counter) -> dict:
    when = launch.when
    basis = f"CNS Date '{launch.raw_date}' in row {launch.row} of {name}"
    if when.two_digit_year:
        basis += f"; two-digit year read as {when.date.year} (00-49 -> 20xx, 50-99 -> 19xx)"
    site = f" from {launch.site}" if launch.site else ""
    row = common.LaunchRow(f"CNS row {launch.row}", launch.what, site, launch.raw_date, when, launch.info)
    local = common.local_day(when, launch.time, "UTC")
    return common.launch_event(
        row, event_id, basis=basis, local=local, salvo=salvos[(when.date, when.precision)], place_id=place_id
    )


def _claims(launch: _Launch, claims: common.RowClaims) -> None:
    """What the database says, one claim per attribute the row gives.

    A row is one source, the database, citing documents: its citations are the references of each
    claim (named in the claim's text), not originators who would each seem to agree with the others.
    """
    refs = common.split_sources(launch.sources)
    cites = f" (CNS cites: {'; '.join(refs)})" if refs else " (CNS cites no source)"
    what, status = launch.what, launch.status
    claim = functools.partial(_claim, claims, cites)
    noted = [x for x in (what if what != "Missile" else "", f"CNS status: {status}" if status else "") if x]
    claim("occurred", "A missile launch took place" + (f" ({'; '.join(noted)})" if noted else ""), value=status)
    facts = common.LaunchFacts(
        launch.raw_date,
        launch.when,
        what,
        missile_name=launch.missile_name,
        missile_type=launch.missile_type,
        clock=launch.time,
        zone="UTC" if launch.time else "",
        site=launch.site,
        origin=launch.facility or launch.location,
        distance=launch.distance,
        apogee=launch.apogee,
        landing=launch.landing,
        outcome=launch.outcome,
    )
    common.launch_claims(claim, facts)
    if launch.agency:
        claim("participants", f"Launched by: {launch.agency}", value=launch.agency)


def _claim(claims: common.RowClaims, cites: str, attribute: str, text: str, **kwargs) -> None:
    claims.add(DATABASE, "database", attribute, text + cites + ".", **kwargs)
