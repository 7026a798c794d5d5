"""`python -m launchwatch brief`: a briefing of a view, written as HTML or PDF (by the file's suffix)."""

from __future__ import annotations

import sys
from pathlib import Path

from . import briefing, cli, exports, focus, links, loading, outputs
from .briefing import page, pdf, words

FORMATS = (".html", ".htm", ".pdf")


def _view(args, dataset: loading.Dataset) -> briefing.View | str:
    """The view the options describe, or what is wrong with them."""
    chosen = focus.resolve_dataset(dataset, args.launch)
    if args.launch and chosen.why != "chosen":
        return (
            f"--launch: {args.launch!r} is not a missile launch; list them with `python -m launchwatch launch --list`"
        )
    if args.event and args.event not in set(dataset.events["event_id"]):
        return f"--event: {args.event!r} is not an event of the dataset"
    if args.bearing is not None and links.bearing_notice(str(args.bearing)):
        return f"--bearing: {args.bearing:g} is outside {links.BEARING_MIN:g} to {links.BEARING_MAX:g} degrees"
    return briefing.View(
        dataset=dataset,
        claims=exports.flat_claims(dataset),
        state=cli.filter_state(args),
        launch=chosen.event_id,
        selected=args.event,
        bearing=args.bearing,
        app_url=args.app_url or words.DEFAULT_APP_URL,
    )


def run(args, validate) -> int:
    """validate: the shared filter options' check (cli._filtered), an exit status when they are wrong."""
    output = Path(args.output)
    if output.suffix.lower() not in FORMATS:
        print(f"-o: {output.name!r} must end in .html or .pdf (the suffix chooses the format)", file=sys.stderr)
        return 2
    if cli.refused_output("brief", args):
        return 1
    checked = validate(args)
    if isinstance(checked, int):
        return checked
    dataset = checked[2]
    view = _view(args, dataset)
    if isinstance(view, str):
        print(view, file=sys.stderr)
        return 2
    made = briefing.build(view)
    if output.suffix.lower() == ".pdf":
        try:
            outputs.replace_file(output, pdf.render(made))
        except pdf.PdfUnavailable as exc:
            print(f"brief: {exc}", file=sys.stderr)
            return 1
    else:
        outputs.replace_file(output, page.render(made).encode("utf-8"))
    print(f"wrote {made.title!r} ({made.counts}) to {output}")
    return 0
