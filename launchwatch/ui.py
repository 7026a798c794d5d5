"""Streamlit glue shared by app.py and the pages: the cached load, the sidebar filters, the selection.

Filter state lives in the URL (widgets bound to query parameters), so a copied link reproduces the
view. Pages get everything through `context()` and never read files themselves.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
import streamlit as st
from streamlit.logger import get_logger

from . import (
    analysis,
    briefing,
    evidence,
    exports,
    filters,
    focus,
    holder,
    linking,
    links,
    loading,
    schema,
    sources,
    store,
    uploads,
    workspace,
)
from .escaping import md_escape, option_label, without_paths
from .memo import Memo, for_table
from .options import Options

# URL parameter names: short, because analysts paste these links into chat and tickets.
P_DOC, P_ORG, P_KIND, P_TYPE, P_SINCE, P_UNTIL, P_EVENT = "doc", "org", "kind", "type", "since", "until", "event"
P_LAUNCH, P_CLASS, P_OUTCOME = "launch", "class", "outcome"
MULTI_PARAMS = (P_DOC, P_ORG, P_KIND, P_TYPE, P_CLASS, P_OUTCOME)
P_UPLOAD = "upload"  # the name of this session's uploaded file, while it shows one
# Bound widgets write their options' displayed text into the URL, so the options are the ids
# themselves (as the command line takes them), with no format_func: links stay short and exact.
BOUND = dict(bind="query-params", persist_state="session")

_last_good: dict[str, loading.Dataset] = {}
_last_good_lock = threading.Lock()


@dataclass(kw_only=True)
class Context:
    """What app.py hands the page for this run. With no valid dataset (errors say why) dataset, claims
    and view are None: a page calls stop_if_unusable before it reads them."""

    source_label: str
    dataset: loading.Dataset | None = None
    claims: pd.DataFrame | None = None  # every claim, flat
    view: pd.DataFrame | None = None  # the claims passing the filters
    state: filters.FilterState = field(default_factory=filters.FilterState)
    selected_event: str | None = None
    key_event: str | None = None  # the launch in focus (see launchwatch.focus): what the map and history are about
    descriptions: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    launch_why: str = ""  # how the launch in focus was chosen
    workspace: str | None = None  # the workspace database's URL when the data is one (not a folder or an upload)

    @property
    def launch(self) -> str | None:
        return self.key_event

    @property
    def memo(self) -> Memo:
        """What pages derive from these claims, kept for every viewer of the same data (see memo)."""
        return for_table(self.claims)

    @property
    def events_shown(self) -> int:
        return _event_count(self.view)

    @property
    def events_total(self) -> int:
        return _event_count(self.claims)


def _event_count(claims: pd.DataFrame) -> int:
    """How many events the claims are about, counted once per frame (a view is kept between reruns)."""
    return for_table(claims).get("event-count", lambda: int(claims["event_id"].nunique()))


# The event list offered in the sidebar: a browser list of 200,000 ids would be megabytes on every rerun.
EVENT_CHOICES = 2_000


def _stamp(folder: Path) -> tuple:
    """Changes whenever a dataset file changes, so an edited file is reloaded without a restart."""
    try:
        return tuple(sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in folder.iterdir() if p.is_file()))
    except OSError:
        return ()


def _load(folder: str) -> tuple[loading.Dataset, pd.DataFrame, Options]:
    # Shared by every session: the frames are read-only by convention, never mutated.
    return workspace.build(loading.load(folder))


DATASETS = holder.Holder(_load, size=8)
# The holder's "Loaded dataset ..." lines go to the server's console with Streamlit's own.
get_logger(holder.__name__)


def load_dataset(folder: Path) -> tuple[loading.Dataset | None, pd.DataFrame | None, Options | None, list[str]]:
    """The dataset, or the last good one for this folder with the errors that stopped the new one."""
    key = str(folder.resolve())
    try:
        stamp = _stamp(folder)
        if DATASETS.holds(key, stamp):
            loaded = DATASETS.get(key, stamp)
        else:
            with st.spinner("Loading the dataset…"):
                loaded = DATASETS.get(key, stamp)
        with _last_good_lock:
            _last_good[key] = loaded
        return (*loaded, [])
    except loading.DatasetError as exc:
        errors = [without_paths(line, folder) for line in loading.problem_lines(exc.problems)]
        with _last_good_lock:
            good = _last_good.get(key)
        if good:
            return (*good, errors)
        return None, None, None, errors


def load_workspace(source: sources.Source):
    """The workspace database's dataset, current to its change counter; if the database fails, the last
    good one, read-only, with one message saying what is wrong."""
    try:
        live = workspace.live(source.location, lambda: sources.open_store(source))
        if live.held is None:
            with st.spinner("Loading the workspace…"):
                loaded = live.current()
        else:
            loaded = live.current()
        with _last_good_lock:
            _last_good[source.location] = loaded
        return (*loaded, [])
    except (store.StoreError, loading.DatasetError) as exc:
        db = sa.make_url(source.location).database if source.location.startswith("sqlite") else None
        message = without_paths(str(exc), os.path.dirname(db) if db else None)
        with _last_good_lock:
            good = _last_good.get(source.location)
        if good:
            return (*good, [message + ". Showing the data last read, read-only; nothing saved is lost."])
        return None, None, None, [message]


def load_source(folder: Path | None = None):
    """(dataset, flat claims, options, errors, label) from the data source in force (see sources)."""
    source = sources.Source("folder", str(folder), "the page") if folder else sources.resolve()
    if source.read_only:
        return (*load_dataset(Path(source.location)), source.label())
    return (*load_workspace(source), source.label())


def _options_notice(param: str, label: str, options) -> str | None:
    """A URL value the widget will drop (it only accepts known options): say so instead of hiding it."""
    return links.options_notice(label, st.query_params.get_all(param), options)


def _date_notice(param: str, label: str) -> str | None:
    return links.date_notice(label, st.query_params.get(param))


# server.maxUploadSize in .streamlit/config.toml, in the browser's megabytes: it refuses a larger file
# before sending it, counting 1,000,000 bytes to the megabyte. README.md states the same limit.
UPLOAD_LIMIT_MB = 50
UPLOAD_LIMIT_BYTES = UPLOAD_LIMIT_MB * 1_000_000
UPLOAD_LIMIT_TEXT = f"{UPLOAD_LIMIT_MB} MB ({UPLOAD_LIMIT_BYTES:,} bytes)"
UPLOAD_TYPES = ["csv", "parquet"]


def process_upload() -> None:
    """on_change of the data page's uploader: import the file in memory for this session only.

    Nothing is written to disk under the uploaded name, and the result lives in this viewer's
    session state, so no other viewer sees it.
    """
    from . import importers

    upload = st.session_state.get("upload_file")
    st.session_state.pop("upload_report", None)
    if upload is None:
        return
    data = upload.getvalue()
    report = {"name": importers.common.display_name(upload.name), "errors": [], "lines": []}
    st.session_state["upload_report"] = report
    if len(data) > UPLOAD_LIMIT_BYTES:
        report["errors"].append(f"{report['name']} is {len(data):,} bytes, over the {UPLOAD_LIMIT_BYTES:,}-byte limit.")
        return
    try:
        result = importers.load_file(data, upload.name)
    except importers.UnrecognisedFile as exc:
        report["errors"].append(str(exc))
        return
    report["lines"] = result.report_lines()
    report["summary"] = result.summary
    if result.dataset is None:
        report["errors"].append("No row could be imported, so the view is unchanged.")
        return
    st.session_state["upload_imported"] = result.dataset
    report["lines"] += _show_upload(result.dataset, report["name"])
    base = load_source()[0]
    if st.session_state.get("upload_mode", "add") == "add" and base is not None:
        report["shared"] = len(uploads.shared_events(base, result.dataset))


def _show_upload(imported: loading.Dataset, name: str, reset: bool = True) -> list[str]:
    """Show the imported dataset, beside the bundled one or instead of it; returns the notes to list."""
    dataset, notes = imported, []
    if st.session_state.get("upload_mode", "add") == "add":
        base = load_source()[0]
        if base is not None:
            dataset, notes = uploads.combine(base, imported, st.session_state.get("upload_clash", uploads.REPLACE))
    dataset, flat, options = workspace.build(dataset)
    st.session_state["uploaded_dataset"] = {"dataset": dataset, "claims": flat, "options": options, "name": name}
    if reset:
        reset_filters()
        select_event(None)
    return notes


def reshow_upload() -> None:
    """on_change of the choice for events already shown: the same upload, combined the other way."""
    imported, report = st.session_state.get("upload_imported"), st.session_state.get("upload_report")
    if imported is not None and report:
        report["clash_notes"] = _show_upload(imported, report["name"])


def refresh_upload() -> None:
    """The session's upload shown again beside the data source as it now is (a link was just decided),
    keeping the filters and the selection."""
    imported, report = st.session_state.get("upload_imported"), st.session_state.get("upload_report")
    if imported is not None and report and "uploaded_dataset" in st.session_state:
        _show_upload(imported, report["name"], reset=False)


def drop_upload() -> None:
    for key in ("uploaded_dataset", "upload_report", "upload_imported"):
        st.session_state.pop(key, None)
    st.query_params.pop(P_UPLOAD, None)
    reset_filters()
    select_event(None)


def reset_filters() -> None:
    for k in MULTI_PARAMS:
        st.session_state[k] = []
    st.session_state[P_SINCE] = None
    st.session_state[P_UNTIL] = None


def select_event(event_id: str | None) -> None:
    st.session_state[P_EVENT] = event_id


def on_chart_select(chart_key: str):
    """A callback for st.plotly_chart(on_select=...): the clicked point's event id becomes the selection.

    It runs before the rerun, so the bound selectbox (and with it the URL) takes the new value.
    """

    def callback():
        state = st.session_state.get(chart_key)
        points = (state or {}).get("selection", {}).get("points", []) if state else []
        for p in points:
            cd = p.get("customdata")
            event_id = cd[0] if isinstance(cd, list) else cd
            if event_id in st.session_state.get("_event_ids", ()):
                st.session_state[P_EVENT] = event_id
                st.session_state[f"_clicked_{chart_key}"] = event_id
                return

    return callback


def drawn_selection(chart_key: str, selected: str | None) -> str | None:
    """The event a chart draws as selected: the selection, unless it was made by a click on this chart.

    The browser redraws a chart afresh, at its opening zoom, whenever its figure changes; a figure that
    changed with each click threw away the person's zoom. A click is shown by the chart's own
    selection, so the figure stays as it was drawn before the click (with the selection made
    elsewhere, if any, which the click's selection dims). A selection made elsewhere (the sidebar,
    another page, a link) is drawn.
    """
    state = st.session_state
    clicked, drawn = f"_clicked_{chart_key}", f"_drawn_{chart_key}"
    if selected is not None and state.get(clicked) == selected:
        return state.get(drawn)
    state[clicked], state[drawn] = None, selected
    return selected


# The page this run draws (its URL path), set by app.py before the sidebar is built.
PAGE_KEY = "_page"


def url_seed(param: str, known, multi: bool) -> None:
    """Take the widget's value from the link when the link asks for something it did not hold before.

    The widget shows names, so it is not bound to the URL (a bound widget writes what it shows): the
    ids go in and out of the URL here instead. The last ids written are remembered so that a page
    switch, which clears the URL, is not read as the link asking for nothing.
    """
    given = [v for v in st.query_params.get_all(param) if v]
    last = st.session_state.get(f"_url_{param}")
    if not given:
        # On the page that wrote them, a link without the ids (an edited link, the back button) asks for
        # none; after a page switch the URL was cleared and the ids are kept.
        if last and st.session_state.get(f"_url_{param}_page") == st.session_state.get(PAGE_KEY):
            st.session_state[param] = [] if multi else None
            st.session_state[f"_url_{param}"] = []
        return
    if given == last:
        return
    wanted = [v for v in given if v in known]
    st.session_state[param] = wanted if multi else (wanted[0] if wanted else None)
    st.session_state[f"_url_{param}"] = given


def url_write(param: str, ids: list[str]) -> None:
    """Put the chosen ids in the URL (none: the parameter is left out), so a copied link reproduces the view."""
    ids = [str(i) for i in ids]
    if ids:
        if st.query_params.get_all(param) != ids:
            st.query_params[param] = ids
    elif param in st.query_params:
        del st.query_params[param]
    st.session_state[f"_url_{param}"] = ids
    st.session_state[f"_url_{param}_page"] = st.session_state.get(PAGE_KEY)


def _report_filter(sb, opts: Options) -> list[str]:
    """Reports chosen by label and outlet (typing '001' finds report 001 alone); their ids go in the URL."""
    url_seed(P_DOC, opts.documents, multi=True)
    names = opts.document_names or opts.document_labels
    chosen = sb.multiselect(
        "Reports",
        opts.documents,
        key=P_DOC,
        placeholder="All reports",
        persist_state="session",
        format_func=lambda d: option_label(names.get(d, d), "multiselect"),
        help="Show only claims carried by these reports (label and outlet).",
    )
    url_write(P_DOC, chosen)
    return chosen


def _event_choice(sb, opts: Options, choices: list[str]) -> str | None:
    """The selected event, chosen by date and title; its id goes in the URL."""
    url_seed(P_EVENT, opts.titles, multi=False)
    names = opts.event_names or opts.titles
    selected = sb.selectbox(
        "Event",
        choices,
        index=None,
        key=P_EVENT,
        persist_state="session",
        format_func=lambda e: option_label(names.get(e, e), "selectbox"),
        placeholder="Click an event on the map or timeline",
        label_visibility="collapsed",
    )
    url_write(P_EVENT, [selected] if selected else [])
    return selected


def _link_notices(opts: Options, uploaded: dict | None) -> list[str]:
    notices = [_upload_notice(uploaded)]
    for param, label, options in (
        (P_DOC, "report", opts.documents),
        (P_ORG, "originator", opts.originators),
        (P_KIND, "kind of source", opts.kinds),
        (P_TYPE, "event type", opts.types),
        (P_EVENT, "event", opts.titles),
        (P_CLASS, "missile class", opts.missile_classes),
        (P_OUTCOME, "outcome", opts.outcomes),
    ):
        notices.append(_options_notice(param, label, options))
    for param, label in ((P_SINCE, "'from'"), (P_UNTIL, "'to'")):
        notices.append(_date_notice(param, label))
    return [n for n in notices if n]


def _upload_notice(uploaded: dict | None) -> str | None:
    """An upload lives in its session only; the URL carries its name so that a session that lost it (the
    server restarted, or the link was opened elsewhere) says so instead of silently showing other data."""
    marked = st.query_params.get(P_UPLOAD)
    if uploaded is not None:
        if marked != uploaded["name"]:
            st.query_params[P_UPLOAD] = uploaded["name"]
        return None
    if not marked:
        return None
    del st.query_params[P_UPLOAD]
    return (
        f"The uploaded file {marked!r} is no longer loaded: uploads are kept only by the session that "
        "made them, and the server has restarted since, or this link was opened in another session. The "
        "bundled data is shown; upload the file again on the Data page to see it."
    )


def _date_box(sb, label: str, key: str, help_text: str):
    """A date filter bound to the URL, within the dates a link may ask for."""
    return sb.date_input(
        label,
        value=None,
        key=key,
        min_value=links.FIRST_DATE,
        max_value=links.LAST_DATE,
        format="YYYY-MM-DD",
        help=help_text,
        **BOUND,
    )


def _url_filter(sb, label: str, options: list[str], key: str, everything: str, help: str | None = None) -> list[str]:
    """A sidebar multiselect kept in the URL; nothing chosen means `everything` (no filter)."""
    return sb.multiselect(label, options, key=key, placeholder=everything, help=help, **BOUND)


def _filter_widgets(sb, opts: Options) -> filters.FilterState:
    """The sidebar's filters, bound to the URL (reports by name, their ids kept in the URL by _report_filter)."""
    chosen_docs = _report_filter(sb, opts)
    who = "Who a claim is attributed to."
    chosen_orgs = _url_filter(sb, "Originators", opts.originators, P_ORG, "All originators", who)
    kinds_help = "; ".join(f"{k}: {schema.ORIGINATOR_KINDS[k]}" for k in opts.kinds)
    chosen_kinds = _url_filter(sb, "Kind of source", opts.kinds, P_KIND, "All kinds", kinds_help)
    chosen_types = _url_filter(sb, "Event types", opts.types, P_TYPE, "All event types")
    # One under the other: side by side in the sidebar, a date did not fit its box.
    since = _date_box(sb, "From", P_SINCE, f"Data starts {opts.first_date}")
    until = _date_box(sb, "To", P_UNTIL, f"Data ends {opts.last_date}")
    classes, outcomes = launch_filters(sb, opts)
    return filters.FilterState(
        tuple(chosen_docs),
        tuple(chosen_orgs),
        tuple(chosen_kinds),
        tuple(chosen_types),
        since,
        until,
        tuple(classes),
        tuple(outcomes),
    )


def launch_filters(sb, opts: Options) -> tuple[list[str], list[str]]:
    """Missile class and outcome, offered when the data has claims of them (a launch database does)."""
    classes = outcomes = []
    if opts.missile_classes:
        described = "; ".join(f"{k}: {schema.MISSILE_CLASSES[k]}" for k in opts.missile_classes)
        classes = _url_filter(sb, "Missile class", opts.missile_classes, P_CLASS, "All classes", described)
    if opts.outcomes:
        outcomes = _url_filter(
            sb,
            "Outcome",
            opts.outcomes,
            P_OUTCOME,
            "All outcomes",
            "Launches whose source gives this outcome (success, failure or unknown).",
        )
    return classes, outcomes


def on_history_select(chart_key: str, by: str):
    """A callback for the history view: a clicked bar narrows the dates (and class or outcome) to its launches."""

    def callback():
        state = st.session_state.get(chart_key) or {}
        points = state.get("selection", {}).get("points", [])
        if not points or not isinstance(points[0].get("customdata"), list):
            return
        start, end, category = points[0]["customdata"][:3]
        st.session_state[P_SINCE] = dt.date.fromisoformat(start)
        st.session_state[P_UNTIL] = dt.date.fromisoformat(end)
        param = P_CLASS if by == "missile_class" else P_OUTCOME
        offered = st.session_state.get("_claimed_terms", {}).get(param, ())
        if category in offered:
            st.session_state[param] = [category]

    return callback


def sidebar(folder: Path | None = None) -> Context | None:
    uploaded = st.session_state.get("uploaded_dataset")
    if uploaded is not None:
        dataset, flat, opts, errors = uploaded["dataset"], uploaded["claims"], uploaded["options"], []
        source_label = f"uploaded file {uploaded['name']} (this session only)"
    else:
        dataset, flat, opts, errors, source_label = load_source(folder)
    if dataset is None:
        return Context(source_label=source_label, errors=errors)

    sb = st.sidebar
    sb.markdown("### Filters")
    notices = _link_notices(opts, uploaded)
    st.session_state["_event_ids"] = opts.titles  # what a chart click may select
    st.session_state["_claimed_terms"] = {P_CLASS: opts.missile_classes, P_OUTCOME: opts.outcomes}

    state = _filter_widgets(sb, opts)
    view = filters.apply(flat, state)

    chosen_launch = launch_in_focus(sb, opts, notices, dataset)

    sb.markdown("### Selected event")
    choices = for_table(opts.events).get("event-menu", lambda: list(opts.events["event_id"]))
    if len(choices) > EVENT_CHOICES:
        # The newest events, plus whatever the link or a click asks for, so a selection is never lost.
        wanted = [e for e in (st.query_params.get(P_EVENT), st.session_state.get(P_EVENT)) if e in opts.titles]
        choices = list(dict.fromkeys(choices[-EVENT_CHOICES:] + wanted))
    selected = _event_choice(sb, opts, choices)
    sb.button(
        "Reset filters and selection",
        on_click=lambda: (reset_filters(), select_event(None)),
        width="stretch",
        disabled=state.is_default and selected is None,
    )
    sb.caption(md_escape(f"Data: {source_label}"))
    in_force = sources.resolve() if uploaded is None and folder is None else None

    ctx = Context(
        workspace=in_force.location if in_force is not None and not in_force.read_only else None,
        source_label=source_label,
        dataset=dataset,
        claims=flat,
        view=view,
        state=state,
        selected_event=selected,
        key_event=chosen_launch.event_id,
        descriptions=opts.descriptions,
        errors=errors,
        notices=notices,
        launch_why=chosen_launch.why,
    )
    briefing_control(sb, ctx)
    return ctx


def briefing_view(ctx: Context) -> briefing.View:
    """The view a briefing is made of: this run's filters, launch in focus, selection and assumed bearing."""
    bearing = st.session_state.get("bearing")
    return briefing.View(
        dataset=ctx.dataset,
        claims=ctx.claims,
        state=ctx.state,
        launch=ctx.key_event,
        selected=ctx.selected_event,
        bearing=float(bearing) if bearing is not None else None,
        app_url=st.context.url or briefing.words.DEFAULT_APP_URL,
    )


def briefing_control(sb, ctx: Context) -> None:
    """The sidebar's Briefing: the current view as an offline HTML page or a PDF, made when downloaded."""
    view = briefing_view(ctx)
    st.session_state["_briefing_view"] = view  # what the buttons below make, when clicked
    name = f"launchwatch-briefing-{ctx.key_event or 'view'}"
    with sb.popover(
        "Briefing",
        width="stretch",
        help="The current view (filters, launch in focus, selection) as "
        "a page to send, print or paste: map, timeline, key facts, who says what, the sources.",
    ):
        formats = [("HTML", "opens offline", briefing.html_bytes, "text/html")]
        pdf_possible = briefing.pdf.available()
        if pdf_possible:
            formats.append(("PDF", "for print", briefing.pdf_bytes, "application/pdf"))
        for kind, why, make, mime in formats:
            ext = kind.lower()
            st.download_button(
                f"Download {kind} ({why})",
                functools.partial(make, view),
                f"{name}.{ext}",
                mime,
                key=f"briefing-{ext}",
                width="stretch",
            )
        if not pdf_possible:
            st.caption(md_escape(briefing.pdf.MISSING))


def _remember_launch() -> None:
    st.session_state["_launch_chosen"] = True


def launch_in_focus(sb, opts: Options, notices: list[str], dataset: loading.Dataset) -> focus.Focus:
    """The sidebar's launch in focus, kept in the URL as `launch` (also after a page switch clears it).

    Not a bound widget: a bound selectbox writes its displayed text into the URL, and the text here
    is what makes a launch searchable (date, title, site), while the link should hold the id.
    """
    table = opts.launches
    if P_LAUNCH in st.session_state:
        requested = st.session_state[P_LAUNCH]
    else:
        requested = st.query_params.get(P_LAUNCH)
        st.session_state["_launch_chosen"] = bool(requested)
    chosen = focus.resolve(table, requested, functools.partial(linking.merged_into, dataset))
    if chosen.notice and requested == st.query_params.get(P_LAUNCH):
        notices.append(chosen.notice)
    if chosen.event_id is None:
        return chosen
    st.session_state[P_LAUNCH] = chosen.event_id
    ids, labels = for_table(table).get(
        "launch-menu", lambda: (list(table["event_id"]), dict(zip(table["event_id"], table["label"], strict=True)))
    )
    if len(ids) > EVENT_CHOICES:
        ids = list(dict.fromkeys(ids[-EVENT_CHOICES:] + [chosen.event_id]))
    sb.markdown("### Launch in focus")
    sb.selectbox(
        "Launch in focus",
        ids,
        key=P_LAUNCH,
        format_func=lambda e: option_label(labels.get(e, e), "selectbox"),
        label_visibility="collapsed",
        on_change=_remember_launch,
        help="Any missile launch: type a date (YYYY-MM-DD), a name or a site to find it. The map's origin, "
        "range rings and reach table, and the launch's history, follow it.",
    )
    sb.caption(md_escape(f"{chosen.why.capitalize()}; {len(table):,} launch(es) in the data."))
    if st.session_state.get("_launch_chosen"):
        st.query_params[P_LAUNCH] = chosen.event_id
    return chosen


@functools.cache
def app_icon() -> bytes:
    """The page icon as PNG: encoded once per process, not on every rerun of every viewer."""
    import io

    from PIL import Image, ImageDraw

    img = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    draw.ellipse((4, 4, 60, 60), outline=(26, 82, 118, 255), width=5)
    draw.polygon([(32, 14), (48, 44), (16, 44)], fill=(192, 57, 43, 255))
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


def login_required() -> bool:
    """Login is on when the deployment configured an identity provider ([auth] in secrets.toml)."""
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, KeyError, AttributeError):
        return False
    except Exception:  # a malformed secrets file: refuse to serve data rather than serve it to anyone
        return True


def login_gate() -> None:
    """Stop the run before any data is loaded or drawn for a viewer who is not logged in."""
    if not login_required() or st.user.is_logged_in:
        return
    st.title("Launchwatch")
    st.info("This dashboard needs you to log in before it shows any data.", icon=":material/lock:")
    st.button("Log in", on_click=st.login, key="login")
    st.stop()


def pages() -> list:
    # With st.navigation the pages/ folder is not scanned: each page is listed here. No page icons:
    # the browser tab shows the current page's icon, and Material icons there are fetched from outside.
    root = loading.REPO_ROOT / "pages"
    return [
        # The default page is served at "/": a url_path here would make "/map" a page-not-found.
        st.Page(root / "map.py", title="Map", default=True),
        st.Page(root / "timeline.py", title="Timeline", url_path="timeline"),
        st.Page(root / "sources.py", title="Sources", url_path="sources"),
        st.Page(root / "data.py", title="Data", url_path="data"),
        st.Page(root / "add_report.py", title="Add a report", url_path="add-report"),
    ]


def context() -> Context:
    """The context app.py built in this very run (taken, so a later run cannot see a stale one)."""
    ctx = st.session_state.pop("_context", None)
    if ctx is None:
        _hand_over_to_app()
    return ctx


def _hand_over_to_app() -> None:
    """A page file ran without app.py: declare the navigation and rerun, so app.py runs first.

    Why: the project's layout keeps the pages in pages/, and Streamlit treats that folder as automatic
    pages until st.navigation has been called once on the server. So a first visitor opening a deep
    link such as /timeline on a new server (and AppTest, on every rerun) gets the page file alone, with
    no sidebar and no data. No setting turns the automatic pages off; tests/test_browser.py checks
    that a first visitor on a deep link gets the full app.
    """
    st.navigation(pages(), position="hidden")
    st.rerun()


def header(ctx: Context, title: str) -> None:
    """The page title, the data errors and URL notices, and the shown-of-total counts."""
    st.title(title)
    for e in ctx.errors[:20]:
        st.error(md_escape(e), icon=":material/error:")
    if ctx.errors and ctx.dataset is not None:
        st.warning("The dataset changed and the new version has the problems above: the last valid version is shown.")
    for n in ctx.notices:
        st.warning(md_escape(n), icon=":material/link_off:")
    if ctx.dataset is None:
        return
    shown_claims, total_claims = len(ctx.view), len(ctx.claims)
    st.markdown(
        f"**{ctx.events_shown} of {ctx.events_total} events** and **{shown_claims} of {total_claims} claims** "
        "shown" + ("" if ctx.state.is_default else " (filtered)")
    )
    if ctx.view.empty:
        reasons = filters.why_empty(ctx.claims, ctx.state)
        st.info(
            md_escape("Nothing matches the current filters: " + "; ".join(reasons) + "."),
            icon=":material/filter_alt_off:",
        )
        st.button("Reset filters", on_click=reset_filters, key=f"reset-empty-{title}")


def stop_if_unusable(ctx: Context | None) -> Context:
    if ctx is None or ctx.dataset is None:
        st.stop()
    return ctx


def claims_panel(ctx: Context, claims: pd.DataFrame) -> None:
    """Each claim: who said what, in which report, and the supporting text or its reference."""
    for _, c in claims.iterrows():
        value = " ".join(x for x in [c["qualifier"], c["value"], c["unit"]] if x)
        norm = ""
        if pd.notna(c["normalized_value"]) and c["unit"] != c["normalized_unit"]:
            norm = f" = {c['normalized_value']:g} {c['normalized_unit']} (converted)"
        via = f" via {c['via']}" if c["via"] else ""
        quote = evidence.quote(ctx.dataset, c)
        source = f"{analysis.short_doc(c['document'])} · {c['originator']}{via}"
        with st.container(border=True):
            st.markdown(
                f"**{md_escape(c['attribute'].replace('_', ' '))}**"
                + (f" {md_escape(value)}{md_escape(norm)}" if value else "")
                + f" — {md_escape(c['claim'])}"
            )
            if quote is not None:
                st.caption(f"{md_escape(source)}: “{md_escape(quote)}” ({md_escape(evidence.span_reference(c))})")
            else:
                st.caption(f"{md_escape(source)}; evidence: {md_escape(evidence.span_reference(c))}")


# The column of who stands behind a claim, as the tables that show it name it.
CHAIN_COLUMN = ("chain (organisation, via, in report)", "large")


def text_table(frame: pd.DataFrame, columns: dict, pinned: tuple[str, ...] = (), **options):
    """A table as wide as the page, without the frame's index, whose named `columns` are text: each
    given its label, or (label, width); the `pinned` ones stay in view while the others scroll.
    `options` (height, key, selection) go to st.dataframe, whose answer is returned."""
    config = {}
    for name, spec in columns.items():
        label, width = (spec, None) if isinstance(spec, str) else spec
        config[name] = st.column_config.TextColumn(label, width=width, pinned=True if name in pinned else None)
    return st.dataframe(frame, width="stretch", hide_index=True, column_config=config, **options)


def capped_table_header(what: str, rows, note: str | None) -> None:
    """Above a table the page caps: why it shows fewer rows than there are, and the download of every row.

    `rows` makes the whole table only when the download is clicked, so a page that is only read never
    builds it.
    """
    if note:
        st.info(note, icon=":material/info:")
    st.download_button(
        f"Download the {what} (CSV)",
        lambda: exports.to_csv_bytes(rows()),
        f"launchwatch-{what}.csv",
        "text/csv",
        key=f"{what}-download",
    )
