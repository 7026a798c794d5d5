"""The history view: launches per year (or month) over decades, stacked by missile class or outcome.

A lane timeline reads well for one case of a few weeks; a launch database spans forty years and
hundreds of launches. Here each launch counts its missiles (a salvo of twelve is twelve, from its
`count` claim), each bar is a period a click narrows the filters to, and launches known only to the
month or year are counted in their period and said to be so.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from . import attributes, schema
from .escaping import html_text

HISTORY_MIN_LAUNCHES = 20  # below this the lane timeline alone says it better
MONTHS_UP_TO_YEARS = 3  # a view spanning at most this many years is counted per month
OUTCOME_COLOURS = {"success": "#1e8449", "failure": "#c0392b", "unknown": "#95a5a6"}
CLASS_COLOURS = {
    "SRBM": "#e67e22",
    "MRBM": "#d35400",
    "IRBM": "#a04000",
    "ICBM": "#6e2c00",
    "SLBM": "#2471a3",
    "SLV": "#7d3c98",
    "cruise": "#117a65",
    "hypersonic": "#b03a2e",
    "unknown": "#95a5a6",
}
HOVER = "%{hovertext}<extra></extra>"


def _first_value(claims: pd.DataFrame, attribute: str) -> pd.Series:
    said = claims[(claims["attribute"] == attribute) & (claims["value"] != "")]
    return said.drop_duplicates("event_id").set_index("event_id")["value"]


def launch_table(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per missile launch in the claims: date, precision, class, outcome and missiles fired."""
    ml = claims[claims["event_type"] == "missile_launch"]
    columns = ["event_id", "title", "date", "date_precision", "missile_class", "outcome", "missiles", "counted"]
    if ml.empty:
        return pd.DataFrame(columns=columns)
    out = ml.drop_duplicates("event_id").set_index("event_id")[["title", "event_date", "date_precision"]]
    out["date"] = pd.to_datetime(out.pop("event_date"))
    claimed = _first_value(ml, "missile_class").reindex(out.index)
    # No class claim: the class the title and missile claims imply, else unknown (never a guess beyond that).
    said = ml[ml["attribute"].isin(["missile_type", "missile_name"])].groupby("event_id")["value"].agg(" ".join)
    implied = [
        attributes.missile_class(t, s) for t, s in zip(out["title"], said.reindex(out.index).fillna(""), strict=True)
    ]
    out["missile_class"] = claimed.fillna(pd.Series(implied, index=out.index))
    out["outcome"] = _first_value(ml, "outcome").reindex(out.index).fillna("unknown")
    counts = ml[(ml["attribute"] == "count") & ml["normalized_value"].notna()]
    counted = counts.groupby("event_id")["normalized_value"].max().reindex(out.index)
    out["counted"] = counted.notna()
    out["missiles"] = counted.fillna(1).clip(lower=1).astype("int64")
    return out.reset_index()[columns]


def per_period(table: pd.DataFrame, by: str, period: str) -> pd.DataFrame:
    """Missiles and launches per (period start, category); period is 'year' or 'month'."""
    freq = "YS" if period == "year" else "MS"
    start = table["date"].dt.to_period("Y" if period == "year" else "M").dt.start_time
    grouped = table.assign(start=start).groupby(["start", by], sort=True)
    out = grouped.agg(
        missiles=("missiles", "sum"),
        launches=("event_id", "size"),
        imprecise=("date_precision", lambda p: int((p != "day").sum())),
    ).reset_index()
    out["end"] = out["start"] + pd.tseries.frequencies.to_offset(freq) - pd.Timedelta(days=1)
    return out


def choose_period(table: pd.DataFrame, since: dt.date | None, until: dt.date | None) -> str:
    """Per month when the view spans a few years at most (a bar clicked, or dates chosen), else per year."""
    if table.empty:
        return "year"
    lo = pd.Timestamp(since) if since else table["date"].min()
    hi = pd.Timestamp(until) if until else table["date"].max()
    return "month" if (hi - lo).days <= 366 * MONTHS_UP_TO_YEARS else "year"


def history_figure(table: pd.DataFrame, by: str = "missile_class", period: str = "year") -> go.Figure:
    """Stacked bars of missiles per period; each bar's customdata is [start, end, category] for a click."""
    fig = go.Figure()
    counts = per_period(table, by, period) if len(table) else pd.DataFrame()
    colours = CLASS_COLOURS if by == "missile_class" else OUTCOME_COLOURS
    order = list(schema.MISSILE_CLASSES) if by == "missile_class" else list(schema.OUTCOMES)
    label = "%Y" if period == "year" else "%b %Y"
    for category in [c for c in order if len(counts) and c in set(counts[by])]:
        g = counts[counts[by] == category]
        text = [
            f"<b>{s.strftime(label)}: {m:,} {html_text(category)} missile(s)</b><br>{n:,} launch(es)"
            + (f", {i:,} dated only to the month or year" if i else "")
            + "<br>Click to narrow to these launches"
            for s, m, n, i in zip(g["start"], g["missiles"], g["launches"], g["imprecise"], strict=True)
        ]
        fig.add_trace(
            go.Bar(
                x=g["start"] + (pd.Timedelta(days=182) if period == "year" else pd.Timedelta(days=14)),
                y=g["missiles"],
                name=category,
                marker=dict(color=colours.get(category, "#34495e")),
                customdata=np.stack(
                    [g["start"].dt.strftime("%Y-%m-%d"), g["end"].dt.strftime("%Y-%m-%d"), np.full(len(g), category)],
                    axis=-1,
                ),
                hovertext=text,
                hovertemplate=HOVER,
                meta="history-bars",
            )
        )
    what = "missile class" if by == "missile_class" else "outcome"
    fig.update_layout(
        barmode="stack",
        height=380,
        margin=dict(l=10, r=10, t=50, b=30),
        bargap=0.15,
        title=dict(
            text=f"Missiles fired per {period}, by {what} (a salvo counts each missile)", x=0.01, font=dict(size=16)
        ),
        xaxis=dict(type="date", title=None),
        yaxis=dict(title="missiles", rangemode="tozero"),
        legend=dict(orientation="h", y=-0.12),
        clickmode="event+select",
        hovermode="closest",
    )
    return fig


def summary_line(table: pd.DataFrame) -> str:
    """'245 launches, 312 missiles, 1984-2023; 30 dated only to the month or year; 12 salvos'."""
    if table.empty:
        return "No missile launch in the data in view."
    years = table["date"].dt.year
    imprecise = int((table["date_precision"] != "day").sum())
    salvos = int((table["missiles"] > 1).sum())
    text = f"{len(table):,} launch(es), {int(table['missiles'].sum()):,} missile(s), {years.min()}–{years.max()}"
    if imprecise:
        text += f"; {imprecise:,} dated only to the month or year (counted in that period)"
    if salvos:
        text += f"; {salvos:,} with a stated count of several missiles"
    return text + "."
