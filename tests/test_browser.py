"""What only a browser shows: the map drawn, filters applied, the URL carrying the state, no request
leaving this machine. Chromium is Debian's; every request to another host is blocked and recorded."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from apprun import after_run, wait_idle
from conftest import Guarded
from playwright.sync_api import expect

from launchwatch import geodesy

pytestmark = pytest.mark.browser

D001 = "001_1a0ad8e3a2be4f80"
D003 = "003_e4aa5e055945f245"
PAGES = {"map": "Map", "timeline": "Timeline", "sources": "Sources", "data": "Data"}


def open_page(g, server, path="", query=""):
    g.page.goto(f"{server.url}/{path}{'?' + query if query else ''}")
    wait_idle(g.page)
    title = PAGES.get(path or "map")
    expect(g.page.get_by_role("heading", name=title, exact=True)).to_be_visible(timeout=30_000)
    expect(g.page.get_by_text(re.compile(r"\d+ of \d+ events"))).to_be_visible(timeout=30_000)
    return g.page


COUNTS = re.compile(r"\d+ of \d+ events")


def counts(page) -> str:
    return page.get_by_text(COUNTS).first.inner_text()


def nav_to(page, title: str) -> None:
    """Go to another page by the sidebar's link, and wait for that page's run to end."""
    heading = page.get_by_role("heading", name=title, exact=True)
    after_run(
        page, lambda: page.locator("[data-testid='stSidebarNav']").get_by_role("link", name=title).click(), heading
    )


HAS_TRACE = """([i, meta]) => { const gd = document.querySelectorAll('.js-plotly-plot')[i];
    return !!(gd && gd.data && gd.data.some(t => t.meta === meta)); }"""


def plot_data(page, index=0):
    """The figure as plotly.js holds it in the page (its traces' data)."""
    page.wait_for_function(
        "i => document.querySelectorAll('.js-plotly-plot')[i] && document.querySelectorAll('.js-plotly-plot')[i].data",
        arg=index,
        timeout=30_000,
    )
    return page.evaluate(
        "i => document.querySelectorAll('.js-plotly-plot')[i].data.map(t => "
        "({meta: t.meta || null, name: t.name || null, lat: t.lat ? Array.from(t.lat) : null, "
        "lon: t.lon ? Array.from(t.lon) : null, "
        "customdata: t.customdata ? Array.from(t.customdata) : null}))",
        index,
    )


def query(page) -> dict:
    return parse_qs(urlparse(page.url).query)


@pytest.mark.parametrize("path", ["", "timeline", "sources", "data"])
def test_no_request_leaves_the_machine_on_any_page(guarded, app_server, output_dir, path):
    page = open_page(guarded, app_server, path)
    # Widgets and tables render a moment after the script is idle: wait for them before the picture.
    expect(page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").first).to_be_visible()
    if path in ("", "timeline"):
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    else:
        expect(page.locator("[data-testid='stDataFrame']").first).to_be_visible(timeout=30_000)
    page.screenshot(path=str(output_dir / "screenshots" / f"{path or 'map'}.png"), full_page=True)
    assert guarded.blocked == [], guarded.blocked


def test_map_is_drawn_offline(guarded, app_server, output_dir):
    page = open_page(guarded, app_server)
    # Outlines are our own traces: their SVG paths must have real geometry, not be empty. Land or coastline,
    # borders, the range ring: at least three, waited for rather than counted the moment the first is drawn.
    page.wait_for_function(
        """() => Array.from(document.querySelectorAll('.js-plotly-plot .scattergeo path.js-line'))
                 .filter(p => (p.getAttribute('d') || '').length > 200).length >= 3""",
        timeout=30_000,
    )
    traces = plot_data(page)
    origin = [t for t in traces if t["meta"] == "origin"][0]
    assert (origin["lat"], origin["lon"]) == ([40.21], [125.2])
    assert page.locator(".js-plotly-plot .scattergeo path.point").count() > 0
    ring = [t for t in traces if t["meta"] == "range-ring"][0]
    for lat, lon in list(zip(ring["lat"], ring["lon"], strict=True))[::20]:
        assert geodesy.distance_km((40.21, 125.2), (lat, lon)) == pytest.approx(700, abs=0.05)
    assert "700 km" in page.locator(".js-plotly-plot .legend").first.text_content()
    page.screenshot(path=str(output_dir / "screenshots" / "map-page.png"))  # docs/map.png is taken from this
    assert guarded.blocked == []


def test_report_001_alone_draws_no_ring_and_says_why(guarded, app_server):
    page = open_page(guarded, app_server, query=f"doc={D001}")
    expect(page.get_by_text("No claim in the current selection gives a flight range")).to_be_visible()
    traces = plot_data(page)
    assert not [t for t in traces if t["meta"] == "range-ring"]
    # The launch is still there, from 001's claims; 001 does not name its origin, so it is greyed and said.
    assert [t for t in traces if t["meta"] == "origin-not-in-view"]
    assert not [t for t in traces if t["meta"] == "origin"]
    expect(page.get_by_text("No claim in the current selection names the launch origin")).to_be_visible()


def test_link_with_filters_opens_with_them_applied(guarded, app_server):
    page = open_page(guarded, app_server, "data", f"doc={D003}&type=missile_launch")
    text = counts(page)
    assert text.startswith("2 of 23 events"), text  # 7 Nov and 22 Oct launches, as report 003 tells them
    # The report is shown by its label, its id only in the URL.
    expect(page.locator("[data-testid='stSidebar']").get_by_text("003 · launch and reactions")).to_be_visible()
    expect(page.locator("[data-testid='stSidebar']").get_by_text(D003)).to_have_count(0)


def test_changing_a_filter_changes_the_url(guarded, app_server):
    page = open_page(guarded, app_server, "data")
    box = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").first
    box.click()

    def choose_001():
        page.get_by_role("option", name=re.compile("^001")).click()
        page.keyboard.press("Escape")

    filtered = page.get_by_text(re.compile(r"of 23 events and \d+ of 122 claims shown \(filtered\)"))
    after_run(page, choose_001, produces=filtered)
    expect(page).to_have_url(re.compile(r"doc=001_1a0ad8e3a2be4f80"), timeout=30_000)


def test_switching_pages_keeps_the_filters(guarded, app_server):
    page = open_page(guarded, app_server, "data", f"doc={D001}")
    # The widget must hold the link's value before we navigate, or there is nothing to carry over.
    expect(page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").first).to_contain_text(
        "001 · launch, artillery fire and stalled talks"
    )
    before = counts(page)
    nav_to(page, "Timeline")
    # The frontend writes bound widgets back into the new page's URL once it has rendered them.
    expect(page).to_have_url(re.compile(f"doc={D001}"), timeout=30_000)
    expect(page.get_by_text(COUNTS).first).to_have_text(before)


def test_unknown_link_value_is_ignored_with_a_notice(guarded, app_server):
    page = open_page(guarded, app_server, "", "doc=999-no-such-report&event=no-such-event")
    expect(page.get_by_text("'999-no-such-report', which this dataset does not have")).to_be_visible()
    assert counts(page).startswith("23 of 23 events")


# Where plotly drew an event's glyph on the screen (found through its customdata), once it has stayed put
# for two animation frames: the page may still be laying out (a chart above growing, a table drawn late),
# and a pointer sent to where the glyph was a moment ago misses it.
GLYPH_CENTRE = """([i, id, metas]) => {
    const centre = () => {
        const gd = document.querySelectorAll('.js-plotly-plot')[i];
        for (const [t, trace] of ((gd && gd.data) || []).entries()) {
            if (!metas.includes(trace.meta) || !trace.customdata) continue;
            const k = Array.from(trace.customdata).indexOf(id);
            if (k < 0) continue;
            const layer = Array.from(gd.querySelectorAll('g.trace')).filter(g => g.__data__ && g.__data__[0] &&
                g.__data__[0].trace && g.__data__[0].trace.index === t)[0];
            const p = layer && layer.querySelectorAll('path.point')[k];
            if (!p) return null;
            const r = p.getBoundingClientRect();
            return {x: r.x + r.width / 2, y: r.y + r.height / 2};
        }
        return null;
    };
    const box = centre(), seen = JSON.stringify([i, id, metas, box]);
    const steady = box && window.__glyphSeen === seen;
    window.__glyphSeen = seen;
    return steady ? box : null;
}"""
# True once plotly has taken the pointer to be over this event's glyph: a click then selects it.
HOVERING = """([i, id]) => (document.querySelectorAll('.js-plotly-plot')[i]._hoverdata || [])
    .some(p => p.customdata === id)"""


def _point_centre(page, chart_index: int, event_id: str, meta: str | list[str] = "events") -> dict:
    """Where the glyph of an event is, in a trace of this meta (or of any of these)."""
    page.locator(".js-plotly-plot").nth(chart_index).scroll_into_view_if_needed()
    metas = [meta] if isinstance(meta, str) else meta
    found = page.wait_for_function(GLYPH_CENTRE, arg=[chart_index, event_id, metas], polling="raf", timeout=30_000)
    return found.json_value()


def _click_point(page, chart_index: int, event_id: str, produces=None):
    """Click the marker that plotly drew for an event, and wait for the run the selection starts."""
    box = _point_centre(page, chart_index, event_id)
    page.mouse.move(box["x"], box["y"])
    # Plotly clicks what its hover found under the pointer: wait for the hover before pressing.
    page.wait_for_function(HOVERING, arg=[chart_index, event_id], timeout=30_000)

    def click():
        page.mouse.down()
        page.mouse.up()

    after_run(page, click, produces)


def test_an_event_dated_only_on_or_before_a_day_is_drawn_as_its_bound(guarded, app_server):
    """No bar, so no start date the reports do not give: a glyph at the bound, worded and explained."""
    page = open_page(guarded, app_server, "timeline")
    page.wait_for_selector(".js-plotly-plot .scatterlayer path.point", timeout=30_000)
    chart = page.locator(".js-plotly-plot").first
    expect(chart.locator(".annotation-text", has_text="on or before 7 Nov 2025")).to_have_count(3, timeout=30_000)
    traces = plot_data(page)
    before = {e for t in traces if t["meta"] == "event-before" for e in t["customdata"]}
    assert before == {"us-cyber-sanctions", "nk-sanctions-warning", "sk-intel-kim-trump-meeting"}
    assert not before & {e for t in traces if t["meta"] == "event-span" for e in t["customdata"]}
    box = _point_centre(page, 0, "us-cyber-sanctions", "event-before")
    page.mouse.move(box["x"], box["y"])
    hover = page.locator(".js-plotly-plot .hoverlayer .hovertext").first
    expect(hover).to_contain_text("on or before 7 Nov 2025", timeout=30_000)
    expect(hover).to_contain_text("Start not reported")


def test_selecting_on_the_timeline_selects_on_the_map(guarded, app_server):
    page = open_page(guarded, app_server, "timeline")
    page.wait_for_selector(".js-plotly-plot .scatterlayer path.point", timeout=30_000)
    title = page.get_by_role("heading", name="Artillery fire into the western waters (Monday)")
    _click_point(page, 0, "artillery-2025-11-03", produces=title)
    expect(page).to_have_url(re.compile(r"event=artillery-2025-11-03"), timeout=30_000)
    nav_to(page, "Map")
    expect(page).to_have_url(re.compile(r"event=artillery-2025-11-03"), timeout=30_000)
    expect(title).to_be_visible()
    # The map's figure may be drawn a moment after the run: wait for its selection before reading it.
    page.wait_for_function(HAS_TRACE, arg=[0, "selected"], timeout=30_000)
    traces = plot_data(page)
    assert [t for t in traces if t["meta"] == "selected"][0]["customdata"] == ["artillery-2025-11-03"]


FIXTURES = Path(__file__).resolve().parent / "fixtures" / "imports"


def _upload(page, path: Path, produces):
    """Give the page's uploader a file, and wait for the run that reads it."""
    box = page.locator("[data-testid='stFileUploaderDropzoneInput']")
    after_run(page, lambda: box.set_input_files(str(path)), produces)


def test_upload_adds_history_for_this_session_only(browser, guarded, app_server):
    page = open_page(guarded, app_server, "data")
    _upload(page, FIXTURES / "cns_utf8.csv", page.get_by_text(re.compile(r"^32 of 32 events")))
    expect(page.get_by_text("read 12, imported 9, rejected 3")).to_be_visible()
    # Another viewer, in another browser context, still sees the bundled reports alone.
    other = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        second = Guarded(other.new_page())
        open_page(second, app_server, "data")
        expect(second.page.get_by_text(re.compile(r"^23 of 23 events"))).to_be_visible()
        assert second.blocked == []
    finally:
        other.close()
    bundled = page.get_by_text(re.compile(r"^23 of 23 events"))
    after_run(page, lambda: page.get_by_role("button", name="Return to the bundled data").click(), bundled)
    assert guarded.blocked == []


def test_upload_can_replace_and_bad_files_are_refused(guarded, app_server):
    page = open_page(guarded, app_server, "data")
    after_run(page, lambda: page.get_by_text("instead of the bundled reports").click())
    _upload(page, FIXTURES / "acled_sample.csv", page.get_by_text(re.compile(r"^4 of 4 events")))
    bad = FIXTURES.parent / "broken" / "cns_wrong_header.csv"
    _upload(page, bad, page.locator("[data-testid='stAlertContentError']").first)
    expect(page.get_by_text(re.compile(r"^4 of 4 events"))).to_be_visible()  # the view is unchanged


def test_a_first_visitor_on_a_deep_link_gets_the_full_app(browser):
    """On a new server the pages/ folder would serve the page file alone: no sidebar, no data
    (see ui._hand_over_to_app)."""
    from conftest import AppServer

    server = AppServer()
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        g = Guarded(context.new_page())
        page = open_page(g, server, "sources", "type=missile_launch")
        assert urlparse(page.url).path == "/sources"
        expect(page.get_by_role("heading", name="Filters")).to_be_visible()
        expect(page.get_by_text(re.compile(r"^\d+ of \d+ events.*\(filtered\)"))).to_be_visible()
        assert g.blocked == []
    finally:
        context.close()
        server.stop()


def test_serves_under_a_reverse_proxy_base_path(browser, output_dir):
    from conftest import AppServer

    server = AppServer(base_path="launchwatch")
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        g = Guarded(context.new_page())
        page = open_page(g, server, "timeline")
        assert urlparse(page.url).path == "/launchwatch/timeline"
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
        assert g.blocked == []
    finally:
        context.close()
        server.stop()


def test_map_with_an_assumed_bearing_and_a_selection(guarded, app_server, output_dir):
    page = open_page(guarded, app_server, "", "bearing=95")
    traces = plot_data(page)
    end = [t for t in traces if t["meta"] == "assumed-end"][0]
    assert "ASSUMED" in end["name"] and "95°" in [t for t in traces if t["meta"] == "assumed-path"][0]["name"]
    assert geodesy.distance_km((40.21, 125.2), (end["lat"][0], end["lon"][0])) == pytest.approx(700, abs=0.1)
    assert [t for t in traces if t["meta"] == "landing-band"], "the landing band the claims allow is not drawn"
    page.wait_for_selector(".js-plotly-plot .scattergeo path.point", timeout=30_000)
    page.set_viewport_size({"width": 1280, "height": 900})
    # Committed as docs/map.png: no event is selected, so no report text is quoted in the picture.
    page.screenshot(path=str(output_dir / "screenshots" / "readme-map.png"))
    page = open_page(guarded, app_server, "", "event=launch-2025-11-07&bearing=95")
    expect(page.get_by_role("heading", name="Ballistic missile launch toward the East Sea")).to_be_visible()
    assert guarded.blocked == []


def test_clicking_an_event_on_the_map_shows_its_claims(guarded, app_server):
    page = open_page(guarded, app_server)
    page.wait_for_selector(".js-plotly-plot .scattergeo path.point", timeout=30_000)
    _click_point(page, 0, "lee-xi-summit", produces=page.get_by_role("heading", name="Lee–Xi summit in Gyeongju"))
    expect(page).to_have_url(re.compile(r"event=lee-xi-summit"), timeout=30_000)
    # Its claims: one compact table grouped by fact, the quoted evidence on demand.
    expect(page.locator("[data-testid='stMain'] [data-testid='stDataFrame']").last).to_be_visible()
    on_demand = re.compile(r"^Select rows \(the box at a row's left\) to read the quoted evidence")
    expect(page.get_by_text(on_demand)).to_be_visible()
