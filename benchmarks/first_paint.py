"""First paint of the map page against a one-figure Streamlit page, and a filter change to idle, in Chromium.

    python benchmarks/first_paint.py [--runs 7]

Starts the app and benchmarks/one_figure/app.py (one small offline geo figure) on free local ports,
then loads them alternately in fresh browser contexts of Debian's Chromium (1440x900). First paint: from
navigation start until the page's first plotly figure has drawn its points and the script is idle.
Filter change: on the map page, choosing report 001 in the sidebar until the script is idle again and
the map shows the new view. Beside the wall-clock time, which other work on a shared machine inflates,
each is measured in what it costs: the app server's CPU seconds, Chromium's main-thread script and
task seconds, the kilobytes received over HTTP and over the websocket, and the elements drawn. Prints
medians, the ratio and the load average; docs/performance.md records a run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts"), str(ROOT / "tests")]

from conftest import CHROMIUM_FLAGS  # noqa: E402
from devserver import AppServer, process_cpu_seconds  # noqa: E402

IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
DRAWN = ".js-plotly-plot .scatterlayer path.point, .js-plotly-plot .scattergeo path.point"
VIEWPORT = {"width": 1440, "height": 900}


class Run:
    """One page load in a fresh browser context, with what it cost beside the wall-clock time: the app
    server's CPU, the bytes the browser received (over HTTP: code, styles, fonts; over the websocket: the
    page's elements and figures), the browser's own main-thread time (Chromium's counters), and the
    elements drawn."""

    def __init__(self, browser, server: AppServer):
        self.server = server
        self.context = browser.new_context(viewport=VIEWPORT)
        self.page = self.context.new_page()
        self.cdp = self.context.new_cdp_session(self.page)
        self.cdp.send("Performance.enable")
        self.cdp.send("Network.enable")
        self.http_bytes = 0
        self.cdp.on("Network.loadingFinished", self._loaded)
        self.ws_bytes = 0
        self.page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _loaded(self, event) -> None:
        self.http_bytes += event.get("encodedDataLength", 0)

    def _frame(self, payload) -> None:
        self.ws_bytes += len(payload)

    def mark(self) -> dict:
        """The counters now, to be subtracted from those at the end of what is measured."""
        metrics = {m["name"]: m["value"] for m in self.cdp.send("Performance.getMetrics")["metrics"]}
        return {
            "t": time.perf_counter(),
            "server_cpu": process_cpu_seconds(self.server.proc.pid),
            "browser_cpu": sum(process_cpu_seconds(pid) for pid in chromium_pids()),
            "http_kb": self.http_bytes / 1024,
            "ws_kb": self.ws_bytes / 1024,
            "script_s": metrics.get("ScriptDuration", 0.0),
            "task_s": metrics.get("TaskDuration", 0.0),
        }

    def since(self, before: dict) -> dict:
        after = self.mark()
        out = {k: after[k] - before[k] for k in before if k != "t"}
        out["wall_s"] = after["t"] - before["t"]
        out["elements"] = self.page.locator("[data-testid='stElementContainer']").count()
        return out

    def close(self) -> None:
        self.context.close()


def chromium_pids() -> list[int]:
    """The Chromium processes this benchmark started (browser, renderers, GPU, network), found as this
    process's descendants by their executable; the app servers, Python, are not among them."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rpartition(")")[2].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, stack = [], [os.getpid()]
    while stack:
        for pid in children.get(stack.pop(), []):
            stack.append(pid)
            try:
                if "chrom" in os.readlink(f"/proc/{pid}/exe"):
                    found.append(pid)
            except OSError:
                continue
    return found


def first_paint(browser, server: AppServer) -> dict:
    run = Run(browser, server)
    try:
        before = run.mark()
        run.page.goto(server.url)
        run.page.wait_for_selector(DRAWN, timeout=60_000)
        run.page.wait_for_selector(IDLE, timeout=60_000)
        return run.since(before)
    finally:
        run.close()


def filter_change(browser, server: AppServer) -> dict:
    """Choosing report 001 in the sidebar, until the run is over and the map holds the filtered view."""
    run = Run(browser, server)
    page = run.page
    try:
        page.goto(server.url)
        page.wait_for_selector(DRAWN, timeout=60_000)
        page.wait_for_selector(IDLE, timeout=60_000)
        page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").first.click()
        page.keyboard.type("001")
        before = run.mark()
        page.keyboard.press("Enter")
        page.wait_for_function(
            "() => { const gd = document.querySelector('.st-key-map-box .js-plotly-plot');"
            " return gd && gd.data.some(t => t.meta === 'origin-not-in-view'); }",
            timeout=60_000,
        )
        page.wait_for_selector(IDLE, timeout=60_000)
        return run.since(before)
    finally:
        run.close()


COLUMNS = ("wall_s", "server_cpu", "browser_cpu", "script_s", "task_s", "http_kb", "ws_kb", "elements")


def table(rows: dict[str, list[dict]]) -> str:
    """Medians of each measure (wall-clock time with its min-max), one row per page and action."""
    lines = ["| measured | " + " | ".join(COLUMNS) + " |", "|---|" + "---:|" * len(COLUMNS)]
    for name, runs in rows.items():
        cells = []
        for c in COLUMNS:
            values = [r[c] for r in runs]
            med = statistics.median(values)
            cell = f"{med:,.0f}" if c in ("http_kb", "ws_kb", "elements") else f"{med:.2f}"
            if c == "wall_s":
                cell += f" ({min(values):.2f}-{max(values):.2f})"
            cells.append(cell)
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    app, baseline = AppServer(), AppServer(root=ROOT / "benchmarks" / "one_figure")
    load = [os.getloadavg()[0]]
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_FLAGS)
            first_paint(browser, app)  # warm both servers: the dataset load and the first imports
            first_paint(browser, baseline)
            rows: dict[str, list[dict]] = {"map page, first paint": [], "one-figure page, first paint": []}
            rows["map page, filter change"] = []
            for _ in range(args.runs):  # alternating, so a busy moment weighs on both
                rows["map page, first paint"].append(first_paint(browser, app))
                rows["one-figure page, first paint"].append(first_paint(browser, baseline))
                rows["map page, filter change"].append(filter_change(browser, app))
                load.append(os.getloadavg()[0])
            browser.close()
    finally:
        app.stop()
        baseline.stop()
    mine = statistics.median(r["wall_s"] for r in rows["map page, first paint"])
    yard = statistics.median(r["wall_s"] for r in rows["one-figure page, first paint"])
    print(f"runs: {args.runs}, alternating; medians; 1-minute load average {min(load):.1f}-{max(load):.1f}")
    print(table(rows))
    print(f"first paint ratio (map / one figure): {mine / yard:.2f}x")


if __name__ == "__main__":
    main()
