"""How Launchwatch holds up at 10 thousand, 100 thousand and 1 million claims.

    python benchmarks/bench.py                          # 10k, 100k, 1M; ours and the baseline
    python benchmarks/bench.py --sizes 10000,100000     # quicker
    python benchmarks/bench.py --no-baseline --repeat 5

For each size a synthetic dataset is generated once (benchmarks/generate.py, Parquet, under
benchmarks/output/, reused while the generator is unchanged). Each size and approach then runs in
its own process, so its peak memory is its own: load the folder with loading.load, build the flat
claims table, and time a filter change as the pages rerun it:

- figures: filters.apply on the flat table, then the map page's figures.map_figure and the timeline
  page's figures.timeline_figure (with its timeline_notices and timeline_hidden_count);
- sources: the sources page's agreement and corroboration tables on the filtered view (and its
  side-by-side table of one event).

Two filter changes are timed: "all" clears every filter (everything is shown: the worst case), and
"filtered" keeps four event types from 2024 on. A time is the best of --repeat runs, as timeit reports:
work by other programs on the machine only ever adds to it (the CPU seconds the process itself used,
and the load average, are in the details). The payload is
len(fig.to_json()) of the map and the timeline: what Streamlit sends the browser for each chart.

The baseline is the straightforward way: plotly express over every row of the filtered frame, no
aggregation (px.scatter_geo of each located claim with its hover data, over the same offline
outlines; px.scatter of each claim on a date axis), and the sources tables computed group by group
with pandas (verdicts.verdict_rows per (event, attribute), a Python loop per event). At sizes where that
loop would run for minutes it is timed on the claims of the first 5,000 events and scaled up
linearly, marked "≈". A step whose runs add up to 30 s is not repeated further.

The Markdown table is printed and written to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

OUTPUT = ROOT / "benchmarks" / "output"
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
FILTERED_TYPES = ("missile_launch", "artillery_fire", "statement", "visit")
FILTERED_SINCE = dt.date(2024, 1, 1)
NAIVE_GROUP_BUDGET = 5_000
STEP_BUDGET_S = 30.0  # stop repeating a step once its runs have taken this long: it is not noise-bound
SOURCES_SHOWN_ROWS = 1000  # as pages/sources.py

TARGET_REBUILD_S = 1.0
TARGET_PAYLOAD_MB = 2.0
TARGET_PEAK_MB = 2048


def peak_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---------------------------------------------------------------- datasets


def dataset_folder(size: int, storage: str) -> Path:
    from benchmarks import generate

    folder = OUTPUT / str(size)
    manifest = folder / "manifest.json"
    fresh = (
        manifest.exists() and json.loads(manifest.read_text()).get("generator_version") == generate.GENERATOR_VERSION
    )
    if not fresh:
        print(f"generating {size:,} claims into {folder} ...", file=sys.stderr, flush=True)
        generate.generate(size, folder)
    if storage == "parquet":
        return folder
    # The same tables as CSV, to compare the loader's two paths.
    csv_folder = OUTPUT / f"{size}-csv"
    csv_claims = csv_folder / "claims.csv"
    if not csv_claims.exists() or csv_claims.stat().st_mtime < manifest.stat().st_mtime:
        import pyarrow.parquet as pq

        csv_folder.mkdir(parents=True, exist_ok=True)
        for name in ("documents", "events", "places", "claims"):
            frame = pq.read_table(folder / f"{name}.parquet").to_pandas()
            for col in frame.columns:
                if frame[col].dtype == bool:
                    frame[col] = frame[col].map({True: "true", False: "false"})
            frame.to_csv(csv_folder / f"{name}.csv", index=False)
        (csv_folder / "manifest.json").write_text(manifest.read_text())
    return csv_folder


# ---------------------------------------------------------------- the two approaches


def ours_figures(flat, state, ds, key, desc, selected):
    from launchwatch import figures, filters

    view = filters.apply(flat, state)
    result = figures.map_figure(view, ds.places, desc, key, selected_event=selected)
    timeline = figures.timeline_figure(view, desc, key, selected)
    notices = figures.timeline_notices(view, key, selected)
    figures.timeline_hidden_count(view, key)
    return view, result.figure, timeline, result.notices + notices


def ours_sources(view, ds, key):
    from launchwatch import corroboration, keyfacts, verdicts

    overview = verdicts.verdict_overview(view, SOURCES_SHOWN_ROWS)
    events = corroboration.overview(view, SOURCES_SHOWN_ROWS)
    if len(view):
        keyfacts.by_report(view, key, keyfacts.report_names(ds.documents))
    return overview.total, events.total


def baseline_figures(flat, state, ds, key, desc, selected):
    import pandas as pd
    import plotly.express as px

    from launchwatch import basemap, filters

    view = filters.apply(flat, state)
    hover = dict(
        hover_name="title",
        hover_data=["event_date", "document", "originator", "attribute", "claim"],
        custom_data=["event_id"],
    )
    located = view[view["latitude"].notna()]
    fig_map = px.scatter_geo(
        located,
        lat="latitude",
        lon="longitude",
        color="event_type",
        **hover,
    )
    for trace in basemap.outline_traces(basemap.load_basemap()):
        fig_map.add_trace(trace)
    basemap.apply_offline_geo(fig_map)
    fig_timeline = px.scatter(
        view.assign(day=pd.to_datetime(view["event_date"])),
        x="day",
        y="event_type",
        color="event_type",
        **hover,
    )
    return view, fig_map, fig_timeline, []


def naive_agreement_table(claims):
    """The group-by-group way: one pandas pass per (event, attribute)."""
    import pandas as pd

    from launchwatch import verdicts

    tables = [verdicts.verdict_rows(group) for _, group in claims.groupby(["event_id", "attribute"], sort=False)]
    return pd.concat(tables) if tables else pd.DataFrame()


def naive_corroboration(claims):
    import pandas as pd

    from launchwatch import corroboration

    tables = [corroboration.event_origins(group) for _, group in claims.groupby("event_id", sort=False)]
    return pd.concat(tables) if tables else pd.DataFrame()


def baseline_sources(view, ds, key):
    """Timed on at most NAIVE_GROUP_BUDGET events' claims; returns the factor to scale the time by."""
    import pandas as pd

    from launchwatch import keyfacts

    events = pd.unique(view["event_id"])
    factor = 1.0
    if len(events) > NAIVE_GROUP_BUDGET:
        view = view[view["event_id"].isin(events[:NAIVE_GROUP_BUDGET])]
        factor = len(events) / NAIVE_GROUP_BUDGET
    naive_agreement_table(view)
    naive_corroboration(view)
    if len(view):
        keyfacts.by_report(view, key, keyfacts.report_names(ds.documents))
    return factor


# ---------------------------------------------------------------- one size, one approach, one process


def worker(size: int, approach: str, storage: str, repeat: int) -> dict:
    import gc

    from launchwatch import analysis, basemap, exports, filters, loading

    folder = dataset_folder(size, storage)
    build_figures = ours_figures if approach == "ours" else baseline_figures
    build_sources = ours_sources if approach == "ours" else baseline_sources
    # Warm up on the bundled dataset: the first figure imports and sets up most of plotly, which is a
    # cost of starting the server, not of a filter change.
    small = loading.load()
    small_flat = exports.flat_claims(small)
    small_key = analysis.key_event_id(small.events)
    view, *_ = build_figures(small_flat, filters.FilterState(), small, small_key, {}, None)
    build_sources(view, small, small_key)
    del small, small_flat, view
    basemap.load_basemap()
    t = time.perf_counter()
    ds = loading.load(folder)
    load_s = time.perf_counter() - t
    after_load_mb = peak_mb()
    t = time.perf_counter()
    flat = exports.flat_claims(ds)
    flat_s = time.perf_counter() - t
    key = analysis.key_event_id(ds.events)
    desc = dict(zip(ds.events["event_id"], ds.events["description"], strict=True))
    # A located event with the fewest claims, the oldest: the last any thinning rule would keep.
    located = flat[flat["latitude"].notna() & (flat["event_id"] != key)]
    counts = located.groupby("event_id", sort=False).size()
    dates = located.drop_duplicates("event_id").set_index("event_id")["event_date"]
    selected = min(counts.index, key=lambda e: (counts[e], dates[e], e))

    scenarios = {
        "all": filters.FilterState(),
        "filtered": filters.FilterState(event_types=FILTERED_TYPES, since=FILTERED_SINCE),
    }
    out = {
        "size": size,
        "approach": approach,
        "storage": storage,
        "claims": len(flat),
        "events": int(ds.events.shape[0]),
        "load_s": load_s,
        "flat_s": flat_s,
        "after_load_mb": after_load_mb,
        "loadavg_start": os.getloadavg()[0],
        "scenarios": {},
    }
    for name, state in scenarios.items():
        fig_times, src_times, fig_cpu, src_cpu, factor = [], [], [], [], 1.0
        for _ in range(repeat):
            if sum(fig_times) + sum(src_times) > STEP_BUDGET_S:
                break
            gc.collect()
            t, c = time.perf_counter(), time.process_time()
            view, fig_map, fig_timeline, notices = build_figures(flat, state, ds, key, desc, selected)
            fig_times.append(time.perf_counter() - t)
            fig_cpu.append(time.process_time() - c)
            t, c = time.perf_counter(), time.process_time()
            factor = build_sources(view, ds, key) if approach == "baseline" else 1.0
            if approach == "ours":
                build_sources(view, ds, key)
            src_times.append((time.perf_counter() - t) * (factor or 1.0))
            src_cpu.append((time.process_time() - c) * (factor or 1.0))
        t = time.perf_counter()
        map_json, timeline_json = fig_map.to_json(), fig_timeline.to_json()
        json_s = time.perf_counter() - t
        out["scenarios"][name] = {
            "view_claims": len(view),
            "view_events": int(view["event_id"].nunique()),
            "runs": len(fig_times),
            "figures_s": min(fig_times),
            "sources_s": min(src_times),
            "figures_cpu_s": statistics.median(fig_cpu),
            "sources_cpu_s": statistics.median(src_cpu),
            "sources_scaled": factor > 1.0,
            "json_s": json_s,
            "map_bytes": len(map_json),
            "timeline_bytes": len(timeline_json),
            "map_points": _points(fig_map),
            "timeline_points": _points(fig_timeline),
            "selected_drawn": selected in map_json if name == "all" else None,
            "key_drawn": (key in map_json and key in timeline_json) if name == "all" else None,
            "notices": notices,
        }
        del fig_map, fig_timeline, map_json, timeline_json, view
    out["peak_mb"] = peak_mb()
    out["loadavg_end"] = os.getloadavg()[0]
    return out


def _points(fig) -> int:
    """Event markers drawn (the traces that carry event ids, or every point of a plotly express trace)."""
    n = 0
    for trace in fig.data:
        if trace.meta in ("events", "origin") or (trace.meta is None and trace.customdata is not None):
            n += len(trace.customdata)
    return n


# ---------------------------------------------------------------- the table


def fmt_s(x: float, scaled: bool = False) -> str:
    text = f"{x:.2f}" if x < 10 else f"{x:.0f}"
    return ("≈" + text) if scaled else text


def fmt_kb(n: int) -> str:
    return f"{n / 1024:,.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:,.1f} MB"


def table(results: list[dict]) -> str:
    head = (
        "| claims | approach | load (s) | filter change: figures (s), all / filtered | sources (s), all / filtered "
        "| map JSON | timeline JSON | peak memory (MB) |\n|---:|---|---:|---:|---:|---:|---:|---:|"
    )
    rows = []
    for r in results:
        a, f = r["scenarios"]["all"], r["scenarios"]["filtered"]
        rows.append(
            f"| {r['size']:,} | {r['approach']} | {r['load_s']:.1f} "
            f"| {fmt_s(a['figures_s'])} / {fmt_s(f['figures_s'])} "
            f"| {fmt_s(a['sources_s'], a['sources_scaled'])} / {fmt_s(f['sources_s'], f['sources_scaled'])} "
            f"| {fmt_kb(a['map_bytes'])} | {fmt_kb(a['timeline_bytes'])} | {r['peak_mb']:,.0f} |"
        )
    return head + "\n" + "\n".join(rows)


def detail(results: list[dict]) -> str:
    lines = [
        "| claims | approach | events | flat table (s) | peak after load (MB) | view all / filtered (claims) "
        "| markers on map / timeline (all) | CPU s figures / sources (all, median) | to_json (s) | load average |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        a, f = r["scenarios"]["all"], r["scenarios"]["filtered"]
        lines.append(
            f"| {r['size']:,} | {r['approach']} | {r['events']:,} | {r['flat_s']:.2f} "
            f"| {r['after_load_mb']:,.0f} "
            f"| {a['view_claims']:,} / {f['view_claims']:,} | {a['map_points']:,} / {a['timeline_points']:,} "
            f"| {fmt_s(a['figures_cpu_s'])} / {fmt_s(a['sources_cpu_s'], a['sources_scaled'])} "
            f"| {a['json_s']:.2f} | {r['loadavg_start']:.1f}–{r['loadavg_end']:.1f} |"
        )
    return "\n".join(lines)


def verdicts(results: list[dict]) -> list[str]:
    out = []
    for r in results:
        if r["approach"] != "ours":
            continue
        worst_figures = max(s["figures_s"] for s in r["scenarios"].values())
        worst_sources = max(s["sources_s"] for s in r["scenarios"].values())
        payload = max(max(s["map_bytes"], s["timeline_bytes"]) for s in r["scenarios"].values()) / 1024 / 1024
        checks = [
            f"figures {worst_figures:.2f} s {'≤' if worst_figures <= TARGET_REBUILD_S else '>'} 1 s",
            f"sources {worst_sources:.2f} s {'≤' if worst_sources <= TARGET_REBUILD_S else '>'} 1 s",
            f"largest figure {payload:.2f} MB {'≤' if payload <= TARGET_PAYLOAD_MB else '>'} 2 MB",
            f"peak {r['peak_mb']:,.0f} MB {'≤' if r['peak_mb'] <= TARGET_PEAK_MB else '>'} 2,048 MB",
        ]
        out.append(f"- {r['size']:,} claims: " + "; ".join(checks))
    return out


def machine() -> str:
    cpus = os.cpu_count()
    try:
        mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    except (ValueError, OSError):
        mem_gb = float("nan")
    import pandas as pd
    import plotly
    import pyarrow

    return (
        f"{cpus} cores, {mem_gb:.0f} GB RAM, {platform.system()} {platform.machine()}, Python "
        f"{platform.python_version()}, pandas {pd.__version__}, plotly {plotly.__version__}, "
        f"pyarrow {pyarrow.__version__}"
    )


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument(
        "--sizes",
        default=",".join(str(s) for s in DEFAULT_SIZES),
        help="comma-separated claim counts (default 10000,100000,1000000)",
    )
    p.add_argument("--repeat", type=int, default=7, help="timed runs per filter change; the best is reported")
    p.add_argument("--no-baseline", action="store_true", help="only our figures, not plotly express")
    p.add_argument(
        "--storage",
        choices=("parquet", "csv"),
        default="parquet",
        help="dataset files the loader reads (csv: the same tables converted)",
    )
    p.add_argument("--output", type=Path, default=RESULTS, help="Markdown file for the table")
    p.add_argument("--worker", nargs=2, metavar=("SIZE", "APPROACH"), help=argparse.SUPPRESS)
    a = p.parse_args(argv)

    if a.worker:
        print(json.dumps(worker(int(a.worker[0]), a.worker[1], a.storage, a.repeat)))
        return 0

    sizes = [int(s.replace("_", "")) for s in a.sizes.split(",") if s.strip()]
    approaches = ["ours"] if a.no_baseline else ["ours", "baseline"]
    results = []
    for size in sizes:
        dataset_folder(size, a.storage)  # generate once, outside the timed processes
        for approach in approaches:
            print(f"{size:,} claims, {approach} ...", file=sys.stderr, flush=True)
            proc = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--worker",
                    str(size),
                    approach,
                    "--storage",
                    a.storage,
                    "--repeat",
                    str(a.repeat),
                ],
                capture_output=True,
                text=True,
                cwd=ROOT,
            )
            if proc.returncode != 0:
                print(proc.stderr, file=sys.stderr)
                return proc.returncode
            results.append(json.loads(proc.stdout.strip().splitlines()[-1]))

    when = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    report = "\n".join(
        [
            "# Launchwatch at scale: measured",
            "",
            f"Measured {when} with `python benchmarks/bench.py"
            + (f" --sizes {a.sizes}" if a.sizes != ",".join(str(s) for s in DEFAULT_SIZES) else "")
            + (" --no-baseline" if a.no_baseline else "")
            + (f" --storage {a.storage}" if a.storage != "parquet" else "")
            + f"` (best of {a.repeat} runs) on {machine()}. See docs/performance.md for what is measured and why.",
            "",
            table(results),
            "",
            "Targets at every size (ours): a filter change rebuilds in under 1 s, each figure's JSON stays under 2 MB,"
            " peak memory stays under 2 GB.",
            "",
            *verdicts(results),
            "",
            "Details: events in the dataset, time to build the flat claims table after loading, peak memory right after"
            " `loading.load` (the loader's own peak), the claims in each view, event markers drawn (ours thins and"
            " counts the rest; plotly express draws every claim), the CPU seconds the process spent on a filter change"
            " (median), the time to serialise both figures, and the 1-minute load average while it ran (other work"
            " on the machine slows every wall-clock number).",
            "",
            detail(results),
            "",
            "Notices the figures gave, at the largest size (ours, everything shown):",
            "",
            *[
                f"- {n}"
                for r in results[-len(approaches) :]
                if r["approach"] == "ours"
                for n in r["scenarios"]["all"]["notices"]
            ],
            "",
        ]
    )
    print(report)
    a.output.write_text(report)
    print(f"written to {a.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
