"""Time the launch links at growing sizes: the proposals the sources page lists, and applying confirmed links.

    python benchmarks/linking.py [--sizes 100000,1000000] [--repeat 3]

Uses the synthetic datasets of benchmarks/bench.py (generated on first use). Prints the best of --repeat
runs in CPU seconds: `linking.proposals` (worked out once per dataset built; the page reuses it on every
rerun) and `linking.resolve` with one confirmed link (done whenever a dataset is built).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import bench  # noqa: E402
from launchwatch import linking, loading  # noqa: E402


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print("claims\tevents\tlaunches\tproposals_cpu_s\tresolve_one_link_cpu_s")
    for size in (int(s) for s in args.sizes.split(",")):
        dataset = loading.load(bench.dataset_folder(size, "parquet"))
        launches = dataset.events[dataset.events["event_type"] == "missile_launch"]["event_id"].tolist()
        row = linking.decision_row(launches[0], launches[1], linking.CONFIRMED, "", set())
        linked = dataclasses.replace(dataset, links=dataset.links.__class__([row]))
        print(
            f"{len(dataset.claims)}\t{len(dataset.events)}\t{len(launches)}\t"
            f"{best(lambda d=dataset: linking.proposals(d), args.repeat):.2f}\t"
            f"{best(lambda d=linked: linking.resolve(d), args.repeat):.2f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
