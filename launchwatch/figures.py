"""Plotly figures: the map and the timeline, built from the filtered claims.

Figures carry each event's id in `customdata`, so a click on any trace selects the event, whatever
the trace's point indices are.
"""
from __future__ import annotations

import html
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from . import analysis, basemap, geodesy
from .filters import event_period_end

TYPE_STYLE = {  # event type -> (colour, marker symbol, legend label)
    "missile_launch": ("#c0392b", "triangle-up", "Missile launch"),
    "artillery_fire": ("#d35400", "x", "Artillery fire"),
    "military_parade": ("#8e44ad", "star", "Military parade"),
    "visit": ("#2471a3", "diamond", "Visit"),
    "summit": ("#117a65", "square", "Summit"),
    "meeting": ("#16a085", "square-open", "Meeting"),
    "statement": ("#566573", "circle", "Statement"),
    "sanctions": ("#7d6608", "hexagon", "Sanctions"),
    "diplomacy": ("#1f618d", "pentagon", "Diplomacy"),
}
DEFAULT_STYLE = ("#34495e", "circle", "Other")

RING_COLOUR = "#1a5276"
EAST_SEA_ARC_COLOUR = "#e67e22"
ASSUMED_COLOUR = "#7f8c8d"
PRECISION_WORDS = {"day": "day", "week": "week of", "month": "month", "year": "year", "before": "on or before"}


def esc(text) -> str:
    """Plotly renders hover text as HTML: data must never become markup."""
    return html.escape(str(text), quote=False)


def date_label(date: pd.Timestamp | str, precision: str) -> str:
    d = pd.Timestamp(date)
    if precision == "day":
        return d.strftime("%d %b %Y")
    if precision == "week":
        return f"week of {d.strftime('%d %b %Y')}"
    if precision == "month":
        return d.strftime("%B %Y") + " (month only)"
    if precision == "year":
        return d.strftime("%Y") + " (year only)"
    if precision == "before":
        return f"on or before {d.strftime('%d %b %Y')} (no date given)"
    return d.strftime("%Y-%m-%d")


def _sources_line(group: pd.DataFrame, limit: int = 6) -> str:
    pairs = sorted({(analysis.short_doc(d), o) for d, o in zip(group["document"], group["originator"])})
    text = "; ".join(f"{d}: {o}" for d, o in pairs[:limit])
    if len(pairs) > limit:
        text += f"; +{len(pairs) - limit} more"
    return esc(text)


def _wrap(text: str, width: int = 70) -> str:
    words, lines, line = str(text).split(), [], ""
    for w in words:
        if len(line) + len(w) + 1 > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    lines.append(line)
    return "<br>".join(esc(x) for x in lines)


def event_summary(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per event in the filtered claims, with its hover text."""
    rows = []
    for event_id, g in claims.groupby("event_id", sort=False):
        first = g.iloc[0]
        rows.append({
            "event_id": event_id, "event_type": first["event_type"], "title": first["title"],
            "event_date": first["event_date"], "date_precision": first["date_precision"],
            "place": first["place"], "latitude": first["latitude"], "longitude": first["longitude"],
            "geo_precision": first["geo_precision"], "claims": len(g),
            "hover": (f"<b>{esc(first['title'])}</b><br>{esc(date_label(first['event_date'], first['date_precision']))}"
                      + (f"<br>{esc(first['place'])} ({esc(first['geo_precision'])} precision)" if first["place"] else "")
                      + f"<br>Sources: {_sources_line(g)}<br>{len(g)} claim(s)"),
        })
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- the map

@dataclass
class MapResult:
    figure: go.Figure
    rings: list[analysis.RangeRing]
    origin: tuple[float, float] | None
    notices: list[str]
    east_sea_arcs: dict[float, list[geodesy.Arc]]


def map_figure(claims: pd.DataFrame, places: pd.DataFrame, descriptions: dict[str, str],
               key_event: str | None, assumed_bearing: float | None = None,
               selected_event: str | None = None, base: dict | None = None) -> MapResult:
    base = base if base is not None else basemap.load_basemap()
    fig = go.Figure()
    for trace in basemap.outline_traces(base):
        fig.add_trace(trace)
    notices: list[str] = []
    rings: list[analysis.RangeRing] = []
    east_sea_arcs: dict[float, list[geodesy.Arc]] = {}
    origin = None

    key_claims = claims[claims["event_id"] == key_event] if key_event else claims.iloc[0:0]
    if len(key_claims) and pd.notna(key_claims["latitude"].iloc[0]):
        first = key_claims.iloc[0]
        origin = (float(first["latitude"]), float(first["longitude"]))
        place_row = places[places["name"] == first["place"]]
        uncertainty = float(place_row["uncertainty_km"].iloc[0]) if len(place_row) else 0.0
        _add_origin(fig, key_claims, origin, uncertainty)
        rings = analysis.range_rings(claims, key_event)
        for ring in rings:
            east_sea_arcs[ring.radius_km] = _add_ring(fig, ring, origin, base)
        if not rings:
            docs = ", ".join(sorted({analysis.short_doc(d) for d in key_claims["document"]}))
            notices.append(f"No claim in the current selection gives a flight range (reports shown: {docs}), "
                           "so no range ring is drawn.")
        if assumed_bearing is not None and rings:
            _add_assumed_path(fig, origin, assumed_bearing, rings)
    elif key_event:
        notices.append("The launch itself is not in the current selection, so its origin and range are not drawn.")

    _add_events(fig, claims, descriptions, exclude=key_event, selected=selected_event)
    _add_reference_places(fig, places)
    basemap.apply_offline_geo(fig)
    fig.update_layout(
        height=530, margin=dict(l=0, r=0, t=36, b=0),
        title=dict(text="Launch origin, reported range and related events", x=0.01, font=dict(size=16)),
        # Below the map, so it hides no part of it (the geo domain leaves it the bottom fifth).
        legend=dict(orientation="h", x=0, y=0.19, xanchor="left", yanchor="top", font=dict(size=11),
                    itemsizing="constant"),
        clickmode="event+select", dragmode="pan", hoverlabel=dict(align="left"),
    )
    return MapResult(fig, rings, origin, notices, east_sea_arcs)


def _add_origin(fig: go.Figure, key_claims: pd.DataFrame, origin, uncertainty_km: float) -> None:
    first = key_claims.iloc[0]
    named = analysis.origin_claims(key_claims, first["event_id"])
    who = _sources_line(named) if len(named) else "no origin claim in the current selection"
    if uncertainty_km > 0:
        lats, lons, _ = geodesy.ring(origin, uncertainty_km, points=73)
        fig.add_trace(go.Scattergeo(
            lat=lats, lon=lons, mode="lines", line=dict(color="#c0392b", width=1, dash="dot"),
            fill="toself", fillcolor="rgba(192,57,43,0.12)", name=f"Origin area (±{uncertainty_km:g} km)",
            hoverinfo="skip", meta="origin-uncertainty", customdata=[first["event_id"]] * len(lats)))
    fig.add_trace(go.Scattergeo(
        lat=[origin[0]], lon=[origin[1]], mode="markers+text", text=["Taekwan (origin)" if "Taekwan" in str(first["place"]) else esc(first["place"])],
        textposition="middle left", textfont=dict(size=12, color="#922b21"),
        marker=dict(symbol="triangle-up", size=16, color="#c0392b", line=dict(color="white", width=1.5)),
        name=f"Launch origin ({first['geo_precision']})", meta="origin", customdata=[first["event_id"]],
        hovertemplate=(f"<b>Launch origin: {esc(first['place'])}</b><br>"
                       f"{origin[0]:.2f}° N, {origin[1]:.2f}° E — {esc(first['geo_precision'])}-level, not a launch site"
                       f"<br>±{uncertainty_km:g} km<br>Named by: {who}<extra></extra>")))


def _add_ring(fig: go.Figure, ring: analysis.RangeRing, origin, base: dict) -> list[geodesy.Arc]:
    lats, lons, bearings = geodesy.ring(origin, ring.radius_km, points=361)
    who = "<br>".join(
        f"{esc(analysis.short_doc(r['document']))}: {esc(' '.join(x for x in [r['qualifier'], r['value'], r['unit']] if x))}"
        f" = {r['normalized_value']:g} km ({esc(r['originator'])})" for _, r in ring.claims.iterrows())
    fig.add_trace(go.Scattergeo(
        lat=lats, lon=lons, mode="lines", line=dict(color=RING_COLOUR, width=2),
        name=f"Reported range {ring.label}", meta="range-ring",
        customdata=[ring.claims["event_id"].iloc[0]] * len(lats),
        hovertemplate=(f"<b>Reported range {ring.label}</b><br>All points {ring.radius_km:,.0f} km from the origin"
                       f"<br>{who}<extra></extra>")))
    sea = basemap.over_east_sea(lons, lats, base)
    arcs = geodesy.runs(sea, bearings)
    if arcs:
        seg_lat, seg_lon = [], []
        for arc in arcs:
            lat_a, lon_a = _arc_points(origin, ring.radius_km, arc)
            seg_lat += list(lat_a) + [None]
            seg_lon += list(lon_a) + [None]
        span = ", ".join(f"{a.start % 360:.0f}°–{a.end % 360:.0f}°" for a in arcs)
        fig.add_trace(go.Scattergeo(
            lat=seg_lat, lon=seg_lon, mode="lines", line=dict(color=EAST_SEA_ARC_COLOUR, width=6),
            opacity=0.8, name="Range ring over the East Sea", meta="east-sea-arc",
            customdata=[ring.claims["event_id"].iloc[0]] * len(seg_lat),
            hovertemplate=(f"<b>{ring.label} ring over the East Sea</b><br>Bearings {span} from the origin"
                           "<br>The reports give direction and distance only: the missile came down"
                           "<br>somewhere on this arc, not at a reported point.<extra></extra>")))
    return arcs


def _arc_points(origin, radius_km: float, arc: geodesy.Arc):
    count = max(2, int(arc.end - arc.start) + 1)
    pts = [geodesy.destination(origin, b % 360, radius_km) for b in np.linspace(arc.start, arc.end, count)]
    return [p[0] for p in pts], [p[1] for p in pts]


def _add_assumed_path(fig: go.Figure, origin, bearing: float, rings: list[analysis.RangeRing]) -> None:
    for ring in rings:
        lats, lons = geodesy.path(origin, bearing, ring.radius_km)
        label = (f"ASSUMED path: bearing {bearing:.0f}° ({geodesy.compass(bearing)}), "
                 f"{ring.radius_km:,.0f} km from the origin")
        fig.add_trace(go.Scattergeo(
            lat=lats, lon=lons, mode="lines", line=dict(color=ASSUMED_COLOUR, width=2, dash="dash"),
            name=f"ASSUMED path {bearing:.0f}°, {ring.radius_km:,.0f} km (not reported)", meta="assumed-path",
            hovertemplate=f"{esc(label)}<br>Entered by the analyst, not reported<extra></extra>"))
        fig.add_trace(go.Scattergeo(
            lat=[lats[-1]], lon=[lons[-1]], mode="markers+text", text=["assumed end"],
            textposition="bottom center", textfont=dict(color=ASSUMED_COLOUR, size=11),
            marker=dict(symbol="x-open", size=13, color=ASSUMED_COLOUR, line=dict(width=2)),
            name="ASSUMED end point (derived)", meta="assumed-end",
            hovertemplate=(f"<b>Assumed end point (derived)</b><br>{lats[-1]:.2f}° N, {lons[-1]:.2f}° E"
                           f"<br>{esc(label)}<br>No source reports an impact point.<extra></extra>")))


def _add_events(fig: go.Figure, claims: pd.DataFrame, descriptions: dict[str, str], exclude: str | None,
                selected: str | None) -> None:
    summary = event_summary(claims)
    if summary.empty:
        return
    located = summary[summary["latitude"].notna() & (summary["event_id"] != exclude)]
    # Several events can share a place (two artillery firings into the same waters): fan them out a
    # little so each stays clickable, and say so in the hover.
    offsets = located.groupby(["latitude", "longitude"]).cumcount()
    for event_type, g in located.groupby("event_type", sort=False):
        colour, symbol, label = TYPE_STYLE.get(event_type, DEFAULT_STYLE)
        shift = offsets.loc[g.index] * 0.35
        hover = [h + "<br>" + _wrap(descriptions.get(e, "")) for h, e in zip(g["hover"], g["event_id"])]
        sizes = [18 if e == selected else 12 for e in g["event_id"]]
        fig.add_trace(go.Scattergeo(
            lat=g["latitude"], lon=g["longitude"] + shift, mode="markers",
            marker=dict(symbol=symbol, size=sizes, color=colour, line=dict(color="white", width=1)),
            name=label, meta="events", customdata=g["event_id"], text=hover,
            hovertemplate="%{text}<extra></extra>"))
    if selected and selected in set(located["event_id"]):
        row = located[located["event_id"] == selected].iloc[0]
        fig.add_trace(go.Scattergeo(
            lat=[row["latitude"]], lon=[row["longitude"] + offsets[row.name] * 0.35], mode="markers",
            marker=dict(symbol="circle-open", size=28, color="#f1c40f", line=dict(width=3)),
            name="Selected event", meta="selected", customdata=[selected], hoverinfo="skip"))


def _add_reference_places(fig: go.Figure, places: pd.DataFrame) -> None:
    cities = places[places["reference"] & (places["kind"] == "city")]
    fig.add_trace(go.Scattergeo(
        lat=cities["latitude"], lon=cities["longitude"], mode="markers+text", text=[esc(n) for n in cities["name"]],
        textposition="top center", textfont=dict(size=10, color="#444"),
        marker=dict(size=5, color="#555"), name="Reference cities", meta="reference", hoverinfo="skip",
        showlegend=False))


# ---------------------------------------------------------------- the timeline

def timeline_figure(claims: pd.DataFrame, descriptions: dict[str, str], key_event: str | None,
                    selected_event: str | None = None) -> go.Figure:
    summary = event_summary(claims)
    fig = go.Figure()
    if summary.empty:
        return fig
    start = pd.to_datetime(summary["event_date"])
    end = start.copy()
    prec = summary["date_precision"]
    end[prec == "week"] = start[prec == "week"] + pd.Timedelta(days=7)
    end[prec == "month"] = start[prec == "month"] + pd.offsets.MonthBegin(1)
    end[prec == "year"] = start[prec == "year"] + pd.offsets.YearBegin(1)
    # "On or before": drawn as the 30 days up to the bound, faded, so it never looks like a known day.
    before = prec == "before"
    start[before] = start[before] - pd.Timedelta(days=30)
    end[before] = end[before] + pd.Timedelta(days=1)
    labels = {t: TYPE_STYLE.get(t, DEFAULT_STYLE)[2] for t in summary["event_type"]}
    order = [TYPE_STYLE[t][2] for t in TYPE_STYLE if t in labels] + sorted(
        {v for k, v in labels.items() if k not in TYPE_STYLE})
    summary = summary.assign(start=start, end=end, lane=summary["event_type"].map(labels))
    hover = [h + "<br>" + _wrap(descriptions.get(e, "")) for h, e in zip(summary["hover"], summary["event_id"])]
    summary["text"] = hover

    for event_type, g in summary.groupby("event_type", sort=False):
        colour, symbol, label = TYPE_STYLE.get(event_type, DEFAULT_STYLE)
        spans = g[g["date_precision"] != "day"]
        if len(spans):
            fig.add_trace(go.Bar(
                base=spans["start"], x=(spans["end"] - spans["start"]).dt.total_seconds() * 1000, y=spans["lane"],
                orientation="h", marker=dict(color=colour, opacity=[0.25 if p == "before" else 0.45 for p in spans["date_precision"]],
                                             line=dict(color=colour, width=1)),
                width=0.5, name=f"{label} (period)", legendgroup=event_type, showlegend=False,
                customdata=spans["event_id"], text=spans["text"], hovertemplate="%{text}<extra></extra>",
                textposition="none", meta="event-span"))
        mid = g["start"] + (g["end"] - g["start"]) / 2
        mid = mid.where(g["date_precision"] != "day", g["start"])
        fig.add_trace(go.Scatter(
            x=mid, y=g["lane"], mode="markers", legendgroup=event_type, name=label,
            marker=dict(symbol=symbol, size=[18 if e == selected_event else 11 for e in g["event_id"]], color=colour,
                        line=dict(color=["#f1c40f" if e == selected_event else "white" for e in g["event_id"]],
                                  width=[3 if e == selected_event else 1 for e in g["event_id"]])),
            customdata=g["event_id"], text=g["text"], hovertemplate="%{text}<extra></extra>", meta="events"))

    if key_event and key_event in set(summary["event_id"]):
        k = summary[summary["event_id"] == key_event].iloc[0]
        fig.add_vline(x=k["start"].to_pydatetime(), line=dict(color="#c0392b", width=2, dash="dot"))
        fig.add_annotation(x=k["start"].to_pydatetime(), y=1.02, yref="paper", showarrow=False,
                           text=f"<b>{esc(date_label(k['start'], 'day'))}: {esc(k['title'])}</b>",
                           font=dict(color="#c0392b", size=12), xanchor="right")

    window = timeline_window(summary["start"], summary["end"], summary["event_id"], key_event)
    fig.update_layout(
        height=max(360, 62 * len(order) + 150), margin=dict(l=10, r=10, t=60, b=30),
        title=dict(text="Event timeline (drag to zoom, double-click for everything)", x=0.01, font=dict(size=16)),
        barmode="overlay", clickmode="event+select", dragmode="zoom", hovermode="closest", showlegend=False,
        hoverlabel=dict(align="left"),
        yaxis=dict(categoryorder="array", categoryarray=list(reversed(order)), title=None, fixedrange=True),
        xaxis=dict(type="date", range=list(window), title=None, showgrid=True,
                   rangeslider=dict(visible=True, thickness=0.07),
                   rangeselector=dict(buttons=[
                       dict(count=3, label="3 weeks", step="day", stepmode="backward"),
                       dict(count=4, label="4 months", step="month", stepmode="backward"),
                       dict(step="all", label="all")])),
    )
    return fig


def timeline_window(start: pd.Series, end: pd.Series, event_ids: pd.Series, key_event: str | None):
    """The initial view: the three weeks up to the key event (the run-up), else the last three weeks."""
    anchor = end.max()
    if key_event is not None and (event_ids == key_event).any():
        anchor = start[event_ids == key_event].iloc[0] + pd.Timedelta(days=1)
    return anchor - pd.Timedelta(days=21), anchor + pd.Timedelta(days=3)


def timeline_hidden_count(claims: pd.DataFrame, key_event: str | None) -> int:
    """Events wholly outside the timeline's initial window."""
    summary = event_summary(claims)
    if summary.empty:
        return 0
    start = pd.to_datetime(summary["event_date"])
    end = event_period_end(start, summary["date_precision"])
    lo, hi = timeline_window(start, end, summary["event_id"], key_event)
    return int(((end < lo) | (start > hi)).sum())


# No logo link, no cloud export: the mode bar offers only what works offline.
PLOTLY_CONFIG = {"displaylogo": False, "scrollZoom": True, "showLink": False, "showSendToCloud": False,
                 "modeBarButtonsToRemove": ["sendDataToCloud", "lasso2d", "select2d"]}
