"""One cell-to-text rule, one number syntax, one formula mark: tables of input -> output."""

from __future__ import annotations

import csv
import datetime as dt
import io

import numpy as np
import pandas as pd
import pytest

from launchwatch import cells, csvfiles, importers, loading, schema


@pytest.mark.parametrize(
    "value, text",
    [
        (None, ""),
        (float("nan"), ""),
        (pd.NaT, ""),
        (pd.NA, ""),
        (True, "true"),
        (False, "false"),
        (np.bool_(True), "true"),
        (435.0, "435"),
        (-0.5, "-0.5"),
        (700.1, "700.1"),
        (1e23, "1e+23"),
        (2.0**53, "9007199254740992.0"),
        (float("inf"), "inf"),
        (np.float64(12.0), "12"),
        (7, "7"),
        (np.int64(-3), "-3"),
        (pd.Timestamp("2025-11-07"), "2025-11-07"),
        (pd.Timestamp("2025-11-07 06:10"), "2025-11-07T06:10:00"),
        (dt.date(2025, 11, 7), "2025-11-07"),
        (dt.datetime(2025, 11, 7, 0, 0), "2025-11-07"),
        ("  as is\r", "  as is\r"),
    ],
)
def test_cell_text(value, text):
    assert cells.cell_text(value) == text


@pytest.mark.parametrize(
    "column",
    [
        pd.Series([435.0, None, 0.1, 1e23]),
        pd.Series([1, 2, 3], dtype="int64"),
        pd.Series([1, None], dtype="Int64"),
        pd.Series([True, False]),
        pd.Series(pd.to_datetime(["2025-11-07", None, "2025-11-07 06:10"], format="ISO8601")),
        pd.Series(["a", None, "b\r"], dtype=object),
        pd.Series(["a", 1.0, dt.date(2025, 1, 2)], dtype=object),
    ],
    ids=["float", "int", "nullable-int", "bool", "datetime", "str", "mixed"],
)
def test_a_column_at_a_time_writes_what_a_cell_at_a_time_writes(column):
    assert list(cells.column_text(column)) == [cells.cell_text(v) for v in column.astype(object)]


@pytest.mark.parametrize(
    "text, number",
    [
        ("435", 435.0),
        ("-1.5", -1.5),
        ("1,000", 1000.0),
        (" 7 ", 7.0),
        ("1e3", 1000.0),
        (".5", 0.5),
        ("inf", float("inf")),
        ("4_35", None),
        ("\uff14\uff13\uff15", None),
        ("\u0664\u0663\u0665", None),
        ("0x10", None),
        ("nan", None),
        ("", None),
        ("435 km", None),
    ],
)
def test_number_syntax(text, number):
    assert cells.to_number(text) == number


@pytest.mark.parametrize(
    "kind, text, message",
    [
        ("int", "4_35", "'4_35' is not a number"),
        ("int", "\uff14\uff13\uff15", "'\uff14\uff13\uff15' is not a number"),
        (
            "int",
            "9007199254740993",
            ("'9007199254740993' is too large: whole numbers here lie within -9007199254740991..9007199254740991"),
        ),
        ("int", "9007199254740991", None),
        ("float", "1_0.5", "'1_0.5' is not a number"),
        ("float", "-inf", "'-inf' is not a finite number"),
        (
            "date",
            "\uff12\uff10\uff12\uff15-11-07",
            "'\uff12\uff10\uff12\uff15-11-07' is not a calendar date in the form YYYY-MM-DD",
        ),
        ("date", "2025-11-07T99:99", "'2025-11-07T99:99' is not a calendar date in the form YYYY-MM-DD"),
    ],
)
def test_the_loader_refuses_numbers_and_dates_not_written_in_ascii(kind, text, message):
    _, found = loading.check_column(pd.Series([text]), schema.Column("c", kind))
    assert [m for _, m in found] == ([message] if message else [])


@pytest.mark.parametrize(
    "text, code",
    [
        ("C000\u200b-01", "U+200B"),
        ("C000-01\u2060", "U+2060"),
        ("\ufeffC000", "U+FEFF"),
        ("C0\u00a001", "U+00A0"),
        ("C000-01", None),
        ("\u5317-1", None),
    ],
)
def test_an_id_holding_an_invisible_character_is_refused(text, code):
    _, found = loading.check_column(pd.Series([text]), schema.CLAIMS.column("claim_id"))
    assert (found[0][1].split("(")[1][:6] if found else None) == code


@pytest.mark.parametrize(
    "value, written",
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'x", "''x"),
        ("''", "'''"),
        ("x'", "x'"),
        ("plain", "plain"),
        ("", ""),
        (3, 3),
    ],
)
def test_neutralise_and_back(value, written):
    assert csvfiles.neutralise(value) == written
    if isinstance(value, str):
        assert csvfiles.unneutralise(written) == value


@pytest.mark.parametrize(
    "text, value",
    [
        ("'tis", "'tis"),
        ("'=x", "=x"),
        ("''x", "'x"),
        ("'", "'"),
        ("x", "x"),
    ],
)
def test_reading_back_removes_only_the_mark(text, value):
    assert csvfiles.unneutralise(text) == value


LINE_ENDS = ["a\rb", "a\nb", "a\r\nb", "\r", "=x\r=y", "x\r-1", "end\r"]


def test_every_line_end_inside_a_value_survives_the_csv_a_spreadsheet_opens():
    table = pd.DataFrame({"text": LINE_ENDS, "n": range(len(LINE_ENDS))})
    exported = csvfiles.spreadsheet_bytes(table).decode("utf-8")
    rows = list(csv.reader(io.StringIO(exported, newline="")))
    assert [csvfiles.unneutralise(r[0]) for r in rows[1:]] == LINE_ENDS
    # A spreadsheet reads each of these as a cell: none of them starts a formula.
    assert not any(cell.startswith(csvfiles.FORMULA_START) for row in rows for cell in row)


def test_the_flat_table_round_trips_through_its_own_csv_with_line_ends_and_apostrophes():
    ds = loading.load()
    odd = ["a\rb", "'=x", "''", "'tis", "x\r\n=y", "-\r-"]
    ds.claims.loc[: len(odd) - 1, "claim"] = odd
    from launchwatch import exports

    again = importers.load_file(exports.to_csv_bytes(exports.flat_claims(ds)), "export.csv")
    assert again.rejected == 0, again.report_lines()
    claims = again.dataset.claims.set_index("claim_id").claim
    assert [claims[c] for c in ds.claims.claim_id[: len(odd)]] == odd
