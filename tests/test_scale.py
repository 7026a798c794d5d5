"""At scale the figures thin what cannot be seen, and say so; the vectorised tables match the one-group rules.

Behaviour only, nothing timed: benchmarks/bench.py measures. A 50,000-claim dataset from
benchmarks/generate.py stands in for a large one.
"""

import datetime as dt
import importlib.util
import re

import pandas as pd
import pytest
from apptests import page

from launchwatch import aliases, analysis, corroboration, exports, figures, filters, loading, periods, schema, verdicts
from launchwatch.escaping import html_text

GENERATE = loading.REPO_ROOT / "benchmarks" / "generate.py"
KEY = "launch-2025-11-07"


def _generate_module():
    spec = importlib.util.spec_from_file_location("launchwatch_benchmark_generate", GENERATE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scale")
    _generate_module().generate(50_000, folder, seed=3)
    ds = loading.load(folder)
    return ds, exports.flat_claims(ds)


@pytest.fixture(scope="module")
def bundled():
    ds = loading.load()
    return ds, exports.flat_claims(ds)


def descriptions(ds):
    return dict(zip(ds.events["event_id"], ds.events["description"], strict=True))


def quiet_located_event(flat):
    """The located event any thinning rule would drop first: fewest claims, oldest, last listed."""
    located = flat[flat["latitude"].notna() & (flat["event_id"] != KEY)]
    counts = located.groupby("event_id").size()
    dates = located.drop_duplicates("event_id").set_index("event_id")["event_date"]
    return min(counts.index, key=lambda e: (counts[e], dates[e], e))


def traces(fig, meta):
    return [t for t in fig.data if t.meta == meta]


def ids(fig, meta):
    """Event ids a trace carries; on the map, with those of the markers standing for several events at one place."""
    shared = traces(fig, "shared-places") if meta == "events" else []
    return [e for t in traces(fig, meta) for e in t.customdata] + [
        e for t in shared for point in t.customdata for e in point
    ]


def timeline_ids(fig):
    """The events a timeline draws: days as markers, weeks to years as bars, "on or before" as a bound."""
    return ids(fig, "events") + ids(fig, "event-span") + ids(fig, "event-before")


def counted(fig, meta):
    """Events a figure counts instead of drawing, from its grey markers' hover text."""
    return sum(
        int(m.replace(",", "")) for t in traces(fig, meta) for h in t.text for m in re.findall(r"<b>([\d,]+) more", h)
    )


# ---------------------------------------------------------------- the generated dataset


def test_generated_dataset_is_valid_and_realistic(big):
    ds, flat = big
    assert len(flat) == 50_000
    per_event = flat.groupby("event_id").size()
    assert 4 <= per_event.mean() <= 6
    assert 100 <= len(ds.places) <= 1000 and 12 <= len(ds.documents) <= 100
    assert set(ds.events["date_precision"]) == {"day", "week", "month", "year", "before"}
    assert set(ds.events["event_type"]) <= set(figures.TYPE_STYLE)
    assert (flat["attribute"] == "range").sum() > 100
    assert analysis.key_event_id(ds.events) == KEY


# ---------------------------------------------------------------- the map


def test_map_thins_events_and_says_so(big):
    ds, flat = big
    selected = quiet_located_event(flat)
    result = figures.map_figure(flat, ds.places, descriptions(ds), KEY, selected_event=selected)
    drawn = ids(result.figure, "events")
    located = flat[flat["latitude"].notna() & (flat["event_id"] != KEY)]["event_id"].nunique()
    assert len(drawn) == figures.MAP_EVENT_LIMIT < located
    assert len(set(drawn)) == len(drawn)
    # Every located event is either drawn or counted in a grey cell.
    assert len(drawn) + counted(result.figure, "event-cells") == located
    notice = " ".join(result.notices)
    assert f"draws {figures.MAP_EVENT_LIMIT:,} of the {located:,} located events" in notice
    assert "grey circles" in notice
    assert len(result.figure.to_json()) < 2 * 1024 * 1024


def test_map_always_draws_the_key_and_selected_events(big):
    ds, flat = big
    selected = quiet_located_event(flat)
    result = figures.map_figure(flat, ds.places, descriptions(ds), KEY, selected_event=selected)
    assert selected in ids(result.figure, "events")
    assert ids(result.figure, "selected") == [selected]
    assert list(traces(result.figure, "origin")[0].customdata) == [KEY]
    assert [r.radius_km for r in result.rings] == [700.0]


def test_map_keeps_the_busiest_events_and_spreads_them_over_places(big):
    ds, flat = big
    result = figures.map_figure(flat, ds.places, descriptions(ds), KEY)
    drawn = set(ids(result.figure, "events"))
    events = (
        flat[flat["latitude"].notna() & (flat["event_id"] != KEY)]
        .groupby("event_id")
        .agg(claims=("claim_id", "size"), place=("place", "first"))
    )
    per_place = events.loc[list(drawn)].groupby("place").size()
    assert per_place.max() <= figures.MAP_EVENTS_PER_PLACE
    # No event left out has more claims than one drawn, unless its place already has its share.
    left_out = events.drop(index=list(drawn))
    full_places = set(per_place[per_place == figures.MAP_EVENTS_PER_PLACE].index)
    candidates = left_out[~left_out["place"].isin(full_places)]
    assert candidates["claims"].max() <= events.loc[list(drawn), "claims"].min()


def test_map_under_the_limit_draws_everything_without_a_notice(big):
    ds, flat = big
    view = filters.apply(flat, filters.FilterState(event_types=("missile_launch",), since=dt.date(2025, 6, 1)))
    result = figures.map_figure(view, ds.places, descriptions(ds), KEY)
    located = view[view["latitude"].notna() & (view["event_id"] != KEY)]["event_id"].nunique()
    assert 0 < located <= figures.MAP_EVENT_LIMIT
    assert len(ids(result.figure, "events")) == located
    assert not traces(result.figure, "event-cells")
    assert not any("draws" in n for n in result.notices)


# ---------------------------------------------------------------- the timeline


def test_timeline_thins_events_and_says_so(big):
    ds, flat = big
    selected = quiet_located_event(flat)
    fig = figures.timeline_figure(flat, descriptions(ds), KEY, selected)
    drawn = timeline_ids(fig)
    events = flat["event_id"].nunique()
    assert len(drawn) == figures.TIMELINE_EVENT_LIMIT < events
    assert KEY in drawn and selected in drawn
    assert len(drawn) + counted(fig, "event-counts") == events
    notices = figures.timeline_notices(flat, KEY, selected)
    assert len(notices) == 1
    assert f"draws {figures.TIMELINE_EVENT_LIMIT:,} of {events:,} events" in notices[0]
    assert len(fig.to_json()) < 2 * 1024 * 1024
    # The lanes and the opening window are those of every event, not only those drawn.
    assert fig.layout.xaxis.range[1] > fig.layout.xaxis.range[0]
    assert len(fig.layout.yaxis.ticktext) == ds.events["event_type"].nunique()


def test_timeline_draws_the_window_it_opens_on_first(big):
    ds, flat = big
    fig = figures.timeline_figure(flat, descriptions(ds), KEY)
    drawn = set(timeline_ids(fig))
    start, end = pd.Timestamp(fig.layout.xaxis.range[0]), pd.Timestamp(fig.layout.xaxis.range[1])
    summary = flat.drop_duplicates("event_id")
    day = summary[(summary["date_precision"] == "day")]
    in_window = set(
        day[(pd.to_datetime(day["event_date"]) >= start) & (pd.to_datetime(day["event_date"]) <= end)]["event_id"]
    )
    assert 0 < len(in_window) < figures.TIMELINE_EVENT_LIMIT
    assert in_window <= drawn


def test_no_thinning_or_notice_on_the_bundled_data(bundled):
    ds, flat = bundled
    key = analysis.key_event_id(ds.events)
    result = figures.map_figure(flat, ds.places, descriptions(ds), key)
    assert not traces(result.figure, "event-cells")
    assert not any("draws" in n for n in result.notices)
    fig = figures.timeline_figure(flat, descriptions(ds), key)
    assert not traces(fig, "event-counts")
    assert len(set(timeline_ids(fig))) == 23
    assert figures.timeline_notices(flat, key) == []
    assert verdicts.verdict_overview(flat, 1000).total == len(verdicts.verdict_rows(flat))


# ---------------------------------------------------------------- one row per event, vectorised


def _reference_summary(claims):
    """An event's hover text as it was written first: a Python loop over the groups of claims."""
    rows = []
    for event_id, g in claims.groupby("event_id", sort=False):
        first = g.iloc[0]
        rows.append(
            {
                "event_id": event_id,
                "claims": len(g),
                "hover": (
                    f"<b>{html_text(first['title'])}</b><br>"
                    f"{html_text(periods.label(first['event_date'], first['date_precision']))}"
                    + (
                        f"<br>{html_text(first['place'])} ({html_text(first['geo_precision'])} precision)"
                        if first["place"]
                        else ""
                    )
                    + f"<br>Sources: {figures._sources_line(g)}<br>{len(g)} claim(s)"
                ),
            }
        )
    return pd.DataFrame(rows)


def test_timeline_hover_matches_the_loop_over_groups(big):
    _, flat = big
    sample = flat[flat["event_id"].isin(flat["event_id"].drop_duplicates().iloc[:3000])]
    fig = figures.timeline_figure(sample, {}, None)
    got = {
        e: t.removesuffix(figures.BEFORE_HOVER).removesuffix("<br>")
        for trace in fig.data
        if trace.meta in ("events", "event-span", "event-before")
        for e, t in zip(trace.customdata, trace.hovertext if trace.meta == "event-before" else trace.text, strict=True)
    }
    expected = _reference_summary(sample).set_index("event_id")["hover"]
    assert len(got) == figures.TIMELINE_EVENT_LIMIT
    assert got == {e: expected[e] for e in got}
    assert any("more" in t for t in got.values())  # some events have more than six sources


# ---------------------------------------------------------------- verdicts and corroboration at scale


def test_verdict_overview_counts_every_row_and_keeps_conflicts_first(big):
    _, flat = big
    full = verdicts.verdict_rows(flat)
    overview = verdicts.verdict_overview(flat, 500)
    assert overview.total == len(full) == len(full.drop_duplicates(["event_id", "attribute"]))
    assert overview.counts == full["verdict"].value_counts().to_dict()
    assert list(overview.table["verdict"]) == list(full["verdict"].head(500))
    assert list(overview.table["verdict"].map(verdicts.ORDER)) == sorted(overview.table["verdict"].map(verdicts.ORDER))
    assert {verdicts.AGREE, verdicts.CONFLICT, verdicts.WITHIN_ROUNDING} <= set(full["verdict"])


def test_verdicts_compare_only_claims_of_one_fact(big):
    _, flat = big
    table = verdicts.verdict_rows(flat).set_index(["event_id", "attribute"])
    for (event_id, attribute), row in table.sample(200, random_state=1).iterrows():
        group = flat[(flat["event_id"] == event_id) & (flat["attribute"] == attribute)]
        said = group[group["stance"] != "not_given"]
        assert row["documents"].split(";") == list(dict.fromkeys(said["document"]))


def test_corroboration_counts_organisations(big):
    _, flat = big
    table = corroboration.event_origins(flat)
    assert table["event_id"].is_unique and len(table) == flat["event_id"].nunique()
    for _, row in table.sample(100, random_state=2).iterrows():
        group = flat[flat["event_id"] == row["event_id"]]
        named = {o for o in group["organisation"] if o != aliases.REPORT_ITSELF}
        assert row["origins"] == len(named)


# ---------------------------------------------------------------- the flat table and the filters


def test_date_filter_matches_the_row_by_row_rule(big):
    _, flat = big
    for since, until in (
        (dt.date(2024, 2, 10), None),
        (None, dt.date(2020, 3, 15)),
        (dt.date(2022, 5, 20), dt.date(2022, 6, 5)),
    ):
        got = filters.apply(flat, filters.FilterState(since=since, until=until))
        start = pd.to_datetime(flat["event_date"])
        end = periods.last_day(start, flat["date_precision"])
        start = start.mask(flat["date_precision"] == "before", pd.Timestamp.min)
        keep = pd.Series(True, index=flat.index)
        if since:
            keep &= end >= pd.Timestamp(since)
        if until:
            keep &= start <= pd.Timestamp(until)
        assert got.index.equals(flat.index[keep])


def test_flat_claims_dates_are_the_days_as_text(big):
    ds, flat = big
    expected = ds.claims["resolved_date"].dt.strftime("%Y-%m-%d").fillna("")
    assert list(flat["resolved_date"]) == list(expected)
    assert (flat["resolved_date"] != "").sum() > 1000


# ---------------------------------------------------------------- every fact at once against one fact at a time


def _given(v) -> bool:
    return v is not None and not (isinstance(v, float) and v != v) and str(v) not in ("", "nan", "NaT")


def _reference_verdict(attribute: str, group: list[dict], days: float) -> str:
    """One fact's verdict worked out claim by claim, as the rules in docs/verdicts.md read."""
    said = [c for c in group if c["stance"] != "not_given"]
    if not said:
        return verdicts.NOT_GIVEN
    if attribute in verdicts.STATEMENT_ATTRIBUTES:
        return verdicts.STATEMENTS
    if len({c["document"] for c in said}) < 2:
        return verdicts.SINGLE
    stances = {c["stance"] for c in said}
    if "denied" in stances:
        return verdicts.CONFLICT if "stated" in stances else verdicts.AGREE
    numbers = [c for c in said if _given(c["normalized_value"])]
    if len(numbers) >= 2:
        if len({round(float(c["normalized_value"]), 6) for c in numbers}) == 1:
            return verdicts.AGREE
        bands = []
        for c in numbers:
            half = verdicts.implied_half_step(c["value"], schema.UNIT_CONVERSIONS.get(c["unit"], (None, 1.0))[1])
            bands.append((float(c["normalized_value"]) - half, float(c["normalized_value"]) + half))
        overlap = max(lo for lo, _ in bands) < min(hi for _, hi in bands)
        return verdicts.WITHIN_ROUNDING if overlap else verdicts.CONFLICT
    spans = [
        verdicts.claim_period(c["resolved_date"], c["resolved_precision"]) for c in said if _given(c["resolved_date"])
    ]
    if len(spans) >= 2:
        if len(set(spans)) == 1:
            return verdicts.AGREE
        slack = pd.Timedelta(days=max(days, 1.0) - 1)
        apart = any(s2 > e1 + slack or s1 > e2 + slack for s1, e1 in spans for s2, e2 in spans)
        return verdicts.CONFLICT if apart else verdicts.COMPATIBLE
    words = {str(c["value"]).strip().lower() for c in said if _given(c["value"]) and str(c["value"]).strip()}
    return verdicts.WORDING if len(words) >= 2 else verdicts.AGREE


def _reference_verdicts(claims: pd.DataFrame) -> list[tuple[str, str, str]]:
    """(event, attribute, verdict) of every fact, conflicts first, facts otherwise in order of first appearance."""
    facts: dict[tuple[str, str], list[dict]] = {}
    days: dict[str, float] = {}
    for c in claims.to_dict(orient="records"):
        facts.setdefault((c["event_id"], c["attribute"]), []).append(c)
        duration = c["attribute"] == "duration" and c["stance"] == "stated" and c["normalized_unit"] == "day"
        if duration and _given(c["normalized_value"]):
            days[c["event_id"]] = max(days.get(c["event_id"], 1.0), float(c["normalized_value"]))
    found = [(e, a, _reference_verdict(a, g, days.get(e, 1.0))) for (e, a), g in facts.items()]
    return sorted(found, key=lambda row: verdicts.ORDER[row[2]])


def _reference_origins(claims: pd.DataFrame) -> list[tuple[str, str, int, int]]:
    """(event, status, origins, reports) of every event, best corroborated first, counted claim by claim."""
    events: dict[str, list[dict]] = {}
    for c in claims.to_dict(orient="records"):
        if c["stance"] != "not_given":
            events.setdefault(c["event_id"], []).append(c)
    rows = []
    for event_id, group in events.items():
        named = {
            o
            for c in group
            for o in (aliases.split(c["organisation"]) or (str(c["originator"]),))
            if o != aliases.REPORT_ITSELF
        }
        status = ["unattributed only", "one origin", "corroborated"][min(len(named), 2)]
        rows.append((event_id, status, len(named), len({c["document"] for c in group})))
    return sorted(rows, key=lambda r: (corroboration.STATUS_ORDER[r[1]], -r[2], -r[3]))


# Values each fact's claims are drawn from: numbers that agree, agree within rounding or conflict; dates
# at every precision; words; a duration that widens what a visit's dates allow.
MIXED = {
    "range": [("700", "km", 700.0), ("435", "mi", 700.06), ("650", "km", 650.0), ("1,000", "km", 1000.0)],
    "count": [("2", "missiles", 2.0), ("two", "missiles", 2.0), ("3", "missiles", 3.0), ("same number", "", 2.0)],
    "duration": [("3", "day", 3.0), ("2", "day", 2.0), ("4", "day", 4.0)],
    "date": [
        ("2025-11-07", "day"),
        ("2025-11-04", ""),
        ("2025-11-01", "month"),
        ("2025-10-27", "week"),
        ("2025-11-07", "before"),
        ("2025-01-01", "year"),
        ("2025-11-20", "day"),
    ],
    "direction": ["East Sea", "east", " east ", "", "nan", None],
    "content": ["a quote", "another quote"],
}


def _mixed_claims(seed: int, facts: int) -> pd.DataFrame:
    import random

    rng = random.Random(seed)
    names = [
        "South Korea's military",
        "the report itself",
        "Japan's defence ministry",
        "military officials in Seoul and Tokyo",
    ]
    organisations = dict(zip(names, aliases.organisations_of(pd.Series(names), loading.load().aliases), strict=True))
    rows = []
    for i in range(facts):
        event, attribute = f"e{i % (facts // 4)}", rng.choice(sorted(MIXED))
        for _ in range(rng.choice([1, 1, 2, 2, 3, 4])):
            pick = rng.choice(MIXED[attribute])
            row = {
                "event_id": event,
                "title": f"event {event}",
                "attribute": attribute,
                "document": f"d{rng.randrange(4)}",
            }
            row["stance"] = rng.choice(["stated"] * 6 + ["not_given", "denied"])
            row["originator"] = rng.choice(names)
            row["organisation"] = organisations[row["originator"]]
            row.update(value=None, unit="", normalized_value=float("nan"), normalized_unit="", resolved_date="")
            row.update(resolved_precision="", qualifier="", claim="c", carried_by="", event_date="2025-11-07")
            row["date_precision"] = "day"
            if attribute == "date":
                row.update(value="a date", resolved_date=pick[0], resolved_precision=pick[1])
            elif isinstance(pick, tuple):
                row.update(value=pick[0], unit=pick[1], normalized_value=pick[2], normalized_unit=pick[1] or "")
            else:
                row["value"] = pick
            rows.append(row)
    return pd.DataFrame(rows)


@pytest.mark.parametrize("text", ["object", "str"], ids=["python text", "arrow text"])
def test_every_fact_at_once_matches_one_fact_at_a_time(text):
    claims = _mixed_claims(seed=11, facts=4000)
    if text == "str":
        claims = claims.astype({c: "str" for c in claims.columns if c != "normalized_value"})
    table = verdicts.verdict_rows(claims)
    expected = _reference_verdicts(claims)
    assert list(zip(table["event_id"], table["attribute"], table["verdict"], strict=True)) == expected
    # Every case the rules tell apart occurs in the data.
    assert set(table["verdict"]) == set(verdicts.VERDICTS)
    origins = corroboration.event_origins(claims)
    assert list(zip(origins["event_id"], origins["status"], origins["origins"], origins["reports"], strict=True)) == (
        _reference_origins(claims)
    )


def test_generated_data_every_fact_at_once_matches_one_fact_at_a_time(big):
    _, flat = big
    sample = flat[flat["event_id"].isin(flat["event_id"].drop_duplicates().iloc[:4000])]
    table = verdicts.verdict_rows(sample)
    assert list(zip(table["event_id"], table["attribute"], table["verdict"], strict=True)) == _reference_verdicts(
        sample
    )
    origins = corroboration.event_origins(sample)
    assert list(zip(origins["event_id"], origins["status"], origins["origins"], origins["reports"], strict=True)) == (
        _reference_origins(sample)
    )


def test_sources_page_caps_its_tables_says_so_and_offers_every_row(big, monkeypatch):
    monkeypatch.setenv("LAUNCHWATCH_DATA", str(big[0].folder))
    at = page("pages/sources.py", timeout=300)
    notes = [i.value for i in at.info]
    assert any(re.search(r"The table lists 1,000 of [\d,]+ rows, conflicts first", n) for n in notes), notes
    assert any(re.search(r"the 1,000 best corroborated of [\d,]+ events", n) for n in notes), notes
    offered = {b.proto.label for b in at.get("download_button")}
    assert {"Download the verdicts (CSV)", "Download the corroboration (CSV)"} <= offered
