"""The sources page's section on the same launch in two sources: proposals to confirm or reject, and the
decisions standing. The rules are launchwatch.linking's; this module only shows them and records a choice."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from . import intake_view, linking, sources, store, ui
from .escaping import md_escape

# The proposals table's columns: the event in view while the rest scrolls.
_PROPOSAL_COLUMNS = {
    "title": ("event", "medium"),
    "other_title": ("the other source's event", "medium"),
    "other_source": "other source",
    "reasons": ("why proposed", "large"),
}


def _choice_label(row: dict) -> str:
    return md_escape(f"{row['day']}: {row['title']} ({row['source']}) and {row['other_title']} ({row['other_source']})")


def _record(pair: dict, decision: str) -> None:
    """on_click of Confirm / Reject: one attributed transaction in the workspace database."""
    try:
        change = intake_view.workspace().decide_link(
            intake_view.analyst(), pair["event_id"], pair["other_event_id"], decision, pair.get("reasons", "")
        )
    except store.StoreError as exc:
        st.session_state["link_message"] = ("error", f"Nothing was saved: {exc}")
        return
    st.session_state["link_message"] = (
        "success",
        f"Saved as change {change}: {pair['event_id']} and {pair['other_event_id']} {decision}, "
        f"attributed to {intake_view.analyst()}.",
    )
    ui.refresh_upload()


def _decide(found: pd.DataFrame, writable: bool) -> None:
    rows = found.to_dict(orient="records")
    picked = st.selectbox("Proposal", range(len(rows)), format_func=lambda i: _choice_label(rows[i]), key="link_choice")
    if picked is None:
        return
    pair = rows[picked]
    st.markdown("**Why:** " + md_escape(pair["reasons"]))
    left, right = st.columns(2)
    for col, decision, label in (
        (left, linking.CONFIRMED, "Confirm: the same launch"),
        (right, linking.REJECTED, "Reject"),
    ):
        col.button(label, key=f"link_{decision}", disabled=not writable, on_click=_record, args=(pair, decision))


def _standing(dataset, writable: bool) -> None:
    """The decisions standing, and a way to reverse one: a new decision, the earlier one kept."""
    standing = linking.decisions(dataset.links)
    if not standing:
        return
    links = dataset.links
    reasons = {
        linking.pair_key(a, b): r
        for a, b, r in zip(links["event_id"], links["other_event_id"], links["reasons"], strict=True)
    }
    rows = [{"event": a, "other event": b, "decision": d} for (a, b), d in standing.items()]
    with st.expander(f"Decisions standing ({len(rows)})"):
        st.dataframe(pd.DataFrame(rows), width="stretch", hide_index=True)
        picked = st.selectbox(
            "Decision to reverse",
            range(len(rows)),
            format_func=lambda i: md_escape(f"{rows[i]['event']} and {rows[i]['other event']}: {rows[i]['decision']}"),
            key="link_reverse_choice",
        )
        if picked is None:
            return
        row = rows[picked]
        opposite = linking.REJECTED if row["decision"] == linking.CONFIRMED else linking.CONFIRMED
        pair = {
            "event_id": row["event"],
            "other_event_id": row["other event"],
            "reasons": reasons.get((row["event"], row["other event"]), ""),
        }
        label = "Reverse: not the same launch" if opposite == linking.REJECTED else "Reverse: the same launch"
        st.button(label, key="link_reverse", disabled=not writable, on_click=_record, args=(pair, opposite))


def show(ctx) -> None:
    """The section: proposals (with their reasons), Confirm / Reject where the source can be written."""
    st.subheader("The same launch in two sources")
    st.caption(
        "Events of two sources (an imported launch database beside the reports, say) proposed as one launch: the "
        "same day in North Korea, sites within their uncertainties or unknown, no conflicting missile counts. "
        "Once confirmed, the event's claims from both are shown together and the verdicts compare them."
    )
    message = st.session_state.pop("link_message", None)
    if message:
        (st.success if message[0] == "success" else st.error)(md_escape(message[1]))
    # Once per version of the data (ctx.memo goes with its claims table), not on every rerun.
    found = ctx.memo.get(("link-proposals",), lambda: linking.proposals(ctx.dataset))
    writable = not sources.resolve().read_only
    if found.empty:
        st.caption("No events of two sources are proposed as the same launch.")
    else:
        if not writable:
            st.info(
                "This app reads a dataset folder, which is read-only: confirming or rejecting a link needs the "
                "workspace database.",
                icon=":material/lock:",
            )
        shown = found.drop(columns=["event_id", "other_event_id"])  # the choice below holds the ids
        ui.text_table(shown, _PROPOSAL_COLUMNS, pinned=("title",))
        _decide(found, writable)
    _standing(ctx.dataset, writable)
