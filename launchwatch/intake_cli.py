"""`python -m launchwatch extract`: the extractor's proposals for one report, as CSV or JSON."""

from __future__ import annotations

import dataclasses
import io
import json
import sys
from pathlib import Path

from . import cli, csvfiles, outputs, sources
from .intake import ORDERED, extract, save
from .intake.reader import ReportError, check_published, read_file
from .intake.reference import context, known_originators


def proposals_text(rows: list[dict], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
    return proposals_text_rows(rows, ORDERED)


def proposals_text_rows(rows: list[dict], fields: list[str] | None = None) -> str:
    """Rows as CSV by the one rule every CSV the project writes follows (formulas marked, CRs quoted)."""
    fields = fields or (list(rows[0]) if rows else [])
    out = io.StringIO()
    cells = ([_cell(row.get(k)) for k in fields] for row in rows)
    csvfiles.write_rows(out, fields, cells)
    return out.getvalue()


def _cell(value) -> str:
    return csvfiles.neutralise(value) if isinstance(value, str) else ("" if value is None else str(value))


def _report_text(args) -> str | None:
    """The report's text once its date and file check out; else None, with the reason on stderr."""
    try:
        check_published(args.published)
        return read_file(args.file)
    except ReportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return None


def run_extract(args) -> int:
    if args.output and cli.refused_output("extract", args):
        return 1
    text = _report_text(args)
    if text is None:
        return 2
    dataset = cli.read_dataset(args)
    if isinstance(dataset, int):
        return dataset
    result = extract(text, context(dataset, args.published, args.dateline))
    for w in result.warnings:
        print(f"warning: {w}", file=sys.stderr)
    rows = [{k: p.row()[k] for k in ORDERED} for p in result.proposals]
    body = proposals_text(rows, args.format)
    if args.output:
        outputs.replace_file(Path(args.output), body.encode("utf-8"))
        print(f"wrote {len(rows)} proposal(s) to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(body)
    return 0


def workspace_url(explicit: str | None) -> str | None:
    """The workspace database `add` writes to: --db, else the data source in force for the app; None
    when that source is a read-only folder."""
    if explicit:
        return explicit
    source = sources.resolve()
    return None if source.read_only else source.location


def open_workspace(url: str):
    """The workspace, made and seeded from the bundled dataset (and its report texts) when it is new."""
    return sources.open_store(sources.Source("database", url, "--db"))


def _print_plan(the_plan: save.Plan) -> None:
    rows = [
        {
            k: c.get(k, "")
            for k in (
                "claim_id",
                "event_id",
                "attribute",
                "value",
                "unit",
                "originator",
                "via",
                "span_start",
                "span_end",
            )
        }
        for c in the_plan.claims
    ]
    sys.stdout.write(proposals_text_rows(rows))
    for e in the_plan.events:
        print(f"new event: {e['event_id']} ({e['event_type']}, {e['date']}, {e['date_precision']})", file=sys.stderr)
    for name in the_plan.originators:
        print(f"new originator: {name} (added to the alias table, standing for itself)", file=sys.stderr)
    for p in the_plan.problems:
        print(f"not added: {p}", file=sys.stderr)


def run_add(args) -> int:
    url = workspace_url(args.db)
    if url is None:
        print(
            "error: LAUNCHWATCH_DATA opens a dataset folder read-only: unset it to work in the workspace "
            "database, or give --db",
            file=sys.stderr,
        )
        return 2
    text = _report_text(args)
    if text is None:
        return 2
    ws = open_workspace(url)
    dataset = ws.load()
    result = extract(text, context(dataset, args.published, args.dateline))
    meta = save.Metadata(
        published=args.published,
        name=Path(args.file).name,
        title=args.title,
        outlet=args.outlet,
        url=args.url,
        dateline=args.dateline,
        reliability=args.reliability,
    )
    the_plan = save.plan(text, meta, result.proposals, known_originators(dataset))
    _print_plan(the_plan)
    if not args.accept_all:
        print(
            f"would add report {the_plan.document['document_id']} with {len(the_plan.claims)} claim(s) and "
            f"{len(the_plan.events)} new event(s): give --accept-all to add them",
            file=sys.stderr,
        )
        return 0
    try:
        change = save.save(ws, args.who, text, dataclasses.replace(the_plan, problems=[]))
    except Exception as exc:  # the store refuses a write whole and says why
        print(f"error: nothing was added: {exc}", file=sys.stderr)
        return 1
    print(
        f"added report {the_plan.document['document_id']} with {len(the_plan.claims)} claim(s) as change "
        f"{change}, attributed to {args.who}",
        file=sys.stderr,
    )
    return 0
