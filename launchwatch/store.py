"""The workspace database: what analysts add is kept, attributed, and seen by every session.

One code path (SQLAlchemy Core) for SQLite, the embedded default, and PostgreSQL, for a team.

Writing (the one door). Every write is one transaction, attributed to `who` (a user's name or email,
or "local") and stamped with the time; it is numbered in `changes`, and every row it touches gets a
line in `history` with the row as it was. Nothing is deleted: a claim is retracted or superseded with
a reason. Writes are serialised (SQLite: BEGIN IMMEDIATE in WAL mode with a busy timeout;
PostgreSQL: a transaction-scoped advisory lock) and retried when the database is busy, so two
sessions writing at once both succeed and change numbers are committed in order.

    store = Store.open("sqlite:///workspace/launchwatch.db")     # migrates an older schema on open
    store.add_report("ana@example.org", document={...}, text="...", claims=[{...}], events=[{...}])
    store.add_claims("ana@example.org", [{...}])                 # to documents already stored
    store.retract_claim("ana@example.org", "C123", reason="misread the figure")
    store.supersede_claim("ana@example.org", "C123", {...new claim...}, reason="range corrected")
    store.save_text("ana@example.org", "doc-1", new_text)        # re-anchors; returns orphaned ids
    store.decide_link("ana@example.org", "ev-1", "cns-903", "confirmed", reasons)  # same launch (linking)

Rows are dicts keyed by the `schema` column names. A document's `sha256` and `char_length` are taken
from its text. A claim's span must lie in its report's text; its quote selector (exact, prefix,
suffix) is taken from there. Every row is checked by the loader's own rules before anything is
written; a refused write raises `StoreError` naming the table, row and column, and saves nothing.

Reading. `load()` gives the active dataset (a `loading.Dataset`); `change_counter()` the number of
the latest change; `changes_since(n)` only the rows written after change n, so a cached dataset can
be brought up to date without reading a million rows again. `report_text`, `claim_history`,
`anchor_states` and `export(folder)` (a folder `validate` accepts, with `history.csv` and the
texts under `reports/`) complete it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import math
import random
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import sqlalchemy as sa

from . import anchoring, cells, csvfiles, linking, loading, migrations, schema
from .migrations import (
    ACTIVE,
    CHANGE,
    ORDER,
    REASON,
    RETRACTED,
    STATUS,
    SUPERSEDED,
    SUPERSEDED_BY,
)

BUSY_TIMEOUT_MS = 15_000
WRITE_ATTEMPTS = 6
_CHUNK = 100_000
_LOCK_KEY = 0x4C57  # PostgreSQL advisory lock that serialises the workspace's writes


class StoreError(Exception):
    """A write or read the store refused or could not do; the message says what and why."""


class Unavailable(StoreError):
    """The database cannot be reached or read: a down server, a corrupt, locked or unreadable file."""


def _tables() -> dict[str, schema.Table]:
    return {t.name: t for t in migrations.data_tables()}


# ---------------------------------------------------------------- engine


def make_engine(url: str | sa.URL) -> sa.Engine:
    url = sa.make_url(url)
    if url.get_backend_name() == "sqlite":
        engine = sa.create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        sa.event.listen(engine, "connect", _sqlite_connect)
        sa.event.listen(engine, "begin", _sqlite_begin)
        return engine
    return sa.create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 10})


def _sqlite_connect(dbapi_connection, _record) -> None:
    # Transactions are begun by hand (below), so writes can take the write lock up front.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
    if mode != "wal":
        with contextlib.suppress(sqlite3.OperationalError):  # a read-only file keeps its mode; reads still work
            cursor.execute("PRAGMA journal_mode = WAL")
    cursor.close()


def _sqlite_begin(conn: sa.Connection) -> None:
    # A write that began as a read would fail when upgrading its lock; IMMEDIATE waits for it instead.
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("lw_write") else "BEGIN")


def _transient(exc: Exception) -> bool:
    text = str(getattr(exc, "orig", exc)).lower()
    code = getattr(getattr(exc, "orig", None), "sqlstate", None)
    return "locked" in text or "busy" in text or code in ("40001", "40P01")


def describe_failure(exc: Exception, where: str) -> str:
    """One sentence an analyst can act on, for a database that failed."""
    text = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(getattr(exc, "orig", exc)).strip() else ""
    lowered = text.lower()
    if "not a database" in lowered or "malformed" in lowered:
        why = "the file is not a readable SQLite database (corrupt or another kind of file)"
    elif "readonly" in lowered or "read-only" in lowered or "attempt to write" in lowered:
        why = "the database file or its folder is read-only"
    elif "locked" in lowered or "busy" in lowered:
        why = "the database stayed locked by another program"
    elif "unable to open" in lowered:
        why = "the database file cannot be opened (missing folder or no permission)"
    elif "connection" in lowered or "server" in lowered or "timeout" in lowered or "terminat" in lowered:
        why = "the database server cannot be reached or closed the connection"
    else:
        why = text or type(exc).__name__
    return f"{where}: {why}"


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


# ---------------------------------------------------------------- rows: checking and converting


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return cells.cell_text(value)


def checked_frame(table: schema.Table, rows: list[dict], what: str) -> pd.DataFrame:
    """The rows as the loader would type them, or StoreError listing every problem the loader finds."""
    unknown = sorted({k for r in rows for k in r} - set(table.column_names))
    if unknown:
        raise StoreError(f"{what}: unknown column(s) {', '.join(unknown)}; expected {', '.join(table.column_names)}")
    text = pd.DataFrame(
        [[_cell(r.get(c)) for c in table.column_names] for r in rows], columns=table.column_names, dtype=object
    )
    problems: list[loading.Problem] = []
    typed = loading._typed(text, table, what, problems)
    if problems or typed is None:
        raise StoreError(loading.DatasetError(problems).args[0])
    return typed


def _db_rows(frame: pd.DataFrame, table: schema.Table) -> list[dict]:
    """Typed frame rows as values a database driver takes (None for empty, date for dates)."""
    cols = {}
    for c in table.columns:
        s = frame[c.name]
        if c.kind == "date":
            cols[c.name] = [None if pd.isna(v) else v.date() for v in s]
        elif c.kind in ("int", "float"):
            kind = int if c.kind == "int" else float
            cols[c.name] = [None if pd.isna(v) else kind(v) for v in s]
        elif c.kind == "bool":
            cols[c.name] = [bool(v) for v in s]
        else:
            cols[c.name] = [str(v) for v in s]
    names = list(cols)
    return [dict(zip(names, values, strict=True)) for values in zip(*cols.values(), strict=True)]


def _typed_columns(table: schema.Table, columns: list[str], rows: list) -> pd.DataFrame:
    """Rows read back from the database, typed as the loader types a file's columns."""
    # Columns taken straight from the rows: a frame made from the database's row objects asks each row
    # for attributes it lacks (an exception per row, a third of a million-claim load).
    raw = dict(zip(columns, zip(*rows, strict=True), strict=True)) if rows else dict.fromkeys(columns, ())
    out = {}
    for c in table.columns:
        if c.kind == "str":
            out[c.name] = _text_column(raw[c.name])
            continue
        s = pd.Series(raw[c.name], dtype=object)
        if c.kind == "date":
            out[c.name] = pd.to_datetime(s, format="%Y-%m-%d").astype("datetime64[ns]")
        elif c.kind == "bool":
            out[c.name] = s.fillna(False).astype(bool)
        else:
            out[c.name] = pd.to_numeric(s).astype("float64")
            if c.kind == "int":
                out[c.name] = out[c.name].astype("Int64" if out[c.name].isna().any() else "int64")
    frame = pd.DataFrame(out)
    for extra in columns[len(table.columns) :]:
        frame[extra] = np.asarray(raw[extra], dtype=object)
    return frame


def _text_column(values) -> pd.Series:
    """Text as the loader holds it (arrow-backed, empty for NULL), converted in one pass by pyarrow."""
    try:
        return pd.Series(pa.array(values, type=pa.large_string()).fill_null(""), dtype="str")
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # a value stored as a number: as text, as before
        s = pd.Series(values, dtype=object)
        return s.astype("str").where(s.notna(), "")


# ---------------------------------------------------------------- the write door


@dataclass
class Delta:
    """Rows written after a change: typed as the loader types them, with their status (claims)."""

    counter: int
    rows: dict[str, pd.DataFrame]


class Tx:
    """One write transaction: each method records what it did in `history` under this change."""

    def __init__(self, store: Store, conn: sa.Connection, change_id: int):
        self.store, self.conn, self.change_id = store, conn, change_id
        self.md = store.md

    def _history(self, table: str, keys: list[str], action: str, reason: str | None, before=None) -> None:
        befores = before or [None] * len(keys)
        self.conn.execute(
            self.md.tables["history"].insert(),
            [
                {
                    "change_id": self.change_id,
                    "table_name": table,
                    "row_key": k,
                    "action": action,
                    "reason": reason,
                    "before": None if b is None else json.dumps(b, default=str, ensure_ascii=False),
                }
                for k, b in zip(keys, befores, strict=False)
            ],
        )

    def _next_order(self, table: str) -> int:
        t = self.md.tables[table]
        return (self.conn.execute(sa.select(sa.func.max(t.c[ORDER]))).scalar() or 0) + 1

    def insert(
        self, table: schema.Table, frame: pd.DataFrame, extra: list[dict] | None = None, action: str | None = "added"
    ) -> list[str]:
        """Insert typed rows; a key already stored is refused (nothing is overwritten)."""
        if frame.empty:
            return []
        keys = [str(k) for k in frame[table.key]]
        t = self.md.tables[table.name]
        taken = _existing(self.conn, t, table.key, set(keys)) if table.unique_key else set()
        if taken:
            raise StoreError(
                f"{table.file}: {table.key} {', '.join(sorted(taken)[:5])} already stored: "
                "ids must be unique (supersede a claim to change it)"
            )
        rows = _db_rows(frame, table)
        start = self._next_order(table.name)
        for n, row in enumerate(rows):
            row[ORDER], row[CHANGE] = start + n, self.change_id
            if extra:
                row.update(extra[n])
        for i in range(0, len(rows), 20_000):
            self.conn.execute(t.insert(), rows[i : i + 20_000])
        if action and len(keys) <= 10_000:  # a seed of a whole dataset is one 'seeded' line, not a line per row
            self._history(table.name, keys, action, None)
        return keys

    def update(self, table: str, key: str, values: dict, action: str, reason: str | None) -> None:
        t = self.md.tables[table]
        key_col = t.c[_tables()[table].key]
        before = self.conn.execute(sa.select(t).where(key_col == key)).mappings().first()
        if before is None:
            raise StoreError(f"{table}: no row with id '{key}'")
        self.conn.execute(t.update().where(key_col == key).values(**values, **{CHANGE: self.change_id}))
        self._history(table, [key], action, reason, [dict(before)])

    def claim_status(self, claim_id: str) -> str:
        t = self.md.tables["claims"]
        status = self.conn.execute(sa.select(t.c[STATUS]).where(t.c.claim_id == claim_id)).scalar()
        if status is None:
            raise StoreError(f"claims: no claim with id '{claim_id}'")
        return status


def _existing(conn: sa.Connection, t: sa.Table, column: str, values: set[str]) -> set[str]:
    found: set[str] = set()
    values = sorted(values)
    for i in range(0, len(values), 10_000):
        chunk = values[i : i + 10_000]
        found |= set(conn.execute(sa.select(t.c[column]).where(t.c[column].in_(chunk))).scalars())
    return found


def _check_references(tx: Tx, frames: dict[str, pd.DataFrame]) -> None:
    """Every event, document and place a new row names exists, in this write or already stored."""
    wanted = {"claims": [("event_id", "events"), ("document_id", "documents")], "events": [("place_id", "places")]}
    for name, refs in wanted.items():
        frame = frames.get(name)
        if frame is None or frame.empty:
            continue
        for column, target in refs:
            key = _tables()[target].key
            named = {v for v in frame[column] if v != ""}
            here = set(frames[target][key]) if target in frames else set()
            missing = named - here - _existing(tx.conn, tx.md.tables[target], key, named - here)
            if missing:
                raise StoreError(
                    f"{_tables()[name].file}: column '{column}': "
                    f"{', '.join(sorted(missing)[:5])} is not a {key} in {target}"
                )


def _quotes(claims: pd.DataFrame, texts: dict[str, str]) -> list[dict]:
    """Each claim's quote selector, from its report's text (empty when the text is not stored)."""
    out = []
    spans = zip(claims.document_id, claims.span_start, claims.span_end, claims.claim_id, strict=True)
    for doc, start, end, cid in spans:
        text = texts.get(doc)
        if text is None:
            out.append(dict.fromkeys(migrations.QUOTE_COLUMNS))
            continue
        if not (0 <= start < end <= len(text)):
            raise StoreError(
                f"claims.csv: claim '{cid}': span {start}-{end} is not within its report's text "
                f"({len(text)} characters)"
            )
        q = anchoring.quote(text, int(start), int(end))
        out.append(
            {
                "quote_exact": q.exact,
                "quote_prefix": q.prefix,
                "quote_suffix": q.suffix,
                "anchor_status": anchoring.ANCHORED,
            }
        )
    return out


def _text_row(document_id: str, version: int, text: str, change_id: int) -> dict:
    return {
        "document_id": document_id,
        "version": version,
        "text": text,
        "char_length": len(text),
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        CHANGE: change_id,
    }


def _where(dataset: loading.Dataset) -> str:
    """The dataset's folder by name (a history line says where rows came from, not a server's paths)."""
    return f"folder {Path(dataset.folder).name}" if dataset.folder else "a dataset"


def _blank(value) -> str | None:
    return None if value is None or value == "" else str(value)


@dataclass
class Kept:
    """What a folder written by `db export` keeps beside its dataset, restored by `db init --from`:
    the retracted and superseded claims (claims columns), every claim's state and quote selector
    (claim_states.csv) and the history of changes (history.csv, numbered as they were)."""

    retired: pd.DataFrame = field(default_factory=pd.DataFrame)
    states: pd.DataFrame | None = None
    history: pd.DataFrame | None = None

    @property
    def first(self):
        return None if self.history is None else (lambda conn: _restore_history(conn, self.history))

    def ordered(self, active: pd.DataFrame) -> pd.DataFrame:
        """The active and retired claims together, in the order the workspace had added them."""
        claims = pd.concat([active, self.retired], ignore_index=True) if len(self.retired) else active
        if self.states is None:
            return claims
        position = pd.Index(self.states.claim_id).get_indexer(claims.claim_id)
        order = sorted(range(len(claims)), key=lambda i: (position[i] < 0, position[i], i))
        return claims.iloc[order].reset_index(drop=True)

    def claim_extras(self, claims: pd.DataFrame, texts: dict[str, str]) -> list[dict]:
        """Each claim's stored columns: its kept state and quote when the folder has them, else a quote
        taken from its report's text."""
        states = self.states.set_index("claim_id") if self.states is not None else pd.DataFrame()
        missing = claims[~claims.claim_id.isin(states.index)]
        computed = dict(zip(missing.claim_id, _quotes(missing, texts), strict=True))
        out = []
        for cid in claims.claim_id:
            if cid in computed:
                out.append(computed[cid])
                continue
            row = states.loc[cid]
            quoted = bool(row["quote_exact"])
            extra = {STATUS: row["status"], REASON: _blank(row["reason"]), SUPERSEDED_BY: _blank(row["superseded_by"])}
            extra |= {c: (str(row[c]) if quoted else None) for c in migrations.QUOTE_COLUMNS}
            out.append(extra)
        return out


def _restore_history(conn: sa.Connection, history: pd.DataFrame) -> None:
    """The history of another workspace, after this one's own (renumbered only when this one has any)."""
    md = migrations.metadata()
    changes, lines = md.tables["changes"], md.tables["history"]
    offset = conn.execute(sa.select(sa.func.max(changes.c.change_id))).scalar() or 0
    if history.empty:
        return
    heads = history.drop_duplicates("change")
    conn.execute(
        changes.insert(),
        [
            {"change_id": int(r.change) + offset, "at": r.at, "who": r.who, "summary": r.summary}
            for r in heads.itertuples()
        ],
    )
    conn.execute(
        lines.insert(),
        [
            {
                "change_id": int(r.change) + offset,
                "table_name": r.table,
                "row_key": r.row_key,
                "action": r.action,
                "reason": _blank(r.reason),
                "before": _blank(r.before),
            }
            for r in history.itertuples()
        ],
    )
    if conn.dialect.name == "postgresql":  # explicit numbers do not move PostgreSQL's counter
        conn.execute(
            sa.text("SELECT setval(pg_get_serial_sequence('changes', 'change_id'), max(change_id)) FROM changes")
        )


class Store:
    """A workspace database. `Store.open(url)` sets it up or migrates it; see the module's doc."""

    read_only = False

    def __init__(self, engine: sa.Engine):
        self.engine = engine
        self.md = migrations.metadata()
        self.url = engine.url

    @classmethod
    def open(cls, url: str | sa.URL, create: bool = True) -> Store:
        store = cls(make_engine(url))
        store.migrate(create)
        return store

    def describe(self) -> str:
        """The database, its password hidden."""
        url = self.engine.url
        if url.get_backend_name() == "sqlite":
            return f"SQLite file {url.database}"
        return f"PostgreSQL {url.render_as_string(hide_password=True)}"

    def migrate(self, create: bool = True) -> list[str]:
        try:
            with self.engine.connect().execution_options(lw_write=True) as conn, conn.begin():
                if self.engine.dialect.name == "postgresql":
                    conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
                if not create and migrations.current_version(conn) is None:
                    raise StoreError(f"{self.describe()} holds no Launchwatch workspace")
                return migrations.upgrade(conn)
        except migrations.NewerSchema as exc:
            raise StoreError(str(exc)) from exc
        except sa.exc.SQLAlchemyError as exc:
            raise Unavailable(describe_failure(exc, self.describe())) from exc

    # ------------------------------------------------------------ writing

    def write(self, who: str, summary: str, fn, first=None):
        """Run fn(tx) in one attributed transaction, retried while the database is busy; return its result.
        `first(conn)`, when given, runs in the same transaction before the change is numbered."""
        who = (who or "").strip()
        if not who:
            raise StoreError("every change is attributed: give a name, an email or 'local'")
        for attempt in range(WRITE_ATTEMPTS):
            try:
                return self._write_once(who, summary, fn, first)
            except sa.exc.OperationalError as exc:
                if not _transient(exc) or attempt == WRITE_ATTEMPTS - 1:
                    raise Unavailable(describe_failure(exc, self.describe()) + "; nothing was saved") from exc
                time.sleep(0.05 * 2**attempt * (1 + random.random()))
            except sa.exc.DBAPIError as exc:
                raise Unavailable(describe_failure(exc, self.describe()) + "; nothing was saved") from exc

    def _write_once(self, who: str, summary: str, fn, first=None):
        with self.engine.connect().execution_options(lw_write=True) as conn, conn.begin():
            if self.engine.dialect.name == "postgresql":
                # Change numbers then commit in the order they are taken, so none is missed by a reader.
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
            if first is not None:
                first(conn)
            changes = self.md.tables["changes"]
            change_id = conn.execute(
                changes.insert().values(at=_now(), who=who, summary=summary).returning(changes.c.change_id)
            ).scalar_one()
            return fn(Tx(self, conn, change_id))

    def add(
        self,
        who: str,
        summary: str,
        *,
        documents=(),
        events=(),
        places=(),
        claims=(),
        aliases=(),
        texts: dict[str, str] | None = None,
    ) -> int:
        """Add rows to any tables (the alias table too, and report texts) in one transaction; returns the
        change number."""
        texts = dict(texts or {})
        given = {"documents": documents, "events": events, "places": places, "claims": claims, "aliases": aliases}
        docs = [dict(d) for d in documents]
        for d in docs:
            text = texts.get(d.get("document_id"))
            if text is not None:
                d["sha256"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
                d["char_length"] = len(text)
        given["documents"] = docs
        frames = {
            name: checked_frame(_tables()[name], list(rows), _tables()[name].file)
            for name, rows in given.items()
            if rows
        }
        unknown = set(texts) - {d.get("document_id") for d in docs}
        if unknown:
            raise StoreError(f"texts given for {', '.join(sorted(unknown))}, which are not among the documents added")
        return self.write(who, summary, lambda tx: self._add(tx, frames, texts))

    def _add(self, tx: Tx, frames: dict[str, pd.DataFrame], texts: dict[str, str]) -> int:
        _check_references(tx, frames)
        for name in ("places", "documents", "events", "aliases"):
            if name in frames:
                tx.insert(_tables()[name], frames[name])
        for doc, text in texts.items():
            tx.conn.execute(self.md.tables["report_texts"].insert(), [_text_row(doc, 1, text, tx.change_id)])
        if "claims" in frames:
            claims = frames["claims"]
            known = {d: self._text(tx.conn, d) for d in set(claims.document_id) - set(texts)}
            all_texts = {**{d: t for d, t in known.items() if t is not None}, **texts}
            tx.insert(_tables()["claims"], claims, extra=_quotes(claims, all_texts))
        return tx.change_id

    def add_report(self, who: str, document: dict, text: str, claims=(), events=(), places=(), aliases=()) -> int:
        """A report, its text and the claims accepted from it (with any new events, places and originators'
        alias rows), all or nothing."""
        return self.add(
            who,
            f"report {document.get('document_id')} with {len(claims)} claim(s)",
            documents=[document],
            events=events,
            places=places,
            claims=claims,
            aliases=aliases,
            texts={document.get("document_id"): text},
        )

    def add_claims(self, who: str, claims, events=()) -> int:
        return self.add(who, f"{len(claims)} claim(s) added", claims=claims, events=events)

    def decide_link(self, who: str, event_id: str, other_event_id: str, decision: str, reasons: str = "") -> int:
        """Record an analyst's decision on two events proposed as the same launch (see launchwatch.linking).

        A new row each time: an earlier decision is kept, and the latest one about the pair stands."""

        def run(tx: Tx) -> int:
            t = self.md.tables[schema.LINKS.name]
            taken = set(tx.conn.execute(sa.select(t.c.link_id)).scalars())
            row = linking.decision_row(event_id, other_event_id, decision, reasons, taken)
            tx.insert(schema.LINKS, checked_frame(schema.LINKS, [row], schema.LINKS.file))
            return tx.change_id

        return self.write(who, f"link {event_id} ~ {other_event_id} {decision}", run)

    def retract_claim(self, who: str, claim_id: str, reason: str) -> int:
        """Withdraw a claim (it stays stored, with who, when and why)."""
        if not (reason or "").strip():
            raise StoreError("say why the claim is retracted: the reason is kept with it")

        def run(tx: Tx) -> int:
            if tx.claim_status(claim_id) != ACTIVE:
                raise StoreError(f"claim '{claim_id}' is already {tx.claim_status(claim_id)}")
            tx.update("claims", claim_id, {STATUS: RETRACTED, REASON: reason.strip()}, "retracted", reason.strip())
            return tx.change_id

        return self.write(who, f"claim {claim_id} retracted", run)

    def supersede_claim(self, who: str, claim_id: str, new_claim: dict, reason: str) -> int:
        """Replace a claim by a corrected one: the old one is kept, marked superseded, and points to the new."""
        if not (reason or "").strip():
            raise StoreError("say why the claim is superseded: the reason is kept with it")
        frame = checked_frame(_tables()["claims"], [new_claim], "claims.csv")

        def run(tx: Tx) -> int:
            if tx.claim_status(claim_id) != ACTIVE:
                raise StoreError(f"claim '{claim_id}' is already {tx.claim_status(claim_id)}")
            _check_references(tx, {"claims": frame})
            doc = str(frame.document_id.iloc[0])
            text = self._text(tx.conn, doc)
            tx.insert(
                _tables()["claims"],
                frame,
                extra=_quotes(frame, {doc: text} if text is not None else {}),
                action=f"added, superseding {claim_id}",
            )
            tx.update(
                "claims",
                claim_id,
                {STATUS: SUPERSEDED, REASON: reason.strip(), SUPERSEDED_BY: str(frame.claim_id.iloc[0])},
                "superseded",
                reason.strip(),
            )
            return tx.change_id

        return self.write(who, f"claim {claim_id} superseded by {new_claim.get('claim_id')}", run)

    def save_text(self, who: str, document_id: str, text: str) -> list[str]:
        """Store a new version of a report's text and re-anchor its claims; returns the orphaned claims' ids."""
        return self.write(who, f"text of {document_id} saved again", lambda tx: self._save_text(tx, document_id, text))

    def _save_text(self, tx: Tx, document_id: str, text: str) -> list[str]:
        texts = self.md.tables["report_texts"]
        version = (
            tx.conn.execute(sa.select(sa.func.max(texts.c.version)).where(texts.c.document_id == document_id)).scalar()
            or 0
        )
        row = _text_row(document_id, version + 1, text, tx.change_id)
        tx.conn.execute(texts.insert(), [row])
        tx.update(
            "documents",
            document_id,
            {"sha256": row["sha256"], "char_length": row["char_length"]},
            "text saved again",
            None,
        )
        claims = self.md.tables["claims"]
        found = tx.conn.execute(
            sa.select(
                claims.c.claim_id,
                claims.c.span_start,
                claims.c.span_end,
                claims.c.quote_exact,
                claims.c.quote_prefix,
                claims.c.quote_suffix,
            )
            .where(claims.c.document_id == document_id, claims.c[STATUS] == ACTIVE)
            .where(claims.c.quote_exact.is_not(None))
        ).all()
        orphaned = []
        for cid, start, end, exact, prefix, suffix in found:
            where = anchoring.anchor(text, start, end, anchoring.Quote(exact, prefix or "", suffix or ""))
            if where.status == anchoring.ORPHANED:
                orphaned.append(cid)
                tx.update(
                    "claims",
                    cid,
                    {"anchor_status": anchoring.ORPHANED},
                    "orphaned",
                    "its quote is not in the report's new text",
                )
            elif (where.start, where.end) != (start, end) or where.status == anchoring.REANCHORED:
                tx.update(
                    "claims",
                    cid,
                    {"span_start": where.start, "span_end": where.end, "anchor_status": anchoring.REANCHORED},
                    "re-anchored",
                    f"quote found at {where.start}-{where.end} in the report's new text",
                )
        return orphaned

    def seed(
        self,
        who: str,
        dataset: loading.Dataset,
        texts: dict[str, str] | None = None,
        force: bool = False,
        reference: pd.DataFrame | None = None,
        kept: Kept | None = None,
    ) -> int:
        """Fill the workspace from a dataset (one transaction); refuses a non-empty one unless `force`.

        `reference`: the reference places (default: the app's own). `kept`: what a folder written by
        `db export` carries beside the dataset (retired claims, each claim's state and quote, history).
        """
        kept = kept or Kept()

        def run(tx: Tx) -> int:
            if not self._empty(tx.conn) and not force:
                raise StoreError(
                    f"{self.describe()} already holds a dataset: give --force to replace it "
                    "(what analysts added or changed is kept, whole, in its history)"
                )
            if force:
                self._retire_all(tx)
            self._fill(tx, dataset, texts or {}, reference, kept)
            tx._history("workspace", ["*"], "seeded", f"{len(dataset.claims)} claims from {_where(dataset)}")
            return tx.change_id

        return self.write(who, f"seeded from {_where(dataset)}", run, first=kept.first)

    def _fill(self, tx: Tx, dataset: loading.Dataset, texts, reference, kept: Kept) -> None:
        frames = {t.name: dataset.table(t.name) for t in schema.TABLES}
        lines = "seeded" if kept.history is None else None  # a restored history already says where rows came from
        for name in ("places", "documents", "events"):
            tx.insert(_tables()[name], frames[name], action=lines)
        stored = {d: t for d, t in texts.items() if d in set(frames["documents"].document_id)}
        if stored:
            tx.conn.execute(
                self.md.tables["report_texts"].insert(), [_text_row(d, 1, t, tx.change_id) for d, t in stored.items()]
            )
        claims = kept.ordered(frames["claims"])
        tx.insert(_tables()["claims"], claims, extra=kept.claim_extras(claims, stored), action=lines)
        tx.insert(schema.ALIASES, dataset.aliases, action=lines)
        tx.insert(schema.LINKS, dataset.links, action=lines)
        if reference is None:
            from . import gazetteer

            reference = gazetteer.reference_places()
        tx.insert(schema.REFERENCE_PLACES, reference, action=lines)

    def _retire_all(self, tx: Tx) -> None:
        """--force replaces the dataset. What analysts wrote or changed since a seed is not lost: each
        such row goes into the history, whole, before the tables are emptied."""
        h = self.md.tables["history"]
        seeds = set(
            tx.conn.execute(
                sa.select(h.c.change_id).where(h.c.table_name == "workspace", h.c.action == "seeded")
            ).scalars()
        )
        for table in (*migrations.data_tables(), None):
            t = self.md.tables[table.name if table else "report_texts"]
            rows = tx.conn.execute(sa.select(t).where(t.c[CHANGE].not_in(seeds))).mappings().all()
            if rows:
                keys = [f"{r['document_id']}@{r['version']}" if table is None else str(r[table.key]) for r in rows]
                tx._history(t.name, keys, "replaced", "db init --force: the row as it was", [dict(r) for r in rows])
            tx.conn.execute(t.delete())
        tx._history("workspace", ["*"], "replaced", "db init --force")

    # ------------------------------------------------------------ reading

    def _empty(self, conn: sa.Connection) -> bool:
        return all(
            conn.execute(sa.select(sa.func.count()).select_from(self.md.tables[t.name])).scalar() == 0
            for t in schema.TABLES
        )

    def _read(self, fn, isolation: bool = False):
        try:
            with self.engine.connect() as conn:
                if isolation and self.engine.dialect.name == "postgresql":
                    conn = conn.execution_options(isolation_level="REPEATABLE READ")
                with conn.begin():
                    return fn(conn)
        except sa.exc.SQLAlchemyError as exc:
            raise Unavailable(describe_failure(exc, self.describe())) from exc

    def is_empty(self) -> bool:
        return self._read(self._empty)

    def change_counter(self) -> int:
        """The number of the latest change: a cached dataset is current while this is unchanged."""
        changes = self.md.tables["changes"]
        return self._read(lambda c: c.execute(sa.select(sa.func.max(changes.c.change_id))).scalar() or 0)

    def _frame(self, conn: sa.Connection, table: schema.Table, where=None, with_status=False) -> pd.DataFrame:
        t = self.md.tables[table.name]
        cols = [sa.cast(t.c[c.name], sa.Text).label(c.name) if c.kind == "date" else t.c[c.name] for c in table.columns]
        extra = [t.c[STATUS]] if with_status and table.name == "claims" else []
        query = sa.select(*cols, *extra).order_by(t.c[ORDER])
        if where is not None:
            query = query.where(where(t))
        names = [c.name for c in table.columns] + [e.name for e in extra]
        parts = []
        result = conn.execution_options(stream_results=True, yield_per=_CHUNK).execute(query)
        for chunk in result.partitions(_CHUNK):
            parts.append(_typed_columns(table, names, chunk))
        if not parts:
            return _typed_columns(table, names, [])
        return parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)

    def _load(self, conn: sa.Connection) -> tuple[int, loading.Dataset]:
        changes = self.md.tables["changes"]
        counter = conn.execute(sa.select(sa.func.max(changes.c.change_id))).scalar() or 0
        frames = {}
        for table in schema.TABLES:
            active = (lambda t: t.c[STATUS] == ACTIVE) if table.name == "claims" else None
            frames[table.name] = self._frame(conn, table, active)
        aliases = self._frame(conn, schema.ALIASES)
        reference = self._frame(conn, schema.REFERENCE_PLACES)
        return counter, loading.Dataset(
            frames["documents"],
            frames["events"],
            frames["places"],
            frames["claims"],
            aliases=aliases,
            reference_places=reference if len(reference) else None,  # none stored: the app's own
            links=self._frame(conn, schema.LINKS),
            stored_quote=self.quote,
        )

    def load_with_counter(self) -> tuple[int, loading.Dataset]:
        """The active dataset and the change it is current to, read in one snapshot."""
        return self._read(self._load, isolation=True)

    def load(self) -> loading.Dataset:
        return self.load_with_counter()[1]

    def aliases(self) -> pd.DataFrame:
        return self._read(lambda conn: self._frame(conn, schema.ALIASES))

    def changes_since(self, counter: int) -> Delta:
        """Every row written after change `counter` (claims with their status), and the new counter."""

        def run(conn):
            changes = self.md.tables["changes"]
            now = conn.execute(sa.select(sa.func.max(changes.c.change_id))).scalar() or 0
            rows = {
                t.name: self._frame(conn, t, lambda tab: tab.c[CHANGE] > counter, with_status=True)
                for t in migrations.data_tables()
            }
            return Delta(now, rows)

        return self._read(run, isolation=True)

    def _text(self, conn: sa.Connection, document_id: str) -> str | None:
        t = self.md.tables["report_texts"]
        return conn.execute(
            sa.select(t.c.text).where(t.c.document_id == document_id).order_by(t.c.version.desc()).limit(1)
        ).scalar()

    def report_text(self, document_id: str) -> str | None:
        """The newest text stored for a report, or None."""
        return self._read(lambda conn: self._text(conn, document_id))

    def quote(self, claim_id: str, document_id: str, start: int, end: int) -> str | None:
        """A claim's supporting text in the newest stored text of its report, when the stored claim is this
        one (same report and span) and still anchored; else None."""
        c = self.md.tables["claims"]
        query = sa.select(c.c.document_id, c.c.span_start, c.c.span_end, c.c.anchor_status).where(
            c.c.claim_id == claim_id
        )

        def run(conn: sa.Connection) -> str | None:
            row = conn.execute(query).first()
            if row is None or row.anchor_status == anchoring.ORPHANED:
                return None
            if (row.document_id, int(row.span_start), int(row.span_end)) != (document_id, start, end):
                return None
            text = self._text(conn, document_id)
            return None if text is None else text[start:end]

        return self._read(run)

    def texts(self) -> dict[str, str]:
        return {
            d: self.report_text(d)
            for d in self._read(
                lambda c: list(c.execute(sa.select(self.md.tables["report_texts"].c.document_id).distinct()).scalars())
            )
        }

    def claim_history(self, claim_id: str) -> pd.DataFrame:
        """What happened to a claim, oldest first: when, who, what, why."""
        h, ch = self.md.tables["history"], self.md.tables["changes"]
        query = (
            sa.select(ch.c.at, ch.c.who, h.c.action, h.c.reason, h.c.change_id)
            .join(ch, ch.c.change_id == h.c.change_id)
            .where(h.c.table_name == "claims", h.c.row_key == claim_id)
            .order_by(h.c.change_id)
        )
        rows = self._read(lambda conn: conn.execute(query).all())
        return pd.DataFrame([tuple(r) for r in rows], columns=["at", "who", "action", "reason", "change"])

    def claim_states(self, claim_ids=None) -> pd.DataFrame:
        """Every claim stored (or those named), active or not: its status, reason, quote selector and anchor."""
        c = self.md.tables["claims"]
        names = [STATUS, REASON, SUPERSEDED_BY, *migrations.QUOTE_COLUMNS]
        query = sa.select(c.c.claim_id, *(c.c[n] for n in names)).order_by(c.c[ORDER])
        if claim_ids is not None:
            query = query.where(c.c.claim_id.in_(sorted(set(claim_ids))))
        rows = self._read(lambda conn: conn.execute(query).all())
        columns = ["claim_id", "status", "reason", "superseded_by", *migrations.QUOTE_COLUMNS]
        return pd.DataFrame([tuple(r) for r in rows], columns=columns)

    def orphaned(self, claim_ids=None) -> list[str]:
        """The active claims (of those named, or all) whose quote was not found in their report's new text."""
        c = self.md.tables["claims"]
        query = sa.select(c.c.claim_id).where(c.c.anchor_status == anchoring.ORPHANED, c.c[STATUS] == ACTIVE)
        if claim_ids is not None:
            query = query.where(c.c.claim_id.in_(sorted(set(claim_ids))))
        return self._read(lambda conn: list(conn.execute(query.order_by(c.c[ORDER])).scalars()))

    def added_by(self, claim_ids) -> dict[str, str]:
        """Who wrote each of the named claims into the workspace (the claim's first change), by claim id."""
        h, ch = self.md.tables["history"], self.md.tables["changes"]
        query = (
            sa.select(h.c.row_key, ch.c.who)
            .join(ch, ch.c.change_id == h.c.change_id)
            .where(h.c.table_name == "claims", h.c.row_key.in_(sorted(set(claim_ids))))
            .order_by(h.c.change_id.desc())
        )
        rows = self._read(lambda conn: conn.execute(query).all())
        return {key: who for key, who in rows}  # newest first, so each claim keeps its first writer

    def retired_about(self, event_id: str) -> pd.DataFrame:
        """The claims about an event that were retracted or superseded: id, what it said, status, why, by what."""
        c = self.md.tables["claims"]
        query = (
            sa.select(c.c.claim_id, c.c.claim, c.c[STATUS], c.c[REASON], c.c[SUPERSEDED_BY])
            .where(c.c.event_id == event_id, c.c[STATUS] != ACTIVE)
            .order_by(c.c[ORDER])
        )
        rows = self._read(lambda conn: conn.execute(query).all())
        return pd.DataFrame(
            [tuple(r) for r in rows], columns=["claim_id", "claim", "status", "reason", "superseded_by"]
        )

    def retired_claims(self) -> pd.DataFrame:
        """The claims retracted or superseded, as the loader types claims.csv, in the order they were added."""
        claims = schema.CLAIMS
        return self._read(lambda conn: self._frame(conn, claims, lambda t: t.c[STATUS] != ACTIVE))

    def reference_places(self) -> pd.DataFrame:
        return self._read(lambda conn: self._frame(conn, schema.REFERENCE_PLACES))

    def history(self) -> pd.DataFrame:
        """Every row-level change, oldest first, with who and when."""
        h, ch = self.md.tables["history"], self.md.tables["changes"]
        query = sa.select(
            h.c.change_id,
            ch.c.at,
            ch.c.who,
            ch.c.summary,
            h.c.table_name,
            h.c.row_key,
            h.c.action,
            h.c.reason,
            h.c.before,
        ).join(ch, ch.c.change_id == h.c.change_id)
        rows = self._read(lambda conn: conn.execute(query.order_by(h.c.change_id, h.c.table_name, h.c.row_key)).all())
        return pd.DataFrame([tuple(r) for r in rows], columns=HISTORY_COLUMNS)

    def export(self, folder: str | Path) -> loading.Dataset:
        """Write the workspace as a folder `validate` accepts (see `interchange`)."""
        from . import interchange

        return interchange.export(self, Path(folder))


HISTORY_COLUMNS = ["change", "at", "who", "summary", "table", "row_key", "action", "reason", "before"]


def write_folder(dataset: loading.Dataset, folder: Path) -> None:
    """The dataset's tables as CSV files the loader reads back to the same values (aliases.csv when it has
    any, reference_places.csv when the dataset carries them)."""
    folder.mkdir(parents=True, exist_ok=True)
    for table in migrations.data_tables():
        frame = dataset.table(table.name)
        if frame is None or (table in (schema.ALIASES, schema.LINKS) and frame.empty):
            continue
        write_folder_table(folder / table.file, frame, table)


def write_folder_table(path: Path, frame: pd.DataFrame, table: schema.Table) -> None:
    """One table as a dataset folder's CSV file, read back by the loader to the same values."""
    columns = [cells.column_text(frame[c]) for c in table.column_names]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csvfiles.write_rows(fh, table.column_names, zip(*columns, strict=True))


def texts_for(dataset: loading.Dataset, folder: Path | None) -> dict[str, str]:
    """The reports' texts found in `folder` whose bytes are the very text the spans were taken from."""
    if folder is None or not Path(folder).is_dir():
        return {}
    out = {}
    for doc, _name in zip(dataset.documents.document_id, dataset.documents.file_name, strict=False):
        text = loading.report_text(dataset.documents, doc, Path(folder))
        if text is not None:
            out[doc] = text
    return out
