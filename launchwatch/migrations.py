"""The workspace database's tables and how a database made by an older version is brought up to date.

Versioned with a table of applied migrations and an ordered list of Python functions, not Alembic:
the data tables are derived at run time from `schema` (so a column added there reaches the database
without a hand-written revision), the app must migrate on start with no command-line step or ini
file, and one short list is easier to read than a revision graph for a schema this size.

- `workspace_version` records each migration applied (number, when, what).
- A database whose newest migration is above `SCHEMA_VERSION` was made by a newer Launchwatch: it is
  refused with `NewerSchema`, never downgraded or recreated.
- A column that `schema` defines and the database lacks is added (empty for the rows already there)
  and the addition recorded; nothing is ever dropped.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from . import schema

SCHEMA_VERSION = 3

_TYPES = {"str": sa.Text, "int": sa.BigInteger, "float": sa.Float, "date": sa.Date, "bool": sa.Boolean}

# Columns the store keeps beside the dataset's own, prefixed so they never meet a schema column.
ORDER = "rec_order"  # position of the row, so every load lists rows in the order they were added
CHANGE = "rec_change"  # the change (see `changes`) that last wrote the row
STATUS = "rec_status"  # claims: active, retracted or superseded
REASON = "rec_reason"  # claims: why retracted or superseded
SUPERSEDED_BY = "rec_superseded_by"
QUOTE_COLUMNS = ("quote_exact", "quote_prefix", "quote_suffix", "anchor_status")
ACTIVE, RETRACTED, SUPERSEDED = "active", "retracted", "superseded"

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")  # SQLite numbers rows itself only for INTEGER


class NewerSchema(Exception):
    """The database was made by a newer version of Launchwatch."""


def data_tables() -> tuple[schema.Table, ...]:
    """The dataset tables the database holds: the four of every dataset, the alias and the link tables,
    and the reference places."""
    return (*schema.TABLES, schema.ALIASES, schema.LINKS, schema.REFERENCE_PLACES)


def _data_table(md: sa.MetaData, table: schema.Table) -> sa.Table:
    # A table whose key may repeat (an alias of two organisations) is keyed by its row's position.
    keyed = getattr(table, "unique_key", True)
    cols = [
        sa.Column(c.name, _TYPES[c.kind](), primary_key=keyed and c.name == table.key, nullable=c.name != table.key)
        for c in table.columns
    ]
    cols += [
        sa.Column(ORDER, _ID, nullable=False, index=not keyed, primary_key=not keyed),
        sa.Column(CHANGE, _ID, nullable=False, index=True),
    ]
    if table.name == "claims":
        cols += [
            sa.Column(STATUS, sa.Text, nullable=False, server_default=ACTIVE),
            sa.Column(REASON, sa.Text),
            sa.Column(SUPERSEDED_BY, sa.Text),
        ]
        cols += [sa.Column(name, sa.Text, index=name == "anchor_status") for name in QUOTE_COLUMNS]
    return sa.Table(table.name, md, *cols)


def metadata() -> sa.MetaData:
    md = sa.MetaData()
    sa.Table(
        "workspace_version",
        md,
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("applied_at", sa.Text, nullable=False),
        sa.Column("description", sa.Text, nullable=False),
    )
    # One row per write transaction: its number is the change counter, and it says who and when.
    sa.Table(
        "changes",
        md,
        sa.Column("change_id", _ID, primary_key=True, autoincrement=True),
        sa.Column("at", sa.Text, nullable=False),
        sa.Column("who", sa.Text, nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
    )
    # One row per row written: what was done to it, why, and the row as it was before.
    sa.Table(
        "history",
        md,
        sa.Column("change_id", _ID, nullable=False, index=True),
        sa.Column("table_name", sa.Text, nullable=False),
        sa.Column("row_key", sa.Text, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("before", sa.Text),
        sa.Index("history_row", "table_name", "row_key"),
    )
    # Every text a report was saved with; the newest version is the one its claims point into.
    sa.Table(
        "report_texts",
        md,
        sa.Column("document_id", sa.Text, primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("sha256", sa.Text, nullable=False),
        sa.Column("char_length", sa.BigInteger, nullable=False),
        sa.Column(CHANGE, _ID, nullable=False),
    )
    for table in data_tables():
        _data_table(md, table)
    return md


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _create_v1(conn: sa.Connection, md: sa.MetaData) -> None:
    md.create_all(conn)


def _create_links(conn: sa.Connection, md: sa.MetaData) -> None:
    md.tables[schema.LINKS.name].create(conn, checkfirst=True)


def _create_reference_places(conn: sa.Connection, md: sa.MetaData) -> None:
    md.tables[schema.REFERENCE_PLACES.name].create(conn, checkfirst=True)
    # The sources page lists the orphaned claims on every rerun: found by index, not by reading every claim.
    for index in md.tables["claims"].indexes:
        index.create(conn, checkfirst=True)


# Ordered: (number, what it does, function). Append; never edit or reorder a released one.
MIGRATIONS = (
    (1, "create the workspace tables", _create_v1),
    (2, "create the table of analysts' links between events of two sources", _create_links),
    (3, "add the reference places table and an index of claims by anchor", _create_reference_places),
)


def current_version(conn: sa.Connection) -> int | None:
    """The newest migration applied, or None for a database Launchwatch has not set up."""
    if not sa.inspect(conn).has_table("workspace_version"):
        return None
    return conn.execute(sa.text("SELECT max(version) FROM workspace_version")).scalar() or 0


def _add_missing_columns(conn: sa.Connection, md: sa.MetaData) -> list[str]:
    added = []
    inspector = sa.inspect(conn)
    for table in md.sorted_tables:
        have = {c["name"] for c in inspector.get_columns(table.name)}
        for col in table.columns:
            if col.name in have:
                continue
            ddl = sa.schema.CreateColumn(col).compile(dialect=conn.dialect)
            conn.execute(sa.text(f'ALTER TABLE "{table.name}" ADD COLUMN {ddl}'))
            added.append(f"{table.name}.{col.name}")
    return added


def upgrade(conn: sa.Connection) -> list[str]:
    """Bring the database to SCHEMA_VERSION inside the caller's transaction; say what was done."""
    md = metadata()
    version = current_version(conn)
    if version is not None and version > SCHEMA_VERSION:
        raise NewerSchema(
            f"the workspace database has schema version {version}, newer than this Launchwatch "
            f"understands ({SCHEMA_VERSION}): update Launchwatch; the database was left as it is"
        )
    done = []
    version_table = md.tables["workspace_version"]
    for number, description, step in MIGRATIONS:
        if version is not None and number <= version:
            continue
        step(conn, md)
        conn.execute(version_table.insert().values(version=number, applied_at=_now(), description=description))
        done.append(f"migration {number}: {description}")
    added = _add_missing_columns(conn, md)
    if added:
        done.append("columns added: " + ", ".join(added))
    return done
