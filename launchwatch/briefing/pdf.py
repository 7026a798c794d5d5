"""A briefing as PDF: the HTML page with static figures, printed by headless Chromium.

Why Chromium's own print-to-PDF: the figures are plotly's, and a browser is what draws them; printing
the page with Debian's Chromium gives the same figures as the HTML (as vector graphics, not
interactive), with one engine and no extra Python package. kaleido 1.x would also drive a Chromium,
but only for images of single figures, leaving the page itself still to be printed by something else.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from .. import chromium as chromium_browser
from . import page
from .content import Briefing

TIMEOUT_S = 60
# Offline and quiet as everywhere we run Chromium, plus what printing a page needs.
FLAGS = [
    "--headless",
    *chromium_browser.OFFLINE_FLAGS,
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
    """The Chromium that prints, if there is one (a deployment can turn PDF off: launchwatch.chromium)."""
    return chromium_browser.find()


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
