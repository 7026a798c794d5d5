"""The yardstick for the map page's first paint: a Streamlit page with one small offline geo figure.

Five points and one line on a geo subplot with every built-in (CDN-fetched) layer off, by the same
settings as the map page, which draws its own outlines. benchmarks/first_paint.py loads it and the
map page alternately.
"""

import sys
from pathlib import Path

import plotly.graph_objects as go
import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from launchwatch.basemap import apply_offline_geo  # noqa: E402

st.set_page_config(page_title="One figure", layout="wide")
st.title("One figure")
fig = go.Figure(
    go.Scattergeo(
        lat=[40.2, 37.6, 35.7, 39.9, 43.1],
        lon=[125.2, 127.0, 139.7, 116.4, 131.9],
        mode="markers+text",
        text=["A", "B", "C", "D", "E"],
    )
)
fig.add_trace(go.Scattergeo(lat=[40.2, 40.0], lon=[125.2, 131.5], mode="lines"))
apply_offline_geo(fig, lon_range=(113, 145.5))
fig.update_layout(height=600, margin=dict(l=0, r=0, t=0, b=0))
st.plotly_chart(fig, width="stretch")
