"""Many viewers at once: N concurrent browser sessions, each with its own filters, against one server.

    python scripts/loadtest.py --sessions 20 --duration 60

Starts `streamlit run app.py` on a free 127.0.0.1 port and one headless Chromium (Debian's; Playwright
never downloads one) with one browser context per session, so each is a separate Streamlit session.
One viewer opens the app first (a server that has been up a while; --cold skips that). Then every
session opens its own link (page, reports, event types, date, selected event, map bearing) at once
(or spread over --ramp seconds), and once all show theirs, each keeps changing its own state for
--duration seconds or --max-actions actions:

- editing its URL in place (history.pushState + popstate, as the back button does): the frontend
  reruns the same session with the new query parameters; this is the measured "rerun";
- now and then pressing the sidebar's reset button (a widget callback, also a rerun);
- now and then reopening a link from scratch (a new Streamlit session; measured apart as "load").

After every action the session waits for the server's end-of-run message and the app's script state
notRunning, then checks what the page shows against what this session's own state must give, computed
here with launchwatch.filters: the "N of 23 events and M of 120 claims" line, the page heading, the
selected event's name, the URL's query parameters, and on the map the assumed-bearing path and the
selected-event marker. A mismatch that another session's state would explain is reported as a leak
between sessions. Exception boxes, error alerts, JavaScript errors, timeouts and any request to a host
other than this machine (blocked) are errors too. A page change that leaves the address bar without
some of the session's parameters, while the page shows them, is a warning (docs/loadtest.md).

Latency is measured in the page's own clock, from the action to the moment the expected counts,
heading, caption and URL are on screen, so a busy driver process does not inflate it. The server's
memory is sampled from /proc (VmRSS) throughout and its VmHWM read at the end; the CPU time of the
server and of the browser while the sessions act shows which of them the machine's cores went to.
Exit status 1 if anything went wrong. `main()` returns the report (tests/test_load.py uses it).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlparse

ROOT = Path(__file__).resolve().parent.parent
# Run as `python scripts/loadtest.py` from any directory, or loaded from its file by the tests: the
# package and the server harness beside this file are found either way.
for folder in (ROOT, ROOT / "scripts"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import pandas as pd  # noqa: E402
from devserver import AppServer, process_cpu_seconds  # noqa: E402

from launchwatch import analysis, exports, figures, filters, loading, options  # noqa: E402
from launchwatch import chromium as chromium_browser  # noqa: E402

CHROMIUM_FLAGS = [
    *chromium_browser.OFFLINE_FLAGS,
    # Every session is a foreground viewer: none may be throttled for being one of many.
    "--disable-renderer-backgrounding",
    "--disable-background-timer-throttling",
    "--disable-backgrounding-occluded-windows",
]
SERVER_HOST = "127.0.0.1"  # the only host a session may reach
PAGES = {"map": "Map", "timeline": "Timeline", "sources": "Sources", "data": "Data"}
DOCUMENTS = ("000_b1a128df4d4dce34", "001_1a0ad8e3a2be4f80", "002_54364550e8723fb3", "003_e4aa5e055945f245")
# A run that ends is "settled" once it has stayed finished this long without showing the expected state:
# long enough for a second run (a deep link's first visit runs twice) and for plotly to draw. A slower
# machine gets longer (a quarter of the action's timeout): a wrong screen is still caught, only later.
SETTLE_MS = 5000

# Installed in every page before its scripts run. It counts finished script runs and remembers when
# the last one finished, so an action is known to have been answered by a run, not by the old screen.
PAGE_SCRIPT = r"""
(() => {
  const lw = window.__lw = {finished: 0, lastFinished: performance.now(), t0: 0, core: null, urls: []};
  // The server ends every script run with a ForwardMsg whose field 6 (script_finished) is a varint; a run
  // cut short for a newer one says 2 (FINISHED_EARLY_FOR_RERUN). Counting these on the socket tells that
  // the server answered an action even when the frontend folds "running" and "notRunning" into one render,
  // which it does when messages queue up under load.
  const scan = b => {
    let i = 0;
    const varint = () => {
      let x = 0, s = 0, c;
      do { c = b[i++]; x += (c & 0x7f) * 2 ** s; s += 7; } while (c & 0x80 && i < b.length);
      return x;
    };
    while (i < b.length) {
      const tag = varint(), wire = tag & 7, field = Math.floor(tag / 8);
      if (wire === 0) {
        const v = varint();
        if (field === 6 && v !== 2) { lw.finished++; lw.lastFinished = performance.now(); }
      }
      else if (wire === 2) { const n = varint(); i += n; }  // not `i += varint()`: that reads i first
      else if (wire === 1) i += 8;
      else if (wire === 5) i += 4;
      else return;
    }
  };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', e => { if (e.data instanceof ArrayBuffer) scan(new Uint8Array(e.data)); });
    }
  };
  for (const name of ['pushState', 'replaceState']) {
    const native = history[name].bind(history);
    history[name] = (state, title, url) => {
      lw.urls.push([Math.round(performance.now()), name, String(url)]);
      if (lw.urls.length > 8) lw.urls.shift();
      return native(state, title, url);
    };
  }
  window.__lwObserve = () => {
    const app = document.querySelector("[data-testid='stApp']");
    const main = document.querySelector("[data-testid='stMain']");
    const side = document.querySelector("[data-testid='stSidebar']");
    const all = (root, sel) => root ? Array.from(root.querySelectorAll(sel)) : [];
    const counts = all(main, "[data-testid='stMarkdownContainer']").map(e => e.innerText.trim())
      .filter(t => /^\d+ of \d+ events and \d+ of \d+ claims shown/.test(t));
    const h1 = main ? main.querySelector('h1') : null;
    // The selected event is the name ("date · title") in the sidebar's "Event" box, whose label is hidden:
    // the box is a search field holding the chosen name as its value.
    const eventBox = all(side, "[data-testid='stSelectbox']").find(b => {
      const label = b.querySelector("[data-testid='stWidgetLabel']");
      return label && label.textContent.trim() === 'Event';
    });
    const field = eventBox ? eventBox.querySelector('input') : null;
    const chosen = field ? field.value.trim() : '';
    const captions = chosen.includes(' · ') ? [chosen] : [];
    const params = {};
    for (const [k, v] of new URLSearchParams(location.search)) (params[k] = params[k] || []).push(v);
    const gd = main ? main.querySelector('.js-plotly-plot') : null;
    let plot = null;
    if (gd && gd.data) {
      const sel = gd.data.find(t => t.meta === 'selected');
      plot = {assumed: gd.data.filter(t => t.meta === 'assumed-path').map(t => t.name),
              selected: sel && sel.customdata ? Array.from(sel.customdata)[0] : null};
    }
    return {state: app ? app.getAttribute('data-test-script-state') : null,
            connection: app ? app.getAttribute('data-test-connection-state') : null,
            finished: lw.finished, counts, heading: h1 ? h1.innerText.trim() : null, captions, params, plot,
            eventBox: !!field,
            exceptions: all(document, "[data-testid='stException']").map(e => e.innerText.trim().slice(0, 300)),
            errors: all(document, "[data-testid='stAlertContentError']").map(e => e.innerText.trim().slice(0, 300)),
            dialogs: all(document, "[role='dialog']").map(e => e.innerText.trim().replace(/\s+/g, ' ').slice(0, 300)),
            path: location.pathname, urls: lw.urls, sinceAction: Math.round(performance.now() - lw.t0)};
  };
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  const sorted = o => Object.fromEntries(Object.keys(o).sort().map(k => [k, [...o[k]].sort()]));
  window.__lwProbe = exp => {
    const o = window.__lwObserve();
    if (o.state !== 'notRunning' || o.finished <= exp.finishedBefore) return null;
    const problems = [];
    if (o.exceptions.length) problems.push('exception: ' + o.exceptions.join(' | '));
    if (o.errors.length) problems.push('error alert: ' + o.errors.join(' | '));
    if (o.dialogs.length) problems.push('dialog: ' + o.dialogs.join(' | '));
    if (!same(o.counts, [exp.counts])) problems.push('counts');
    if (o.heading !== exp.heading) problems.push('heading');
    const warnings = [];
    // A busy browser draws a freshly opened page's elements a while after the script is idle, the
    // sidebar's lower widgets last: until the Event box is drawn there is nothing to judge yet (it was
    // once read as "the Event box is empty", see docs/loadtest.md).
    if (!o.eventBox) return null;
    if (!same(o.captions, exp.caption ? [exp.caption] : [])) problems.push('caption');
    const params = Object.assign({}, o.params);
    if (params.bearing) params.bearing = params.bearing.map(v => String(Math.round(parseFloat(v))));
    if (!same(sorted(params), sorted(exp.params))) {
      // A page change can leave the address bar without some of the session's parameters while the page
      // itself shows them (see docs/loadtest.md): a warning then, an error if anything else is wrong.
      const dropped = Object.keys(params).every(k => k in exp.params
                                                     && params[k].every(v => exp.params[k].includes(v)));
      (dropped && exp.pageChange ? warnings : problems).push(dropped ? 'url dropped parameters' : 'url');
    }
    // The rerun's answer is on screen once the server-made parts are right: that moment is the latency.
    // The figure is then checked too, but plotly may take a while longer to draw it on a busy machine.
    if (!problems.length && lw.core === null) lw.core = performance.now() - lw.t0;
    if (exp.plot && !problems.length && !same(o.plot, exp.plot)) {
      if (o.plot === null) return null;
      problems.push('plot');
    }
    if (!problems.length) return {ok: true, latency: lw.core, warnings, obs: o};
    // An exception or an error alert is final; a wrong screen gets time to become the right one.
    if (o.exceptions.length || o.errors.length || performance.now() - lw.lastFinished > exp.settleMs)
      return {ok: false, problems, obs: o};
    return null;
  };
})();
"""


@dataclass(frozen=True)
class ViewState:
    """What one session asks the app for: a page and the URL's parameters."""

    page: str = "map"
    docs: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    since: str | None = None
    event: str | None = None
    bearing: int | None = None  # map page only: the widget lives there

    def params(self) -> dict[str, list[str]]:
        p = {
            "doc": list(self.docs),
            "type": list(self.types),
            "since": [self.since] if self.since else [],
            "event": [self.event] if self.event else [],
            "bearing": [str(self.bearing)] if self.bearing is not None and self.page == "map" else [],
        }
        return {k: v for k, v in p.items() if v}

    def link(self) -> str:
        query = urlencode(self.params(), doseq=True)
        # The default page lives at /, as the app writes it in the address bar; /map opens a
        # "Page not found" dialog over it.
        return ("/" if self.page == "map" else f"/{self.page}") + (f"?{query}" if query else "")

    def reset(self) -> ViewState:
        return ViewState(page=self.page, bearing=self.bearing)


class Oracle:
    """What a state must show, computed from the bundled data with the app's own functions."""

    def __init__(self, data_dir: Path):
        self.dataset = loading.load(data_dir)
        self.flat = exports.flat_claims(self.dataset)
        self.event_ids = sorted(self.flat["event_id"].unique())
        self.event_types = sorted(self.flat["event_type"].unique())
        self.dates = sorted(self.flat["event_date"].unique())
        self.key_event = analysis.key_event_id(self.dataset.events)
        self.descriptions = dict(zip(self.dataset.events["event_id"], self.dataset.events["description"], strict=True))
        self._names = options.event_names(self.dataset.events)
        self._cache: dict[ViewState, dict] = {}

    def expect(self, s: ViewState) -> dict:
        if s in self._cache:
            return self._cache[s]
        state = filters.FilterState(
            documents=s.docs, event_types=s.types, since=pd.Timestamp(s.since).date() if s.since else None
        )
        view = filters.apply(self.flat, state)
        counts = (
            f"{view['event_id'].nunique()} of {self.flat['event_id'].nunique()} events and "
            f"{len(view)} of {len(self.flat)} claims shown" + ("" if state.is_default else " (filtered)")
        )
        plot = None
        if s.page == "map":
            fig = figures.map_figure(
                view,
                self.dataset.places,
                self.descriptions,
                self.key_event,
                assumed_bearing=s.bearing,
                selected_event=s.event,
            ).figure
            selected = [t for t in fig.data if t.meta == "selected"]
            plot = {
                "assumed": [t.name for t in fig.data if t.meta == "assumed-path"],
                "selected": list(selected[0].customdata)[0] if selected else None,
            }
        exp = {
            "counts": counts,
            "heading": PAGES[s.page],
            "params": s.params(),
            "plot": plot,
            "caption": self._names[s.event] if s.event else None,
        }
        self._cache[s] = exp
        return exp

    def random_state(self, rng: random.Random, page: str | None = None) -> ViewState:
        docs = tuple(sorted(rng.sample(DOCUMENTS, rng.choice([0, 0, 1, 1, 2, 3]))))
        types = tuple(sorted(rng.sample(self.event_types, rng.choice([0, 0, 1, 2]))))
        if types and rng.random() < 0.5 and "missile_launch" not in types:
            # Keep the launch in view half the time: only then are its range rings and a bearing drawn.
            types = tuple(sorted(types[1:] + ("missile_launch",)))
        page = page or rng.choice(list(PAGES))
        return ViewState(
            page=page,
            docs=docs,
            types=types,
            since=rng.choice(self.dates) if rng.random() < 0.2 else None,
            event=rng.choice(self.event_ids) if rng.random() < 0.7 else None,
            bearing=rng.randrange(0, 360) if page == "map" and rng.random() < 0.7 else None,
        )

    def next_state(self, rng: random.Random, s: ViewState) -> ViewState:
        """A change a viewer makes: one or two of page, reports, types, date, event, bearing."""
        for _ in range(20):
            n = self.random_state(rng)
            fields = rng.sample(["page", "docs", "types", "since", "event", "bearing"], rng.choice([1, 1, 2]))
            out = ViewState(**{f: getattr(n if f in fields else s, f) for f in ViewState.__dataclass_fields__})
            if out.page != "map":
                out = ViewState(out.page, out.docs, out.types, out.since, out.event, None)
            if out != s:
                return out
        return self.random_state(rng)


@dataclass
class SessionResult:
    index: int
    first_link: str
    actions: int = 0
    checks_passed: int = 0
    rerun_latencies: list[float] = field(default_factory=list)
    load_latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    error_kinds: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)  # mismatches another session's state explains
    blocked: list[str] = field(default_factory=list)
    requests: int = 0
    console_errors: int = 0
    console_samples: list[str] = field(default_factory=list)  # the first few, to tell noise from a fault


@dataclass
class Report:
    sessions: int
    duration_s: float
    results: list[SessionResult]
    memory_mb: dict[str, float]  # server: start, idle (just before the sessions), peak (sampled VmRSS), hwm (VmHWM)
    cpu_s: dict[str, float]  # during the sessions: server, browser (Chromium and Playwright's driver), script
    server_errors: list[str]
    warmed_up: bool = True
    arrival_s: float = 0.0  # from the sessions' start until every one showed its first link

    @property
    def actions(self) -> int:
        return sum(r.actions for r in self.results)

    @property
    def errors(self) -> list[str]:
        return [f"session {r.index}: {e}" for r in self.results for e in r.errors] + self.server_errors

    @property
    def error_kinds(self) -> dict[str, int]:
        kinds: dict[str, int] = {}
        for r in self.results:
            for k, n in r.error_kinds.items():
                kinds[k] = kinds.get(k, 0) + n
        if self.server_errors:
            kinds["server"] = len(self.server_errors)
        return kinds

    @property
    def rerun_latencies(self) -> list[float]:
        return sorted(x for r in self.results for x in r.rerun_latencies)

    @property
    def load_latencies(self) -> list[float]:
        return sorted(x for r in self.results for x in r.load_latencies)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rerun_latencies)

    def summary(self) -> str:
        def stats(xs):
            if not xs:
                return "none measured"
            return f"p50 {percentile(xs, 50):.2f} s, p95 {percentile(xs, 95):.2f} s, max {max(xs):.2f} s (n={len(xs)})"

        kinds = ", ".join(f"{k} {n}" for k, n in sorted(self.error_kinds.items()))
        cpu = self.cpu_s
        lines = [
            f"sessions: {self.sessions}, all showing their first link after {self.arrival_s:.0f} s, then "
            f"{self.duration_s:.0f} s of actions; actions: {self.actions}, "
            f"checks passed: {sum(r.checks_passed for r in self.results)}, errors: {len(self.errors)}"
            + (f" ({kinds})" if kinds else "")
            + ("" if self.warmed_up else ", cold server"),
            f"rerun latency: {stats(self.rerun_latencies)}",
            f"load latency (a link opened from scratch): {stats(self.load_latencies)}",
            f"server RSS: {self.memory_mb['start']:.0f} MB started, {self.memory_mb['idle']:.0f} MB just before the "
            f"sessions, peak {self.memory_mb['peak']:.0f} MB sampled, VmHWM {self.memory_mb['hwm']:.0f} MB",
            f"CPU while the sessions acted: server {cpu['server']:.0f} s, browser {cpu['browser']:.0f} s, this script "
            f"{cpu['script']:.0f} s, of {cpu['available']:.0f} s available ({os.cpu_count()} cores)",
            f"requests: {sum(r.requests for r in self.results)}, blocked (non-local): "
            f"{sum(len(r.blocked) for r in self.results)}, leaks between sessions: "
            f"{sum(len(r.foreign) for r in self.results)}, "
            f"console errors: {sum(r.console_errors for r in self.results)}",
        ]
        warnings = [f"session {r.index}: {w}" for r in self.results for w in r.warnings]
        if warnings:
            lines.append(
                f"warnings: {len(warnings)}: a page change left the address bar without some of the "
                "session's parameters, though the page showed the right view (see docs/loadtest.md)"
            )
            lines += [f"  WARNING {w}" for w in warnings[:5]]
        lines += [f"  ERROR {e}" for e in self.errors[:30]]
        if len(self.errors) > 30:
            lines.append(f"  ... and {len(self.errors) - 30} more")
        return "\n".join(lines)

    def to_json(self) -> dict:
        rerun, load = self.rerun_latencies, self.load_latencies
        return {
            "sessions": self.sessions,
            "arrival_s": self.arrival_s,
            "duration_s": self.duration_s,
            "actions": self.actions,
            "warmed_up": self.warmed_up,
            "errors": self.errors,
            "error_kinds": self.error_kinds,
            "warnings": [f"session {r.index}: {w}" for r in self.results for w in r.warnings],
            "rerun_s": {
                "p50": percentile(rerun, 50),
                "p95": percentile(rerun, 95),
                "max": max(rerun, default=None),
                "n": len(rerun),
            },
            "load_s": {
                "p50": percentile(load, 50),
                "p95": percentile(load, 95),
                "max": max(load, default=None),
                "n": len(load),
            },
            "server_memory_mb": self.memory_mb,
            "cpu_s": self.cpu_s,
            "results": [asdict(r) for r in self.results],
        }


def percentile(xs: list[float], q: float) -> float | None:
    """Nearest-rank percentile: a value that was actually measured."""
    if not xs:
        return None
    xs = sorted(xs)
    k = max(0, min(len(xs) - 1, int(-(-q * len(xs) // 100)) - 1))
    return xs[k]


def _process_table() -> dict[int, tuple[int, float]]:
    """pid -> (parent pid, CPU seconds so far) for every process this user can see."""
    table = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as f:
                fields = f.read().rpartition(")")[2].split()
            table[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / tick)
        except (OSError, ValueError, IndexError):
            continue
    return table


class BrowserCpu:
    """CPU used by this process's descendants other than the server: Chromium and Playwright's driver.

    Renderers come and go with the sessions' contexts, so each process's last reading is kept.
    """

    def __init__(self, exclude: int):
        self.exclude, self.start, self.last, self.marked = exclude, {}, {}, False

    def sample(self) -> None:
        table = _process_table()
        children: dict[int, list[int]] = {}
        for pid, (ppid, _) in table.items():
            children.setdefault(ppid, []).append(pid)
        stack = [p for p in children.get(os.getpid(), []) if p != self.exclude]
        while stack:
            pid = stack.pop()
            self.last[pid] = table[pid][1]
            stack.extend(children.get(pid, []))

    def mark(self) -> None:
        """Count from now: processes alive now from their present reading, later ones from their start."""
        self.sample()
        self.start, self.marked = dict(self.last), True

    def seconds(self) -> float:
        return sum(cpu - self.start.get(pid, 0.0) for pid, cpu in self.last.items()) if self.marked else 0.0


class Session:
    def __init__(
        self,
        index: int,
        browser,
        base_url: str,
        oracle: Oracle,
        shared: dict[int, dict],
        seed: int,
        action_timeout: float,
        think: float,
    ):
        self.index, self.browser, self.base_url, self.oracle = index, browser, base_url, oracle
        self.shared = shared  # every session's current expectation, to tell a leak from a plain wrong screen
        self.rng = random.Random(seed * 1000 + index)
        self.timeout_ms = action_timeout * 1000
        self.settle_ms = max(SETTLE_MS, self.timeout_ms / 4)
        self.think = think
        # Sessions start on different pages so every page is under load from the first second.
        self.state = self.previous = oracle.random_state(self.rng, page=list(PAGES)[index % len(PAGES)])
        self.result = SessionResult(index, self.state.link())

    async def _route(self, route):
        url = route.request.url
        if url.startswith(("data:", "blob:")) or urlparse(url).hostname == SERVER_HOST:
            self.result.requests += 1
            await route.continue_()
            return
        self.result.blocked.append(url)
        self.error("blocked", f"blocked a request to another host: {url}")
        await route.abort()

    async def _foreign_websocket(self, ws):
        # Not connected to its server: a socket routed here without connect_to_server() goes nowhere.
        self.result.blocked.append(ws.url)
        self.error("blocked", f"blocked a websocket to another host: {ws.url}")
        await ws.close()

    async def run(self, window: Window, max_actions: int, delay: float = 0.0) -> SessionResult:
        context = self.page = None
        try:
            try:
                if delay:
                    await asyncio.sleep(delay)
                context = await self.browser.new_context(
                    viewport={"width": 1280, "height": 800}, service_workers="block"
                )
                await context.route("**/*", self._route)
                await context.route_web_socket(
                    lambda url: urlparse(url).hostname != SERVER_HOST, self._foreign_websocket
                )
                await context.add_init_script(PAGE_SCRIPT)
                self.page = await context.new_page()
                self.page.on("pageerror", lambda e: self.error("javascript", f"JavaScript error: {e}"))
                self.page.on("console", self._console)
                await self._open(self.state)
            except Exception as exc:  # noqa: BLE001
                self.error("stopped", f"session could not start: {_exc(exc)}")
            # Reached whatever happened above, so that no session holds the others up.
            deadline = await window.wait()
            if self.page is None or self.page.is_closed():
                return self.result
            while time.monotonic() < deadline and self.result.actions < max_actions:
                if self.think:
                    await asyncio.sleep(self.rng.uniform(0, 2 * self.think))
                    if time.monotonic() >= deadline:
                        break
                roll = self.rng.random()
                try:
                    if roll < 0.08:
                        await self._open(self.oracle.next_state(self.rng, self.state))
                    elif roll < 0.16 and self.state.reset() != self.state:
                        await self._reset()
                    else:
                        await self._edit_url(self.oracle.next_state(self.rng, self.state))
                except Exception as exc:  # noqa: BLE001 - a failed action is a finding; the session goes on
                    self.error("action", f"{self.state.link()} (from {self.previous.link()}): {_exc(exc)}")
                    if self.page.is_closed():
                        break
        except Exception as exc:  # noqa: BLE001 - a crashed session is a finding, not a crash of the test
            self.error("stopped", f"session stopped: {_exc(exc)}")
        finally:
            if context is not None:
                await context.close()
        return self.result

    def _console(self, msg):
        if msg.type == "error":
            self.result.console_errors += 1
            if len(self.result.console_samples) < 5:
                self.result.console_samples.append(msg.text[:300])

    async def _open(self, target: ViewState) -> None:
        self._begin(target)
        try:
            await self.page.goto(self.base_url + target.link(), timeout=self.timeout_ms)
        except Exception as exc:  # noqa: BLE001
            self.error("timeout", f"opening {target.link()}: {_exc(exc)}")
            return
        await self._check(target, finished_before=0, kind="load")

    async def _edit_url(self, target: ViewState) -> None:
        self._begin(target)
        before = await self.page.evaluate(
            """link => { const lw = window.__lw; lw.t0 = performance.now(); lw.core = null;
                         history.pushState(null, '', link); dispatchEvent(new PopStateEvent('popstate'));
                         return lw.finished; }""",
            target.link(),
        )
        await self._check(target, finished_before=before, kind="rerun")

    async def _reset(self) -> None:
        target = self.state.reset()
        self._begin(target)
        sidebar = self.page.locator("[data-testid='stSidebar']")
        button = sidebar.get_by_role("button", name="Reset filters and selection")
        await button.wait_for(timeout=self.timeout_ms)
        before = await self.page.evaluate(
            "() => { const lw = window.__lw; lw.t0 = performance.now(); lw.core = null; return lw.finished; }"
        )
        await button.click(timeout=self.timeout_ms)
        await self._check(target, finished_before=before, kind="rerun")

    def _begin(self, target: ViewState) -> None:
        self.result.actions += 1
        self.previous, self.state = self.state, target
        self.shared[self.index] = self.oracle.expect(target)

    async def _check(self, target: ViewState, finished_before: int, kind: str) -> None:
        exp = {
            **self.oracle.expect(target),
            "finishedBefore": finished_before,
            "settleMs": self.settle_ms,
            "pageChange": kind == "rerun" and target.page != self.previous.page,
            "kind": kind,
        }
        try:
            handle = await self.page.wait_for_function(
                "exp => window.__lwProbe(exp)", arg=exp, polling="raf", timeout=self.timeout_ms
            )
            answer = await handle.json_value()
        except Exception as exc:  # noqa: BLE001
            try:
                obs = await self.page.evaluate("() => window.__lwObserve ? window.__lwObserve() : null")
            except Exception:  # noqa: BLE001
                obs = None
            self.error(
                "timeout",
                f"{kind} {target.link()} (from {self.previous.link()}): no answer in "
                f"{self.timeout_ms / 1000:g} s ({type(exc).__name__}); expected "
                f"{exp['counts']!r}; page showed {_brief(obs)}",
            )
            return
        if answer["ok"]:
            self.result.checks_passed += 1
            for w in answer["warnings"]:
                self.result.warnings.append(
                    f"{kind} {target.link()} (from {self.previous.link()}): {w}; "
                    f"the address bar showed {answer['obs']['params']}"
                )
            latencies = self.result.rerun_latencies if kind == "rerun" else self.result.load_latencies
            latencies.append(answer["latency"] / 1000)
            return
        obs = answer["obs"]
        message = (
            f"{kind} {target.link()} (from {self.previous.link()}): wrong {', '.join(answer['problems'])}; "
            f"expected {exp['counts']!r}"
        )
        if exp["caption"]:
            message += f" / {exp['caption']!r}"
        message += f"; page showed {_brief(obs)}"

        def shows(e):
            return obs["counts"] == [e["counts"]] and obs["captions"] == ([e["caption"]] if e["caption"] else [])

        owners = [j for j, e in self.shared.items() if j != self.index and shows(e) and not shows(exp)]
        if owners:
            self.result.foreign.append(message)
            message = f"state of session(s) {owners} shown: " + message
        for problem in answer["problems"]:
            self.error(problem.split(":")[0], None)
        self.result.errors.append(message)

    def error(self, kind: str, message: str | None) -> None:
        """Count an error by kind; record its message unless the caller records one for several kinds."""
        self.result.error_kinds[kind] = self.result.error_kinds.get(kind, 0) + 1
        if message is not None:
            self.result.errors.append(message)


def _exc(exc: BaseException) -> str:
    # Playwright's call log (what the element was waiting for) follows the first line: keep a little of it.
    lines = [x.strip() for x in str(exc).splitlines() if x.strip()]
    return f"{type(exc).__name__}: " + " / ".join(lines[:6])[:600]


def _brief(obs: dict | None) -> str:
    if not obs:
        return "nothing (no page script)"
    keep = (
        "state",
        "connection",
        "finished",
        "sinceAction",
        "counts",
        "heading",
        "captions",
        "params",
        "plot",
        "exceptions",
        "errors",
        "dialogs",
        "urls",
    )
    return json.dumps({k: obs.get(k) for k in keep}, ensure_ascii=False)[:1200]


class Window:
    """The measured stretch: it opens once every session shows its first link, and lasts `duration`.

    Twenty browsers opening the app at once on two cores take most of a minute to draw it; what is
    measured is the steady state after that, with the first loads reported apart.
    """

    def __init__(self, sessions: int, duration: float, on_open):
        self.barrier = asyncio.Barrier(sessions)
        self.duration, self.on_open, self.deadline = duration, on_open, None

    async def wait(self) -> float:
        await self.barrier.wait()
        if self.deadline is None:
            self.deadline = time.monotonic() + self.duration
            self.on_open()
        return self.deadline


async def _drive(
    server: AppServer,
    oracle: Oracle,
    sessions: int,
    duration: float,
    max_actions: int,
    seed: int,
    action_timeout: float,
    think: float,
    chromium: str,
    warm_up: bool,
    ramp: float,
    probe: dict,
) -> list[SessionResult]:
    from playwright.async_api import async_playwright

    browser_cpu = BrowserCpu(exclude=server.pid)

    async def sample():
        n = 0
        while True:
            probe["peak_kb"] = max(probe["peak_kb"], server.memory_kb().get("VmRSS", 0))
            if n % 5 == 0:
                browser_cpu.sample()
            n += 1
            await asyncio.sleep(0.2)

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_FLAGS)
        try:
            if warm_up:
                # As on a server that has been up a while: one viewer has opened it before the crowd arrives.
                context = await browser.new_context(service_workers="block")
                page = await context.new_page()
                await page.goto(server.url + "/", timeout=action_timeout * 1000)
                await page.wait_for_selector(
                    "[data-testid='stApp'][data-test-script-state='notRunning']", timeout=action_timeout * 1000
                )
                await page.get_by_text("of 23 events").first.wait_for(timeout=action_timeout * 1000)
                await context.close()
            probe["idle_kb"] = probe["peak_kb"] = server.memory_kb().get("VmRSS", 0)
            probe["arrival"] = time.monotonic()

            def window_opened():
                probe["started"] = time.monotonic()
                probe["server_cpu_start"] = process_cpu_seconds(server.pid)
                browser_cpu.mark()
                probe["script_cpu_start"] = sum(os.times()[:2])

            sampler = asyncio.create_task(sample())
            shared: dict[int, dict] = {}
            runners = [
                Session(i, browser, server.url, oracle, shared, seed, action_timeout, think) for i in range(sessions)
            ]
            window = Window(sessions, duration, window_opened)
            try:
                return list(
                    await asyncio.gather(
                        *(r.run(window, max_actions, ramp * i / max(1, sessions)) for i, r in enumerate(runners))
                    )
                )
            finally:
                sampler.cancel()
                probe.setdefault("started", probe["arrival"])
                probe["elapsed"] = time.monotonic() - probe["started"]
                probe["arrival_s"] = probe["started"] - probe["arrival"]
                probe["server_cpu_end"] = process_cpu_seconds(server.pid)
                probe.setdefault("server_cpu_start", probe["server_cpu_end"])
                browser_cpu.sample()
                probe["browser_cpu"] = browser_cpu.seconds()
                probe["script_cpu"] = sum(os.times()[:2]) - probe.get("script_cpu_start", sum(os.times()[:2]))
                probe["peak_kb"] = max(probe["peak_kb"], server.memory_kb().get("VmRSS", 0))
        finally:
            await browser.close()


def run(
    sessions: int = 20,
    duration: float = 60,
    max_actions: int = 1000,
    seed: int = 1,
    action_timeout: float = 120,
    think: float = 0.5,
    chromium: str | None = None,
    data_dir: Path | None = None,
    warm_up: bool = True,
    ramp: float = 0.0,
) -> Report:
    chromium = chromium or chromium_browser.find()
    if chromium is None:
        raise SystemExit("no Chromium at /usr/bin/chromium (set LAUNCHWATCH_CHROMIUM or pass --chromium)")
    data_dir = data_dir or loading.data_dir()
    oracle = Oracle(data_dir)
    with AppServer(data_dir=data_dir) as server:
        probe: dict = {"peak_kb": 0, "start_kb": server.memory_kb().get("VmRSS", 0)}
        results = asyncio.run(
            _drive(
                server,
                oracle,
                sessions,
                duration,
                max_actions,
                seed,
                action_timeout,
                think,
                chromium,
                warm_up,
                ramp,
                probe,
            )
        )
        hwm = server.memory_kb().get("VmHWM", 0)
        exited = server.proc.poll()
    server_errors = []
    if exited is not None:
        server_errors.append(f"the server exited during the run (status {exited})")
    tracebacks = [i for i, line in enumerate(server.log) if line.startswith("Traceback")]
    for i in tracebacks[:5]:
        server_errors.append("server log: " + " ".join(x.strip() for x in server.log[i : i + 12])[-600:])
    cpu = {
        "server": probe["server_cpu_end"] - probe["server_cpu_start"],
        "browser": probe["browser_cpu"],
        "script": probe["script_cpu"],
        "available": probe["elapsed"] * (os.cpu_count() or 1),
    }
    memory = {
        "start": probe["start_kb"] / 1024,
        "idle": probe["idle_kb"] / 1024,
        "peak": probe["peak_kb"] / 1024,
        "hwm": hwm / 1024,
    }
    return Report(sessions, probe["elapsed"], results, memory, cpu, server_errors, warm_up, probe["arrival_s"])


def main(argv: list[str] | None = None) -> Report:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sessions", type=int, default=20, help="concurrent viewers (default 20)")
    ap.add_argument(
        "--duration",
        type=float,
        default=60,
        help="seconds of actions once every session shows its first link (default 60)",
    )
    ap.add_argument("--max-actions", type=int, default=1000, help="per session, counting its first link (default 1000)")
    ap.add_argument(
        "--think",
        type=float,
        default=0.5,
        help="mean pause between a session's actions, in seconds (uniform 0 to twice this; default 0.5)",
    )
    ap.add_argument(
        "--action-timeout",
        type=float,
        default=120,
        help="seconds an action may take before it counts as an error (default 120)",
    )
    ap.add_argument(
        "--ramp",
        type=float,
        default=0,
        help="spread the sessions' first links over this many seconds (default 0: all at once)",
    )
    ap.add_argument("--seed", type=int, default=1, help="the sessions' links and actions follow from it")
    ap.add_argument("--chromium", help="Chromium executable (default /usr/bin/chromium)")
    ap.add_argument(
        "--cold",
        action="store_true",
        help="no warm-up visit: the sessions are the server's first viewers, all arriving at once",
    )
    ap.add_argument("--json", type=Path, help="also write the full report, per session, to this file")
    args = ap.parse_args(argv)
    if args.sessions < 1 or args.duration < 0 or args.max_actions < 1:
        ap.error("--sessions and --max-actions must be at least 1, --duration at least 0")
    report = run(
        sessions=args.sessions,
        duration=args.duration,
        max_actions=args.max_actions,
        seed=args.seed,
        action_timeout=args.action_timeout,
        think=args.think,
        chromium=args.chromium,
        warm_up=not args.cold,
        ramp=args.ramp,
    )
    print(report.summary(), flush=True)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report.to_json(), indent=1, ensure_ascii=False))
    return report


if __name__ == "__main__":
    sys.exit(0 if main().ok else 1)
