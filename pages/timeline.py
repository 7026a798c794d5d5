"""Timeline: every event on one time axis, with its date precision visible."""
import streamlit as st

from launchwatch import figures, launch_history, ui
from launchwatch.escaping import md_escape

ctx = ui.context()
ui.header(ctx, "Timeline")
ctx = ui.stop_if_unusable(ctx)

st.caption("A marker is an event known to the day. A bar is an event known only to the week, month or year, drawn "
           "over that whole period; a faded bar is one the reports date only as 'recent' (on or before its end). "
           "Click an event to select it; the selection is shared with the map and sources pages.")

launches = launch_history.launch_table(ctx.view)
if len(launches) >= launch_history.HISTORY_MIN_LAUNCHES:
    st.subheader("Launch history")
    st.caption(md_escape(launch_history.summary_line(launches)))
    by = st.segmented_control("Stack by", ["missile_class", "outcome"], default="missile_class", key="history_by",
                              format_func=lambda b: b.replace("_", " "), required=True)
    period = launch_history.choose_period(launches, ctx.state.since, ctx.state.until)
    st.plotly_chart(launch_history.history_figure(launches, by, period), key="history_chart",
                    on_select=ui.on_history_select("history_chart", by), selection_mode="points",
                    width="stretch", config=figures.PLOTLY_CONFIG)
    st.caption("Per month once the dates in view span three years or less. Click a bar to narrow the dates (and "
               "the class or outcome, where the data claims one) to its launches; reset in the sidebar.")
    st.subheader("Events by type")

fig = figures.timeline_figure(ctx.view, ctx.descriptions, ctx.key_event, ctx.selected_event)
for notice in figures.timeline_notices(ctx.view, ctx.key_event, ctx.selected_event):
    st.info(md_escape(notice), icon=":material/info:")
hidden = figures.timeline_hidden_count(ctx.view, ctx.key_event)
if hidden:
    st.info(f"The chart opens on the three weeks before the launch; {hidden:,} event(s) lie outside that window. "
            "Choose 'all' above the chart, drag the range slider, or double-click the chart to see them.",
            icon=":material/swap_horiz:")

left, right = st.columns([2.6, 1], gap="small")
with left:
    st.plotly_chart(fig, key="timeline_chart", on_select=ui.on_chart_select("timeline_chart"),
                    selection_mode="points", width="stretch", config=figures.PLOTLY_CONFIG)
with right:
    ui.selected_event_panel(ctx)
