"""A cell's value as text, and what text counts as a number or an identifier.

Every reader turns its cells into text through here (a Parquet column, a row of an imported
Parquet file, a row an importer builds), so one float is written one way everywhere: a whole float
as the integer it is (435.0 -> "435"), any other float by `repr` (exact, round-trips), a missing
value as "". The loader then judges the text, whatever format it came from.
"""

from __future__ import annotations

import datetime as dt
import math
import re

import pandas as pd

# Beyond 2**53 a float no longer holds every whole number, so a larger one would be altered silently.
MAX_SAFE_WHOLE = 2**53 - 1

# A number as written in a data file: ASCII digits only, so that `4_35` (Python's digit grouping)
# and full-width digits such as `４３５` are refused instead of read as 435. Thousands commas are
# removed before matching; inf matches so that it can be refused as not finite.
NUMBER = re.compile(
    r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?(?:inf|infinity)", re.IGNORECASE | re.ASCII
)

# Characters that show nothing (controls, zero-width and other format characters, line and paragraph
# separators, and every space but the ASCII one): two ids differing only by these look the same.
INVISIBLE = re.compile(
    "[\x00-\x1f\x7f-\xa0\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u1680\u180e"
    "\u2000-\u200f\u2028-\u202f\u205f-\u2064\u2066-\u206f\u3000\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f]"
)


def number_text(text: str) -> str | None:
    """The text with thousands commas removed, if it is a number as written in a data file, else None."""
    bare = text.strip().replace(",", "")
    return bare if NUMBER.fullmatch(bare) else None


def to_number(text: str) -> float | None:
    """The number a cell's text holds (see NUMBER), or None."""
    bare = number_text(text)
    return None if bare is None else float(bare)


def invisible_in(text: str) -> str | None:
    """The first invisible character in text, as U+XXXX, or None."""
    m = INVISIBLE.search(text)
    return None if m is None else f"U+{ord(m.group()):04X}"


def unique_id(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`...: the first not yet taken, which is then taken. Ids made from a
    source's own (by a slug that drops case and punctuation) are unique by construction this way."""
    candidate, n = base, 2
    while candidate in taken:
        candidate = f"{base}-{n}"
        n += 1
    taken.add(candidate)
    return candidate


def _float_text(v: float) -> str:
    if math.isnan(v):
        return ""
    if v.is_integer() and abs(v) <= MAX_SAFE_WHOLE:
        return str(int(v))
    return repr(v)


def _timestamp_text(v) -> str:
    # A time of day is kept, not cut off: a date column then refuses it by name instead of the
    # value silently becoming another one.
    if pd.isna(v):
        return ""
    if v == v.normalize():
        return v.strftime("%Y-%m-%d")
    return v.isoformat()


def cell_text(v) -> str:
    """One cell's value as the text a CSV file would hold."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return _float_text(v)
    if isinstance(v, (pd.Timestamp, dt.datetime)):
        return _timestamp_text(pd.Timestamp(v))
    if isinstance(v, dt.date):
        return v.isoformat()
    try:
        if pd.isna(v):
            return ""
    except (TypeError, ValueError):
        pass
    if hasattr(v, "item"):  # numpy scalars
        return cell_text(v.item())
    return str(v)


def column_text(col: pd.Series) -> pd.Series:
    """A whole column as cell_text would write each cell, converted a column at a time (a million rows)."""
    empty = col.isna()
    if pd.api.types.is_bool_dtype(col):
        text = col.map({True: "true", False: "false"})
    elif pd.api.types.is_integer_dtype(col):
        text = col.astype(str)
    elif pd.api.types.is_datetime64_any_dtype(col):
        text = col.dt.strftime("%Y-%m-%d")
        timed = col.notna() & (col != col.dt.normalize())
        text[timed] = col[timed].map(_timestamp_text)
    elif pd.api.types.is_float_dtype(col):
        whole = col.notna() & (col % 1 == 0) & (col.abs() <= MAX_SAFE_WHOLE)
        text = col.map(repr)
        text[whole] = col[whole].astype("int64").astype(str)
    elif pd.api.types.is_string_dtype(col) and not (col.dtype == object and col.map(type).ne(str).any()):
        text = col.astype(str)
    else:  # mixed Python objects: one cell at a time
        return col.astype(object).map(cell_text).astype(object)
    return text.where(~empty, "").astype(object)
