"""Debian's Chromium, found once and run offline: it prints the PDF briefing, and the browser tests and
the load test drive it.

Why these flags: the browser must reach nothing but the app (no background networking, component
updates, sync or QUIC probes), do no first-run work, and run as root in a container (no sandbox, no
/dev/shm).
"""

from __future__ import annotations

import os
import shutil

CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
OFFLINE_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--disable-dev-shm-usage",
)


def find() -> str | None:
    """$LAUNCHWATCH_CHROMIUM when set (set but empty turns Chromium off), else Debian's, else any on PATH."""
    if "LAUNCHWATCH_CHROMIUM" in os.environ:
        named = os.environ["LAUNCHWATCH_CHROMIUM"]
        return named if named and os.access(named, os.X_OK) else None
    for candidate in (*CANDIDATES, shutil.which("chromium")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None
