"""nk-missile-tests (nagix) import on our own fixture in its format (tests/fixtures/imports/nagix/):
counts in the file's own record numbers, each mapping as a table, its unknown site left unknown, and the
facility and missile files found beside the launch file or named."""

from __future__ import annotations

import shutil

import pytest
from test_importers import FIXTURES, claims_of, cli, event, place_of, written

from launchwatch import importers, loading
from launchwatch.importers import nagix

NAGIX = FIXTURES / "nagix"
LAUNCHES = NAGIX / "test.en.json"
PYONGYANG_AIRPORT = (39.2002, 125.6733)  # where the file codes its "unknown" facility


def companions(missiles: bool = True) -> dict:
    files = {"facilities": ((NAGIX / "facility.en.json").read_bytes(), "facility.en.json")}
    if missiles:
        files["missiles"] = ((NAGIX / "missile.en.json").read_bytes(), "missile.en.json")
    return files


@pytest.fixture(scope="module")
def result() -> importers.ImportResult:
    return importers.load_file(LAUNCHES.read_bytes(), "test.en.json", "nagix", companions())


@pytest.fixture(scope="module")
def ds(result, tmp_path_factory) -> loading.Dataset:
    return written(result, tmp_path_factory.mktemp("nagix") / "out")


def test_counts_are_records_in_file_order(result):
    assert result.summary == "read 14, imported 10, rejected 4"
    assert result.read == result.imported + result.rejected
    assert result.rejections == [
        (
            5,
            "timeBins[1].data[2]: 'date' '16/03/2016' is not a date in a form this importer reads "
            "(such as 9-Apr-84, Sep-84 or 1984-04-09)",
        ),
        (7, "timeBins[2].data[1]: 'bearing' 400 is not a direction in degrees from north (0 to 360)"),
        (12, "timeBins[3].data[4]: names 'apogee' twice: which value holds cannot be told"),
        (
            13,
            "timeBins[3].data[5]: lacks 'facility'; expected the keys date, time, series, missile, facility, "
            "landing, apogee, distance, bearing, outcome, description",
        ),
    ]
    assert result.warnings == [
        (11, "facility 'taechon' is not in the facility file: imported without a place"),
        (14, "missile 'hwasong-19' is not in the missile file: its id is kept as its name"),
    ]


@pytest.mark.parametrize(
    "event_id, date, precision, place",
    [
        ("nagix-1", "1984-04-09", "day", "nagix-tonghae"),
        ("nagix-2", "1984-09-01", "month", "nagix-tonghae"),
        ("nagix-3", "2016-02-07", "day", "nagix-sohae"),
        # 20:29 UTC on 24 Aug 2016 was 04:59 on the 25th in Pyongyang, which kept UTC+8:30 then
        ("nagix-4", "2016-08-25", "day", "nagix-sinpo"),
        ("nagix-6", "2017-07-04", "day", "nagix-kusong"),
        ("nagix-8", "2022-01-17", "day", "nagix-pyongyang"),
        ("nagix-10", "2022-03-16", "day", ""),  # the file's own "unknown" site
        ("nagix-11", "2022-09-25", "day", ""),  # a facility the facility file does not list
        ("nagix-14", "2022-11-18", "day", "nagix-hwangju"),
    ],
)
def test_event_date_precision_and_place(ds, event_id, date, precision, place):
    row = event(ds, event_id)
    assert (str(row.date.date()), row.date_precision, row.place_id, row.event_type) == (
        date,
        precision,
        place,
        "missile_launch",
    )


def test_local_date_says_why(ds):
    assert "04:59 on 25 Aug 2016 in Pyongyang" in event(ds, "nagix-4").date_basis
    assert "only the month is given" in event(ds, "nagix-2").date_basis


def test_unknown_site_stays_unknown(ds):
    unknown = event(ds, "nagix-10")
    assert unknown.place_id == "" and "a site the file does not know" in unknown.description
    assert claims_of(ds, "nagix-10", "origin").empty
    # only the real airport, named as such, sits at the point the file gives its unknown site
    at_airport = ds.places[(ds.places.latitude == PYONGYANG_AIRPORT[0]) & (ds.places.longitude == PYONGYANG_AIRPORT[1])]
    assert list(at_airport.name) == ["Pyongyang International Airport"]
    placed = set(ds.events[ds.events.place_id == "nagix-pyongyang"].event_id)
    assert placed == {"nagix-8", "nagix-9"}


@pytest.mark.parametrize(
    "event_id, precision, radius",
    [("nagix-14", "city", 15.0), ("nagix-4", "site", 1.0), ("nagix-8", "site", 1.0), ("nagix-6", "site", 1.0)],
)
def test_a_town_is_not_a_launch_pad(ds, event_id, precision, radius):
    place = place_of(ds, event_id)
    assert (place.geo_precision, place.uncertainty_km) == (precision, radius)


def test_non_ascii_names_are_kept(ds):
    assert place_of(ds, "nagix-6")["name"] == "Kusŏng Testing Ground"
    assert "Kwangmyŏngsŏng" in event(ds, "nagix-3").description


# (event, attribute) -> value, unit, normalised value, normalised unit
CLAIMS = [
    ("nagix-8", "range", "380", "km", 380.0, "km"),
    ("nagix-8", "apogee", "42", "km", 42.0, "km"),
    ("nagix-8", "bearing", "62", "deg", 62.0, "deg"),
    ("nagix-8", "time", "23:50", "UTC", None, ""),
    ("nagix-8", "outcome", "success", "", None, ""),
    ("nagix-8", "missile_name", "KN-24", "", None, ""),
    ("nagix-8", "missile_class", "SRBM", "", None, ""),
    ("nagix-8", "origin", "Pyongyang International Airport", "", None, ""),
    ("nagix-8", "landing_area", "Sea of Japan or East Sea", "", None, ""),
    ("nagix-2", "apogee", "200", "km", 200.0, "km"),  # a JSON number
    ("nagix-3", "range", "2500", "km", 2500.0, "km"),  # a number as text
    ("nagix-3", "bearing", "181", "deg", 181.0, "deg"),
    ("nagix-3", "missile_class", "SLV", "", None, ""),
    ("nagix-6", "missile_class", "ICBM", "", None, ""),
    ("nagix-10", "outcome", "failure", "", None, ""),
    ("nagix-14", "missile_name", "hwasong-19", "", None, ""),  # not in the missile file: its id
    ("nagix-14", "missile_class", "ICBM", "", None, ""),
]


@pytest.mark.parametrize("event_id, attribute, value, unit, norm, norm_unit", CLAIMS)
def test_claim_values(ds, event_id, attribute, value, unit, norm, norm_unit):
    rows = claims_of(ds, event_id, attribute)
    assert len(rows) == 1
    row = rows.iloc[0]
    got = None if row.normalized_value != row.normalized_value else row.normalized_value
    assert (row.value, row.unit, got, row.normalized_unit) == (value, unit, norm, norm_unit)


@pytest.mark.parametrize(
    "event_id, absent",
    [
        ("nagix-1", ["range", "apogee", "time", "landing_area"]),  # "unknown" in the file
        ("nagix-3", ["landing_area"]),  # "na"
        ("nagix-10", ["missile_name", "missile_class", "missile_type", "range", "origin"]),
        ("nagix-14", ["range"]),  # no distance key at all
    ],
)
def test_unknown_is_never_filled_in(ds, event_id, absent):
    assert set(claims_of(ds, event_id).attribute) & set(absent) == set()


def test_the_database_is_the_source_and_nagix_carries_it(ds):
    claims = ds.claims
    bearing = claims[claims.attribute == "bearing"]
    others = claims[claims.attribute != "bearing"]
    assert set(others.originator) == {"CNS North Korea Missile Test Database"}
    assert set(others.via) == {"nk-missile-tests (nagix)"}
    assert set(bearing.originator) == {"nk-missile-tests (nagix)"} and set(claims.originator_kind) == {"database"}
    assert len(ds.documents) == 1 and ds.documents.iloc[0].char_length == 14
    spans = claims_of(ds, "nagix-8")[["span_start", "span_end"]].drop_duplicates()
    assert spans.values.tolist() == [[7, 8]]  # record 8


def test_a_salvo_is_one_event_per_missile(ds):
    for event_id in ("nagix-8", "nagix-9"):
        assert "One of 2 missiles the file lists for 2022-01-16." in event(ds, event_id).description


def test_without_a_missile_file_ids_are_kept_as_written():
    result = importers.load_file(LAUNCHES.read_bytes(), "test.en.json", "nagix", companions(missiles=False))
    assert result.summary == "read 14, imported 10, rejected 4"
    assert result.notes == [
        "no missile file (missile.en.json): missile ids are kept as written, and their class is read from the id"
    ]
    claims = result.dataset.claims
    names = claims[(claims.event_id == "nagix-8") & (claims.attribute == "missile_name")]
    classes = claims[(claims.event_id == "nagix-8") & (claims.attribute == "missile_class")]
    assert (names.value.tolist(), classes.value.tolist()) == (["kn-24"], ["SRBM"])


@pytest.mark.parametrize(
    "name, given, found",
    [
        ("test.en.json", {}, {"facilities": "facility.en.json", "missiles": "missile.en.json"}),
        ("test.ja.json", {}, None),  # no facility.ja.json beside it
        ("launches.json", {"facilities": "facility.en.json"}, {"facilities": "facility.en.json"}),
    ],
)
def test_companion_files_beside_or_named(tmp_path, name, given, found):
    shutil.copy(LAUNCHES, tmp_path / name)
    for other in ("facility.en.json", "missile.en.json"):
        shutil.copy(NAGIX / other, tmp_path / other)
    named = {k: str(tmp_path / v) for k, v in given.items()}
    if found is None:
        with pytest.raises(importers.UnrecognisedFile, match="put it beside test.ja.json"):
            nagix.companion_files(tmp_path / name, named)
        return
    got = nagix.companion_files(tmp_path / name, named)
    assert {k: p.name for k, p in got.items()} == found


def test_cli_finds_the_facility_file_beside(tmp_path):
    done = cli("import", "--from", "nagix", str(LAUNCHES), "-o", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert (
        done.stdout.splitlines()[0] == "test.en.json (nk-missile-tests launch data): read 14, imported 10, rejected 4"
    )
    assert "wrote" in done.stdout.splitlines()[-1]
    assert loading.validate(tmp_path / "out")[1] == []


def test_cli_without_a_facility_file_says_how_to_give_one(tmp_path):
    shutil.copy(LAUNCHES, tmp_path / "test.en.json")
    done = cli("import", "--from", "nagix", str(tmp_path / "test.en.json"), "-o", str(tmp_path / "out"))
    assert done.returncode == 1
    assert "or give it with --facilities FILE" in done.stderr
    assert not (tmp_path / "out").exists()
    named = cli(
        "import",
        "--from",
        "nagix",
        str(tmp_path / "test.en.json"),
        "--facilities",
        str(NAGIX / "facility.en.json"),
        "-o",
        str(tmp_path / "out"),
    )
    assert named.returncode == 0, named.stderr
    assert "no missile file (missile.en.json)" in named.stdout


@pytest.mark.parametrize(
    "name, precision",
    [
        ("Sohae Satellite Launching Station", "site"),
        ("Sinpo Shipyard", "site"),
        ("Pyongsong Field", "site"),
        ("Mupyong-ni Arms Plant", "site"),
        ("Kwail Airbase", "site"),
        ("Hodo Peninsula", "city"),
        ("Yonghung Bay", "city"),
        ("Hwangju", "city"),
    ],
)
def test_facility_precision_from_its_name(name, precision):
    assert nagix.Facility("x", name, (39.0, 127.0)).precision == precision
