"""Load a dataset folder into validated DataFrames.

Every problem found is collected (not just the first), each naming the file, the row, the column and
what was expected, so an analyst can fix a file in one pass. A dataset with any problem is refused
whole: no row is dropped silently.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import math
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import attributes, capping, cells, memo, schema, tables
from .schema import Column, Table

REPO_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_DATA = REPO_ROOT / "data"

# Half the Earth's circumference: no flight range or distance between two points can exceed it.
MAX_DISTANCE_KM = 20_040.0
# Dates are held as nanosecond timestamps, which span only these days.
# Past this many malformed rows in one file, the rest are counted, not each held as a problem.
MAX_ROW_PROBLEMS = 1_000
MIN_DATE = pd.Timestamp.min.ceil("D")
MAX_DATE = pd.Timestamp.max.floor("D")


def data_dir(explicit: str | os.PathLike | None = None) -> Path:
    """The dataset folder: an explicit one, else $LAUNCHWATCH_DATA, else the bundled data/."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("LAUNCHWATCH_DATA")
    return Path(env) if env else BUNDLED_DATA


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None  # 1-based data row (the header is not counted); None for a whole-file problem
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row} (line {self.row + 1})")
        if self.column:
            where.append(f"column '{self.column}'")
        return ", ".join(where) + ": " + self.message


def problem_lines(problems: list[Problem]) -> list[str]:
    """The problems as lines a person can read: a few of each kind, then how many more (see capping)."""
    kinds = [f"{p.file}|{p.column}|{capping.kind_of(p.message)}" for p in problems]
    return capping.capped([str(p) for p in problems], kinds)


class DatasetError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        head = "; ".join(str(p) for p in problems[:3])
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        super().__init__(f"{len(problems)} problem(s) in the dataset: {head}{more}")


@dataclass
class Dataset:
    documents: pd.DataFrame
    events: pd.DataFrame
    places: pd.DataFrame
    claims: pd.DataFrame
    folder: Path | None = None
    aliases: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=schema.ALIASES.column_names))
    links: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=schema.LINKS.column_names))
    # The reference places a workspace database keeps (None: the app's own, data/reference_places.csv).
    reference_places: pd.DataFrame | None = None
    # A workspace database's own quote of a claim, given (claim id, document id, span start, span end):
    # evidence with no reports folder. None when it stores no text for the report, holds the claim
    # otherwise (another document or span: an upload's version), or the claim is orphaned.
    stored_quote: Callable[[str, str, int, int], str | None] | None = None

    def table(self, name: str) -> pd.DataFrame:
        return getattr(self, name)


# ---------------------------------------------------------------- reading raw tables


def _find_file(folder: Path, table: Table) -> Path | None:
    for suffix in (".csv", ".parquet"):
        p = folder / (Path(table.file).stem + suffix)
        if p.exists() or p.is_symlink():
            return p
    return None


def _ambiguous(folder: Path, table: Table) -> Problem | None:
    both = [folder / (Path(table.file).stem + suffix) for suffix in (".csv", ".parquet")]
    if all(p.exists() for p in both):
        return Problem(
            both[0].name,
            None,
            None,
            f"and {both[1].name} are both in the folder: keep one, so that it is clear which is read",
        )
    return None


def _decode(raw: bytes, name: str, problems: list[Problem]) -> str | None:
    """CSV bytes as text: a dataset folder's files are UTF-8, with or without a byte-order mark."""
    what = tables.not_text(raw[:8])
    if what in ("UTF-16", "UTF-32"):
        problems.append(
            Problem(
                name,
                None,
                None,
                f"is {what} text (it starts with a {what} byte-order mark): "
                f"{what} is not supported; save the file as UTF-8",
            )
        )
        return None
    if what:
        problems.append(Problem(name, None, None, what))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(
            Problem(
                name,
                None,
                None,
                f"not UTF-8 text: byte {exc.start} (line {line}) cannot be decoded; save the file as UTF-8",
            )
        )
        return None
    if "\x00" in text:
        problems.append(Problem(name, None, None, "contains NUL bytes: this is not a CSV text file"))
        return None
    if not text.strip():
        problems.append(Problem(name, None, None, "is empty: expected a header line and rows"))
        return None
    return text


def _row_problem(name: str, i: int, record: list[str], header: list[str]) -> Problem | None:
    if not any(cell.strip() for cell in record):
        return None
    if len(record) != len(header):
        return Problem(name, i, None, f"has {len(record)} fields, expected {len(header)} as in the header")
    at = tables.oversized(record)
    if at is not None:
        return Problem(name, i, header[at], tables.oversized_message(len(record[at])))
    return None


def _read_csv_text(raw: bytes, name: str, problems: list[Problem]) -> pd.DataFrame | None:
    text = _decode(raw, name, problems)
    if text is None:
        return None
    # The csv module reports ragged rows with their line numbers, which pandas' fast parser does not.
    found, bad = len(problems), 0
    kept: list[tuple[int, list[str]]] = []
    try:
        records = tables.csv_records(text, tables.limits())
        header = next(records)
        for i, record in enumerate(records, start=1):
            problem = _row_problem(name, i, record, header)
            if problem:
                bad += 1  # the file is refused: its rows are no longer kept, and past a number not listed
                if bad <= MAX_ROW_PROBLEMS:
                    problems.append(problem)
            elif not bad and any(cell.strip() for cell in record):
                kept.append((i - 1, record))
    except csv.Error as exc:
        problems.append(Problem(name, None, None, f"is not valid CSV: {exc}"))
        return None
    except tables.TooLarge as exc:
        del problems[found:]  # the rows read so far are not the point: the file is too large to read
        problems.append(Problem(name, None, None, str(exc)))
        return None
    if bad > MAX_ROW_PROBLEMS:
        problems.append(
            Problem(
                name,
                None,
                None,
                f"has {bad - MAX_ROW_PROBLEMS:,} more rows with a wrong number "
                "of fields or an over-long cell, not listed one by one",
            )
        )
    if bad:
        return None
    # Blank lines hold no row, but they keep their place in the index so that every problem's
    # row number is the one an analyst counts in the file.
    return pd.DataFrame([r for _, r in kept], columns=header, index=[i for i, _ in kept], dtype=object)


def _read_parquet(path: Path, problems: list[Problem]) -> pd.DataFrame | None:
    try:
        frame = tables.parquet_frame(path, tables.limits())
    except tables.TooLarge as exc:
        problems.append(Problem(path.name, None, None, str(exc)))
        return None
    except Exception as exc:  # noqa: BLE001 - pyarrow raises several types for a corrupt file
        problems.append(Problem(path.name, None, None, f"is not a readable Parquet file: {exc}"))
        return None
    # Validate Parquet cells as text too, so one set of rules serves both formats.
    return pd.DataFrame({c: cells.column_text(frame[c]) for c in frame.columns}, index=frame.index)


def _read_table(folder: Path, table: Table, problems: list[Problem]) -> pd.DataFrame | None:
    path = _find_file(folder, table)
    if path is None:
        problems.append(Problem(table.file, None, None, f"missing from {folder}: expected {table.file} (or .parquet)"))
        return None
    name = path.name
    try:
        info = path.stat()
        if not (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode)):
            # Reading a FIFO would wait for a writer for ever; a device or socket is no table either.
            problems.append(
                Problem(
                    name, None, None, "is not a regular file (a FIFO, socket or device): expected a CSV or Parquet file"
                )
            )
            return None
        tables.check_size(info.st_size, tables.limits())
        if path.suffix == ".parquet":
            return _read_parquet(path, problems)
        raw = path.read_bytes()
    except tables.TooLarge as exc:
        problems.append(Problem(name, None, None, str(exc)))
        return None
    except OSError as exc:
        problems.append(Problem(name, None, None, f"cannot be read: {exc.strerror or exc}"))
        return None
    return _read_csv_text(raw, name, problems)


# ---------------------------------------------------------------- cell-level validation
# The one statement of what a column's cells may hold: the loader applies it to whole columns, and
# the importers ask it about their rows (`check_column`), so the two cannot disagree.

_BOOLS = {"true": True, "false": False}


def _strings(present: pd.Series, col: Column, problems: list[tuple[int, str]]) -> None:
    if col.vocabulary:
        for i, v in present[~present.isin(col.vocabulary)].items():
            problems.append((i, f"'{_short(v)}' is not one of: {', '.join(col.vocabulary)}"))
    if col.identifier:
        for i, v in present[present.str.contains(cells.INVISIBLE)].items():
            problems.append(
                (
                    i,
                    (
                        f"'{_short(v)}' holds an invisible character ({cells.invisible_in(v)}): an id "
                        "must be visible text, so that two ids that look alike are one id"
                    ),
                )
            )


def _numbers(raw: pd.Series, present: pd.Series, col: Column, problems: list[tuple[int, str]]) -> pd.Series:
    bare = present.str.replace(",", "", regex=False)
    written = bare.str.fullmatch(cells.NUMBER)
    numbers = pd.to_numeric(bare.where(written), errors="coerce").astype("float64")
    for i in numbers.index[~written]:
        problems.append((i, f"'{_short(present[i])}' is not a number"))
    finite = numbers.map(math.isfinite) | ~written
    for i in numbers.index[~finite]:
        problems.append((i, f"'{_short(present[i])}' is not a finite number"))
    out = pd.Series(float("nan"), index=raw.index, dtype="float64")
    out[numbers.index] = numbers.where(finite & written)
    if col.kind == "int":
        ok = out.dropna()
        for i in ok.index[(ok % 1) != 0]:
            problems.append((i, f"'{_short(present[i])}' is not a whole number"))
        # Beyond 2**53 a float (which the text passes through) no longer holds every whole number.
        huge = ok.index[ok.abs() > cells.MAX_SAFE_WHOLE]
        for i in huge:
            problems.append(
                (
                    i,
                    (
                        f"'{_short(present[i])}' is too large: whole numbers here lie within "
                        f"-{cells.MAX_SAFE_WHOLE}..{cells.MAX_SAFE_WHOLE}"
                    ),
                )
            )
        out[huge] = float("nan")
    return out


def _dates(raw: pd.Series, present: pd.Series, problems: list[tuple[int, str]]) -> pd.Series:
    ok = present.str.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
    dates = pd.to_datetime(present.where(ok), format="%Y-%m-%d", errors="coerce")
    for i in dates.index[dates.isna()]:
        problems.append((i, f"'{_short(present[i])}' is not a calendar date in the form YYYY-MM-DD"))
    # Such a date is real but cannot be held as a nanosecond timestamp: refuse it rather than fail.
    outside = dates.notna() & ((dates < MIN_DATE) | (dates > MAX_DATE))
    for i in dates.index[outside]:
        problems.append(
            (i, (f"'{present[i]}' is outside the dates that can be handled ({MIN_DATE.date()} to {MAX_DATE.date()})"))
        )
    out = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
    out[dates.index] = dates.where(~outside).astype("datetime64[ns]")
    return out


def _bools(raw: pd.Series, present: pd.Series, problems: list[tuple[int, str]]) -> pd.Series:
    lowered = present.str.lower()
    for i in lowered.index[~lowered.isin(_BOOLS)]:
        problems.append((i, f"'{_short(present[i])}' is not true or false"))
    return lowered.map(_BOOLS).reindex(raw.index).fillna(False).astype(bool)


def check_column(values: pd.Series, col: Column) -> tuple[pd.Series, list[tuple[int, str]]]:
    """A column of cell texts as typed values, and (index label, message) for every cell it refuses."""
    raw = values.astype(str).str.strip()
    empty = raw == ""
    problems: list[tuple[int, str]] = []
    if col.required:
        problems += [(i, "is empty: a value is required") for i in raw.index[empty]]
    present = raw[~empty]
    if col.kind == "str":
        _strings(present, col, problems)
        return raw, problems
    if col.kind in ("int", "float"):
        return _numbers(raw, present, col, problems), problems
    if col.kind == "date":
        return _dates(raw, present, problems), problems
    if col.kind == "bool":
        return _bools(raw, present, problems), problems
    raise ValueError(col.kind)


def _convert_column(frame: pd.DataFrame, col: Column, file: str, problems: list[Problem]) -> pd.Series:
    out, found = check_column(frame[col.name], col)
    problems.extend(Problem(file, i + 1, col.name, message) for i, message in found)
    return out


def _short(v: str, n: int = 40) -> str:
    v = str(v)
    return v if len(v) <= n else v[: n - 1] + "…"


def _typed(frame: pd.DataFrame, table: Table, file: str, problems: list[Problem]) -> pd.DataFrame | None:
    header = [str(c) for c in frame.columns]
    doubled = [c for c in dict.fromkeys(header) if header.count(c) > 1]
    for c in doubled:
        problems.append(
            Problem(file, None, c, f"is named {header.count(c)} times in the header: each column must appear once")
        )
    if doubled:
        return None
    missing = [c for c in table.column_names if c not in frame.columns]
    extra = [c for c in frame.columns if c not in table.column_names]
    for c in missing:
        problems.append(Problem(file, None, c, "is missing: expected columns " + ", ".join(table.column_names)))
    for c in extra:
        problems.append(
            Problem(
                file,
                None,
                str(c),
                "is not a column of this table (check its spelling): expected " + ", ".join(table.column_names),
            )
        )
    if missing or extra:
        return None
    out = pd.DataFrame({c.name: _convert_column(frame, c, file, problems) for c in table.columns})
    for c in table.columns:
        if c.kind == "int":
            out[c.name] = out[c.name].astype("Int64" if out[c.name].isna().any() else "int64")
    keys = out[table.key] if table.unique_key else out[table.column_names[:2]].agg("\x1f".join, axis=1)
    dup = out[table.key][keys.duplicated(keep="first")]
    for i, v in dup.items():
        problems.append(Problem(file, i + 1, table.key, f"'{_short(v)}' is used by an earlier row: ids must be unique"))
    return out


# ---------------------------------------------------------------- cross-table validation


def _check_places(p: pd.DataFrame, file: str, problems: list[Problem]) -> None:
    for i in p.index[(p.latitude < -90) | (p.latitude > 90)]:
        problems.append(Problem(file, i + 1, "latitude", f"{p.latitude[i]} is outside -90..90"))
    for i in p.index[(p.longitude < -180) | (p.longitude > 180)]:
        problems.append(Problem(file, i + 1, "longitude", f"{p.longitude[i]} is outside -180..180"))
    for i in p.index[(p.uncertainty_km < 0) | (p.uncertainty_km > MAX_DISTANCE_KM)]:
        problems.append(
            Problem(file, i + 1, "uncertainty_km", f"{p.uncertainty_km[i]} is outside 0..{MAX_DISTANCE_KM:.0f} km")
        )


def _check_events(e: pd.DataFrame, places: pd.DataFrame | None, file: str, problems: list[Problem]) -> None:
    d = e.date
    rules = {
        "week": (d.dt.day_of_week != 0, "a week-precision date must be the Monday that starts the week"),
        "month": (d.dt.day != 1, "a month-precision date must be the first day of the month"),
        "year": ((d.dt.day != 1) | (d.dt.month != 1), "a year-precision date must be 1 January"),
    }
    for precision, (wrong, message) in rules.items():
        for i in e.index[(e.date_precision == precision) & d.notna() & wrong]:
            problems.append(Problem(file, i + 1, "date", f"{d[i].date()}: {message}"))
    if places is not None:
        known = set(places.place_id)
        for i in e.index[(e.place_id != "") & ~e.place_id.isin(known)]:
            problems.append(Problem(file, i + 1, "place_id", f"'{_short(e.place_id[i])}' is not a place_id in places"))


def _check_claims(c: pd.DataFrame, events, documents, file: str, problems: list[Problem]) -> None:
    if events is not None:
        for i in c.index[~c.event_id.isin(set(events.event_id))]:
            problems.append(Problem(file, i + 1, "event_id", f"'{_short(c.event_id[i])}' is not an event_id in events"))
    if documents is not None:
        # As floats, so an unreadable char_length (NA) or an empty claims table compares as no match.
        lengths = dict(zip(documents.document_id, documents.char_length.astype("float64"), strict=True))
        known = c.document_id.isin(set(lengths))
        for i in c.index[~known]:
            problems.append(
                Problem(file, i + 1, "document_id", f"'{_short(c.document_id[i])}' is not a document_id in documents")
            )
        doc_len = c.document_id.map(lengths).astype("float64")
        for i in c.index[known & (c.span_end > doc_len)]:
            problems.append(
                Problem(
                    file,
                    i + 1,
                    "span_end",
                    f"{int(c.span_end[i])} is past the end of the document ({int(doc_len[i])} characters)",
                )
            )
    for i in c.index[c.span_start < 0]:
        problems.append(Problem(file, i + 1, "span_start", f"{int(c.span_start[i])} is negative"))
    for i in c.index[c.span_end <= c.span_start]:
        problems.append(
            Problem(
                file,
                i + 1,
                "span_end",
                f"{int(c.span_end[i])} must be greater than span_start ({int(c.span_start[i])})",
            )
        )
    _check_values(c, file, problems)


def _check_values(c: pd.DataFrame, file: str, problems: list[Problem]) -> None:
    """The claims' values: known terms, stances, units and conversions that match what was reported."""
    for i, why in attributes.categorical_problems(c):
        problems.append(Problem(file, i + 1, "value", why))
    _check_stances(c, file, problems)
    units = schema.UNIT_CONVERSIONS
    for i in c.index[(c.normalized_value.notna()) & (c.normalized_unit == "")]:
        problems.append(Problem(file, i + 1, "normalized_unit", "is empty but normalized_value is set"))
    distance = c.normalized_unit == "km"
    for i in c.index[distance & ((c.normalized_value < 0) | (c.normalized_value > MAX_DISTANCE_KM))]:
        problems.append(
            Problem(
                file,
                i + 1,
                "normalized_value",
                f"{c.normalized_value[i]} km is not a possible distance (0..{MAX_DISTANCE_KM:.0f} km)",
            )
        )
    convertible = c.unit.isin(list(units)) & (c.value != "")
    for i in c.index[convertible]:
        target, factor = units[c.unit[i]]
        try:
            expected = float(str(c.value[i]).replace(",", "")) * factor
        except ValueError:
            problems.append(Problem(file, i + 1, "value", f"'{_short(c.value[i])}' is not a number in {c.unit[i]}"))
            continue
        got = c.normalized_value[i]
        if c.normalized_unit[i] != target or not (abs(got - expected) <= max(0.05, 0.001 * expected)):
            problems.append(
                Problem(
                    file,
                    i + 1,
                    "normalized_value",
                    f"{got} {c.normalized_unit[i]} does not match {c.value[i]} {c.unit[i]} "
                    f"(expected {expected:.1f} {target})",
                )
            )


def _check_stances(c: pd.DataFrame, file: str, problems: list[Problem]) -> None:
    """A claim that a value was not given carries no value: it is listed beside a verdict, never compared."""
    silent = c.stance == "not_given"
    filled = {
        "value": c.value != "",
        "unit": c.unit != "",
        "normalized_value": c.normalized_value.notna(),
        "resolved_date": c.resolved_date.notna(),
    }
    for column, has in filled.items():
        for i in c.index[silent & has]:
            problems.append(
                Problem(
                    file,
                    i + 1,
                    column,
                    "must be empty when stance is not_given (the source says the value was not given)",
                )
            )
    for i in c.index[(c.resolved_precision != "") & c.resolved_date.isna()]:
        problems.append(Problem(file, i + 1, "resolved_precision", "is set but resolved_date is empty"))


def _check_documents(d: pd.DataFrame, file: str, problems: list[Problem]) -> None:
    for i in d.index[d.char_length < 0]:
        problems.append(Problem(file, i + 1, "char_length", f"{int(d.char_length[i])} is negative"))
    for i in d.index[(d.published != schema.UNKNOWN) & ~d.published.str.fullmatch(r"\d{4}-\d{2}-\d{2}")]:
        problems.append(
            Problem(file, i + 1, "published", f"'{_short(d.published[i])}' is neither YYYY-MM-DD nor 'unknown'")
        )
    for i in d.index[d.file_name.map(lambda n: Path(n).name != n or n in (".", ".."))]:
        problems.append(
            Problem(file, i + 1, "file_name", f"'{_short(d.file_name[i])}' must be a bare file name, with no folder")
        )
    for i in d.index[~d.sha256.str.fullmatch(r"[0-9a-f]{64}")]:
        problems.append(Problem(file, i + 1, "sha256", "expected 64 lowercase hexadecimal digits"))


# ---------------------------------------------------------------- public API


def validate(folder: str | os.PathLike | None = None) -> tuple[Dataset | None, list[Problem]]:
    """Read and check a dataset folder. Returns the dataset (None if any problem) and every problem."""
    folder = data_dir(folder)
    problems: list[Problem] = []
    if not folder.is_dir():
        return None, [Problem(str(folder), None, None, "is not a folder")]
    typed: dict[str, pd.DataFrame | None] = {}
    names = {t.name: (_find_file(folder, t) or Path(t.file)).name for t in schema.TABLES}
    for table in schema.TABLES:
        ambiguous = _ambiguous(folder, table)
        if ambiguous:
            problems.append(ambiguous)
            typed[table.name] = None
            continue
        raw = _read_table(folder, table, problems)
        typed[table.name] = None if raw is None else _typed(raw, table, names[table.name], problems)
    if typed["places"] is not None:
        _check_places(typed["places"], names["places"], problems)
    if typed["documents"] is not None:
        _check_documents(typed["documents"], names["documents"], problems)
    if typed["events"] is not None:
        _check_events(typed["events"], typed["places"], names["events"], problems)
    if typed["claims"] is not None:
        _check_claims(typed["claims"], typed["events"], typed["documents"], names["claims"], problems)
        if typed["events"] is not None:
            orphans = set(typed["events"].event_id) - set(typed["claims"].event_id)
            for i in typed["events"].index[typed["events"].event_id.isin(orphans)]:
                problems.append(
                    Problem(
                        names["events"],
                        i + 1,
                        "event_id",
                        "has no claim: every event needs at least one claim from a source",
                    )
                )
    aliases = _read_optional(folder, schema.ALIASES, problems)
    links = _read_optional(folder, schema.LINKS, problems)
    if problems:
        return None, problems
    frames = {k: v.reset_index(drop=True) for k, v in typed.items()}
    return Dataset(
        frames["documents"],
        frames["events"],
        frames["places"],
        frames["claims"],
        folder=folder,
        aliases=aliases,
        links=links,
    ), []


def _read_optional(folder: Path, table: Table, problems: list[Problem]) -> pd.DataFrame:
    """An optional table (aliases, links) when the folder has one; else an empty one: without aliases
    every originator stands for itself, without links every event stands alone."""
    if _find_file(folder, table) is None:
        return pd.DataFrame(columns=table.column_names)
    raw = _read_table(folder, table, problems)
    typed = None if raw is None else _typed(raw, table, _find_file(folder, table).name, problems)
    return pd.DataFrame(columns=table.column_names) if typed is None else typed.reset_index(drop=True)


def load(folder: str | os.PathLike | None = None) -> Dataset:
    """Load a dataset folder or raise DatasetError listing every problem."""
    dataset, problems = validate(folder)
    if problems:
        raise DatasetError(problems)
    return dataset


# ---------------------------------------------------------------- the reports' text


def reports_dir() -> Path | None:
    """Folder holding the source reports, when configured ($LAUNCHWATCH_REPORTS, else ../shared/seeds)."""
    env = os.environ.get("LAUNCHWATCH_REPORTS")
    candidates = [Path(env)] if env else [REPO_ROOT.parent / "shared" / "seeds"]
    for c in candidates:
        if c.is_dir():
            return c
    return None


def reports_version() -> tuple[str, int | None] | None:
    """The reports folder and when a report was last put in it or taken out (the folder's own time): a key
    for what is quoted from it, read with one look at the folder rather than one at each report."""
    folder = reports_dir()
    if folder is None:
        return None
    try:
        return str(folder), folder.stat().st_mtime_ns
    except OSError:
        return str(folder), None


def report_text(documents: pd.DataFrame, document_id: str, folder: Path | None = None) -> str | None:
    """The report's text, only if the file present is the very text the spans were taken from."""
    folder = folder or reports_dir()
    if folder is None:
        return None
    found = _report_files(documents).get(document_id)
    if found is None:
        return None
    name, sha256 = found
    if Path(name).name != name:  # a dataset must not point the app at files outside the reports folder
        return None
    return _verified_text(str(folder / name), sha256, _file_version(folder / name))


def _report_files(documents: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """Each report's file name and SHA-256 by document id (an id's first row), kept per documents table:
    the key facts card asks for a report's text once per claim it quotes."""

    def make() -> dict[str, tuple[str, str]]:
        found: dict[str, tuple[str, str]] = {}
        for doc, name, sha256 in zip(
            documents["document_id"], documents["file_name"], documents["sha256"], strict=True
        ):
            if doc == doc:  # a missing id (NaN) names no report, as no comparison would match it
                found.setdefault(doc, (str(name), sha256))
        return found

    return memo.for_table(documents).get("report-files", make)


def _file_version(path: Path) -> tuple[int, int] | None:
    """When the file was last written and its size (None: no such file), so a report put in the folder, or
    saved again, while the app runs is read again."""
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_mtime_ns, found.st_size


@functools.lru_cache(maxsize=64)
def _verified_text(path: str, sha256: str, version: tuple[int, int] | None) -> str | None:
    p = Path(path)
    if version is None or not p.is_file():
        return None
    raw = p.read_bytes()
    if hashlib.sha256(raw).hexdigest() != sha256:
        return None
    return raw.decode("utf-8")


def combine(base: Dataset, extra: Dataset, prefix: str = "upload:") -> tuple[Dataset, list[str]]:
    """Both datasets as one, for viewing an imported history beside the bundled reports.

    An id the two share is kept apart, not merged or dropped: the extra dataset's copy is renamed
    with `prefix` (and every reference to it follows), and a note says how many were renamed.
    """
    notes = []
    renamed: dict[str, dict[str, str]] = {}
    extra_tables = {}
    for table in schema.TABLES:
        theirs = extra.table(table.name).copy()
        clash = set(theirs[table.key]) & set(base.table(table.name)[table.key])
        # A new name may itself be taken (an uploaded id can already read 'upload:...'): never reuse one.
        taken = set(theirs[table.key]) | set(base.table(table.name)[table.key])
        renamed[table.name] = {k: cells.unique_id(prefix + k, taken) for k in sorted(clash)}
        if clash:
            notes.append(
                f"{len(clash)} {table.name} id(s) in both datasets: the imported ones are shown as '{prefix}…'"
            )
        extra_tables[table.name] = theirs
    refs = {"events": [("place_id", "places")], "claims": [("event_id", "events"), ("document_id", "documents")]}
    for name, frame in extra_tables.items():
        key = schema.TABLES[[t.name for t in schema.TABLES].index(name)].key
        frame[key] = frame[key].replace(renamed[name])
        for column, target in refs.get(name, []):
            frame[column] = frame[column].replace(renamed[target])
    merged = {t.name: pd.concat([base.table(t.name), extra_tables[t.name]], ignore_index=True) for t in schema.TABLES}
    # The bundled key event stays the case being examined; imported ones become history.
    merged["events"]["key_event"] = list(base.events["key_event"]) + [False] * len(extra.events)
    links = extra.links.copy()
    for column in ("event_id", "other_event_id"):
        links[column] = links[column].replace(renamed["events"])
    return joined(merged, base, extra, links), notes


def joined(tables: dict[str, pd.DataFrame], base: Dataset, extra: Dataset, extra_links=None) -> Dataset:
    """Tables merged from two datasets as one dataset: the base's folder, both alias tables, both link tables
    (the extra's with its events' ids as renamed, when given)."""
    aliases = pd.concat([base.aliases, extra.aliases], ignore_index=True).drop_duplicates(["alias", "organisation"])
    links = extra.links if extra_links is None else extra_links
    return Dataset(
        tables["documents"],
        tables["events"],
        tables["places"],
        tables["claims"],
        folder=base.folder,
        aliases=aliases.reset_index(drop=True),
        links=pd.concat([base.links, links], ignore_index=True),
        stored_quote=base.stored_quote,
    )


def load_table(path: Path, table: Table) -> pd.DataFrame:
    """One table read and checked alone (the app's own reference places), by the same rules as a dataset's."""
    problems: list[Problem] = []
    frame = _read_csv_text(Path(path).read_bytes(), Path(path).name, problems)
    typed = _typed(frame, table, Path(path).name, problems) if frame is not None else None
    if problems or typed is None:
        raise DatasetError(problems)
    return typed
