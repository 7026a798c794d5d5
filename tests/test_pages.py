"""AppTest for every page: runs on the bundled data without an exception, and shows what it should."""

import base64
import json
import shutil

import numpy as np
import pytest
from apptests import app, page
from streamlit.testing.v1 import AppTest

from launchwatch import geodesy, loading

D001 = "001_1a0ad8e3a2be4f80"
TIMEOUT = 60


def figure(at, index=0):
    """The figure JSON, with plotly's typed arrays ({dtype, bdata}) decoded to lists."""
    return _decode(json.loads(at.get("plotly_chart")[index].proto.spec))


def _decode(node):
    if isinstance(node, dict):
        if set(node) >= {"dtype", "bdata"}:
            return np.frombuffer(base64.b64decode(node["bdata"]), dtype=node["dtype"]).tolist()
        return {k: _decode(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_decode(v) for v in node]
    return node


def traces(fig, meta):
    return [t for t in fig["data"] if t.get("meta") == meta]


def counts_text(at):
    return " ".join(m.value for m in at.markdown if "events" in m.value and "claims" in m.value)


def test_map_page_draws_origin_ring_and_outlines():
    at = page("pages/map.py")
    assert at.title[0].value == "Map"
    assert "23 of 23 events" in counts_text(at) and "122 of 122 claims" in counts_text(at)
    fig = figure(at)
    assert traces(fig, "basemap"), "no coastline or border traces"
    origin = traces(fig, "origin")[0]
    assert origin["lat"] == [40.21] and origin["lon"] == [125.2]
    ring = traces(fig, "range-ring")[0]
    assert "700 km (435 mi)" in ring["name"]
    for lat, lon in list(zip(ring["lat"], ring["lon"], strict=True))[::30]:
        assert geodesy.distance_km((40.21, 125.2), (lat, lon)) == pytest.approx(700, abs=0.05)
    band = traces(fig, "landing-band")
    assert band, "the landing area the claims allow is not drawn"
    # Every claim in view shapes it: the East Sea, outside Japan's EEZ, across the country, the range band.
    for words in ("East Sea", "exclusive economic zone", "North Korea and the sea", "650 to 750 km"):
        assert words in band[0]["hovertext"], words
    assert not traces(fig, "assumed-path") and not traces(fig, "assumed-end")
    geo = fig["layout"]["geo"]
    for layer in ("showland", "showcoastlines", "showcountries", "showocean", "showlakes", "showrivers"):
        assert geo.get(layer) is False, layer


def test_map_page_reach_table():
    at = page("pages/map.py")
    reach = [d.value for d in at.dataframe if "place" in d.value.columns][0].set_index("place")
    column = "distance vs the 700 km flown"
    assert reach.loc["Seoul", column] == "nearer than the distance flown"
    assert reach.loc["Tokyo", column] == "farther than the distance flown"
    assert len(at.get("download_button")) >= 1


def test_map_with_only_report_001_has_no_ring_and_says_why():
    at = page("pages/map.py", doc=D001)
    fig = figure(at)
    assert traces(fig, "range-ring") == []
    assert any("No claim in the current selection gives a flight range" in i.value for i in at.info)
    assert "claims** shown (filtered)" in counts_text(at)


def test_map_assumed_bearing_is_labelled_as_an_assumption():
    at = page("pages/map.py", bearing="95")
    fig = figure(at)
    end = traces(fig, "assumed-end")[0]
    assert "not reported" in end["name"].lower() or "derived" in end["name"].lower()
    assert geodesy.distance_km((40.21, 125.2), (end["lat"][0], end["lon"][0])) == pytest.approx(700, abs=0.1)
    assert "95°" in traces(fig, "assumed-path")[0]["name"]


def test_map_events_carry_their_ids():
    at = page("pages/map.py")
    ids = [cd for t in traces(figure(at), "events") for cd in t["customdata"]]
    assert "artillery-2025-11-03" in ids and "lee-xi-summit" in ids
    assert "launch-2025-11-07" not in ids  # drawn as the origin instead


def test_selected_event_from_the_link_shows_its_claims():
    at = page("pages/map.py", event="hegseth-visit-2025-11")
    assert at.sidebar.selectbox(key="event").value == "hegseth-visit-2025-11"
    text = " ".join(m.value for m in at.markdown)
    assert "U.S. defense secretary's visit to South Korea" in text
    table = at.dataframe[0].value  # the selected event's claims, one row each, grouped by fact
    assert "Duration" in set(table["fact"])


def test_timeline_page_has_every_event_and_marks_precision():
    at = page("pages/timeline.py")
    assert at.title[0].value == "Timeline"
    fig = figure(at)
    markers = {cd for t in fig["data"] if t.get("meta") == "events" for cd in t["customdata"]}
    spans = {cd for t in fig["data"] if t.get("meta") == "event-span" for cd in t["customdata"]}
    bounds = [t for t in fig["data"] if t.get("meta") == "event-before"]
    before = {cd for t in bounds for cd in t["customdata"]}
    # Every event drawn once: a marker for a day, a bar for a week, month or year, a bound for "on or before".
    assert len(markers | spans | before) == 23 and not (markers & spans or markers & before or spans & before)
    assert "october-tests-2025-10" in spans and "trump-visit-2025-10" in spans  # month and week: bars
    assert "launch-2025-11-07" in markers  # known to the day: a marker only
    # "On or before": no bar, so no start date; the bound is drawn, worded and explained on hover.
    assert before == {"us-cyber-sanctions", "nk-sanctions-warning", "sk-intel-kim-trump-meeting"}
    for t in bounds:
        assert "base" not in t and t["marker"]["symbol"] == "arrow-bar-right"
        assert all("Start not reported" in h and "on or before" in h for h in t["hovertext"])
    worded = [a["text"] for a in fig["layout"]["annotations"] if a["text"].startswith("on or before")]
    assert worded == ["on or before 7 Nov 2025"] * 3
    assert "its start is not reported" in " ".join(c.value for c in at.caption)
    assert any("event(s) lie outside that window" in i.value for i in at.info)


def test_sources_page_shows_agreement_and_conflict():
    at = page("pages/sources.py")
    agreement = at.dataframe[0].value
    rows = {(t, a): v for t, a, v in zip(agreement.title, agreement.attribute, agreement.verdict, strict=True)}
    assert rows[("Ballistic missile launch toward the East Sea", "range")] == "agree within rounding"
    # 4 November lies inside both visits: only the length (three days against two) conflicts.
    assert rows[("U.S. defense secretary's visit to South Korea", "date")] == "compatible"
    assert rows[("U.S. defense secretary's visit to South Korea", "duration")] == "conflict"
    corroboration = at.dataframe[1].value
    assert set(corroboration.status) >= {"corroborated", "one origin", "unattributed only"}


def test_data_page_table_and_downloads():
    at = page("pages/data.py", type="artillery_fire")
    table = at.dataframe[0].value
    assert set(table.event_type) == {"artillery_fire"} and len(table) > 0
    labels = [b.proto.label for b in at.main.get("download_button")]
    assert labels == ["Download CSV", "Download GeoJSON"]


def test_choosing_a_report_in_the_sidebar_filters_every_page():
    at = page("pages/map.py")
    at.sidebar.multiselect(key="doc").set_value([D001]).run()
    assert "13 of 23 events" in counts_text(at)
    assert traces(figure(at), "range-ring") == []
    at.switch_page("pages/data.py").run()
    assert set(at.dataframe[0].value.document) == {D001}


def test_link_seeds_the_sidebar_filters():
    at = app(doc=D001, type="artillery_fire").run()
    assert at.sidebar.multiselect(key="doc").value == [D001]
    assert at.sidebar.multiselect(key="type").value == ["artillery_fire"]
    assert "of 122 claims** shown (filtered)" in counts_text(at)


def test_unknown_link_values_are_ignored_with_a_notice():
    at = page("pages/map.py", doc="nonexistent-report", since="not-a-date")
    warnings = " ".join(w.value for w in at.warning)
    assert "nonexistent-report" in warnings and "not-a-date" in warnings
    assert "23 of 23 events" in counts_text(at)


def test_empty_result_says_why_and_offers_reset():
    at = page("pages/data.py", since="2030-01-01")
    assert any("Nothing matches the current filters" in i.value for i in at.info)
    assert any(b.label == "Reset filters" for b in at.button)


@pytest.fixture
def broken_data(tmp_path, monkeypatch):
    for name in ("documents.csv", "events.csv", "places.csv", "claims.csv"):
        shutil.copy(loading.BUNDLED_DATA / name, tmp_path / name)
    (tmp_path / "places.csv").write_text((tmp_path / "places.csv").read_text().replace("40.21,125.2", "400.21,125.2"))
    monkeypatch.setenv("LAUNCHWATCH_DATA", str(tmp_path))
    return tmp_path


@pytest.mark.parametrize("path", ["pages/map.py", "pages/timeline.py", "pages/sources.py", "pages/data.py"])
def test_broken_dataset_shows_the_error_on_every_page(broken_data, path):
    at = page(path)
    errors = " ".join(e.value for e in at.error)
    assert "places.csv, row 1 (line 2), column 'latitude': 400.21 is outside -90..90" in errors


AUTH = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "test-secret",
    "client_id": "launchwatch",
    "client_secret": "x",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}


def test_with_login_on_a_viewer_not_logged_in_sees_no_data():
    at = AppTest.from_file(str(loading.REPO_ROOT / "app.py"), default_timeout=TIMEOUT)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": False}
    at.run()
    assert not at.exception
    assert [b.label for b in at.button] == ["Log in"]
    assert not at.get("plotly_chart") and not at.dataframe and not counts_text(at)
    assert not at.sidebar.multiselect


def test_with_login_on_a_logged_in_viewer_sees_the_map():
    at = AppTest.from_file(str(loading.REPO_ROOT / "app.py"), default_timeout=TIMEOUT)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": True, "email": "analyst@example.invalid"}
    at.run()
    assert not at.exception
    assert "23 of 23 events" in counts_text(at) and at.get("plotly_chart")


def test_map_page_compares_the_computed_count_with_the_reports_claim():
    at = page("pages/map.py")
    text = " ".join(m.value for m in at.markdown)
    assert "computed from the data shown: 2**" in text
    assert "launch number 6 of the year: 4 more than the data holds" in text


def test_map_page_looks_up_a_place_offline():
    at = page("pages/map.py")
    at.text_input(key="lookup").input("Pusan").run()
    text = " ".join(m.value for m in at.markdown)
    assert "Busan: 654.6 km" in text and "nearer than the 700 km the missile flew" in text
    at.text_input(key="lookup").input("Atlantis").run()
    assert any("not in the gazetteer" in w.value for w in at.warning)


def test_a_dataset_broken_while_serving_keeps_the_last_good_version(tmp_path, monkeypatch):
    for name in ("documents.csv", "events.csv", "places.csv", "claims.csv"):
        shutil.copy(loading.BUNDLED_DATA / name, tmp_path / name)
    monkeypatch.setenv("LAUNCHWATCH_DATA", str(tmp_path))
    at = page("pages/map.py")
    assert "23 of 23 events" in counts_text(at) and not at.error
    places = tmp_path / "places.csv"
    places.write_text(places.read_text(encoding="utf-8").replace("40.21,125.2", "400.21,125.2"), encoding="utf-8")
    at.run()
    assert not at.exception
    assert any("400.21 is outside -90..90" in e.value for e in at.error)
    assert any("last valid version is shown" in w.value for w in at.warning)
    assert "23 of 23 events" in counts_text(at) and at.get("plotly_chart")


def test_map_warns_when_the_assumed_bearing_leaves_the_landing_area():
    at = page("pages/map.py", bearing="152")
    assert any("152° lies outside the landing area the claims allow" in w.value for w in at.warning)
    text = " ".join(m.value for m in at.markdown)
    assert "Landing area the claims allow (derived): bearings 66°–96°" in text
    at = page("pages/map.py", bearing="80")
    assert not any("outside the landing area" in w.value for w in at.warning)
