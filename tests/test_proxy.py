"""The reverse proxy as configured in deploy/nginx.conf: security headers on every answer, Streamlit's
metrics endpoint not forwarded, and the app still whole in a browser under its Content-Security-Policy."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import AppServer, Guarded
from devserver import free_port
from needs import missing
from playwright.sync_api import expect

from launchwatch import loading

pytestmark = pytest.mark.browser  # starts servers: not in the quick suite

CONFIG = loading.REPO_ROOT / "deploy" / "nginx.conf"


def _nginx() -> str | None:
    for candidate in (os.environ.get("LAUNCHWATCH_NGINX"), "/usr/sbin/nginx", shutil.which("nginx")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def _inline_script_hashes() -> list[str]:
    import base64
    import hashlib

    import streamlit

    index = (Path(streamlit.__file__).parent / "static" / "index.html").read_text(encoding="utf-8")
    bodies = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", index, re.S)
    return ["sha256-" + base64.b64encode(hashlib.sha256(b.encode()).digest()).decode() for b in bodies]


def _get(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


@pytest.fixture(scope="module")
def proxied(tmp_path_factory):
    nginx = _nginx()
    if nginx is None:
        missing("no nginx: install it with `apt-get install nginx` (scripts/test.sh does when it may)", "proxy tests")
    folder = tmp_path_factory.mktemp("nginx")
    port = free_port()
    app = AppServer(base_path="launchwatch")
    site = CONFIG.read_text(encoding="utf-8")
    # The configuration as committed, on this test's ports.
    site = site.replace("listen 127.0.0.1:8080;", f"listen 127.0.0.1:{port};")
    site = site.replace("proxy_pass http://127.0.0.1:8501;", f"proxy_pass http://127.0.0.1:{app.port};")
    (folder / "launchwatch.conf").write_text(site, encoding="utf-8")
    temp = "".join(
        f"{kind}_temp_path {folder}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user = "user root;\n" if os.geteuid() == 0 else ""
    (folder / "nginx.conf").write_text(
        f"{user}daemon off;\nworker_processes 1;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log;\n"
        f"events {{}}\nhttp {{\naccess_log off;\n{temp}include {folder}/launchwatch.conf;\n}}\n",
        encoding="utf-8",
    )
    proc = subprocess.Popen(
        [nginx, "-p", str(folder), "-c", str(folder / "nginx.conf")], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:  # nginx has no "ready" line: poll its port (not a sleep in a test: a bounded wait for a server)
        try:
            if _get(base + "/launchwatch/_stcore/health")[0] == 200:
                break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            app.stop()
            raise RuntimeError("nginx did not start:\n" + (folder / "error.log").read_text(errors="replace"))
        time.sleep(0.1)
    yield base, app
    proc.terminate()
    proc.wait(timeout=15)
    app.stop()


@pytest.mark.parametrize(
    "path",
    ["/launchwatch/", "/launchwatch/_stcore/health", "/launchwatch/timeline", "/launchwatch/_stcore/metrics", "/"],
)
def test_every_answer_carries_the_security_headers(proxied, path):
    base, _ = proxied
    status, headers, _ = _get(base + path)
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
    base, app = proxied
    # The app itself answers it to anyone who reaches its port, which is why the proxy must not forward it.
    assert _get(app.url + "/_stcore/metrics")[0] == 200
    status, _, body = _get(base + path)
    assert status == 404 and b"session" not in body


def test_the_app_works_through_the_proxy_under_its_policy(browser, proxied, output_dir):
    base, _ = proxied
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    try:
        g = Guarded(context.new_page())
        violations = []
        g.page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
        g.page.goto(base + "/launchwatch/")
        g.page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)
        expect(g.page.get_by_text(re.compile(r"\d+ of \d+ events")).first).to_be_visible(timeout=30_000)
        expect(g.page.locator(".js-plotly-plot .main-svg").first).to_be_visible(timeout=30_000)
        g.page.get_by_role("link", name="Timeline").click()
        g.page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)
        expect(g.page.locator(".js-plotly-plot .main-svg").first).to_be_visible(timeout=30_000)
        g.page.screenshot(path=str(output_dir / "screenshots" / "proxied-timeline.png"))
        assert violations == [], violations
        assert g.blocked == []
    finally:
        context.close()


def test_the_configuration_is_the_one_the_readme_points_to():
    readme = (loading.REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert "deploy/nginx.conf" in readme and Path(CONFIG).is_file()
