"""How well the extractor finds the hand-curated claims, and how fast.

    python benchmarks/extraction.py            # the bundled reports and the test reports
    python benchmarks/extraction.py --repeat 9

For each bundled report (data/documents.csv, texts in the reports folder) the extractor runs against
the report's reference date, and its proposals are scored against data/claims.csv with
launchwatch.intake.scoring: per attribute, recall (curated claims found with the right value),
originator recall (found with the right originator too), exact spans (found with the curated
boundaries exactly: the curated spans are editorial clauses, so this figure has no target),
precision over the proposals a curated claim covers, and wrong values. The test reports written for
the project (tests/fixtures/reports, each with the claims expected of it) are scored the same way.
Time per report is the median of --repeat runs after one warm-up run, in this process.
The Markdown table is printed and written to docs/extraction.md's results block.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from launchwatch import loading  # noqa: E402
from launchwatch.intake import extract  # noqa: E402
from launchwatch.intake.numbers import parse_ordinal  # noqa: E402
from launchwatch.intake.reference import context  # noqa: E402
from launchwatch.intake.scoring import SCORED, Expected, Score, score  # noqa: E402

OWN_REPORTS = ROOT / "tests" / "fixtures" / "reports"
DOC = ROOT / "docs" / "extraction.md"


def _float(v) -> float | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if f != f else f


def _text(v) -> str:
    return "" if v is None or v != v else str(v)


def _expected_rows(claims) -> list[Expected]:
    out = []
    for r in claims.to_dict("records"):
        stance, value, attribute = _text(r.get("stance")) or "stated", _text(r.get("value")), r["attribute"]
        if value == "no details":  # the curation before not-given claims had a stance of their own
            stance, value = "not_given", ""
        if attribute == "sequence" and parse_ordinal(value):
            attribute = "ordinal_in_year"
        if attribute not in SCORED or (not value and stance == "stated"):
            continue
        day = r.get("resolved_date")
        out.append(
            Expected(
                attribute,
                value,
                int(r["span_start"]),
                int(r["span_end"]),
                _float(r.get("normalized_value")),
                day.date().isoformat() if hasattr(day, "date") and day == day else _text(day),
                _text(r.get("resolved_precision")),
                stance,
                r["originator"],
                _text(r.get("via")),
            )
        )
    return out


def own_reports() -> list[tuple[str, str, dt.date, list[Expected]]]:
    """The test reports: NAME.txt, and NAME.expected.csv whose `quote` column locates each claim."""
    found = []
    for path in sorted(OWN_REPORTS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        rows = list(csv.DictReader(path.with_suffix(".expected.csv").open(encoding="utf-8")))
        published = dt.date.fromisoformat(rows[0]["published"])
        expected = []
        for r in rows:
            at = text.find(r["quote"])
            if at < 0:
                raise SystemExit(f"{path.name}: quote not in the text: {r['quote']!r}")
            expected.append(
                Expected(
                    r["attribute"],
                    r["value"],
                    at,
                    at + len(r["quote"]),
                    _float(r["normalized_value"]),
                    r["resolved_date"],
                    r["date_precision"],
                    r["stance"] or "stated",
                    r["originator"],
                    r["via"],
                )
            )
        found.append((path.name, text, published, expected))
    return found


def bundled_reports(dataset) -> list[tuple[str, str, dt.date, list[Expected]]]:
    found = []
    for doc in dataset.documents.to_dict("records"):
        text = loading.report_text(dataset.documents, doc["document_id"])
        if text is None:
            raise SystemExit(f"{doc['file_name']}: not in the reports folder (set LAUNCHWATCH_REPORTS)")
        claims = dataset.claims[dataset.claims.document_id == doc["document_id"]]
        ref = doc["reference_date"]
        found.append(
            (
                doc["file_name"],
                text,
                ref.date() if hasattr(ref, "date") else dt.date.fromisoformat(ref),
                _expected_rows(claims),
            )
        )
    return found


def run(reports, dataset, repeat: int) -> tuple[dict[str, Score], list[float], list[str]]:
    total = {a: Score() for a in SCORED}
    times, lines = [], []
    for name, text, published, expected in reports:
        ctx = context(dataset, published)
        extract(text, ctx)  # warm-up
        runs = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            result = extract(text, ctx)
            runs.append(time.perf_counter() - t0)
        times.append(statistics.median(runs))
        for attribute, s in score(expected, result.proposals, text, ctx.originators.organisation).items():
            _add(total[attribute], s)
            lines += [f"  {name}: missed {e.attribute} {e.value!r} at {e.start}-{e.end}" for e in s.missed]
            lines += [
                f"  {name}: {e.attribute} {e.value!r} at {e.start}-{e.end} "
                f"from {p.originator!r}, curated {e.originator!r}"
                for e, p in s.other_originator
            ]
            lines += [
                f"  {name}: WRONG {p.attribute} {p.value!r} at {p.span_start}-{p.span_end} (curated {e.value!r})"
                for e, p in s.wrong
            ]
    return total, times, lines


def _add(total: Score, s: Score) -> None:
    for k in ("expected", "hits", "originator_hits", "exact_spans", "right_proposals", "extra"):
        setattr(total, k, getattr(total, k) + getattr(s, k))
    total.wrong += s.wrong
    total.missed += s.missed
    total.other_originator += s.other_originator


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.0f}% ({a}/{b})" if b else "-"


def table(total: dict[str, Score]) -> list[str]:
    rows = [
        "| attribute | curated | recall | originator recall | exact spans | precision | wrong values | not curated |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for a, s in total.items():
        if not s.expected and not s.extra and not s.wrong:
            continue
        judged = s.right_proposals + len(s.wrong)
        rows.append(
            f"| {a} | {s.expected} | {_pct(s.hits, s.expected)} | {_pct(s.originator_hits, s.expected)} | "
            f"{_pct(s.exact_spans, s.expected)} | {_pct(s.right_proposals, judged)} | {len(s.wrong)} | {s.extra} |"
        )
    all_e = sum(s.expected for s in total.values())
    rows.append(
        f"| **all** | {all_e} | {_pct(sum(s.hits for s in total.values()), all_e)} | "
        f"{_pct(sum(s.originator_hits for s in total.values()), all_e)} | "
        f"{_pct(sum(s.exact_spans for s in total.values()), all_e)} | | "
        f"{sum(len(s.wrong) for s in total.values())} | {sum(s.extra for s in total.values())} |"
    )
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    dataset = loading.load()
    out = []
    for title, reports in (
        ("Bundled reports vs data/claims.csv", bundled_reports(dataset)),
        ("Test reports vs their expected claims", own_reports()),
    ):
        total, times, lines = run(reports, dataset, args.repeat)
        out += [
            f"### {title}",
            "",
            *table(total),
            "",
            f"Time per report (median of {args.repeat} after a warm-up): "
            + ", ".join(f"{t * 1000:.0f} ms" for t in times)
            + f"; worst {max(times) * 1000:.0f} ms.",
            "",
        ]
        print("\n".join(out[-(len(table(total)) + 4) :]))
        print("\n".join(lines) or "  nothing missed, no wrong value", end="\n\n")
    _write_doc(out)
    return 0


def _write_doc(lines: list[str]) -> None:
    begin, end = "<!-- results: benchmarks/extraction.py -->", "<!-- end results -->"
    if not DOC.exists():
        return
    doc = DOC.read_text(encoding="utf-8")
    if begin in doc and end in doc:
        head, rest = doc.split(begin, 1)
        DOC.write_text(head + begin + "\n" + "\n".join(lines) + "\n" + end + rest.split(end, 1)[1], encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
