"""The reference tables the extractor reads: places, events and originators of the workspace's dataset."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from .extract import Context
from .places import PlaceFinder
from .proposal import REPORT_ITSELF
from .sources import Originators


def alias_table(aliases: pd.DataFrame) -> dict[str, set[str]]:
    """name -> the organisations it stands for, from the dataset's alias table (alias, organisation)."""
    table: dict[str, set[str]] = {}
    for alias, organisation in zip(aliases["alias"], aliases["organisation"], strict=True):
        if str(alias) and str(organisation):
            table.setdefault(str(alias), set()).add(str(organisation))
    return table


def known_originators(dataset) -> list[str]:
    """Every originator the dataset knows, sorted: named by a claim, or in the alias table (its names and
    the organisations they stand for); the report's own unattributed statements aside."""
    names = {*dataset.claims["originator"], *dataset.aliases["alias"], *dataset.aliases["organisation"]}
    return sorted({str(n) for n in names if str(n) and str(n) != REPORT_ITSELF}, key=str.casefold)


def context(dataset, published: dt.date, dateline: str = "") -> Context:
    claims = dataset.claims
    known = dict(zip(claims["originator"], claims["originator_kind"], strict=True))
    table = alias_table(dataset.aliases)
    return Context(published, PlaceFinder(dataset.places), dataset.events, Originators(known, table), dateline)


def organisations(dataset) -> list[str]:
    """The organisations behind the known originators (an originator the alias table does not list stands
    for itself): what a new originator may be said to stand for."""
    table = alias_table(dataset.aliases)
    found = {org for name in known_originators(dataset) for org in table.get(name, {name})}
    return sorted(found, key=str.casefold)
