"""A throwaway PostgreSQL cluster for the tests and benchmarks: its own directory, a free port on
127.0.0.1, started with initdb/pg_ctl as the `postgres` user (both refuse to run as root), stopped
at the end. Debian's `postgresql` package provides the programs (scripts/test.sh installs it)."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

INSTALL_HINT = "install Debian's PostgreSQL with `apt-get install postgresql` (scripts/test.sh does it as root)"


def bindir() -> Path | None:
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if os.access(Path(candidate) / "initdb", os.X_OK) and os.access(Path(candidate) / "pg_ctl", os.X_OK):
            return Path(candidate)
    found = shutil.which("initdb")
    return Path(found).resolve().parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(args: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


class Cluster:
    def __init__(self):
        self.bin = bindir()
        if self.bin is None:
            raise RuntimeError("PostgreSQL's initdb and pg_ctl are not installed: " + INSTALL_HINT)
        self.root = Path(tempfile.mkdtemp(prefix="launchwatch-pg-"))
        self.root.chmod(0o755)
        self.data = self.root / "data"
        self.port = _free_port()

    def start(self) -> Cluster:
        self.data.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.data, "postgres", "postgres")
            shutil.chown(self.root, "postgres", "postgres")
        subprocess.run(
            _as_postgres(
                [
                    str(self.bin / "initdb"),
                    "-D",
                    str(self.data),
                    "-A",
                    "trust",
                    "-U",
                    "postgres",
                    "--no-sync",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                ]
            ),
            check=True,
            capture_output=True,
            text=True,
        )
        self._pg_ctl_start()
        return self

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A fresh empty database (a schema of its own, much quicker than CREATE DATABASE); returns its URL."""
        import sqlalchemy as sa

        name = "t_" + uuid.uuid4().hex[:12]
        engine = sa.create_engine(self.url(), isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA "{name}"')
        engine.dispose()
        return self.url() + f"?options=-csearch_path%3D{name}"

    def stop(self, mode: str = "fast") -> None:
        if self.data.exists():
            subprocess.run(
                _as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"]),
                capture_output=True,
                check=False,
            )

    def restart(self) -> None:
        self._pg_ctl_start()

    def _pg_ctl_start(self) -> None:
        # fsync and friends off: a throwaway cluster need not survive a power cut, and tests run faster.
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=100"
        )
        command = [str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.root / "log")]
        subprocess.run(_as_postgres([*command, "-w", "-t", "60", "start"]), check=True, capture_output=True, text=True)

    def destroy(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)
