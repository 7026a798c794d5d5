"""What a briefing holds, built from the current view with the same functions the pages use.

Nothing here knows HTML or PDF: `build` returns the content as text and figures, and each format
(briefing.page, briefing.pdf) lays it out. Every string here may come from data and is escaped by
the format that shows it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from .. import analysis, evidence, figures, filters, gazetteer, keyfacts, landing, loading, periods, verdicts
from . import words


@dataclass(kw_only=True)
class View:
    """The view a briefing is made from: what the app's sidebar and map page hold for one run."""

    dataset: loading.Dataset
    claims: pd.DataFrame  # every claim, flat (exports.flat_claims)
    state: filters.FilterState = field(default_factory=filters.FilterState)
    launch: str | None = None  # the launch in focus
    selected: str | None = None  # the selected event
    bearing: float | None = None  # an assumed bearing, only when the analyst set one
    app_url: str = words.DEFAULT_APP_URL
    made_at: dt.datetime | None = None  # default: now (UTC)

    @property
    def view(self) -> pd.DataFrame:
        return filters.apply(self.claims, self.state)


@dataclass(frozen=True)
class Evidence:
    """One claim's chain (originator, via, report) and its evidence: a quote when the report's text is
    available and verified, else the report file and character span."""

    event: str
    attribute: str
    claim: str
    originator: str
    via: str
    report: str
    quote: str | None
    span: str


@dataclass
class Briefing:
    title: str
    made_at: str
    filters_text: str
    link: str
    counts: str
    focus: list[tuple[str, str]]  # (what, text): the launch in focus, the selected event, the assumed bearing
    facts: list[keyfacts.Fact]  # the key facts card's facts of the launch in focus
    report_names: dict[str, str]  # document id -> label (outlet): how a reader names a report
    map_figure: go.Figure
    timeline_figure: go.Figure
    map_notes: list[str]
    agreements: pd.DataFrame  # event, fact, verdict, what each says, not given, who stands behind it
    evidence: list[Evidence]
    sources: pd.DataFrame  # report, label, outlet, published, reliability, sha256, in view
    derived: list[str]
    quoted: bool  # whether any evidence is quoted (the reports folder holds the very text of a report)


def build(v: View) -> Briefing:
    """The briefing of the view v."""
    view = v.view
    events = v.dataset.events
    launch_row = _event_row(events, v.launch)
    title = f"Briefing: {launch_row['title']}" if launch_row is not None else "Briefing: the events in view"
    made = (v.made_at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    places = gazetteer.with_reference(v.dataset.places, v.dataset.reference_places)
    descriptions = dict(zip(events["event_id"], events["description"], strict=True))
    result = figures.map_figure(
        view, places, descriptions, v.launch, assumed_bearing=v.bearing, selected_event=v.selected
    )
    timeline = figures.timeline_figure(view, descriptions, v.launch, v.selected)
    focus_ids = [e for e in dict.fromkeys((v.launch, v.selected)) if e]
    chains = [c for e in focus_ids for c in _evidence(v, view, e)]
    return Briefing(
        title=title,
        made_at=f"{made:%Y-%m-%d %H:%M} UTC",
        filters_text=words.filters_in_words(v.state),
        link=words.view_link(v.app_url, v.state, v.launch, v.selected, v.bearing),
        counts=(
            f"{view['event_id'].nunique()} of {v.claims['event_id'].nunique()} events and "
            f"{len(view)} of {len(v.claims)} claims in view"
        ),
        focus=_focus_lines(v, events),
        facts=keyfacts.key_facts(view, v.launch),
        report_names=keyfacts.report_names(v.dataset.documents),
        map_figure=result.figure,
        timeline_figure=timeline,
        map_notes=[*result.notices, *filter(None, [landing.bearing_warning(result.landing, v.bearing)])],
        agreements=agreements(view),
        evidence=chains,
        sources=sources(v.dataset.documents, view),
        derived=_derived(v, view, result, places),
        quoted=any(c.quote is not None for c in chains),
    )


def landing_text(area: landing.LandingArea) -> str:
    """The landing area the claims allow, with the constraints that shaped it (as the map page words it)."""
    spans = ", ".join(f"{a.start % 360:.0f}°–{a.end % 360:.0f}°" for a in area.arcs) or "none"
    shaped = "; ".join(
        f"{c.requires}: {c.claims}" + (f" ({c.approximate})" if c.approximate else "") for c in area.constraints
    )
    return (
        f"Landing area the claims allow: bearings {spans} from the origin, {area.inner_km:,.0f}–"
        f"{area.outer_km:,.0f} km; shaped by {shaped}"
    )


def _event_row(events: pd.DataFrame, event_id: str | None):
    if not event_id:
        return None
    rows = events[events["event_id"] == event_id]
    return rows.iloc[0] if len(rows) else None


def event_line(events: pd.DataFrame, event_id: str) -> str:
    """'07 Nov 2025 · missile launch · title': an event at the precision its date is known."""
    row = _event_row(events, event_id)
    if row is None:
        return f"{event_id} (not in this dataset)"
    return (
        f"{periods.label(row['date'], row['date_precision'])} · {str(row['event_type']).replace('_', ' ')} · "
        f"{row['title']}"
    )


def _focus_lines(v: View, events: pd.DataFrame) -> list[tuple[str, str]]:
    lines = [("Launch in focus", event_line(events, v.launch) if v.launch else "none (no missile launch in the data)")]
    if v.launch:
        row = _event_row(events, v.launch)
        if row is not None:
            lines.append(("What happened (our words)", str(row["description"])))
            lines.append(("How the date is known", str(row["date_basis"])))
    if v.selected and v.selected != v.launch:
        lines.append(("Selected event", event_line(events, v.selected)))
    if v.bearing is not None:
        lines.append(
            (
                "Assumed bearing",
                f"{v.bearing:g}° from the origin: ASSUMED by the analyst, not reported; "
                "the dashed path on the map follows it",
            )
        )
    return lines


AGREEMENT_ROWS = 200  # a briefing is read by a person: the conflicts first, then the rest up to this many
# Verdicts with nothing to agree or conflict about: one report only, only "not given", separate statements.
ALONE = (verdicts.SINGLE, verdicts.NOT_GIVEN, verdicts.STATEMENTS)


def agreements(view: pd.DataFrame) -> pd.DataFrame:
    """Where the sources in view agree and conflict, conflicts first (the sources page's verdict rows)."""
    table = verdicts.verdict_overview(view, AGREEMENT_ROWS).table
    table = table[~table["verdict"].isin(ALONE)]
    not_given = [verdicts.not_given_text(r) for r in table.to_dict(orient="records")]
    return pd.DataFrame(
        {
            "event": table["title"],
            "fact": table["attribute"].str.replace("_", " "),
            "verdict": table["verdict"],
            "what each source says": table["values"],
            "says it was not given": not_given,
            "who stands behind it": table["origins"],
        }
    )


def _evidence(v: View, view: pd.DataFrame, event_id: str) -> list[Evidence]:
    claims = view[view["event_id"] == event_id].sort_values(["document", "originator", "claim_id"], kind="stable")
    labels = dict(zip(v.dataset.documents["document_id"], v.dataset.documents["label"], strict=True))
    out = []
    for _, c in claims.iterrows():
        quote = evidence.quote(v.dataset, c)
        out.append(
            Evidence(
                event=str(c["title"]),
                attribute=str(c["attribute"]).replace("_", " "),
                claim=str(c["claim"]),
                originator=str(c["originator"]),
                via=str(c["via"] or ""),
                report=str(labels.get(c["document"], c["document"])),
                quote=quote,
                span=evidence.span_reference(c),
            )
        )
    return out


def sources(documents: pd.DataFrame, view: pd.DataFrame) -> pd.DataFrame:
    """Every report: its outlet, date, reliability grade and SHA-256, and whether the filters keep it."""
    in_view = set(view["document"])
    grade = (
        documents["reliability"]
        if "reliability" in documents.columns
        else pd.Series("not graded", index=documents.index)
    )
    return pd.DataFrame(
        {
            "report": documents["document_id"].map(analysis.short_doc),
            "label": documents["label"],
            "outlet": documents["outlet"],
            "published": documents["published"],
            "reliability": grade.fillna("not graded").astype("str").replace("", "not graded"),
            "sha256": documents["sha256"],
            "in view": documents["document_id"].map(lambda d: "yes" if d in in_view else "no (filtered out)"),
        }
    ).reset_index(drop=True)


def _derived(v: View, view: pd.DataFrame, result, places: pd.DataFrame) -> list[str]:
    """What we computed rather than read, each with the assumption it rests on."""
    out = []
    if result.origin is not None:
        launch = view[view["event_id"] == v.launch]
        place = places[places["name"] == launch["place"].iloc[0]] if len(launch) else places.iloc[0:0]
        if len(place):
            p = place.iloc[0]
            out.append(
                f"Origin point {p['latitude']:.2f}, {p['longitude']:.2f} for {p['name']}: the gazetteer's "
                f"coordinates ({p['coord_source']}), known to about ±{p['uncertainty_km']:g} km"
            )
    for ring in result.rings:
        out.append(f"Range ring {ring.label}: a geodesic circle of the reported range around the origin point")
    if result.landing is not None:
        out.append(landing_text(result.landing))
    if v.bearing is not None:
        out.append(f"Assumed path on bearing {v.bearing:g}°: ASSUMED by the analyst, its end point derived from it")
    launch = view[view["event_id"] == v.launch] if v.launch else view.iloc[0:0]
    out += [d for d in dict.fromkeys(derived_of(r) for _, r in launch.iterrows()) if d]
    docs = v.dataset.documents
    out += [
        f"Report {analysis.short_doc(d)} dated {r:%Y-%m-%d}: {b}"
        for d, r, b in zip(docs["document_id"], docs["reference_date"], docs["reference_date_basis"], strict=True)
        if d in set(view["document"])
    ]
    return out


def _present(v) -> bool:
    return v is not None and not (isinstance(v, float) and v != v) and str(v) not in ("", "nan", "NaT", "None")


def derived_of(row) -> str | None:
    """What was computed from a claim's value: a unit conversion, or a relative date resolved."""
    what = str(row["attribute"]).replace("_", " ")
    said = " ".join(str(row[c]) for c in ("qualifier", "value", "unit") if _present(row[c]))
    if _present(row["normalized_value"]) and str(row["unit"]) != str(row["normalized_unit"]):
        return f"{what}: {said} = {float(row['normalized_value']):g} {row['normalized_unit']} (converted)"
    if _present(row.get("resolved_date")) and str(row["value"]) != str(row["resolved_date"]):
        when = periods.label(row["resolved_date"], row.get("resolved_precision") or "day")
        return f"{what}: '{row['value']}' = {when} (resolved against the report's date)"
    return None
