"""Map: the launch origin, the reported range toward the East Sea, reach, and other located events."""

import streamlit as st

from launchwatch import (
    analysis,
    captions,
    columnar,
    exports,
    figures,
    gazetteer,
    geodesy,
    history,
    keyfacts,
    landing,
    links,
    memo,
    panels,
    periods,
    ui,
)
from launchwatch.escaping import md_escape

ctx = ui.context()
ui.header(ctx, "Map")
ctx = ui.stop_if_unusable(ctx)

# The key facts card stands above the map but is filled after it: the browser starts loading the
# chart's code (the largest part of the page's first paint) as soon as the chart arrives.
card = st.container()

# Everything derived below is kept per claims in view (ctx.memo): a viewer returning to a view, or
# another viewer opening it, gets it without rebuilding it.
places = ctx.memo.get(("places",), lambda: gazetteer.with_reference(ctx.dataset.places, ctx.dataset.reference_places))
launch_claims = keyfacts.event_claims(ctx.view, ctx.launch)
launch_rows = memo.rows(launch_claims)
uncertainty = ctx.memo.get(
    ("uncertainty", ctx.launch, launch_rows), lambda: gazetteer.uncertainty_of(places, launch_claims, ctx.launch)
)
caption = ctx.memo.get(
    ("map-caption", ctx.launch, launch_rows), lambda: captions.map_caption(launch_claims, ctx.launch, uncertainty)
)
st.markdown("#### Launch origin, reported range and related events")
st.caption(md_escape(caption))
notices, map_box = st.container(), st.container(key="map-box")
bearing_notice = links.bearing_notice(st.query_params.get("bearing"))
if bearing_notice:
    notices.warning(md_escape(bearing_notice), icon=":material/link_off:")
# Drawn below the map but read before it is built: the bearing from the link is there on the first run.
bearing = st.number_input(
    "Assumed bearing from the origin, degrees (optional, drawn as an assumption)",
    min_value=links.BEARING_MIN,
    max_value=links.BEARING_MAX,
    value=None,
    step=1.0,
    format="%.0f",
    key="bearing",
    bind="query-params",
    placeholder="No bearing: none is reported",
    help="The reports give no bearing. Enter one to see where a flight of the reported range on that bearing "
    "would end; it is drawn dashed and labelled as an assumption.",
)
result = figures.map_figure(
    ctx.view,
    places,
    ctx.descriptions,
    panels.launch_in_focus(ctx),
    assumed_bearing=bearing,
    selected_event=ui.drawn_selection("map_chart", ctx.selected_event),
    kept=ctx.memo,
)
for notice in result.notices:
    notices.info(md_escape(notice), icon=":material/info:")
off_band = landing.bearing_warning(result.landing, bearing)
if off_band:
    notices.warning(md_escape(off_band), icon=":material/warning:")
st.html(figures.MAP_BOX_STYLE)
map_box.plotly_chart(
    result.figure,
    key="map_chart",
    on_select=ui.on_chart_select("map_chart"),
    height="stretch",
    selection_mode="points",
    width="stretch",
    config=figures.PLOTLY_CONFIG,
)
with card:
    panels.key_facts_card(ctx)

st.markdown("#### Selected event")
panels.selected_event_panel(ctx)

if result.landing is not None:
    area = result.landing
    spans = ", ".join(f"{a.start % 360:.0f}°–{a.end % 360:.0f}°" for a in area.arcs) or "none"
    # One element, the sentence then its list: spaced as two were, one element fewer on every rerun.
    st.markdown(
        md_escape(
            f"Landing area the claims allow (derived): bearings {spans} from the origin, "
            f"{area.inner_km:,.0f}–{area.outer_km:,.0f} km. Shaped by:"
        )
        + "\n\n"
        + "\n".join(
            "- " + md_escape(f"{c.requires}: {c.claims}" + (f" — {c.approximate}" if c.approximate else ""))
            for c in area.constraints
        )
    )

if result.origin is not None:
    st.subheader("Reach from the origin")
    radii = [r.radius_km for r in result.rings]
    reach = ctx.memo.get(
        ("reach", result.origin, tuple(radii)), lambda: analysis.reach_table(places, result.origin, radii)
    )
    if radii:
        st.caption(
            "Geodesic distance and initial bearing from the origin point to each reference place, and whether "
            "it is nearer or farther than each reported distance flown (how far this missile flew, not what it "
            "can reach). Derived from the gazetteer's coordinates (see coord_source)"
            + (
                f"; the origin is known to ±{uncertainty:g} km, so distances are uncertain by as much."
                if uncertainty
                else "."
            )
        )
    else:
        st.caption("No reported range in the current selection: distances and bearings only.")
    st.dataframe(
        reach,
        width="stretch",
        hide_index=True,
        column_config={
            "distance_km": st.column_config.NumberColumn("distance (km)", format="%.1f"),
            "distance_mi": st.column_config.NumberColumn("distance (mi)", format="%.1f"),
            "bearing_deg": st.column_config.NumberColumn("bearing (°)", format="%.1f"),
        },
    )
    # Built when clicked, not on every rerun of every viewer.
    st.download_button(
        "Download reach table (CSV)",
        lambda: exports.to_csv_bytes(reach),
        "launchwatch-reach.csv",
        "text/csv",
        key="reach-download",
    )
    query = st.text_input(
        "Distance from the origin to another place",
        key="lookup",
        max_chars=100,
        placeholder="A name or spelling from the gazetteer, e.g. Pusan, Tokyo, Sea of Japan",
        help="Looked up in the dataset's places and the reference places "
        "(the workspace's, seeded from data/reference_places.csv), never an online service.",
    )
    if query:
        found = gazetteer.Gazetteer(places).geocode(query)
        if found is None:
            st.warning(
                md_escape(f"'{query}' is not in the gazetteer (dataset or reference places)."),
                icon=":material/search_off:",
            )
        else:
            d = geodesy.distance_km(result.origin, (found.latitude, found.longitude))
            b = geodesy.bearing_deg(result.origin, (found.latitude, found.longitude))
            reach_text = "; ".join(
                f"{'nearer' if d <= r else 'farther'} than the {r:,.0f} km the missile flew" for r in radii
            )
            st.markdown(
                md_escape(
                    f"{found.address}: {d:,.1f} km ({geodesy.km_to_miles(d):,.1f} mi) from the origin, "
                    f"bearing {b:.0f}° "
                    f"({geodesy.compass(b)})" + (f"; {reach_text}" if reach_text else "") + "."
                )
            )
            st.caption(
                md_escape(f"Coordinates {found.latitude:.2f}, {found.longitude:.2f}: {found.raw['coord_source']}")
            )

if ctx.key_event:
    st.subheader("The launch in its history")
    # What the history reads: the launches in view and the launch's own claims.
    launches = columnar.where_any(ctx.view, ("event_type", "missile_launch"), ("event_id", ctx.key_event))
    counted, nearby = ctx.memo.get(
        ("history", memo.rows(launches), ctx.key_event, result.origin),
        lambda: history.in_history(launches, ctx.key_event, result.origin),
    )
    if counted is not None:
        days = ", ".join(d.strftime("%d %b") for d in counted.ballistic_days)
        lines = [
            f"**Ballistic launch days in {counted.year} up to {counted.until:%d %b}, computed from the data "
            f"shown: {counted.computed}** ({md_escape(days)}). A salvo counts once."
        ]
        for n, doc, who in counted.reported:
            diff = n - counted.computed
            gap = "the same" if diff == 0 else f"{abs(diff)} {'more' if diff > 0 else 'fewer'} than the data holds"
            lines.append(
                md_escape(f"Report {analysis.short_doc(doc)} ({who}) calls it launch number {n} of the year: {gap}.")
            )
        # One element of paragraphs: spaced as one element per line was, with fewer elements per rerun.
        st.markdown("\n\n".join(lines))
        if any(n != counted.computed for n, _, _ in counted.reported):
            st.caption(
                "A difference means the dataset lacks launches the report counts (the bundled reports "
                "mention few earlier ones); load a launch history on the Data page to compare."
            )
        if len(counted.uncounted):
            st.caption(
                "Not counted: "
                + md_escape(
                    "; ".join(
                        f"{t} ({w})" for t, w in zip(counted.uncounted["title"], counted.uncounted["why"], strict=True)
                    )
                )
            )
    if nearby is not None and len(nearby):
        st.markdown(f"**Earlier launches within 50 km of the origin: {len(nearby)}**")
        st.dataframe(periods.shown_dates(nearby.drop(columns=["event_id"])), width="stretch", hide_index=True)
    elif result.origin:
        st.caption("No earlier launch in the data shown lies within 50 km of the origin.")
