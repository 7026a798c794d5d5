"""Time the sources page's two tables (verdicts, corroboration) and the verdicts command at growing sizes.

    python benchmarks/verdicts.py [--claims 10000 100000] [--repeat 3]

Prints the best of --repeat runs, in seconds, for: the page's verdict table (every verdict counted, the
first 1,000 rows written), every verdict row (what `python -m launchwatch verdicts` writes), the page's
corroboration table, and every corroboration row; and the process's peak memory.
"""

from __future__ import annotations

import argparse
import importlib.util
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from launchwatch import corroboration, exports, loading, verdicts  # noqa: E402

PAGE_ROWS = 1000


def _generator():
    spec = importlib.util.spec_from_file_location("launchwatch_generate", ROOT / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def measure(flat, repeat: int) -> dict[str, float]:
    steps = {
        "verdicts, page": lambda: verdicts.verdict_overview(flat, PAGE_ROWS),
        "verdicts, all rows": lambda: verdicts.verdict_rows(flat),
        "corroboration, page": lambda: corroboration.overview(flat, PAGE_ROWS),
        "corroboration, all rows": lambda: corroboration.event_origins(flat),
    }
    best = {name: float("inf") for name in steps}
    for _ in range(repeat):
        for name, step in steps.items():
            start = time.perf_counter()
            step()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    generate = _generator().generate
    for n in args.claims:
        with tempfile.TemporaryDirectory() as folder:
            generate(n, Path(folder), seed=7)
            flat = exports.flat_claims(loading.load(folder))
            best = measure(flat, args.repeat)
        figures = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in best.items())
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        print(f"{n:>9,} claims: {figures}; peak {peak} MB", flush=True)


if __name__ == "__main__":
    main()
