"""Streamlit glue for the "Add a report" page: the report and its metadata in, the proposals reviewed.

The page file only calls these in order. Logic lives in launchwatch.intake (pure, tested without
Streamlit); this module holds widgets and session state. Every string from a report or the dataset
that Streamlit would read as Markdown goes through md_escape; the report itself is shown through
intake.highlight, which escapes every piece of it.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import pandas as pd
import streamlit as st

from . import schema
from .escaping import md_escape
from .intake import extract, save
from .intake import table as review_table
from .intake.highlight import highlighted
from .intake.reader import MAX_BYTES, ReportError, check_published, read_report
from .intake.reference import context, known_originators, organisations
from .intake.review import RELIABILITY, find_quote

UPLOAD_TYPES = ["txt", "md", "html", "htm"]
ATTRIBUTE_CHOICES = sorted({*schema.ATTRIBUTES, "ordinal_in_year", "ordinal_since", "apogee"})


def report_input() -> tuple[bytes | str | None, str]:
    """The report as pasted or uploaded, and its name for messages."""
    how = st.radio("Report", ["Paste the text", "Upload a file"], horizontal=True, key="intake_how")
    if how == "Paste the text":
        # No max_chars: a cut paste would lose text silently; read_report refuses an oversized one instead.
        pasted = st.text_area(
            "Report text", key="intake_paste", height=220, help="Plain text. Markup in it is shown as text, never run."
        )
        return (pasted or None), "the pasted text"
    upload = st.file_uploader("Report file (.txt, .md or a saved .html page)", type=UPLOAD_TYPES, key="intake_file")
    if upload is None:
        return None, ""
    if upload.size > MAX_BYTES:
        return b"\0" * (MAX_BYTES + 1), upload.name  # refused with the size message, unread
    return upload.getvalue(), upload.name


def metadata() -> dict:
    """Title, outlet, URL, dateline, the report's date (required) and the outlet's reliability."""
    c1, c2 = st.columns(2)
    meta = {
        "title": c1.text_input("Title", key="intake_title"),
        "outlet": c2.text_input("Outlet", key="intake_outlet", help="The publisher, if known."),
        "url": c1.text_input("URL", key="intake_url", help="Kept as text; the app never opens it."),
        "dateline": c2.text_input("Dateline", key="intake_dateline", help="e.g. SEOUL: its city gives the time zone."),
    }
    meta["published"] = c1.date_input(
        "Report's date (required)",
        value=None,
        key="intake_date",
        max_value=dt.date.today(),
        format="YYYY-MM-DD",
        help="The day the report speaks from: 'on Friday' and 'last month' count from it.",
    )
    meta["is_publication"] = c2.checkbox("This is the report's publication date", value=True, key="intake_is_pub")
    meta["reliability"] = c2.selectbox(
        "Outlet's reliability (Admiralty scale)",
        list(RELIABILITY),
        index=5,
        key="intake_reliability",
        format_func=lambda g: f"{g}: {RELIABILITY[g]}",
    )
    return meta


def propose(raw, name: str, meta: dict, dataset) -> None:
    """Read the report and put its proposals in the session; errors are shown, nothing is kept half."""
    st.session_state.pop("intake_result", None)
    try:
        if meta["published"] is None:
            raise ReportError("Give the report's date: relative dates in the text are counted from it.")
        check_published(meta["published"])
        text = read_report(raw if raw is not None else b"", name or "the pasted text")
    except ReportError as exc:
        st.session_state["intake_error"] = str(exc)
        return
    st.session_state.pop("intake_error", None)
    result = extract(text, context(dataset, meta["published"], meta["dateline"]))
    key = hashlib.sha256(f"{meta['published']}\n{text}".encode()).hexdigest()[:12]
    st.session_state["intake_result"] = {
        "text": text,
        "name": name,
        "meta": dict(meta),
        "key": key,
        "frame": review_table.to_frame(result.proposals, text),
        "warnings": result.warnings,
        "editor": 0,
    }


def _options(values, limit: int = 2_000):
    """A select box's options, or None (free text) when there are too many to send to the browser."""
    values = sorted({str(v) for v in values if str(v)})
    return ["", *values] if len(values) <= limit else None


def _column_config(dataset) -> dict:
    cc = st.column_config
    events = _options(dataset.events["event_id"])
    choose = {
        "attribute": ATTRIBUTE_CHOICES,
        "stance": ["stated", "not_given", "denied"],
        "date_precision": ["", *schema.DATE_PRECISIONS],
        "event_precision": ["", *schema.DATE_PRECISIONS],
        "originator_kind": ["", *schema.ORIGINATOR_KINDS],
        "event_type": ["", *schema.EVENT_TYPES],
    }
    config = {name: cc.SelectboxColumn(name.replace("_", " "), options=opts) for name, opts in choose.items()}
    config["accept"] = cc.CheckboxColumn("accept", default=True)
    config["event_id"] = (
        cc.SelectboxColumn(
            "event",
            options=events,
            help="An existing event; empty for a new one of the type and date in the next columns",
        )
        if events
        else cc.TextColumn("event", help="An existing event's id; empty for a new one")
    )
    config["originator"] = cc.TextColumn(
        "originator",
        help="A known originator's name (see Known originators below the table), or a new one as written: "
        "saving adds a new one to the alias table",
    )
    return config


def review(dataset) -> pd.DataFrame | None:
    """The report with the proposals marked beside the table that edits them; returns the edited table."""
    res = st.session_state.get("intake_result")
    if not res:
        return None
    for w in res["warnings"]:
        st.warning(md_escape(w), icon=":material/warning:")
    if res.get("notice"):
        st.warning(md_escape(res.pop("notice")), icon=":material/search:")
    st.subheader("Proposed claims")
    st.caption("Each marked passage carries the number of its row. Untick a row to reject it; edit any cell.")
    left, right = st.columns([2, 3])
    with right:
        edited = st.data_editor(
            res["frame"],
            key=f"intake_editor_{res['key']}_{res['editor']}",
            hide_index=True,
            column_config=_column_config(dataset),
            disabled=review_table.READ_ONLY,
            num_rows="fixed",
            width="stretch",
            height=460,
        )
    with left, st.container(height=460, key="intake_text_view"):
        st.markdown(highlighted(res["text"], review_table.spans(edited)))
    known_list(dataset)
    return edited


def known_list(dataset) -> None:
    """The originators the workspace knows, to type into the table's originator cells as they are."""
    known = known_originators(dataset)
    with st.expander(f"Known originators ({len(known)})", key="intake_known"):
        st.dataframe(pd.DataFrame({"originator": known}), hide_index=True, width="stretch", height=240)


def add_by_quote(edited: pd.DataFrame) -> None:
    """A claim the rules missed: the analyst pastes its passage, the app finds its span."""
    res = st.session_state["intake_result"]
    with st.form("intake_quote", clear_on_submit=True):
        st.markdown("**Add a claim by quoting the report**")
        quote = st.text_input("Passage, pasted from the report", key="intake_quote_text")
        c1, c2 = st.columns(2)
        attribute = c1.selectbox("Attribute", ATTRIBUTE_CHOICES, key="intake_quote_attribute")
        value = c2.text_input("Value as written (empty: the passage)", key="intake_quote_value")
        submitted = st.form_submit_button("Add the claim")
    if not submitted:
        return
    found = find_quote(res["text"], quote)
    if found is None:
        st.error(
            "That passage is not in the report's text, exactly or closely: paste it from the text shown.",
            icon=":material/search_off:",
        )
        return
    passage = res["text"][found.start : found.end]
    if not found.exact:
        res["notice"] = f"Not found exactly: the closest passage ({found.score:.0f}% alike) was taken: '{passage}'."
    row = {c: "" for c in review_table.COLUMNS} | {
        "accept": True,
        "attribute": attribute,
        "value": value or passage,
        "stance": "stated",
        "originator": "the report itself",
        "originator_kind": "report_itself",
        "span_start": found.start,
        "span_end": found.end,
        "quote": passage,
        "note": "added by the analyst",
    }
    res["frame"] = pd.concat([edited, pd.DataFrame([row])], ignore_index=True).astype(edited.dtypes.to_dict())
    res["editor"] += 1
    st.rerun()


def analyst() -> str:
    """Who saves: the logged-in viewer's email or name when login is on, else 'local'."""
    user = getattr(st, "user", None)
    if user is not None and getattr(user, "is_logged_in", False):
        return str(user.get("email") or user.get("name") or "local")
    return "local"


def plan_from(edited: pd.DataFrame, known=()) -> save.Plan:
    res = st.session_state["intake_result"]
    m = res["meta"]
    meta = save.Metadata(
        published=m["published"],
        name=res["name"] or "pasted text",
        title=m["title"],
        outlet=m["outlet"],
        url=m["url"],
        dateline=m["dateline"],
        reliability=m["reliability"],
        is_publication=m["is_publication"],
    )
    return save.plan(res["text"], meta, review_table.from_frame(edited), known)


def stands_for(names: list[str], dataset) -> dict[str, str]:
    """For each new originator, the organisation the analyst says it stands for ('' for itself)."""
    choices = ["", *organisations(dataset)]
    chosen = {}
    for name in names:
        key = "intake_stands_" + hashlib.sha256(name.encode()).hexdigest()[:10]
        chosen[name] = st.selectbox(
            f"New originator '{md_escape(name)}' stands for",
            choices,
            key=key,
            format_func=lambda org: "itself (a new organisation)" if org == "" else md_escape(org),
            help="Saving adds it to the alias table, attributed to you; most new names stand for themselves.",
        )
    return chosen


def save_section(edited: pd.DataFrame, store, dataset) -> int | None:
    """What Save would write, the reasons it cannot yet, and the button; returns the change number when saved."""
    the_plan = plan_from(edited, known_originators(dataset))
    st.markdown(
        f"**{len(the_plan.claims)} claim(s)** accepted, with {len(the_plan.events)} new event(s) and "
        f"{len(the_plan.originators)} new originator(s)."
    )
    chosen = stands_for(the_plan.originators, dataset)
    for problem in the_plan.problems:
        st.warning(md_escape(problem), icon=":material/edit_note:")
    blocked = bool(the_plan.problems) or not the_plan.claims or store is None
    if store is None:
        st.info(
            "Saving needs the workspace database; this app reads a folder, which is read-only.", icon=":material/lock:"
        )
    if not st.button("Save", type="primary", key="intake_save", disabled=blocked):
        return None
    try:
        change = save.save(store, analyst(), st.session_state["intake_result"]["text"], the_plan, chosen)
    except Exception as exc:  # a refused write saves nothing; the analyst sees why
        st.error(md_escape(f"Nothing was saved: {exc}"), icon=":material/error:")
        return None
    st.session_state.pop("intake_result", None)
    st.success(
        f"Saved as change {change}: {len(the_plan.claims)} claim(s), attributed to {md_escape(analyst())}."
        + (f" New in the alias table: {md_escape(', '.join(the_plan.originators))}." if the_plan.originators else ""),
        icon=":material/check_circle:",
    )
    return change


@st.cache_resource(max_entries=4, ttl=3600)
def _workspace(url: str):
    from .intake_cli import open_workspace

    return open_workspace(url)


def workspace():
    """The workspace database saves go to, or None when the app reads a dataset folder (read-only)."""
    from .intake_cli import workspace_url

    url = workspace_url(None)
    return None if url is None else _workspace(url)
