"""Hostile text in a dataset is shown as text: nothing executes and nothing is fetched."""
import re
import shutil

import pandas as pd
import pytest
from conftest import AppServer, Guarded
from playwright.sync_api import expect

from launchwatch import loading

pytestmark = pytest.mark.browser

SCRIPT = "<script>window.__pwned = 1</script>"
IMG = '<img src="http://hostile.invalid/x.png" onerror="window.__pwned = 2">'
LINK = "[click me](http://hostile.invalid/phish)"
PICTURE = "![tracker](http://hostile.invalid/t.png)"
SVG = "<svg onload=window.__pwned=3>"
FORMULA = '=HYPERLINK("http://hostile.invalid","x")'
EVENT = "artillery-2025-11-03"


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
    claims = pd.read_csv(folder / "claims.csv", dtype=str, keep_default_na=False)
    first = claims.index[claims.event_id == EVENT][0]
    claims.loc[first, "originator"] = FORMULA
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
        g.page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)
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
