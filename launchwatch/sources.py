"""Which data the app and every command use. First match wins:

1. `LAUNCHWATCH_DATA`: a dataset folder, opened read-only (a write is refused, saying why);
2. `LAUNCHWATCH_DB`: an SQLAlchemy URL (`postgresql+psycopg://user@host/db` for a team);
3. `[connections.launchwatch]` in `.streamlit/secrets.toml` (Streamlit's st.connection convention:
   `url = "..."`, or `dialect`, `driver`, `host`, `port`, `username`, `password`, `database`);
4. the SQLite file `launchwatch.db` in `LAUNCHWATCH_WORKSPACE` (default `workspace/` in the
   repository, git-ignored), created and seeded from the bundled `data/` on first start.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from . import loading

SECRETS_SECTION = "launchwatch"


class ReadOnlySource(Exception):
    """A write asked of a dataset folder."""


@dataclass(frozen=True)
class Source:
    kind: str  # "folder" or "database"
    location: str  # the folder, or the SQLAlchemy URL
    setting: str  # what chose it, in the words of the list above

    @property
    def read_only(self) -> bool:
        return self.kind == "folder"

    def label(self) -> str:
        """What the page shows: no server path, no password."""
        if self.kind == "folder":
            return f"dataset folder {Path(self.location).name} (read-only, from {self.setting})"
        url = sa.make_url(self.location)
        if url.get_backend_name() == "sqlite":
            path = Path(url.database or "")
            return f"workspace database {path.parent.name}/{path.name} (SQLite, from {self.setting})"
        shown = url._replace(password=None).render_as_string(hide_password=True)
        return f"workspace database {shown} (from {self.setting})"

    def refuse_write(self) -> ReadOnlySource:
        return ReadOnlySource(
            f"LAUNCHWATCH_DATA opens the folder {Path(self.location).name} read-only, so nothing can be saved: "
            "unset LAUNCHWATCH_DATA to work in the workspace database (or `python -m launchwatch db init "
            "--from` that folder to copy it there)"
        )


def _secrets_files() -> list[Path]:
    return [loading.REPO_ROOT / ".streamlit" / "secrets.toml", Path.cwd() / ".streamlit" / "secrets.toml"]


def secrets_url(files: list[Path] | None = None) -> str | None:
    """The URL in `[connections.launchwatch]` of the first secrets.toml that has that section."""
    for path in files if files is not None else _secrets_files():
        if not path.is_file():
            continue
        with open(path, "rb") as fh:
            section = tomllib.load(fh).get("connections", {}).get(SECRETS_SECTION)
        if not section:
            continue
        if section.get("url"):
            return str(section["url"])
        dialect = section.get("dialect", "postgresql")
        driver = section.get("driver") or ("psycopg" if dialect == "postgresql" else None)
        return sa.URL.create(
            f"{dialect}+{driver}" if driver else dialect,
            username=section.get("username"),
            password=section.get("password"),
            host=section.get("host"),
            port=section.get("port"),
            database=section.get("database"),
        ).render_as_string(hide_password=False)
    return None


def workspace_file(env=None) -> Path:
    env = os.environ if env is None else env
    folder = Path(env.get("LAUNCHWATCH_WORKSPACE") or loading.REPO_ROOT / "workspace")
    return folder / "launchwatch.db"


def resolve(env=None, secrets: list[Path] | None = None) -> Source:
    """The data source in force (see the module's doc for the order)."""
    env = os.environ if env is None else env
    if env.get("LAUNCHWATCH_DATA"):
        return Source("folder", env["LAUNCHWATCH_DATA"], "LAUNCHWATCH_DATA")
    if env.get("LAUNCHWATCH_DB"):
        return Source("database", env["LAUNCHWATCH_DB"], "LAUNCHWATCH_DB")
    url = secrets_url(secrets)
    if url:
        return Source("database", url, "[connections.launchwatch] in .streamlit/secrets.toml")
    return Source("database", f"sqlite:///{workspace_file(env)}", "the default workspace")


def open_store(source: Source, seed: bool = True):
    """The source's workspace database, made and seeded from the bundled data/ (with the reports' texts
    when they are found) the first time, when `seed`."""
    from . import store

    if source.read_only:
        raise source.refuse_write()
    url = sa.make_url(source.location)
    if url.get_backend_name() == "sqlite" and url.database:
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    ws = store.Store.open(source.location)
    if seed and ws.is_empty():
        dataset = loading.load(loading.BUNDLED_DATA)
        try:
            ws.seed("local", dataset, store.texts_for(dataset, loading.reports_dir()))
        except store.StoreError:
            if ws.is_empty():  # another server seeding at the same moment is fine; anything else is not
                raise
    return ws


def read(folder: str | os.PathLike | None = None) -> tuple[loading.Dataset, Source]:
    """The dataset a command reads: an explicit folder (`--data`), else the data source in force.
    loading.DatasetError for a folder with problems, store.StoreError for a database that fails."""
    source = Source("folder", str(folder), "--data") if folder else resolve()
    if source.read_only:
        return loading.load(source.location), source
    return open_store(source).load(), source


ORDER_TEXT = (
    "Which data, first match wins: LAUNCHWATCH_DATA (a dataset folder, read-only), LAUNCHWATCH_DB (an "
    "SQLAlchemy URL), [connections.launchwatch] in .streamlit/secrets.toml, the SQLite file "
    "launchwatch.db under LAUNCHWATCH_WORKSPACE (default workspace/)."
)


def in_use_text() -> str:
    """What `--help` says of the data: the source in force now (by name, never a path) and the order."""
    try:
        shown = resolve().label()
    except (OSError, ValueError, tomllib.TOMLDecodeError, sa.exc.ArgumentError) as exc:
        shown = f"none: the settings cannot be read ({type(exc).__name__})"
    return f"data: {shown}. {ORDER_TEXT}"
