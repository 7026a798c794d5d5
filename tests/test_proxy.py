"""The reverse proxy as configured in deploy/nginx.conf, in front of two app servers: security headers on
every answer, Streamlit's metrics endpoint not forwarded, each browser kept on one app server (its
pages, its websocket), and the app still whole in a browser under its Content-Security-Policy."""

from __future__ import annotations

import re
from pathlib import Path

import nginxproxy
import pytest
from apprun import nav_to, wait_idle
from conftest import AppServer, Guarded
from nginxproxy import UPSTREAM_HEADER, get
from playwright.sync_api import expect
from websockets.sync.client import connect

from launchwatch import loading

pytestmark = pytest.mark.browser  # starts servers: not in the quick suite

ROUTE_COOKIE = "launchwatch_route"


def _inline_script_hashes() -> list[str]:
    import base64
    import hashlib

    import streamlit

    index = (Path(streamlit.__file__).parent / "static" / "index.html").read_text(encoding="utf-8")
    bodies = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", index, re.S)
    return ["sha256-" + base64.b64encode(hashlib.sha256(b.encode()).digest()).decode() for b in bodies]


@pytest.fixture(scope="module")
def proxied(tmp_path_factory):
    nginxproxy.binary_or_skip()
    apps = [AppServer(base_path="launchwatch")]
    try:
        apps.append(AppServer(base_path="launchwatch"))
        proxy = nginxproxy.Proxy(tmp_path_factory.mktemp("nginx"), [a.port for a in apps])
    except BaseException:
        for app in apps:
            app.stop()
        raise
    yield proxy.url, apps
    proxy.stop()
    for app in apps:
        app.stop()


def _route_cookie(headers: dict) -> str | None:
    found = re.search(ROUTE_COOKIE + r"=([^;]+)", headers.get("set-cookie", ""))
    return found.group(1) if found else None


@pytest.mark.parametrize(
    "path",
    ["/launchwatch/", "/launchwatch/_stcore/health", "/launchwatch/timeline", "/launchwatch/_stcore/metrics", "/"],
)
def test_every_answer_carries_the_security_headers(proxied, path):
    base, _ = proxied
    status, headers, _ = get(base + path)
    assert status in (200, 302, 404)
    assert headers.get("x-frame-options") == "SAMEORIGIN"
    csp = headers.get("content-security-policy", "")
    directives = dict((d.split(" ", 1) + [""])[:2] for d in (x.strip() for x in csp.split(";")) if d)
    assert directives["frame-ancestors"] == "'self'"
    assert directives["default-src"] == "'self'"
    # No evaluated script, and no inline script but the one Streamlit's index.html holds, by its hash.
    assert directives["script-src"] == "'self' " + " ".join(f"'{h}'" for h in _inline_script_hashes())
    assert "*" not in csp and "http:" not in csp and "https:" not in csp
    assert headers.get("x-content-type-options") == "nosniff"


@pytest.mark.parametrize(
    "path",
    [
        "/launchwatch/_stcore/metrics",
        "/launchwatch/_stcore/metrics/",
        "/launchwatch/_stcore/%6Detrics",
        "/launchwatch/_stcore/metrics?families=x",
        "/_stcore/metrics",
    ],
)
def test_the_metrics_endpoint_is_not_forwarded(proxied, path):
    base, apps = proxied
    # The app itself answers it to anyone who reaches its port, which is why the proxy must not forward it.
    assert all(get(app.url + "/_stcore/metrics")[0] == 200 for app in apps)
    status, _, body = get(base + path)
    assert status == 404 and b"session" not in body


def test_the_app_works_through_the_proxy_under_its_policy(browser, proxied, output_dir):
    base, _ = proxied
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    try:
        g = Guarded(context.new_page())
        violations = []
        g.page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
        g.page.goto(base + "/launchwatch/")
        wait_idle(g.page)
        expect(g.page.get_by_text(re.compile(r"\d+ of \d+ events")).first).to_be_visible(timeout=30_000)
        expect(g.page.locator(".js-plotly-plot .main-svg").first).to_be_visible(timeout=30_000)
        # The map's figure is there too until the timeline's run replaces it: wait for that run first.
        nav_to(g.page, "Timeline")
        expect(g.page.locator(".js-plotly-plot .main-svg").first).to_be_visible(timeout=30_000)
        g.page.screenshot(path=str(output_dir / "screenshots" / "proxied-timeline.png"))
        assert violations == [], violations
        assert g.blocked == []
    finally:
        context.close()


def test_the_configuration_is_the_one_the_readme_points_to():
    readme = (loading.REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert "deploy/nginx.conf" in readme and nginxproxy.CONFIG.is_file()


def test_new_browsers_are_spread_over_the_app_servers(proxied):
    base, apps = proxied
    served = {get(base + "/launchwatch/")[1][UPSTREAM_HEADER] for _ in range(30)}
    # Each fresh browser is routed by a random id: 30 all on one of two servers would be a 1 in 2^29 chance.
    assert served == {f"127.0.0.1:{app.port}" for app in apps}


def _stream_upstream(base: str, cookie: str) -> str:
    """The upstream that answers the websocket handshake of a browser holding this routing cookie."""
    url = "ws://" + base.split("://", 1)[1] + "/launchwatch/_stcore/stream"
    with connect(url, subprotocols=["streamlit"], additional_headers={"Cookie": f"{ROUTE_COOKIE}={cookie}"}) as ws:
        return ws.response.headers[UPSTREAM_HEADER]


def test_one_browser_stays_on_one_app_server_pages_and_websocket(proxied):
    base, apps = proxied
    for _ in range(6):  # several fresh browsers, so both servers are somebody's
        status, headers, _ = get(base + "/launchwatch/")
        cookie, first = _route_cookie(headers), headers[UPSTREAM_HEADER]
        assert status == 200 and cookie, headers
        assert "HttpOnly" in headers["set-cookie"]
        sent = {"Cookie": f"{ROUTE_COOKIE}={cookie}"}
        for path in (
            "/launchwatch/",
            "/launchwatch/_stcore/health",
            "/launchwatch/_stcore/host-config",
            "/launchwatch/timeline",
        ):
            status, later, _ = get(base + path, sent)
            assert status == 200 and later[UPSTREAM_HEADER] == first, path
            assert ROUTE_COOKIE not in later.get("set-cookie", ""), "a browser that has its cookie keeps it"
        assert _stream_upstream(base, cookie) == first
