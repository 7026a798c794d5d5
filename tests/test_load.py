"""Many viewers at once, at a size two CI cores carry: scripts/loadtest.py with 6 sessions for 20 s.

The full size (20 sessions, 60 s) is a documented command, not a test: see docs/loadtest.md.
"""

from __future__ import annotations

import importlib.util
import sys
import threading
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent


def _loadtest():
    # scripts/ is not a package: load the command's module from its file.
    spec = importlib.util.spec_from_file_location("launchwatch_loadtest", ROOT / "scripts" / "loadtest.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the classes are built
    spec.loader.exec_module(module)
    return module


def test_many_viewers_each_see_only_their_own_state(chromium_path, output_dir, capsys):
    loadtest = _loadtest()
    args = [
        "--sessions",
        "6",
        "--duration",
        "20",
        "--max-actions",
        "15",
        "--action-timeout",
        "60",
        "--chromium",
        chromium_path,
        "--json",
        str(output_dir / "loadtest.json"),
    ]
    # The browser tests' sync Playwright keeps an event loop running on this thread; the load test
    # runs its own asyncio loop, so it gets a thread of its own.
    outcome = {}
    worker = threading.Thread(target=lambda: outcome.update(report=loadtest.main(args)))
    worker.start()
    worker.join()
    assert "report" in outcome, "the load test raised; see its output above"
    report = outcome["report"]
    summary = report.summary()
    (output_dir / "loadtest.txt").write_text(summary + "\n")
    rerun = report.rerun_latencies
    with capsys.disabled():
        p50, p95 = loadtest.percentile(rerun, 50) or 0, loadtest.percentile(rerun, 95) or 0
        print(
            f"\nload test, {report.sessions} sessions for {report.duration_s:.0f} s: {report.actions} actions; "
            f"rerun latency p50 {p50:.2f} s, p95 {p95:.2f} s; "
            f"server peak RSS {report.memory_mb['peak']:.0f} MB (VmHWM {report.memory_mb['hwm']:.0f} MB)"
        )

    assert report.errors == [], summary
    for r in report.results:
        # Every action was checked against what this session's own filters give, and every check passed.
        assert r.actions >= 2 and r.checks_passed == r.actions, (r.index, r.first_link, r.errors)
        assert r.foreign == [] and r.blocked == [], (r.index, r.foreign, r.blocked)
    assert len({r.first_link for r in report.results}) == report.sessions  # no two sessions started alike
    assert rerun and report.load_latencies, summary
    assert report.memory_mb["peak"] > 0 and report.memory_mb["hwm"] >= report.memory_mb["idle"]
