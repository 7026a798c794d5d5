"""The view a briefing was made from, in words and as the link that reopens it in the app.

The link's parameter names are the app's own (launchwatch.ui), so a reader with access to the app
gets the very same view back; the words are what a reader without it is told.
"""

from __future__ import annotations

from urllib.parse import urlencode

from .. import analysis, filters

# The app's link parameters (launchwatch.ui); repeated here as plain names so this module needs no Streamlit.
P_DOC, P_ORG, P_KIND, P_TYPE, P_SINCE, P_UNTIL, P_EVENT, P_LAUNCH = (
    "doc",
    "org",
    "kind",
    "type",
    "since",
    "until",
    "event",
    "launch",
)
P_BEARING = "bearing"
DEFAULT_APP_URL = "http://localhost:8501/"


def _listed(label: str, values: tuple[str, ...]) -> str:
    """'report 000' or 'reports 000 and 002' or 'reports 000, 001 and 002'."""
    names = list(values)
    plural = label if len(names) == 1 else label + "s"
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"{plural} {listed}"


def filters_in_words(state: filters.FilterState) -> str:
    """The filters in force, as a reader says them: 'reports 000 and 002; originator: South Korea's JCS'."""
    parts = []
    if state.documents:
        parts.append(_listed("report", tuple(analysis.short_doc(d) for d in state.documents)))
    for label, values in (
        ("originator", state.originators),
        ("kind of source", state.originator_kinds),
        ("event type", tuple(t.replace("_", " ") for t in state.event_types)),
    ):
        if values:
            parts.append(f"{label}: {' or '.join(values)}")
    if state.since and state.until:
        parts.append(f"events from {state.since:%Y-%m-%d} to {state.until:%Y-%m-%d}")
    elif state.since:
        parts.append(f"events from {state.since:%Y-%m-%d} on")
    elif state.until:
        parts.append(f"events up to {state.until:%Y-%m-%d}")
    if not parts:
        return "no filter: every report, originator, kind of source, event type and date"
    return "; ".join(parts)


def link_params(
    state: filters.FilterState, launch: str | None, selected: str | None, bearing: float | None
) -> list[tuple[str, str]]:
    """The app's URL parameters for this view, in the order the sidebar reads them."""
    params = [(P_DOC, d) for d in state.documents] + [(P_ORG, o) for o in state.originators]
    params += [(P_KIND, k) for k in state.originator_kinds] + [(P_TYPE, t) for t in state.event_types]
    if state.since:
        params.append((P_SINCE, f"{state.since:%Y-%m-%d}"))
    if state.until:
        params.append((P_UNTIL, f"{state.until:%Y-%m-%d}"))
    if launch:
        params.append((P_LAUNCH, launch))
    if selected:
        params.append((P_EVENT, selected))
    if bearing is not None:
        params.append((P_BEARING, f"{bearing:g}"))
    return params


def view_link(
    app_url: str, state: filters.FilterState, launch: str | None, selected: str | None, bearing: float | None
) -> str:
    """The link that reopens this view in the app at app_url."""
    query = urlencode(link_params(state, launch, selected, bearing))
    base = app_url.split("?", 1)[0]
    return base + ("?" + query if query else "")
