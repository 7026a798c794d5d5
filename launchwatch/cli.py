"""Command line: `python -m launchwatch validate|export|import`.

Like the dashboard, every command reads the bundled data/ unless LAUNCHWATCH_DATA names another folder.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from . import exports, filters, loading


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date in the form YYYY-MM-DD") from None


def cmd_validate(args) -> int:
    folder = loading.data_dir(args.data_dir)
    dataset, problems = loading.validate(folder)
    if problems:
        for line in loading.problem_lines(problems):
            print(line, file=sys.stdout)
        print(f"{len(problems)} problem(s) in {folder}", file=sys.stderr)
        return 1
    print(f"{folder}: valid ({len(dataset.documents)} documents, {len(dataset.events)} events, "
          f"{len(dataset.claims)} claims, {len(dataset.places)} places)")
    return 0


def cmd_export(args) -> int:
    try:
        dataset = loading.load(args.data)
    except loading.DatasetError as exc:
        for line in loading.problem_lines(exc.problems):
            print(line, file=sys.stderr)
        return 1
    table = exports.flat_claims(dataset)
    known = {
        "--document": (args.document, set(table["document"])),
        "--originator": (args.originator, set(table["originator"])),
        "--event-type": (args.event_type, set(table["event_type"])),
    }
    for flag, (given, valid) in known.items():
        unknown = sorted(set(given or ()) - valid)
        if unknown:
            print(f"{flag}: unknown value(s) {', '.join(unknown)}; known: {', '.join(sorted(valid))}", file=sys.stderr)
            return 2
    state = filters.FilterState(
        documents=tuple(args.document or ()), originators=tuple(args.originator or ()),
        event_types=tuple(args.event_type or ()), since=args.since, until=args.until)
    chosen = filters.apply(table, state)
    data = exports.to_csv_bytes(chosen) if args.format == "csv" else exports.to_geojson_bytes(chosen)
    Path(args.output).write_bytes(data)
    print(f"wrote {len(chosen)} claim(s) of {len(table)} to {args.output}")
    return 0


def cmd_import(args) -> int:
    from . import importers

    return importers.run_import(args.source_format, args.file, args.output)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m launchwatch", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    v = sub.add_parser("validate", help="list every problem in a dataset folder; exit 1 if any")
    v.add_argument("data_dir", nargs="?", help="dataset folder (default: $LAUNCHWATCH_DATA or the bundled data/)")
    v.set_defaults(func=cmd_validate)

    e = sub.add_parser("export", help="write the filtered claims as one flat table")
    e.add_argument("--format", choices=("csv", "geojson"), required=True)
    e.add_argument("--document", action="append", metavar="ID", help="report file name without .txt (repeatable)")
    e.add_argument("--originator", action="append", metavar="NAME", help="who a claim is attributed to (repeatable)")
    e.add_argument("--event-type", action="append", metavar="T", help="event type (repeatable)")
    e.add_argument("--since", type=_date, metavar="DATE", help="keep events whose period ends on or after DATE")
    e.add_argument("--until", type=_date, metavar="DATE", help="keep events whose period starts on or before DATE")
    e.add_argument("--data", metavar="DIR", help="dataset folder (default: $LAUNCHWATCH_DATA or the bundled data/)")
    e.add_argument("-o", "--output", required=True, metavar="FILE")
    e.set_defaults(func=cmd_export)

    i = sub.add_parser("import", help="convert another event file into a dataset folder")
    i.add_argument("--from", dest="source_format", required=True, choices=("launchwatch", "cns", "acled"))
    i.add_argument("file")
    i.add_argument("-o", "--output", required=True, metavar="DIR")
    i.set_defaults(func=cmd_import)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)
