"""The launch data of nk-missile-tests (nagix), a visualisation of the CNS North Korea Missile Test Database.

Its `test.en.json` lists one record per missile under `timeBins[].data[]`, naming the launch site by a
facility id that `facility.en.json` gives coordinates for, and the missile by an id that
`missile.en.json` names and classes. Each record becomes a missile_launch event whose claims come from
the CNS database, carried by nk-missile-tests (`via`); the bearing, which the CNS database does not
give, is nk-missile-tests' own. Its facility "unknown" is coded at Pyongyang's airport: an unknown
site stays unknown and is never drawn there. A claim's span (n-1, n) stands for record n, counted in
file order. See docs/importers.md.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .. import attributes, cells, tables
from ..intake.measures import ZONES
from . import common, jsonfile
from .cns import DATABASE

FORMAT = "nagix"
LABEL = "nk-missile-tests launch data"
READS_JSON = True
COLUMNS = (
    "date",
    "time",
    "series",
    "missile",
    "facility",
    "landing",
    "apogee",
    "distance",
    "bearing",
    "outcome",
    "description",
)
REQUIRED = ("date", "facility")
EXPECTED = (
    "nk-missile-tests' test.en.json: an object whose 'timeBins' list holds objects whose 'data' list "
    f"holds one launch record per missile, with the keys {', '.join(COLUMNS)}"
)
# The other files a launch file needs (key: (file name stem beside it, required)).
COMPANIONS = {"facilities": ("facility", True), "missiles": ("missile", False)}
VIA = "nk-missile-tests (nagix)"
OUTLET = "nk-missile-tests, a visualisation of the CNS North Korea Missile Test Database"
# Its landing codes, as its own dictionary (data/dict.en.json) words them; other codes are kept as written.
LANDINGS = {"sea-of-japan": "Sea of Japan or East Sea", "pacific-ocean": "Pacific Ocean"}
# A facility named as an installation is a site (1 km); one named only by its town or area is that
# town or area (city, 15 km): a town's name does not place a launch pad.
_INSTALLATION = re.compile(
    r"\b(?:airport|airbase|airfield|field|base|station|ground|launching|shipyard|plant|arms)\b", re.I
)
_UNKNOWN_SITE = " from a site the file does not know (never drawn at the point it codes for it)"
_TIME = re.compile(r"(?P<clock>\d{1,2}:\d{2}(?::\d{2})?)\s*(?:\(\s*(?P<zone>[A-Za-z]+)\s*\)|(?P<bare>[A-Za-z]+))?")


def companion_files(launches: Path, given: dict[str, str | None]) -> dict[str, Path]:
    """The facility (and missile) files: as given, else beside the launch file (test.en.json ->
    facility.en.json). common.UnrecognisedFile when the facility file is neither given nor found."""
    found: dict[str, Path] = {}
    for key, (stem, required) in COMPANIONS.items():
        if given.get(key):
            found[key] = Path(given[key])
            continue
        beside = launches.name.replace("test", stem, 1) if launches.name.startswith("test") else ""
        if beside and (launches.parent / beside).is_file():
            found[key] = launches.parent / beside
        elif required:
            raise common.UnrecognisedFile(
                f"{launches.name}: no {stem} file: nk-missile-tests names launch sites by facility id, "
                f"and its {stem}.en.json gives their coordinates; put it beside {launches.name} "
                f"(as {beside or stem + '.en.json'}) or give it with --{key} FILE"
            )
    return found


@dataclass(frozen=True)
class Facility:
    fid: str
    name: str
    point: tuple[float, float] | None  # None: the file's own "unknown" site, never drawn
    problem: str = ""  # why a record naming this facility cannot be placed

    @property
    def precision(self) -> str:
        return "site" if _INSTALLATION.search(self.name) else "city"


def _facility(fid: str, entry, file: str) -> Facility:
    if not isinstance(entry, dict):
        return Facility(fid, fid, None, f"facility '{fid}' in {file} is not an object with name, lat and lon")
    name = " ".join(str(entry.get("name", "")).split()) or fid
    if fid.lower() == "unknown" or common.is_unknown(name):
        return Facility(fid, name, None)
    try:
        lat = common.parse_coordinate(_text(entry.get("lat")), f"facility '{fid}' lat", 90)
        lon = common.parse_coordinate(_text(entry.get("lon")), f"facility '{fid}' lon", 180)
    except common.RowError as exc:
        return Facility(fid, name, None, f"{exc} in {file}")
    return Facility(fid, name, (lat, lon))


def read_facilities(data: bytes, file: str) -> dict[str, Facility]:
    doc = jsonfile.load(
        data,
        file,
        "nk-missile-tests' facility.en.json: an object whose 'facilities' "
        "object maps each facility id to its name, lat and lon",
    )
    found = doc.get("facilities") if isinstance(doc, dict) else None
    if not isinstance(found, dict):
        raise common.UnrecognisedFile(
            f"{file}: has no 'facilities' object; expected one mapping each facility id to its name, lat and lon"
        )
    if found.twice or doc.twice:
        raise common.UnrecognisedFile(
            f"{file}: names the facility '{(found.twice or doc.twice)[0]}' twice: which coordinates hold cannot be told"
        )
    return {fid: _facility(fid, entry, file) for fid, entry in found.items()}


def read_missiles(data: bytes, file: str) -> dict[str, tuple[str, str]]:
    doc = jsonfile.load(
        data, file, "nk-missile-tests' missile.en.json: an object mapping each missile id to its name and type"
    )
    if not isinstance(doc, dict) or doc.twice:
        raise common.UnrecognisedFile(
            f"{file}: expected one object mapping each missile id, once, to its name and type"
        )
    return {
        mid: (" ".join(str(e.get("name", "")).split()), " ".join(str(e.get("type", "")).split()))
        for mid, e in doc.items()
        if isinstance(e, dict)
    }


def _text(value) -> str:
    """A JSON scalar as the file writes it, '' for null: a float keeps its digits (1000.0, where a CSV
    cell would say 1000), text is trimmed, anything else is written as a cell is."""
    if isinstance(value, float):
        return repr(value)
    return value.strip() if isinstance(value, str) else cells.cell_text(value)


def records(doc, name: str) -> list[tuple[int, str, object]]:
    """(record number, where it is, the record) for every launch record, in file order."""
    bins = doc.get("timeBins") if isinstance(doc, dict) else None
    if not isinstance(bins, list):
        raise common.UnrecognisedFile(f"{name}: has no 'timeBins' list; expected {EXPECTED}")
    found = []
    for i, time_bin in enumerate(bins):
        data = time_bin.get("data") if isinstance(time_bin, dict) else None
        if not isinstance(data, list):
            raise common.UnrecognisedFile(f"{name}: timeBins[{i}] has no 'data' list; expected {EXPECTED}")
        found += [(len(found) + j + 1, f"timeBins[{i}].data[{j}]", r) for j, r in enumerate(data)]
    limit = tables.limits(imported=True)
    if len(found) > limit.rows:
        raise common.UnrecognisedFile(
            f"{name}: has {len(found):,} launch records, over the limit of {limit.rows:,} "
            f"({limit.rows_setting}={limit.rows}); split the file, or raise the limit"
        )
    return found


def parse_json(data: bytes, name: str, companions: dict[str, tuple[bytes, str]]) -> tuple[common.Parsed, int]:
    doc = jsonfile.load(data, name, EXPECTED)
    found = records(doc, name)
    if "facilities" not in companions:
        raise common.UnrecognisedFile(
            f"{name}: no facility file was given; nk-missile-tests names launch sites by "
            "facility id, and its facility.en.json gives their coordinates"
        )
    facilities = read_facilities(*companions["facilities"])
    missiles, notes = None, []
    if "missiles" in companions:
        missiles = read_missiles(*companions["missiles"])
    else:
        notes.append(
            "no missile file (missile.en.json): missile ids are kept as written, and their class is read from the id"
        )
    digest = common.file_digest(data)
    doc_id = f"nagix-{digest[:12]}"
    launches, rejections, warnings = [], [], []
    for n, where, record in found:
        try:
            launches.append(_read(n, where, record, facilities, missiles, warnings))
        except common.RowError as exc:
            rejections.append((n, f"{where}: {exc}"))
    salvos = Counter((launch.facts.when.date, launch.facts.when.precision) for launch in launches)
    places = common.PlaceIds()
    outputs = [_output(launch, doc_id, name, places, salvos) for launch in launches]

    source = common.SourceFile(name, digest, "nk-missile-tests launches", "nk-missile-tests launch data")
    spans = "a span (n-1, n) is record n, counted in file order across timeBins."
    documents = common.row_file_documents(
        doc_id, OUTLET, source, what="launch", rows=len(found), unit="record", spans=spans
    )
    return common.Parsed(outputs, rejections, documents, notes=notes, warnings=warnings), len(found)


@dataclass(frozen=True)
class _Launch:
    """One launch record, read: its values checked, unknown words made empty."""

    n: int
    where: str
    facility: Facility | None  # None: the record's site is unknown
    bearing: tuple[str, float] | None
    description: str
    facts: common.LaunchFacts  # what the CNS database says of it


_JSON_KINDS = {int: "a number", float: "a number", str: "text", list: "a list", bool: "true or false"}


def _checked(record, where: str) -> dict[str, str]:
    """The record's values as text; RowError when it is not a record this importer can read."""
    if not isinstance(record, dict):
        raise common.RowError(
            f"is {_JSON_KINDS.get(type(record), 'null')}, not an object with the keys {', '.join(COLUMNS)}"
        )
    if record.twice:
        raise common.RowError(f"names '{record.twice[0]}' twice: which value holds cannot be told")
    missing = [k for k in REQUIRED if k not in record]
    if missing:
        raise common.RowError(f"lacks {', '.join(repr(k) for k in missing)}; expected the keys {', '.join(COLUMNS)}")
    values = {}
    for key, value in record.items():
        if isinstance(value, dict | list):
            raise common.RowError(
                f"'{key}' is {'an object' if isinstance(value, dict) else 'a list'}; expected text or a number"
            )
        values[key] = _text(value)
        if len(values[key]) > tables.MAX_CELL_CHARS:
            raise common.RowError(f"'{key}' {tables.oversized_message(len(values[key]))}")
    return values


def _km(text: str, key: str) -> common.Measure | None:
    """A distance: a bare number is in km (the unit of the CNS database, as nk-missile-tests shows it)."""
    if common.is_unknown(text):
        return None
    bare = cells.number_text(text)
    if bare is None:
        return common.parse_measure(text, key)
    if text in ("true", "false") or not math.isfinite(float(bare)) or float(bare) < 0:
        raise common.RowError(f"'{key}' {text} is not a distance in km")
    measure = common.parse_measure(f"{text} km", key)
    return dataclasses.replace(measure, raw=f"{text} (a bare number in the file, in km)")


def _bearing(text: str) -> tuple[str, float] | None:
    if common.is_unknown(text):
        return None
    number = cells.to_number(text)
    if number is None or not 0 <= number <= 360:
        raise common.RowError(f"'bearing' {text} is not a direction in degrees from north (0 to 360)")
    return text, number


def _time(text: str) -> tuple[str, str]:
    """(clock, zone name) of '23:50 (UTC)'; ('', '') when unknown."""
    if common.is_unknown(text):
        return "", ""
    m = _TIME.fullmatch(text)
    if not m or attributes.parse_time(m["clock"]) is None:
        raise common.RowError(f"'time' '{text}' is not a time of day such as 23:50 (UTC)")
    word = (m["zone"] or m["bare"] or "").upper()
    zone = "UTC" if word == "Z" else ZONES.get(word)
    if zone is None:
        raise common.RowError(f"'time' '{text}' gives no time zone this importer knows (UTC, GMT, Z, KST or JST)")
    return m["clock"], zone


def _site(fid: str, facilities: dict[str, Facility], warnings: list, n: int) -> Facility | None:
    facility = facilities.get(fid)
    if facility is None:
        if not common.is_unknown(fid):
            warnings.append((n, f"facility '{fid}' is not in the facility file: imported without a place"))
        return None
    if facility.problem:
        raise common.RowError(facility.problem)
    return facility if facility.point else None


def _missile(mid: str, missiles, warnings: list, n: int) -> tuple[str, str]:
    if common.is_unknown(mid):
        return "", ""
    if missiles is None:
        return mid, ""
    if mid not in missiles:
        warnings.append((n, f"missile '{mid}' is not in the missile file: its id is kept as its name"))
        return mid, ""
    name, kind = missiles[mid]
    return ("" if common.is_unknown(name) else name), ("" if common.is_unknown(kind) else kind)


def _read(n: int, where: str, record, facilities, missiles, warnings: list) -> _Launch:
    v = _checked(record, where)
    clock, zone = _time(v.get("time", ""))
    name, kind = _missile(v.get("missile", ""), missiles, warnings, n)
    facility = _site(v["facility"], facilities, warnings, n)
    landing, outcome = v.get("landing", ""), v.get("outcome", "")
    facts = common.LaunchFacts(
        v["date"],
        common.parse_date(v["date"], "'date'", month_only=True),
        common.missile_what(name, kind),
        name,
        kind,
        class_from=v.get("missile", ""),
        clock=clock,
        zone=zone,
        site=facility.name if facility else "",
        distance=_km(v.get("distance", ""), "distance"),
        apogee=_km(v.get("apogee", ""), "apogee"),
        landing="" if common.is_unknown(landing) else LANDINGS.get(landing, landing),
        outcome="" if common.is_unknown(outcome) else outcome,
    )
    return _Launch(n, where, facility, _bearing(v.get("bearing", "")), v.get("description", ""), facts)


def _output(launch: _Launch, doc_id: str, name: str, places: common.PlaceIds, salvos: Counter) -> common.RowOutput:
    out = common.RowOutput(launch.n)
    event_id = f"nagix-{launch.n}"
    place_id = ""
    facility = launch.facility
    if facility is not None:
        place_id = places.get((facility.fid,), f"nagix-{common.slug(facility.fid, 'site')}")
        out.places.append(
            common.place_row(
                place_id,
                facility.name,
                kind=facility.precision,
                latitude=facility.point[0],
                longitude=facility.point[1],
                geo_precision=facility.precision,
                coord_source=f"facility '{facility.fid}' in the facility file of nk-missile-tests",
            )
        )
    out.events.append(_event(launch, event_id, place_id, name, salvos))
    _claims(launch, common.RowClaims(event_id, doc_id, launch.n, out.claims))
    return out


def _event(launch: _Launch, event_id: str, place_id: str, name: str, salvos: Counter) -> dict:
    facts, when = launch.facts, launch.facts.when
    basis = f"'date' '{facts.raw_date}' of record {launch.n} ({launch.where}) in {name}"
    local = common.local_day(when, facts.clock, facts.zone) if facts.zone else (when.date, "")
    site = f" from {facts.site}" if facts.site else _UNKNOWN_SITE
    row = common.LaunchRow(
        f"nk-missile-tests record {launch.n}", facts.what, site, facts.raw_date, when, launch.description
    )
    salvo = salvos[(when.date, when.precision)]
    return common.launch_event(row, event_id, basis=basis, local=local, salvo=salvo, place_id=place_id)


def _claims(launch: _Launch, claims: common.RowClaims) -> None:
    """What the CNS database says, as nk-missile-tests carries it; the bearing is nk-missile-tests' own."""

    def cns(attribute: str, text: str, **kwargs) -> None:
        claims.add(DATABASE, "database", attribute, text + ".", via=VIA, **kwargs)

    what = launch.facts.what
    cns("occurred", "A missile launch took place" + (f" ({what})" if what != "Missile" else ""))
    common.launch_claims(cns, launch.facts)
    if launch.bearing:
        text, degrees = launch.bearing
        claims.add(
            VIA,
            "database",
            "bearing",
            f"Reported bearing: {text}° from north (given by nk-missile-tests; the CNS database gives none).",
            measure=common.Measure(text, text, "deg", normalized=degrees, normalized_unit="deg"),
        )
