"""Which data the app and the commands use: first match wins, and the label says which."""

from __future__ import annotations

import pytest

from launchwatch import sources


@pytest.mark.parametrize(
    "env, secrets, kind, location, setting",
    [
        (
            {"LAUNCHWATCH_DATA": "/x/folder", "LAUNCHWATCH_DB": "sqlite:///a.db"},
            "url = 'postgresql+psycopg://u@h/d'",
            "folder",
            "/x/folder",
            "LAUNCHWATCH_DATA",
        ),
        (
            {"LAUNCHWATCH_DB": "sqlite:///a.db"},
            "url = 'postgresql+psycopg://u@h/d'",
            "database",
            "sqlite:///a.db",
            "LAUNCHWATCH_DB",
        ),
        (
            {},
            "url = 'postgresql+psycopg://u@h/d'",
            "database",
            "postgresql+psycopg://u@h/d",
            "[connections.launchwatch] in .streamlit/secrets.toml",
        ),
        (
            {},
            "dialect = 'postgresql'\nhost = 'db.internal'\nport = 5433\nusername = 'ana'\npassword = 's3cret'\n"
            "database = 'lw'",
            "database",
            "postgresql+psycopg://ana:s3cret@db.internal:5433/lw",
            "[connections.launchwatch] in .streamlit/secrets.toml",
        ),
        (
            {"LAUNCHWATCH_WORKSPACE": "/srv/ws"},
            None,
            "database",
            "sqlite:////srv/ws/launchwatch.db",
            "the default workspace",
        ),
    ],
)
def test_first_match_wins(tmp_path, env, secrets, kind, location, setting):
    files = []
    if secrets is not None:
        path = tmp_path / "secrets.toml"
        path.write_text("[connections.launchwatch]\n" + secrets + "\n")
        files = [path]
    source = sources.resolve(env, files)
    assert (source.kind, source.location, source.setting) == (kind, location, setting)


@pytest.mark.parametrize(
    "source, shown, hidden",
    [
        (
            sources.Source("database", "postgresql+psycopg://ana:s3cret@db.internal/lw", "LAUNCHWATCH_DB"),
            "postgresql+psycopg://ana@db.internal/lw",
            "s3cret",
        ),
        (
            sources.Source("database", "sqlite:////srv/private/ws/launchwatch.db", "the default workspace"),
            "workspace database ws/launchwatch.db (SQLite",
            "/srv/private",
        ),
        (sources.Source("folder", "/srv/private/data", "LAUNCHWATCH_DATA"), "dataset folder data (read-only", "/srv"),
    ],
)
def test_the_label_names_the_source_without_secrets_or_server_paths(source, shown, hidden):
    assert shown in source.label()
    assert hidden not in source.label()


def test_a_folder_source_refuses_writes_and_says_why():
    source = sources.Source("folder", "/srv/data", "LAUNCHWATCH_DATA")
    with pytest.raises(sources.ReadOnlySource, match="read-only.*unset LAUNCHWATCH_DATA"):
        sources.open_store(source)


def test_the_default_workspace_is_made_and_seeded_on_first_start(tmp_path):
    source = sources.resolve({"LAUNCHWATCH_WORKSPACE": str(tmp_path / "new")}, [])
    ws = sources.open_store(source)
    assert (tmp_path / "new" / "launchwatch.db").is_file()
    assert not ws.is_empty()
    counter = ws.change_counter()
    sources.open_store(source)  # a second start seeds nothing more
    assert ws.change_counter() == counter
