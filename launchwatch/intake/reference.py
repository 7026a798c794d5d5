"""The reference tables the extractor reads: places, events and originators of the workspace's dataset."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from .extract import Context
from .places import PlaceFinder
from .sources import Originators


def alias_table(folder: Path | None) -> dict[str, set[str]]:
    """name -> the organisations it stands for, from the dataset's aliases.csv (alias, organisation)."""
    path = Path(folder) / "aliases.csv" if folder else None
    if path is None or not path.is_file():
        return {}
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    table: dict[str, set[str]] = {}
    for r in rows:
        if r.get("alias") and r.get("organisation"):
            table.setdefault(r["alias"], set()).add(r["organisation"])
    return table


def _aliases(frame) -> dict[str, set[str]]:
    """name -> organisations, from a dataset's alias table (read from its folder or its database)."""
    table: dict[str, set[str]] = {}
    if frame is not None:
        for alias, organisation in zip(frame["alias"], frame["organisation"], strict=True):
            if alias and organisation:
                table.setdefault(alias, set()).add(organisation)
    return table


def context(dataset, published: dt.date, dateline: str = "", folder: Path | None = None) -> Context:
    claims = dataset.claims
    known = dict(zip(claims["originator"], claims["originator_kind"], strict=True))
    table = alias_table(folder) if folder is not None else _aliases(getattr(dataset, "aliases", None))
    return Context(published, PlaceFinder(dataset.places), dataset.events, Originators(known, table), dateline)
