"""Add a report: paste or upload a report, review the claims proposed from it, and save them."""

import streamlit as st

from launchwatch import intake_view, ui
from launchwatch.escaping import md_escape

ctx = ui.context()
st.title("Add a report")
ctx = ui.stop_if_unusable(ctx)
st.caption(
    "Paste a report or upload it, give the report's date, and review the claims proposed from its text. "
    "Nothing is stored until you save."
)

raw, name = intake_view.report_input()
meta = intake_view.metadata()
if st.button("Propose claims", type="primary", key="intake_propose"):
    intake_view.propose(raw, name, meta, ctx.dataset)
if st.session_state.get("intake_error"):
    st.error(md_escape(st.session_state["intake_error"]), icon=":material/error:")

edited = intake_view.review(ctx.dataset)
if edited is not None:
    intake_view.add_by_quote(edited)
    intake_view.save_section(edited, intake_view.workspace(), ctx.dataset)
