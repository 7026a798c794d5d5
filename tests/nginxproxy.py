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
import time
import urllib.error
import urllib.request
from pathlib import Path

from devserver import free_port
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
    """nginx in the foreground on a free port, with its files in `folder`; `url` is where it listens."""

    def __init__(self, folder: Path, app_ports: list[int], health_path: str = "/launchwatch/_stcore/health"):
        nginx = binary_or_skip()
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.folder = folder
        (folder / "launchwatch.conf").write_text(site_for(app_ports, self.port), encoding="utf-8")
        temp = "".join(
            f"{kind}_temp_path {folder}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        user = "user root;\n" if os.geteuid() == 0 else ""
        (folder / "nginx.conf").write_text(
            f"{user}daemon off;\nworker_processes 1;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log;\n"
            f"events {{}}\nhttp {{\naccess_log off;\n{temp}include {folder}/launchwatch.conf;\n}}\n",
            encoding="utf-8",
        )
        self.proc = subprocess.Popen(
            [nginx, "-p", str(folder), "-c", str(folder / "nginx.conf")],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        self._wait(health_path)

    def _wait(self, health_path: str) -> None:
        deadline = time.monotonic() + 30
        while True:  # nginx prints no "ready" line: poll its port (a bounded wait for a server, not a test's sleep)
            try:
                if get(self.url + health_path)[0] == 200:
                    return
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("nginx did not start:\n" + (self.folder / "error.log").read_text(errors="replace"))
            time.sleep(0.1)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=15)
