"""The "Add a report" page in a browser: a report it has never seen is proposed and shown as text."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
HOSTILE = (
    "PYONGYANG WATCH - North Korea fired a missile on Friday that flew about 640 km, officials said. "
    "<script>window.__pwned = 1</script> See [the map](http://example.invalid/x) and "
    "![pixel](http://example.invalid/p.png) **now**."
)


def wait_idle(page):
    page.wait_for_selector(IDLE, timeout=60_000)


def open_add_page(guarded, server):
    page = guarded.page
    page.goto(server.url)
    wait_idle(page)
    page.locator("[data-testid='stSidebarNav']").get_by_text("Add a report", exact=True).click()
    wait_idle(page)
    expect(page.get_by_role("heading", name="Add a report", exact=True)).to_be_visible(timeout=30_000)
    return page


def propose(page, text: str, day: str):
    box = page.get_by_role("textbox", name="Report text")
    box.fill(text)
    box.press("Control+Enter")
    wait_idle(page)
    date = page.locator(".st-key-intake_date input")
    date.fill(day)
    date.press("Enter")
    page.keyboard.press("Escape")
    wait_idle(page)
    page.get_by_role("button", name="Propose claims").click()
    wait_idle(page)


def test_report_text_with_script_and_markdown_links_is_shown_as_text(guarded, app_server):
    page = open_add_page(guarded, app_server)
    propose(page, HOSTILE, "2025-11-10")
    view = page.locator(".st-key-intake_text_view")
    expect(view).to_contain_text("<script>window.__pwned = 1</script>", timeout=30_000)
    # Read as the analyst reads it (escaping puts an invisible word joiner after "http:").
    shown = view.inner_text().replace("\u2060", "")
    assert "[the map](http://example.invalid/x)" in shown and "![pixel](http://example.invalid/p.png)" in shown
    assert "**now**" in shown
    assert view.locator("script, a, img").count() == 0
    assert page.evaluate("() => window.__pwned === undefined")
    # The proposal's passage is marked, and its row number shown beside it.
    expect(view.get_by_text(re.compile(r"^about 640 km$"))).to_be_visible()
    assert guarded.blocked == []


NEVER_SEEN = (
    "TOKYO (Test Wire) - North Korea's missile launch on Friday flew about 450 km, Japan's Ministry of "
    "Defense said on Monday, less than other estimates. The missile was fired toward the Sea of Japan."
)


@pytest.fixture(scope="module")
def own_server(chromium_path, tmp_path_factory):
    """An app of this test's own, on a workspace of its own: saving here changes no other test's data."""
    from conftest import AppServer

    server = AppServer(extra_env={"LAUNCHWATCH_WORKSPACE": str(tmp_path_factory.mktemp("intake-ws"))})
    yield server
    server.stop()


def test_a_report_never_seen_is_saved_and_its_claims_show_on_every_page(browser, own_server):
    from conftest import Guarded

    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    guarded = Guarded(context.new_page())
    page = open_add_page(guarded, own_server)
    propose(page, NEVER_SEEN, "2025-11-10")
    expect(page.locator(".st-key-intake_text_view")).to_contain_text("about 450 km", timeout=30_000)
    page.get_by_role("button", name="Save").click()
    wait_idle(page)
    expect(page.get_by_text(re.compile(r"Saved as change \d+"))).to_be_visible(timeout=30_000)
    nav = page.locator("[data-testid='stSidebarNav']")
    nav.get_by_text("Sources", exact=True).click()
    wait_idle(page)
    # The sources tables are canvas grids: their cells are read from the grid's accessible table.
    cells = page.locator("[data-testid='stMain'] [role='gridcell']")
    expect(cells.filter(has_text=re.compile(r"\b450 km")).first).to_be_attached(timeout=30_000)
    expect(cells.filter(has_text="Japan's Ministry of Defense").first).to_be_attached()
    nav.get_by_text("Data", exact=True).click()
    wait_idle(page)
    expect(page.get_by_text(re.compile(r"\d+ of \d+ claims"))).to_be_visible(timeout=30_000)
    assert guarded.blocked == []
    context.close()
