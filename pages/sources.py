"""Sources: what each report says about each event, where they agree and where they conflict."""
import pandas as pd
import streamlit as st

from launchwatch import analysis, loading, ui

ctx = ui.context()
ui.header(ctx, "Sources")
ctx = ui.stop_if_unusable(ctx)
view = ctx.view

reports = loading.reports_dir()
if reports:
    st.caption(ui.md_escape(f"Evidence is quoted from the reports in {reports} (checked against each report's SHA-256)."))
else:
    st.caption("The reports folder is not configured (set LAUNCHWATCH_REPORTS): evidence is given as a file name "
               "and character span.")

st.subheader("Where the sources agree and conflict")
agreement = analysis.agreement_table(view)
if agreement.empty:
    st.caption("No event in the current selection has more than one claim about the same thing.")
else:
    order = {analysis.CONFLICT: 0, analysis.WITHIN_ROUNDING: 1, analysis.WORDING: 2, analysis.AGREE: 3, analysis.SINGLE: 4}
    agreement = agreement.sort_values("verdict", key=lambda s: s.map(order), kind="stable")
    counts = agreement["verdict"].value_counts()
    cols = st.columns(4)
    for col, verdict in zip(cols, [analysis.CONFLICT, analysis.WITHIN_ROUNDING, analysis.WORDING, analysis.AGREE]):
        col.metric(verdict.capitalize(), int(counts.get(verdict, 0)))
    st.dataframe(agreement.drop(columns=["event_id"]), width="stretch", hide_index=True,
                 column_config={"values": st.column_config.TextColumn("what each source says", width="large")})

st.subheader("Corroboration")
st.caption("An event is corroborated when at least two reports and two originators carry it. An unattributed "
           "statement counts once per report; reports that cite the same wire service are not fully independent.")
corr = analysis.corroboration(view)
st.dataframe(corr.drop(columns=["event_id"]), width="stretch", hide_index=True)

st.subheader("Side by side, by report")
events = list(pd.unique(view.sort_values("event_date")["event_id"]))
titles = dict(zip(view["event_id"], view["title"]))
default = ctx.selected_event if ctx.selected_event in events else (ctx.key_event if ctx.key_event in events else None)
if events:
    if ctx.selected_event and ctx.selected_event not in events:
        st.caption("The selected event has no claims under the current filters.")
    event_id = default or events[0]
    st.markdown(f"**{ui.md_escape(titles[event_id])}** — choose another event in the sidebar's *Selected event*.")
    documents = list(ctx.dataset.documents["document_id"])
    table = analysis.side_by_side(view, event_id, documents)
    st.dataframe(table, width="stretch")
    with st.expander(f"Evidence for the {int((view['event_id'] == event_id).sum())} claim(s) about this event"):
        ui.claims_panel(ctx, view[view["event_id"] == event_id])
