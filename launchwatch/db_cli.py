"""`python -m launchwatch db init|export` and `import --into-db`: the workspace database and files.

`db init [--from DIR] [--force]` seeds the database in force (see `launchwatch.sources`) from a dataset
folder (default the bundled data/), or from a folder `db export` wrote, history and all. A database
that holds a dataset is refused unless --force; --force replaces the dataset, and every row analysts
added or changed since a seed is first written, whole, into the history, which is never emptied (so
`db export` still carries it). `db export -o DIR` writes the workspace as a folder (see
`launchwatch.interchange`).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import cli, interchange, loading, outputs, sources, store


def _workspace(command: str) -> tuple[store.Store, sources.Source] | int:
    """The workspace database in force, opened, or an exit status after saying why not."""
    source = sources.resolve()
    if source.read_only:
        print(f"{command}: {source.refuse_write()}", file=sys.stderr)
        return 2
    try:
        return sources.open_store(source, seed=False), source
    except store.StoreError as exc:
        print(f"{command}: {exc}", file=sys.stderr)
        return 1


def _counts(dataset: loading.Dataset) -> str:
    return (
        f"{len(dataset.documents)} document(s), {len(dataset.events)} event(s), {len(dataset.places)} place(s), "
        f"{len(dataset.claims)} claim(s)"
    )


def run_init(args) -> int:
    opened = _workspace("db init")
    if isinstance(opened, int):
        return opened
    ws, source = opened
    folder = Path(args.source) if args.source else loading.BUNDLED_DATA
    try:
        got = interchange.read(folder)
        change = ws.seed(args.who, got.dataset, got.texts, args.force, got.reference, got.kept)
    except loading.DatasetError as exc:
        for line in loading.problem_lines(exc.problems):
            print(line, file=sys.stderr)
        print(f"db init: {folder.name} was not read; nothing was written", file=sys.stderr)
        return 1
    except store.StoreError as exc:
        print(f"db init: {exc}", file=sys.stderr)
        return 1
    restored = "" if got.kept.history is None else ", with its history"
    print(
        f"seeded the {source.label()} from {folder.name}{restored}: {_counts(got.dataset)}, "
        f"{len(got.texts)} report text(s); change {change}, attributed to {args.who}"
    )
    return 0


def run_export(args) -> int:
    try:
        interchange.check_output(Path(args.output), args.force)
    except outputs.Refused as exc:
        print(f"db export: {exc}; nothing was written", file=sys.stderr)
        return 1
    opened = _workspace("db export")
    if isinstance(opened, int):
        return opened
    ws, source = opened
    try:
        dataset = interchange.export(ws, Path(args.output))
    except store.StoreError as exc:
        print(f"db export: {exc}", file=sys.stderr)
        return 1
    print(f"wrote the {source.label()} to {args.output}: {_counts(dataset)}")
    return 0


def run_import(args) -> int:
    """`import --from FORMAT FILE --into-db`: the file's rows added to the workspace in one change."""
    from . import importers

    opened = _workspace("import")
    if isinstance(opened, int):
        return opened
    ws, source = opened
    try:
        companions = {"facilities": args.facilities, "missiles": args.missiles}
        result = importers.read_file(args.source_format, args.file, companions)
        added = interchange.add_dataset(ws, args.who, result.dataset, f"imported {Path(args.file).name}")
    except importers.ImportFailed as exc:
        for line in exc.result.report_lines() if exc.result else []:
            print(line)
        print(f"import: {exc}", file=sys.stderr)
        return 1
    except store.StoreError as exc:
        print(f"import: {exc}; nothing was added", file=sys.stderr)
        return 1
    for line in result.report_lines():
        print(line)
    if added.change is None:
        print(f"import: nothing new: every row of {Path(args.file).name} is already in the {source.label()}")
        return 0
    print(f"added to the {source.label()}: {added.text()}; change {added.change}, attributed to {args.who}")
    return 0


def add_parsers(sub) -> None:
    db = sub.add_parser("db", help="the workspace database: seed it from a folder, or export it as one")
    dbs = db.add_subparsers(dest="db_command", required=True)
    who = os.environ.get("USER") or "local"
    i = cli.data_command(dbs, "init", "seed the workspace database in force from a dataset folder")
    i.add_argument("--from", dest="source", metavar="DIR", help="the folder (default: the bundled data/)")
    i.add_argument(
        "--force",
        action="store_true",
        help="replace a dataset already there; rows analysts added or changed are kept, whole, in the history",
    )
    i.add_argument("--who", default=who, help="who seeds it (default: $USER)")
    i.set_defaults(func=run_init)
    e = cli.data_command(dbs, "export", "write the workspace database as a folder `validate` accepts")
    cli.add_output_option(e, "DIR")
    e.set_defaults(func=run_export)
    db.formatter_class = argparse.RawDescriptionHelpFormatter
    db.description = f"{__doc__}\n{cli.paragraphs(sources.in_use_text())}"
