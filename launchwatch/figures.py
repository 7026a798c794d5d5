"""Plotly figures: the map and the timeline, built from the filtered claims.

Figures carry each event's id in `customdata`, so a click on any trace selects the event, whatever
the trace's point indices are.
"""

from __future__ import annotations

import functools
import html
import operator
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from _plotly_utils.basevalidators import copy_to_readonly_numpy_array, is_homogeneous_array, to_scalar_or_list

from . import analysis, basemap, bearings, columnar, geodesy, labels, landing, lanes, memo, periods
from .escaping import html_text, html_texts

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
    "nuclear_test": ("#641e16", "star-diamond", "Nuclear test"),
    "satellite_launch": ("#af601a", "triangle-up-open", "Satellite launch"),
    "cruise_missile_test": ("#a93226", "arrow-right", "Cruise missile test"),
    "engine_test": ("#6e2c00", "cross", "Engine test"),
    "other_provocation": ("#4d5656", "circle-x", "Other provocation"),
}
DEFAULT_STYLE = ("#34495e", "circle", "Other")

RING_COLOUR = "#1a5276"
EAST_SEA_ARC_COLOUR = "#e67e22"
ASSUMED_COLOUR = "#7f8c8d"
REPORTED_BEARING_COLOUR = "#117a65"  # solid and green: reported, never the assumed bearing's dashed grey

# Above these counts the figures draw a chosen subset one by one and count the rest (docs/performance.md):
# beyond them markers only hide each other, and every one costs the browser its hover text.
MAP_EVENT_LIMIT = 500
MAP_EVENTS_PER_PLACE = 5  # events drawn one by one at any one place (all at the place's point)
MAP_CELL_LIMIT = 300  # grey count circles for the events not drawn; cells grow until there are no more
TIMELINE_EVENT_LIMIT = 800

# The only hover templates: plotly evaluates %{...} in a template, so data goes in text or hovertext
# (escaped with html_text) and never into a template.
HOVER = "%{hovertext}<extra></extra>"
HOVER_TEXT = "%{text}<extra></extra>"
HOVER_TEMPLATES = (HOVER, HOVER_TEXT)


def _sources_line(group: pd.DataFrame, limit: int = 6) -> str:
    pairs = sorted({(analysis.short_doc(d), o) for d, o in zip(group["document"], group["originator"], strict=True)})
    text = "; ".join(f"{d}: {o}" for d, o in pairs[:limit])
    if len(pairs) > limit:
        text += f"; +{len(pairs) - limit} more"
    return html_text(text)


def _per_point(values: list):
    """One value per point; for a long trace whose points all share it, that value once.

    Plotly checks every element of a list (a colour takes ~60 µs), and the browser receives each:
    for hundreds of identical values a single one draws the same and costs neither.
    """
    if len(values) > 100 and all(v == values[0] for v in values):
        return values[0]
    return values


def _wrap(text: str, width: int = 70) -> str:
    words, lines, line = str(text).split(), [], ""
    for w in words:
        if len(line) + len(w) + 1 > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    lines.append(line)
    return "<br>".join(html_text(x) for x in lines)


# ---------------------------------------------------------------- one row per event, vectorised

EVENT_COLUMNS = [
    "event_id",
    "event_type",
    "title",
    "event_date",
    "date_precision",
    "place",
    "latitude",
    "longitude",
    "geo_precision",
]


def _event_facts(claims: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """One row per event (in order of first appearance, as groupby(sort=False) gives them), taken from its
    first claim, with its number of claims; and each claim's row number in that table.

    Worked out once per claims table (the very object), which the map, the timeline and its notices of
    one view share: read only."""
    return memo.for_table(claims).get("event-facts", lambda: _count_events(claims))


def _count_events(claims: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    codes = columnar.event_numbers(claims)
    first = columnar.first_of(codes)
    facts = claims[EVENT_COLUMNS].iloc[first].reset_index(drop=True)
    facts["claims"] = np.bincount(codes, minlength=len(first)).astype("int64")
    return facts, codes


def _sources_lines(claims: pd.DataFrame, codes: np.ndarray, wanted: np.ndarray, limit: int = 6) -> pd.Series:
    """_sources_line for each wanted event (a boolean per event), without a loop over events."""
    rows = np.flatnonzero(wanted[codes])
    event = codes[rows]
    docs = columnar.per_distinct(claims["document"].iloc[rows], analysis.short_doc)
    orgs = columnar.text_of(claims["originator"].iloc[rows])
    # (report, originator) pairs, deduplicated and sorted per event as sorted() orders tuples of text.
    doc_codes, doc_names = pd.factorize(docs, sort=True)
    org_codes, org_names = pd.factorize(orgs, sort=True)
    width_org = max(len(org_names), 1)
    width = max(len(doc_names), 1) * width_org
    keys = columnar.unique_sorted(event.astype(np.int64) * width + doc_codes * width_org + org_codes)
    pair_event, pair = np.divmod(keys, width)
    per_event = np.bincount(pair_event, minlength=len(wanted))[wanted]
    rank = np.arange(len(keys)) - np.repeat(np.cumsum(per_event) - per_event, per_event)
    kept = rank < limit
    texts = (
        columnar.take_text(doc_names, pair[kept] // width_org)
        + ": "
        + columnar.take_text(org_names, pair[kept] % width_org)
    )
    lines = columnar.join_runs(texts, np.minimum(per_event, limit), "; ")
    more = per_event > limit
    if more.any():
        lines[more] = lines[more] + "; +" + pd.Series(per_event[more] - limit, dtype="str").to_numpy() + " more"
    return html_texts(lines)


def _hover(
    facts: pd.DataFrame, claims: pd.DataFrame, codes: np.ndarray, wanted: np.ndarray, kept: memo.Memo | None = None
) -> pd.Series:
    """Each wanted event's hover text: title, date, place, sources and the number of claims. kept: the memo
    of the claims' table, which keeps each event's title, date and place as worded once."""
    ev = facts[wanted]
    hover = (
        _heads(ev, kept)
        + "<br>Sources: "
        + _sources_lines(claims, codes, wanted)
        + "<br>"
        + pd.Series(ev["claims"].to_numpy(), dtype="str")
        + " claim(s)"
    )
    return pd.Series(hover.to_numpy(), index=ev.index, dtype="str")


HEADS_KEPT = 50_000  # events whose hover heads one claims table keeps (a map draws at most MAP_EVENT_LIMIT)


def _heads(ev: pd.DataFrame, kept: memo.Memo | None) -> pd.Series:
    """How each event's hover opens: its title, date and place, the same in every view of one claims
    table (an event's columns are its own, whichever of its claims are in view)."""
    if kept is None:
        return _worded_heads(ev)
    # One dict per claims table, filled as events are drawn (each value final), emptied past HEADS_KEPT.
    held = kept.get(("map-hover-heads",), dict)
    ids = ev["event_id"].tolist()
    # Each head read once, into this run's own list: another viewer's run may empty the shared dict (past
    # HEADS_KEPT) between this run's adding to it and reading from it.
    heads = [held.get(e) for e in ids]
    missing = [k for k, head in enumerate(heads) if head is None]
    if missing:
        worded = _worded_heads(ev.iloc[missing]).tolist()
        if len(held) + len(missing) > HEADS_KEPT:
            held.clear()
        held.update(zip([ids[k] for k in missing], worded, strict=True))
        for k, head in zip(missing, worded, strict=True):
            heads[k] = head
    return pd.Series(heads, dtype="str")


def _worded_heads(ev: pd.DataFrame) -> pd.Series:
    place = columnar.text_of(ev["place"])
    located = (place != "").to_numpy()
    where = pd.Series("", index=range(len(ev)), dtype="str")
    if located.any():
        precision = columnar.text_of(ev["geo_precision"].iloc[np.flatnonzero(located)])
        where[located] = "<br>" + html_texts(place[located]) + " (" + html_texts(precision).to_numpy() + " precision)"
    title = html_texts(columnar.text_of(ev["title"]))
    return pd.Series(("<b>" + title + "</b><br>" + _date_labels(ev) + where).to_numpy(), dtype="str")


def _date_labels(ev: pd.DataFrame) -> pd.Series:
    labels = periods.labels(ev["event_date"], ev["date_precision"])
    return html_texts(pd.Series(labels.to_numpy(), dtype="str"))


# ---------------------------------------------------------------- the map


@dataclass
class MapResult:
    figure: go.Figure
    rings: list[analysis.RangeRing]
    origin: tuple[float, float] | None
    notices: list[str]
    landing: landing.LandingArea | None = None


def map_figure(
    claims: pd.DataFrame,
    places: pd.DataFrame,
    descriptions: dict[str, str],
    key_event: str | None,
    assumed_bearing: float | None = None,
    selected_event: str | None = None,
    base: dict | None = None,
    kept: memo.Memo | None = None,
) -> MapResult:
    """The map of the claims. kept: the memo of the claims' table (memo.for_table), whose places and
    descriptions these are. The figure is then put together from layers kept there, each built once per
    what it is made of: the outlines, reference places and layout once, the launch per its claims and
    the assumed bearing, the events per the claims and the selection. The result is shared: read only."""
    base = base if base is not None else basemap.load_basemap()
    key_claims = columnar.where(claims, "event_id", key_event) if key_event else claims.iloc[0:0]
    keys = [("map-frame", id(base)), ("map-launch", key_event, memo.rows(key_claims) if kept is not None else None)]
    outlines, reference, layout = _kept(kept, keys[0], lambda: _frame(base, places))
    launch, (origin, rings, area, notices) = _kept(
        kept, keys[1], lambda: _layer(lambda fig: _add_launch(fig, key_claims, key_event, places))
    )
    assumed: list[dict] = []
    if assumed_bearing is not None and rings:
        keys.append(("map-assumed", origin, assumed_bearing, tuple(r.radius_km for r in rings)))
        assumed, _ = _kept(
            kept, keys[-1], lambda: _layer(lambda fig: _add_assumed_path(fig, origin, assumed_bearing, rings))
        )
    notices = list(notices)
    if origin is None and key_event:
        notices.append("The launch itself is not in the current selection, so its origin and range are not drawn.")
    keys.append(("map-events", memo.rows(claims) if kept is not None else None, key_event, selected_event))
    events, thinned = _kept(
        kept,
        keys[-1],
        lambda: _layer(
            lambda fig: _add_events(fig, claims, descriptions, exclude=key_event, selected=selected_event, kept=kept)
        ),
    )
    if thinned:
        notices.append(thinned)
    # Put together and labelled once per set of layers. The reference places go under the events, so
    # a count of events at a city is not hidden by the city's dot. What the labels must keep clear of is
    # measured once per layer: every view of a launch shares its rings and band.
    layers = [(reference, keys[0]), (launch, keys[1]), (assumed, keys[2] if assumed else None), (events, None)]
    fig = _kept(
        kept,
        tuple(keys),
        lambda: _labelled(
            outlines,
            [
                (traces, _kept(kept if key else None, ("map-marks", key), lambda t=traces: _marks(t)))
                for traces, key in layers
            ],
            layout,
        ),
    )
    return MapResult(fig, rings, origin, notices, area)


def _labelled(outlines: list[dict], layers: list[tuple[list[dict], Marks]], layout: dict) -> go.Figure:
    traces = [*outlines, *(t for drawn, _ in layers for t in drawn)]
    added, labelled = _place_labels(traces, [marks for _, marks in layers], layout)
    # Each layer was checked by plotly when it was built: putting them together again needs no check.
    fig = KeptFigure(data=[*traces, *added], layout=layout, _validate=False)
    for k in labelled:  # its texts are drawn by its label trace
        fig.data[k].update(mode="markers", text=None)
    return fig


class KeptFigure(go.Figure):
    """A figure kept for many reruns and viewers, never changed once drawn (see memo). st.plotly_chart asks
    each rerun for its plain form, which plotly makes by copying every array and encoding each numeric one
    again (about 3 ms a rerun for the map): here it is made once. Each caller gets its own outer dicts,
    so removing a key (plotly.io.to_json removes trace ids) changes no other caller's copy."""

    @property
    def nbytes(self) -> int:
        """What the memo weighs it at: its traces' arrays, twice (the plain form made when it is first drawn)."""
        return 2 * memo.weigh(self._data)

    def to_dict(self) -> dict:
        plain = self.__dict__.get("_plain")
        if plain is None:
            plain = self.__dict__["_plain"] = super().to_dict()
        return {**plain, "data": [dict(trace) for trace in plain["data"]]}


@dataclass(frozen=True)
class Marks:
    """What a layer draws that a label must keep clear of, in labels' terms."""

    obstacles: labels.Obstacles  # its markers and the points along its lines
    markers: labels.Obstacles  # its markers alone
    events: labels.Obstacles  # its markers other than the reference places'


def _marks(traces: list[dict]) -> Marks:
    obstacles = markers = events = labels.Obstacles.of([], [], [])
    for trace in traces:
        if not _drawn(trace):
            continue
        mode = trace.get("mode") or ""
        if "lines" in mode:
            width = trace.get("line", {}).get("width")
            obstacles += labels.Obstacles.of(*labels.line_points(trace["lon"], trace["lat"]), (width or 2) / 2)
        if "markers" in mode:
            size = trace.get("marker", {}).get("size")
            points = labels.Obstacles.of(trace["lon"], trace["lat"], np.asarray(6 if size is None else size) / 2 + 1)
            obstacles, markers = obstacles + points, markers + points
            events = events if trace.get("meta") == "reference" else events + points
    return Marks(obstacles, markers, events)


def _drawn(trace: dict) -> bool:
    """A trace of the map's own drawing (not the outlines), with points."""
    return trace.get("type") == "scattergeo" and trace.get("meta") != "basemap" and trace.get("lat") is not None


def _kept(kept: memo.Memo | None, key, make):
    return make() if kept is None else kept.get(key, make)


def _layer(draw) -> tuple[list[dict], object]:
    """The traces draw(layer) adds to an empty layer, as plotly JSON, and what draw returns."""
    layer = Layer()
    returned = draw(layer)
    return list(layer), returned


class Layer(list):
    """The traces of a layer of the map, each as plotly's checks leave it (see _geo_trace)."""

    def add_trace(self, trace: dict) -> None:
        self.append(trace)


def _geo_trace(**props) -> dict:
    """A scattergeo trace as plotly JSON, made as plotly's checks make it (its keys in order, data arrays
    as read-only numpy arrays, lists of plain values) without the checks, which cost more than the rest
    of a new view's map (tests/test_map_layers.py compares every trace the map draws with plotly's own)."""
    return {**_plain(props), "type": "scattergeo"}


def _plain(value):
    if isinstance(value, dict):
        return {key: _plain(v) for key, v in sorted(value.items()) if v is not None}
    if is_homogeneous_array(value):
        return copy_to_readonly_numpy_array(value)
    if isinstance(value, list | tuple):
        return to_scalar_or_list(value)
    return value


def _frame(base: dict, places: pd.DataFrame) -> tuple[list[dict], list[dict], dict]:
    """What every map shares: the outlines (drawn first), the reference places (drawn last), the layout."""
    fig = go.Figure()
    for trace in basemap.outline_traces(base):
        fig.add_trace(trace)
    _add_reference_places(fig, places)
    basemap.apply_offline_geo(fig, lon_range=MAP_LON_RANGE)
    fig.update_geos(domain=dict(x=[0, 1], y=[0, 1]))
    fig.update_layout(
        # No title inside the figure: the page titles it, so the mode bar never covers it on a phone.
        # No height: the page sizes the chart to the screen.
        autosize=True,
        margin=dict(l=0, r=0, t=0, b=0),
        # Below the map (the margin grows to fit it at any width), so it hides no part of the map; only what
        # can be seen at the opening zoom is listed.
        legend=dict(
            orientation="h", x=0, y=0, xanchor="left", yanchor="top", font=dict(size=12), itemsizing="constant"
        ),
        clickmode="event+select",
        dragmode="pan",
        hoverlabel=HOVER_LABEL,
    )
    traces = [trace.to_plotly_json() for trace in fig.data]
    return traces[:-1], traces[-1:], fig.layout.to_plotly_json()


def _add_launch(fig, key_claims: pd.DataFrame, key_event, places: pd.DataFrame):
    """The launch in focus: its origin, range rings and landing band, with the notices that say what the
    claims in view do not give."""
    notices: list[str] = []
    rings: list[analysis.RangeRing] = []
    area = None
    origin = None

    if len(key_claims) and pd.notna(key_claims["latitude"].iloc[0]):
        first = key_claims.iloc[0]
        origin = (float(first["latitude"]), float(first["longitude"]))
        place_row = places[places["name"] == first["place"]]
        uncertainty = float(place_row["uncertainty_km"].iloc[0]) if len(place_row) else 0.0
        if not _add_origin(fig, key_claims, origin, uncertainty):
            notices.append(
                f"No claim in the current selection names the launch origin: it is drawn greyed, as "
                f"{NOT_IN_VIEW}, where the other reports put it ({first['place']})."
            )
        rings = analysis.range_rings(key_claims, key_event)
        for ring in rings:
            _add_ring(fig, ring, origin)
        area = landing.landing_area(key_claims, key_event, origin)
        if area is not None:
            _add_landing_band(fig, area, key_event)
        if not rings:
            docs = ", ".join(sorted({analysis.short_doc(d) for d in key_claims["document"]}))
            notices.append(
                f"No claim in the current selection gives a flight range (reports shown: {docs}), "
                "so no range ring is drawn."
            )
        for reported in bearings.reported_bearings(key_claims):
            _add_reported_bearing(fig, origin, reported, key_event)
    return origin, rings, area, notices


# Hover text dark on white at a readable size (the theme's default is pale grey on grey).
HOVER_LABEL = dict(align="left", bgcolor="white", bordercolor="#566573", font=dict(color="#1b2631", size=13))
# West far enough that Beijing's label fits between the ring and the map's edge.
MAP_LON_RANGE = (112.0, 145.5)  # the basemap starts at 112° E
# The map takes the page's width and at most the screen's height (less the page header). Its shape
# (33.5 by 19.7 degrees on the Mercator scale) gives its height for the main column's width (a query
# container), plus the legend below it: no taller, or it floats in blank space. On a phone it is taller
# than wide, so the legend below it leaves the map room.
MAP_BOX_STYLE = (
    "<style>[data-testid='stMainBlockContainer']{container-type:inline-size}"
    ".st-key-map-box{flex:none;height:clamp(300px,min(calc(100vh - 90px),calc(59cqw + 110px)),860px)}"
    "@media (max-width:640px){.st-key-map-box{height:clamp(340px,105vw,560px)}}</style>"
)
LABELLED = ("origin", "origin-not-in-view", "assumed-end", "reference")
MAP_LABEL = "label"  # the trace of a labelled trace's texts (see _place_labels)


def _place_labels(traces: list[dict], marks: list[Marks], layout: dict) -> tuple[list[dict], list[int]]:
    """Give each text label a trace of its own, on the side of its point where it keeps a gap from every
    marker, line and other label, and past the largest marker drawn at its point (Seoul's label cleared
    the city's small dot but sat on the count of events there). A label left off for want of room is
    named on hover instead. Returns the traces to add, and which of traces they label."""
    markers = functools.reduce(operator.add, [m.markers for m in marks])
    wanted = [k for k, t in enumerate(traces) if _drawn(t) and t.get("meta") in LABELLED and t.get("text") is not None]
    placed = [
        [
            labels.Label(lon, lat, html.unescape(str(text)), _font_size(trace), markers.radius_at(lon, lat))
            for lon, lat, text in zip(trace["lon"], trace["lat"], trace["text"], strict=True)
        ]
        for trace in (traces[k] for k in wanted)
    ]
    geo = layout["geo"]
    ranges = tuple(geo["lonaxis"]["range"]), tuple(geo["lataxis"]["range"])
    every_label = [x for p in placed for x in p]
    fixed = labels.fixed_costs(every_label, [m.obstacles for m in marks], labels.bounds(*ranges))
    every = labels.place(every_label, None, *ranges, fixed=fixed)
    added, left_off = [], []
    for k, these in zip(wanted, placed, strict=True):
        spots, every = every[: len(these)], every[len(these) :]
        trace = traces[k]
        added.append(_label_trace(trace, these, spots, ranges))
        if trace["meta"] == "reference":  # the other labelled points have a hover of their own
            left_off += [(x, t) for x, t, spot in zip(these, trace["text"], spots, strict=True) if spot is None]
    events = functools.reduce(operator.add, [m.events for m in marks])
    hover = _left_off(left_off, events, labels.scales(ranges[0])[-1])
    return added + hover, wanted


def _font_size(trace: dict) -> float:
    return (trace.get("textfont") or {}).get("size") or 12


def _left_off(left_off: list, events: labels.Obstacles, scale: float) -> list[dict]:
    """A hover naming each reference place whose label was left off. Not where an event's marker covers
    the point: a click there must reach the event (whose hover names its place)."""

    def covered(x) -> bool:
        y = labels.mercator_y([x.lat])[0]
        return bool((labels.distance_px((x.lon, x.lon, y, y), events.xs, events.ys, scale) <= events.radius_px).any())

    free = [(x, text) for x, text in left_off if not covered(x)]
    if not free:
        return []
    return [
        _geo_trace(
            lat=[x.lat for x, _ in free],
            lon=[x.lon for x, _ in free],
            mode="markers",
            marker=dict(size=8, opacity=0),
            hovertext=[text for _, text in free],  # escaped when the reference trace was drawn
            hovertemplate=HOVER,
            showlegend=False,
            name="Place named on hover",
            meta=LEFT_OFF,
        )
    ]


LEFT_OFF = "label-on-hover"  # a reference place whose label had no room: named on hover


def _label_trace(trace: dict, placed: list[labels.Label], spots: list[labels.Spot | None], ranges) -> dict:
    """The texts of a labelled trace at their spots, each at its distance from its point; a label left
    off (spot None) is drawn empty."""
    (lon0, lon1), (lat0, lat1) = ranges
    # Plotly clips a point off the map but not its text: it would be drawn cut at the map's edge.
    shown = [
        lon0 <= x.lon <= lon1 and lat0 <= x.lat <= lat1 and spot is not None
        for x, spot in zip(placed, spots, strict=True)
    ]
    spots = [spot or labels.CANDIDATES[0] for spot in spots]
    return _geo_trace(
        lat=trace["lat"],
        lon=trace["lon"],
        mode="markers+text",
        text=[t if keep else "" for t, keep in zip(trace["text"], shown, strict=True)],
        textposition=[position for position, _ in spots],
        textfont=trace.get("textfont"),
        # Invisible: the marker's size is what sets the label's distance from its point.
        marker=dict(
            size=[labels.anchor_size(x.offset_px + far) for x, (_, far) in zip(placed, spots, strict=True)],
            opacity=0,
        ),
        hoverinfo="skip",
        showlegend=False,
        name=trace["meta"],  # what it labels
        meta=MAP_LABEL,
    )


ORIGIN_COLOUR = "#c0392b"
UNNAMED_COLOUR = "#95a5a6"  # an origin no claim in view gives: greyed, and labelled so
NOT_IN_VIEW = "not in the selected reports"


def _add_origin(fig: Layer, key_claims: pd.DataFrame, origin, uncertainty_km: float) -> bool:
    """Draw the launch origin; returns whether a claim in view names it (else it is drawn greyed)."""
    first = key_claims.iloc[0]
    named = analysis.origin_claims(key_claims, first["event_id"])
    given = len(named) > 0
    colour = ORIGIN_COLOUR if given else UNNAMED_COLOUR
    who = _sources_line(named) if given else f"no claim in view names it: the origin is {NOT_IN_VIEW}"
    if uncertainty_km > 0:
        lats, lons, _ = geodesy.ring(origin, uncertainty_km, points=73)
        # Too small to see at the opening zoom, so it is not in the legend; its hover says what it is.
        fig.add_trace(
            _geo_trace(
                lat=lats,
                lon=lons,
                mode="lines",
                line=dict(color=colour, width=1, dash="dot"),
                fill="toself",
                fillcolor="rgba(192,57,43,0.12)" if given else "rgba(149,165,166,0.12)",
                name=f"Origin area (±{uncertainty_km:g} km)",
                hoverinfo="skip",
                meta="origin-uncertainty",
                showlegend=False,
                customdata=[first["event_id"]] * len(lats),
            )
        )
    # Without its parenthesised spelling: the label stays short enough to sit clear of the ring on a phone.
    short = re.sub(r"\s*\([^)]*\)", "", short_place(first["place"])).strip() or short_place(first["place"])
    text = f"{short} (origin)" if given else f"{short}: origin {NOT_IN_VIEW}"
    fig.add_trace(
        _geo_trace(
            lat=[origin[0]],
            lon=[origin[1]],
            mode="markers+text",
            text=[html_text(text)],
            textposition="middle left",
            textfont=dict(size=12, color="#922b21" if given else "#626567"),
            marker=dict(
                symbol="triangle-up" if given else "triangle-up-open",
                size=16,
                color=colour,
                line=dict(color="white" if given else colour, width=1.5),
            ),
            name=f"Launch origin ({html_text(first['geo_precision'])})" if given else f"Launch origin: {NOT_IN_VIEW}",
            meta="origin" if given else "origin-not-in-view",
            customdata=[first["event_id"]],
            hovertext=[
                f"<b>Launch origin: {html_text(first['place'])}</b><br>{origin[0]:.2f}° N, {origin[1]:.2f}° E — "
                f"{html_text(precision_phrase(first['geo_precision']))}<br>±{uncertainty_km:g} km"
                f"<br>Named by: {who}"
            ],
            hovertemplate=HOVER,
        )
    )
    return given


def precision_phrase(geo_precision) -> str:
    """What the origin point stands for, from its precision: a site is a launch site, a county is not."""
    if geo_precision == "site":
        return "a launch site"
    return f"{geo_precision}-level, not a launch site"


def short_place(name) -> str:
    """A place's name up to its first comma, for a label on the map (the hover gives it whole)."""
    return str(name).split(",")[0].strip() or str(name)


def _add_ring(fig: Layer, ring: analysis.RangeRing, origin) -> None:
    lats, lons, _ = geodesy.ring(origin, ring.radius_km, points=361)
    who = "<br>".join(
        f"{html_text(analysis.short_doc(r['document']))}: "
        f"{html_text(' '.join(x for x in [r['qualifier'], r['value'], r['unit']] if x))}"
        f" = {r['normalized_value']:g} km ({html_text(r['originator'])})"
        for _, r in ring.claims.iterrows()
    )
    fig.add_trace(
        _geo_trace(
            lat=lats,
            lon=lons,
            mode="lines",
            line=dict(color=RING_COLOUR, width=2),
            name=f"Reported range {ring.label}",
            meta="range-ring",
            customdata=[ring.claims["event_id"].iloc[0]] * len(lats),
            hovertext=(
                f"<b>Reported range {ring.label}</b><br>All points {ring.radius_km:,.0f} km from the origin<br>{who}"
            ),
            hovertemplate=HOVER,
        )
    )


def _add_landing_band(fig: Layer, area: landing.LandingArea, event_id: str) -> None:
    """The band of the range ring every claim in view allows, with the claims that shaped it."""
    shaped = "<br>".join(
        html_text(f"{c.requires}: {c.claims}" + (f" ({c.approximate})" if c.approximate else ""))
        for c in area.constraints
    )
    for k, arc in enumerate(area.arcs):
        lats, lons = landing.band_outline(area, arc)
        span = f"{arc.start % 360:.0f}°–{arc.end % 360:.0f}°"
        fig.add_trace(
            _geo_trace(
                lat=lats,
                lon=lons,
                mode="lines",
                fill="toself",
                fillcolor="rgba(230,126,34,0.35)",
                line=dict(color=EAST_SEA_ARC_COLOUR, width=2),
                name="Where the claims allow the landing (derived)",
                meta="landing-band",
                showlegend=k == 0,
                customdata=[event_id] * len(lats),
                hovertext=(
                    f"<b>Landing area the claims allow (derived)</b><br>Bearings {span}, "
                    f"{area.inner_km:,.0f}–{area.outer_km:,.0f} km from the origin<br>Shaped by:<br>{shaped}"
                    "<br>No report gives an impact point."
                ),
                hovertemplate=HOVER,
            )
        )


def _line_and_end(fig: Layer, lats, lons, colour: str, line: dict, end: dict) -> None:
    """A path from the origin and a marker at its end, with the end's text in the path's colour."""
    fig.add_trace(_geo_trace(lat=lats, lon=lons, mode="lines", hovertemplate=HOVER, **line))
    fig.add_trace(
        _geo_trace(
            lat=[lats[-1]],
            lon=[lons[-1]],
            mode="markers+text",
            textfont=dict(color=colour, size=11),
            hovertemplate=HOVER,
            **end,
        )
    )


def _add_reported_bearing(fig: Layer, origin, reported: bearings.ReportedBearing, event_id: str) -> None:
    """A bearing a source reports: a solid line from the origin, named after its source; its length is derived."""
    lats, lons = geodesy.path(origin, reported.bearing, reported.length_km)
    hover = (
        f"<b>Reported bearing {html_text(reported.label)}</b><br>"
        f"Source: {html_text(reported.source)} in {html_text(', '.join(reported.documents))}"
        f" (as reported: {html_text(reported.as_reported)})<br>{html_text(reported.length_basis)}"
    )
    colour = REPORTED_BEARING_COLOUR
    line = dict(
        line=dict(color=colour, width=3),
        name=html_text(f"reported bearing {reported.label} ({reported.source})"),
        meta="reported-bearing",
        customdata=[event_id] * len(lats),
        hovertext=[hover] * len(lats),
    )
    end = dict(
        text=[f"{reported.length_km:,.0f} km (derived)"],
        textposition="top center",
        marker=dict(symbol="triangle-up", size=10, color=colour, angle=reported.bearing),
        name="end of a reported bearing's line (derived)",
        meta="reported-bearing-end",
        showlegend=False,
        customdata=[event_id],
        hovertext=[hover],
    )
    _line_and_end(fig, lats, lons, colour, line, end)


def _add_assumed_path(fig: Layer, origin, bearing: float, rings: list[analysis.RangeRing]) -> None:
    for ring in rings:
        lats, lons = geodesy.path(origin, bearing, ring.radius_km)
        label = (
            f"ASSUMED path: bearing {bearing:.0f}° ({geodesy.compass(bearing)}), "
            f"{ring.radius_km:,.0f} km from the origin"
        )
        line = dict(
            line=dict(color=ASSUMED_COLOUR, width=2, dash="dash"),
            name=f"ASSUMED path {bearing:.0f}°, {ring.radius_km:,.0f} km (not reported)",
            meta="assumed-path",
            hovertext=f"{html_text(label)}<br>Entered by the analyst, not reported",
        )
        end = dict(
            text=["assumed end"],
            textposition="bottom center",
            marker=dict(symbol="x-open", size=13, color=ASSUMED_COLOUR, line=dict(width=2)),
            name="ASSUMED end point (derived)",
            meta="assumed-end",
            hovertext=[
                f"<b>Assumed end point (derived)</b><br>{lats[-1]:.2f}° N, {lons[-1]:.2f}° E"
                f"<br>{html_text(label)}<br>No source reports an impact point."
            ],
        )
        _line_and_end(fig, lats, lons, ASSUMED_COLOUR, line, end)


def _add_events(
    fig: Layer,
    claims: pd.DataFrame,
    descriptions: dict[str, str],
    exclude: str | None,
    selected: str | None,
    kept: memo.Memo | None = None,
) -> str | None:
    """Draw the located events; returns a notice when not all of them could be drawn one by one."""
    if claims.empty:
        return None
    facts, codes = _event_facts(claims)
    located = facts[facts["latitude"].notna() & (facts["event_id"] != exclude)]
    drawn = choose_map_events(located, selected)
    notice = None
    if not drawn.all():
        notice = _add_event_cells(fig, located[~drawn], shown=int(drawn.sum()))
        located = located[drawn]
    wanted = np.zeros(len(facts), dtype=bool)
    wanted[located.index] = True
    located = located.assign(hover=_hover(facts, claims, codes, wanted, kept))
    # Events sharing a place (Hodo's launches, two firings into the same waters) are drawn as one
    # marker at the place itself, never displaced: a shifted marker would read as another place.
    at_place = located.groupby(["latitude", "longitude"], sort=False)["event_id"].transform("size")
    _add_shared_places(fig, located[at_place > 1], selected)
    for event_type, g in located[at_place == 1].groupby("event_type", sort=False):
        colour, symbol, label = TYPE_STYLE.get(event_type, DEFAULT_STYLE)
        # Short: what, when, where, who. The description is one click away, in the selected-event panel.
        hover = list(g["hover"])
        sizes = _per_point([18 if e == selected else 12 for e in g["event_id"]])
        fig.add_trace(
            _geo_trace(
                lat=g["latitude"],
                lon=g["longitude"],
                mode="markers",
                marker=dict(symbol=symbol, size=sizes, color=colour, line=dict(color="white", width=1)),
                name=label,
                meta="events",
                customdata=g["event_id"],
                text=hover,
                hovertemplate=HOVER_TEXT,
            )
        )
    if selected and selected in set(located["event_id"]):
        row = located[located["event_id"] == selected].iloc[0]
        fig.add_trace(
            _geo_trace(
                lat=[row["latitude"]],
                lon=[row["longitude"]],
                mode="markers",
                marker=dict(symbol="circle-open", size=28, color="#f1c40f", line=dict(width=3)),
                name="Selected event",
                meta="selected",
                customdata=[selected],
                hoverinfo="skip",
            )
        )
    return notice


SHARED_LIST = 12  # events listed by name in a shared place's hover; the rest are counted


def shared_places(located: pd.DataFrame, selected: str | None) -> pd.DataFrame:
    """One row per place holding several events: its point, count, its events (the one a click selects first).

    A click selects the selected event if it is there, else the latest; the hover lists the latest first.
    """
    if located.empty:
        return pd.DataFrame(columns=["latitude", "longitude", "events", "event_ids", "text"])
    rows = []
    ordered = located.sort_values("event_date", ascending=False, kind="stable")
    for (lat, lon), g in ordered.groupby(["latitude", "longitude"], sort=False):
        ids = list(g["event_id"])
        if selected in ids:
            ids.remove(selected)
            ids.insert(0, selected)
        head = g.iloc[:SHARED_LIST]
        lines = [f"{html_text(d)} · {html_text(t)}" for d, t in zip(head["event_date"], head["title"], strict=True)]
        if len(g) > SHARED_LIST:
            lines.append(f"+{len(g) - SHARED_LIST:,} more")
        place = html_text(str(g["place"].iloc[0]))
        text = (
            f"<b>{len(g):,} events at {place}</b> ({html_text(g['geo_precision'].iloc[0])} precision)<br>"
            + "<br>".join(lines)
            + "<br>Click to select the latest; choose any in the sidebar."
        )
        # customdata: the event a click selects first, then the others there (a click reads the first).
        rows.append({"latitude": lat, "longitude": lon, "events": len(g), "event_ids": ids, "text": text})
    return pd.DataFrame(rows)


def _add_shared_places(fig: Layer, located: pd.DataFrame, selected: str | None) -> None:
    table = shared_places(located, selected)
    if table.empty:
        return
    fig.add_trace(
        _geo_trace(
            lat=table["latitude"],
            lon=table["longitude"],
            mode="markers+text",
            text=table["events"].map("{:,}".format),
            textfont=dict(size=10, color="white"),
            marker=dict(
                symbol="circle",
                size=(16 + 4 * np.sqrt(table["events"])).round(1),
                color="#7b241c",
                line=dict(color="white", width=1.5),
            ),
            name="Several events at one place (count)",
            meta="shared-places",
            customdata=list(table["event_ids"]),
            hovertext=table["text"],
            hovertemplate=HOVER,
        )
    )


def _type_labels(event_types: pd.Series) -> pd.Series:
    return event_types.map({t: style[2] for t, style in TYPE_STYLE.items()}).fillna(DEFAULT_STYLE[2])


def _priority(facts: pd.DataFrame, first: np.ndarray) -> np.ndarray:
    """Row order for thinning: rows flagged `first`, then the most claims, the most recent, the first listed."""
    recent = pd.factorize(facts["event_date"], sort=True)[0]
    return np.lexsort((np.arange(len(facts)), -recent, -facts["claims"].to_numpy(), ~first))


def choose_map_events(located: pd.DataFrame, selected: str | None) -> np.ndarray:
    """Which located events the map draws one by one (a boolean per row).

    All of them up to MAP_EVENT_LIMIT. Beyond it: the selected event, then those with the most claims
    (ties: the most recent, then the first listed), at most MAP_EVENTS_PER_PLACE at any one place.
    The key event is not among them: the map draws it as the launch origin.
    """
    n = len(located)
    if n <= MAP_EVENT_LIMIT:
        return np.ones(n, dtype=bool)
    is_selected = (located["event_id"] == selected).to_numpy() if selected else np.zeros(n, dtype=bool)
    order = _priority(located, is_selected)
    place = located.groupby(["latitude", "longitude"], sort=False).ngroup().to_numpy()[order]
    rank_at_place = pd.Series(place).groupby(place).cumcount().to_numpy()
    eligible = order[(rank_at_place < MAP_EVENTS_PER_PLACE) | is_selected[order]]
    drawn = np.zeros(n, dtype=bool)
    drawn[eligible[:MAP_EVENT_LIMIT]] = True
    return drawn


def _cell_hover(g: pd.DataFrame, cells: pd.DataFrame, size: float) -> list[str]:
    """Each grid cell's hover text: how many events, where, and of which types."""
    # Per cell, its types by number of events: "Statement 120, Talks 60, ...".
    by_type = (
        g.groupby(["cell", "type"])
        .size()
        .reset_index(name="n")
        .sort_values(["cell", "n"], ascending=[True, False], kind="stable")
    )
    pieces = by_type["type"].astype("str") + " " + by_type["n"].map("{:,}".format).astype("str")
    type_lines = columnar.join_runs(pieces, by_type.groupby("cell", sort=True).size().to_numpy(), ", ")
    where = [
        html_text(p) if k == 1 else f"{k} places in this {size:g}° cell"
        for p, k in zip(cells["place"], cells["places"], strict=True)
    ]
    hover = [
        f"<b>{n:,} more event(s) here, not drawn one by one</b><br>{w}<br>{html_text(t)}"
        "<br>Narrow the filters to draw them."
        for n, w, t in zip(cells["events"], where, type_lines, strict=True)
    ]
    return hover


def _add_event_cells(fig: Layer, hidden: pd.DataFrame, shown: int) -> str:
    """Count the events not drawn one by one in grey circles, one per grid cell; returns the notice."""
    lat, lon = hidden["latitude"].to_numpy(), hidden["longitude"].to_numpy()
    size = 0.5
    while True:
        cell = pd.factorize(np.floor(lat / size) * 1e4 + np.floor(lon / size))[0]
        if cell.max() + 1 <= MAP_CELL_LIMIT or size >= 16:
            break
        size *= 2
    g = pd.DataFrame(
        {
            "cell": cell,
            "lat": lat,
            "lon": lon,
            "place": columnar.text_of(hidden["place"]).to_numpy(),
            "type": _type_labels(hidden["event_type"]).to_numpy(),
        }
    )
    cells = g.groupby("cell", sort=True).agg(
        lat=("lat", "mean"),
        lon=("lon", "mean"),
        events=("lat", "size"),
        places=("place", "nunique"),
        place=("place", "first"),
    )
    hover = _cell_hover(g, cells, size)
    fig.add_trace(
        _geo_trace(
            lat=cells["lat"].round(3),
            lon=cells["lon"].round(3),
            mode="markers",
            marker=dict(
                size=(8 + 22 * np.sqrt(cells["events"] / cells["events"].max())).round(1),
                color="rgba(86,101,115,0.35)",
                line=dict(color="#566573", width=1),
            ),
            name="Events not drawn one by one (grey: count here)",
            meta="event-cells",
            text=hover,
            hovertemplate=HOVER_TEXT,
        )
    )
    total = shown + len(hidden)
    return (
        f"The map draws {shown:,} of the {total:,} located events one by one: the selected event if any, "
        f"then those with the most claims (then the most recent), at most {MAP_EVENTS_PER_PLACE} at any one place. "
        f"The other {len(hidden):,} are counted in grey circles, one per {size:g}° cell; narrow the filters "
        "(event type, report, dates) to draw them one by one."
    )


def _add_reference_places(fig: Layer | go.Figure, places: pd.DataFrame) -> None:
    cities = places[places["reference"] & (places["kind"] == "city")]
    fig.add_trace(
        _geo_trace(
            lat=cities["latitude"],
            lon=cities["longitude"],
            mode="markers+text",
            text=[html_text(n) for n in cities["name"]],
            textposition="top center",
            textfont=dict(size=10, color="#444"),
            marker=dict(size=5, color="#555"),
            name="Reference cities",
            meta="reference",
            hoverinfo="skip",
            showlegend=False,
        )
    )


# ---------------------------------------------------------------- the timeline


def choose_timeline_events(
    facts: pd.DataFrame, start: pd.Series, end: pd.Series, key_event: str | None, selected_event: str | None
) -> np.ndarray:
    """Which events the timeline draws one by one (a boolean per row).

    All of them up to TIMELINE_EVENT_LIMIT. Beyond it: the key event and the selected event, then the
    events in the window the chart opens on, then those with the most claims (ties: the most recent,
    then the first listed).
    """
    n = len(facts)
    if n <= TIMELINE_EVENT_LIMIT:
        return np.ones(n, dtype=bool)
    ids = facts["event_id"]
    always = (ids == key_event).to_numpy() | (ids == selected_event).to_numpy()
    lo, hi = timeline_window(start, end, ids, key_event)
    in_window = ((end >= lo) & (start <= hi)).to_numpy()
    order = np.lexsort((_priority(facts, always).argsort(), ~in_window, ~always))
    drawn = np.zeros(n, dtype=bool)
    drawn[order[:TIMELINE_EVENT_LIMIT]] = True
    return drawn


WINDOWS = ("3 weeks", "4 months", "all")  # before the launch in focus, and everything


def window_range(start: pd.Series, end: pd.Series, event_ids: pd.Series, key_event: str | None, window: str):
    """The time axis range of a window the page offers, anchored on the launch (not on the view's edge)."""
    lo, hi = timeline_window(start, end, event_ids, key_event)
    if window == WINDOWS[1]:
        return hi - pd.Timedelta(days=3) - pd.DateOffset(months=4), hi
    if window == WINDOWS[2]:
        pad = max((end.max() - start.min()) / 40, pd.Timedelta(days=2))
        return start.min() - pad, end.max() + pad
    return lo, hi


def timeline_figure(
    claims: pd.DataFrame,
    descriptions: dict[str, str],
    key_event: str | None,
    selected_event: str | None = None,
    window: str = WINDOWS[0],
    highlight: bool = True,
) -> go.Figure:
    """The events on one time axis, in one lane per type. With highlight=False the selected event is not
    enlarged, so the figure (and with it the chart's zoom in the browser) stays the same when it changes."""
    fig = go.Figure()
    if claims.empty:
        return fig
    facts, codes = _event_facts(claims)
    start, end = periods.drawn(facts["event_date"], facts["date_precision"])
    labels = {t: TYPE_STYLE.get(t, DEFAULT_STYLE)[2] for t in facts["event_type"].unique()}
    order = [TYPE_STYLE[t][2] for t in TYPE_STYLE if t in labels] + sorted(
        {v for k, v in labels.items() if k not in TYPE_STYLE}
    )
    # The opening window and the lanes are those of every event, drawn one by one or not.
    shown_range = window_range(start, end, facts["event_id"], key_event, window)
    drawn = choose_timeline_events(facts, start, end, key_event, selected_event)
    lane_y = {label: i for i, label in enumerate(reversed(order))}
    summary = facts.assign(start=start, end=end, lane=facts["event_type"].map(labels))
    if not drawn.all():
        _add_month_counts(fig, summary[~drawn], lane_y)
        summary = summary[drawn]
    # The rows of a lane are shared among the events drawn one by one; the gap between them is a share
    # of every event's time span, so thinning never changes it.
    offsets = lanes.spread(summary["lane"], summary["start"], summary["end"], span=(start.min(), end.max()))
    summary["y"] = summary["lane"].map(lane_y).to_numpy() + offsets
    summary = summary.assign(hover=_hover(facts, claims, codes, drawn))
    hover = [
        h + "<br>" + _wrap(descriptions.get(e, "")) for h, e in zip(summary["hover"], summary["event_id"], strict=True)
    ]
    summary["text"] = hover

    # Notes and lines are gathered and set at once: plotly's add_annotation and add_hline check every one
    # already there again, which made a few dozen of them cost more than all the events.
    notes: list[dict] = []
    _add_timeline_events(fig, summary, selected_event if highlight else None, notes)
    _add_key_line(fig, summary, key_event, notes)
    _timeline_layout(fig, lane_y, shown_range, window)
    return fig


def _add_key_line(fig: go.Figure, summary: pd.DataFrame, key_event: str | None, notes: list[dict]) -> None:
    """The launch in focus: a dotted line at its day and its date and title above the chart, after the
    events' notes."""
    if not (key_event and key_event in set(summary["event_id"])):
        if notes:
            fig.layout.annotations = notes
        return
    k = summary[summary["event_id"] == key_event].iloc[0]
    x = k["start"].to_pydatetime()
    key_note = dict(
        x=x,
        y=1.02,
        yref="paper",
        showarrow=False,
        text=f"<b>{html_text(periods.label(k['start'], 'day'))}: {html_text(k['title'])}</b>",
        font=dict(color="#c0392b", size=12),
        xanchor="right",
    )
    # In the order they were once added one by one (the layout's keys keep it): the events' notes,
    # the key event's line, its note.
    if notes:
        fig.layout.annotations = [*notes, key_note]
    fig.layout.shapes = [_line(x0=x, x1=x, xref="x", y0=0, y1=1, yref="y domain", color="#c0392b", width=2, dash="dot")]
    if not notes:
        fig.layout.annotations = [key_note]


def _line(color: str, width: int, dash: str | None = None, **where) -> dict:
    """A shape as plotly's add_hline and add_vline make it (a line across the plot at one y or x)."""
    line = dict(color=color, width=width) if dash is None else dict(color=color, width=width, dash=dash)
    return dict(type="line", line=line, **where)


def _add_timeline_events(fig: go.Figure, summary: pd.DataFrame, selected_event: str | None, notes: list[dict]) -> None:
    """Each event drawn one by one, per type, at its row in its lane: a period as a bar, a day as a marker,
    an "on or before" event as its bound alone (see _add_open_ended)."""
    for event_type, g in summary.groupby("event_type", sort=False):
        colour, symbol, label = TYPE_STYLE.get(event_type, DEFAULT_STYLE)
        spans = g[~g["date_precision"].isin(["day", "before"])]
        if len(spans):
            fig.add_trace(
                go.Bar(
                    base=spans["start"],
                    x=(spans["end"] - spans["start"]).dt.total_seconds() * 1000,
                    y=spans["y"],
                    orientation="h",
                    marker=dict(color=colour, opacity=0.45, line=_outline(spans, selected_event, colour, 1)),
                    width=lanes.ROW_STEP * 0.8,
                    name=f"{label} (period)",
                    legendgroup=event_type,
                    showlegend=False,
                    customdata=spans["event_id"],
                    text=spans["text"],
                    hovertemplate=HOVER_TEXT,
                    textposition="none",
                    meta="event-span",
                )
            )
        _add_open_ended(fig, g[g["date_precision"] == "before"], colour, label, selected_event, notes)
        # A marker stands for a day: an event known only to its week, month or year, or as "on or before",
        # is drawn otherwise, so no day is drawn that the reports do not give.
        g = g[g["date_precision"] == "day"]
        if not len(g):
            continue
        fig.add_trace(
            _points(
                g,
                selected_event,
                label,
                symbol,
                11,
                colour,
                "white",
                "events",
                text=g["text"],
                hovertemplate=HOVER_TEXT,
            )
        )


def _points(g: pd.DataFrame, selected_event, name, symbol, size, colour, outline, meta, **hover) -> go.Scatter:
    """Events drawn as glyphs at their row: the selected one larger, outlined in yellow; event ids as customdata."""
    return go.Scatter(
        x=g["start"],
        y=g["y"],
        mode="markers",
        legendgroup=g["event_type"].iloc[0],
        name=name,
        marker=dict(
            symbol=symbol,
            size=_per_point([18 if e == selected_event else size for e in g["event_id"]]),
            color=colour,
            line=_outline(g, selected_event, outline, 1),
        ),
        customdata=g["event_id"],
        meta=meta,
        **hover,
    )


def _outline(g: pd.DataFrame, selected_event: str | None, colour: str, width: int) -> dict:
    """A drawn event's outline: the selected one's thick and yellow."""
    return dict(
        color=_per_point(["#f1c40f" if e == selected_event else colour for e in g["event_id"]]),
        width=_per_point([3 if e == selected_event else width for e in g["event_id"]]),
    )


BEFORE_HOVER = "<br><i>Start not reported: the reports date it only as on or before this day.</i>"
BEFORE_WORDED = 20  # up to this many "on or before" events also get their words beside them on the chart


def _add_open_ended(
    fig: go.Figure, g: pd.DataFrame, colour: str, label: str, selected_event: str | None, notes: list[dict]
) -> None:
    """Events the reports date only "on or before" a day: an arrow running into a bar at that bound (a
    glyph of a fixed size on screen, so it spans no dates), and "on or before <day>" beside it (added to
    notes). Nothing is drawn further left: the reports give no start, so none is suggested."""
    if not len(g):
        return
    hover = g["text"].to_numpy().astype(str) + BEFORE_HOVER
    name = f"{label} (on or before)"
    fig.add_trace(
        _points(
            g,
            selected_event,
            name,
            "arrow-bar-right",
            13,
            colour,
            colour,
            "event-before",
            hovertext=hover,
            hovertemplate=HOVER,
        )
    )
    if len(g) > BEFORE_WORDED:
        return
    words = periods.labels(g["event_date"], g["date_precision"])
    for x, y, text in zip(g["start"], g["y"], words, strict=True):
        # An annotation, not trace text: the range slider below the chart draws traces, not annotations.
        notes.append(
            dict(
                x=x,
                y=y,
                text=html_text(text),
                showarrow=False,
                xanchor="right",
                xshift=-16,
                font=dict(color=colour, size=11),
            )
        )


def _timeline_layout(fig: go.Figure, lane_y: dict[str, int], shown_range, window: str) -> None:
    fig.update_layout(
        height=max(360, 80 * len(lane_y) + 110),
        margin=dict(l=10, r=10, t=40, b=30),
        # The same revision for every run in one window: a zoom or pan survives a click that reruns the page.
        uirevision=window,
        barmode="overlay",
        clickmode="event+select",
        dragmode="zoom",
        hovermode="closest",
        showlegend=False,
        hoverlabel=HOVER_LABEL,
        yaxis=dict(
            tickmode="array",
            tickvals=list(lane_y.values()),
            ticktext=list(lane_y.keys()),
            title=None,
            range=[-0.6, len(lane_y) - 0.4],
            fixedrange=True,
            showgrid=False,
            zeroline=False,
        ),
        xaxis=dict(
            type="date",
            range=list(shown_range),
            uirevision=window,
            title=None,
            showgrid=True,
            rangeslider=dict(visible=True, thickness=0.07),
        ),
    )
    lane_lines = [
        _line(x0=0, x1=1, xref="x domain", y0=y - 0.5, y1=y - 0.5, yref="y", color="rgba(120,140,160,0.25)", width=1)
        for y in list(lane_y.values())[1:]
    ]
    if lane_lines:
        fig.layout.shapes = [*fig.layout.shapes, *lane_lines]


def _add_month_counts(fig: go.Figure, hidden: pd.DataFrame, lane_y: dict[str, int]) -> None:
    """The events not drawn one by one, counted per lane and calendar month of their date."""
    month = _parse_dates(hidden["event_date"]).to_numpy().astype("datetime64[M]").astype(np.int64)
    lane_codes, lanes = pd.factorize(hidden["lane"])
    first_month = month.min()
    width = month.max() - first_month + 1
    counts = np.bincount(lane_codes * width + (month - first_month))
    cells = np.flatnonzero(counts)
    n = counts[cells]
    lane = np.asarray(lanes, dtype=object)[cells // width]
    months = pd.DatetimeIndex((cells % width + first_month).astype("datetime64[M]").astype("datetime64[ns]"))
    fig.add_trace(
        go.Scatter(
            x=months + pd.Timedelta(days=14),
            y=[lane_y[x] for x in lane],
            mode="markers",
            marker=dict(
                symbol="circle",
                size=(5 + 13 * np.sqrt(n / n.max())).round(1),
                color="rgba(86,101,115,0.3)",
                line=dict(color="#566573", width=1),
            ),
            text=[
                f"<b>{k:,} more {html_text(name)} event(s) in {m}</b>, not drawn one by one"
                "<br>Narrow the filters to draw them."
                for k, name, m in zip(n, lane, months.strftime("%B %Y"), strict=True)
            ],
            hovertemplate=HOVER_TEXT,
            name="Events not drawn one by one",
            meta="event-counts",
        )
    )


def _parse_dates(texts: pd.Series) -> pd.Series:
    """pd.to_datetime, parsing each distinct date once (there are a few thousand for any number of events)."""
    codes, uniques = pd.factorize(texts, use_na_sentinel=False)
    parsed = pd.to_datetime(pd.Series(uniques))
    return pd.Series(parsed.to_numpy()[codes], index=texts.index)


def timeline_notices(
    claims: pd.DataFrame, key_event: str | None = None, selected_event: str | None = None
) -> list[str]:
    """What the timeline could not draw one by one, for the page to say."""
    events = len(_event_facts(claims)[0]) if len(claims) else 0
    if events <= TIMELINE_EVENT_LIMIT:
        return []
    hidden = events - TIMELINE_EVENT_LIMIT
    return [
        f"The timeline draws {TIMELINE_EVENT_LIMIT:,} of {events:,} events one by one: the key event and the "
        "selected event if any, then the events in the three weeks it opens on, then those with the most claims "
        f"(then the most recent). The other {hidden:,} are counted per month as grey circles on their type's lane; "
        "narrow the filters (event type, report, dates) to draw them one by one."
    ]


def timeline_window(start: pd.Series, end: pd.Series, event_ids: pd.Series, key_event: str | None):
    """The initial view: the three weeks up to the key event (the run-up), else the last three weeks."""
    anchor = end.max()
    if key_event is not None and (event_ids == key_event).any():
        anchor = start[event_ids == key_event].iloc[0] + pd.Timedelta(days=1)
    return anchor - pd.Timedelta(days=21), anchor + pd.Timedelta(days=3)


def timeline_hidden_count(claims: pd.DataFrame, key_event: str | None) -> int:
    """Events wholly outside the timeline's initial window."""
    if claims.empty:
        return 0
    facts, _ = _event_facts(claims)
    start = _parse_dates(facts["event_date"])
    end = periods.last_day(start, facts["date_precision"])
    lo, hi = timeline_window(start, end, facts["event_id"], key_event)
    return int(((end < lo) | (start > hi)).sum())


# No logo link, no cloud export: the mode bar offers only what works offline.
PLOTLY_CONFIG = {
    "displaylogo": False,
    "scrollZoom": True,
    "showLink": False,
    "showSendToCloud": False,
    "modeBarButtonsToRemove": ["sendDataToCloud", "lasso2d", "select2d"],
}
