"""First paint of the map page against a one-figure Streamlit page, and a filter change to idle, in Chromium.

    python benchmarks/first_paint.py [--runs 7]

Starts the app and benchmarks/one_figure/app.py (one small offline geo figure) on free local ports,
then loads them alternately in fresh browser contexts of Debian's Chromium (1440x900). First paint: from
navigation start until the page's first plotly figure has drawn its points and the script is idle.
Filter change: on the map page, choosing report 001 in the sidebar until the script is idle again and
the map shows the new view. Prints medians and the ratio; docs/performance.md records a run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts"), str(ROOT / "tests")]

from conftest import CHROMIUM_FLAGS  # noqa: E402
from devserver import AppServer  # noqa: E402

IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
DRAWN = ".js-plotly-plot .scatterlayer path.point, .js-plotly-plot .scattergeo path.point"


def first_paint(browser, url: str) -> float:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    try:
        start = time.perf_counter()
        page.goto(url)
        page.wait_for_selector(DRAWN, timeout=60_000)
        page.wait_for_selector(IDLE, timeout=60_000)
        return time.perf_counter() - start
    finally:
        context.close()


def filter_change(browser, url: str) -> float:
    """Choosing report 001 in the sidebar, until the run is over and the map holds the filtered view."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    try:
        page.goto(url)
        page.wait_for_selector(DRAWN, timeout=60_000)
        page.wait_for_selector(IDLE, timeout=60_000)
        page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").first.click()
        page.keyboard.type("001")
        start = time.perf_counter()
        page.keyboard.press("Enter")
        page.wait_for_function(
            "() => { const gd = document.querySelector('.st-key-map-box .js-plotly-plot');"
            " return gd && gd.data.some(t => t.meta === 'origin-not-in-view'); }",
            timeout=60_000,
        )
        page.wait_for_selector(IDLE, timeout=60_000)
        return time.perf_counter() - start
    finally:
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    app, baseline = AppServer(), AppServer(root=ROOT / "benchmarks" / "one_figure")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_FLAGS)
            first_paint(browser, app.url)  # warm both servers: the dataset load and the first imports
            first_paint(browser, baseline.url)
            ours, theirs, changes = [], [], []
            for _ in range(args.runs):  # alternating, so a busy moment weighs on both
                ours.append(first_paint(browser, app.url))
                theirs.append(first_paint(browser, baseline.url))
                changes.append(filter_change(browser, app.url))
            browser.close()
    finally:
        app.stop()
        baseline.stop()
    mine, yard = statistics.median(ours), statistics.median(theirs)
    print(f"runs: {args.runs}, alternating; medians (min-max)")
    print(f"map page first paint:        {mine:.2f} s ({min(ours):.2f}-{max(ours):.2f})")
    print(f"one-figure page first paint: {yard:.2f} s ({min(theirs):.2f}-{max(theirs):.2f})")
    print(f"ratio:                       {mine / yard:.2f}x")
    print(f"filter change to idle:       {statistics.median(changes):.2f} s ({min(changes):.2f}-{max(changes):.2f})")


if __name__ == "__main__":
    main()
