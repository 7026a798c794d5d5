"""The server's side of many viewers: N concurrent websocket sessions, no browser, on 127.0.0.1 only.

    python scripts/serverload.py --sessions 30 --reruns 10

Starts `streamlit run app.py` on a free 127.0.0.1 port and opens N sessions on its websocket, speaking
Streamlit's own protocol (the BackMsg and ForwardMsg protobufs the browser sends and receives). Each
session opens the map page, then asks for N reruns at once, each with different link parameters
(reports, event types, date, bearing), as the browser does when its address changes; with --think,
each waits a random time around that many seconds before the next, as a reader would.

Measured per rerun, at the client, which does nothing but parse the replies: the time from the rerun
request to the server's end-of-run message. With no browser drawing on the same cores, this is the
server's time (queueing behind other sessions included). The server's CPU seconds over the reruns are
read from /proc, divided by the number of reruns. Each rerun's "N of 23 events" line is checked
against the session's own filters. With --servers N, N app servers run and session i keeps to server
i mod N, as sticky sessions behind the proxy (deploy/nginx.conf) keep a viewer on one; their CPU seconds
are added up. Bounded: --sessions at most 60, --reruns at most 50, --servers at most 4, --timeout per
rerun. `main()` returns the report; tests/test_serverload.py uses it at a small size.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
# Run as `python scripts/serverload.py` from any directory, or loaded from its file by the tests.
for folder in (ROOT, ROOT / "scripts"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import websockets  # noqa: E402
from devserver import AppServer, process_cpu_seconds  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

DOCUMENTS = ("000_b1a128df4d4dce34", "001_1a0ad8e3a2be4f80", "002_54364550e8723fb3", "003_e4aa5e055945f245")
TYPES = ("missile_launch", "visit", "artillery_fire", "statement", "summit", "meeting")
MAX_SESSIONS, MAX_RERUNS, MAX_SERVERS = 60, 50, 4


class StreamlitSocket:
    """One Streamlit session over a websocket, as the browser holds it."""

    def __init__(self, url: str):
        # The same address with the websocket scheme (the servers here are plain HTTP on 127.0.0.1).
        self.ws_url = "ws://" + url.split("://", 1)[1] + "/_stcore/stream"
        self.ws = None
        self.page_hash = ""

    async def connect(self) -> None:
        if not self.ws_url.startswith("ws://127.0.0.1:"):
            raise ValueError("this driver only talks to a server on 127.0.0.1")
        self.ws = await websockets.connect(self.ws_url, subprotocols=["streamlit"], max_size=2**28)

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()

    async def send(self, msg: BackMsg) -> None:
        await self.ws.send(msg.SerializeToString())

    async def rerun(self, query: str = "", timeout: float = 120) -> tuple[float, list[ForwardMsg]]:
        """Ask for a run with these link parameters; wait for its end. Returns (seconds, messages)."""
        msg = BackMsg()
        msg.rerun_script.query_string = query
        msg.rerun_script.page_script_hash = self.page_hash
        started = time.perf_counter()
        await self.send(msg)
        return await self.until_finished(started, timeout)

    async def until_finished(self, started: float, timeout: float) -> tuple[float, list[ForwardMsg]]:
        received = []
        deadline = started + timeout
        while True:
            data = await asyncio.wait_for(self.ws.recv(), max(0.1, deadline - time.perf_counter()))
            fwd = ForwardMsg()
            fwd.ParseFromString(data)
            received.append(fwd)
            kind = fwd.WhichOneof("type")
            if kind == "new_session":
                self.page_hash = fwd.new_session.page_script_hash or self.page_hash
            if kind == "script_finished" and fwd.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                return time.perf_counter() - started, received

    async def open_once(self, timeout: float) -> None:
        """Open the app's first page as a viewer would, and leave."""
        await self.connect()
        try:
            await self.rerun("", timeout)
        finally:
            await self.close()

    async def clear_cache(self) -> None:
        """The message a viewer's "Clear cache" menu entry sends; any websocket client can send it."""
        msg = BackMsg()
        msg.clear_cache = True
        await self.send(msg)


def markdown_bodies(messages: list[ForwardMsg]) -> list[str]:
    out = []
    for m in messages:
        if m.WhichOneof("type") == "delta" and m.delta.WhichOneof("type") == "new_element":
            element = m.delta.new_element
            kind = element.WhichOneof("type")
            if kind == "markdown":
                out.append(element.markdown.body)
            elif kind == "alert":
                out.append(element.alert.body)
    return out


def counts_line(messages: list[ForwardMsg]) -> str | None:
    return next((b for b in markdown_bodies(messages) if " events** and **" in b), None)


def link_for(rng: random.Random) -> dict:
    # Every parameter every time: a bound widget keeps its value when the link leaves its parameter out,
    # so a link that names them all determines what the session must show.
    return {
        "doc": rng.sample(DOCUMENTS, rng.randint(1, len(DOCUMENTS))),
        "type": rng.sample(TYPES, rng.randint(1, len(TYPES))),
        "since": rng.choice(["2025-01-01", "2025-10-01", "2025-11-01", "2025-11-05"]),
        "bearing": str(rng.choice([80, 95, 110])),
    }


def expected_counts(params: dict) -> str:
    """The "N of 23 events and M of 120 claims" this session's own filters give, computed here."""
    import datetime as dt

    from launchwatch import filters

    flat = _bundled_claims()
    since = dt.date.fromisoformat(params["since"]) if "since" in params else None
    state = filters.FilterState(tuple(params.get("doc", ())), (), (), tuple(params.get("type", ())), since, None)
    view = filters.apply(flat, state)
    events, claims = view["event_id"].nunique(), len(view)
    return f"**{events} of {flat['event_id'].nunique()} events** and **{claims} of {len(flat)} claims**"


_FLAT = []
DATA = [ROOT / "data"]  # the dataset the server under test shows
CHECK = [True]  # another checkout's data may be of another schema: its answers are timed, not checked


def _bundled_claims():
    if not _FLAT:
        from launchwatch import exports, loading

        _FLAT.append(exports.flat_claims(loading.load(DATA[0])))
    return _FLAT[0]


@dataclass
class Report:
    sessions: int
    reruns: list[float] = field(default_factory=list)  # seconds from request to end of run, every rerun
    opens: list[float] = field(default_factory=list)
    cpu_per_rerun: float = 0.0
    wall_s: float = 0.0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.sessions} sessions, {len(self.reruns)} reruns in {self.wall_s:.1f} s: "
            f"server-side rerun p50 {percentile(self.reruns, 50):.2f} s, p95 {percentile(self.reruns, 95):.2f} s; "
            f"open p50 {percentile(self.opens, 50):.2f} s; "
            f"server CPU {self.cpu_per_rerun:.3f} s per rerun; errors {len(self.errors)}"
        )


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


async def _session(
    server_url: str,
    index: int,
    reruns: int,
    timeout: float,
    start: asyncio.Event,
    opened: asyncio.Event,
    report: Report,
    seed: int,
    think: float,
) -> None:
    rng = random.Random(seed * 1000 + index)
    sock = StreamlitSocket(server_url)
    await sock.connect()
    try:
        elapsed, _ = await sock.rerun("", timeout)
        report.opens.append(elapsed)
        opened.set()
        await start.wait()
        for _ in range(reruns):
            if think:
                await asyncio.sleep(rng.uniform(0.5 * think, 1.5 * think))
            params = link_for(rng)
            elapsed, messages = await sock.rerun(urlencode(params, doseq=True), timeout)
            report.reruns.append(elapsed)
            if not CHECK[0]:
                continue
            shown, wanted = counts_line(messages), expected_counts(params)
            if shown is None or not shown.startswith(wanted):
                report.errors.append(f"session {index} {params}: showed {shown!r}, expected {wanted!r}")
    except (TimeoutError, websockets.ConnectionClosed) as exc:
        report.errors.append(f"session {index}: {type(exc).__name__} {exc}")
    finally:
        opened.set()  # a session that failed before opening must not hold the others back
        await sock.close()


async def run(
    servers: list[AppServer], sessions: int, reruns: int, timeout: float, seed: int, think: float = 0
) -> Report:
    """Session i talks to servers[i % len(servers)] only, as sticky sessions behind the proxy keep it."""
    report = Report(sessions)
    start, opened = asyncio.Event(), [asyncio.Event() for _ in range(sessions)]
    if CHECK[0]:
        _bundled_claims()  # before the clock starts: the driver's own work must not count as the server's
    for server in servers[1:]:  # one after another, so that no two servers prepare the workspace at once
        await StreamlitSocket(server.url).open_once(timeout)
    tasks = [
        asyncio.create_task(
            _session(servers[i % len(servers)].url, i, reruns, timeout, start, opened[i], report, seed, think)
        )
        for i in range(sessions)
    ]
    await asyncio.gather(*(o.wait() for o in opened))  # every session open (or failed) before the clock starts
    cpu0, t0 = _cpu(servers), time.perf_counter()
    start.set()
    await asyncio.gather(*tasks)
    report.wall_s = time.perf_counter() - t0
    report.cpu_per_rerun = (_cpu(servers) - cpu0) / max(1, len(report.reruns))
    return report


def _cpu(servers: list[AppServer]) -> float:
    return sum(process_cpu_seconds(s.pid) for s in servers)


def main(argv: list[str] | None = None) -> Report:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--sessions", type=int, default=30, help=f"concurrent sessions (default 30, at most {MAX_SESSIONS})"
    )
    ap.add_argument("--reruns", type=int, default=10, help=f"reruns per session (default 10, at most {MAX_RERUNS})")
    ap.add_argument("--timeout", type=float, default=120, help="seconds one rerun may take (default 120)")
    ap.add_argument(
        "--think",
        type=float,
        default=0,
        help="mean seconds a session waits between reruns, as a reader does (default 0: none, the "
        "worst case, every session asking again the moment its answer arrives)",
    )
    ap.add_argument(
        "--servers",
        type=int,
        default=1,
        help=f"app server processes, the sessions shared among them as sticky sessions behind the proxy "
        f"share them (default 1, at most {MAX_SERVERS})",
    )
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", type=Path, help="also write every measured time to this file")
    ap.add_argument(
        "--app-root",
        type=Path,
        default=ROOT,
        help="run the app of another checkout, to compare a change with what came before",
    )
    args = ap.parse_args(argv)
    sessions, reruns = min(args.sessions, MAX_SESSIONS), min(args.reruns, MAX_RERUNS)
    CHECK[0] = args.app_root.resolve() == ROOT.resolve()
    outcome = {}
    with contextlib.ExitStack() as stack:
        servers = [
            stack.enter_context(AppServer(root=args.app_root)) for _ in range(max(1, min(args.servers, MAX_SERVERS)))
        ]
        # A loop of its own on a thread of its own: callers (pytest) may already run one on theirs.
        worker = threading.Thread(
            target=lambda: outcome.update(
                report=asyncio.run(run(servers, sessions, reruns, args.timeout, args.seed, args.think))
            )
        )
        worker.start()
        worker.join()
    report = outcome["report"]
    print(report.summary())
    for e in report.errors[:20]:
        print("  error:", e)
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "summary": report.summary(),
                    "reruns": report.reruns,
                    "opens": report.opens,
                    "cpu_per_rerun": report.cpu_per_rerun,
                    "errors": report.errors,
                },
                indent=1,
            )
        )
    return report


if __name__ == "__main__":
    sys.exit(1 if main().errors else 0)
