"""Broken and hostile inputs: the loader and the importers must answer every one with a problem or a
rejection that says exactly what is wrong, and never with an exception of their own.

The cases and their expected texts are listed in tests/fixtures/broken/CASES.md; this module reads
that table, so the table is the specification and cannot drift from what is tested. Most folder cases
are the bundled dataset with one fault written in at test time, so they follow the data; only inputs
that cannot be written as an edit (odd encodings, binary junk, a damaged Parquet file) are committed
in tests/fixtures/broken/.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from launchwatch import csvfiles, exports, importers, loading, schema

REPO = Path(__file__).resolve().parent.parent
BROKEN = REPO / "tests" / "fixtures" / "broken"
IMPORTS = REPO / "tests" / "fixtures" / "imports"
DATA = loading.BUNDLED_DATA
TABLE_FILES = [t.file for t in schema.TABLES]

FORMULA = "=cmd|' /C calc'!A0"
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
MARKDOWN_LINK = "[click](http://example.invalid)"


# ---------------------------------------------------------------- CASES.md


@dataclass(frozen=True)
class Listed:
    name: str
    wrong: str
    outcome: str
    expected: tuple[str, ...]


def _cells(line: str) -> list[str]:
    # GitHub tables escape a pipe inside a cell, code spans included, as \|.
    parts = re.split(r"(?<!\\)\|", line.strip())[1:-1]
    return [p.strip().replace("\\|", "|") for p in parts]


def read_cases_md() -> dict[str, Listed]:
    listed: dict[str, Listed] = {}
    lines = (BROKEN / "CASES.md").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| Case |"))
    for line in lines[start + 2 :]:
        if not line.startswith("| `"):
            continue
        name, wrong, outcome, expected = _cells(line)
        name = name.strip("`")
        assert name not in listed, f"{name} is listed twice in CASES.md"
        texts = tuple(re.findall(r"`([^`]*)`", expected))
        listed[name] = Listed(name, wrong, outcome, texts)
    return listed


LISTED = read_cases_md()


def listed(name: str) -> Listed:
    assert name in LISTED, f"case {name} is not in tests/fixtures/broken/CASES.md"
    return LISTED[name]


def matches(expected: str, actual: str) -> bool:
    # A text ending in "..." is a prefix: used only where the rest is a third-party library's message.
    if expected.endswith("..."):
        return actual.startswith(expected[:-3])
    return actual == expected


# ---------------------------------------------------------------- editing a copy of the bundled dataset


def read_table(folder: Path, name: str) -> tuple[list[str], list[list[str]]]:
    with open(folder / name, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def write_table(folder: Path, name: str, header: list[str], rows: list[list[str]]) -> None:
    with open(folder / name, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def set_cell(name: str, row: int, column: str, value: str) -> Callable[[Path], None]:
    """Data row `row` (1-based, as the loader counts) gets `value` in `column`."""

    def edit(folder: Path) -> None:
        header, rows = read_table(folder, name)
        rows[row - 1][header.index(column)] = value
        write_table(folder, name, header, rows)

    return edit


def set_cell_quoted(name: str, row: int, column: str, value: str) -> Callable[[Path], None]:
    """As set_cell, every cell quoted: a lone CR in a value is then inside quotes, as a spreadsheet writes it."""

    def edit(folder: Path) -> None:
        header, rows = read_table(folder, name)
        rows[row - 1][header.index(column)] = value
        with open(folder / name, "w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n", quoting=csv.QUOTE_ALL).writerows([header, *rows])

    return edit


def set_cells(name: str, row: int, **values: str) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        for column, value in values.items():
            set_cell(name, row, column, value)(folder)

    return edit


def copy_row(name: str, row: int, to: int) -> Callable[[Path], None]:
    """Insert a copy of data row `row` so that it becomes data row `to`."""

    def edit(folder: Path) -> None:
        header, rows = read_table(folder, name)
        rows.insert(to - 1, list(rows[row - 1]))
        write_table(folder, name, header, rows)

    return edit


def rename_column(name: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        header, rows = read_table(folder, name)
        header[header.index(old)] = new
        write_table(folder, name, header, rows)

    return edit


def drop_column(name: str, column: str) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        header, rows = read_table(folder, name)
        i = header.index(column)
        write_table(folder, name, header[:i] + header[i + 1 :], [r[:i] + r[i + 1 :] for r in rows])

    return edit


def add_column(name: str, column: str, value: str) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        header, rows = read_table(folder, name)
        write_table(folder, name, header + [column], [r + [value] for r in rows])

    return edit


def replace_file(name: str, content: bytes | Callable[[], bytes]) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        (folder / name).write_bytes(content() if callable(content) else content)

    return edit


def fixture(name: str) -> Callable[[], bytes]:
    return lambda: (BROKEN / name).read_bytes()


def header_only(name: str) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        header, _ = read_table(folder, name)
        write_table(folder, name, header, [])

    return edit


def reencode(name: str, encoding: str) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        (folder / name).write_bytes((folder / name).read_text(encoding="utf-8").encode(encoding))

    return edit


def edit_lines(name: str, change: Callable[[list[str]], None]) -> Callable[[Path], None]:
    """Edit the raw lines of a file, for faults a CSV writer would never write (ragged rows, stray quotes)."""

    def edit(folder: Path) -> None:
        lines = (folder / name).read_text(encoding="utf-8").splitlines()
        change(lines)
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")

    return edit


def add_orphan_event(folder: Path) -> None:
    header, rows = read_table(folder, "events.csv")
    orphan = dict(zip(header, rows[0], strict=True))
    orphan.update(event_id="orphan-event", title="An event no claim is about", key_event="false")
    rows.insert(0, [orphan[c] for c in header])
    write_table(folder, "events.csv", header, rows)


def duplicate_header_column(folder: Path) -> None:
    header, rows = read_table(folder, "events.csv")
    i = header.index("title")
    write_table(folder, "events.csv", header + ["title"], [r + [r[i]] for r in rows])


def unterminated_quote(lines: list[str]) -> None:
    # In the last row, so the open quote swallows only the end of the file, whatever the data.
    cells = lines[-1].split(",", 2)
    lines[-1] = f'{cells[0]},{cells[1]},"{cells[2]}'


def ragged_row(lines: list[str]) -> None:
    lines[4] += ",surplus"


def claims_as_parquet_from(content: Callable[[], bytes]) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        (folder / "claims.csv").unlink()
        (folder / "claims.parquet").write_bytes(content())

    return edit


def claims_folder(folder: Path) -> None:
    (folder / "claims.csv").unlink()
    (folder / "claims.csv").mkdir()


def remove(name: str) -> Callable[[Path], None]:
    return lambda folder: (folder / name).unlink()


def also_parquet(name: str) -> Callable[[Path], None]:
    """The table as Parquet beside its CSV file: which one is the dataset?"""

    def edit(folder: Path) -> None:
        pd.read_csv(folder / name, dtype=str, keep_default_na=False).to_parquet(folder / (Path(name).stem + ".parquet"))

    return edit


def fifo(name: str) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        (folder / name).unlink()
        os.mkfifo(folder / name)

    return edit


def workbook() -> bytes:
    """The start of what a spreadsheet saves as .xlsx: a ZIP archive holding the workbook's parts."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook/>')
    return buffer.getvalue()


def repeated_parquet(rows: int, **columns: str) -> bytes:
    """`rows` copies of one row, dictionary-encoded: a few kilobytes on disk, whatever `rows` is."""
    arrays = [pa.DictionaryArray.from_arrays(np.zeros(rows, dtype="int32"), pa.array([v])) for v in columns.values()]
    buffer = io.BytesIO()
    pq.write_table(pa.table(arrays, names=list(columns)), buffer)
    return buffer.getvalue()


def too_many_csv_lines(name: str, lines: int) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        header = (folder / name).read_text(encoding="utf-8").split("\n", 1)[0]
        (folder / name).write_text(header + "\n" + "x\n" * lines, encoding="utf-8")

    return edit


LARGE_ROWS = 200_000
LARGE_BAD_ROW = 199_997


def large_claims(folder: Path) -> None:
    """200,000 claims, copies of the bundled ones with fresh ids, all valid but one near the end."""
    header, rows = read_table(folder, "claims.csv")
    ci, si = header.index("claim_id"), header.index("span_end")
    with open(folder / "claims.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        for n in range(1, LARGE_ROWS + 1):
            row = list(rows[(n - 1) % len(rows)])
            row[ci] = f"X{n:06d}"
            if n == LARGE_BAD_ROW:
                row[si] = "twelve"
            writer.writerow(row)


# ---------------------------------------------------------------- checks for the cases that must load


def title_of(ds: loading.Dataset, event_id: str) -> str:
    return ds.events.set_index("event_id").title[event_id]


def check_formula_title(ds: loading.Dataset) -> None:
    assert title_of(ds, "launch-2025-11-07") == FORMULA
    flat = exports.flat_claims(ds)
    assert set(flat.title[flat.event_id == "launch-2025-11-07"]) == {FORMULA}  # the table keeps the value
    exported = list(csv.DictReader(io.StringIO(exports.to_csv_bytes(flat).decode("utf-8"))))
    titles = {r["title"] for r in exported if r["event_id"] == "launch-2025-11-07"}
    assert titles == {"'" + FORMULA}  # a spreadsheet shows the text and does not run it
    assert not any(v.startswith("=") for r in exported for v in r.values())


def verbatim(
    table: str, key: str, column: str, text: str, flat_column: str | None = None
) -> Callable[[loading.Dataset], None]:
    """The value loads as written and, when the flat table carries it, is exported as written."""

    def check(ds: loading.Dataset) -> None:
        assert ds.table(table).set_index(table_key(table))[column][key] == text
        if flat_column:
            exported = csv.DictReader(io.StringIO(exports.to_csv_bytes(exports.flat_claims(ds)).decode("utf-8")))
            assert text in {r[flat_column] for r in exported}

    return check


def round_trip(event_id: str, column: str, text: str) -> Callable[[loading.Dataset], None]:
    """The value loads as written, and the CSV export, imported again, gives it back exactly."""

    def check(ds: loading.Dataset) -> None:
        assert ds.events.set_index("event_id")[column][event_id] == text
        exported = exports.to_csv_bytes(exports.flat_claims(ds))
        assert all(
            not cell.startswith(csvfiles.FORMULA_START)
            for row in csv.reader(io.StringIO(exported.decode("utf-8"), newline=""))
            for cell in row
        )
        again = importers.load_file(exported, "export.csv")
        assert again.rejected == 0, again.report_lines()
        assert again.dataset.events.set_index("event_id")[column][event_id] == text
        assert len(again.dataset.claims) == len(ds.claims)

    return check


def table_key(table: str) -> str:
    return next(t.key for t in schema.TABLES if t.name == table)


def loads_unchanged(ds: loading.Dataset) -> None:
    bundled = loading.load(DATA)
    for t in schema.TABLES:
        pd.testing.assert_frame_equal(ds.table(t.name), bundled.table(t.name))


def unknown_unit_kept(ds: loading.Dataset) -> None:
    c = ds.claims.set_index("claim_id").loc["C000-07"]
    assert (c.value, c.unit, c.normalized_value, c.normalized_unit) == ("435", "li", 999.0, "km")


# ---------------------------------------------------------------- the folder cases


@dataclass(frozen=True)
class FolderCase:
    name: str
    build: Callable[[Path], None]
    check: Callable[[loading.Dataset], None] | None = None  # for the cases that must load


def kept_verbatim(
    name: str, table: str, row: int, key: str, column: str, text: str, flat_column: str | None = None, quoted=False
) -> FolderCase:
    """A hostile but valid cell: it loads, and is exported, exactly as written; `quoted` writes the cell
    in quotes, as a CSV cell holding a line break must be."""
    edit = (set_cell_quoted if quoted else set_cell)(f"{table}.csv", row, column, text)
    return FolderCase(name, edit, verbatim(table, key, column, text, flat_column))


def title_round_trip(name: str, title: str, quoted: bool = False) -> FolderCase:
    """A hostile but valid title of the first event: it loads as written, and its export imports back
    exactly; `quoted` as for kept_verbatim."""
    edit = (set_cell_quoted if quoted else set_cell)("events.csv", 1, "title", title)
    return FolderCase(name, edit, round_trip("launch-2025-11-07", "title", title))


FOLDER_CASES = [
    # encodings and whole files
    FolderCase("latin1_places", replace_file("places.csv", fixture("places_latin1.csv"))),
    FolderCase("utf16le_no_bom_events", replace_file("events.csv", fixture("events_utf16le.csv"))),
    FolderCase("utf16_bom_events", reencode("events.csv", "utf-16")),
    FolderCase("nul_byte_in_events", set_cell("events.csv", 2, "title", "Artillery\x00fire")),
    FolderCase("binary_junk_claims", replace_file("claims.csv", fixture("junk.bin"))),
    FolderCase("json_as_claims", replace_file("claims.csv", fixture("claims_nested.json"))),
    FolderCase("corrupt_parquet_claims", claims_as_parquet_from(fixture("claims_corrupt.parquet"))),
    FolderCase("empty_claims", replace_file("claims.csv", b"")),
    FolderCase("blank_lines_only_events", replace_file("events.csv", b"  \n\n \r\n")),
    FolderCase("missing_documents", remove("documents.csv")),
    FolderCase("claims_is_a_folder", claims_folder),
    FolderCase("oversized_cell", set_cell("events.csv", 1, "description", "x" * 200_000)),
    FolderCase("large_file_one_bad_row", large_claims),
    # header-only tables
    FolderCase("header_only_claims", header_only("claims.csv")),
    FolderCase("header_only_places", header_only("places.csv")),
    FolderCase("header_only_documents", header_only("documents.csv")),
    # columns
    FolderCase("missing_column", drop_column("places.csv", "latitude")),
    FolderCase("extra_column", add_column("events.csv", "notes", "")),
    FolderCase("misspelled_column", rename_column("claims.csv", "span_start", "span_strat")),
    FolderCase("duplicated_header_column", duplicate_header_column),
    # rows that are not rows
    FolderCase("ragged_row", edit_lines("events.csv", ragged_row)),
    FolderCase("unterminated_quote", edit_lines("events.csv", unterminated_quote)),
    # dates
    FolderCase("date_feb_30", set_cell("events.csv", 2, "date", "2025-02-30")),
    FolderCase("date_dd_mm_yyyy", set_cell("events.csv", 1, "date", "07/11/2025")),
    FolderCase("date_empty", set_cell("events.csv", 3, "date", "")),
    FolderCase("date_beyond_timestamps", set_cell("events.csv", 2, "date", "9999-12-31")),
    FolderCase("resolved_date_not_a_date", set_cell("claims.csv", 2, "resolved_date", "Friday")),
    FolderCase("precision_capitalised", set_cell("events.csv", 1, "date_precision", "Day")),
    FolderCase("week_not_monday", set_cell("events.csv", 1, "date_precision", "week")),
    # coordinates
    FolderCase("latitude_91", set_cell("places.csv", 1, "latitude", "91")),
    FolderCase("longitude_minus_181", set_cell("places.csv", 2, "longitude", "-181")),
    FolderCase("latitude_nan", set_cell("places.csv", 1, "latitude", "NaN")),
    FolderCase("longitude_inf", set_cell("places.csv", 1, "longitude", "inf")),
    # ids and references
    FolderCase("duplicate_document_id", copy_row("documents.csv", 1, 2)),
    FolderCase("duplicate_event_id", copy_row("events.csv", 1, 2)),
    FolderCase("duplicate_place_id", copy_row("places.csv", 1, 2)),
    FolderCase("duplicate_claim_id", copy_row("claims.csv", 1, 2)),
    FolderCase("claim_to_missing_event", set_cell("claims.csv", 1, "event_id", "no-such-event")),
    FolderCase("claim_to_missing_document", set_cell("claims.csv", 1, "document_id", "999_missing")),
    FolderCase("event_to_missing_place", set_cell("events.csv", 1, "place_id", "atlantis")),
    FolderCase("event_without_claim", add_orphan_event),
    FolderCase("file_name_with_path", set_cell("documents.csv", 1, "file_name", "../x.txt")),
    # spans
    FolderCase("span_past_document_end", set_cell("claims.csv", 1, "span_end", "99999")),
    FolderCase("span_end_equals_start", set_cell("claims.csv", 1, "span_end", "81")),
    FolderCase("span_start_negative", set_cell("claims.csv", 1, "span_start", "-5")),
    FolderCase("span_end_infinite", set_cell("claims.csv", 1, "span_end", "inf")),
    FolderCase("span_end_huge", set_cell("claims.csv", 1, "span_end", "1e23")),
    FolderCase("char_length_not_a_number", set_cell("documents.csv", 1, "char_length", "long")),
    # numbers, units and other cells
    FolderCase("negative_distance", set_cells("claims.csv", 7, value="-435", normalized_value="-700.1")),
    FolderCase("absurd_distance", set_cells("claims.csv", 95, value="50000", normalized_value="50000")),
    FolderCase("normalised_value_mismatch", set_cell("claims.csv", 60, "normalized_value", "7000")),
    FolderCase("normalised_unit_mismatch", set_cell("claims.csv", 7, "normalized_unit", "mi")),
    FolderCase("value_not_a_number", set_cell("claims.csv", 7, "value", "about 435")),
    FolderCase("unknown_unit", set_cells("claims.csv", 7, unit="li", normalized_value="999"), unknown_unit_kept),
    FolderCase("bool_not_true_false", set_cell("events.csv", 1, "key_event", "yes")),
    # valid, however hostile
    FolderCase("formula_in_title", set_cell("events.csv", 1, "title", FORMULA), check_formula_title),
    kept_verbatim("script_in_title", "events", 1, "launch-2025-11-07", "title", SCRIPT, "title"),
    kept_verbatim("img_in_description", "events", 1, "launch-2025-11-07", "description", IMG),
    kept_verbatim("markdown_link_in_place", "places", 1, "taekwan", "name", MARKDOWN_LINK, "place"),
    kept_verbatim("markdown_link_in_originator", "claims", 1, "C000-01", "originator", MARKDOWN_LINK, "originator"),
    title_round_trip("lone_cr_in_quoted_title", "Launch\r=1+1 at dawn", quoted=True),
    kept_verbatim(
        "lone_cr_in_quoted_description",
        "events",
        2,
        "artillery-2025-11-03",
        "description",
        "One\rtwo\r\nthree",
        quoted=True,
    ),
    title_round_trip("leading_apostrophe_formula", "'-1 day' strike"),
    title_round_trip("leading_apostrophes", "''Hwasong'"),
    # which file, and what it is
    FolderCase("csv_and_parquet_events", also_parquet("events.csv")),
    FolderCase("csv_and_parquet_claims", also_parquet("claims.csv")),
    FolderCase("fifo_places", fifo("places.csv")),
    FolderCase("workbook_as_claims_csv", replace_file("claims.csv", workbook)),
    FolderCase("utf32_bom_events", reencode("events.csv", "utf-32")),
    FolderCase(
        "utf32_be_bom_places",
        lambda f: (f / "places.csv").write_bytes(
            b"\x00\x00\xfe\xff" + (f / "places.csv").read_text(encoding="utf-8").encode("utf-32-be")
        ),
    ),
    # numbers, dates and ids a reader could take for others
    FolderCase("underscore_in_number", set_cell("claims.csv", 1, "span_end", "1_50")),
    FolderCase("fullwidth_digits_latitude", set_cell("places.csv", 1, "latitude", "\uff14\uff10.21")),
    FolderCase("arabic_indic_digits_char_length", set_cell("documents.csv", 1, "char_length", "\u0664\u0663\u0665")),
    FolderCase("fullwidth_digits_date", set_cell("events.csv", 1, "date", "\uff12\uff10\uff12\uff15-11-07")),
    FolderCase("whole_number_beyond_2_53", set_cell("documents.csv", 1, "char_length", "9007199254740993")),
    FolderCase("date_with_impossible_time", set_cell("events.csv", 1, "date", "2025-11-07T99:99")),
    FolderCase("zero_width_claim_id", set_cell("claims.csv", 2, "claim_id", "C000-01\u200b")),
    FolderCase("zero_width_event_reference", set_cell("claims.csv", 1, "event_id", "launch-2025-11-07\u2060")),
    FolderCase("nbsp_in_place_id", set_cell("places.csv", 1, "place_id", "tae\u00a0kwan")),
    # the work bounded
    FolderCase("megabyte_cell_in_claims", set_cell("claims.csv", 5, "claim", "y" * 1_000_000)),
    FolderCase("parquet_rows_over_limit", claims_as_parquet_from(lambda: repeated_parquet(2_000_001, claim_id="X"))),
    FolderCase(
        "parquet_decodes_over_limit", claims_as_parquet_from(lambda: repeated_parquet(1_000_000, claim="z" * 600))
    ),
    FolderCase("csv_rows_over_limit", too_many_csv_lines("claims.csv", 2_000_001)),
    FolderCase(
        "utf8_bom_and_crlf",
        lambda f: (f / "events.csv").write_bytes(
            b"\xef\xbb\xbf" + (f / "events.csv").read_bytes().replace(b"\n", b"\r\n")
        ),
        loads_unchanged,
    ),
]


@pytest.fixture
def bundled_copy(tmp_path):
    folder = tmp_path / "dataset"
    folder.mkdir()
    for name in TABLE_FILES:
        shutil.copy(DATA / name, folder / name)
    return folder


def problem_table(problem: loading.Problem) -> schema.Table | None:
    stem = Path(problem.file).stem
    return next((t for t in schema.TABLES if Path(t.file).stem == stem), None)


RAGGED = re.compile(r"has \d+ fields, expected \d+ as in the header")


@pytest.mark.parametrize("case", FOLDER_CASES, ids=[c.name for c in FOLDER_CASES])
def test_folder_case(case, bundled_copy):
    spec = listed(case.name)
    case.build(bundled_copy)
    try:
        dataset, problems = loading.validate(bundled_copy)
    except Exception as exc:  # the point of the corpus: say which case broke the loader, and how
        pytest.fail(f"validate raised {type(exc).__name__}: {exc}")
    found = [str(p).replace(str(bundled_copy), "{folder}") for p in problems]

    if case.check is not None:
        assert spec.outcome == "valid" and problems == [], found
        case.check(dataset)
        return

    assert dataset is None
    assert spec.outcome == f"{len(problems)} problem" + ("s" if len(problems) != 1 else ""), found
    assert spec.expected, f"{case.name}: CASES.md gives no expected text"
    for text in spec.expected:
        assert any(matches(text, f) for f in found), f"{text!r} not among {found[:5]}"
    for p in problems:
        table = problem_table(p)
        assert table is not None, f"{p} names no table file"
        assert str(p).startswith(p.file + (", " if p.row is not None or p.column else ": "))
        if p.row is not None:
            assert p.row >= 1 and f", row {p.row} (line {p.row + 1})" in str(p)
            # A row with the wrong number of fields has no one column to blame.
            assert p.column in table.column_names or RAGGED.fullmatch(p.message), str(p)


# ---------------------------------------------------------------- the importer cases


NAGIX = IMPORTS / "nagix"


def nagix_files(facilities: Callable[[], bytes] | None = None) -> Callable[[], dict]:
    """nk-missile-tests' facility and missile files as load_file takes them; facilities as given."""

    def files() -> dict:
        return {
            "facilities": ((facilities or fixture_at(NAGIX / "facility.en.json"))(), "facility.en.json"),
            "missiles": ((NAGIX / "missile.en.json").read_bytes(), "missile.en.json"),
        }

    return files


def fixture_at(path: Path) -> Callable[[], bytes]:
    return path.read_bytes


def edited_import(name: str, old: str, new: str, count: int = 1) -> Callable[[], bytes]:
    def data() -> bytes:
        text = (IMPORTS / name).read_text(encoding="utf-8")
        assert text.count(old) >= count
        return text.replace(old, new, count).encode("utf-8")

    return data


def edited_many(name: str, *edits: tuple[str, str], encoding: str = "utf-8") -> Callable[[], bytes]:
    def data() -> bytes:
        text = (IMPORTS / name).read_text(encoding="utf-8")
        for old, new in edits:
            assert old in text, old
            text = text.replace(old, new, 1)
        return text.encode(encoding)

    return data


def header_and_lines(name: str, lines: int) -> Callable[[], bytes]:
    return lambda: (IMPORTS / name).read_bytes().split(b"\n", 1)[0] + b"\n" + b"x\n" * lines


def parquet_with_columns(names: list[str]) -> Callable[[], bytes]:
    def data() -> bytes:
        frame = pd.read_csv(IMPORTS / "launchwatch_flat.csv", dtype=str, keep_default_na=False)
        table = pa.table(
            [pa.array(frame[c]) for c in frame.columns] + [pa.array(frame["title"])], names=list(frame.columns) + names
        )
        buffer = io.BytesIO()
        pq.write_table(table, buffer)
        return buffer.getvalue()

    return data


def event_ids(*ids: str) -> Callable[[importers.ImportResult], None]:
    def check(result: importers.ImportResult) -> None:
        assert set(ids) <= set(result.dataset.events.event_id), sorted(result.dataset.events.event_id)

    return check


def flat_parquet(row: int, column: str, value: str) -> Callable[[], bytes]:
    def data() -> bytes:
        frame = pd.read_csv(IMPORTS / "launchwatch_flat.csv", dtype=str, keep_default_na=False)
        frame.loc[row - 1, column] = value
        buffer = io.BytesIO()
        frame.to_parquet(buffer, index=False)
        return buffer.getvalue()

    return data


def cns_junk_kept(result: importers.ImportResult) -> None:
    events = result.dataset.events.set_index("event_id")
    assert events.title["cns-8"] == f"{SCRIPT} (SRBM) launch, 7-Nov-25"
    assert events.description["cns-8"].endswith(FORMULA)
    assert "Bell \x07 backspace \x08 escape \x1b[31m red" in events.description["cns-9"]


def acled_junk_kept(result: importers.ImportResult) -> None:
    description = result.dataset.events.set_index("event_id").description["acled-jnk7"]
    assert description.startswith(f"{IMG} fired a ballistic missile toward the East Sea.")


def claim_kept(claim_id: str, text: str) -> Callable[[importers.ImportResult], None]:
    return lambda result: (
        result.dataset.claims.set_index("claim_id").claim[claim_id] == text
        or pytest.fail(repr(result.dataset.claims.set_index("claim_id").claim[claim_id]))
    )


def description_holds(event_id: str, text: str) -> Callable[[importers.ImportResult], None]:
    def check(result: importers.ImportResult) -> None:
        assert text in result.dataset.events.set_index("event_id").description[event_id]

    return check


def claims_kept(texts: dict[str, str]) -> Callable[[importers.ImportResult], None]:
    def check(result: importers.ImportResult) -> None:
        claims = result.dataset.claims.set_index("claim_id").claim
        assert {k: claims[k] for k in texts} == texts

    return check


FLAT_CLAIM_1 = "North Korea launched a ballistic missile off its east coast on Friday."


@dataclass(frozen=True)
class ImportCase:
    name: str
    data: Callable[[], bytes]
    filename: str
    source_format: str | None
    check: Callable[[importers.ImportResult], None] | None = None  # what the rows that did import hold
    companions: Callable[[], dict] | None = None  # the other files a format reads (nagix's facilities)


def cns_case(name: str, old: str, new: str, *check) -> ImportCase:
    """A case made by one edit of the CNS sample."""
    return ImportCase(name, edited_import("cns_utf8.csv", old, new), "cns.csv", "cns", *check)


def acled_case(name: str, old: str, new: str, *check) -> ImportCase:
    """A case made by one edit of the ACLED sample."""
    return ImportCase(name, edited_import("acled_sample.csv", old, new), "acled.csv", "acled", *check)


def flat_case(name: str, old: str, new: str, *check) -> ImportCase:
    """A case made by one edit of our own flat export (read without naming a format)."""
    return ImportCase(name, edited_import("launchwatch_flat.csv", old, new), "flat.csv", None, *check)


def nagix_case(name: str, data: Callable[[], bytes], facilities: Callable[[], bytes] | None = None) -> ImportCase:
    """A case of nk-missile-tests launch data, read with the facility file (as given) and the missile file."""
    return ImportCase(name, data, "test.en.json", "nagix", companions=nagix_files(facilities))


def nagix_edit(old: str, new: str, name: str = "test.en.json") -> Callable[[], bytes]:
    return edited_import(f"nagix/{name}", old, new)


def csis_case(name: str, old: str, new: str, source_format: str | None = "csis") -> ImportCase:
    """A case made by one edit of the CSIS sample."""
    return ImportCase(name, edited_import("csis_sample.csv", old, new), "csis.csv", source_format)


IMPORT_CASES = [
    # the header
    ImportCase(
        "cns_duplicated_header", edited_import("cns_utf8.csv", "Launch Agency/Authority", "date"), "cns.csv", None
    ),
    ImportCase(
        "acled_duplicated_header", edited_import("acled_sample.csv", "source_scale", "Notes"), "acled.csv", None
    ),
    flat_case("flat_duplicated_header", ",via,", ",title,"),
    ImportCase("flat_parquet_duplicated_header", parquet_with_columns(["title"]), "flat.parquet", None),
    # what the file is
    ImportCase(
        "cns_utf32_bom",
        edited_many("cns_utf8.csv", encoding="utf-32"),
        "cns32.csv",
        None,
        lambda r: r.notes[0] == "cns32.csv is UTF-32 text and was decoded as such" or pytest.fail(r.notes),
    ),
    ImportCase("acled_workbook_named_csv", workbook, "acled.csv", "acled"),
    ImportCase("flat_workbook_named_csv", workbook, "claims.csv", None),
    # the work bounded
    ImportCase(
        "flat_parquet_million_rows", lambda: repeated_parquet(1_000_000, event_id="x", claim="y"), "flat.parquet", None
    ),
    ImportCase(
        "flat_parquet_decodes_over_limit", lambda: repeated_parquet(150_000, title="z" * 4000), "flat.parquet", None
    ),
    ImportCase("cns_rows_over_limit", header_and_lines("cns_utf8.csv", 200_001), "cns.csv", "cns"),
    ImportCase("acled_rows_over_limit", header_and_lines("acled_sample.csv", 200_001), "acled.csv", "acled"),
    cns_case("cns_megabyte_cell", "Part of an early test series.", "y" * 1_000_000),
    acled_case("acled_megabyte_cell", "On 7 November 2025, the", "On 7 November 2025, " + "y" * 1_000_000),
    flat_case("flat_megabyte_cell", FLAT_CLAIM_1, "y" * 1_000_000),
    # numbers and dates a reader could take for others
    cns_case("cns_underscore_latitude", ",40.85,", ",4_0.85,"),
    cns_case("cns_fullwidth_date", "\n1,9-Apr-84,", "\n1,\uff19-Apr-84,"),
    cns_case("cns_fullwidth_distance", ",~700 km,", ",~\uff17\uff10\uff10 km,"),
    cns_case("cns_underscore_distance", ",~350 km,", ",~3_50 km,"),
    cns_case("cns_impossible_time", "\n6,2025-11-07,", "\n6,2025-11-07 24:30,"),
    acled_case("acled_fullwidth_latitude", ",40.2167,", ",\uff14\uff10.2167,"),
    acled_case("acled_underscore_time_precision", ",2025,1,", ",2025,0_1,"),
    acled_case("acled_impossible_time", ",2025-11-05,", ",2025-11-05T99:99,"),
    flat_case("flat_underscore_span", ",81,150,C000-01", ",81,1_50,C000-01"),
    flat_case("flat_fullwidth_latitude", ",40.21,", ",\uff14\uff10.21,"),
    flat_case("flat_span_beyond_2_53", ",81,150,C000-01", ",81,9007199254740993,C000-01"),
    flat_case("flat_impossible_time", ",2025-11-07,day,", ",2025-11-07T99:99,day,"),
    # ids
    ImportCase(
        "cns_ids_differ_in_case",
        edited_many("cns_utf8.csv", ("\n1,9-Apr-84", "\nA,9-Apr-84"), ("\n2,Sep-84", "\na,Sep-84")),
        "cns.csv",
        "cns",
        event_ids("cns-a", "cns-a-2"),
    ),
    ImportCase(
        "cns_ids_slug_collide",
        edited_many("cns_utf8.csv", ("\n3,22-Oct-25", "\nB.1,22-Oct-25"), ("\n4,22-Oct-25", "\nb-1,22-Oct-25")),
        "cns.csv",
        "cns",
        event_ids("cns-b-1", "cns-b-1-2"),
    ),
    ImportCase(
        "cns_f1_like_row_id",
        edited_many("cns_utf8.csv", ("\n1,9-Apr-84", "\nrow-10,9-Apr-84"), ("\n10,5-Jul-06", "\n11,5-Jul-06")),
        "cns.csv",
        "cns",
        event_ids("cns-row-10", "cns-row-10-2", "cns-row-11"),
    ),
    acled_case("acled_ids_differ_in_case", "PRK101,", "prk102,", event_ids("acled-prk102", "acled-prk102-2")),
    ImportCase(
        "acled_non_latin_ids",
        edited_many("acled_sample.csv", ("PRK101,", "\ubd81\uc870\uc1201,"), ("PRK102,", "\ub0a8\uc870\uc1201,")),
        "acled.csv",
        "acled",
        event_ids("acled-1", "acled-1-2"),
    ),
    acled_case("acled_zero_width_id", "PRK102,", "PRK101\u200b,"),
    flat_case("flat_zero_width_claim_id", ",C000-02", ",C000-01\u200b"),
    cns_case(
        "cns_lone_cr",
        "Part of an early test series.",
        '"Part of an early\rtest series."',
        description_holds("cns-1", "Part of an early\rtest series."),
    ),
    acled_case(
        "acled_lone_cr",
        "On 7 November 2025, the",
        "On 7 November 2025,\r=the",
        description_holds("acled-prk101", "On 7 November 2025,\r=the"),
    ),
    flat_case(
        "flat_lone_cr", FLAT_CLAIM_1, '"Launched\r=1+1\rat dawn"', claim_kept("C000-01", "Launched\r=1+1\rat dawn")
    ),
    ImportCase(
        "flat_parquet_lone_cr",
        flat_parquet(1, "claim", "Launched\r\r-1 at dawn"),
        "flat.parquet",
        None,
        claim_kept("C000-01", "Launched\r\r-1 at dawn"),
    ),
    flat_case("flat_apostrophes", FLAT_CLAIM_1, "'=1+1 was text", claim_kept("C000-01", "=1+1 was text")),
    flat_case("flat_apostrophe_kept", FLAT_CLAIM_1, "'tis said", claim_kept("C000-01", "'tis said")),
    ImportCase(
        "flat_parquet_apostrophes",
        flat_parquet(1, "claim", "''=1+1"),
        "flat.parquet",
        None,
        claim_kept("C000-01", "'=1+1"),
    ),
    ImportCase("cns_junk_rows", fixture("cns_junk.csv"), "cns_junk.csv", "cns", cns_junk_kept),
    ImportCase("cns_wrong_header", fixture("cns_wrong_header.csv"), "cns_wrong_header.csv", "cns"),
    ImportCase("cns_binary", fixture("junk.bin"), "cns.csv", "cns"),
    ImportCase("cns_empty", lambda: b"", "cns.csv", "cns"),
    ImportCase(
        "cns_utf16_no_bom",
        lambda: (IMPORTS / "cns_utf8.csv").read_text(encoding="utf-8").encode("utf-16-le"),
        "cns16.csv",
        None,
    ),
    ImportCase(
        "cns_date_beyond_timestamps",
        edited_import("cns_utf8.csv", ",9-Apr-84,", ",31-Dec-9999,"),
        "cns_utf8.csv",
        "cns",
    ),
    ImportCase(
        "cns_oversized_cell",
        edited_import("cns_utf8.csv", "Part of an early test series.", "y" * 131_000),
        "cns_utf8.csv",
        "cns",
    ),
    ImportCase("acled_junk_rows", fixture("acled_junk.csv"), "acled_junk.csv", "acled", acled_junk_kept),
    ImportCase("acled_wrong_header", fixture("acled_wrong_header.csv"), "acled_wrong_header.csv", "acled"),
    ImportCase("acled_binary", fixture("junk.bin"), "acled.csv", "acled"),
    ImportCase("acled_empty", lambda: b" \r\n\n  ", "acled.csv", "acled"),
    ImportCase(
        "acled_date_beyond_timestamps",
        edited_import("acled_sample.csv", "07 November 2025", "07 November 9999"),
        "acled_sample.csv",
        "acled",
    ),
    ImportCase("json_upload", fixture("claims_nested.json"), "claims.json", None),
    # nk-missile-tests (nagix): JSON, with its facility file beside
    nagix_case("nagix_cut_short", lambda: (NAGIX / "test.en.json").read_bytes()[:700]),
    nagix_case("nagix_no_time_bins", lambda: b'{"launches": []}'),
    nagix_case("nagix_nested_deep", fixture("claims_nested.json")),
    nagix_case("nagix_nan_apogee", nagix_edit('"apogee": 200,', '"apogee": NaN,')),
    ImportCase("nagix_no_facility_file", fixture_at(NAGIX / "test.en.json"), "test.en.json", "nagix"),
    nagix_case(
        "nagix_facility_twice",
        fixture_at(NAGIX / "test.en.json"),
        nagix_edit('"sinpo":', '"sohae":', "facility.en.json"),
    ),
    nagix_case(
        "nagix_facility_off_the_globe",
        fixture_at(NAGIX / "test.en.json"),
        nagix_edit('"lat": 40.0368', '"lat": 95', "facility.en.json"),
    ),
    nagix_case("nagix_record_not_an_object", nagix_edit('"data": [{', '"data": [7, {')),
    nagix_case("nagix_oversized_description", nagix_edit("an early test whose day is a best estimate.", "z" * 140_000)),
    nagix_case(
        "nagix_latin1",
        lambda: (
            (NAGIX / "test.en.json")
            .read_text(encoding="utf-8")
            .replace("ŏ", "o")
            .replace("first of two", "première of two")
            .encode("latin-1")
        ),
    ),
    # CSIS's list of North Korean provocations
    csis_case("csis_duplicated_header", "description,resources", "description,Date", None),
    csis_case("csis_no_description_column", "event,description,", "event,text,"),
    ImportCase("csis_binary", fixture("junk.bin"), "csis.csv", "csis"),
    csis_case("csis_megabyte_description", "North Korea tested a new high-thrust engine at Sohae.", "e" * 1_000_000),
    ImportCase("corrupt_parquet_upload", fixture("claims_corrupt.parquet"), "claims.parquet", None),
    ImportCase("flat_parquet_nul", flat_parquet(1, "claim", "North Korea\x00fired"), "flat.parquet", None),
    ImportCase("flat_parquet_oversized_title", flat_parquet(7, "title", "z" * 140_000), "flat.parquet", None),
    ImportCase(
        "flat_date_beyond_timestamps",
        edited_import("launchwatch_flat.csv", ",2025-11-07,day,", ",2262-04-12,day,"),
        "launchwatch_flat.csv",
        "launchwatch",
    ),
    ImportCase(
        "flat_span_huge",
        edited_import("launchwatch_flat.csv", ",81,150,C000-01", ",81,1e23,C000-01"),
        "launchwatch_flat.csv",
        "launchwatch",
    ),
]


@pytest.mark.parametrize("case", IMPORT_CASES, ids=[c.name for c in IMPORT_CASES])
def test_import_case(case):
    spec = listed(case.name)
    try:
        extra = case.companions() if case.companions else None
        result = importers.load_file(case.data(), case.filename, case.source_format, extra)
    except importers.UnrecognisedFile as exc:
        assert spec.outcome == "UnrecognisedFile", str(exc)
        assert len(spec.expected) == 1 and matches(spec.expected[0], str(exc)), str(exc)
        return
    except Exception as exc:
        pytest.fail(f"load_file raised {type(exc).__name__}: {exc}")
    assert spec.outcome == result.summary, result.report_lines()
    assert result.read == result.imported + result.rejected == result.imported + len(result.rejections)
    rejected = [line.strip() for line in result.report_lines() if line.startswith("  rejected row ")]
    assert rejected == list(spec.expected)
    assert (result.dataset is None) == (result.imported == 0)
    if case.check is not None:
        case.check(result)


# ---------------------------------------------------------------- the table itself


def test_every_case_is_listed_once_and_every_listed_case_exists():
    names = [c.name for c in FOLDER_CASES] + [c.name for c in IMPORT_CASES]
    assert len(names) == len(set(names))
    assert sorted(names) == sorted(LISTED), set(names) ^ set(LISTED)
    assert len(names) >= 30


def test_committed_fixtures_are_all_used():
    used = {
        "junk.bin",
        "places_latin1.csv",
        "events_utf16le.csv",
        "claims_nested.json",
        "claims_corrupt.parquet",
        "cns_junk.csv",
        "cns_wrong_header.csv",
        "acled_junk.csv",
        "acled_wrong_header.csv",
    }
    assert {p.name for p in BROKEN.iterdir()} == used | {"CASES.md"}
