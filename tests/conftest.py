"""Shared fixtures: the reports folder, a running app, and a Chromium page that may only talk to 127.0.0.1."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
from apprun import EXPECT_TIMEOUT, watch
from needs import missing

from launchwatch import chromium, loading

ROOT = Path(__file__).resolve().parent.parent
# The server harness is shared with the load test, which lives in scripts/; the browser tests import
# AppServer from here.
if str(ROOT / "scripts") not in sys.path:
    sys.path.insert(0, str(ROOT / "scripts"))
from devserver import AppServer  # noqa: E402

OUTPUT = ROOT / "test-output"
CHROMIUM_FLAGS = list(chromium.OFFLINE_FLAGS)
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


@pytest.fixture(scope="session")
def reports_dir() -> Path:
    """The source reports, found as the app finds them (loading.reports_dir)."""
    folder = loading.reports_dir()
    if folder is None:
        pytest.skip(
            "the source reports were not found (set LAUNCHWATCH_REPORTS to their folder; by default "
            "shared/seeds beside the repository): span checks against the text need them"
        )
    return folder


@pytest.fixture(scope="session")
def output_dir() -> Path:
    (OUTPUT / "screenshots").mkdir(parents=True, exist_ok=True)
    return OUTPUT


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = chromium.find()
    if path is None:
        missing("no Chromium at /usr/bin/chromium: install it with `apt-get install chromium`", "browser tests")
    return path


@pytest.fixture(scope="session")
def app_server(chromium_path):
    server = AppServer()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=EXPECT_TIMEOUT)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_FLAGS)
        yield b
        b.close()


class Guarded:
    """A page whose every request to a host other than this machine is blocked and recorded."""

    def __init__(self, page):
        self.page = page
        self.blocked: list[str] = []
        self.console_errors: list[str] = []
        page.route("**/*", self._route)
        page.on("websocket", self._websocket)
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        page.on("pageerror", lambda e: self.console_errors.append(str(e)))
        watch(page)

    def _route(self, route):
        host = urlparse(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def _websocket(self, ws):
        host = urlparse(ws.url).hostname or ""
        if host not in LOCAL_HOSTS:
            self.blocked.append(ws.url)


@pytest.fixture
def guarded(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, service_workers="block")
    page = context.new_page()
    g = Guarded(page)
    yield g
    context.close()


@pytest.fixture(scope="session", autouse=True)
def private_workspace(tmp_path_factory):
    """The app's default workspace database lives in a folder of the test run's own, never in the repository."""
    folder = tmp_path_factory.mktemp("workspace")
    old = os.environ.get("LAUNCHWATCH_WORKSPACE")
    os.environ["LAUNCHWATCH_WORKSPACE"] = str(folder)
    yield folder
    if old is None:
        os.environ.pop("LAUNCHWATCH_WORKSPACE", None)
    else:
        os.environ["LAUNCHWATCH_WORKSPACE"] = old


# ---------------------------------------------------------------- databases for the store's tests


@pytest.fixture(scope="session")
def pg_cluster():
    """A throwaway PostgreSQL cluster (see tests/pgcluster.py), or a skip saying how to install one."""
    import pgcluster

    if pgcluster.bindir() is None:
        missing("no PostgreSQL server programs: " + pgcluster.INSTALL_HINT, "PostgreSQL tests")
    cluster = pgcluster.Cluster().start()
    yield cluster
    cluster.destroy()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    """An empty database of each engine: an SQLite file, then a new database on the test cluster."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'workspace.db'}"
    return request.getfixturevalue("pg_cluster").new_database()
