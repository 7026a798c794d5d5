"""Timeline: every event on one time axis, with its date precision visible."""

import streamlit as st

from launchwatch import figures, launch_history, panels, ui
from launchwatch.escaping import md_escape

ctx = ui.context()
ui.header(ctx, "Timeline")
ctx = ui.stop_if_unusable(ctx)

st.caption(
    "A marker is an event known to the day. A bar is an event known only to the week, month or year, drawn "
    "over that whole period. An event the reports date only as 'recent' is a tick at the last day it can "
    "have happened, with 'on or before' written before it: its start is not reported, so none is drawn. "
    "Click an event to select it; the selection is shared with the map and sources pages."
)

launches = launch_history.launch_table(ctx.view)
if len(launches) >= launch_history.HISTORY_MIN_LAUNCHES:
    st.subheader("Launch history")
    st.caption(md_escape(launch_history.summary_line(launches)))
    by = st.segmented_control(
        "Stack by",
        ["missile_class", "outcome"],
        default="missile_class",
        key="history_by",
        format_func=lambda b: b.replace("_", " "),
        required=True,
    )
    period = launch_history.choose_period(launches, ctx.state.since, ctx.state.until)
    st.plotly_chart(
        launch_history.history_figure(launches, by, period),
        key="history_chart",
        on_select=ui.on_history_select("history_chart", by),
        selection_mode="points",
        width="stretch",
        config=figures.PLOTLY_CONFIG,
    )
    st.caption(
        "Per month once the dates in view span three years or less. Click a bar to narrow the dates (and "
        "the class or outcome, where the data claims one) to its launches; reset in the sidebar."
    )
    st.subheader("Events by type")

window = st.segmented_control(
    "Time window",
    figures.WINDOWS,
    default=figures.WINDOWS[0],
    key="window",
    bind="query-params",
    help="The first two end just after the launch in focus; 'all' spans every event. "
    "Drag on the chart to zoom in: the zoom is kept when you click an event.",
)
fig = figures.timeline_figure(
    ctx.view, ctx.descriptions, ctx.key_event, ctx.selected_event, highlight=False, window=window or figures.WINDOWS[0]
)
for notice in figures.timeline_notices(ctx.view, ctx.key_event, ctx.selected_event):
    st.info(md_escape(notice), icon=":material/info:")
hidden = figures.timeline_hidden_count(ctx.view, ctx.key_event)
if hidden and (window or figures.WINDOWS[0]) == figures.WINDOWS[0]:
    st.info(
        f"The chart opens on the three weeks before the launch; {hidden:,} event(s) lie outside that window. "
        "Choose 'all' above the chart, or drag the range slider below it, to see them.",
        icon=":material/swap_horiz:",
    )

st.plotly_chart(
    fig,
    key="timeline_chart",
    on_select=ui.on_chart_select("timeline_chart"),
    selection_mode="points",
    width="stretch",
    config=figures.PLOTLY_CONFIG,
)
st.markdown("#### Selected event")
panels.selected_event_panel(ctx)
