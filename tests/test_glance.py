"""The launch at first glance: the key facts, the map's labels and legend, the timeline's lanes and windows,
names instead of ids, and a re-uploaded export recognised. Pure logic as tables of cases; pages with AppTest."""

from __future__ import annotations

import pandas as pd
import pytest
from apptests import page

from launchwatch import exports, figures, importers, keyfacts, labels, lanes, loading, options, uploads

LAUNCH = "launch-2025-11-07"
D001 = "001_1a0ad8e3a2be4f80"


@pytest.fixture(scope="module")
def bundled():
    dataset = loading.load(loading.data_dir())
    return dataset, exports.flat_claims(dataset)


def facts_of(view) -> dict[str, keyfacts.Fact]:
    return {f.attribute: f for f in keyfacts.key_facts(view, LAUNCH)}


# ---------------------------------------------------------------- key facts


@pytest.mark.parametrize(
    "attribute,value,verdict,origins,reports",
    [
        ("date", "7 Nov 2025", "agree", 1, 3),
        ("time", "just past noon", "single source", 1, 1),
        ("count", "1 missile", "single source", 1, 1),
        ("missile_type", "suspected short-range", "agree", 1, 3),
        ("origin", "Taekwan", "agree", 1, 2),
        # As reported, not as converted: about 700 km first (two reports), then 435 miles. South Korea's
        # military and its Joint Chiefs of Staff are one origin (data/aliases.csv).
        ("range", "about 700 km; roughly 435 mi", "agree within rounding", 1, 3),
        ("direction", "East Sea", "differently worded", 1, 4),
        ("landing_area", "outside its exclusive economic zone", "differently worded", 1, 2),
    ],
)
def test_key_facts_at_their_reported_precision(bundled, attribute, value, verdict, origins, reports):
    fact = facts_of(bundled[1])[attribute]
    assert fact.value.startswith(value) or value in fact.value, fact.value
    assert (fact.verdict, fact.origins, fact.reports) == (verdict, origins, reports)


def test_a_claim_that_the_range_was_not_given_is_shown_beside_the_verdict(bundled):
    fact = facts_of(bundled[1])["range"]
    assert fact.not_given == 1 and "no details" not in fact.value
    assert len(fact.claims) == 4  # its evidence holds the "no details" claim too


@pytest.mark.parametrize(
    "attribute,given",
    [
        ("origin", False),
        ("range", False),
        ("missile_type", False),
        ("date", True),
        ("direction", True),
    ],
)
def test_key_facts_follow_the_filter(bundled, attribute, given):
    fact = facts_of(bundled[1][bundled[1]["document"] == D001])[attribute]
    assert fact.given is given
    assert (fact.value == keyfacts.NO_CLAIM) is (not given)


def test_headline_says_when_what_where_how_far_and_toward(bundled):
    line = keyfacts.headline(keyfacts.key_facts(bundled[1], LAUNCH))
    assert line == (
        "7 Nov 2025 just past noon · 1 missile (suspected short-range) · from Taekwan · about 700 km · toward East Sea"
    )


def test_claims_table_is_grouped_by_fact_with_key_facts_first(bundled):
    dataset, flat = bundled
    table = keyfacts.claims_table(flat, LAUNCH, keyfacts.report_names(dataset.documents))
    assert len(table) == int((flat["event_id"] == LAUNCH).sum())
    order = list(dict.fromkeys(table["fact"]))
    assert order[:8] == [label for _, label in keyfacts.KEY_FACTS]
    assert not (table["value"] == "").any()
    # Names, not ids: the report's label, never its file id.
    assert table["source"].str.contains("002 · launch amid frozen talks").any()
    assert not table["source"].str.contains("_54364550e8723fb3").any()


def test_side_by_side_names_reports_and_gives_no_empty_cells(bundled):
    dataset, flat = bundled
    table = keyfacts.by_report(flat, LAUNCH, keyfacts.report_names(dataset.documents))
    assert list(table.columns[:2]) == ["fact", "verdict"]
    assert "000 · launch after Hegseth's visit" in table.columns
    assert not table.isin(["(no value)"]).any().any()


# ---------------------------------------------------------------- names


@pytest.mark.parametrize(
    "event_id,name",
    [
        (LAUNCH, "7 Nov 2025 · Ballistic missile launch toward the East Sea"),
        ("trump-visit-2025-10", "week of 27 Oct 2025 · Trump's visit to South Korea"),
        ("diplomacy-breakdown-2019", "2019 · Kim–Trump diplomacy breaks down"),
    ],
)
def test_events_are_named_by_their_date_at_its_precision_and_title(bundled, event_id, name):
    dataset, flat = bundled
    assert options.options_for(dataset, flat).event_names[event_id] == name


def test_reports_are_named_by_label_and_outlet_where_known():
    docs = pd.DataFrame({"document_id": ["a", "b"], "label": ["001 · x", "002 · y"], "outlet": ["unknown", "Wire"]})
    assert keyfacts.report_names(docs) == {"a": "001 · x", "b": "002 · y (Wire)"}


# ---------------------------------------------------------------- map labels


@pytest.mark.parametrize(
    "lon,lat,obstacles,lon_range,expected",
    [
        (125.0, 40.0, [], (115.5, 145.5), "middle right"),  # free: the first choice
        (125.0, 40.0, [(126.0, 40.0)], (115.5, 145.5), "middle left"),  # something on the right
        (145.0, 40.0, [], (115.5, 145.5), "middle left"),  # at the east edge, the label goes inward
        (116.4, 39.9, [(115.9, 39.9)], (115.5, 145.5), "middle right"),  # Beijing at the west edge stays whole
    ],
)
def test_a_label_goes_where_it_covers_nothing_and_stays_on_the_map(lon, lat, obstacles, lon_range, expected):
    xs = [o[0] for o in obstacles]
    ys = [o[1] for o in obstacles]
    assert labels.place([(lon, lat, "Vladivostok")], xs, ys, lon_range, (32.0, 47.3)) == [expected]


def test_no_map_label_covers_a_ring_marker_or_another_label(bundled):
    dataset, flat = bundled
    fig = figures.map_figure(flat, dataset.places, {}, LAUNCH, assumed_bearing=95).figure
    points = [
        (x, y)
        for t in fig.data
        if t.meta not in ("basemap", "origin-uncertainty") and t.lat is not None
        for x, y in zip(t.lon, t.lat, strict=True)
        if x is not None
    ]
    boxes = []
    for t in fig.data:
        if t.meta not in figures.LABELLED or t.text is None:
            continue
        positions = [t.textposition] * len(t.text) if isinstance(t.textposition, str) else list(t.textposition)
        for lon, lat, text, position in zip(t.lon, t.lat, t.text, positions, strict=True):
            box = labels.label_box(lon, float(labels.mercator_y([lat])[0]), text, position)
            inside = [
                p for p in points if box[0] <= p[0] <= box[1] and box[2] <= labels.mercator_y([p[1]])[0] <= box[3]
            ]
            assert not inside, f"{text!r} at {position} covers {inside[:3]}"
            assert box[0] >= fig.layout.geo.lonaxis.range[0] and box[1] <= fig.layout.geo.lonaxis.range[1], text
            boxes.append((text, box))
    for i, (a, ba) in enumerate(boxes):
        for b, bb in boxes[i + 1 :]:
            assert not (ba[0] < bb[1] and bb[0] < ba[1] and ba[2] < bb[3] and bb[2] < ba[3]), (a, b)


def test_map_legend_lists_only_what_can_be_seen_and_hover_text_is_dark_on_white(bundled):
    dataset, flat = bundled
    fig = figures.map_figure(flat, dataset.places, {}, LAUNCH).figure
    in_legend = [t.name for t in fig.data if t.showlegend is not False and t.meta not in ("basemap", "reference")]
    assert not [n for n in in_legend if n and "Origin area" in n]
    assert fig.layout.hoverlabel.bgcolor == "white" and fig.layout.hoverlabel.font.color == "#1b2631"
    assert fig.layout.title.text is None  # titled by the page: the mode bar never covers it on a phone


def test_origin_no_claim_in_view_names_is_greyed_labelled_and_said(bundled):
    dataset, flat = bundled
    result = figures.map_figure(flat[flat["document"] == D001], dataset.places, {}, LAUNCH)
    grey = [t for t in result.figure.data if t.meta == "origin-not-in-view"]
    assert grey and "not in the selected reports" in grey[0].text[0]
    assert not [t for t in result.figure.data if t.meta == "origin"]
    assert any("names the launch origin" in n for n in result.notices)


# ---------------------------------------------------------------- timeline


def test_events_on_the_same_day_in_one_lane_are_spread():
    lane = pd.Series(["Statement"] * 4 + ["Visit"])
    day = pd.Series(pd.to_datetime(["2025-11-07"] * 4 + ["2025-11-07"]))
    offsets = lanes.spread(lane, day, day + pd.Timedelta(days=1))
    assert len(set(offsets[:4])) == 4 and offsets[4] == 0.0
    assert max(abs(offsets)) < 0.5  # never into the next lane


def test_a_period_and_a_day_inside_it_are_on_different_rows():
    lane = pd.Series(["Summit", "Summit"])
    start = pd.Series(pd.to_datetime(["2025-10-27", "2025-11-01"]))
    end = pd.Series(pd.to_datetime(["2025-11-03", "2025-11-02"]))
    assert len(set(lanes.spread(lane, start, end))) == 2


@pytest.mark.parametrize(
    "window,first,last",
    [
        ("3 weeks", "2025-10-18", "2025-11-11"),
        ("4 months", "2025-07-08", "2025-11-11"),
    ],
)
def test_timeline_windows_are_anchored_on_the_launch(bundled, window, first, last):
    fig = figures.timeline_figure(bundled[1], {}, LAUNCH, window=window)
    lo, hi = (pd.Timestamp(x) for x in fig.layout.xaxis.range)
    assert lo.date() == pd.Timestamp(first).date() and hi.date() == pd.Timestamp(last).date()
    assert fig.layout.uirevision == window  # a zoom in this window survives a click


def test_timeline_all_window_spans_every_event(bundled):
    fig = figures.timeline_figure(bundled[1], {}, LAUNCH, window="all")
    lo, hi = (pd.Timestamp(x) for x in fig.layout.xaxis.range)
    assert lo < pd.Timestamp("2019-01-01") and hi > pd.Timestamp("2025-11-08")


def test_same_day_statements_have_their_own_spot_on_the_timeline(bundled):
    fig = figures.timeline_figure(bundled[1], {}, LAUNCH)
    spots = {}
    for t in fig.data:
        if t.meta in ("events", "event-before"):  # a day's marker, or the bound of one dated "on or before"
            for x, y, e in zip(t.x, t.y, t.customdata, strict=True):
                spots.setdefault((str(x), round(float(y), 3)), []).append(e)
    assert all(len(events) == 1 for events in spots.values()), [e for e in spots.values() if len(e) > 1]


# ---------------------------------------------------------------- re-uploading an export


@pytest.fixture(scope="module")
def own_export(bundled):
    dataset, flat = bundled
    return importers.load_file(exports.to_csv_bytes(flat), "launchwatch-claims.csv").dataset


@pytest.mark.parametrize("clash,copies", [(uploads.REPLACE, 1), (uploads.BESIDE, 2)])
def test_reuploading_the_export_duplicates_nothing_unless_asked(bundled, own_export, clash, copies):
    dataset, _ = bundled
    assert len(uploads.shared_events(dataset, own_export)) == len(dataset.events)
    combined, notes = uploads.combine(dataset, own_export, clash)
    assert len(combined.events) == copies * len(dataset.events)
    assert len(combined.claims) == copies * len(dataset.claims)
    assert len(combined.aliases) == len(dataset.aliases)  # the alias table is kept
    assert combined.events["event_id"].is_unique and combined.claims["claim_id"].is_unique
    assert int(combined.events["key_event"].sum()) == 1
    assert notes


# ---------------------------------------------------------------- pages (AppTest)


def test_map_page_opens_with_the_key_facts_card():
    at = page()
    text = " ".join(m.value for m in at.markdown)
    assert "7 Nov 2025 just past noon" in text and "per 4 report(s) and 4 independent origin(s)" in text


def test_sidebar_offers_names_not_ids():
    at = page()
    reports = at.sidebar.multiselect(key="doc").options
    assert "001 · launch, artillery fire and stalled talks" in [r.replace("\\", "") for r in reports]
    assert not [r for r in reports if D001 in r]
    events = [e.replace("\\", "") for e in at.sidebar.selectbox(key="event").options]
    assert "1 Nov 2025 · Lee–Xi summit in Gyeongju" in events and "lee-xi-summit" not in events


def test_data_table_leads_with_what_matters():
    at = page("pages/data.py")
    table = at.dataframe[0]
    order = list(table.proto.column_order)
    assert order[:4] == ["title", "event_date", "attribute", "claim"]
    assert order.index("claim_id") > order.index("report")
