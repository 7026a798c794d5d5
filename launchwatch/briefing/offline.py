"""plotly.js for a page that opens with no network: the bundle shipped with plotly, without the outside
addresses it holds.

The bundle names tile servers, font and style hosts and a CDN for features a briefing never uses
(tile maps, built-in geo outlines, "edit in Chart Studio"). None is fetched while those features stay
off, but a file handed to a reader should not name outside hosts at all. Each such address in a string
becomes empty, which leaves the code valid; the SVG and XML namespace names, which are identifiers
and never fetched, stay.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import urlparse

from plotly.offline import get_plotlyjs

# XML namespace names (SVG, XHTML, XLink, XMLNS): identifiers the browser compares, never requests. They
# are addresses on the W3C's host, where nothing else in the bundle points.
NAMESPACE_HOST = "www.w3.org"
URL = re.compile(r"https?://[^\s\"'`<>()\\,;]+")


@functools.cache
def plotly_js() -> str:
    """The plotly.js bundle with every outside address emptied (namespace names kept)."""
    return URL.sub(lambda m: m.group(0) if _namespace(m.group(0)) else "", get_plotlyjs())


def outside_urls(text: str) -> list[str]:
    """The addresses in text other than namespace names: what a self-contained page must not hold."""
    return [u for u in URL.findall(text) if not _namespace(u)]


def _namespace(url: str) -> bool:
    return url.startswith("http:") and urlparse(url).hostname == NAMESPACE_HOST
