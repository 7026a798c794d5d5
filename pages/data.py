"""Data: the filtered claims as a table, with the same downloads as `python -m launchwatch export`,
and a file upload that loads another dataset for this viewer's session only."""

import streamlit as st

from launchwatch import exports, keyfacts, periods, ui, uploads
from launchwatch.escaping import md_escape

ctx = ui.context()
ui.header(ctx, "Data")
ctx = ui.stop_if_unusable(ctx)

# A browser table of a million rows would ship the whole frame to every viewer: show the first rows.
SHOWN_ROWS = 5_000
DATA_COLUMNS = [
    "title",
    "event_date",
    "attribute",
    "claim",
    "qualifier",
    "value",
    "unit",
    "originator",
    "via",
    "report",
]

st.caption(
    "One row per claim, with its event, place and report joined. Sort by clicking a column header. "
    "Dates are shown at their precision; the downloads hold every filtered row, exactly as "
    "`python -m launchwatch export` writes them (ISO dates beside their precision)."
)
view = ctx.view
if len(view) > SHOWN_ROWS:
    st.info(
        f"The table shows the first {SHOWN_ROWS:,} of {len(view):,} filtered claims; the downloads hold all of them.",
        icon=":material/table_rows:",
    )
# Names first and the claim in our words readable; the ids (kept in the downloads) are last, reached by scrolling.
shown = periods.shown_dates(view.head(SHOWN_ROWS))
shown = shown.assign(report=shown["document"].map(keyfacts.report_names(ctx.dataset.documents)))
columns = {"claim": ("claim", "large"), "title": ("event", "medium"), "report": ("report", "medium")}
order = DATA_COLUMNS + [c for c in shown.columns if c not in DATA_COLUMNS]
ui.text_table(shown, columns, pinned=("title",), height=480, column_order=order)
c1, c2 = st.columns(2)
# Files are built only when a button is clicked (a callable), not on every rerun of the page.
c1.download_button(
    "Download CSV",
    lambda: exports.to_csv_bytes(view),
    "launchwatch-claims.csv",
    "text/csv",
    key="download-csv",
    width="stretch",
)
c2.download_button(
    "Download GeoJSON",
    lambda: exports.to_geojson_bytes(view),
    "launchwatch-claims.geojson",
    "application/geo+json",
    key="download-geojson",
    width="stretch",
)

st.subheader("Load another file (this session only)")
st.caption(
    "A launch history or event file: our own export (CSV or Parquet), an export of the CNS North Korea "
    "Missile Test Database, CSIS's list of North Korean provocations, or an ACLED export "
    "(nk-missile-tests' JSON needs its facility file: import it with the command line). It is read in "
    "memory and seen only in this browser "
    "session; nothing is saved on the server. Malformed rows are listed with their numbers; the rest is "
    "loaded."
)
st.radio(
    "Show it",
    ["add", "replace"],
    key="upload_mode",
    horizontal=True,
    format_func={"add": "beside the bundled reports", "replace": "instead of the bundled reports"}.get,
)
st.file_uploader(
    "Event file",
    type=ui.UPLOAD_TYPES,
    key="upload_file",
    on_change=ui.process_upload,
    help=f"CSV or Parquet, at most {ui.UPLOAD_LIMIT_TEXT}.",
)
report = st.session_state.get("upload_report")
if report:
    for error in report["errors"]:
        st.error(md_escape(error), icon=":material/error:")
    if report.get("summary"):
        st.success(md_escape(f"{report['name']}: {report['summary']}"), icon=":material/upload_file:")
    if report.get("shared"):
        st.warning(
            f"{report['shared']:,} event(s) in this file are already shown (the same ids): it looks like an "
            "export of this very data. By default the file's version replaces them, so nothing is shown twice.",
            icon=":material/content_copy:",
        )
        st.radio(
            "Events already shown",
            list(uploads.CLASH_CHOICES),
            key="upload_clash",
            horizontal=True,
            format_func=uploads.CLASH_CHOICES.get,
            on_change=ui.reshow_upload,
        )
    for note in report.get("clash_notes", []):
        st.caption(md_escape(note))
    if report["lines"][1:]:
        with st.expander(f"Import report ({len(report['lines']) - 1} line(s))"):
            st.text("\n".join(report["lines"][1:]))
if st.session_state.get("uploaded_dataset") is not None:
    st.button("Return to the bundled data", on_click=ui.drop_upload, key="drop-upload")
