"""Data: the filtered claims as a table, with the same downloads as `python -m launchwatch export`."""
import streamlit as st

from launchwatch import exports, ui

ctx = ui.context()
ui.header(ctx, "Data")
ctx = ui.stop_if_unusable(ctx)

st.caption("One row per claim, with its event, place and report joined. Sort by clicking a column header. "
           "The downloads hold exactly the rows shown, as `python -m launchwatch export` writes them with the same filters.")
st.dataframe(ctx.view, width="stretch", hide_index=True, height=520)
c1, c2 = st.columns(2)
# Files are built only when a button is clicked (a callable), not on every rerun of the page.
view = ctx.view
c1.download_button("Download CSV", lambda: exports.to_csv_bytes(view), "launchwatch-claims.csv", "text/csv",
                   key="download-csv", width="stretch")
c2.download_button("Download GeoJSON", lambda: exports.to_geojson_bytes(view), "launchwatch-claims.geojson",
                   "application/geo+json", key="download-geojson", width="stretch")
