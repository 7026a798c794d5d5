"""Reading a table file we did not write, with the work bounded before it starts.

A small file can stand for a great deal of work: a 97 KB Parquet file can hold a million identical
rows, and a CSV file a single cell of many megabytes. So every table, whether a dataset folder's or an
uploaded file's, is read through here, against limits that can be set in the environment:

- LAUNCHWATCH_MAX_TABLE_MB (default 512): the most a table file may hold, as bytes on disk and as
  decoded text or uncompressed data (a Parquet file's decoded size is worked out from its
  dictionary before any of it is decoded).
- LAUNCHWATCH_MAX_ROWS (default 2,000,000): the most rows a table of a dataset folder may have.
- LAUNCHWATCH_MAX_IMPORT_ROWS (default 200,000): the most data rows an imported or uploaded file
  may have, as each of its rows costs far more work than a dataset row.

The row limits are checked from a Parquet file's metadata before it is read, and while a CSV file is
read, so no more than the limit is ever held. A single cell longer than MAX_CELL_CHARS refuses its
row only, named by its number.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

# The longest cell a dataset may hold. A longer one refuses its row, not its file.
MAX_CELL_CHARS = 131_072
# The csv module refuses a longer field outright, naming no row; past that field limit is read,
# then refused by row. Its own limit is global, so it is raised here once, to the file size limit.
csv.field_size_limit(2**31 - 1)

_DEFAULTS = {"LAUNCHWATCH_MAX_TABLE_MB": 512, "LAUNCHWATCH_MAX_ROWS": 2_000_000, "LAUNCHWATCH_MAX_IMPORT_ROWS": 200_000}

# Magic numbers of formats that are not CSV text, and byte-order marks CSV text must not start with.
WORKBOOK_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
PARQUET_MAGIC = b"PAR1"
UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class TooLarge(ValueError):
    """The table is over a limit; the message says which, and how to change it."""


@dataclass(frozen=True)
class Limits:
    rows: int
    table_bytes: int
    rows_setting: str  # the environment variable that sets `rows`


def _setting(name: str) -> int:
    raw = os.environ.get(name, "").strip()
    try:
        value = int(raw.replace("_", "").replace(",", "")) if raw else _DEFAULTS[name]
    except ValueError:
        raise ValueError(f"{name}={raw!r} is not a whole number") from None
    if value <= 0:
        raise ValueError(f"{name}={raw!r} must be above 0")
    return value


def limits(imported: bool = False) -> Limits:
    """The limits in force now: for a dataset folder's tables, or for a file being imported."""
    rows_setting = "LAUNCHWATCH_MAX_IMPORT_ROWS" if imported else "LAUNCHWATCH_MAX_ROWS"
    return Limits(_setting(rows_setting), _setting("LAUNCHWATCH_MAX_TABLE_MB") * 1_000_000, rows_setting)


def check_size(size: int, limit: Limits, what: str = "is") -> None:
    if size > limit.table_bytes:
        raise TooLarge(
            f"{what} {size:,} bytes, over the limit of {limit.table_bytes:,} bytes "
            f"(LAUNCHWATCH_MAX_TABLE_MB={limit.table_bytes // 1_000_000})"
        )


def _too_many_rows(count: str, limit: Limits) -> TooLarge:
    return TooLarge(f"has {count} data rows, over the limit of {limit.rows:,} rows ({limit.rows_setting}={limit.rows})")


def not_text(head: bytes) -> str | None:
    """What a file is, from its first bytes, when that is not CSV text a reader can take as such."""
    if head.startswith(WORKBOOK_MAGIC):
        return "is a spreadsheet workbook (or a ZIP archive), not CSV text: save the sheet as CSV (UTF-8) and use that"
    if head.startswith(UTF32_BOMS):
        return "UTF-32"
    if head.startswith(UTF16_BOMS):
        return "UTF-16"
    return None


# ---------------------------------------------------------------- Parquet


def _decoded_bytes(table: pa.Table) -> int:
    total = 0
    for column in table.columns:
        for chunk in column.chunks:
            if pa.types.is_dictionary(chunk.type) and pa.types.is_string(chunk.type.value_type):
                lengths = pc.binary_length(chunk.dictionary)
                total += int(pc.sum(pc.take(lengths, chunk.indices)).as_py() or 0) + 8 * len(chunk)
            else:
                total += chunk.nbytes
    return total


def parquet_frame(source, limit: Limits) -> pd.DataFrame:
    """A Parquet file as a DataFrame, refused (TooLarge) from its metadata and its dictionaries before
    anything is decoded. pyarrow's own errors pass through for the caller to word."""
    pf = pq.ParquetFile(source)
    if pf.metadata.num_rows > limit.rows:
        raise _too_many_rows(f"{pf.metadata.num_rows:,}", limit)
    stored = sum(pf.metadata.row_group(i).total_byte_size for i in range(pf.metadata.num_row_groups))
    check_size(stored, limit, "holds")
    text_columns = [f.name for f in pf.schema_arrow if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)]
    # Text columns stay dictionary-encoded until their decoded size is known to be within the limit.
    table = pq.ParquetFile(source, read_dictionary=text_columns).read()
    check_size(_decoded_bytes(table), limit, "decodes to")
    columns = [c.cast(c.type.value_type) if pa.types.is_dictionary(c.type) else c for c in table.columns]
    return pa.Table.from_arrays(columns, names=table.column_names, metadata=table.schema.metadata).to_pandas()


# ---------------------------------------------------------------- CSV


def csv_records(text: str, limit: Limits, delimiter: str = ",") -> Iterator[list[str]]:
    """The header and then each record of CSV text, stopping with TooLarge past the row limit (blank
    lines count: they still cost a read)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    for number, record in enumerate(reader):
        if number > limit.rows:
            raise _too_many_rows(f"more than {limit.rows:,}", limit)
        yield record


def oversized(record: list[str]) -> int | None:
    """The position of the first cell longer than MAX_CELL_CHARS, or None."""
    return next((i for i, cell in enumerate(record) if len(cell) > MAX_CELL_CHARS), None)


def oversized_message(length: int) -> str:
    return f"is {length:,} characters long, over the {MAX_CELL_CHARS:,}-character limit of a cell"
