"""The reference tables the extractor reads: places, events and originators of the workspace's dataset."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from .extract import Context
from .places import PlaceFinder
from .sources import Originators


def aliases(folder: Path | None) -> dict[str, str]:
    """alias -> originator from the dataset's aliases.csv when it has one (columns alias, originator)."""
    path = Path(folder) / "aliases.csv" if folder else None
    if path is None or not path.is_file():
        return {}
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return {r["alias"]: r["originator"] for r in rows if r.get("alias") and r.get("originator")}


def context(dataset, published: dt.date, dateline: str = "", folder: Path | None = None) -> Context:
    claims = dataset.claims
    known = dict(zip(claims["originator"], claims["originator_kind"], strict=False))
    return Context(
        published, PlaceFinder(dataset.places), dataset.events, Originators(known, aliases(folder)), dateline
    )
