"""Whole-column helpers: per-row text and grouping over a million rows without a Python call per row.

A million claims hold only thousands of distinct values per column: Python-level formatting is done
once per distinct value and spread back with numpy and pyarrow, so results match the per-row code
exactly.
"""

from __future__ import annotations

import weakref

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import memo


def text_of(values) -> pd.Series:
    """str(v) of every value, as the per-row code wrote it (a missing value reads 'nan')."""
    return per_distinct(values, str)


def codes(values) -> np.ndarray:
    """Each value's number (0, 1, ... in order of first appearance); equal values, missing ones too, share one."""
    return pd.factorize(values, use_na_sentinel=False)[0]


def event_numbers(claims: pd.DataFrame) -> np.ndarray:
    """codes() of the claims' event ids, worked out once per claims table (the very object): the figures,
    verdicts and corroboration of one view share them. A view cut from a table (remember_cut) takes its
    rows' numbers from the table's, numbered again only when some rows were left out. Read only."""
    return memo.for_table(claims).get("event-numbers", lambda: _event_numbers(claims))


def _event_numbers(claims: pd.DataFrame) -> np.ndarray:
    whole, rows = _cut_from(claims)
    if whole is None:
        return codes(claims["event_id"])
    # Numbers equal exactly where the ids are, so numbering them again by first appearance gives codes().
    numbers = event_numbers(whole)
    return numbers if rows is None else codes(numbers[rows])


def column_codes(claims: pd.DataFrame, column: str) -> tuple[np.ndarray, pd.Index]:
    """Each row's number for its value in the column, and the values numbered: numbers are equal exactly
    where the values are (missing ones too), for counting and comparing; unlike codes() they are not in
    order of first appearance, and the values may include some no row of a view holds. Worked out once per
    claims table; a view cut from a table (remember_cut) takes its rows' numbers. Read only."""
    whole, rows = _cut_from(claims)
    if whole is not None:
        numbers, values = column_codes(whole, column)
        return (numbers if rows is None else numbers[rows]), values
    return memo.for_table(claims).get(
        ("column-codes", column), lambda: pd.factorize(claims[column], use_na_sentinel=False)
    )


def remember_cut(claims: pd.DataFrame, view: pd.DataFrame, rows: np.ndarray | None) -> None:
    """Note that view holds claims' rows at these positions, in order (None: every row), so that numbers
    worked out once for a flat claims table (one per dataset version) serve every view cut from it.
    The table is named weakly: a view kept in the table's own memo must not keep the table alive."""
    memo.for_table(view).note("cut-from", (weakref.ref(claims), rows))


def _cut_from(claims: pd.DataFrame) -> tuple[pd.DataFrame | None, np.ndarray | None]:
    whole, rows = memo.for_table(claims).noted("cut-from", (None, None))
    whole = whole() if whole is not None else None
    return (whole, rows) if whole is not None else (None, None)


def take(claims: pd.DataFrame, rows: np.ndarray) -> pd.DataFrame:
    """claims' rows at these positions, in order, as `claims[mask]` gives them, noted as cut from claims."""
    cut = claims.take(rows)
    remember_cut(claims, cut, rows)
    return cut


def where(claims: pd.DataFrame, column: str, value) -> pd.DataFrame:
    """The rows whose column holds value (`claims[claims[column] == value]`), cut once per frame (the very
    object) and value: a view kept between reruns gives the same cut of one event's claims to every run and
    every viewer, so it is neither cut nor digested (memo.rows) again. Read only."""
    return where_any(claims, (column, value))


def where_any(claims: pd.DataFrame, *wanted: tuple[str, object]) -> pd.DataFrame:
    """The rows where any (column, value) pair holds, in order, kept as where() keeps its cut."""

    def cut() -> pd.DataFrame:
        found = np.zeros(len(claims), dtype=bool)
        for column, value in wanted:
            found[positions(claims, column, value)] = True
        return take(claims, np.flatnonzero(found))

    return memo.for_table(claims).get(("where", wanted), cut)


def positions(claims: pd.DataFrame, column: str, value) -> np.ndarray:
    """Where the column holds value, from its numbers (column_codes), without comparing text row by row."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return np.empty(0, dtype=np.intp)  # a missing value equals nothing, as `==` has it
    numbers, values = column_codes(claims, column)
    found = values.get_indexer([value])[0] if value in values else -1
    return np.flatnonzero(numbers == found) if found >= 0 else np.empty(0, dtype=np.intp)


def first_of(numbers: np.ndarray) -> np.ndarray:
    """Each group's first row, for rows numbered 0, 1, ... in order of first appearance (as codes() numbers)."""
    if len(numbers) == 0:
        return numbers
    seen = np.maximum.accumulate(numbers)
    # Groups are numbered as they first appear, so a row opens a group exactly when its number is new.
    return np.flatnonzero(np.concatenate([[True], numbers[1:] > seen[:-1]]))


def distinct_counts(groups: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """How many distinct values (numbered: codes) each of n groups holds; groups and values per row."""
    width = int(values.max()) + 1 if len(values) else 1
    return np.bincount(pd.unique(groups.astype(np.int64) * width + values) // width, minlength=n)


def per_distinct(values, func) -> pd.Series:
    """func(v) (a text) for every value, called once per distinct value."""
    codes, uniques = pd.factorize(pd.Series(values), use_na_sentinel=False)
    texts = pa.array([func(u) for u in uniques], type=pa.large_string())
    return pd.Series(pd.array(texts.take(pa.array(codes)), dtype="str"))


def combinations(frame: pd.DataFrame, columns: list[str]) -> tuple[np.ndarray, list[dict]]:
    """Each row's distinct combination of the columns' values (numbered 0, 1, ...), and one row of each as a dict."""
    codes = np.zeros(len(frame), dtype=np.int64)
    for col in columns:
        c, u = pd.factorize(frame[col], use_na_sentinel=False)
        codes = pd.factorize(codes * max(len(u), 1) + c)[0]  # renumbered at each step, so it never overflows
    combo, first = first_rows(codes)
    return combo, frame[columns].iloc[first].to_dict(orient="records")


def per_combination(frame: pd.DataFrame, columns: list[str], func) -> pd.Series:
    """func(row) (a text; row is a dict of the columns) for every row, called once per distinct combination."""
    combo, rows = combinations(frame, columns)
    texts = pa.array([func(r) for r in rows], type=pa.large_string())
    return pd.Series(pd.array(texts.take(pa.array(combo)), dtype="str"))


def unique_sorted(keys: np.ndarray) -> np.ndarray:
    """np.unique for integer keys: hashing first, then sorting only the distinct keys, is much faster."""
    return np.sort(pd.unique(keys))


def take_text(texts, positions) -> pd.Series:
    """texts[positions] for a short list of texts and many positions, without a Python object per row."""
    array = pa.array([str(t) for t in texts], type=pa.large_string())
    return pd.Series(pd.array(array.take(pa.array(np.asarray(positions, dtype=np.int64))), dtype="str"))


def column_at(claims: pd.DataFrame, column: str, rows: np.ndarray) -> pd.Series:
    return claims[column].iloc[rows].reset_index(drop=True).astype("str")


def join_runs(pieces, counts, sep: str) -> pd.Series:
    """Join consecutive runs of pieces: the first counts[0] pieces, then the next counts[1], and so on."""
    offsets = np.concatenate([[0], np.cumsum(counts, dtype=np.int64)])
    values = pa.array(pd.Series(pieces, dtype="str").reset_index(drop=True))
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    lists = pa.LargeListArray.from_arrays(pa.array(offsets, type=pa.int64()), values)
    return pd.Series(pd.array(pc.binary_join(lists, pa.scalar(sep, type=values.type)), dtype="str"))


def first_rows(keys) -> tuple[np.ndarray, np.ndarray]:
    """Each row's group number (0, 1, ... in order of first appearance) and each group's first row."""
    numbers = codes(pd.Series(keys))
    return numbers, first_of(numbers)
