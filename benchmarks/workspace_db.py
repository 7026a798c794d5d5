"""The workspace database at scale: a cold load, one new claim seen by another session, and a filter change,
for SQLite and PostgreSQL beside today's Parquet folder.

    python benchmarks/workspace_db.py                              # 1M claims, both engines
    python benchmarks/workspace_db.py --sizes 100000 --engines sqlite

For each size the synthetic dataset of benchmarks/bench.py (benchmarks/generate.py, Parquet) is written
into a workspace database through the store's write door: an SQLite file under benchmarks/output/
(kept while the generator is unchanged) and a database on a throwaway PostgreSQL cluster
(tests/pgcluster.py, Debian's postgresql package). Each source is then measured in a process of its own,
so its peak memory is its own:

- cold load: what a server does for its first viewer, from nothing to the dataset, the flat claims
  table and the sidebar's options (Parquet: `loading.load` then `workspace.build`; a database:
  `workspace.Live.current()`, which reads it through `store.Store`). Best of --repeat runs (a fresh
  Live each time); peak memory is the process's maximum resident size over all of it;
- a change seen: another session (its own engine, as a second app server would have) adds one claim,
  retracts one, supersedes one; the time is what the server then spends in `Live.current()` on its
  viewer's next rerun (the change counter, the changed rows, applying them to the held dataset, flat
  table and options). The server's time only: the viewer's rerun begins whenever they act. Also the
  cost of a rerun when nothing changed (one query for the counter);
- a filter change: `filters.apply` and the map and timeline figures (bench.ours_figures), on the flat
  table from the database and on the one from Parquet. The two tables are checked equal first, so
  the filter change does the same work on the same frame.

The Markdown table is printed and written to benchmarks/RESULTS-workspace.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for extra in (ROOT, ROOT / "tests"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

from benchmarks import bench  # noqa: E402

RESULTS = ROOT / "benchmarks" / "RESULTS-workspace.md"
TARGET_LOAD_RATIO = 1.5
TARGET_PEAK_MB = 2048
TARGET_VISIBLE_S = 1.0
SLICE = 100_000  # claims written per insert: the seeding process never holds a million rows as dicts


# ---------------------------------------------------------------- filling a workspace


def fill(url: str, folder: Path) -> None:
    """The Parquet folder's dataset written into an empty workspace database, in one transaction."""
    from launchwatch import loading, migrations, schema, store

    ws = store.Store.open(url)
    if not ws.is_empty():
        return
    dataset = loading.load(folder)
    tables = {t.name: t for t in migrations.data_tables()}

    def run(tx):
        for name in ("places", "documents", "events"):
            tx.insert(tables[name], dataset.table(name), action="seeded")
        for start in range(0, len(dataset.claims), SLICE):
            tx.insert(tables["claims"], dataset.claims.iloc[start : start + SLICE], action="seeded")
        tx.insert(schema.ALIASES, dataset.aliases, action="seeded")

    ws.write("benchmark", f"seeded {len(dataset.claims)} claims from {folder.name}", run)
    ws.engine.dispose()


def sqlite_url(size: int) -> str:
    """An SQLite workspace of this size, filled once while the generator is unchanged."""
    from benchmarks import generate

    folder = bench.dataset_folder(size, "parquet")
    path = bench.OUTPUT / f"{size}-workspace.db"
    stamp = bench.OUTPUT / f"{size}-workspace.version"
    if not stamp.exists() or stamp.read_text() != str(generate.GENERATOR_VERSION):
        for old in path.parent.glob(path.name + "*"):
            old.unlink()
        print(f"filling {path.name} ...", file=sys.stderr, flush=True)
        t = time.perf_counter()
        fill(f"sqlite:///{path}", folder)
        print(f"  {time.perf_counter() - t:.0f} s", file=sys.stderr, flush=True)
        stamp.write_text(str(generate.GENERATOR_VERSION))
    # Each run changes its copy: the next run starts from the same file.
    run = bench.OUTPUT / f"{size}-workspace-run.db"
    shutil.copyfile(path, run)
    return f"sqlite:///{run}"


# ---------------------------------------------------------------- measuring, one source per process


def _best(fn, repeat: int) -> tuple[float, object, float]:
    """(best wall-clock time, the last value, the CPU seconds of the best run)."""
    runs, value = [], None
    for _ in range(repeat):
        value = None
        t, c = time.perf_counter(), time.process_time()
        value = fn()
        runs.append((time.perf_counter() - t, time.process_time() - c))
    wall, cpu = min(runs)
    return wall, value, cpu


def _filter_change(flat, dataset, repeat: int) -> float:
    from launchwatch import analysis, filters

    key = analysis.key_event_id(dataset.events)
    desc = dict(zip(dataset.events["event_id"], dataset.events["description"], strict=True))
    bench.ours_figures(flat, filters.FilterState(), dataset, key, desc, None)  # plotly's first-figure setup
    wall, _, cpu = _best(lambda: bench.ours_figures(flat, filters.FilterState(), dataset, key, desc, None), repeat)
    return wall, cpu


def _new_claim(dataset, n: int) -> dict:
    """A copy of the dataset's first claim under a new id, as cell text (what an analyst's form gives)."""
    from launchwatch import cells

    row = dataset.claims.iloc[0]
    claim = {c: cells.cell_text(v) for c, v in row.items() if not (isinstance(v, float) and v != v)}
    claim["claim_id"] = f"BENCH-{n}"
    return claim


def _changes(url: str, live, repeat: int) -> dict:
    """Server time of Live.current() after another session's add, retract and supersede."""
    from launchwatch import store

    other = store.Store.open(url)
    dataset = live.current()[0]
    victims = list(dataset.claims["claim_id"].iloc[1 : 1 + 2 * repeat])
    timed: dict[str, list[float]] = {"add": [], "retract": [], "supersede": []}
    cpu: dict[str, list[float]] = {k: [] for k in timed}
    for n in range(repeat):
        writes = {
            "add": lambda n=n: other.add_claims("bench", [_new_claim(dataset, n)]),
            "retract": lambda n=n: other.retract_claim("bench", victims[2 * n], "benchmark"),
            "supersede": lambda n=n: other.supersede_claim(
                "bench", victims[2 * n + 1], _new_claim(dataset, 10_000 + n), "benchmark"
            ),
        }
        for kind, write in writes.items():
            write()
            t, c = time.perf_counter(), time.process_time()
            live.current()
            timed[kind].append(time.perf_counter() - t)
            cpu[kind].append(time.process_time() - c)
    unchanged = _best(live.current, repeat)[0]
    other.engine.dispose()
    return {
        "change_s": {k: statistics.median(v) for k, v in timed.items()},
        "change_cpu_s": {k: statistics.median(v) for k, v in cpu.items()},
        "unchanged_s": unchanged,
    }


def worker(source: str, size: int, url: str | None, repeat: int) -> dict:
    import pandas as pd

    from launchwatch import loading, store, workspace

    folder = bench.dataset_folder(size, "parquet")
    out = {"source": source, "size": size, "loadavg_start": os.getloadavg()[0]}
    if source == "parquet":
        out["load_s"], held, out["load_cpu_s"] = _best(lambda: workspace.build(loading.load(folder)), repeat)
    else:
        ws = store.Store.open(url)

        def cold():
            live = workspace.Live(ws, workspace.build, workspace.update)
            live.current()
            return live

        out["load_s"], live, out["load_cpu_s"] = _best(cold, repeat)
        held = live.current()
    out["after_load_mb"] = bench.peak_mb()
    dataset, flat, _options = held
    out["claims"] = len(flat)
    out["flat_digest"] = int(pd.util.hash_pandas_object(flat, index=False).sum() % 2**61)
    out["filter_s"], out["filter_cpu_s"] = _filter_change(flat, dataset, repeat)
    if source != "parquet":
        out.update(_changes(url, live, repeat))
        out["full_loads"], out["delta_loads"] = live.full_loads, live.delta_loads
    out["peak_mb"] = bench.peak_mb()
    out["loadavg_end"] = os.getloadavg()[0]
    return out


def run_worker(source: str, size: int, url: str | None, repeat: int) -> dict:
    args = [sys.executable, __file__, "--worker", source, "--sizes", str(size), "--repeat", str(repeat)]
    if url:
        args += ["--url", url]
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{source} at {size:,} failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- the table


def table(results: list[dict]) -> str:
    parquet = {r["size"]: r for r in results if r["source"] == "parquet"}
    lines = [
        "| claims | source | cold load (s), wall / CPU | vs Parquet (CPU) | peak memory (MB) | one change seen (s): "
        "add / retract / supersede, wall (CPU) | rerun, nothing changed (s) | filter change (s), wall / CPU "
        "| load average |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        base = parquet.get(r["size"])
        ratio = f"{r['load_cpu_s'] / base['load_cpu_s']:.2f}x" if base and r["source"] != "parquet" else ""
        change = (
            " / ".join(f"{r['change_s'][k]:.2f} ({r['change_cpu_s'][k]:.2f})" for k in ("add", "retract", "supersede"))
            if "change_s" in r
            else ""
        )
        unchanged = f"{r['unchanged_s']:.3f}" if "unchanged_s" in r else ""
        lines.append(
            f"| {r['size']:,} | {r['source']} | {r['load_s']:.1f} / {r['load_cpu_s']:.1f} | {ratio} "
            f"| {r['peak_mb']:,.0f} | {change} | {unchanged} | {r['filter_s']:.2f} / {r['filter_cpu_s']:.2f} "
            f"| {r['loadavg_start']:.1f}–{r['loadavg_end']:.1f} |"
        )
    return "\n".join(lines)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="1000000")
    p.add_argument("--engines", default="sqlite,postgresql")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--worker", help=argparse.SUPPRESS)
    p.add_argument("--url", help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    sizes = [int(s) for s in a.sizes.split(",")]
    if a.worker:
        print(json.dumps(worker(a.worker, sizes[0], a.url, a.repeat)))
        return 0
    results, cluster = [], None
    try:
        for size in sizes:
            results.append(run_worker("parquet", size, None, a.repeat))
            for engine in a.engines.split(","):
                if engine == "sqlite":
                    url = sqlite_url(size)
                else:
                    import pgcluster

                    cluster = cluster or pgcluster.Cluster().start()
                    url = cluster.new_database()
                    t = time.perf_counter()
                    fill(url, bench.dataset_folder(size, "parquet"))
                    print(f"filled PostgreSQL in {time.perf_counter() - t:.0f} s", file=sys.stderr, flush=True)
                results.append(run_worker(engine, size, url, a.repeat))
                print(table(results), flush=True)
    finally:
        if cluster is not None:
            cluster.destroy()
    digests = {(r["size"], r["flat_digest"]) for r in results}
    same = len(digests) == len({r["size"] for r in results})
    text = table(results) + (
        f"\n\nFlat claims table identical from every source: {'yes' if same else 'NO'}. "
        f"Machine: {os.cpu_count()} cores, {dt.date.today():%d %B %Y}. Targets: cold load at most "
        f"{TARGET_LOAD_RATIO}x Parquet, peak under {TARGET_PEAK_MB:,} MB, one change seen in under "
        f"{TARGET_VISIBLE_S:.0f} s of server time."
    )
    print("\n" + text)
    RESULTS.write_text(text + "\n", encoding="utf-8")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
