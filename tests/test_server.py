"""What any websocket client can do to the server, and what the server shows every viewer."""

from __future__ import annotations

import asyncio
import importlib.util
import shutil
import sys
import threading
import types

import pytest
from conftest import AppServer
from streamlit.runtime.app_session import AppSession
from streamlit.testing.v1 import AppTest

from launchwatch import loading, ui

TIMEOUT = 60


def _serverload():
    spec = importlib.util.spec_from_file_location(
        "launchwatch_serverload", loading.REPO_ROOT / "scripts" / "serverload.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    for name in ("documents.csv", "events.csv", "places.csv", "claims.csv"):
        shutil.copy(loading.BUNDLED_DATA / name, tmp_path / name)
    monkeypatch.setenv("LAUNCHWATCH_DATA", str(tmp_path))
    return tmp_path


def test_a_clear_cache_message_does_not_evict_the_dataset(data_copy):
    at = AppTest.from_file(str(loading.REPO_ROOT / "app.py"), default_timeout=TIMEOUT).run()
    assert not at.exception
    loads = ui.DATASETS.loads
    # What Streamlit runs when any client sends the clear-cache message: every st.cache_* emptied.
    AppSession._handle_clear_cache_request(types.SimpleNamespace(_session_state={}))
    at.run()
    assert not at.exception
    assert ui.DATASETS.loads == loads, "the dataset was read again after a client's cache clear"
    assert "23 of 23 events" in " ".join(m.value for m in at.markdown)


@pytest.mark.browser  # starts a server: not in the quick suite
def test_a_clear_cache_sent_over_the_websocket_does_not_reload_the_dataset(data_copy):
    serverload = _serverload()

    async def drive(url):
        sock = serverload.StreamlitSocket(url)
        await sock.connect()
        try:
            await sock.rerun("")
            await sock.clear_cache()
            _, messages = await sock.rerun("doc=001_1a0ad8e3a2be4f80")
            return serverload.counts_line(messages)
        finally:
            await sock.close()

    with AppServer(data_dir=data_copy) as server:
        outcome = {}
        worker = threading.Thread(target=lambda: outcome.update(line=asyncio.run(drive(server.url))))
        worker.start()
        worker.join()
        log = "".join(server.log)
    assert outcome["line"] and "of 23 events" in outcome["line"]
    assert log.count("Loaded dataset") == 1, log


@pytest.mark.browser  # starts a server: not in the quick suite
def test_the_server_load_driver_checks_every_rerun(capsys):
    # scripts/serverload.py at a size CI's two cores carry; the full size is in docs/loadtest.md.
    report = _serverload().main(["--sessions", "4", "--reruns", "3"])
    assert report.errors == [], report.errors
    assert len(report.reruns) == 12 and len(report.opens) == 4
    assert report.cpu_per_rerun > 0
    with capsys.disabled():
        print("\n" + report.summary())


@pytest.mark.browser  # starts servers: not in the quick suite
def test_sessions_shared_among_two_servers_each_see_their_own_filters():
    # Scaling out as the proxy does it: each session keeps to one server, and every answer is checked.
    report = _serverload().main(["--sessions", "4", "--reruns", "2", "--servers", "2"])
    assert report.errors == [], report.errors
    assert len(report.reruns) == 8 and report.cpu_per_rerun > 0
