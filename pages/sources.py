"""Sources: what each report says about each event, where they agree and where they conflict."""

import streamlit as st

from launchwatch import analysis, corroboration, keyfacts, linking_view, loading, panels, ui, verdicts
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
    st.caption(
        md_escape(
            f"Evidence is quoted from the reports in the folder {reports.name} (checked against each report's SHA-256)."
        )
    )
else:
    st.caption(
        "The reports folder is not configured (set LAUNCHWATCH_REPORTS): evidence is given as a file name "
        "and character span."
    )

panels.orphans_notice(ctx)

st.subheader("Where the sources agree and conflict")
st.caption(
    "One row per fact of an event: only claims about the same fact are compared. A report that says a "
    "value was not given is listed beside the verdict, never counted for or against it. "
    "`python -m launchwatch verdicts` writes the same table."
)
found = verdicts.verdict_overview(view, SHOWN_ROWS)
if found.table.empty:
    st.caption("No claims in the current selection.")
else:
    cols = st.columns(4)
    for col, verdict in zip(
        cols, [verdicts.CONFLICT, verdicts.WITHIN_ROUNDING, verdicts.COMPATIBLE, verdicts.AGREE], strict=True
    ):
        col.metric(verdict.capitalize(), int(found.counts.get(verdict, 0)))
    shown = found.table.copy()
    capped = found.total > len(shown)
    ui.capped_table_header(
        "verdicts",
        lambda: verdicts.verdict_rows(view),
        f"The table lists {len(shown):,} of {found.total:,} rows, conflicts first; the counts above are "
        "over every row. Narrow the filters, or download the whole table."
        if capped
        else None,
    )
    shown["not_given"] = [verdicts.not_given_text(r) for r in shown.to_dict(orient="records")]
    shown["documents"] = shown["documents"].map(lambda d: ", ".join(analysis.short_doc(x) for x in d.split(";") if x))
    # "Not given" sits beside the verdict it is never counted in.
    shown = shown[["title", "attribute", "verdict", "not_given", "documents", "values", "origins", "chain"]]
    columns = {
        "title": ("event", "medium"),
        "values": ("what each source says", "large"),
        "not_given": "says it was not given",
        "origins": ("who stands behind it", "large"),
        "chain": ui.CHAIN_COLUMN,
    }
    ui.text_table(shown, columns, pinned=("title",))
    with st.expander("What the verdicts mean"):
        st.markdown("\n".join(f"- **{term}**: {meaning}" for term, meaning in verdicts.VERDICTS.items()))

linking_view.show(ctx)

st.subheader("Corroboration")
st.caption(
    "An event is corroborated when at least two independent origins carry it. Names are resolved to "
    "organisations through the alias table (data/aliases.csv): South Korea's military, South Korean "
    "military officials and the Joint Chiefs of Staff are one origin. A wire service carries a claim; "
    "it is not a second origin. Statements a report makes without attribution are listed, not counted."
)
corr = corroboration.overview(view, SHOWN_ROWS)
counts = "; ".join(f"{status}: {n:,}" for status, n in sorted(corr.counts.items()))
ui.capped_table_header(
    "corroboration",
    lambda: corroboration.event_origins(view),
    f"The table lists the {len(corr.table):,} best corroborated of {corr.total:,} events ({counts}). "
    "Narrow the filters, or download the whole table."
    if corr.total > len(corr.table)
    else None,
)
columns = {"sources": ("origins, wire services, reports", "large"), "chain": ui.CHAIN_COLUMN}
ui.text_table(corr.table.drop(columns=["event_id"]), columns)

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
    st.markdown(f"**{md_escape(claims['title'].iloc[0])}** — choose another event in the sidebar's *Selected event*.")
    table = keyfacts.by_report(claims, event_id, keyfacts.report_names(ctx.dataset.documents))
    # The fact and verdict stay in view while the reports' columns scroll; each report's column is readable.
    each_report = {c: (c, "medium") for c in table.columns[2:]}
    columns = {"fact": ("fact", "small"), "verdict": ("verdict", "small"), **each_report}
    ui.text_table(table, columns, pinned=("fact", "verdict"))
    with st.expander(f"Evidence for the {len(claims)} claim(s) about this event"):
        ui.claims_panel(ctx, claims)
