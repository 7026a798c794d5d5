"""How long a briefing of the bundled case takes: HTML and PDF, as the app's Briefing button and
`python -m launchwatch brief` make them.

    .venv/bin/python benchmarks/briefing.py [--repeat 5]

Times, best of --repeat runs (work by other programs only ever adds to a run): building the content
(figures, key facts, agreements, evidence, sources), writing the HTML page, and printing the PDF with
headless Chromium (a fresh Chromium per PDF, as the app starts one per download). Targets: HTML
under 3 s, PDF under 10 s. Also prints the sizes and the machine's load average.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from launchwatch import exports, focus, loading  # noqa: E402
from launchwatch.briefing import View, build, page, pdf  # noqa: E402


def best(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    dataset = loading.load()
    view = View(dataset=dataset, claims=exports.flat_claims(dataset), launch=focus.resolve_dataset(dataset).event_id)
    build(view)  # the first run reads the basemap and reference places once, as a running app has
    t_build, made = best(lambda: build(view), args.repeat)
    t_page, html = best(lambda: page.render(made), args.repeat)
    t_html, _ = best(lambda: page.render(build(view)).encode("utf-8"), args.repeat)
    print(
        f"machine: {os.cpu_count()} cores, {platform.system()} {platform.machine()}, Python "
        f"{platform.python_version()}; load average {os.getloadavg()[0]:.1f}"
    )
    print(f"bundled case: {len(dataset.events)} events, {len(dataset.claims)} claims, best of {args.repeat}")
    print(f"content (build)       {t_build:6.2f} s")
    print(f"HTML page (render)    {t_page:6.2f} s")
    print(f"HTML briefing total   {t_html:6.2f} s   target < 3 s   {len(html) / 1e6:.1f} MB")
    if not pdf.available():
        print("PDF: no Chromium here (" + pdf.MISSING + ")")
        return
    t_pdf, data = best(lambda: pdf.render(build(view)), args.repeat)
    print(f"PDF briefing total    {t_pdf:6.2f} s   target < 10 s  {len(data) / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
