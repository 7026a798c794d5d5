"""Map: the launch origin, the reported range toward the East Sea, reach, and other located events."""
import streamlit as st

from launchwatch import analysis, exports, figures, ui

ctx = ui.context()
ui.header(ctx, "Map")
ctx = ui.stop_if_unusable(ctx)

st.caption("The reports give the origin (a county, not a launch pad), the direction (toward the East Sea) and the "
           "distance flown. They give no impact point: the orange arc marks where the reported range ring lies over "
           "the East Sea. Distances are geodesic on the WGS84 ellipsoid.")

bearing = st.number_input(
    "Assumed bearing from the origin, degrees (optional, drawn as an assumption)", min_value=0.0, max_value=359.9,
    value=None, step=1.0, format="%.0f", key="bearing", bind="query-params",
    placeholder="No bearing: none is reported",
    help="The reports give no bearing. Enter one to see where a flight of the reported range on that bearing "
         "would end; it is drawn dashed and labelled as an assumption.")

result = figures.map_figure(ctx.view, ctx.dataset.places, ctx.descriptions, ctx.key_event,
                            assumed_bearing=bearing, selected_event=ctx.selected_event)
for notice in result.notices:
    st.info(ui.md_escape(notice), icon=":material/info:")

left, right = st.columns([2.6, 1], gap="small")
with left:
    st.plotly_chart(result.figure, key="map_chart", on_select=ui.on_chart_select("map_chart"),
                    selection_mode="points", width="stretch", config=figures.PLOTLY_CONFIG)
with right:
    ui.selected_event_panel(ctx)

if result.origin is not None:
    st.subheader("Reach from the origin")
    radii = [r.radius_km for r in result.rings]
    reach = analysis.reach_table(ctx.dataset.places, result.origin, radii)
    if radii:
        st.caption("Geodesic distance and initial bearing from the origin point to each reference place, and whether "
                   "it lies within each reported range. Derived from the gazetteer's coordinates (see coord_source); "
                   "the origin is a county, so distances are uncertain by its radius.")
    else:
        st.caption("No reported range in the current selection: distances and bearings only.")
    st.dataframe(reach, width="stretch", hide_index=True,
                 column_config={"distance_km": st.column_config.NumberColumn("distance (km)", format="%.1f"),
                                "distance_mi": st.column_config.NumberColumn("distance (mi)", format="%.1f"),
                                "bearing_deg": st.column_config.NumberColumn("bearing (°)", format="%.1f")})
    st.download_button("Download reach table (CSV)", exports.to_csv_bytes(reach), "launchwatch-reach.csv",
                       "text/csv", key="reach-download")
