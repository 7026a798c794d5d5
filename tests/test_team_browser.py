"""A team's deployment: two app servers behind the proxy (deploy/nginx.conf) on one PostgreSQL database.

A report saved by an analyst whose browser is on one server is seen by an analyst on the other server
on that session's next rerun, with no server restarted.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import nginxproxy
import pytest
from apprun import after_run, nav_to, wait_idle
from conftest import AppServer, Guarded
from nginxproxy import UPSTREAM_HEADER, get
from playwright.sync_api import expect
from test_browser_intake import NEVER_SEEN, open_add_page, propose
from test_proxy import ROUTE_COOKIE

from launchwatch import sources

pytestmark = pytest.mark.browser

COUNTS = re.compile(r"of (\d+) claims")


@pytest.fixture(scope="module")
def team(chromium_path, pg_cluster, tmp_path_factory):
    """Two app servers on one new PostgreSQL database (seeded once, as the first server would), behind nginx."""
    nginxproxy.binary_or_skip()
    url = pg_cluster.new_database()
    sources.open_store(sources.Source("database", url, "LAUNCHWATCH_DB")).engine.dispose()
    env = {"LAUNCHWATCH_DB": url}
    apps = [AppServer(extra_env=env, base_path="launchwatch")]
    try:
        apps.append(AppServer(extra_env=env, base_path="launchwatch"))
        proxy = nginxproxy.Proxy(tmp_path_factory.mktemp("team-nginx"), [a.port for a in apps])
    except BaseException:
        for app in apps:
            app.stop()
        raise
    yield proxy.url, apps, url
    proxy.stop()
    for app in apps:
        app.stop()


def _cookie_for(base: str, app: AppServer) -> str:
    """A routing cookie value that the proxy sends to this app server."""
    want = f"127.0.0.1:{app.port}"
    for n in range(200):
        value = f"analyst-{n}"
        headers = get(base + "/launchwatch/_stcore/health", {"Cookie": f"{ROUTE_COOKIE}={value}"})[1]
        if headers[UPSTREAM_HEADER] == want:
            return value
    raise AssertionError(f"no routing cookie of 200 tried reaches {want}")


def _browser_on(browser, base: str, app: AppServer) -> tuple[Guarded, object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    context.add_cookies([{"name": ROUTE_COOKIE, "value": _cookie_for(base, app), "url": base}])
    return Guarded(context.new_page()), context


def _claims_total(page) -> int:
    counts = page.get_by_text(COUNTS).first
    expect(counts).to_be_visible(timeout=30_000)
    return int(COUNTS.search(counts.inner_text()).group(1))


def test_a_report_saved_through_one_server_is_seen_through_the_other(browser, team):
    base, (server_a, server_b), url = team
    writer, writer_context = _browser_on(browser, base, server_a)
    reader, reader_context = _browser_on(browser, base, server_b)
    try:
        # The reader's session is open on server B before anything is saved.
        answer = reader.page.goto(base + "/launchwatch/")
        assert answer.headers[UPSTREAM_HEADER] == f"127.0.0.1:{server_b.port}"
        wait_idle(reader.page)
        before = _claims_total(reader.page)

        page = open_add_page(writer, SimpleNamespace(url=base + "/launchwatch"))
        propose(page, NEVER_SEEN, "2025-11-10")
        expect(page.locator(".st-key-intake_text_view")).to_contain_text("about 450 km", timeout=30_000)
        saved = page.get_by_text(re.compile(r"Saved as change \d+"))
        after_run(page, page.get_by_role("button", name="Save").click, saved)

        # The reader's next rerun (a page switch in the same session) shows it: no reload, no restart.
        nav_to(reader.page, "Sources")
        cells = reader.page.locator("[data-testid='stMain'] [role='gridcell']")
        expect(cells.filter(has_text=re.compile(r"\b450 km")).first).to_be_attached(timeout=30_000)
        expect(cells.filter(has_text="Japan's Ministry of Defense").first).to_be_attached()
        stored = sources.open_store(sources.Source("database", url, "LAUNCHWATCH_DB"), seed=False)
        assert _claims_total(reader.page) == len(stored.load().claims) > before
        stored.engine.dispose()
        assert server_a.proc.poll() is None and server_b.proc.poll() is None
        assert writer.blocked == [] and reader.blocked == []
    finally:
        writer_context.close()
        reader_context.close()
