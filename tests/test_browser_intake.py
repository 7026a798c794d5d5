"""The "Add a report" page in a browser: a report it has never seen is proposed and shown as text."""

from __future__ import annotations

import re

import pytest
from apprun import after_run, nav_to, wait_idle
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

HOSTILE = (
    "PYONGYANG WATCH - North Korea fired a missile on Friday that flew about 640 km, officials said. "
    "<script>window.__pwned = 1</script> See [the map](http://example.invalid/x) and "
    "![pixel](http://example.invalid/p.png) **now**."
)


def open_add_page(guarded, server):
    page = guarded.page
    page.goto(server.url)
    wait_idle(page)
    nav_to(page, "Add a report")
    return page


def propose(page, text: str, day: str):
    box = page.get_by_role("textbox", name="Report text")
    box.fill(text)
    after_run(page, lambda: box.press("Control+Enter"))
    date = page.locator(".st-key-intake_date input")
    date.fill(day)

    def commit_date():
        date.press("Enter")
        page.keyboard.press("Escape")

    after_run(page, commit_date)
    propose = page.get_by_role("button", name="Propose claims")
    after_run(page, propose.click, page.locator(".st-key-intake_text_view"))


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
NEW_ORIGINATOR = "Japan's Joint Staff Office"
LAUNCH = "launch-2025-11-07"


@pytest.fixture(scope="module")
def own_server(chromium_path, tmp_path_factory):
    """An app of this test's own, on a workspace of its own: saving here changes no other test's data."""
    from conftest import AppServer

    folder = tmp_path_factory.mktemp("intake-ws")
    server = AppServer(extra_env={"LAUNCHWATCH_WORKSPACE": str(folder)})
    server.workspace = folder / "launchwatch.db"
    yield server
    server.stop()


def review_rows(text: str, day: str) -> list:
    """The review table's rows (proposals), in order, as the page proposes them from the bundled data."""
    import datetime as dt

    from launchwatch import loading
    from launchwatch.intake import extract
    from launchwatch.intake.reference import context

    proposals = extract(text, context(loading.load(), dt.date.fromisoformat(day))).proposals
    return proposals


def select_cell(page, row: int, column: str):
    """Select a cell of the review table: a click in its row, then the arrow keys to its column (the grid
    is a canvas, so cells are reached as a keyboard user reaches them)."""
    from launchwatch.intake import table as review_table

    grid = page.locator("[data-testid='stDataFrame']").first
    row_px = 35  # the grid's row height, header row included
    # A click on the grid waits (in Playwright) for the grid to be drawn and to have stopped moving.
    grid.click(position={"x": grid.bounding_box()["width"] / 2, "y": row_px * (row + 1) + row_px / 2})
    for _ in review_table.COLUMNS:
        page.keyboard.press("ArrowLeft")
    for _ in range(review_table.COLUMNS.index(column)):
        page.keyboard.press("ArrowRight")


NEXT_RENDER = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def edit_cell(page, row: int, column: str, old: str, new: str, produces):
    select_cell(page, row, column)
    page.keyboard.press("Enter")  # opens the cell's editor on its current text
    editor = page.locator("textarea").last
    expect(editor).to_be_focused()
    expect(editor).to_have_value(old)  # the editor is ready: what is typed now replaces the old text
    page.keyboard.press("Control+a")
    page.keyboard.type(new)
    expect(editor).to_have_value(new)
    # The grid's editor keeps what is typed in its own state, updated on the next render: Enter pressed
    # before that render commits the old text. Two animation frames later the render has happened.
    page.evaluate(NEXT_RENDER)
    after_run(page, lambda: page.keyboard.press("Enter"), produces)


# True once the timeline's figure holds, for the event drawn as a day marker, hover text with these words.
TIMELINE_HAS = """([id, wanted]) => {
        for (const gd of document.querySelectorAll('.js-plotly-plot'))
            for (const t of gd.data || [])
                if (t.meta === 'events') {
                    const i = Array.from(t.customdata).indexOf(id);
                    if (i >= 0 && String(t.text[i]).includes(wanted)) return String(t.text[i]);
                }
        return null;
    }"""


def test_a_report_never_seen_is_reviewed_saved_and_shown_on_every_page(browser, own_server):
    from conftest import Guarded

    from launchwatch import store

    proposals = review_rows(NEVER_SEEN, "2025-11-10")
    rows = [p.attribute for p in proposals]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    guarded = Guarded(context.new_page())
    page = open_add_page(guarded, own_server)
    propose(page, NEVER_SEEN, "2025-11-10")
    expect(page.locator(".st-key-intake_text_view")).to_contain_text("about 450 km", timeout=30_000)
    # The analyst's review: the range's originator retyped as a name the workspace does not know, and the
    # direction rejected.
    edited = rows.index("range")
    new_name = page.get_by_text(f"New originator '{NEW_ORIGINATOR}' stands for")
    edit_cell(page, edited, "originator", proposals[edited].originator, NEW_ORIGINATOR, new_name)
    select_cell(page, rows.index("direction"), "accept")
    accepted = page.get_by_text(f"{len(rows) - 1} claim(s) accepted, with 0 new event(s) and 1 new originator(s)")
    after_run(page, lambda: page.keyboard.press("Space"), accepted)
    saved = page.get_by_text(re.compile(r"Saved as change \d+: .* attributed to local"))
    after_run(page, page.get_by_role("button", name="Save").click, saved)
    expect(page.get_by_text(f"New in the alias table: {NEW_ORIGINATOR}")).to_be_visible()

    # What was stored: the edited claim carries the analyst's originator; the rejected one is not there.
    ws = store.Store.open(f"sqlite:///{own_server.workspace}")
    data = ws.load()
    doc = data.documents[data.documents.file_name == "the pasted text"].document_id.iloc[-1]
    mine = data.claims[data.claims.document_id == doc]
    assert set(mine.attribute) == set(rows) - {"direction"}
    range_claim = mine[mine.attribute == "range"].iloc[0]
    assert (range_claim.originator, range_claim.value, range_claim.unit) == (NEW_ORIGINATOR, "450", "km")
    assert NEW_ORIGINATOR in set(ws.aliases().alias)
    launch_claims = int((data.claims.event_id == LAUNCH).sum())

    nav_to(page, "Sources")
    # The sources tables are canvas grids: their cells are read from the grid's accessible table.
    cells = page.locator("[data-testid='stMain'] [role='gridcell']")
    expect(cells.filter(has_text=re.compile(r"\b450 km")).first).to_be_attached(timeout=30_000)
    expect(cells.filter(has_text=NEW_ORIGINATOR).first).to_be_attached()
    nav_to(page, "Map")
    # 450 km against the other reports' 700 km: the key facts say the sources conflict on the range.
    expect(page.get_by_text("Sources differ on: how far (conflict)", exact=False)).to_be_visible(timeout=30_000)
    nav_to(page, "Timeline")
    page.wait_for_function(TIMELINE_HAS, arg=[LAUNCH, f"{launch_claims} claim(s)"], timeout=30_000)
    nav_to(page, "Data")
    expect(page.get_by_text(re.compile(r"\d+ of \d+ claims"))).to_be_visible(timeout=30_000)
    assert guarded.blocked == []
    context.close()
