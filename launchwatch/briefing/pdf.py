"""A briefing as PDF: the HTML page with static figures, printed by headless Chromium.

Why Chromium's own print-to-PDF: the figures are plotly's, and a browser is what draws them; printing
the page with Debian's Chromium gives the same figures as the HTML (as vector graphics, not
interactive), with one engine and no extra Python package. kaleido 1.x would also drive a Chromium,
but only for images of single figures, leaving the page itself still to be printed by something else.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from . import page
from .content import Briefing

CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
TIMEOUT_S = 60
# Offline and quiet: no network of its own, no first-run work, no crash reporting; as root it needs --no-sandbox.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--disable-extensions",
    "--no-pdf-header-footer",
    "--hide-scrollbars",
    "--virtual-time-budget=15000",
    "--run-all-compositor-stages-before-draw",
]
MISSING = (
    "PDF needs Chromium, which is not installed on this server (Debian's package `chromium`; "
    "scripts/run.sh installs it when run as root). Download the HTML briefing instead: it opens offline "
    "in any browser and prints from there."
)


class PdfUnavailable(RuntimeError):
    pass


def chromium() -> str | None:
    """The Chromium that prints, if there is one: $LAUNCHWATCH_CHROMIUM, else Debian's."""
    if "LAUNCHWATCH_CHROMIUM" in os.environ:  # set: that one or none (a deployment can turn PDF off)
        named = os.environ["LAUNCHWATCH_CHROMIUM"]
        return named if named and os.access(named, os.X_OK) else None
    for candidate in (*CANDIDATES, shutil.which("chromium")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def available() -> bool:
    return chromium() is not None


def html_to_pdf(html_text: str) -> bytes:
    """Print an HTML document to PDF with headless Chromium, with no network and a throwaway profile."""
    browser = chromium()
    if browser is None:
        raise PdfUnavailable(MISSING)
    with tempfile.TemporaryDirectory(prefix="launchwatch-pdf-") as tmp:
        source, target = Path(tmp) / "briefing.html", Path(tmp) / "briefing.pdf"
        source.write_text(html_text, encoding="utf-8")
        cmd = [browser, *FLAGS, f"--user-data-dir={tmp}/profile", f"--print-to-pdf={target}", source.as_uri()]
        done = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT_S, check=False)
        if not target.is_file() or target.stat().st_size == 0:
            tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
            raise PdfUnavailable(f"Chromium did not write the PDF (exit status {done.returncode}): {' / '.join(tail)}")
        return target.read_bytes()


def render(b: Briefing) -> bytes:
    """The briefing as PDF, figures as static images."""
    return html_to_pdf(page.render(b, static=True))
