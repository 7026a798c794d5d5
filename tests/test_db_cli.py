"""`db init`, `db export`, `import --into-db` and the data-reading commands on the resolved data source,
run as analysts run them, against a real SQLite file and a real PostgreSQL database."""

from __future__ import annotations

import os

import pytest
from test_cli import run
from test_interchange import _same_values

from launchwatch import loading, store

CNS = "tests/fixtures/imports/cns_utf8.csv"


def _env(db_url, **more):
    return {"LAUNCHWATCH_DB": db_url, "LAUNCHWATCH_DATA": "", **more}


def test_db_init_then_export_gives_back_the_bundled_dataset(db_url, tmp_path):
    r = run("db", "init", "--who", "ana", env=_env(db_url))
    assert r.returncode == 0, r.stderr
    assert "4 document(s), 23 event(s), 20 place(s), 122 claim(s)" in r.stdout and "attributed to ana" in r.stdout
    out = tmp_path / "out"
    r = run("db", "export", "-o", str(out), env=_env(db_url))
    assert r.returncode == 0, r.stderr
    assert run("validate", str(out)).returncode == 0
    _same_values(out, loading.BUNDLED_DATA)
    # and back: the export seeds another database, whose export is the same folder
    other = f"sqlite:///{tmp_path / 'other.db'}"
    assert run("db", "init", "--from", str(out), env=_env(other)).returncode == 0
    again = tmp_path / "again"
    assert run("db", "export", "-o", str(again), env=_env(other)).returncode == 0
    for name in ("documents.csv", "events.csv", "places.csv", "claims.csv", "aliases.csv", "reference_places.csv"):
        assert (out / name).read_bytes() == (again / name).read_bytes(), name


def test_db_init_refuses_a_database_that_holds_a_dataset_unless_forced(db_url):
    assert run("db", "init", env=_env(db_url)).returncode == 0
    r = run("db", "init", env=_env(db_url))
    assert r.returncode == 1
    assert "already holds a dataset: give --force" in r.stderr and "kept, whole, in its history" in r.stderr
    assert run("db", "init", "--force", env=_env(db_url)).returncode == 0
    assert len(store.Store.open(db_url).load().claims) == 122


def test_db_init_refuses_a_read_only_folder_source_and_says_why(tmp_path):
    r = run("db", "init", env={"LAUNCHWATCH_DATA": str(loading.BUNDLED_DATA)})
    assert r.returncode == 2
    assert "LAUNCHWATCH_DATA opens the folder data read-only" in r.stderr and "unset LAUNCHWATCH_DATA" in r.stderr


def test_db_init_from_a_folder_with_problems_writes_nothing(tmp_path):
    url = f"sqlite:///{tmp_path / 'ws.db'}"
    r = run("db", "init", "--from", str(tmp_path / "missing"), env=_env(url))
    assert r.returncode == 1
    assert "is not a folder" in r.stderr and "nothing was written" in r.stderr
    assert store.Store.open(url).is_empty()


@pytest.mark.parametrize("case", ["not empty", "folder is a link", "file is a link"])
def test_db_export_never_overwrites_unasked_nor_writes_through_a_link(tmp_path, case):
    url = f"sqlite:///{tmp_path / 'ws.db'}"
    target, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("analyst's file", encoding="utf-8")
    force = []
    if case == "not empty":
        target.mkdir()
        (target / "notes.txt").write_text("x", encoding="utf-8")
    elif case == "folder is a link":
        target.symlink_to(elsewhere)
    else:
        target.mkdir()
        (target / "claims.csv").symlink_to(elsewhere / "keep.txt")
        force = ["--force"]
    r = run("db", "export", "-o", str(target), *force, env=_env(url))
    assert r.returncode == 1
    assert "nothing was written" in r.stderr
    assert (elsewhere / "keep.txt").read_text(encoding="utf-8") == "analyst's file"
    assert not (target / "documents.csv").exists()


def test_import_into_the_workspace_is_one_attributed_change_and_never_doubled(db_url):
    env = _env(db_url)
    assert run("db", "init", env=env).returncode == 0
    before = store.Store.open(db_url)
    counter, claims = before.change_counter(), len(before.load().claims)
    r = run("import", "--from", "cns", CNS, "--into-db", "--who", "ana", env=env)
    assert r.returncode == 0, r.stderr
    assert "attributed to ana" in r.stdout
    ws = store.Store.open(db_url)
    added = len(ws.load().claims) - claims
    assert added > 0 and ws.change_counter() == counter + 1
    assert set(ws.history().query("change == @counter + 1").who) == {"ana"}
    r = run("import", "--from", "cns", CNS, "--into-db", env=env)
    assert r.returncode == 0 and "nothing new" in r.stdout
    assert len(ws.load().claims) - claims == added and ws.change_counter() == counter + 1


def test_data_commands_read_the_workspace_database(db_url, tmp_path):
    env = _env(db_url)
    assert run("db", "init", env=env).returncode == 0
    store.Store.open(db_url).retract_claim("ben", "C000-01", "misread")
    out = tmp_path / "claims.csv"
    assert run("export", "--format", "csv", "-o", str(out), env=env).returncode == 0
    text = out.read_text(encoding="utf-8")
    assert "C000-02" in text and "C000-01," not in text
    r = run("launch", env=env)
    assert r.returncode == 0 and "launch in focus: launch-2025-11-07" in r.stdout
    brief = tmp_path / "brief.html"
    r = run("brief", "-o", str(brief), env=env)
    assert r.returncode == 0, r.stderr
    assert "121 claims" in r.stdout


@pytest.mark.parametrize(
    "command", [(), ("export",), ("verdicts",), ("brief",), ("launch",), ("extract",), ("db", "init")]
)
def test_help_names_the_data_source_in_use_and_the_order(tmp_path, command):
    url = f"sqlite:///{tmp_path / 'team' / 'shared.db'}"
    r = run(*command, "--help", env=_env(url))
    assert r.returncode == 0
    flat = " ".join(r.stdout.split())
    assert "data: workspace database team/shared.db (SQLite, from LAUNCHWATCH_DB)" in flat
    assert "first match wins: LAUNCHWATCH_DATA" in flat
    assert str(tmp_path) not in flat
    r = run(*command, "--help", env={"LAUNCHWATCH_DATA": os.fspath(loading.BUNDLED_DATA)})
    assert "data: dataset folder data (read-only, from LAUNCHWATCH_DATA)" in " ".join(r.stdout.split())
