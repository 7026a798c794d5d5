"""CSIS's list of North Korean provocations, on our own fixture in its format: the event type each row
gets, the figures read from its description only where stated (each span pointing at its words), and
counts in the file's own row numbers."""

from __future__ import annotations

import hashlib

import pytest
from test_importers import FIXTURES, claims_of, cli, event, load, written

from launchwatch import importers, loading
from launchwatch.importers import common, csis


@pytest.fixture(scope="module")
def result() -> importers.ImportResult:
    return load("csis_sample.csv", "csis")


@pytest.fixture(scope="module")
def ds(result, tmp_path_factory) -> loading.Dataset:
    return written(result, tmp_path_factory.mktemp("csis") / "out")


def test_counts_are_source_rows(result):
    assert result.summary == "read 18, imported 14, rejected 4"
    assert [row for row, _ in result.rejections] == [13, 14, 15, 17]
    assert result.rejections[0][1] == (
        "type 'Cyber Provocation' is not one of CSIS's types (Missile Provocation, Nuclear Provocation, "
        "Other Provocation)"
    )
    assert result.rejections[-1][1] == "has 3 fields, expected 5 as in the header"


def test_the_header_says_csis():
    assert importers.detect_format(["date", "type", "event", "description", "resources"]) == "csis"
    assert load("csis_sample.csv").source_format == "csis"


@pytest.mark.parametrize(
    "csis_type, event_name, ours",
    [
        ("Missile Provocation", "Short-range Ballistic Missile Launch", "missile_launch"),
        ("Missile Provocation", "Intercontinental Ballistic Missile", "missile_launch"),
        ("Missile Provocation", "Submarine Launched Ballistic Missile Launch", "missile_launch"),
        ("Missile Provocation", "Anti-aircraft Missile Launch", "missile_launch"),
        ("Missile Provocation", "Satellite Launch", "satellite_launch"),
        ("Missile Provocation", "Strategic cruise missile", "cruise_missile_test"),
        ("Missile Provocation", "Anti-Ship Cruise Missile Launch", "cruise_missile_test"),
        ("Missile Provocation", "Artillery Fire", "artillery_fire"),
        ("Nuclear Provocation", "Nuclear Test", "nuclear_test"),
        ("Nuclear Provocation", "Nuclear Facility Restart", "other_provocation"),
        ("Other Provocation", "Rocket Engine Test", "engine_test"),
        ("Other Provocation", "DMZ Exchange of Fire", "other_provocation"),
        ("other provocation", "Seizure of USS Pueblo", "other_provocation"),
    ],
)
def test_event_types(csis_type, event_name, ours):
    assert csis.event_type(csis_type, event_name) == ours


@pytest.mark.parametrize(
    "csis_type, event_name, why",
    [
        ("Missile Provocation", "Tactical Guided Weapon", "names no kind of launch this importer knows"),
        ("Cyber Provocation", "Hacking", "is not one of CSIS's types"),
        ("", "Nuclear Test", "is not one of CSIS's types"),
    ],
)
def test_a_row_no_type_fits_is_refused_not_forced(csis_type, event_name, why):
    with pytest.raises(common.RowError, match=why):
        csis.event_type(csis_type, event_name)


# description -> (attribute, value as written, normalised, unit) of each figure it states
FIGURES = [
    ("The missile flew approximately 700 kilometers (435 miles) before landing.", [("range", "700 kilometers", 700.0)]),
    ("The missile flew 37 miles into the sea.", [("range", "37 miles", 59.5)]),
    (
        "One traveled 800 kilometers (497 miles) at a maximum altitude of 100 kilometers (62 miles).",
        [("range", "800 kilometers", 800.0), ("apogee", "100 kilometers", 100.0)],
    ),
    ("North Korea launched two short-range ballistic missiles.", [("count", "two", 2.0)]),
    ("North Korea fired over 10 artillery rockets into the Yellow Sea.", [("count", "10", 10.0)]),
    # the upper end of a span is not the figure: "37 to 62 miles" is not 62 miles
    ("Missiles reportedly flew 37 to 62 miles (60 to 100 kilometers) west.", []),
    ("They flew 110 to 670 km with apogees between 25 and 90 km.", []),
    # no word says what the figure measures, or what is counted was not fired
    ("The launch site is 300 km from Seoul.", []),
    ("North Korea floated some 100 trash-filled balloons. Some 20 soldiers crossed.", []),
    ("The test marks the 32nd launch this year.", []),
    ("Mass production followed (approx. 100 missiles/year).", []),  # a rate, not a count
    ("It began making 100 missiles per year.", []),
    ("", []),
]


@pytest.mark.parametrize("description, expected", FIGURES)
def test_figures_only_where_stated(description, expected):
    found = csis.figures(description)
    got = [(p.attribute, p.value, round(p.normalized_value, 1)) for p in found]
    assert got == expected
    for p in found:
        assert p.value in description[p.span_start : p.span_end]


def test_every_span_points_at_its_words(result, ds):
    table = common.read_table((FIXTURES / "csis_sample.csv").read_bytes(), "csis_sample.csv")
    text, _ = csis.row_texts(table)
    doc = ds.documents.iloc[0]
    assert (doc.char_length, doc.sha256) == (len(text), hashlib.sha256(text.encode()).hexdigest())
    figures = ds.claims[ds.claims.attribute.isin(["range", "apogee", "count"])]
    assert len(figures) == 10
    for claim in figures.itertuples():
        quoted = text[int(claim.span_start) : int(claim.span_end)]
        assert f"{quoted} (as the description states it)" in claim.claim
        assert str(claim.value) in quoted


@pytest.mark.parametrize(
    "event_id, attribute, value, unit, qualifier, norm",
    [
        ("csis-row-1", "range", "700", "km", "approximately", 700.0),
        ("csis-row-2", "range", "37", "mi", "", 59.546),
        ("csis-row-3", "count", "two", "missiles", "", 2.0),
        ("csis-row-3", "apogee", "100", "km", "", 100.0),
        ("csis-row-8", "range", "1,500", "km", "", 1500.0),
        ("csis-row-11", "count", "10", "rockets", "over", 10.0),
        ("csis-row-16", "range", "1,000", "km", "about", 1000.0),  # in a description of two lines
        ("csis-row-1", "missile_class", "SRBM", "", "", None),
        ("csis-row-8", "missile_class", "cruise", "", "", None),
        ("csis-row-6", "missile_class", "SLV", "", "", None),
    ],
)
def test_claim_values(ds, event_id, attribute, value, unit, qualifier, norm):
    rows = claims_of(ds, event_id, attribute)
    assert len(rows) == 1
    row = rows.iloc[0]
    got = None if row.normalized_value != row.normalized_value else round(row.normalized_value, 3)
    assert (row.value, row.unit, row.qualifier, got) == (value, unit, qualifier, norm)


@pytest.mark.parametrize(
    "event_id, event_type, absent",
    [
        ("csis-row-4", "missile_launch", ["range", "missile_class"]),  # a span of figures; type unknown
        ("csis-row-5", "nuclear_test", ["missile_type", "range", "count"]),
        ("csis-row-10", "other_provocation", ["count", "missile_type"]),  # balloons are not fired
        ("csis-row-12", "other_provocation", ["range", "count"]),  # blank description
    ],
)
def test_nothing_is_guessed(ds, event_id, event_type, absent):
    assert event(ds, event_id).event_type == event_type
    assert set(claims_of(ds, event_id).attribute) & set(absent) == set()


def test_the_list_is_the_source_citing_its_resources(ds):
    claims = ds.claims
    assert set(claims.originator) == {"CSIS list of North Korean provocations"}
    assert set(claims.originator_kind) == {"database"}
    first = claims_of(ds, "csis-row-1", "occurred").iloc[0].claim
    assert first.endswith("(CSIS cites: Fixture Herald 6 Nov 2025; Fixture Daily 7 Nov 2025).")
    assert claims_of(ds, "csis-row-6", "occurred").iloc[0].claim.endswith("(CSIS cites no source).")
    assert set(ds.places.place_id) == set() and set(ds.events.place_id) == {""}


def test_a_blank_description_spans_the_event_name(result, ds):
    table = common.read_table((FIXTURES / "csis_sample.csv").read_bytes(), "csis_sample.csv")
    text, _ = csis.row_texts(table)
    occurred = claims_of(ds, "csis-row-12", "occurred").iloc[0]
    assert text[int(occurred.span_start) : int(occurred.span_end)] == "Seizure of USS Pueblo"
    assert "Kwangmyŏngsŏng-4" in event(ds, "csis-row-6").description


def test_cli_csis(tmp_path):
    done = cli("import", "--from", "csis", str(FIXTURES / "csis_sample.csv"), "-o", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    first = done.stdout.splitlines()[0]
    assert first == "csis_sample.csv (CSIS list of North Korean provocations): read 18, imported 14, rejected 4"


@pytest.mark.parametrize(
    "event_id, date, precision",
    [
        ("csis-row-18", "1991-07-01", "month"),  # "the exact day of the launch is unknown": CSIS wrote the 1st
        ("csis-row-19", "1985-06-07", "day"),
        ("csis-row-1", "2025-11-06", "day"),
    ],
)
def test_date_precision_as_the_description_says(ds, event_id, date, precision):
    row = event(ds, event_id)
    assert (str(row.date.date()), row.date_precision) == (date, precision)
    claim = claims_of(ds, event_id, "date").iloc[0]
    assert (claim.resolved_date == claim.resolved_date) == (precision == "day")  # a day only for a day


def test_the_import_writes_the_text_its_spans_point_into(tmp_path):
    out = tmp_path / "out"
    result, ds = importers.import_to_folder("csis", FIXTURES / "csis_sample.csv", out)
    doc = ds.documents.iloc[0]
    text = loading.report_text(ds.documents, doc.document_id, out)
    assert text is not None and len(text) == doc.char_length
    claim = claims_of(ds, "csis-row-18", "range").iloc[0]
    assert text[int(claim.span_start) : int(claim.span_end)] == "about 500 km"
    assert loading.validate(out)[1] == []
