"""The panels a person reads first: the key facts card of the launch in focus and the selected event's claims.

Streamlit drawing only; what the facts are is worked out in `keyfacts`, without Streamlit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import pandas as pd
import streamlit as st

from . import attributes, claim_record, keyfacts, loading, memo, store, ui, verdicts, workspace
from .escaping import md_escape
from .evidence import quote as quoted
from .evidence import span_reference
from .ui import Context

T = TypeVar("T")

# Verdicts that need an analyst's eye, said under the card.
ATTENTION = (verdicts.CONFLICT, verdicts.WORDING)


def launch_in_focus(ctx: Context) -> str | None:
    """The launch the map and the key facts are about: the one place this is decided for the pages."""
    return ctx.launch


def report_names(ctx: Context) -> dict[str, str]:
    return keyfacts.report_names(ctx.dataset.documents)


def evidence_texts(ctx: Context, claims, names: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """(line, caption) per claim (a DataFrame, or keyfacts.records): its source chain and value, then the
    exact supporting text (or where it is)."""
    names = report_names(ctx) if names is None else names
    out = []
    for c in keyfacts.records(claims) if isinstance(claims, pd.DataFrame) else claims:
        quote = quoted(ctx.dataset, c)
        said = keyfacts.reported(c)
        line = f"**{md_escape(said or c['claim'])}** — {md_escape(keyfacts.source_chain(c, names))}"
        if quote is not None:
            out.append((line, f"“{md_escape(quote)}” ({md_escape(span_reference(c))})"))
        else:
            out.append((line, f"{md_escape(c['claim'])} (evidence: {md_escape(span_reference(c))})"))
    return out


def evidence_markdown(texts: list[tuple[str, str]]) -> str:
    """Each claim's line, then its evidence small and grey as a caption is: one Markdown element for them
    all. Two elements per claim were a third of the map page's elements, each paid for on every rerun."""
    return "\n\n".join(f"{line}\n\n:gray[:small[{caption}]]" for line, caption in texts)


# Verdict colours in Streamlit's Markdown: what needs an analyst's eye stands out.
VERDICT_COLOUR = {
    verdicts.CONFLICT: "red",
    verdicts.WORDING: "orange",
    verdicts.WITHIN_ROUNDING: "blue",
    verdicts.COMPATIBLE: "blue",
    verdicts.AGREE: "green",
}
# Each fact is a button that opens its evidence: its text is left-aligned and wraps, never cut off.
CARD_STYLE = (
    "<style>.st-key-key-facts [data-testid='stPopoverButton']{justify-content:space-between;"
    "text-align:left;padding:0.3rem 0.6rem;min-height:2.2rem}"
    ".st-key-key-facts [data-testid='stPopoverButton'] *{white-space:normal;overflow:visible;"
    "text-overflow:clip}"
    ".st-key-key-facts [data-testid='stPopoverButton'] > div{justify-content:space-between;width:100%}"
    ".st-key-key-facts [data-testid='stPopoverButton'] > div > div:first-child{flex:1;"
    "justify-content:flex-start;text-align:left}"
    ".st-key-key-facts h4{padding:0.1rem 0}</style>"
)


def fact_label(fact: keyfacts.Fact) -> str:
    """One line: the fact, its value at the precision given, its verdict and independent origins (Markdown)."""
    head = f"**{md_escape(fact.label)}:** "
    if not fact.given:
        silent = f" ({fact.not_given} say(s) not given)" if fact.not_given else ""
        return head + f":gray[*{md_escape(keyfacts.NO_CLAIM)}{silent}*]"
    origins = (
        f"{fact.origins} independent origin{'s' if fact.origins != 1 else ''}, "
        f"{fact.reports} report{'s' if fact.reports != 1 else ''}"
    )
    silent = f", {fact.not_given} say(s) not given" if fact.not_given else ""
    colour = VERDICT_COLOUR.get(fact.verdict, "gray")
    return head + f"{md_escape(fact.value)} · :{colour}[{md_escape(fact.verdict)}] · {origins}{silent}"


@dataclass(frozen=True)
class FactButton:
    label: str  # fact_label's Markdown
    heading: str  # the first line inside its popover
    evidence: list[tuple[str, str]]  # evidence_texts of its claims

    @property
    def disabled(self) -> bool:
        return not self.evidence


@dataclass(frozen=True)
class Card:
    """The key facts card's text, as key_facts_card draws it (built once per launch and claims in view)."""

    title: str  # Markdown
    docs: int
    headline: str  # Markdown
    buttons: list[FactButton]
    caption: str  # Markdown


def card(ctx: Context, event: pd.Series, found: keyfacts.EventFacts) -> Card:
    """The card of the launch `event` from the facts its claims in view state (keyfacts.event_facts)."""
    facts, docs, origins, names = found.key, found.documents, found.origins, report_names(ctx)
    flagged = [f for f in facts if f.verdict in ATTENTION]
    return Card(
        title=f"**{md_escape(event['title'])}** · "
        + md_escape(f"per {docs} report(s) and {origins} independent origin(s) in view"),
        docs=docs,
        headline=f"#### {md_escape(keyfacts.headline(facts))}",
        buttons=[
            FactButton(
                fact_label(f),
                f"**{md_escape(f.label)}**: the {len(f.evidence)} claim(s) in view",
                evidence_texts(ctx, f.evidence, names),
            )
            for f in facts
        ],
        caption=md_escape(
            "Sources differ on: " + "; ".join(f"{f.label.lower()} ({f.verdict})" for f in flagged) + ". "
            if flagged
            else ""
        )
        + "Click a fact for its claims and quoted evidence.",
    )


def _fact_button(button: FactButton) -> None:
    with st.popover(button.label, width="stretch", disabled=button.disabled):
        st.markdown(button.heading + "\n\n" + evidence_markdown(button.evidence))


def key_facts_card(ctx: Context) -> None:
    """When, what, from where, how far, toward where, who says so, and where the sources disagree."""
    event_id = launch_in_focus(ctx)
    event = _event(ctx, event_id)
    if event is None:
        return
    claims, key = _in_view(ctx, event_id)
    shown = ctx.memo.get(
        ("key-facts", event_id, key, loading.reports_version()),
        lambda: card(ctx, event, _facts(ctx, event_id, claims, key)),
    )
    st.html(CARD_STYLE)
    with st.container(border=True, key="key-facts", gap="small"):
        st.markdown(shown.title)
        if shown.docs == 0:
            st.caption("No claim about this launch is in the current selection: its key facts are not shown.")
            return
        st.markdown(shown.headline)
        left, right = st.columns(2, gap="small")
        for i, button in enumerate(shown.buttons):
            with left if i < (len(shown.buttons) + 1) // 2 else right:
                _fact_button(button)
        st.caption(shown.caption)


def selected_event_panel(ctx: Context) -> None:
    """The selected event: its title and date, then its claims as one compact table grouped by fact."""
    event_id = ctx.selected_event or ctx.launch
    if not event_id:
        st.caption("Click an event on the map or the timeline, or choose one in the sidebar, to see its claims here.")
        return
    if not ctx.selected_event:
        st.caption("Launch in focus (click an event on the map or the timeline to see another's claims here):")
    e = _event(ctx, event_id)
    if e is None:
        st.caption("The selected event is not in this dataset.")
        return
    st.markdown(f"##### {md_escape(e['title'])}")
    st.caption(
        md_escape(
            f"{keyfacts.date_text(e['date'], e['date_precision'])} · "
            f"{e['event_type'].replace('_', ' ')} · {e['description']}"
        )
    )
    facts = ctx.memo.get(("event-facts", event_id), lambda: attributes.event_facts(ctx.claims, event_id, e["date"]))
    if facts:
        st.markdown("  \n".join(f"**{md_escape(k.capitalize())}**: {md_escape(v)}" for k, v in facts))
    ws = workspace.store_of(ctx.workspace)
    claims, key = _in_view(ctx, event_id)
    table = ctx.memo.get(
        ("claims-table", event_id, key),
        lambda: keyfacts.facts_table(_facts(ctx, event_id, claims, key), report_names(ctx)),
    )
    table = _with_authors(ctx, _with_orphans(ctx, table, ws, (event_id, key)), ws, (event_id, key))
    total = ctx.memo.get(("event-claims", event_id), lambda: int((ctx.claims["event_id"] == event_id).sum()))
    hidden = total - len(table)
    if hidden:
        st.caption(f"{hidden} more claim(s) about this event are hidden by the filters.")
    if not table.empty:
        _claims_with_evidence(ctx, ws, event_id, table)
    _retired(ctx, ws, event_id)


def _event(ctx: Context, event_id: str | None) -> pd.Series | None:
    """The event's row (None when no event is given or the dataset lacks it), kept per events table."""
    events = ctx.dataset.events
    if not event_id:
        return None

    def find() -> pd.Series | None:
        found = events[events["event_id"] == event_id]
        return found.iloc[0] if len(found) else None

    return memo.for_table(events).get(("event", event_id), find)


def _in_view(ctx: Context, event_id: str) -> tuple[pd.DataFrame, tuple]:
    """The event's claims in view (cut once per view) and which they are, as a memo key (kept per cut)."""
    claims = keyfacts.event_claims(ctx.view, event_id)
    return claims, memo.rows(claims)


def _facts(ctx: Context, event_id: str, claims: pd.DataFrame, key: tuple) -> keyfacts.EventFacts:
    """The event's facts from its claims in view, kept: the card and the claims table read them."""
    return ctx.memo.get(("facts-in-view", event_id, key), lambda: keyfacts.event_facts(claims))


def _recorded(ctx: Context, key: tuple, read: Callable[[], T]) -> T:
    """What the workspace database records beside the dataset, read once per change counter
    (workspace.version_of) rather than on every rerun."""
    version = workspace.version_of(ctx.workspace)
    return read() if version is None else ctx.memo.get((*key, version), read)


def _claims_with_evidence(ctx: Context, ws: store.Store | None, event_id: str, table: pd.DataFrame) -> None:
    """The event's claims table; the rows chosen in it get their quoted evidence and their history."""
    columns = {"fact": ("fact", "small"), "value": ("value", "medium"), "source": ("source chain", "large")}
    columns |= {name: (name, "small") for name in ("verdict", "evidence", "added by")}
    picked = ui.text_table(
        table.drop(columns=["claim_id"]),
        columns,
        key=f"claims-{event_id}",
        on_select="rerun",
        selection_mode="multi-row",
        height=min(36 * (len(table) + 1) + 3, 420),
    )
    rows = list(getattr(getattr(picked, "selection", None), "rows", []) or [])
    if rows:
        chosen = ctx.view[ctx.view["claim_id"].isin(table["claim_id"].iloc[rows])]
        st.markdown(evidence_markdown(evidence_texts(ctx, chosen)))
        _histories(ws, list(chosen["claim_id"]))
    else:
        st.caption("Select rows (the box at a row's left) to read the quoted evidence and each claim's history.")


def _with_orphans(ctx: Context, table: pd.DataFrame, ws: store.Store | None, key: tuple) -> pd.DataFrame:
    """The claims table with an `evidence` column flagging orphaned claims (when any is), and a warning.
    key: which claims the table shows (the event and _in_view's key)."""
    try:
        orphans = (
            _recorded(ctx, ("orphaned", *key), lambda: claim_record.orphaned(ws, table["claim_id"]))
            if len(table)
            else set()
        )
    except store.StoreError as exc:
        st.caption(md_escape(f"Whether a claim's quote still anchors cannot be read now: {exc}"))
        return table
    if not orphans:
        return table
    st.warning(
        md_escape(f"{len(orphans)} claim(s) here are {claim_record.ORPHAN_NOTE}: {', '.join(sorted(orphans))}."),
        icon=":material/link_off:",
    )
    return table.assign(evidence=["orphaned" if c in orphans else "" for c in table["claim_id"]])


def _with_authors(ctx: Context, table: pd.DataFrame, ws: store.Store | None, key: tuple) -> pd.DataFrame:
    """The claims table with who added each claim, when the workspace database keeps that."""
    if ws is None or table.empty:
        return table
    try:
        who = _recorded(ctx, ("added-by", *key), lambda: claim_record.added_by(ws, table["claim_id"]))
    except store.StoreError as exc:
        st.caption(md_escape(f"Who added these claims cannot be read now: {exc}"))
        return table
    return table.assign(**{"added by": [who.get(c, "") for c in table["claim_id"]]})


def _histories(ws: store.Store | None, claim_ids: list[str]) -> None:
    """Each chosen claim's history: who added it and when, and what became of it since."""
    if ws is None:
        st.caption("A dataset folder keeps no history: claims have one in the workspace database.")
        return
    for cid in claim_ids[:20]:
        try:
            found = claim_record.history(ws, cid)
        except store.StoreError as exc:
            st.caption(md_escape(f"The history of claim {cid} cannot be read now: {exc}"))
            continue
        st.caption(md_escape(f"History of claim {cid}"))
        st.dataframe(found, hide_index=True, width="stretch", key=f"history-{cid}")


def _retired(ctx: Context, ws: store.Store | None, event_id: str) -> None:
    """The event's retracted and superseded claims, kept with who, when and why: listed, never shown as current."""
    try:
        gone = _recorded(ctx, ("retired", event_id), lambda: claim_record.retired(ws, event_id))
    except store.StoreError:
        return
    if gone.empty:
        return
    with st.expander(f"{len(gone)} retracted or superseded claim(s) about this event", icon=":material/history:"):
        st.dataframe(gone, hide_index=True, width="stretch", key=f"retired-{event_id}")
        _histories(ws, list(gone["claim_id"]))


def orphans_notice(ctx: Context) -> None:
    """On the sources page: every orphaned claim of the workspace, flagged where no one can miss it."""
    ws = workspace.store_of(ctx.workspace)
    try:
        orphans = _recorded(ctx, ("orphaned-all",), lambda: claim_record.orphaned(ws))
    except store.StoreError as exc:
        st.caption(md_escape(f"Whether each claim's quote still anchors cannot be read now: {exc}"))
        return
    if not orphans:
        return
    claims = ctx.dataset.claims[ctx.dataset.claims["claim_id"].isin(orphans)]
    st.warning(
        md_escape(f"{len(orphans)} claim(s) are {claim_record.ORPHAN_NOTE}. Check them against the report."),
        icon=":material/link_off:",
    )
    shown = claims[["claim_id", "document_id", "attribute", "claim"]].head(1000)
    st.dataframe(shown, hide_index=True, width="stretch", key="orphaned-claims")
