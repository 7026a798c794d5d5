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

from plotly.offline import get_plotlyjs

# Namespace names: identifiers the browser compares, never requests.
NAMESPACES = frozenset({
    "http://www.w3.org/1999/xhtml", "http://www.w3.org/1999/xlink", "http://www.w3.org/2000/svg",
    "http://www.w3.org/2000/xmlns/", "http://www.w3.org/XML/1998/namespace",
})
URL = re.compile(r"https?://[^\s\"'`<>()\\,;]+")


@functools.cache
def plotly_js() -> str:
    """The plotly.js bundle with every outside address emptied (namespace names kept)."""
    return URL.sub(lambda m: m.group(0) if m.group(0) in NAMESPACES else "", get_plotlyjs())


def outside_urls(text: str) -> list[str]:
    """The addresses in text other than namespace names: what a self-contained page must not hold."""
    return [u for u in URL.findall(text) if u not in NAMESPACES]
