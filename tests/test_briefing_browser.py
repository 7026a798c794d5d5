"""The briefing as a reader gets it: the HTML opened from disk with no network, and the PDF on paper."""

import datetime as dt
import shutil
import subprocess

import pytest
from needs import missing
from playwright.sync_api import expect
from test_briefing import HOSTILE_EVENT, LAUNCH, SCRIPT, hostile  # noqa: F401 (the hostile dataset fixture)

from launchwatch import exports, loading
from launchwatch.briefing import View, build, page, pdf

pytestmark = pytest.mark.browser


def test_html_opens_offline_with_its_figures_drawn_and_hostile_text_inert(browser, hostile, tmp_path):  # noqa: F811
    dataset, flat = hostile
    file = tmp_path / "briefing.html"
    file.write_text(
        page.render(build(View(dataset=dataset, claims=flat, launch=LAUNCH, selected=HOSTILE_EVENT, bearing=80.0))),
        encoding="utf-8",
    )
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    requested, problems, dialogs = [], [], []

    def only_the_file(route):
        if route.request.url == file.as_uri():
            route.continue_()
        else:
            requested.append(route.request.url)
            route.abort()

    context.route("**/*", only_the_file)
    p = context.new_page()
    p.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    p.on("pageerror", lambda e: problems.append(str(e)))
    p.on("console", lambda m: m.type == "error" and problems.append(m.text))
    try:
        p.goto(file.as_uri())
        for figure in ("#briefing-map", "#briefing-timeline"):
            expect(p.locator(f"{figure} .main-svg").first).to_be_visible(timeout=30_000)
            expect(p.locator(f"{figure} .modebar")).to_have_count(1)  # interactive: plotly's tools are there
        # Outlines, origin, rings, events: plotly draws a map's traces a moment after its frame, so wait.
        p.wait_for_function("() => document.querySelectorAll('#briefing-map g.trace.scattergeo').length > 5")
        p.wait_for_function("() => document.querySelectorAll('#briefing-timeline g.trace').length > 3")
        expect(p.locator("h1")).to_have_text(
            f"Briefing: {SCRIPT} Launch **bold** [click](http://hostile.invalid/"
            "phish) ![t](http://hostile.invalid/t.png)"
        )
        p.screenshot(path=str(tmp_path / "briefing.png"), full_page=False)
        assert p.evaluate("window.__pwned") is None
        assert p.locator("body img, body iframe").count() == 0
    finally:
        context.close()
    assert requested == [] and dialogs == [] and problems == []


def _pdftoppm() -> str:
    found = shutil.which("pdftoppm")
    if found is None:
        missing("pdftoppm is missing: scripts/test.sh installs Debian's poppler-utils", "PDF tests")
    return found


def test_pdf_renders_with_its_figures(chromium_path, output_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("LAUNCHWATCH_CHROMIUM", chromium_path)
    monkeypatch.setenv("LAUNCHWATCH_REPORTS", str(tmp_path))  # no reports: span references only
    dataset = loading.load()
    data = pdf.render(
        build(
            View(
                dataset=dataset,
                claims=exports.flat_claims(dataset),
                launch=LAUNCH,
                made_at=dt.datetime(2025, 11, 8, tzinfo=dt.UTC),
            )
        )
    )
    assert data.startswith(b"%PDF-")
    (tmp_path / "b.pdf").write_bytes(data)
    subprocess.run(
        [_pdftoppm(), "-r", "60", "-png", str(tmp_path / "b.pdf"), str(output_dir / "briefing-page")],
        check=True,
        timeout=120,
    )
    pages = sorted(output_dir.glob("briefing-page-*.png"))
    assert len(pages) >= 3
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "b.pdf"), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    for expected in (
        "Briefing: Ballistic missile launch toward the East Sea",
        "Key facts of the launch in focus",
        "Timeline",
        "What was derived",
        "characters",
    ):
        assert expected in text, expected
    from PIL import Image

    # The map's page holds the drawn map: many distinct colours, not a blank frame.
    colours = [len(Image.open(p).convert("RGB").getcolors(1 << 20) or ()) for p in pages]
    assert max(colours) > 200, colours
