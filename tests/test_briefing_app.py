"""The sidebar's Briefing control on every page offers the current view as HTML and PDF."""

import pytest
from apptests import page
from streamlit.testing.v1 import AppTest

from launchwatch import briefing, periods

HTML, PDF = "Download HTML (opens offline)", "Download PDF (for print)"


def _offered(at: AppTest) -> list[str]:
    return [b.proto.label for b in at.sidebar.get("download_button")]


@pytest.mark.parametrize("path", ["pages/map.py", "pages/timeline.py", "pages/sources.py", "pages/data.py"])
def test_every_page_offers_the_briefing(path, monkeypatch):
    monkeypatch.setenv("LAUNCHWATCH_CHROMIUM", "/bin/true")  # a present, runnable Chromium as far as the app can tell
    at = page(path, doc="002_54364550e8723fb3")
    assert _offered(at) == [HTML, PDF]


def test_without_chromium_the_app_says_so_and_offers_the_html(monkeypatch):
    monkeypatch.setenv("LAUNCHWATCH_CHROMIUM", "/nonexistent/chromium")
    at = page("pages/map.py")
    assert _offered(at) == [HTML]
    assert any("PDF needs Chromium" in c.value for c in at.sidebar.caption)


def test_the_briefing_is_of_the_view_the_sidebar_holds():
    at = page("pages/timeline.py", doc="002_54364550e8723fb3", event="hegseth-visit-2025-11")
    view = at.session_state["_briefing_view"]
    b = briefing.build(view)
    assert b.filters_text == "report 002"
    visit = periods.label("2025-11-03", "day")
    assert ("Selected event", f"{visit} · visit · U.S. defense secretary's visit to South Korea") in b.focus
    assert b.link.endswith("?doc=002_54364550e8723fb3&launch=launch-2025-11-07&event=hegseth-visit-2025-11")
    assert b"report 002" in briefing.html_bytes(view)
