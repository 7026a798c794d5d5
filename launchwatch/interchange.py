"""The workspace as a folder: what `db export` writes and `db init --from` reads back.

A folder written here is a dataset folder `validate` accepts (documents, events, places and the
active claims, aliases.csv), and beside it what the workspace keeps that a dataset has no place for:

- `reference_places.csv`: the reference places (columns of places.csv);
- `reports/`: each report's newest stored text, under its `file_name` (its SHA-256 is the one in
  documents.csv, so spans quote it);
- `claim_states.csv`: every claim, active or not: `status` (active, retracted, superseded), the
  `reason`, `superseded_by`, its quote selector and `anchor_status` (`orphaned` when its quote was
  not found in its report's new text);
- `retired_claims.csv`: the retracted and superseded claims, with the columns of claims.csv;
- `history.csv`: every change, oldest first: its number, when, who, what, and each row it touched
  (the row as it was before, as JSON, when it was changed).

`db init --from` a folder like this gives back the same workspace: the same tables, texts, states and
history (numbered as they were; the init is one more change after them). A plain dataset folder
(data/) has none of these files: its claims are all active, quoted from the reports folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from . import anchoring, cells, csvfiles, loading, migrations, outputs, schema, store
from .loading import Problem

REPORTS = "reports"
STATES_FILE = "claim_states.csv"
RETIRED_FILE = "retired_claims.csv"
HISTORY_FILE = "history.csv"
STATUSES = (migrations.ACTIVE, migrations.RETRACTED, migrations.SUPERSEDED)
ANCHORS = (anchoring.ANCHORED, anchoring.REANCHORED, anchoring.ORPHANED)

CLAIM_STATES = schema.Table(
    "claim_states",
    STATES_FILE,
    "claim_id",
    (
        schema.Column("claim_id", "str", identifier=True),
        schema.Column("status", "str", vocabulary=STATUSES),
        schema.Column("reason", "str", required=False),
        schema.Column("superseded_by", "str", required=False),
        schema.Column("quote_exact", "str", required=False),
        schema.Column("quote_prefix", "str", required=False),
        schema.Column("quote_suffix", "str", required=False),
        schema.Column("anchor_status", "str", required=False, vocabulary=ANCHORS),
    ),
)
RETIRED_CLAIMS = schema.Table(RETIRED_FILE.removesuffix(".csv"), RETIRED_FILE, "claim_id", schema.CLAIMS.columns)


def _write_text_table(path: Path, frame: pd.DataFrame) -> None:
    columns = [cells.column_text(frame[c]) for c in frame.columns]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csvfiles.write_rows(fh, list(frame.columns), zip(*columns, strict=True))


def export(ws: store.Store, folder: Path) -> loading.Dataset:
    """Write the workspace into `folder` (the caller checked it may be written); returns its dataset."""
    dataset = ws.load()
    dataset.reference_places = ws.reference_places()
    store.write_folder(dataset, folder)
    states = ws.claim_states()
    _write_text_table(folder / STATES_FILE, states.fillna(""))
    store.write_folder_table(folder / RETIRED_FILE, ws.retired_claims(), schema.CLAIMS)
    _write_text_table(folder / HISTORY_FILE, ws.history().fillna(""))
    names = dict(zip(dataset.documents.document_id, dataset.documents.file_name, strict=True))
    for doc, text in sorted(ws.texts().items()):
        if doc in names and Path(names[doc]).name == names[doc]:
            (folder / REPORTS).mkdir(exist_ok=True)
            (folder / REPORTS / names[doc]).write_bytes(text.encode("utf-8"))
    return dataset


@dataclass
class Folder:
    """What `db init --from` seeds a workspace with."""

    dataset: loading.Dataset
    texts: dict[str, str]
    reference: pd.DataFrame | None  # None: the app's own reference places
    kept: store.Kept


def _optional(folder: Path, table: schema.Table, problems: list[Problem], verbatim=()) -> pd.DataFrame | None:
    """A kept file when the folder has one, checked by the loader's rules; `verbatim` columns keep their
    text exactly as written (a quote's prefix may end in a space)."""
    if not (folder / table.file).exists():
        return None
    raw = loading._read_table(folder, table, problems)
    typed = None if raw is None else loading._typed(raw, table, table.file, problems)
    if typed is not None:
        for column in verbatim:
            typed[column] = raw[column].to_numpy()
    return typed


def _history(folder: Path, problems: list[Problem]) -> pd.DataFrame | None:
    """history.csv, every cell as text; each row must name its change by a positive number."""
    if not (folder / HISTORY_FILE).exists():
        return None
    table = schema.Table("history", HISTORY_FILE, "change", ())
    raw = loading._read_table(folder, table, problems)
    if raw is None:
        return None
    if list(raw.columns) != store.HISTORY_COLUMNS:
        problems.append(Problem(HISTORY_FILE, None, None, "expected the columns " + ", ".join(store.HISTORY_COLUMNS)))
        return None
    for i, value in raw["change"].items():
        if not str(value).isdigit() or int(value) < 1:
            problems.append(Problem(HISTORY_FILE, i + 1, "change", f"'{value}' is not a change number (1, 2, ...)"))
    for column in ("at", "who", "summary", "table", "row_key", "action"):
        for i in raw.index[raw[column].str.strip() == ""]:
            problems.append(Problem(HISTORY_FILE, i + 1, column, "is empty: every history line says it"))
    return raw.reset_index(drop=True)


def _check_kept(dataset: loading.Dataset, retired, states, problems: list[Problem]) -> None:
    active = set(dataset.claims.claim_id)
    if retired is not None:
        for i, cid in retired.claim_id.items():
            if cid in active:
                problems.append(Problem(RETIRED_FILE, i + 1, "claim_id", f"'{cid}' is also an active claim"))
        for column, target, key in (("event_id", "events", "event_id"), ("document_id", "documents", "document_id")):
            known = set(dataset.table(target)[key])
            for i, v in retired[column].items():
                if v not in known:
                    problems.append(Problem(RETIRED_FILE, i + 1, column, f"'{v}' is not a {key} in {target}"))
    if states is None:
        if retired is not None and len(retired):
            problems.append(
                Problem(STATES_FILE, None, None, f"is missing: it says why each claim of {RETIRED_FILE} is retired")
            )
        return
    stored = active | (set(retired.claim_id) if retired is not None else set())
    for i, (cid, status) in enumerate(zip(states.claim_id, states.status, strict=True), start=1):
        if cid not in stored:
            problems.append(Problem(STATES_FILE, i, "claim_id", f"'{cid}' is not a claim of the folder"))
        elif (status == migrations.ACTIVE) != (cid in active):
            where = "claims.csv" if cid in active else RETIRED_FILE
            problems.append(Problem(STATES_FILE, i, "status", f"'{status}' for a claim listed in {where}"))


def read(folder: Path) -> Folder:
    """The folder's dataset and what it keeps beside it, or DatasetError listing every problem."""
    dataset = loading.load(folder)
    problems: list[Problem] = []
    reference = _optional(folder, schema.REFERENCE_PLACES, problems)
    states = _optional(folder, CLAIM_STATES, problems, verbatim=migrations.QUOTE_COLUMNS[:3])
    retired = _optional(folder, RETIRED_CLAIMS, problems)
    history = _history(folder, problems)
    if not problems:
        _check_kept(dataset, retired, states, problems)
    if problems:
        raise loading.DatasetError(problems)
    texts = store.texts_for(dataset, loading.reports_dir())
    texts.update(store.texts_for(dataset, folder / REPORTS))
    retired = retired.reset_index(drop=True) if retired is not None else pd.DataFrame()
    kept = store.Kept(retired, None if states is None else states.reset_index(drop=True), history)
    return Folder(dataset, texts, None if reference is None else reference.reset_index(drop=True), kept)


def init(ws: store.Store, who: str, folder: Path, force: bool = False) -> int:
    """Seed the workspace from a folder (see `read`) in one transaction; returns the change number."""
    got = read(folder)
    return ws.seed(who, got.dataset, got.texts, force=force, reference=got.reference, kept=got.kept)


def check_output(folder: Path, force: bool) -> None:
    """The folder `db export` may write: the one folder rule (`outputs.check_folder`), and no file it
    writes is reached through a link, which could point anywhere."""
    outputs.check_folder(folder, force)
    names = [t.file for t in migrations.data_tables()] + [STATES_FILE, RETIRED_FILE, HISTORY_FILE, REPORTS]
    reports = folder / REPORTS
    inside = list(reports.iterdir()) if reports.is_dir() and not reports.is_symlink() else []
    for path in [folder / n for n in names] + inside:
        if path.is_symlink():
            raise outputs.Refused(f"{path} is a symbolic link: nothing is written through a link")


@dataclass
class Added:
    """What `add_dataset` added: the change (None when every row was already stored) and rows per table."""

    change: int | None
    counts: dict[str, int]
    already: int

    def text(self) -> str:
        added = ", ".join(f"{n} {name}" for name, n in self.counts.items() if n)
        return f"{added or 'no rows'} added, {self.already} row(s) already there"


class _NothingNew(Exception):
    pass


_ORDER = (schema.PLACES, schema.DOCUMENTS, schema.EVENTS, schema.CLAIMS, schema.ALIASES)


def _new_rows(tx: store.Tx, table: schema.Table, frame: pd.DataFrame) -> pd.DataFrame:
    """The rows not stored yet. A row whose id is stored with other values is refused (never overwritten)."""
    t = tx.md.tables[table.name]
    if not table.unique_key:
        stored = set(tx.conn.execute(sa.select(t.c[table.key], t.c[table.column_names[1]])).tuples())
        pairs = zip(frame[table.key], frame[table.column_names[1]], strict=True)
        return frame[[p not in stored for p in pairs]]
    keys = frame[table.key].astype(str)
    taken = store._existing(tx.conn, t, table.key, set(keys))
    if not taken:
        return frame
    mine = dict(zip(keys[keys.isin(taken)], store._db_rows(frame[keys.isin(taken)], table), strict=True))
    query = sa.select(*(t.c[c] for c in table.column_names)).where(t.c[table.key].in_(sorted(taken)))
    differ = sorted(
        k for k, row in ((r[table.key], dict(r)) for r in tx.conn.execute(query).mappings()) if row != mine[k]
    )
    if differ:
        raise store.StoreError(
            f"{table.file}: {table.key} {', '.join(differ[:5])} already stored with other values: "
            "nothing is overwritten (give the imported rows other ids, or supersede a claim to change it)"
        )
    return frame[~keys.isin(taken)]


def add_dataset(ws: store.Store, who: str, dataset: loading.Dataset, summary: str) -> Added:
    """An imported dataset's rows added to the workspace in one attributed change; the rows already
    stored with the same values are not added again, so importing a file twice adds it once."""
    counts: dict[str, int] = {}

    def run(tx: store.Tx) -> int:
        frames = {t.name: _new_rows(tx, t, dataset.table(t.name)).reset_index(drop=True) for t in _ORDER}
        if not any(len(f) for f in frames.values()):
            raise _NothingNew
        store._check_references(tx, frames)
        for t in _ORDER:
            tx.insert(t, frames[t.name])
            counts[t.name] = len(frames[t.name])
        return tx.change_id

    total = sum(len(dataset.table(t.name)) for t in _ORDER)
    try:
        change = ws.write(who, summary, run)
    except _NothingNew:
        return Added(None, {}, total)
    return Added(change, counts, total - sum(counts.values()))
