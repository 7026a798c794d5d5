"""What one rerun of a page costs the server's interpreter: script CPU, reused views against new ones.

    python benchmarks/rerun_cpu.py [--runs 60] [--page pages/map.py]

Runs the app in this process (Streamlit's AppTest) on the bundled data and times each run's script
thread (its own CPU seconds, so other work on the machine does not count). Links come from
scripts/serverload.py's generator (reports, event types, date, bearing). Three rounds:
  same     one link again and again: every derived value is reused (the memo holds it);
  new      a new link each run, so most views are built for the first time;
  again    the same new links a second time: the views built in "new" are reused.
This is the figure the load test's p95 rests on: thirty viewers taking turns wait for about thirty
reruns (docs/loadtest.md).
"""

from __future__ import annotations

import argparse
import logging
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts"), str(ROOT / "tests")]

from apptests import app  # noqa: E402
from serverload import link_for  # noqa: E402
from streamlit.runtime.scriptrunner import script_runner  # noqa: E402

_TIMES: list[float] = []


def _timed(run):
    def wrapped(self, *args, **kwargs):
        started = time.thread_time()
        try:
            return run(self, *args, **kwargs)
        finally:
            _TIMES.append(time.thread_time() - started)

    return wrapped


def _round(links: list[dict], page: str) -> list[float]:
    _TIMES.clear()
    for link in links:
        at = app(**link).run()
        if page != "pages/map.py":
            _TIMES.clear()  # the map's run before the switch is not this page's
            at.switch_page(page).run()
        if at.exception:
            raise SystemExit(f"{page} {link}: {[e.value for e in at.exception]}")
    return list(_TIMES)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=60, help="runs per round (default 60)")
    ap.add_argument("--page", default="pages/map.py")
    ap.add_argument("--seed", type=int, default=5)
    args = ap.parse_args(argv)
    logging.disable(logging.WARNING)  # AppTest's warnings about bare mode, once per run
    script_runner.ScriptRunner._run_script = _timed(script_runner.ScriptRunner._run_script)
    rng = random.Random(args.seed)
    app().run()  # the dataset loaded, the first page drawn: not part of any round
    same = [link_for(rng)] * args.runs
    new = [link_for(rng) for _ in range(args.runs)]
    print(f"{args.page}, {args.runs} runs per round, script CPU per run (s):")
    for name, links in (("same", same), ("new", new), ("again", new)):
        times = sorted(_round(links, args.page))
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        print(f"  {name:6} mean {statistics.mean(times):.4f}  median {statistics.median(times):.4f}  p95 {p95:.4f}")


if __name__ == "__main__":
    main()
