"""Command line: `python -m launchwatch validate|export|verdicts|import`.

Like the dashboard, every command reads the bundled data/ unless LAUNCHWATCH_DATA names another folder.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import pandas as pd

from . import exports, filters, loading, schema, verdicts

# (flag, argument name, flat-table column): one option per sidebar filter, shared by every command
# that reads the filtered claims (export, verdicts).
FILTER_OPTIONS = (
    ("--document", "document", "document"),
    ("--originator", "originator", "originator"),
    ("--source-kind", "source_kind", "originator_kind"),
    ("--event-type", "event_type", "event_type"),
)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date in the form YYYY-MM-DD") from None


def cmd_validate(args) -> int:
    folder = loading.data_dir(args.data_dir)
    dataset, problems = loading.validate(folder)
    if problems:
        for p in problems:
            print(p, file=sys.stdout)
        print(f"{len(problems)} problem(s) in {folder}", file=sys.stderr)
        return 1
    print(f"{folder}: valid ({len(dataset.documents)} documents, {len(dataset.events)} events, "
          f"{len(dataset.claims)} claims, {len(dataset.places)} places)")
    return 0


def _filtered(args) -> tuple[pd.DataFrame, pd.DataFrame] | int:
    """The flat claims table and the rows passing the filter options, or an exit status after an error."""
    try:
        dataset = loading.load(args.data)
    except loading.DatasetError as exc:
        for p in exc.problems:
            print(p, file=sys.stderr)
        return 1
    table = exports.flat_claims(dataset)
    for flag, attr, column in FILTER_OPTIONS:
        valid = set(table[column])
        unknown = sorted(set(getattr(args, attr) or ()) - valid)
        if unknown:
            print(f"{flag}: unknown value(s) {', '.join(unknown)}; known: {', '.join(sorted(valid))}", file=sys.stderr)
            return 2
    state = filters.FilterState(
        documents=tuple(args.document or ()), originators=tuple(args.originator or ()),
        originator_kinds=tuple(args.source_kind or ()), event_types=tuple(args.event_type or ()),
        since=args.since, until=args.until)
    return table, filters.apply(table, state)


def cmd_export(args) -> int:
    got = _filtered(args)
    if isinstance(got, int):
        return got
    table, chosen = got
    data = exports.to_csv_bytes(chosen) if args.format == "csv" else exports.to_geojson_bytes(chosen)
    Path(args.output).write_bytes(data)
    print(f"wrote {len(chosen)} claim(s) of {len(table)} to {args.output}")
    return 0


def cmd_verdicts(args) -> int:
    got = _filtered(args)
    if isinstance(got, int):
        return got
    table, chosen = got
    if args.launch is not None:
        if args.launch not in set(table["event_id"]):
            print(f"--launch: unknown event '{args.launch}'", file=sys.stderr)
            return 2
        chosen = chosen[chosen["event_id"] == args.launch]
    rows = verdicts.verdict_rows(chosen)
    data = exports.to_csv_bytes(rows) if args.format == "csv" else verdicts.to_json_bytes(rows)
    Path(args.output).write_bytes(data)
    print(f"wrote {len(rows)} verdict row(s) from {len(chosen)} claim(s) to {args.output}")
    return 0


def cmd_import(args) -> int:
    from . import importers

    return importers.run_import(args.source_format, args.file, args.output)


def add_filter_options(p: argparse.ArgumentParser) -> None:
    """The sidebar's filters as options: every command that reads filtered claims takes the same ones."""
    p.add_argument("--document", action="append", metavar="ID", help="report file name without .txt (repeatable)")
    p.add_argument("--originator", action="append", metavar="NAME", help="who a claim is attributed to (repeatable)")
    p.add_argument("--source-kind", action="append", metavar="KIND",
                   help="kind of source: " + ", ".join(schema.ORIGINATOR_KINDS) + " (repeatable)")
    p.add_argument("--event-type", action="append", metavar="T", help="event type (repeatable)")
    p.add_argument("--since", type=_date, metavar="DATE", help="keep events whose period ends on or after DATE")
    p.add_argument("--until", type=_date, metavar="DATE", help="keep events whose period starts on or before DATE")
    p.add_argument("--data", metavar="DIR", help="dataset folder (default: $LAUNCHWATCH_DATA or the bundled data/)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m launchwatch", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    v = sub.add_parser("validate", help="list every problem in a dataset folder; exit 1 if any")
    v.add_argument("data_dir", nargs="?", help="dataset folder (default: $LAUNCHWATCH_DATA or the bundled data/)")
    v.set_defaults(func=cmd_validate)

    e = sub.add_parser("export", help="write the filtered claims as one flat table")
    e.add_argument("--format", choices=("csv", "geojson"), required=True)
    add_filter_options(e)
    e.add_argument("-o", "--output", required=True, metavar="FILE")
    e.set_defaults(func=cmd_export)

    d = sub.add_parser("verdicts", help="write what the sources say together, one row per (event, fact)")
    d.add_argument("--format", choices=("csv", "json"), required=True)
    d.add_argument("--launch", metavar="ID", help="only this event's facts (an event_id)")
    add_filter_options(d)
    d.add_argument("-o", "--output", required=True, metavar="FILE")
    d.set_defaults(func=cmd_verdicts)

    i = sub.add_parser("import", help="convert another event file into a dataset folder")
    i.add_argument("--from", dest="source_format", required=True, choices=("launchwatch", "cns", "acled"))
    i.add_argument("file")
    i.add_argument("-o", "--output", required=True, metavar="DIR")
    i.set_defaults(func=cmd_import)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)
