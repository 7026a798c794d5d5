"""Hostile text in a dataset is shown as text: nothing executes and nothing is fetched."""

import re
import shutil

import pandas as pd
import pytest
from apprun import wait_idle
from conftest import AppServer, Guarded
from playwright.sync_api import expect
from test_browser import _point_centre

from launchwatch import loading

pytestmark = pytest.mark.browser

SCRIPT = "<script>window.__pwned = 1</script>"
IMG = '<img src="http://hostile.invalid/x.png" onerror="window.__pwned = 2">'
LINK = "[click me](http://hostile.invalid/phish)"
PICTURE = "![tracker](http://hostile.invalid/t.png)"
SVG = "<svg onload=window.__pwned=3>"
FORMULA = '=HYPERLINK("http://hostile.invalid","x")'
EVENT = "artillery-2025-11-03"
# Bare addresses after a character that is not a word boundary, an address without scheme, a mail
# address, an emoji and an icon shortcode: each rendered as a link or a picture before the fix.
AUTOLINKS = "_https://hostile.invalid/a 1https://hostile.invalid/b _www.hostile.invalid someone@hostile.invalid"
SHORTCODES = ":rocket: :material/rocket_launch:"
TEMPLATE = "%{customdata} %{lat} %{text}"
# Markdown in the launch's title: the launch in focus box shows options as plain text, so it must show
# the title as written, with no backslash of an escape and no markup.
LAUNCH_TITLE = "Ballistic *missile* launch_toward [the East Sea](http://hostile.invalid/sea)"


@pytest.fixture(scope="module")
def hostile_server(chromium_path, tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    for name in ("documents.csv", "events.csv", "places.csv", "claims.csv"):
        shutil.copy(loading.BUNDLED_DATA / name, folder / name)

    def edit(file, key, cells):
        table = pd.read_csv(folder / file, dtype=str, keep_default_na=False)
        idx = table.index[table.iloc[:, 0] == key]
        for column, text in cells.items():
            table.loc[idx, column] = text
        table.to_csv(folder / file, index=False)

    edit("events.csv", EVENT, {"title": f"{SCRIPT} Artillery {LINK}", "description": f"{IMG} {PICTURE} fired"})
    edit("places.csv", "western-waters", {"name": f"{SVG} Western waters {PICTURE}"})
    edit("places.csv", "taekwan", {"name": f"Taegwan county (Taekwan) {TEMPLATE}"})
    edit("documents.csv", "001_1a0ad8e3a2be4f80", {"label": f"{PICTURE} {AUTOLINKS} {SHORTCODES}"})
    edit(
        "events.csv",
        "launch-2025-11-07",
        {"title": LAUNCH_TITLE, "description": f"Launch\n===\n- item {AUTOLINKS} {SHORTCODES}"},
    )
    claims = pd.read_csv(folder / "claims.csv", dtype=str, keep_default_na=False)
    first = claims.index[claims.event_id == EVENT][0]
    claims.loc[first, "originator"] = FORMULA
    claims.loc[claims.index[claims.event_id == EVENT][1], "originator"] = f"{AUTOLINKS} {SHORTCODES}"
    claims.loc[first, "claim"] = f"{LINK} {SCRIPT}"
    claims.to_csv(folder / "claims.csv", index=False)
    assert loading.validate(folder)[1] == []  # hostile, but valid data
    server = AppServer(data_dir=folder)
    yield server
    server.stop()


@pytest.mark.parametrize("path", ["", "timeline", "sources", "data"])
def test_hostile_text_is_inert_on_every_page(browser, hostile_server, output_dir, path):
    context = browser.new_context(viewport={"width": 1280, "height": 1200})
    try:
        g = Guarded(context.new_page())
        dialogs = []
        g.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        g.page.goto(f"{hostile_server.url}/{path}?event={EVENT}")
        wait_idle(g.page)
        expect(g.page.get_by_text(re.compile(r"\d+ of \d+ events")).first).to_be_visible(timeout=30_000)
        if path in ("", "timeline"):
            # The selected event's panel quotes the hostile title and claim as plain text.
            expect(g.page.get_by_text("<script>window.__pwned = 1</script>", exact=False).first).to_be_visible()
            # The address keeps an invisible word joiner after its scheme, which stops it becoming a link.
            link_text = re.compile(r"\[click me\]\(http:\u2060?//hostile\.invalid/phish\)")
            expect(g.page.get_by_text(link_text).first).to_be_visible()
            g.page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
        g.page.screenshot(path=str(output_dir / "screenshots" / f"hostile-{path or 'map'}.png"), full_page=True)
        assert g.page.evaluate("() => window.__pwned") is None
        assert g.page.locator("a[href*='hostile.invalid']").count() == 0
        assert g.page.locator("img[src*='hostile.invalid']").count() == 0
        assert dialogs == []
        assert g.blocked == []
    finally:
        context.close()


def test_hostile_formula_is_neutralised_in_the_download(hostile_server):
    from launchwatch import exports

    flat = exports.flat_claims(loading.load(hostile_server.data_dir))
    text = exports.to_csv_bytes(flat).decode("utf-8")
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text


def _no_markup_from_data(g) -> None:
    page = g.page
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("a[href*='hostile.invalid']").count() == 0
    assert page.locator("img[src*='hostile.invalid']").count() == 0
    assert g.blocked == []


def test_tooltips_option_labels_and_hover_text_stay_text(browser, hostile_server, output_dir):
    context = browser.new_context(viewport={"width": 1400, "height": 1200})
    try:
        g = Guarded(context.new_page())
        page = g.page
        page.goto(hostile_server.url + "/")
        wait_idle(page)
        expect(page.get_by_text(re.compile(r"\d+ of \d+ events")).first).to_be_visible(timeout=30_000)

        # The Reports filter: its help tooltip (hovered) and its options, which name the documents.
        reports = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").first
        reports.locator("[data-testid='stTooltipHoverTarget']").first.hover()
        tooltip = page.locator("[data-testid='stTooltipContent']").first
        expect(tooltip).to_be_visible()
        assert tooltip.locator("a, img").count() == 0
        page.mouse.move(5, 5)
        reports.click()
        page.keyboard.type("tracker")
        label = page.get_by_role("option", name=re.compile("tracker"))
        expect(label).to_be_visible()
        assert page.get_by_role("listbox").locator("a, img").count() == 0
        page.keyboard.press("Escape")

        # Option labels: the Originators list holds the hostile originator.
        originators = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").nth(1)
        originators.click()
        page.keyboard.type("hostile")  # the list is long and drawn lazily: narrow it to the one option
        option = page.get_by_role("option", name=re.compile("someone@"))
        expect(option).to_be_visible()
        assert f"{AUTOLINKS} {SHORTCODES}" in option.inner_text().replace("\u2060", "")
        page.keyboard.press("Escape")

        # The launch in focus: its box and its list show the title as written (options are plain text).
        launch = page.locator("[data-testid='stSidebar'] .st-key-launch [data-testid='stSelectbox']")
        # A busy browser draws the sidebar's lower widgets last: wait for the box to hold the title.
        expect(launch.locator("input")).to_have_value(re.compile(re.escape(LAUNCH_TITLE)))
        launch.click()
        expect(page.get_by_role("option", name=LAUNCH_TITLE, exact=False).first).to_be_visible()
        assert "\\" not in page.get_by_role("listbox").inner_text()
        assert page.get_by_role("listbox").locator("a, img, strong, em").count() == 0
        page.keyboard.press("Escape")

        # The launch's description: a line break before "===" or "- item" makes no heading and no list.
        panel = page.get_by_text("Launch === - item", exact=False).first
        expect(panel).to_be_visible()
        assert page.locator("[data-testid='stMain'] li", has_text="item").count() == 0

        # Hover the launch origin: its place name holds %{customdata} %{lat}, which must show as written.
        # Drawn greyed when no claim in view names the origin, with the same hover text.
        box = _point_centre(page, 0, "launch-2025-11-07", ["origin", "origin-not-in-view"])
        page.mouse.move(box["x"], box["y"])
        hover = page.locator(".js-plotly-plot .hoverlayer .hovertext").first
        expect(hover).to_contain_text("%{customdata} %{lat} %{text}")
        page.screenshot(path=str(output_dir / "screenshots" / "hostile-hover.png"))
        _no_markup_from_data(g)
    finally:
        context.close()
