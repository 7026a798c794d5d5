"""The nk-missile-tests and CSIS imports open in the app (AppTest, LAUNCHWATCH_DATA naming the folder
`import` wrote): every marker lies within its own site's uncertainty, the launch whose site is unknown is
drawn nowhere, and a launch in focus has its ring around its own site."""

from __future__ import annotations

import pytest
from apptests import page
from test_import_nagix import LAUNCHES
from test_importers import FIXTURES
from test_pages import counts_text, figure, traces

from launchwatch import geodesy, importers, loading


@pytest.fixture(scope="module")
def nagix_folder(tmp_path_factory):
    out = tmp_path_factory.mktemp("nagix") / "data"
    importers.import_to_folder("nagix", LAUNCHES, out)
    return out


@pytest.fixture(scope="module")
def csis_folder(tmp_path_factory):
    out = tmp_path_factory.mktemp("csis") / "data"
    importers.import_to_folder("csis", FIXTURES / "csis_sample.csv", out)
    return out


def _drawn(fig) -> dict[str, tuple[float, float]]:
    """Where each event's marker is drawn: single markers and shared-place markers alike."""
    where = {}
    for t in traces(fig, "events") + traces(fig, "shared-places"):
        for lat, lon, ids in zip(t["lat"], t["lon"], t["customdata"], strict=True):
            for event_id in [ids] if isinstance(ids, str) else ids:
                where[event_id] = (lat, lon)
    return where


def test_nagix_markers_stay_within_their_sites(nagix_folder, monkeypatch):
    monkeypatch.setenv("LAUNCHWATCH_DATA", str(nagix_folder))
    at = page("pages/map.py")
    assert not at.error and "10 of 10 events" in counts_text(at)
    ds = loading.load(nagix_folder)
    places = ds.places.set_index("place_id")
    site_of = ds.events.set_index("event_id").place_id
    fig = figure(at)
    drawn = _drawn(fig)
    for event_id, point in drawn.items():
        site = places.loc[site_of[event_id]]
        assert geodesy.distance_km(point, (site.latitude, site.longitude)) <= site.uncertainty_km
    placed = {e for e, p in site_of.items() if p}
    assert set(drawn) == placed
    # the unknown site and the facility the file lacks are drawn nowhere, least of all at the airport
    assert {"nagix-10", "nagix-11"}.isdisjoint(drawn)
    # the launch in focus by default (the latest with a range) is the one whose facility the file lacks:
    # no origin is drawn for it, anywhere
    assert traces(fig, "origin") == [] and traces(fig, "range-ring") == []


def test_a_nagix_launch_in_focus_has_its_ring_around_its_own_site(nagix_folder, monkeypatch):
    monkeypatch.setenv("LAUNCHWATCH_DATA", str(nagix_folder))
    fig = figure(page("pages/map.py", launch="nagix-8"))
    origin = traces(fig, "origin")[0]
    assert (origin["lat"], origin["lon"]) == ([39.2002], [125.6733])  # Pyongyang International Airport
    ring = traces(fig, "range-ring")[0]
    assert "380 km" in ring["name"]
    assert geodesy.distance_km((39.2002, 125.6733), (ring["lat"][0], ring["lon"][0])) == pytest.approx(380, abs=1)


@pytest.mark.filterwarnings("error::pandas.errors.Pandas4Warning")  # a dataset without places is no special case
@pytest.mark.parametrize("path", ["pages/map.py", "pages/timeline.py", "pages/sources.py", "pages/data.py"])
def test_the_csis_import_opens_on_every_page(csis_folder, monkeypatch, path):
    monkeypatch.setenv("LAUNCHWATCH_DATA", str(csis_folder))
    at = page(path)
    assert not at.error
    if path == "pages/map.py":
        assert "14 of 14 events" in counts_text(at)
        assert _drawn(figure(at)) == {}  # the list gives no coordinates: nothing is placed
