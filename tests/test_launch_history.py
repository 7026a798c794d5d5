"""A launch history of a few hundred launches at about thirty sites (tests/fixtures/history, CNS format)."""

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from launchwatch import attributes, exports, figures, focus, geodesy, importers, launch_history

HISTORY = Path(__file__).resolve().parent / "fixtures" / "history" / "cns_history.csv"


@pytest.fixture(scope="module")
def history():
    result = importers.load_file(HISTORY.read_bytes(), HISTORY.name, "cns")
    assert result.rejected == 0
    return result.dataset, exports.flat_claims(result.dataset)


def _points(fig):
    for t in fig.data:
        if t.meta in ("events", "shared-places"):
            yield from zip(t.lat, t.lon, t.customdata, strict=True)


def test_fixture_is_a_realistic_history(history):
    ds, flat = history
    launches = ds.events[ds.events.event_type == "missile_launch"]
    assert 250 <= len(launches) <= 400 and 25 <= ds.places.place_id.nunique() <= 40
    assert launches.date.dt.year.min() < 1990 and launches.date.dt.year.max() > 2020
    assert (launches.date_precision == "month").any()


def test_every_marker_lies_at_its_own_place(history):
    ds, flat = history
    chosen = focus.resolve_dataset(ds)
    fig = figures.map_figure(flat, ds.places, {}, chosen.event_id).figure
    places = ds.places.set_index("place_id")
    site_of = ds.events.set_index("event_id")["place_id"]
    drawn = 0
    for lat, lon, ids in _points(fig):
        for event_id in [ids] if isinstance(ids, str) else list(ids):
            site = places.loc[site_of[event_id]]
            assert geodesy.distance_km((lat, lon), (site.latitude, site.longitude)) <= site.uncertainty_km
            drawn += 1
    assert drawn == flat[flat.latitude.notna()].event_id.nunique() - 1  # all but the launch in focus


def test_a_shared_place_is_one_marker_with_its_count(history):
    ds, flat = history
    fig = figures.map_figure(flat, ds.places, {}, None).figure
    shared = [t for t in fig.data if t.meta == "shared-places"][0]
    biggest = max(range(len(shared.lat)), key=lambda i: len(shared.customdata[i]))
    assert shared.text[biggest] == f"{len(shared.customdata[biggest]):,}"
    assert f"{len(shared.customdata[biggest]):,} events at" in shared.hovertext[biggest]


def test_any_launch_has_its_ring_around_its_own_site(history):
    ds, flat = history
    ranged = flat[(flat.attribute == "range") & flat.normalized_value.notna()]
    for event_id in ranged.event_id.drop_duplicates().iloc[[0, 40, -1]]:
        result = figures.map_figure(flat, ds.places, {}, event_id)
        row = flat[flat.event_id == event_id].iloc[0]
        assert result.origin == (row.latitude, row.longitude)
        ring = [t for t in result.figure.data if t.meta == "range-ring"][0]
        radius = ranged[ranged.event_id == event_id].normalized_value.round(0).iloc[0]
        assert geodesy.distance_km(result.origin, (ring.lat[0], ring.lon[0])) == pytest.approx(radius, abs=0.5)


def test_launch_table_counts_missiles_class_and_outcome(history):
    ds, flat = history
    table = launch_history.launch_table(flat)
    assert len(table) == (ds.events.event_type == "missile_launch").sum()
    assert set(table.missile_class) <= set(attributes.schema.MISSILE_CLASSES) and "ICBM" in set(table.missile_class)
    assert set(table.outcome) == {"success", "failure", "unknown"}
    fig = launch_history.history_figure(table, "outcome", "year")
    assert sum(sum(t.y) for t in fig.data) == table.missiles.sum()


def test_a_salvo_counts_each_missile():
    claims = pd.DataFrame(
        {
            "event_id": ["a", "a", "b"],
            "event_type": "missile_launch",
            "title": ["Salvo", "Salvo", "One"],
            "event_date": ["2022-01-05", "2022-01-05", "2022-03-01"],
            "date_precision": "day",
            "attribute": ["occurred", "count", "occurred"],
            "value": ["", "12", ""],
            "normalized_value": [None, 12.0, None],
        }
    )
    table = launch_history.launch_table(claims)
    assert dict(zip(table.event_id, table.missiles, strict=True)) == {"a": 12, "b": 1}
    assert launch_history.per_period(table, "outcome", "year").missiles.tolist() == [13]


@pytest.mark.parametrize(
    "since, until, period",
    [
        (None, None, "year"),
        (dt.date(2017, 1, 1), dt.date(2017, 12, 31), "month"),
        (dt.date(2014, 1, 1), None, "year"),
        (dt.date(2022, 1, 1), dt.date(2024, 6, 30), "month"),
    ],
)
def test_period_follows_the_dates_in_view(history, since, until, period):
    table = launch_history.launch_table(history[1])
    assert launch_history.choose_period(table, since, until) == period


@pytest.mark.parametrize(
    "day, value, zone, shown",
    [
        ("2017-07-04", "00:40", "UTC", "00:40 UTC (09:10 on 4 Jul 2017 in Pyongyang, UTC+8:30)"),
        ("2015-08-14", "00:00", "UTC", "00:00 UTC (09:00 on 14 Aug 2015 in Pyongyang, UTC+9)"),
        ("2019-05-04", "23:10", "UTC", "23:10 UTC (08:10 on 5 May 2019 in Pyongyang, UTC+9)"),
        ("2019-05-04", "noon", "", "noon"),
    ],
)
def test_time_beside_the_local_time_in_pyongyang(day, value, zone, shown):
    assert attributes.time_label(day, value, zone) == shown
