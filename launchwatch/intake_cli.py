"""`python -m launchwatch extract`: the extractor's proposals for one report, as CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

from . import loading
from .intake import ORDERED, extract
from .intake.reader import ReportError, check_published, read_file
from .intake.reference import context


def proposals_text(rows: list[dict], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=ORDERED, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        # A cell a spreadsheet would run as a formula is written as text.
        writer.writerow({k: ("'" + v if isinstance(v, str) and v and v[0] in "=+-@" else v) for k, v in row.items()})
    return out.getvalue()


def run_extract(args) -> int:
    try:
        check_published(args.published)
        text = read_file(args.file)
    except ReportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        dataset = loading.load(args.data)
    except loading.DatasetError as exc:
        for p in exc.problems:
            print(p, file=sys.stderr)
        return 1
    result = extract(text, context(dataset, args.published, args.dateline, loading.data_dir(args.data)))
    for w in result.warnings:
        print(f"warning: {w}", file=sys.stderr)
    rows = [{k: p.row()[k] for k in ORDERED} for p in result.proposals]
    body = proposals_text(rows, args.format)
    if args.output:
        Path(args.output).write_text(body, encoding="utf-8")
        print(f"wrote {len(rows)} proposal(s) to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(body)
    return 0
