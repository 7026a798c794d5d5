"""What only a browser shows of the launch at first glance: the key facts card and the map on a desktop
and on a phone, evidence a click away, the timeline's zoom and clicks, choosing by name, and a
re-uploaded export. The pictures taken here are the ones committed to docs/ (after being looked at)."""

from __future__ import annotations

import re

import pytest
from apprun import IDLE, after_run, wait_idle
from conftest import Guarded
from playwright.sync_api import expect
from test_browser import D001, _click_point, _point_centre, counts, open_page, query

from launchwatch import exports, loading

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
PHONE_AGENT = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.0 Mobile/15E148 Safari/604.1"
)
CARD = ".st-key-key-facts"
MAP = ".st-key-map-box .js-plotly-plot"


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, user_agent=PHONE_AGENT, service_workers="block"
    )
    g = Guarded(context.new_page())
    yield g
    context.close()


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def test_desktop_key_facts_first_then_a_map_the_width_of_the_page(guarded, app_server, output_dir):
    page = guarded.page
    page.set_viewport_size(DESKTOP)
    open_page(guarded, app_server)
    card = page.locator(CARD)
    expect(card).to_be_visible()
    for fact in ("When:", "Time of day:", "How many:", "What:", "From:", "How far:", "Toward:", "Came down:"):
        expect(card.get_by_text(fact, exact=True)).to_be_visible()
    expect(card.get_by_text("agree within rounding")).to_be_visible()
    assert box(page, CARD)["y"] < 300  # it opens the page
    page.wait_for_selector(f"{MAP} .scattergeo path.point", timeout=30_000)
    main = box(page, "[data-testid='stMainBlockContainer']")
    chart = box(page, MAP)
    assert chart["width"] > 0.9 * (main["width"] - 64) and chart["height"] <= DESKTOP["height"]
    page.screenshot(path=str(output_dir / "screenshots" / "glance-desktop-top.png"))
    page.locator(MAP).scroll_into_view_if_needed()
    page.screenshot(path=str(output_dir / "screenshots" / "glance-desktop-map.png"))
    assert guarded.blocked == []


def test_phone_reads_the_card_and_the_map_with_the_sidebar_closed(phone, app_server, output_dir):
    page = open_page(phone, app_server)
    expect(page.locator("[data-testid='stSidebar']")).to_have_attribute("data-collapsed", "true")
    expect(page.locator("[data-testid='stSidebar']")).not_to_be_visible()
    card = page.locator(CARD)
    expect(card).to_be_visible()
    assert box(page, CARD)["x"] >= 0 and box(page, CARD)["width"] <= PHONE["width"]
    page.screenshot(path=str(output_dir / "screenshots" / "glance-phone-top.png"))
    page.wait_for_selector(f"{MAP} .scattergeo path.point", timeout=30_000)
    page.locator(MAP).scroll_into_view_if_needed()
    # Every label on the map lies inside the map: none is cut at an edge (Beijing was).
    frame = page.locator(f"{MAP} .geo .bg rect, {MAP} .geolayer .bg").first.bounding_box() or box(page, MAP)
    texts = page.locator(f"{MAP} .scattergeo text")
    assert texts.count() >= 5
    for i in range(texts.count()):
        t = texts.nth(i).bounding_box()
        if t and t["width"]:
            assert t["x"] >= frame["x"] - 1 and t["x"] + t["width"] <= frame["x"] + frame["width"] + 1, texts.nth(
                i
            ).text_content()
    assert page.locator(f"{MAP} .gtitle").count() == 0  # no chart title for the toolbar to cover
    page.screenshot(path=str(output_dir / "screenshots" / "glance-phone-map.png"))
    assert phone.blocked == []


def test_a_fact_opens_its_claims_and_evidence(guarded, app_server):
    page = open_page(guarded, app_server)
    page.locator(CARD).get_by_role("button", name=re.compile("How far:")).click()
    dialog = page.locator("[data-testid='stPopoverBody']")
    expect(dialog.get_by_text("the 4 claim(s) in view")).to_be_visible()
    expect(dialog.get_by_text(re.compile(r"roughly 435 mi")).first).to_be_visible()
    # The quoted text when the reports folder holds the report, else where it is.
    expect(dialog.get_by_text(re.compile(r"characters \d+–\d+")).first).to_be_visible()


def test_the_card_follows_the_filter_and_the_origin_is_said_not_given(guarded, app_server):
    page = open_page(guarded, app_server, query=f"doc={D001}")
    expect(page.locator(CARD).get_by_role("button", name=re.compile("From:"))).to_contain_text(
        "not in the selected reports"
    )
    expect(page.locator(CARD).get_by_role("button", name=re.compile("How far:"))).to_contain_text("not given")


def test_typing_a_report_number_and_enter_chooses_that_report_alone(guarded, app_server):
    page = open_page(guarded, app_server)
    box_ = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").first
    box_.click()
    page.keyboard.type("001")
    # Enter chooses the option highlighted first: only once the list has been narrowed to what was typed
    # is that the report typed (Enter pressed before chose nothing, and no run followed).
    expect(page.get_by_role("option").first).to_contain_text("001 ·")

    def choose():
        page.keyboard.press("Enter")
        page.keyboard.press("Escape")

    after_run(page, choose)
    expect(page).to_have_url(re.compile(f"doc={D001}"), timeout=30_000)
    assert query(page)["doc"] == [D001]
    expect(box_).to_contain_text("001 · launch, artillery fire and stalled talks")


def test_a_link_opened_again_in_the_same_tab_names_its_event_and_launch(guarded, app_server):
    link = "event=artillery-2025-11-03&launch=launch-2025-11-07"
    for _ in range(2):  # opened, then opened again in the same tab (the load test's "reopen")
        page = open_page(guarded, app_server, "timeline", link)
        # Expect waits for the boxes to be drawn: a busy browser draws the sidebar's lower widgets last.
        sidebar = page.locator("[data-testid='stSidebar']")
        expect(sidebar.locator(".st-key-event input")).to_have_value(
            "3 Nov 2025 · Artillery fire into the western waters (Monday)"
        )
        expect(sidebar.locator(".st-key-launch input")).to_have_value(re.compile("Ballistic missile launch"))
        assert query(page)["event"] == ["artillery-2025-11-03"] and query(page)["launch"] == ["launch-2025-11-07"]
    page.reload()
    wait_idle(page)
    expect(page.locator("[data-testid='stSidebar'] .st-key-event input")).to_have_value(re.compile("Artillery fire"))


def test_date_boxes_are_wide_enough_to_read(guarded, app_server):
    page = open_page(guarded, app_server)
    dates = page.locator("[data-testid='stSidebar'] [data-testid='stDateInput']")
    expect(dates).to_have_count(2)
    # The sidebar settles to its width after the page is idle (a loaded machine showed it mid-way): wait
    # for the boxes to be wide enough, and fail if they never are.
    page.wait_for_function(
        "() => [...document.querySelectorAll(\"[data-testid='stSidebar'] [data-testid='stDateInput']\")]"
        ".every(e => e.getBoundingClientRect().width >= 200)",
        timeout=30_000,
    )


def test_selected_event_claims_are_one_compact_table_with_evidence_on_demand(guarded, app_server):
    page = open_page(guarded, app_server, query="event=launch-2025-11-07")
    table = page.locator("[data-testid='stMain'] [data-testid='stDataFrame']").first
    expect(table).to_be_visible()
    assert table.bounding_box()["height"] <= 430
    height = page.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")
    assert height < 5000, height  # was 11,800 px with a card per claim
    # The first row's selection box, clicked once the table has stopped moving (Playwright waits for that).
    evidence = page.get_by_text(re.compile(r"characters \d+–\d+")).first
    after_run(page, lambda: table.click(position={"x": 12, "y": 35 + 18}), evidence)


def _x_range(page):
    return page.evaluate("() => document.querySelector('.js-plotly-plot')._fullLayout.xaxis.range.slice()")


def test_timeline_keeps_the_zoom_when_an_event_is_clicked(guarded, app_server):
    page = open_page(guarded, app_server, "timeline")
    page.wait_for_selector(".js-plotly-plot .scatterlayer path.point", timeout=30_000)
    # A drag on the chart, as a person zooms.
    page.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
    area = page.locator(".js-plotly-plot .nsewdrag").first.bounding_box()
    y = area["y"] + area["height"] * 0.5
    page.mouse.move(area["x"] + area["width"] * 0.4, y)
    page.mouse.down()
    page.mouse.move(area["x"] + area["width"] * 0.85, y, steps=8)
    page.mouse.up()
    page.wait_for_function(
        "() => document.querySelector('.js-plotly-plot')._fullLayout.xaxis.range[0] > '2025-10-25'", timeout=30_000
    )
    zoomed = _x_range(page)
    for event_id, title in (
        ("artillery-2025-11-03", "Artillery fire into the western waters (Monday)"),
        ("lee-xi-summit", "Lee–Xi summit in Gyeongju"),
    ):  # both inside the zoomed range
        _wait_for_a_new_click(page)
        _click_point(page, 0, event_id, produces=page.get_by_role("heading", name=title))
        expect(page).to_have_url(re.compile(f"event={event_id}"), timeout=30_000)
        assert [x[:10] for x in _x_range(page)] == [x[:10] for x in zoomed], event_id


def _wait_for_a_new_click(page):
    """A press within plotly's double-click delay of the previous press (the zoom's drag, or a click) is read
    as a double click, which resets the zoom by design and clears the selection. A person's next click on an
    event comes later: wait until plotly's click train is over, as it is for them."""
    page.wait_for_function(
        "() => { const gd = document.querySelector('.js-plotly-plot');"
        " return Date.now() - (gd._mouseDownTime || 0) > gd._context.doubleClickDelay; }",
        timeout=30_000,
    )


def _geo_view(page):
    """The map's zoom and pan as plotly holds them: the projection's scale and the centre."""
    return page.evaluate(
        "() => { const g = document.querySelector('.js-plotly-plot')._fullLayout.geo;"
        " return [g.projection.scale, g.center.lon, g.center.lat].map(v => Math.round(v * 1000) / 1000); }"
    )


@pytest.mark.parametrize("link", ["", "event=lee-xi-summit"])  # nothing selected yet; a selection from a link
def test_map_keeps_the_zoom_when_an_event_is_clicked(guarded, app_server, link):
    page = guarded.page
    page.set_viewport_size(DESKTOP)
    open_page(guarded, app_server, query=link)
    page.wait_for_selector(f"{MAP} .scattergeo path.point", timeout=30_000)
    opening = _geo_view(page)
    # The wheel over the artillery fire, as a person zooms in on Korea.
    at = _point_centre(page, 0, "artillery-2025-11-03")
    page.mouse.move(at["x"], at["y"])
    page.mouse.wheel(0, -400)
    page.wait_for_function(
        "s => document.querySelector('.js-plotly-plot').layout.geo.projection?.scale > s", arg=opening[0] * 1.2
    )
    zoomed = _geo_view(page)
    for event_id, title in (
        ("artillery-2025-11-03", "Artillery fire into the western waters (Monday)"),
        ("lee-xi-summit", "Lee–Xi summit in Gyeongju"),
    ):
        _wait_for_a_new_click(page)
        _click_point(page, 0, event_id, produces=page.get_by_role("heading", name=title))
        expect(page).to_have_url(re.compile(f"event={event_id}"), timeout=30_000)
        # The clicked marker is the map's selected point: plotly marks it a moment after the click's run.
        page.wait_for_function(
            """id => document.querySelector('.js-plotly-plot').data.filter(t => t.meta === 'events')
                .some(t => (t.selectedpoints || []).some(k => t.customdata[k] === id))""",
            arg=event_id,
        )
        assert _geo_view(page) == zoomed, event_id


def test_in_the_all_window_a_click_selects_the_event_under_the_pointer(guarded, app_server):
    page = open_page(guarded, app_server, "timeline", "window=all")
    page.wait_for_selector(".js-plotly-plot .scatterlayer path.point", timeout=30_000)
    _click_point(page, 0, "lee-xi-summit", produces=page.get_by_role("heading", name="Lee–Xi summit in Gyeongju"))
    expect(page).to_have_url(re.compile(r"event=lee-xi-summit"), timeout=30_000)


def test_three_weeks_after_all_shows_the_run_up_to_the_launch(guarded, app_server):
    page = open_page(guarded, app_server, "timeline", "window=all")
    after_run(page, lambda: page.locator("[data-testid='stButtonGroup'] button").filter(has_text="3 weeks").click())
    # The opening window is the default: the link no longer names a window.
    expect(page).not_to_have_url(re.compile(r"window="), timeout=30_000)
    page.wait_for_function(
        "() => document.querySelector('.js-plotly-plot')._fullLayout.xaxis.range[1].startsWith('2025-11-11')",
        timeout=30_000,
    )
    assert _x_range(page)[0].startswith("2025-10-18")


def test_reuploading_the_export_is_recognised_and_duplicates_nothing(guarded, app_server, tmp_path):
    dataset = loading.load(loading.data_dir())
    export = tmp_path / "launchwatch-claims.csv"
    export.write_bytes(exports.to_csv_bytes(exports.flat_claims(dataset)))
    page = open_page(guarded, app_server, "data")
    uploader = page.locator("[data-testid='stFileUploaderDropzoneInput']")
    known = page.get_by_text(re.compile(r"23 event\(s\) in this file are already shown"))
    after_run(page, lambda: uploader.set_input_files(str(export)), known)
    assert counts(page).startswith("23 of 23 events")
    both = page.get_by_text(re.compile(r"^46 of 46 events"))
    after_run(page, lambda: page.get_by_text("load beside them, renamed").click(), both)
    # No run follows on its own: the app stays idle with both copies shown.
    expect(page.locator(IDLE)).to_have_count(1)
