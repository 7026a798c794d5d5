"""The launch at first glance: the key facts, the map's labels and legend, the timeline's lanes and windows,
names instead of ids, and a re-uploaded export recognised. Pure logic as tables of cases; pages with AppTest."""

from __future__ import annotations

import html
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from apptests import page

from launchwatch import (
    exports,
    figures,
    focus,
    gazetteer,
    importers,
    keyfacts,
    labels,
    lanes,
    loading,
    options,
    uploads,
)

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
    assert len(fact.evidence) == 4  # its evidence holds the "no details" claim too


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


def _span_references(at) -> list[str]:
    """The card's evidence that points at a report's span instead of quoting it."""
    said = [part for e in [*at.markdown, *at.caption] for part in e.value.split("\n\n")]
    return [part for part in said if "(evidence: " in part and ", characters " in part]


def test_reports_put_in_the_reports_folder_while_the_app_runs_are_quoted_on_the_next_rerun(
    reports_dir, tmp_path, monkeypatch
):
    monkeypatch.setenv("LAUNCHWATCH_DATA", str(loading.BUNDLED_DATA))
    folder = tmp_path / "reports"
    folder.mkdir()
    monkeypatch.setenv("LAUNCHWATCH_REPORTS", str(folder))
    at = page("pages/map.py", event=LAUNCH)
    assert _span_references(at)  # no report's text yet: where the evidence is, not what it says
    for report in reports_dir.glob("*.txt"):
        (folder / report.name).write_bytes(report.read_bytes())
    at.run()
    assert _span_references(at) == []


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


MAP = ((115.5, 145.5), (32.0, 47.3))


def _label(lon=125.0, lat=40.0, text="Vladivostok", font=10.0, clear=3.5):
    return labels.Label(lon, lat, text, font, clear)


def _markers(*points):
    """Markers (lon, lat, radius in px)."""
    return labels.Obstacles.of([p[0] for p in points], [p[1] for p in points], [p[2] for p in points])


def _clear_everywhere(label, spot, obstacles) -> bool:
    bounds = (MAP[0], tuple(labels.mercator_y(list(MAP[1]))))
    return all(
        labels.clashes(labels.label_box(label, spot, s), obstacles, [], s, bounds) == 0 for s in labels.scales(MAP[0])
    )


# Geometry of one label among markers and lines: where it goes, and that it keeps its gap there.
@pytest.mark.parametrize(
    "label,obstacles,expected",
    [
        (_label(), _markers(), ("middle right", 0.0)),  # free: beside the point, the first choice
        (_label(), _markers((125.8, 40.0, 6)), ("middle left", 0.0)),  # a marker on the right
        (_label(lon=145.0), _markers(), ("middle left", 0.0)),  # at the east edge the label goes inward
        (_label(lon=116.4, lat=39.9), _markers(), ("middle right", 0.0)),  # at the west edge too
        # A line (a ring) just right of the point: the label does not cross it.
        (_label(), labels.Obstacles.of(*labels.line_points([125.4, 125.4], [35.0, 45.0]), 1), ("middle left", 0.0)),
        # Markers on both sides and below: above it (a little farther out, to clear those on its sides).
        (_label(), _markers((125.8, 40.0, 6), (124.2, 40.0, 6), (125.0, 39.4, 6)), ("top center", 6.0)),
    ],
)
def test_a_label_goes_where_it_keeps_clear_of_markers_and_lines(label, obstacles, expected):
    spot = labels.place([label], obstacles, *MAP)[0]
    assert spot == expected
    assert _clear_everywhere(label, spot, obstacles)


@pytest.mark.parametrize("radius", [2.5, 8, 11.85, 20])
def test_a_label_clears_the_largest_marker_at_its_own_point(radius):
    # Seoul: a small city dot and, at the same point, a large count of events; the label sat on the count.
    own = _markers((126.98, 37.57, 3.5), (126.98, 37.57, radius))
    label = _label(126.98, 37.57, "Seoul", clear=own.radius_at(126.98, 37.57))
    assert label.clear_px == max(3.5, radius)
    spot = labels.place([label], own, *MAP)[0]
    for s in labels.scales(MAP[0]):
        box = labels.label_box(label, spot, s)
        assert (labels.distance_px(box, own.xs, own.ys, s) - own.radius_px >= labels.GAP_PX - 1e-9).all(), s
    # Plotly puts a text size / 2 / 0.8 + 1 px from its marker's centre: the invisible anchor's size.
    assert labels.anchor_size(label.offset_px) / 2 / 0.8 + 1 == pytest.approx(label.offset_px)


def test_two_labels_at_nearby_points_keep_a_gap_between_them():
    a, b = _label(125.0, 40.0, "Pyongyang"), _label(125.2, 40.0, "Nampo")
    spots = labels.place([a, b], _markers((125.0, 40.0, 3.5), (125.2, 40.0, 3.5)), *MAP)
    for s in labels.scales(MAP[0]):
        (w1, e1, s1, n1), (w2, e2, s2, n2) = (labels.label_box(x, p, s) for x, p in zip((a, b), spots, strict=True))
        gap = labels.GAP_PX / s
        assert not (w1 - gap < e2 and w2 < e1 + gap and s1 - gap < n2 and s2 < n1 + gap), (s, spots)


def test_when_every_side_is_taken_the_label_moves_farther_out():
    crowd = _markers(*[(125.0 + dx, 40.0 + dy, 3) for dx in (-0.25, 0, 0.25) for dy in (-0.2, 0, 0.2) if dx or dy])
    spot = labels.place([_label(text="Kaesong")], crowd, *MAP)[0]
    assert spot[1] > 0 and _clear_everywhere(_label(text="Kaesong"), spot, crowd)


def _drawn_labels(fig):
    """Each label drawn on the map, as placed (its distance read back from its invisible anchor's size)."""
    out = []
    for t in fig.data:
        if t.meta != figures.MAP_LABEL:
            continue
        for lon, lat, text, position, size in zip(t.lon, t.lat, t.text, t.textposition, t.marker.size, strict=True):
            offset = size / 1.6 + 1
            out.append((labels.Label(lon, lat, html.unescape(text), t.textfont.size, offset - labels.GAP_PX), position))
    return out


def _map_obstacles(fig):
    found = labels.Obstacles.of([], [], [])
    for t in fig.data:
        if t.meta in ("basemap", figures.MAP_LABEL) or t.lat is None:
            continue
        if "lines" in t.mode:
            found += labels.Obstacles.of(*labels.line_points(t.lon, t.lat), (t.line.width or 2) / 2)
        if "markers" in t.mode:
            size = np.asarray(t.marker.size if t.marker.size is not None else 6, dtype=float)
            found += labels.Obstacles.of(t.lon, t.lat, size / 2 + 1)
    return found


HISTORY = Path(__file__).resolve().parent / "fixtures" / "history" / "cns_history.csv"


@pytest.fixture(scope="module")
def history():
    """A launch history in CNS format: some thirty sites, many holding several launches (count markers)."""
    dataset = importers.load_file(HISTORY.read_bytes(), HISTORY.name, "cns").dataset
    return dataset, exports.flat_claims(dataset)


def _history_map(history, bearing):
    dataset, flat = history
    return figures.map_figure(
        flat, gazetteer.with_reference(dataset.places), {}, focus.resolve_dataset(dataset).event_id
    )


def _bundled_map(bundled, bearing):
    dataset, flat = bundled
    return figures.map_figure(flat, gazetteer.with_reference(dataset.places), {}, LAUNCH, assumed_bearing=bearing)


@pytest.mark.parametrize(
    "data,bearing,named",
    [
        ("bundled", None, {"Seoul", "Busan", "Beijing", "Vladivostok", "Pyongyang", "Taegwan county (origin)"}),
        ("bundled", 95, {"Seoul", "Busan", "Beijing", "Vladivostok", "Taegwan county (origin)", "assumed end"}),
        ("history", None, {"Seoul", "Busan", "Beijing", "Vladivostok"}),
    ],
)
def test_no_map_label_comes_near_a_ring_marker_or_another_label_on_a_phone_or_a_desktop(request, data, bearing, named):
    fig = (_bundled_map if data == "bundled" else _history_map)(request.getfixturevalue(data), bearing).figure
    geo = fig.layout.geo
    bounds = (tuple(geo.lonaxis.range), tuple(labels.mercator_y(list(geo.lataxis.range))))
    obstacles = _map_obstacles(fig)
    drawn = [(label, position) for label, position in _drawn_labels(fig) if label.text]  # "": left off
    assert {label.text for label, _ in drawn} >= named
    for scale in labels.scales(bounds[0]):  # a 390 px phone's map, then a 1440 px desktop's
        boxes = [(label.text, labels.label_box(label, (position, 0.0), scale)) for label, position in drawn]
        near = [(text, labels.clashes(box, obstacles, [], scale, bounds)) for text, box in boxes]
        assert [(t, c) for t, c in near if c] == [], ("labels near a marker, ring or the edge", scale)
        gap = labels.GAP_PX / scale
        for i, (a, ba) in enumerate(boxes):
            for b, bb in boxes[i + 1 :]:
                assert not (
                    ba[0] - gap < bb[1] and bb[0] < ba[1] + gap and ba[2] - gap < bb[3] and bb[2] < ba[3] + gap
                ), (a, b, scale)


def test_a_place_whose_label_is_left_off_is_named_on_hover(bundled):
    # With the assumed path drawn, Pyongyang's label finds no clear spot on a phone's map.
    fig = _bundled_map(bundled, 95).figure
    texts = {t for tr in fig.data if tr.meta == figures.MAP_LABEL for t in tr.text}
    hover = [tr for tr in fig.data if tr.meta == figures.LEFT_OFF]
    assert "Pyongyang" not in texts and list(hover[0].hovertext) == ["Pyongyang"]
    assert hover[0].hovertemplate in figures.HOVER_TEMPLATES


def test_a_count_of_events_at_a_city_is_drawn_over_the_city(history):
    # Seoul's dot was drawn over the count of events there, hiding the number.
    metas = [t.meta for t in _history_map(history, None).figure.data]
    assert metas.index("reference") < metas.index("shared-places")


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
    label = [t.text[0] for t in result.figure.data if t.meta == figures.MAP_LABEL and t.name == "origin-not-in-view"]
    assert grey and "not in the selected reports" in label[0]
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
    # A zoom in this window survives a click, on the figure and on its time axis.
    assert fig.layout.uirevision == window and fig.layout.xaxis.uirevision == window


@pytest.mark.parametrize("selected", [None, "artillery-2025-11-03", "lee-xi-summit", LAUNCH])
def test_the_timeline_figure_is_the_same_whichever_event_is_selected(bundled, selected):
    # Streamlit names the chart by its figure: a figure that changed with the selection would be a new chart
    # in the browser, drawn afresh at its opening window, and the person's zoom would be lost on each click.
    def spec(event):
        return figures.timeline_figure(bundled[1], {}, LAUNCH, event, highlight=False).to_json()

    assert spec(selected) == spec(None)


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
