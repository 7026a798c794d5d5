"""The reference tables the extractor reads: places, events and originators of the workspace's dataset."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from .extract import Context
from .places import PlaceFinder
from .sources import Originators, kind_of


def alias_names(folder: Path | None) -> list[str]:
    """Every name in the dataset's alias table (aliases.csv: alias, organisation), when it has one.

    A claim keeps the name its report uses and the table says which organisation each name stands
    for, so an alias and an organisation are both names a phrase in a report may resolve to."""
    path = Path(folder) / "aliases.csv" if folder else None
    if path is None or not path.is_file():
        return []
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [n for r in rows for n in (r.get("alias"), r.get("organisation")) if n]


def context(dataset, published: dt.date, dateline: str = "", folder: Path | None = None) -> Context:
    claims = dataset.claims
    known = dict(zip(claims["originator"], claims["originator_kind"], strict=True))
    for name in alias_names(folder if folder is not None else getattr(dataset, "folder", None)):
        known.setdefault(name, kind_of(name))
    return Context(published, PlaceFinder(dataset.places), dataset.events, Originators(known), dateline)
