"""A real nginx running deploy/nginx.conf as committed, in front of the app servers a test starts.

Only the listen address and the upstream servers' ports are changed, plus (for the tests alone) a
header naming the upstream that answered, so a test can see where each request went. Debian's `nginx`
package provides the program (scripts/test.sh installs it).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

from devserver import Output, free_port
from needs import missing

from launchwatch import loading

CONFIG = loading.REPO_ROOT / "deploy" / "nginx.conf"
UPSTREAM_HEADER = "x-test-upstream"


def binary() -> str | None:
    for candidate in (os.environ.get("LAUNCHWATCH_NGINX"), "/usr/sbin/nginx", shutil.which("nginx")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def binary_or_skip() -> str:
    nginx = binary()
    if nginx is None:
        missing("no nginx: install it with `apt-get install nginx` (scripts/test.sh does when it may)", "proxy tests")
    return nginx


def get(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    """(status, lower-cased headers, body); an HTTP error status is an answer, not an exception."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


def site_for(ports: list[int], listen: int) -> str:
    """deploy/nginx.conf with this test's ports: its upstream servers replaced by `ports`, in order."""
    site = CONFIG.read_text(encoding="utf-8")
    site = site.replace("listen 127.0.0.1:8080;", f"listen 127.0.0.1:{listen};")
    block = re.search(r"upstream launchwatch_app \{.*?\}", site, re.S)
    assert block, "deploy/nginx.conf has no `upstream launchwatch_app` block"
    servers = re.findall(r"^\s*server 127\.0\.0\.1:\d+;\n", block.group(0), re.M)
    upstream = block.group(0).replace("".join(servers), "".join(f"    server 127.0.0.1:{p};\n" for p in ports))
    site = site.replace(block.group(0), upstream)
    # Beside the committed headers (a server-level add_header, so none of them is dropped).
    return site.replace(
        "    add_header X-Frame-Options",
        f"    add_header {UPSTREAM_HEADER} $upstream_addr always;\n    add_header X-Frame-Options",
        1,
    )


class Proxy:
    """nginx in the foreground on a free port, with its files in `folder`; `url` is where it listens.

    Ready when made: the app servers behind it answer their own health URL first (nginx would answer
    502 for one still starting), then nginx's master says it has started its worker (it opens the
    listening socket before that, so a connection made from then on waits for the worker to take it),
    and one request through nginx reaches an app server."""

    def __init__(self, folder: Path, app_ports: list[int], health_path: str = "/launchwatch/_stcore/health"):
        nginx = binary_or_skip()
        for port in app_ports:
            _must_answer(f"http://127.0.0.1:{port}{health_path}", f"the app server on port {port}")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        (folder / "launchwatch.conf").write_text(site_for(app_ports, self.port), encoding="utf-8")
        temp = "".join(
            f"{kind}_temp_path {folder}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        user = "user root;\n" if os.geteuid() == 0 else ""
        # Notices too: the worker's start is one. On stderr, which `Output` reads as it comes.
        (folder / "nginx.conf").write_text(
            f"{user}daemon off;\nworker_processes 1;\npid {folder}/nginx.pid;\nerror_log stderr notice;\n"
            f"events {{}}\nhttp {{\naccess_log off;\n{temp}include {folder}/launchwatch.conf;\n}}\n",
            encoding="utf-8",
        )
        self.proc = subprocess.Popen(
            [nginx, "-e", "stderr", "-p", str(folder), "-c", str(folder / "nginx.conf")],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.output = Output(self.proc)
        try:
            self.output.wait_for("start worker process ", 30, "nginx")
            _must_answer(self.url + health_path, "nginx", self.output)
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=15)


def _must_answer(url: str, what: str, output: Output | None = None) -> None:
    status = get(url)[0]
    if status != 200:
        log = "".join(output.log) if output else ""
        raise RuntimeError(f"{what} answered {status} at {url}, not 200:\n{log}")
