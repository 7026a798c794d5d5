"""The server settings that keep the dashboard private: checked as committed."""

import tomllib

from launchwatch import loading

CONFIG = tomllib.loads((loading.REPO_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def test_nothing_is_sent_anywhere():
    assert CONFIG["browser"]["gatherUsageStats"] is False


def test_listens_on_this_machine_only_and_headless():
    assert CONFIG["server"]["address"] == "127.0.0.1"
    assert CONFIG["server"]["headless"] is True


def test_xsrf_protection_stays_on_and_viewers_see_no_stack_traces():
    assert CONFIG["server"]["enableXsrfProtection"] is True
    assert CONFIG["client"]["showErrorDetails"] == "none"


def test_upload_limit_and_its_wording_agree_with_the_server_and_the_readme():
    from launchwatch import ui

    # The browser refuses a file over maxUploadSize millions of bytes before sending it.
    assert CONFIG["server"]["maxUploadSize"] == ui.UPLOAD_LIMIT_MB
    assert CONFIG["server"]["maxUploadSize"] * 1_000_000 == ui.UPLOAD_LIMIT_BYTES
    assert ui.UPLOAD_LIMIT_TEXT == "50 MB (50,000,000 bytes)"
    readme = " ".join((loading.REPO_ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "limited to 50 MB (50,000,000 bytes" in readme
    assert "MiB" not in readme


def test_no_outside_address_in_the_code():
    import re

    code = [p for p in loading.REPO_ROOT.glob("launchwatch/**/*.py")] + [loading.REPO_ROOT / "app.py"]
    code += list(loading.REPO_ROOT.glob("pages/*.py"))
    for path in code:
        for url in re.findall(r"https?://[^\s\"')]+", path.read_text(encoding="utf-8")):
            assert url.startswith(("http://127.0.0.1", "http://localhost")), (path.name, url)


def test_no_source_files_watched_per_session():
    # Each new session walked every loaded module to watch it (docs/loadtest.md).
    assert CONFIG["server"]["fileWatcherType"] == "none"


def test_no_full_garbage_collection_after_every_run():
    # It took 40% of the server's CPU with 30 sessions (docs/loadtest.md).
    assert CONFIG["runner"]["postScriptGC"] is False
