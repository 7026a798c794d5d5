"""The launch in its history: computed counts beside the reports' own claims."""

import pandas as pd
import pytest

from launchwatch import exports, history, importers, loading

KEY = "launch-2025-11-07"


@pytest.fixture(scope="module")
def flat():
    return exports.flat_claims(loading.load())


@pytest.mark.parametrize(
    "text,n", [("sixth", 6), ("Sixth", 6), ("6th", 6), ("twentieth", 20), ("six", None), ("", None)]
)
def test_ordinals(text, n):
    assert history.ordinal_value(text) == n


@pytest.mark.parametrize(
    "texts,kind",
    [
        (["suspected short-range ballistic missile"], "ballistic"),
        (["SRBM"], "ballistic"),
        (["hypersonic and cruise missiles"], "mixed"),
        (["cruise missiles"], "not ballistic"),
        (["SLV"], "not ballistic"),
        (["Unknown"], "unknown"),
    ],
)
def test_what_was_fired_decides_the_kind(texts, kind):
    claims = pd.DataFrame(
        [
            {
                "event_id": "e1",
                "event_type": "missile_launch",
                "title": "Launch",
                "event_date": "2025-11-07",
                "date_precision": "day",
                "latitude": None,
                "longitude": None,
                "place": "",
                "attribute": "missile_type",
                "claim": f"Missile: {t}.",
                "value": t,
            }
            for t in texts
        ]
    )
    assert list(history.launches(claims)["kind"]) == [kind]


def test_bundled_count_and_the_reports_claim(flat):
    y = history.year_count(flat, KEY)
    assert y.year == 2025 and y.computed == 2
    assert [d.strftime("%Y-%m-%d") for d in y.ballistic_days] == ["2025-10-22", "2025-11-07"]
    assert [(n, d.split("_")[0]) for n, d, _ in y.reported] == [(6, "003")]  # "the sixth ... this year"
    assert list(y.uncounted["event_id"]) == ["october-tests-2025-10"]  # known only to the month


def test_a_salvo_counts_once_and_history_adds_to_the_count():
    base = loading.load()
    imported = importers.load_file((loading.REPO_ROOT / "tests/fixtures/imports/cns_utf8.csv").read_bytes(), "cns.csv")
    combined, _ = loading.combine(base, imported.dataset)
    flat = exports.flat_claims(combined)
    y = history.year_count(flat, KEY)
    # Three CNS rows fired at 23:10 UTC on 22 Oct 2025 are one salvo, on 23 Oct in Pyongyang: one more day.
    assert [d.strftime("%Y-%m-%d") for d in y.ballistic_days] == ["2025-10-22", "2025-10-23", "2025-11-07"]


def test_same_area_finds_earlier_launches_near_the_origin(flat):
    located = flat.copy()
    earlier = located.event_id == "launch-2025-10-22"
    located.loc[earlier, ["latitude", "longitude", "place"]] = [40.25, 125.25, "near Taegwan"]
    rows = history.same_area(located, KEY, (40.21, 125.20))
    assert list(rows["event_id"]) == ["launch-2025-10-22"] and rows["distance_km"].iloc[0] < 10
    assert history.same_area(flat, KEY, (40.21, 125.20)).empty


def _launches_reference(claims: pd.DataFrame) -> dict[str, tuple[str, int]]:
    """Each launch's kind and number of claims, worked out one event at a time."""
    out = {}
    ml = claims[claims["event_type"] == "missile_launch"]
    for event_id, g in ml.groupby("event_id", sort=False):
        said = g[g["attribute"].isin(["missile_type", "occurred"])]
        text = " ".join(
            [str(g["title"].iloc[0]), *(f"{c} {v}" for c, v in zip(said["claim"], said["value"], strict=True))]
        )
        ballistic, other = bool(history._BALLISTIC.search(text)), bool(history._NOT_BALLISTIC.search(text))
        kind = {(True, False): "ballistic", (False, True): "not ballistic", (True, True): "mixed"}
        out[event_id] = (kind.get((ballistic, other), "unknown"), len(g))
    return out


@pytest.fixture(scope="module")
def with_cns():
    base = loading.load()
    imported = importers.load_file((loading.REPO_ROOT / "tests/fixtures/imports/cns_utf8.csv").read_bytes(), "cns.csv")
    return exports.flat_claims(loading.combine(base, imported.dataset)[0])


@pytest.mark.parametrize("data", ["flat", "with_cns"])
def test_launches_match_an_event_by_event_reading(data, request):
    claims = request.getfixturevalue(data)
    table = history.launches(claims)
    assert list(table["event_id"]) == list(
        dict.fromkeys(claims.loc[claims["event_type"] == "missile_launch", "event_id"])
    )
    assert dict(zip(table["event_id"], zip(table["kind"], table["claims"], strict=True), strict=True)) == (
        _launches_reference(claims)
    )


@pytest.mark.parametrize(
    "key,origin",
    [
        (KEY, (40.21, 125.20)),
        (KEY, None),
        ("launch-2025-10-22", (39.03, 125.75)),
        ("statement-2025-11-07-nk-defense-ministry", (40.21, 125.20)),  # not a launch: no count
        ("no-such-event", (40.21, 125.20)),
    ],
)
def test_the_page_reads_the_history_from_the_launch_claims_alone(with_cns, key, origin):
    launches = with_cns[(with_cns["event_type"] == "missile_launch") | (with_cns["event_id"] == key)]
    counted, nearby = history.in_history(launches, key, origin)
    expected = history.year_count(with_cns, key)
    assert (counted is None) == (expected is None)
    if counted is not None:
        assert (counted.year, counted.ballistic_days, counted.reported) == (
            expected.year,
            expected.ballistic_days,
            expected.reported,
        )
        pd.testing.assert_frame_equal(counted.uncounted, expected.uncounted)
    if origin is None:
        assert nearby is None
    else:
        pd.testing.assert_frame_equal(nearby, history.same_area(with_cns, key, origin))
