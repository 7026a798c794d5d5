"""What the importers share: reading an uploaded table, parsing its cells, and assembling a dataset.

An importer turns each data row of its file into a `RowOutput` (the events, places and claims that
row yields, made with the builders below: `place_row`, `event_row`, `RowClaims`, `document_row`) or a
rejection with the row number and the reason. `build` then assembles the units into the
four tables and runs the dataset loader over them: the loader is the one judge of what a valid
dataset is, and any row it still objects to is rejected with the loader's own message, so an import
never writes a folder that `python -m launchwatch validate` would refuse.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import math
import re
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import attributes, cells, csvfiles, loading, outputs, schema, tables
from ..cells import unique_id

# No source text travels with an imported file, so a document's sha256 is that of empty text: it can
# never match a report on disk, and the app will not draw spans over some unrelated text.
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


def table_row(table: schema.Table, **values) -> dict:
    """A row of `table` in its column order: every column it requires, any of its optional ones and no
    other, so a builder that misnames or forgets a column fails where it is written."""
    unknown = set(values) - set(table.column_names)
    missing = {c.name for c in table.columns if c.required} - set(values)
    if unknown or missing:
        raise TypeError(f"a row of {table.name}: unknown columns {sorted(unknown)}, missing {sorted(missing)}")
    return {name: values[name] for name in table.column_names if name in values}


def document_row(document_id: str, **values) -> dict:
    """A document with no source text attached (its label, outlet, reference_date, reference_date_basis,
    char_length and summary in `values`): its dateline and publication date are not known."""
    unknown = schema.UNKNOWN
    fixed = dict(dateline=unknown, published=unknown, sha256=EMPTY_SHA256, url="", reliability="F")
    return table_row(schema.DOCUMENTS, document_id=document_id, file_name=f"{document_id}.txt", **fixed, **values)


# What a claim's span points to in an imported file of rows, as its document's summary ends.
ROW_SPANS = "spans are row numbers in that file."


@dataclass(frozen=True)
class SourceFile:
    """An imported file, as the document it becomes names it: `title` labels it in lists ('ACLED
    export'), `described` says what it is in the summary ('an ACLED export')."""

    name: str  # display_name(...)
    digest: str  # file_digest(...)
    title: str
    described: str

    @property
    def label(self) -> str:
        return f"{self.title} ({self.name})"

    def summary(self, kept: int, rows: str, spans: str = ROW_SPANS) -> str:
        """How many of its `rows` ('launch row', 'record') were kept, and what a claim's span is in it."""
        return f"{kept} {rows}(s) imported from {self.name}, {self.described} (file sha256 {self.digest}); {spans}"


def row_file_documents(
    doc_id: str, outlet: str, source: SourceFile, *, what: str, rows: int, unit: str = "row", spans: str = ROW_SPANS
) -> Callable[[list[RowOutput]], list[dict]]:
    """`Parsed.documents` for an imported file of `rows` rows (each a `what`: 'launch', 'event'), which
    becomes one document with no source text, dated by the latest event kept: a claim's span is its row."""

    def documents(kept: list[RowOutput]) -> list[dict]:
        basis = (
            f"Latest {what} date imported; the file has no relative dates to resolve. "
            "No source text is attached (sha256 is that of empty text): a claim's span "
            "(n-1, n) stands for data row n of the imported file."
        )
        latest = max(e["date"] for u in kept for e in u.events)
        summary = source.summary(len(kept), f"{what} {unit}", spans)
        dated = dict(reference_date=latest, reference_date_basis=basis)
        return [document_row(doc_id, label=source.label, outlet=outlet, summary=summary, char_length=rows, **dated)]

    return documents


def place_row(place_id: str, name: str, *, geo_precision: str, aliases: str = "", **values) -> dict:
    """A place an imported row names (its kind, latitude, longitude and coord_source in `values`); its
    uncertainty is the fixed radius of its precision word."""
    named = dict(place_id=place_id, name=name, aliases=aliases, geo_precision=geo_precision)
    return table_row(schema.PLACES, **named, uncertainty_km=UNCERTAINTY_KM[geo_precision], reference=False, **values)


def event_row(event_id: str, event_type: str, *, place_id: str = "", **values) -> dict:
    """An imported event (its title, description, date, date_precision and date_basis in `values`): an
    imported file never says which event is the key event."""
    return table_row(
        schema.EVENTS, event_id=event_id, event_type=event_type, place_id=place_id, key_event=False, **values
    )


def missile_what(name: str, kind: str) -> str:
    """A launch database's missile as one phrase: 'Scud-B (SRBM)', the name or type alone, or 'Missile'."""
    if name and kind and kind.lower() not in name.lower():
        return f"{name} ({kind})"
    return name or kind or "Missile"


@dataclass(frozen=True)
class LaunchRow:
    """What a launch database's row says of its launch, for `launch_event`."""

    head: str  # 'CNS row 7', 'nk-missile-tests record 7'
    what: str  # missile_what(...)
    site: str  # ' from Hodo Peninsula', or '' when the row names none
    raw_date: str
    when: ParsedDate
    notes: str  # the row's own text, appended to the description


def launch_event(row: LaunchRow, event_id: str, *, basis: str, local: tuple, salvo: int, place_id: str) -> dict:
    """A missile_launch event of one missile a launch database lists. `local` is `local_day`'s (day,
    note); `salvo` how many missiles the file lists for the same date (each row is one of them)."""
    day, local_note = local
    if row.when.precision == "month":
        basis += "; only the month is given"
    described = row.what if row.what != "Missile" else "missile of unstated type"
    text = [f"{row.head}: {described} launched{row.site} on {row.raw_date}."]
    if salvo > 1:
        text.append(f"One of {salvo} missiles the file lists for {row.raw_date}.")
    if row.notes:
        text.append(row.notes)
    return event_row(
        event_id,
        "missile_launch",
        title=f"{row.what} launch, {row.raw_date}",
        description=" ".join(text),
        date=day,
        date_precision=row.when.precision,
        date_basis=basis + local_note,
        place_id=place_id,
    )


@dataclass(frozen=True)
class LaunchFacts:
    """What a launch database's row states about one launch, for `launch_claims`."""

    raw_date: str
    when: ParsedDate
    what: str  # missile_what(...)
    missile_name: str = ""
    missile_type: str = ""
    class_from: str = ""  # the wording the class is read from, when not the type or name
    clock: str = ""  # time of day, in `zone`
    zone: str = ""
    site: str = ""  # the launch site as the claim words it
    origin: str = ""  # the origin claim's value, when not the site's wording
    distance: Measure | None = None
    apogee: Measure | None = None
    landing: str = ""
    outcome: str = ""


def launch_claims(claim: Callable[..., object], facts: LaunchFacts) -> None:
    """The claims each fact a launch row gives makes, one per attribute, through `claim(attribute, text,
    **values)`; the row's 'occurred' claim and any fact of one database alone are the caller's."""
    when = facts.when
    month_only = " (month only)" if when.precision == "month" else ""
    resolved = when.date if when.precision == "day" else None
    claim("date", f"Launch date: {facts.raw_date}{month_only}", value=facts.raw_date, resolved=resolved)
    if facts.clock:
        claim("time", f"Launch time: {facts.clock} {facts.zone}", value=facts.clock, unit=facts.zone)
    if facts.site:
        claim("origin", f"Launch site: {facts.site}", value=facts.origin or facts.site)
    if facts.missile_name or facts.missile_type:
        claim("missile_type", f"Missile: {facts.what}", value=facts.missile_name or facts.missile_type)
        term = attributes.missile_class(facts.missile_type, facts.missile_name)
        said = facts.missile_type or facts.class_from or facts.missile_name
        claim("missile_class", f"Missile type: {said} (class {term})", value=term)
    if facts.missile_name:
        claim("missile_name", f"Missile name: {facts.missile_name}", value=facts.missile_name)
    if facts.distance:
        claim("range", f"Distance travelled: {facts.distance.raw}", measure=facts.distance)
    if facts.apogee:
        claim("apogee", f"Apogee: {facts.apogee.raw}", measure=facts.apogee)
    if facts.landing:
        claim("landing_area", f"Landing location: {facts.landing}", value=facts.landing)
    if facts.outcome:
        claim("outcome", f"Test outcome: {facts.outcome}", value=attributes.outcome(facts.outcome))


class PlaceIds:
    """One place_id per distinct place (by whatever key an importer tells places apart), unique in the file."""

    def __init__(self):
        self._ids: dict[tuple, str] = {}
        self._taken: set[str] = set()

    def __contains__(self, key: tuple) -> bool:
        return key in self._ids

    def get(self, key: tuple, base: str) -> str:
        if key not in self._ids:
            self._ids[key] = unique_id(base, self._taken)
        return self._ids[key]


# The flat table and ACLED give only a precision word, not a radius, so each word gets one fixed
# radius: places from different files then compare alike on the map.
UNCERTAINTY_KM = {
    "site": 1.0,
    "city": 15.0,
    "county": 20.0,
    "province": 100.0,
    "sea_area": 300.0,
    "country": 300.0,
    "region": 500.0,
}

# Cells that say the value is not known. "none" is deliberately absent: it can be a real answer.
UNKNOWN_WORDS = {
    "",
    "unknown",
    "unk",
    "unk.",
    "n/a",
    "na",
    "-",
    "--",
    "\u2013",
    "\u2014",
    "?",
    "not known",
    "not available",
}


class UnrecognisedFile(ValueError):
    """The input is not a table this importer can read at all (as opposed to a bad row)."""


class RowError(ValueError):
    """One data row cannot be imported; the message is the reason shown to the analyst."""


def display_name(hint: str | None) -> str:
    """The file's base name, as text for messages only: it is never used to build a path."""
    name = re.split(r"[\\/]", str(hint or ""))[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    return name[:120] or "uploaded file"


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def is_unknown(text: str) -> bool:
    return " ".join(text.split()).lower() in UNKNOWN_WORDS


def canon(column: str) -> str:
    """Header names compared without case, BOM or spacing differences."""
    return " ".join(str(column).replace("\ufeff", "").split()).lower()


def slug(text: str, fallback: str = "x", limit: int = 48) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:limit].strip("-")
    return out or fallback


# ---------------------------------------------------------------- reading the file


@dataclass
class RawTable:
    name: str  # display name of the file
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (1-based data row number, cells aligned with header)
    read: int  # non-blank data rows, including those already rejected
    last_row: int  # highest data row number, blank rows included
    rejections: list[tuple[int, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def index(self) -> dict[str, int]:
        return {canon(h): i for i, h in enumerate(self.header)}


def decode_text(data: bytes, name: str) -> tuple[str, str | None]:
    """Decode CSV bytes: UTF-8 (BOM or not) first, then the single-byte Western encodings."""
    wide = tables.not_text(data[:4])
    if wide in ("UTF-16", "UTF-32"):
        try:
            return data.decode(wide.lower()), f"{name} is {wide} text and was decoded as such"
        except UnicodeDecodeError:
            raise UnrecognisedFile(
                f"{name}: starts like {wide} text but does not decode as {wide}; "
                "expected a CSV file in UTF-8 or Latin-1"
            ) from None
    if b"\x00" in data:
        raise UnrecognisedFile(
            f"{name}: contains NUL bytes, so it is binary data, not a CSV text file "
            "(expected CSV in UTF-8 or Latin-1, or Parquet)"
        )
    try:
        return _check_text(data.decode("utf-8-sig"), name), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        where = f"{name} is not UTF-8 (byte {exc.start}, line {line}, is not valid UTF-8)"
    # Bytes 0x80-0x9F are control characters in Latin-1 but punctuation (curly quotes, dashes) in
    # Windows-1252, which is what Excel on Windows writes; for every other byte the two agree.
    if _C1_BYTES.search(data):
        try:
            text = data.decode("cp1252")
            return _check_text(text, name), (
                f"{where}: read as Windows-1252 (Latin-1 with Windows punctuation); check accented names"
            )
        except UnicodeDecodeError:
            pass
    return _check_text(data.decode("latin-1"), name), f"{where}: read as Latin-1 (ISO-8859-1); check accented names"


_C1_BYTES = re.compile(rb"[\x80-\x9f]")
_CONTROL = re.compile(r"[\x01-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _check_text(text: str, name: str) -> str:
    # Latin-1 decodes any bytes at all, so binary junk is told apart by its control characters.
    if len(_CONTROL.findall(text)) > max(2, len(text) // 200):
        raise UnrecognisedFile(
            f"{name}: is full of control characters, so it is binary data, not a CSV text "
            "file (expected CSV in UTF-8 or Latin-1, or Parquet)"
        )
    return text


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _rows_from_records(name: str, header: list[str], records) -> RawTable:
    rows, rejections = [], []
    read = last = 0
    width = len(header)
    for number, record in enumerate(records, start=1):
        last = number
        if not any(str(c).strip() for c in record):
            continue  # blank line: not a row, but it keeps its place in the numbering
        read += 1
        if len(record) > width and not any(c.strip() for c in record[width:]):
            record = record[:width]  # spreadsheets often leave trailing empty cells
        if len(record) != width:
            rejections.append((number, f"has {len(record)} fields, expected {width} as in the header"))
            continue
        at = tables.oversized(record)
        if at is not None:
            rejections.append((number, f"column '{header[at]}' {tables.oversized_message(len(record[at]))}"))
            continue
        rows.append((number, [str(c) for c in record]))
    return RawTable(name, header, rows, read, last, rejections)


def _check_header(header: list[str], name: str) -> None:
    seen: dict[str, str] = {}
    for h in header:
        if canon(h) and canon(h) in seen:
            raise UnrecognisedFile(
                f"{name}: the header names the column '{h}' twice (as '{seen[canon(h)]}' and "
                f"'{h}'): each column must appear once, so that no value is taken from the "
                "wrong one"
            )
        seen[canon(h)] = h


def _parquet_table(data: bytes, name: str) -> RawTable:
    try:
        frame = tables.parquet_frame(io.BytesIO(data), tables.limits(imported=True))
    except tables.TooLarge as exc:
        raise UnrecognisedFile(f"{name}: {exc}") from None
    except Exception as exc:  # noqa: BLE001 - pyarrow raises several types for a damaged file
        raise UnrecognisedFile(f"{name}: starts like Parquet but cannot be read: {exc}") from None
    header = [str(c) for c in frame.columns]
    _check_header(header, name)
    records = zip(*(cells.column_text(frame[c]) for c in frame.columns), strict=True) if len(frame.columns) else []
    return _rows_from_records(name, header, records)


def _csv_table(data: bytes, name: str) -> RawTable:
    text, note = decode_text(data, name)
    try:
        records = tables.csv_records(text, tables.limits(imported=True), _delimiter(text))
        first = next(records, None)
        if not first or not any(c.strip() for c in first):
            raise UnrecognisedFile(f"{name}: the first line is empty; expected a header row naming the columns")
        header = [h.replace("\ufeff", "").strip() for h in first]
        _check_header(header, name)
        table = _rows_from_records(name, header, records)
    except csv.Error as exc:
        raise UnrecognisedFile(f"{name}: is not readable as CSV: {exc}") from None
    except tables.TooLarge as exc:
        raise UnrecognisedFile(f"{name}: {exc}; split the file, or raise the limit") from None
    if note:
        table.notes.append(note)
    return table


def read_table(data: bytes, name: str) -> RawTable:
    """The header and data rows of a CSV or Parquet file held in memory."""
    if not data.strip():
        raise UnrecognisedFile(f"{name}: is empty; expected a CSV or Parquet file with a header row and data rows")
    what = tables.not_text(data[:8])
    if what and what.startswith("is "):
        raise UnrecognisedFile(f"{name}: {what}")
    if data.startswith(tables.PARQUET_MAGIC):
        return _parquet_table(data, name)
    return _csv_table(data, name)


class Row:
    """One data row, with its cells looked up by (canonical) column name."""

    def __init__(self, number: int, cells: list[str], index: dict[str, int]):
        self.number = number
        self._cells = cells
        self._index = index

    def get(self, column: str) -> str:
        i = self._index.get(column)
        return "" if i is None else self._cells[i].strip()


# ---------------------------------------------------------------- parsing cells

MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}

# Two-digit years: 00-49 are 2000-2049 and 50-99 are 1950-1999 (North Korea's first launches
# were in the 1980s, so no record is older than 1950).
TWO_DIGIT_PIVOT = 50


@dataclass(frozen=True)
class ParsedDate:
    date: dt.date
    precision: str  # "day" or "month"
    two_digit_year: bool


def _year(text: str) -> tuple[int, bool]:
    y = int(text)
    if len(text) == 2:
        return (2000 + y if y < TWO_DIGIT_PIVOT else 1900 + y), True
    return y, False


def _month(text: str) -> int | None:
    return MONTHS.get(text.lower().rstrip("."))


def _calendar(column: str, raw: str, y: int, m: int, d: int) -> dt.date:
    try:
        return dt.date(y, m, d)
    except ValueError:
        raise RowError(f"{column} '{raw}' is not a calendar date") from None


# re.ASCII: \d is 0-9 only, so full-width or other scripts' digits are refused, not read as numbers.
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?", re.ASCII)
_ISO_MONTH = re.compile(r"(\d{4})-(\d{1,2})", re.ASCII)
_DAY_MON_YEAR = re.compile(r"(\d{1,2})[-\s/.]*([A-Za-z]{3,9}\.?)[-\s/.,]*(\d{4}|\d{2})", re.ASCII)
_MON_DAY_YEAR = re.compile(r"([A-Za-z]{3,9}\.?)\s+(\d{1,2}),?\s+(\d{4})", re.ASCII)
_MON_YEAR = re.compile(r"([A-Za-z]{3,9}\.?)[-\s/.,]*(\d{4}|\d{2})", re.ASCII)
_NUMERIC_DMY = re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4})", re.ASCII)


def _iso_day(column: str, raw: str, m: re.Match) -> dt.date:
    day = _calendar(column, raw, int(m[1]), int(m[2]), int(m[3]))
    if m[4] is not None and not (int(m[4]) <= 23 and int(m[5]) <= 59 and int(m[6] or 0) <= 59):
        raise RowError(f"{column} '{raw}' has an impossible time of day")
    return day


def parse_date(raw: str, column: str, *, month_only: bool = False, numeric_dmy: bool = False) -> ParsedDate:
    """A date in one of the forms `_parse_date` reads, within the days the loader can hold."""
    parsed = _parse_date(raw, column, month_only=month_only, numeric_dmy=numeric_dmy)
    # The loader refuses such a date too, but there it would also fail the document dated by it,
    # taking every other row of the file down with this one.
    if not loading.MIN_DATE.date() <= parsed.date <= loading.MAX_DATE.date():
        raise RowError(_outside_dates(column, raw))
    return parsed


def _outside_dates(label: str, raw: str) -> str:
    return (
        f"{label} '{raw}' is outside the dates that can be handled "
        f"({loading.MIN_DATE.date()} to {loading.MAX_DATE.date()})"
    )


def _parse_date(raw: str, column: str, *, month_only: bool = False, numeric_dmy: bool = False) -> ParsedDate:
    """A date as written in the source files: ISO, 9-Apr-84, 09 April 1984, April 9, 1984, and, when
    month_only is allowed, Sep-84 or 1984-09. numeric_dmy admits ACLED's dd-mm-yyyy. Slashed numeric
    dates (4/9/84) are refused: whether the day or the month comes first cannot be told."""
    text = raw.strip()
    if not text:
        raise RowError(f"{column} is empty")
    if m := _ISO.fullmatch(text):
        return ParsedDate(_iso_day(column, raw, m), "day", False)
    if numeric_dmy and (m := _NUMERIC_DMY.fullmatch(text)):
        return ParsedDate(_calendar(column, raw, int(m[3]), int(m[2]), int(m[1])), "day", False)
    if (m := _DAY_MON_YEAR.fullmatch(text)) and _month(m[2]):
        y, two = _year(m[3])
        return ParsedDate(_calendar(column, raw, y, _month(m[2]), int(m[1])), "day", two)
    if (m := _MON_DAY_YEAR.fullmatch(text)) and _month(m[1]):
        return ParsedDate(_calendar(column, raw, int(m[3]), _month(m[1]), int(m[2])), "day", False)
    if month_only:
        if (m := _MON_YEAR.fullmatch(text)) and _month(m[1]):
            y, two = _year(m[2])
            return ParsedDate(dt.date(y, _month(m[1]), 1), "month", two)
        if (m := _ISO_MONTH.fullmatch(text)) and 1 <= int(m[2]) <= 12:
            return ParsedDate(dt.date(int(m[1]), int(m[2]), 1), "month", False)
    forms = "9-Apr-84, Sep-84 or 1984-04-09" if month_only else "2025-11-07 or 07 November 2025"
    raise RowError(f"{column} '{raw}' is not a date in a form this importer reads (such as {forms})")


def local_day(when: ParsedDate, time_text: str, zone: str) -> tuple[dt.date, str]:
    """The launch's date in Pyongyang, and a note for the date basis when that is another day than
    the file's: a file that gives launch times in `zone` dates its launches in that zone too."""
    hm = attributes.parse_time(time_text) if when.precision == "day" else None
    if hm is None:
        return when.date, ""
    local = attributes.to_local(when.date, hm[0], hm[1], zone)
    if local.date() == when.date:
        return when.date, ""
    return local.date(), (
        f"; launched {time_text} {zone}, {local:%H:%M} on {local:%d %b %Y} in Pyongyang: "
        "the event is on that local date"
    )


def parse_coordinate(raw: str, column: str, limit: float) -> float:
    text = raw.strip().rstrip("\u00b0").strip()
    sign = 1.0
    if text[-1:].upper() in ("N", "S", "E", "W"):
        sign = -1.0 if text[-1].upper() in ("S", "W") else 1.0
        text = text[:-1].rstrip().rstrip("\u00b0").strip()
    if not cells.NUMBER.fullmatch(text):
        raise RowError(f"{column} '{raw}' is not a decimal number of degrees")
    value = sign * float(text)
    if not math.isfinite(value) or not -limit <= value <= limit:
        raise RowError(f"{column} {raw.strip()} is outside -{limit:g}..{limit:g}")
    return value


@dataclass(frozen=True)
class Measure:
    """A reported distance: as written, and in km when it is a single number with a known unit."""

    raw: str
    value: str
    unit: str = ""
    qualifier: str = ""
    normalized: float | None = None
    normalized_unit: str = ""


_QUALIFIERS = {
    "~": "about",
    "about": "about",
    "approx": "approximately",
    "approx.": "approximately",
    "approximately": "approximately",
    "around": "around",
    "roughly": "roughly",
    "some": "some",
    "over": "over",
    "more than": "more than",
    ">": "more than",
    "<": "less than",
    "less than": "less than",
    "under": "under",
    "up to": "up to",
}
_UNITS = {
    "km": "km",
    "kms": "km",
    "kilometer": "km",
    "kilometers": "km",
    "kilometre": "km",
    "kilometres": "km",
    "mi": "mi",
    "mile": "mi",
    "miles": "mi",
    "m": "m",
    "meter": "m",
    "meters": "m",
    "metre": "m",
    "metres": "m",
    "nmi": "nmi",
    "nm": "nmi",
    "nautical mile": "nmi",
    "nautical miles": "nmi",
}
_MEASURE = re.compile(
    r"(?P<q>~|approx\.?|approximately|about|around|roughly|some|over|more than|>|<|less than|under|up to)?\s*"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?P<unit>[A-Za-z][A-Za-z. ]*?)?\.?",
    re.IGNORECASE | re.ASCII,
)
# Digits a reader could take for a number that is not written in 0-9, or grouped as Python would (4_35).
_ODD_NUMBER = re.compile(r"(?![0-9])\d|[0-9]_[0-9]")


def parse_measure(raw: str, column: str) -> Measure | None:
    """None when unknown. A single number with a known unit is normalised to km; anything else (a
    span such as 450-500 km, a bare number, words) is kept as written and not normalised."""
    text = " ".join(raw.split())
    if is_unknown(text):
        return None
    if odd := _ODD_NUMBER.search(text):
        raise RowError(
            f"{column} '{text}' holds '{odd.group()}', which is not how a number is written here: use "
            "the digits 0-9, with no underscores"
        )
    m = _MEASURE.fullmatch(text)
    unit = _UNITS.get((m["unit"] or "").lower().strip()) if m else None
    if not m or not unit:
        return Measure(raw=text, value=text)
    number = float(m["num"].replace(",", ""))
    target, factor = schema.UNIT_CONVERSIONS[unit]
    km = round(number * factor, 3)
    if km > loading.MAX_DISTANCE_KM:
        raise RowError(
            f"{column} '{text}' is more than any flight can cover "
            f"({loading.MAX_DISTANCE_KM:.0f} km, half the Earth's circumference)"
        )
    qualifier = _QUALIFIERS[m["q"].lower()] if m["q"] else ""
    return Measure(raw=text, value=m["num"], unit=unit, qualifier=qualifier, normalized=km, normalized_unit=target)


# Who a citation comes from, judged only by its leading segment (the author or publisher before the
# first comma, colon, quote or bracket) so that a headline such as "..., military says" does not
# make a newspaper a military source. Anything not clearly a military or government body is media.
_MILITARY = re.compile(
    r"\b(joint chiefs|jcs|ministry of (national )?defen[cs]e|defen[cs]e ministry|department of defen[cs]e|"
    r"pentagon|military|armed forces|army|navy|air force|marine corps|self-defen[cs]e forces?|command|"
    r"indopacom|usfk|norad)\b",
    re.IGNORECASE,
)
_GOVERNMENT = re.compile(
    r"\b(government|ministry|minister|cabinet|presidential|president|prime minister|white house|"
    r"state department|department of state|office of|foreign affairs)\b",
    re.IGNORECASE,
)


def originator_kind(citation: str) -> str:
    head = re.split(r"[,:;\"\u201c\u201d\u00ab(\[]", citation, maxsplit=1)[0]
    if _MILITARY.search(head):
        return "military"
    if _GOVERNMENT.search(head):
        return "government"
    return "media"


def cited(raw: str) -> list[tuple[str, str]]:
    """(originator, kind) for each source a cell cites; a row that cites none is the report itself."""
    return [(c, originator_kind(c)) for c in split_sources(raw)] or [("the report itself", "report_itself")]


def split_sources(raw: str) -> list[str]:
    """The citations of a cell, separated by ';' or by line breaks (both occur in the CNS export)."""
    seen: list[str] = []
    for part in re.split(r"[;\r\n]+", raw):
        part = " ".join(part.split())
        if part and not is_unknown(part) and part not in seen:
            seen.append(part)
    return seen


# ---------------------------------------------------------------- checking cells against the schema


def cell_problems(values: dict[int, str], column: schema.Column, label: str) -> dict[int, str]:
    """For each row number whose value `column` refuses, why: the loader's own rule and words, so an
    importer and the loader cannot disagree about a cell."""
    series = pd.Series(list(values.values()), index=list(values.keys()), dtype=object)
    _, found = loading.check_column(series, column)
    why: dict[int, str] = {}
    for row, message in found:
        why.setdefault(row, f"{label} {message}")
    return why


# ---------------------------------------------------------------- assembling the dataset


@dataclass
class RowOutput:
    """What one data row of the input yields."""

    row: int
    events: list[dict] = field(default_factory=list)
    places: list[dict] = field(default_factory=list)
    claims: list[dict] = field(default_factory=list)


@dataclass
class RowClaims:
    """Builds the claims one input row makes about one event, numbered in order, each citing one
    document and spanning that row: span (n-1, n) stands for data row n."""

    event_id: str
    document_id: str
    row: int
    made: list[dict] = field(default_factory=list)

    def add(
        self,
        originator: str,
        kind: str,
        attribute: str,
        text: str,
        *,
        value: str = "",
        unit: str = "",
        qualifier: str = "",
        measure: Measure | None = None,
        resolved: dt.date | None = None,
        via: str = "",
    ) -> dict:
        """One claim; a measure gives its value, unit, qualifier and normalised value."""
        normalized, normalized_unit = None, ""
        if measure is not None:
            value, unit, qualifier = measure.value, measure.unit, measure.qualifier
            normalized, normalized_unit = measure.normalized, measure.normalized_unit
        claim = {
            "claim_id": f"{self.event_id}-{len(self.made) + 1:02d}",
            "event_id": self.event_id,
            "document_id": self.document_id,
            "originator": originator,
            "originator_kind": kind,
            "via": via,
            "attribute": attribute,
            "claim": text,
            "value": value,
            "unit": unit,
            "qualifier": qualifier,
            "normalized_value": normalized,
            "normalized_unit": normalized_unit,
            "resolved_date": resolved,
            "span_start": self.row - 1,
            "span_end": self.row,
        }
        self.made.append(claim)
        return claim


@dataclass
class Parsed:
    units: list[RowOutput]
    rejections: list[tuple[int, str]]
    documents: Callable[[list[RowOutput]], list[dict]]  # the documents for the rows finally kept
    notes: list[str] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # a document's file_name -> the text its spans point into


_TABLE_BY_FILE = {t.file: t.name for t in schema.TABLES}


def assemble(units: list[RowOutput], documents: Callable[[list[RowOutput]], list[dict]]):
    """The four tables as lists of rows, and for each table row the input rows it came from."""
    tables: dict[str, list[dict]] = {t.name: [] for t in schema.TABLES}
    origin: dict[str, list[set[int]]] = {t.name: [] for t in schema.TABLES}
    seen: dict[tuple[str, str], int] = {}
    for unit in units:
        for table, key, rows in (("events", "event_id", unit.events), ("places", "place_id", unit.places)):
            for row in rows:
                at = seen.get((table, row[key]))
                if at is None:
                    seen[(table, row[key])] = len(tables[table])
                    tables[table].append(row)
                    origin[table].append({unit.row})
                else:
                    origin[table][at].add(unit.row)
        for claim in unit.claims:
            # Other formats record what sources state; a claim that a value was not given is ours alone.
            tables["claims"].append({"stance": schema.STATED, **claim})
            origin["claims"].append({unit.row})
    docs = documents(units)
    for doc in docs:
        tables["documents"].append(doc)
        origin["documents"].append(
            {u.row for u in units if any(c["document_id"] == doc["document_id"] for c in u.claims)}
        )
    return tables, origin


def write_tables(folder: Path, tables: dict[str, list[dict]]) -> None:
    """The four tables as CSV files in folder, each renamed into place (a link there is replaced, not
    followed); a Parquet file of the same table is removed, so the folder holds one copy of each."""
    for table in schema.TABLES:
        text = io.StringIO()
        rows = ([cells.cell_text(row.get(c)) for c in table.column_names] for row in tables[table.name])
        csvfiles.write_rows(text, table.column_names, rows)
        outputs.replace_file(folder / table.file, text.getvalue().encode("utf-8"))
        (folder / (Path(table.file).stem + ".parquet")).unlink(missing_ok=True)


def check_tables(tables: dict[str, list[dict]]):
    """Run the loader over the tables, in a private temporary folder."""
    with tempfile.TemporaryDirectory(prefix="launchwatch-import-") as tmp:
        write_tables(Path(tmp), tables)
        dataset, problems = loading.validate(tmp)
    if dataset is not None:
        dataset.folder = None  # the temporary folder is gone
    return dataset, problems


def _unwritable(unit: RowOutput) -> str | None:
    """Why a row's values cannot go into a dataset file the loader can read back, or None. The loader
    refuses such a file whole, naming no row, so the row has to be refused before it is written."""
    limit = tables.MAX_CELL_CHARS
    for table, rows in (("events", unit.events), ("places", unit.places), ("claims", unit.claims)):
        for row in rows:
            for column, value in row.items():
                if not isinstance(value, str):
                    continue
                if "\x00" in value:
                    return (
                        f"{table}.csv column '{column}' would contain a NUL character, which a dataset file cannot hold"
                    )
                if len(value) > limit:
                    return (
                        f"{table}.csv column '{column}' would be {len(value)} characters long, over the "
                        f"{limit}-character limit of a dataset cell"
                    )
    return None


def build(parsed: Parsed):
    """(dataset or None, tables, rejections): drop every row the loader objects to and try again."""
    units = []
    rejections = list(parsed.rejections)
    for unit in parsed.units:
        why = _unwritable(unit)
        if why:
            rejections.append((unit.row, why))
        else:
            units.append(unit)
    for _ in range(8):
        if not units:
            return None, None, sorted(rejections)
        tables, origin = assemble(units, parsed.documents)
        dataset, problems = check_tables(tables)
        if not problems:
            return dataset, tables, sorted(rejections)
        refused: dict[int, str] = {}
        for p in problems:
            table = _TABLE_BY_FILE.get(p.file)
            if table is None or p.row is None:
                raise RuntimeError(f"the importer wrote an unreadable table: {p}")
            where = f"{p.file} column '{p.column}'" if p.column else p.file
            for row in origin[table][p.row - 1]:
                refused.setdefault(row, f"refused by the dataset check: {where}: {p.message}")
        units = [u for u in units if u.row not in refused]
        rejections.extend(refused.items())
    raise RuntimeError("the imported rows still fail the dataset check after repeated rejections")
