"""A briefing as one self-contained HTML page: plotly.js inside, no outside request, interactive figures.

Every string from data goes through escaping.page_text; figure data goes in plotly's JSON, whose
text plotly shows as text (hover texts are escaped by the figure builders, templates are constants).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .. import figures, keyfacts, verdicts
from ..escaping import page_text as esc
from . import offline
from .content import Briefing

STYLE = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1c2833;
  margin:24px auto;max-width:1100px;padding:0 16px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:26px 0 8px;border-bottom:1px solid #d5d8dc}
table{border-collapse:collapse;width:100%;margin:6px 0}th,td{border:1px solid #d5d8dc;padding:4px 6px;
  text-align:left;vertical-align:top}th{background:#f2f4f4}.meta{color:#566573}.derived{color:#7d3c98;
  font-weight:600}.assumed{color:#a04000;font-weight:600}.quote{font-style:italic}.figure{margin:8px 0}
.conflict{color:#b03a2e;font-weight:600}code{font-size:12px;word-break:break-all}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}tr,.figure{break-inside:avoid}}
"""
PRINT_WIDTH = 980  # pixels: the figures' width in the PDF (an A4 page at the print scale used)


def render(b: Briefing, static: bool = False) -> str:
    """The briefing as an HTML document. static: figures drawn once, without interaction (for print)."""
    body = "".join(
        [
            f"<h1>{esc(b.title)}</h1>",
            _meta(b),
            _focus(b),
            _facts(b),
            _figures(b, static),
            _agreements(b.agreements),
            _evidence(b),
            _sources(b.sources),
            _derived(b.derived),
        ]
    )
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{esc(b.title)}</title><style>{STYLE}</style>"
        f"<script>{offline.plotly_js()}</script></head><body>{body}</body></html>"
    )


def _meta(b: Briefing) -> str:
    return (
        f"<p class='meta'>Made {esc(b.made_at)} · {esc(b.counts)}</p>"
        f"<p><b>Filters in force:</b> {esc(b.filters_text)}</p>"
        f"<p><b>This view in the app:</b> <a href='{esc(b.link)}'><code>{esc(b.link)}</code></a></p>"
    )


def _focus(b: Briefing) -> str:
    rows = "".join(f"<tr><th>{esc(what)}</th><td{_assumed_class(what)}>{esc(text)}</td></tr>" for what, text in b.focus)
    return f"<table>{rows}</table>"


def _assumed_class(what: str) -> str:
    return " class='assumed'" if what.lower().startswith("assumed") else ""


def _facts(b: Briefing) -> str:
    """The key facts card's facts: each value as reported, its verdict, who gives it, who says it was not given."""
    rows = "".join(
        f"<tr><td>{esc(f.label)}</td><td>{esc(f.value)}</td>"
        f"<td{' class=conflict' if f.verdict == verdicts.CONFLICT else ''}>{esc(f.verdict or '—')}</td>"
        f"<td>{esc(_fact_sources(f, b.report_names))}</td><td>{f.origins}</td></tr>"
        for f in b.facts
    )
    return (
        "<h2>Key facts of the launch in focus</h2><p class='meta'>Each value as its source worded it, at the "
        "precision given; conversions are listed under Derived. A report saying a value was not given is "
        "listed beside the verdict, never counted for or against it.</p>"
        "<table><tr><th>fact</th><th>as reported</th><th>verdict</th><th>sources</th>"
        f"<th>independent origins</th></tr>{rows}</table>"
    )


def _fact_sources(f: keyfacts.Fact, names: dict[str, str]) -> str:
    said = [keyfacts.source_chain(c, names) for c, q in zip(f.evidence, f.silent, strict=True) if not q]
    quiet = [keyfacts.source_chain(c, names) for c, q in zip(f.evidence, f.silent, strict=True) if q]
    return "; ".join(dict.fromkeys(said)) + (f" (not given, says: {'; '.join(quiet)})" if quiet else "")


def figure_html(fig: go.Figure, div_id: str, static: bool) -> str:
    """A figure as a div and the script that draws it with the page's own plotly.js."""
    # showLink is a Streamlit-side option that plotly's own page writer warns about.
    config = {k: v for k, v in figures.PLOTLY_CONFIG.items() if k != "showLink"}
    config.update(staticPlot=static, responsive=not static)
    if static:
        fig = go.Figure(fig).update_layout(width=PRINT_WIDTH)
    return fig.to_html(full_html=False, include_plotlyjs=False, div_id=div_id, config=config)


def _figures(b: Briefing, static: bool) -> str:
    notes = "".join(f"<li>{esc(n)}</li>" for n in b.map_notes)
    return (
        "<h2>Map</h2>"
        + f"<div class='figure'>{figure_html(b.map_figure, 'briefing-map', static)}</div>"
        + (f"<ul class='meta'>{notes}</ul>" if notes else "")
        + "<h2>Timeline</h2>"
        + f"<div class='figure'>{figure_html(b.timeline_figure, 'briefing-timeline', static)}</div>"
    )


def table_html(table: pd.DataFrame, headers: dict[str, str] | None = None) -> str:
    """A table of text, every cell escaped."""
    headers = headers or {}
    head = "".join(f"<th>{esc(headers.get(c, c))}</th>" for c in table.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{esc('' if pd.isna(v) else v)}</td>" for v in row) + "</tr>"
        for row in table.itertuples(index=False)
    )
    return f"<table><tr>{head}</tr>{rows}</table>"


def _agreements(table: pd.DataFrame) -> str:
    if table.empty:
        return "<h2>Agreements and conflicts</h2><p>No fact in view is stated by more than one report.</p>"
    return (
        "<h2>Agreements and conflicts</h2><p class='meta'>One row per event and fact stated by several reports, "
        "conflicts first. A report saying a value was not given is listed beside the verdict, never counted "
        "for or against it.</p>" + table_html(table)
    )


def _evidence(b: Briefing) -> str:
    how = (
        "Quoted from the reports, each checked against its SHA-256."
        if b.quoted
        else "The reports' text was not available: evidence is given as report file and character span."
    )
    items = "".join(
        f"<li><b>{esc(e.attribute)}</b>: {esc(e.claim)}<br><span class='meta'>{esc(e.originator)}"
        + (f" → via {esc(e.via)}" if e.via else "")
        + f" → in {esc(e.report)}</span><br>"
        + (
            f"<span class='quote'>“{esc(e.quote)}”</span> ({esc(e.span)})"
            if e.quote is not None
            else f"evidence: {esc(e.span)}"
        )
        + "</li>"
        for e in b.evidence
    )
    return (
        f"<h2>Each source's chain and its evidence</h2><p class='meta'>{esc(how)} Claims are in our words; "
        f"the chain runs originator → via → report.</p><ol>{items}</ol>"
    )


def _sources(table: pd.DataFrame) -> str:
    return "<h2>Sources</h2>" + table_html(
        table, {"published": "date", "reliability": "reliability grade", "sha256": "SHA-256"}
    )


def _derived(items: list[str]) -> str:
    li = "".join(f"<li><span class='derived'>derived</span> {esc(d)}</li>" for d in items)
    return (
        f"<h2>What was derived</h2><p class='meta'>Computed by Launchwatch, not stated by any source.</p><ul>{li}</ul>"
    )
