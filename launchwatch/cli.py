"""Command line: `python -m launchwatch validate|export|verdicts|brief|launch|import|extract|add|db`.

Like the dashboard, every command reads the data source in force (see `launchwatch.sources`): a
dataset folder named by LAUNCHWATCH_DATA, else the workspace database. `--data DIR` reads a folder
instead.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import textwrap
from pathlib import Path

import pandas as pd

from . import exports, filters, focus, linking, loading, outputs, schema, sources, store, verdicts

# (flag, argument name, flat-table column): one option per sidebar filter, shared by every command
# that reads the filtered claims (export, verdicts).
FILTER_OPTIONS = (
    ("--document", "document", "document"),
    ("--originator", "originator", "originator"),
    ("--source-kind", "source_kind", "originator_kind"),
    ("--event-type", "event_type", "event_type"),
)
# Facts of a launch the sidebar filters by: their values are the schema's terms, present or not.
LAUNCH_FILTER_OPTIONS = (
    ("--missile-class", "missile_class", tuple(schema.MISSILE_CLASSES)),
    ("--outcome", "outcome", schema.OUTCOMES),
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
        for line in loading.problem_lines(problems):
            print(line, file=sys.stdout)
        print(f"{len(problems)} problem(s) in {folder}", file=sys.stderr)
        return 1
    print(
        f"{folder}: valid ({len(dataset.documents)} documents, {len(dataset.events)} events, "
        f"{len(dataset.claims)} claims, {len(dataset.places)} places)"
    )
    return 0


def read_dataset(args) -> loading.Dataset | int:
    """The dataset a command reads (`--data DIR`, else the data source in force), or an exit status
    after saying what is wrong with it."""
    try:
        return linking.resolve(sources.read(getattr(args, "data", None))[0])
    except loading.DatasetError as exc:
        for line in loading.problem_lines(exc.problems):
            print(line, file=sys.stderr)
    except store.StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
    return 1


def _filtered(args) -> tuple[pd.DataFrame, pd.DataFrame, loading.Dataset] | int:
    """The flat claims table, the rows passing the filter options and the dataset, or an exit status
    after an error."""
    dataset = read_dataset(args)
    if isinstance(dataset, int):
        return dataset
    table = exports.flat_claims(dataset)
    for flag, attr, column in FILTER_OPTIONS:
        valid = set(table[column])
        unknown = sorted(set(getattr(args, attr) or ()) - valid)
        if unknown:
            print(f"{flag}: unknown value(s) {', '.join(unknown)}; known: {', '.join(sorted(valid))}", file=sys.stderr)
            return 2
    for flag, attr, terms in LAUNCH_FILTER_OPTIONS:
        unknown = sorted(set(getattr(args, attr) or ()) - set(terms))
        if unknown:
            print(f"{flag}: unknown value(s) {', '.join(unknown)}; known: {', '.join(terms)}", file=sys.stderr)
            return 2
    return table, filters.apply(table, filter_state(args)), dataset


def filter_state(args) -> filters.FilterState:
    """The filter options as the sidebar's filter state."""
    return filters.FilterState(
        documents=tuple(args.document or ()),
        originators=tuple(args.originator or ()),
        originator_kinds=tuple(args.source_kind or ()),
        event_types=tuple(args.event_type or ()),
        since=args.since,
        until=args.until,
        missile_classes=tuple(getattr(args, "missile_class", None) or ()),
        outcomes=tuple(getattr(args, "outcome", None) or ()),
    )


def add_output_option(parser: argparse.ArgumentParser, metavar: str = "FILE") -> None:
    """`-o FILE` and `--force`: every command that writes a file refuses to replace one unless told to."""
    parser.add_argument("-o", "--output", required=True, metavar=metavar)
    parser.add_argument("--force", action="store_true", help="replace the output file if it exists")


def refused_output(command: str, args) -> bool:
    """True (and says why) when the output file exists without --force, or is reached through a link."""
    try:
        outputs.check_file(Path(args.output), args.force)
    except outputs.Refused as exc:
        print(f"{command}: {exc}; nothing was written", file=sys.stderr)
        return True
    return False


def _filtered_for_output(command: str, args):
    """The claims a command that writes `-o` works on, or its exit status when it must not run."""
    return 1 if refused_output(command, args) else _filtered(args)


def cmd_export(args) -> int:
    got = _filtered_for_output("export", args)
    if isinstance(got, int):
        return got
    table, chosen, _ = got
    data = exports.to_csv_bytes(chosen) if args.format == "csv" else exports.to_geojson_bytes(chosen)
    outputs.replace_file(Path(args.output), data)
    print(f"wrote {len(chosen)} claim(s) of {len(table)} to {args.output}")
    return 0


def cmd_verdicts(args) -> int:
    got = _filtered_for_output("verdicts", args)
    if isinstance(got, int):
        return got
    table, chosen, dataset = got
    if args.launch is not None:
        focused = focus.resolve_dataset(dataset, args.launch)
        if focused.why != "chosen":
            print(
                f"--launch: {args.launch!r} is not a missile launch; list them with "
                "`python -m launchwatch launch --list`",
                file=sys.stderr,
            )
            return 2
        if focused.notice:
            print(focused.notice, file=sys.stderr)
        chosen = chosen[chosen["event_id"] == focused.event_id]
    rows = verdicts.verdict_rows(chosen)
    data = exports.to_csv_bytes(rows) if args.format == "csv" else verdicts.to_json_bytes(rows)
    outputs.replace_file(Path(args.output), data)
    print(f"wrote {len(rows)} verdict row(s) from {len(chosen)} claim(s) to {args.output}")
    return 0


def cmd_brief(args) -> int:
    from . import briefing_cli

    return briefing_cli.run(args, _filtered)


def cmd_launch(args) -> int:
    """Which launch is in focus (as the app's `launch` link parameter resolves it), and optionally all of them."""
    dataset = read_dataset(args)
    if isinstance(dataset, int):
        return dataset
    table = focus.launches(dataset.events, dataset.claims, dataset.places)
    chosen = focus.resolve_dataset(dataset, args.launch)
    if args.launch and chosen.why != "chosen":
        print(
            f"--launch: {args.launch!r} is not a missile launch in the data; "
            f"known: {len(table)} launch(es), list them with --list",
            file=sys.stderr,
        )
        return 2
    if chosen.notice and args.launch:
        print(chosen.notice, file=sys.stderr)
    if args.list:
        for row in table.itertuples():
            print(f"{'*' if row.event_id == chosen.event_id else ' '} {row.event_id}\t{row.label}")
    if chosen.event_id is None:
        print("no missile launch in the data")
        return 0
    label = table.loc[table["event_id"] == chosen.event_id, "label"].iloc[0]
    print(f"launch in focus: {chosen.event_id} ({label}); {chosen.why}")
    return 0


def add_launch_option(parser: argparse.ArgumentParser) -> None:
    """`--launch ID`: the launch in focus, resolved as the app resolves its `launch` link parameter."""
    parser.add_argument(
        "--launch",
        metavar="ID",
        help="a missile launch's event id (default: the key event, else "
        "the latest launch with a reported range, else the latest)",
    )


def cmd_import(args) -> int:
    from . import importers

    if bool(args.output) == bool(args.into_db):
        print("import: give either -o DIR (a dataset folder) or --into-db (the workspace database)", file=sys.stderr)
        return 2
    if args.into_db:
        from . import db_cli

        return db_cli.run_import(args)
    try:
        companions = {"facilities": args.facilities, "missiles": args.missiles}
        result, dataset = importers.import_to_folder(args.source_format, args.file, args.output, args.force, companions)
    except importers.ImportFailed as exc:
        for line in exc.result.report_lines() if exc.result else []:
            print(line)
        for p in exc.problems:
            print(p, file=sys.stderr)
        print(f"import: {exc}", file=sys.stderr)
        return 1
    for line in result.report_lines():
        print(line)
    print(
        f"wrote {Path(args.output)}: {len(dataset.documents)} document(s), {len(dataset.events)} event(s), "
        f"{len(dataset.places)} place(s), {len(dataset.claims)} claim(s)"
    )
    return 0


def cmd_extract(args) -> int:
    from . import intake_cli

    return intake_cli.run_extract(args)


def cmd_add(args) -> int:
    from . import intake_cli

    return intake_cli.run_add(args)


DATA_HELP = "a dataset folder to read instead of the data source in force (named above)"


def data_command(sub, name: str, help: str) -> argparse.ArgumentParser:
    """A subcommand that reads data: its --help says which data source is in use now, and the order."""
    return sub.add_parser(
        name,
        help=help,
        description=paragraphs(f"{help[0].upper()}{help[1:]}.", sources.in_use_text()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def paragraphs(*texts: str) -> str:
    """Help text wrapped by us: argparse's own wrapping would break 'read-only' at its hyphen."""
    return "\n\n".join(textwrap.fill(t, 88, break_on_hyphens=False, break_long_words=False) for t in texts)


# The sidebar's multi-choice filters: (option, metavar, what it keeps); each may be given several times.
_FILTER_LISTS = (
    ("--document", "ID", "report file name without .txt"),
    ("--originator", "NAME", "who a claim is attributed to"),
    ("--source-kind", "KIND", "kind of source: " + ", ".join(schema.ORIGINATOR_KINDS)),
    ("--event-type", "T", "event type"),
    ("--missile-class", "C", "launches claimed to be of class C: " + ", ".join(schema.MISSILE_CLASSES)),
    ("--outcome", "O", "launches whose outcome claim is O: " + ", ".join(schema.OUTCOMES)),
)


def add_filter_options(p: argparse.ArgumentParser) -> None:
    """The sidebar's filters as options: every command that reads filtered claims takes the same ones."""
    for flag, metavar, meaning in _FILTER_LISTS:
        p.add_argument(flag, action="append", metavar=metavar, help=f"{meaning} (repeatable)")
    p.add_argument("--since", type=_date, metavar="DATE", help="keep events whose period ends on or after DATE")
    p.add_argument("--until", type=_date, metavar="DATE", help="keep events whose period starts on or before DATE")
    p.add_argument("--data", metavar="DIR", help=DATA_HELP)


def _intake_parsers(sub) -> None:
    """`extract` and `add`: a report's proposed claims, and taking them into the workspace."""
    x = data_command(sub, "extract", "propose the claims a report states, one per row, with their spans")
    x.add_argument("file", help="the report: .txt, .md or a saved .html page")
    x.add_argument(
        "--published",
        required=True,
        type=_date,
        metavar="YYYY-MM-DD",
        help="the report's date: the day it speaks from, against which 'on Friday' or 'last month' resolve",
    )
    x.add_argument("--dateline", default="", help="the report's dateline, e.g. 'SEOUL' (its city gives the time zone)")
    x.add_argument("--format", choices=("csv", "json"), default="csv")
    x.add_argument("--data", metavar="DIR", help="events, places and originators from this folder; " + DATA_HELP)
    x.add_argument("-o", "--output", metavar="FILE", help="write here instead of printing")
    x.add_argument("--force", action="store_true", help="replace the output file if it exists")
    x.set_defaults(func=cmd_extract)
    a = data_command(sub, "add", "take a report into the workspace: its text, and the claims proposed from it")
    a.add_argument("file", help="the report: .txt, .md or a saved .html page")
    a.add_argument("--published", required=True, type=_date, metavar="YYYY-MM-DD", help="the report's date")
    a.add_argument("--outlet", default="", help="the publisher (default: unknown)")
    a.add_argument("--title", default="")
    a.add_argument("--url", default="", help="where it was published (kept as text)")
    a.add_argument("--dateline", default="")
    a.add_argument(
        "--reliability",
        choices=tuple("ABCDEF"),
        default="F",
        help="the outlet's reliability on the Admiralty scale (default F: cannot be judged)",
    )
    a.add_argument("--accept-all", action="store_true", help="add every proposal; without it, only list them")
    a.add_argument("--who", default=os.environ.get("USER") or "local", help="who adds it (default: $USER)")
    a.add_argument(
        "--db",
        metavar="URL",
        help="workspace database (default: $LAUNCHWATCH_DB, else the SQLite file "
        "under $LAUNCHWATCH_WORKSPACE or workspace/)",
    )
    a.set_defaults(func=cmd_add)


def _add_launch_and_import(sub) -> None:
    la = data_command(sub, "launch", "which launch is in focus (and --list every launch)")
    add_launch_option(la)
    la.add_argument("--list", action="store_true", help="list every missile launch, the one in focus starred")
    la.add_argument("--data", metavar="DIR", help=DATA_HELP)
    la.set_defaults(func=cmd_launch)

    i = data_command(sub, "import", "convert another event file into a dataset folder, or add it to the workspace")
    i.add_argument(
        "--from", dest="source_format", required=True, choices=("launchwatch", "cns", "acled", "nagix", "csis")
    )
    i.add_argument("file", help="the file to import (for nagix: its test.en.json)")
    i.add_argument(
        "--facilities",
        metavar="FILE",
        help="nagix only: its facility file (default: facility.en.json beside test.en.json)",
    )
    i.add_argument(
        "--missiles", metavar="FILE", help="nagix only: its missile file (default: missile.en.json beside, if there)"
    )
    i.add_argument("-o", "--output", metavar="DIR", help="write a dataset folder")
    i.add_argument("--force", action="store_true", help="replace the dataset in an output folder that is not empty")
    i.add_argument(
        "--into-db",
        action="store_true",
        help="add the file's rows to the workspace database in one change; rows already there are not added again",
    )
    i.add_argument("--who", default=os.environ.get("USER") or "local", help="who adds it (default: $USER)")
    i.set_defaults(func=cmd_import)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m launchwatch",
        description=f"{__doc__}\n{paragraphs(sources.in_use_text())}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)

    v = sub.add_parser("validate", help="list every problem in a dataset folder; exit 1 if any")
    v.add_argument("data_dir", nargs="?", help="dataset folder (default: $LAUNCHWATCH_DATA or the bundled data/)")
    v.set_defaults(func=cmd_validate)

    e = data_command(sub, "export", "write the filtered claims as one flat table")
    e.add_argument("--format", choices=("csv", "geojson"), required=True)
    add_filter_options(e)
    add_output_option(e)
    e.set_defaults(func=cmd_export)

    d = data_command(sub, "verdicts", "write what the sources say together, one row per (event, fact)")
    d.add_argument("--format", choices=("csv", "json"), required=True)
    d.add_argument(
        "--launch", metavar="ID", help="only this missile launch's facts (its event id); default: every event"
    )
    add_filter_options(d)
    add_output_option(d)
    d.set_defaults(func=cmd_verdicts)
    b = data_command(sub, "brief", "write a briefing of a view: HTML (offline, interactive) or PDF (print)")
    add_launch_option(b)
    add_filter_options(b)
    b.add_argument("--event", metavar="ID", help="the selected event (default: none)")
    b.add_argument(
        "--bearing",
        type=float,
        metavar="DEG",
        help="an assumed bearing from the origin, drawn and labelled as an assumption (default: none)",
    )
    b.add_argument(
        "--app-url",
        default=None,
        metavar="URL",
        help="the app's address, for the link that reopens the view (default: http://localhost:8501/)",
    )
    add_output_option(b, "FILE.html|FILE.pdf")
    b.set_defaults(func=cmd_brief)

    _add_launch_and_import(sub)
    _intake_parsers(sub)
    from . import db_cli

    db_cli.add_parsers(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)
