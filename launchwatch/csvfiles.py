"""CSV as every writer here writes it, and the one rule that keeps a spreadsheet from running a cell.

Line ends inside a value are always quoted, so a reader sees one cell, not a new line: Python's csv
writer quotes a value holding "\\n" but not one holding a lone "\\r" when lines end in "\\n", and a
spreadsheet (or the csv module reading with newline="") would start a new row at that CR.

A spreadsheet runs a cell that starts with "=", "+", "-", "@", a tab or a CR as a formula. The files
meant for people (the downloads and `export`) put an apostrophe, a spreadsheet's "this is text"
mark, before such a cell, and before a cell that already starts with an apostrophe: then removing one
leading apostrophe when reading such a file back (`unneutralise`) is always right, and the round
trip is exact both ways. Dataset folders are not marked: the loader reads them verbatim.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import IO

import pandas as pd

from .cells import column_text

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MARK = "'"


def neutralise(value):
    """A text cell a spreadsheet would run, or one starting with the mark itself, gets the mark."""
    if isinstance(value, str) and value.startswith(FORMULA_START + (MARK,)):
        return MARK + value
    return value


def unneutralise(text: str) -> str:
    """The value `neutralise` was given, from the text it wrote."""
    if text.startswith(MARK) and text[1:].startswith(FORMULA_START + (MARK,)):
        return text[1:]
    return text


def write_rows(fh: IO[str], header: list[str], rows: Iterable, any_cr: bool = True) -> None:
    """Header and rows of text as CSV with "\\n" line ends, any row holding a CR quoted whole.
    any_cr=False says no cell holds a CR, so the rows are written without looking at each."""
    plain = csv.writer(fh, lineterminator="\n")
    plain.writerow(header)
    if not any_cr:
        plain.writerows(rows)
        return
    quoted = csv.writer(fh, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for row in rows:
        (quoted if any("\r" in cell for cell in row) else plain).writerow(row)


def spreadsheet_bytes(table: pd.DataFrame) -> bytes:
    """A table as UTF-8 CSV for people to open: text cells marked by `neutralise`, numbers as numbers."""
    columns = []
    for name in table.columns:
        text = column_text(table[name])
        if table[name].dtype == object or pd.api.types.is_string_dtype(table[name]):
            text = text.map(neutralise)
        columns.append(text)
    any_cr = any(text.str.contains("\r", regex=False).any() for text in columns if len(text))
    out = io.StringIO()
    write_rows(out, [str(c) for c in table.columns], zip(*columns, strict=True) if columns else [], any_cr)
    return out.getvalue().encode("utf-8")
