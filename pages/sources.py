"""Sources: what each report says about each event, where they agree and where they conflict."""
import streamlit as st

from launchwatch import analysis, exports, keyfacts, loading, ui
from launchwatch.escaping import md_escape

# Rows sent to the browser per table: a large dataset has hundreds of thousands, which no one reads
# in a table and which would take the page seconds to receive. The downloads hold every row.
SHOWN_ROWS = 1000

ctx = ui.context()
ui.header(ctx, "Sources")
ctx = ui.stop_if_unusable(ctx)
view = ctx.view

reports = loading.reports_dir()
if reports:
    st.caption(md_escape(
        f"Evidence is quoted from the reports in the folder {reports.name} (checked against each report's "
        "SHA-256)."))
else:
    st.caption("The reports folder is not configured (set LAUNCHWATCH_REPORTS): evidence is given as a file name "
               "and character span.")

st.subheader("Where the sources agree and conflict")
overview = analysis.agreement_overview(view, SHOWN_ROWS)
agreement = overview.table
if agreement.empty:
    st.caption("No event in the current selection has more than one claim about the same thing.")
else:
    agreement = agreement.sort_values("verdict", key=lambda s: s.map(analysis.VERDICT_ORDER), kind="stable")
    cols = st.columns(4)
    verdicts = [analysis.CONFLICT, analysis.WITHIN_ROUNDING, analysis.WORDING, analysis.AGREE]
    for col, verdict in zip(cols, verdicts, strict=True):
        col.metric(verdict.capitalize(), overview.counts.get(verdict, 0))
    if overview.capped:
        st.info(f"The table lists {len(agreement):,} of {overview.total:,} rows, conflicts first; the counts above are "
                "over every row. Narrow the filters, or download the whole table.", icon=":material/info:")
        st.download_button("Download every row (CSV)", lambda: exports.to_csv_bytes(analysis.agreement_table(view)),
                           "launchwatch-agreement.csv", "text/csv", key="agreement-download")
    st.dataframe(agreement.drop(columns=["event_id"]), width="stretch", hide_index=True,
                 column_config={"title": st.column_config.TextColumn("event", width="medium", pinned=True),
                                "values": st.column_config.TextColumn("what each source says", width="large")})

st.subheader("Corroboration")
st.caption("An event is corroborated when at least two reports and two originators carry it. An unattributed "
           "statement counts once per report; reports that cite the same wire service are not fully independent.")
corr = analysis.corroboration_overview(view, SHOWN_ROWS)
if corr.capped:
    counts = "; ".join(f"{status}: {n:,}" for status, n in sorted(corr.counts.items()))
    st.info(f"The table lists the {len(corr.table):,} best corroborated of {corr.total:,} events ({counts}). "
            "Narrow the filters, or download the whole table.", icon=":material/info:")
    st.download_button("Download every event (CSV)", lambda: exports.to_csv_bytes(analysis.corroboration(view)),
                       "launchwatch-corroboration.csv", "text/csv", key="corroboration-download")
st.dataframe(corr.table.drop(columns=["event_id"]), width="stretch", hide_index=True)

st.subheader("Side by side, by report")
# The earliest event, and whether the selected or key event is in view, without sorting every claim.
event_ids = view["event_id"]
earliest = event_ids.iloc[int(view["event_date"].argmin())] if len(view) else None
in_view = {e for e in (ctx.selected_event, ctx.key_event) if e and (event_ids == e).any()}
default = ctx.selected_event if ctx.selected_event in in_view else (ctx.key_event if ctx.key_event in in_view else None)
if earliest is not None:
    if ctx.selected_event and ctx.selected_event not in in_view:
        st.caption("The selected event has no claims under the current filters.")
    event_id = default or earliest
    claims = view[event_ids == event_id]
    st.markdown(f"**{md_escape(claims['title'].iloc[0])}** — choose another event in the sidebar's "
                "*Selected event*.")
    table = keyfacts.by_report(claims, event_id, keyfacts.report_names(ctx.dataset.documents))
    # The fact and verdict stay in view while the reports' columns scroll; each report's column is readable.
    st.dataframe(table, width="stretch", hide_index=True,
                 column_config={"fact": st.column_config.TextColumn("fact", width="small", pinned=True),
                                "verdict": st.column_config.TextColumn("verdict", width="small", pinned=True),
                                **{c: st.column_config.TextColumn(c, width="medium") for c in table.columns[2:]}})
    with st.expander(f"Evidence for the {len(claims)} claim(s) about this event"):
        ui.claims_panel(ctx, claims)
