"""The importers, on fixtures written for them: exact counts and rejections, how dates, places and
distances are mapped, encodings, recognising a file by its header, and that every result passes the
dataset loader, in memory and through `python -m launchwatch import`."""

from __future__ import annotations

import io
import math
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from launchwatch import attributes, exports, importers, loading, schema
from launchwatch.importers import acled, common

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "imports"


def raw(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def load(name: str, fmt: str | None = None) -> importers.ImportResult:
    return importers.load_file(raw(name), name, fmt)


def written(result: importers.ImportResult, folder: Path) -> loading.Dataset:
    """Write the result as a dataset folder and load it back through the validating loader."""
    folder.mkdir()
    common.write_tables(folder, result.tables)
    dataset, problems = loading.validate(folder)
    assert problems == []
    return dataset


def event(ds: loading.Dataset, event_id: str) -> pd.Series:
    rows = ds.events[ds.events.event_id == event_id]
    assert len(rows) == 1, event_id
    return rows.iloc[0]


def claims_of(ds: loading.Dataset, event_id: str, attribute: str | None = None) -> pd.DataFrame:
    c = ds.claims[ds.claims.event_id == event_id]
    return c if attribute is None else c[c.attribute == attribute]


def place_of(ds: loading.Dataset, event_id: str) -> pd.Series:
    pid = event(ds, event_id).place_id
    return ds.places[ds.places.place_id == pid].iloc[0]


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "launchwatch", *args], cwd=REPO, capture_output=True, text=True, timeout=300
    )


# ---------------------------------------------------------------- CNS


@pytest.fixture(scope="module")
def cns():
    return load("cns_utf8.csv", "cns")


def test_cns_counts_and_rejections(cns):
    assert (cns.read, cns.imported, cns.rejected) == (12, 9, 3)
    assert cns.read == cns.imported + cns.rejected
    assert cns.rejections == [
        (7, "Date '31-Feb-20' is not a calendar date"),
        (8, "Facility Latitude 95 is outside -90..90"),
        (12, "Date is empty"),
    ]
    assert cns.warnings == [
        (11, "only one of Facility Latitude and Facility Longitude is given: the launch is imported without a place")
    ]
    assert cns.notes == []  # UTF-8: nothing to say about the encoding
    assert cns.summary == "read 12, imported 9, rejected 3"


def test_cns_output_validates(cns, tmp_path):
    ds = written(cns, tmp_path / "out")
    assert len(ds.events) == 9 and len(ds.places) == 4 and len(ds.documents) == 1
    assert len(ds.claims) == len(cns.dataset.claims)
    assert set(ds.events.event_type) == {"missile_launch"}


def test_cns_dates_two_digit_years_and_month_only(cns):
    ds = cns.dataset
    expected = {
        "cns-1": ("1984-04-09", "day"),
        "cns-2": ("1984-09-01", "month"),
        "cns-3": ("2025-10-23", "day"),
        "cns-6": ("2025-11-07", "day"),
        "cns-9": ("1998-08-01", "month"),
        "cns-10": ("2006-07-05", "day"),
    }
    for event_id, (date, precision) in expected.items():
        e = event(ds, event_id)
        assert (str(e.date.date()), e.date_precision) == (date, precision), event_id
    assert "two-digit year read as 1984" in event(ds, "cns-1").date_basis
    assert "only the month is given" in event(ds, "cns-2").date_basis
    month_claim = claims_of(ds, "cns-2", "date").iloc[0]
    assert month_claim.value == "Sep-84" and pd.isna(month_claim.resolved_date)
    day_claim = claims_of(ds, "cns-1", "date").iloc[0]
    assert str(day_claim.resolved_date.date()) == "1984-04-09"


def test_two_digit_year_pivot():
    assert common.parse_date("Sep-49", "Date", month_only=True).date.year == 2049
    assert common.parse_date("Sep-50", "Date", month_only=True).date.year == 1950
    assert common.parse_date("1984-09", "Date", month_only=True).precision == "month"
    with pytest.raises(common.RowError, match="4/9/84"):
        common.parse_date("4/9/84", "Date", month_only=True)  # day or month first cannot be told
    with pytest.raises(common.RowError):
        common.parse_date("Sep-84", "event_date")  # month-only is not allowed there


def test_cns_salvo_is_one_event_per_missile(cns):
    ds = cns.dataset
    # Fired at 23:10 UTC on 22 October: 08:10 on 23 October in Pyongyang, the event's local date.
    salvo = ds.events[ds.events.date == pd.Timestamp("2025-10-23")]
    assert sorted(salvo.event_id) == ["cns-3", "cns-4", "cns-5"]
    assert "08:10 on 23 Oct 2025 in Pyongyang" in event(ds, "cns-3").date_basis
    assert salvo.place_id.nunique() == 1
    assert all("One of 3 missiles the file lists for 22-Oct-25." in d for d in salvo.description)
    assert "One of" not in event(ds, "cns-1").description


def test_cns_distances(cns):
    ds = cns.dataset
    about = claims_of(ds, "cns-10", "range").iloc[0]
    assert (about.value, about.unit, about.qualifier, about.normalized_value, about.normalized_unit) == (
        "450",
        "km",
        "about",
        450.0,
        "km",
    )
    thousand = claims_of(ds, "cns-9", "range")
    assert len(thousand) == 1  # one claim by the database, whatever it cites
    t = thousand.iloc[0]
    assert (t.value, t.unit, t.qualifier, t.normalized_value) == ("1,000", "km", "", 1000.0)
    span = claims_of(ds, "cns-11", "range").iloc[0]
    assert (span.value, span.unit, span.normalized_unit) == ("450-500 km", "", "")
    assert math.isnan(span.normalized_value)
    apogee = claims_of(ds, "cns-6", "apogee").iloc[0]
    assert (apogee.value, apogee.unit, apogee.qualifier, apogee.normalized_value) == ("100", "km", "about", 100.0)


def test_measure_parsing():
    m = common.parse_measure("about 435 miles", "Distance Travelled")
    assert (m.value, m.unit, m.qualifier, round(m.normalized, 1)) == ("435", "mi", "about", 700.1)
    assert common.parse_measure("Unknown", "Apogee") is None
    assert common.parse_measure("over 1,000 km", "Apogee").qualifier == "over"
    assert common.parse_measure("450", "Apogee").normalized is None  # no unit given: not normalised
    with pytest.raises(common.RowError, match="more than any flight can cover"):
        common.parse_measure("25,000 km", "Distance Travelled")


def test_cns_unknown_is_never_filled_in(cns):
    ds = cns.dataset
    bare = event(ds, "cns-2")
    assert bare.place_id == ""
    assert set(claims_of(ds, "cns-2").attribute) == {"occurred", "date", "missile_type", "missile_class"}
    assert set(claims_of(ds, "cns-2").originator) == {"CNS North Korea Missile Test Database"}
    assert set(claims_of(ds, "cns-2").originator_kind) == {"database"}
    assert claims_of(ds, "cns-2").claim.str.endswith("(CNS cites no source).").all()
    # cns-5 gives neither distance nor outcome: no claim about them at all.
    assert claims_of(ds, "cns-5", "range").empty
    assert claims_of(ds, "cns-5", "outcome").empty
    assert event(ds, "cns-11").place_id == ""  # half a coordinate places nothing
    for table in (ds.claims, ds.events, ds.places):
        for column in table.columns:
            if table[column].dtype == object or pd.api.types.is_string_dtype(table[column]):
                assert not table[column].astype(str).str.contains(r"\bUnknown\b").any(), column


def test_cns_places_and_document(cns):
    ds = cns.dataset
    tonghae = place_of(ds, "cns-1")
    assert event(ds, "cns-9").place_id == tonghae.place_id
    assert tonghae["name"] == "Tonghae Satellite Launching Ground, Hwadae County, North Hamgyong Province"
    assert tonghae.aliases == "Musudan-ri"
    assert (tonghae.latitude, tonghae.longitude) == (40.85, 129.666)
    assert (tonghae.kind, tonghae.geo_precision, tonghae.uncertainty_km) == ("site", "site", 1.0)
    assert "cns_utf8.csv" in tonghae.coord_source
    assert place_of(ds, "cns-6")["name"] == "Taegwan County, North Pyongan Province"
    doc = ds.documents.iloc[0]
    assert doc.document_id == "cns-" + common.file_digest(raw("cns_utf8.csv"))[:12]
    assert doc.sha256 == common.EMPTY_SHA256
    assert doc.char_length == 12
    assert "row" in doc.reference_date_basis
    c = claims_of(ds, "cns-10").iloc[0]
    assert (c.span_start, c.span_end) == (9, 10)  # data row 10


def test_cns_row_is_one_source_citing_documents(cns):
    claims = cns.dataset.claims
    # The database is the originator; the row's citations are the references of each of its claims.
    assert set(zip(claims.originator, claims.originator_kind, strict=True)) == {
        ("CNS North Korea Missile Test Database", "database")
    }
    occurred = claims_of(cns.dataset, "cns-3", "occurred").claim.iloc[0]
    assert "CNS cites: ROK Joint Chiefs of Staff; Yonhap News Agency" in occurred
    assert claims.groupby(["event_id", "attribute"]).size().max() == 1


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("A; B", ["A", "B"]),
        ("A\nB\r\nC", ["A", "B", "C"]),
        ("A;\n\nA; Unknown", ["A"]),
        ("", []),
    ],
)
def test_citations_split_on_semicolons_and_line_breaks(cell, expected):
    assert common.split_sources(cell) == expected


@pytest.mark.parametrize(
    "citation, kind",
    [
        ("ROK Joint Chiefs of Staff", "military"),
        ("Japan Ministry of Defense, press release", "military"),
        ("Ministry of National Defense (ROK)", "military"),
        ("Yonhap News Agency", "media"),
        # A headline that mentions the military does not make the newspaper a military source.
        ('Associated Press, "North Korea fires missile, military says"', "media"),
        ("Ministry of Foreign Affairs of Japan", "government"),
    ],
)
def test_originator_kinds_of_citations(citation, kind):
    assert common.originator_kind(citation) == kind


@pytest.mark.parametrize(
    "text, term",
    [
        ("Success", "success"),
        ("Fail", "failure"),
        ("Failure", "failure"),
        ("partial failure", "failure"),
        ("Unknown", "unknown"),
        ("", "unknown"),
        ("exploded shortly after launch", "unknown"),
    ],
)
def test_outcome_wording_is_normalised(text, term):
    assert attributes.outcome(text) == term


@pytest.mark.parametrize(
    "texts, term",
    [
        (("SRBM", "Scud-B"), "SRBM"),
        (("ICBM", "Hwasong-15"), "ICBM"),
        (("", "Hwasong-12"), "IRBM"),
        (("SLBM", "Pukguksong-1"), "SLBM"),
        (("Satellite Launch Vehicle", "Unha-3"), "SLV"),
        (("Cruise missile", ""), "cruise"),
        (("", "Nodong"), "MRBM"),
        (("", "some new missile"), "unknown"),
    ],
)
def test_missile_class_from_type_and_name(texts, term):
    assert attributes.missile_class(*texts) == term


def test_cns_latin1_keeps_accented_text(tmp_path):
    result = load("cns_latin1.csv", "cns")
    assert (result.read, result.imported, result.rejected) == (3, 2, 1)
    assert result.rejections == [
        (3, "Date 'Déc-17' is not a date in a form this importer reads (such as 9-Apr-84, Sep-84 or 1984-04-09)")
    ]
    assert len(result.notes) == 1 and "Latin-1" in result.notes[0] and "not UTF-8" in result.notes[0]
    ds = written(result, tmp_path / "out")
    cited = " ".join(ds.claims.claim)
    assert "Süddeutsche Zeitung, 7. März 2017" in cited
    assert "Le Monde, « La Corée du Nord tire quatre missiles », 7 mars 2017" in cited
    assert set(claims_of(ds, "cns-1", "landing_area").value) == {"Mer du Japon (zone économique exclusive japonaise)"}
    assert "données très incertaines" in event(ds, "cns-1").description


def test_latin1_and_utf8_copies_import_alike():
    latin1 = raw("cns_latin1.csv")
    as_utf8 = importers.load_file(latin1.decode("latin-1").encode("utf-8"), "same.csv", "cns")
    as_latin1 = importers.load_file(latin1, "same.csv", "cns")
    assert as_utf8.notes == []
    left = as_utf8.dataset.claims.drop(columns="document_id")
    right = as_latin1.dataset.claims.drop(columns="document_id")
    pd.testing.assert_frame_equal(left, right)


def test_windows_1252_punctuation_and_utf8_bom():
    text = (
        raw("cns_utf8.csv")
        .decode("utf-8")
        .replace("Fired ahead of the APEC summit.", "Fired \u201cahead\u201d of the summit \u2013 Séoul.")
    )
    result = importers.load_file(text.encode("cp1252"), "cp.csv", "cns")
    assert "Windows-1252" in result.notes[0]
    assert "Fired \u201cahead\u201d of the summit \u2013 Séoul." in event(result.dataset, "cns-3").description
    bom = importers.load_file(b"\xef\xbb\xbf" + raw("cns_utf8.csv"), "bom.csv")
    assert bom.source_format == "cns" and bom.notes == [] and bom.imported == 9


def test_ragged_row_is_rejected_with_its_number():
    text = raw("cns_utf8.csv").decode("utf-8").rstrip("\n") + "\n13,5-Jul-06,oops\n"
    result = importers.load_file(text.encode(), "ragged.csv", "cns")
    assert (result.read, result.imported, result.rejected) == (13, 9, 4)
    assert result.rejections[-1] == (13, "has 3 fields, expected 19 as in the header")


# ---------------------------------------------------------------- ACLED


@pytest.fixture(scope="module")
def acled_result():
    return load("acled_sample.csv", "acled")


def test_acled_counts_and_rejections(acled_result, tmp_path):
    r = acled_result
    assert (r.read, r.imported, r.rejected) == (7, 4, 3)
    assert r.rejections == [
        (4, "event_date '32 November 2025' is not a calendar date"),
        (5, "ACLED event type 'Protests / Peaceful protest' has no counterpart among Launchwatch's event types"),
        (6, "time_precision is empty; expected one of 1, 2, 3"),
    ]
    ds = written(r, tmp_path / "out")
    assert sorted(ds.events.event_id) == ["acled-prk101", "acled-prk102", "acled-prk103", "acled-prk106"]


def test_acled_time_precision(acled_result):
    ds = acled_result.dataset
    day, week, month = (event(ds, i) for i in ("acled-prk101", "acled-prk102", "acled-prk103"))
    assert (str(day.date.date()), day.date_precision) == ("2025-11-07", "day")
    # ACLED's 2025-11-05 is a Wednesday: the week is shown from its Monday, the original date noted.
    assert (str(week.date.date()), week.date_precision) == ("2025-11-03", "week")
    assert "ACLED's own date is 2025-11-05" in week.date_basis
    assert (str(month.date.date()), month.date_precision) == ("2025-10-01", "month")
    assert "ACLED's own date is 2025-10-15" in month.date_basis
    resolved = {e: claims_of(ds, e, "date").resolved_date.iloc[0] for e in ("acled-prk101", "acled-prk102")}
    assert str(resolved["acled-prk101"].date()) == "2025-11-07"
    assert pd.isna(resolved["acled-prk102"])  # a week is not a calendar day


def test_acled_geo_precision(acled_result):
    ds = acled_result.dataset
    got = {
        e: tuple(place_of(ds, e)[["geo_precision", "kind", "uncertainty_km"]])
        for e in ("acled-prk101", "acled-prk102", "acled-prk103")
    }
    assert got == {
        "acled-prk101": ("county", "county", 20.0),
        "acled-prk102": ("province", "region", 100.0),
        "acled-prk103": ("city", "city", 15.0),
    }
    assert place_of(ds, "acled-prk101")["name"] == "Taegwan, North Pyongan"
    assert (place_of(ds, "acled-prk101").latitude, place_of(ds, "acled-prk101").longitude) == (40.2167, 125.2)


def test_acled_event_types_and_sources(acled_result):
    ds = acled_result.dataset
    types = dict(zip(ds.events.event_id, ds.events.event_type, strict=True))
    assert types == {
        "acled-prk101": "missile_launch",
        "acled-prk102": "artillery_fire",
        "acled-prk103": "diplomacy",
        "acled-prk106": "missile_launch",
    }
    c = claims_of(ds, "acled-prk101")
    assert len(c) == 9  # three sources, three claims each
    assert list(dict.fromkeys(c.originator)) == ["Yonhap", "Korea Herald", "Joint Chiefs of Staff of South Korea"]
    assert dict(zip(c.originator, c.originator_kind, strict=True))["Joint Chiefs of Staff of South Korea"] == "military"
    assert dict(zip(c.originator, c.originator_kind, strict=True))["Yonhap"] == "media"
    assert set(claims_of(ds, "acled-prk106").originator_kind) == {"report_itself"}  # no source named


def test_acled_type_mapping_refuses_to_guess():
    shelling = ("Explosions/Remote violence", "Shelling/artillery/missile attack")
    assert acled.event_type(*shelling, "fired a ballistic missile") == "missile_launch"
    assert acled.event_type(*shelling, "fired artillery shells") == "artillery_fire"
    with pytest.raises(common.RowError, match="both missiles and artillery"):
        acled.event_type(*shelling, "fired missiles and artillery")
    with pytest.raises(common.RowError, match="neither"):
        acled.event_type(*shelling, "an attack was reported")
    with pytest.raises(common.RowError, match="only when its notes describe a missile launch"):
        acled.event_type("Strategic developments", "Other", "a new missile unit was formed")
    with pytest.raises(common.RowError, match="no counterpart"):
        acled.event_type("Battles", "Armed clash", "missile")


# ---------------------------------------------------------------- our own flat table

NATIVE_REJECTIONS = [
    (9, f"originator_kind 'pundit' is not one of: {', '.join(schema.ORIGINATOR_KINDS)}"),
    (
        10,
        "event 'launch-2025-11-07' has event_date '2025-11-08' here but '2025-11-07' in row 1: "
        "an event's columns must agree",
    ),
    (11, "latitude 95 is outside -90..90"),
    (12, "claim_id 'C000-01' is already used by row 1"),
    (
        14,
        "refused by the dataset check: events.csv column 'date': 2025-10-29: "
        "a week-precision date must be the Monday that starts the week",
    ),
    (
        15,
        "refused by the dataset check: claims.csv column 'normalized_value': "
        "500.0 km does not match 435 mi (expected 700.1 km)",
    ),
]


def test_native_csv(tmp_path):
    r = load("launchwatch_flat.csv", "launchwatch")
    assert (r.read, r.imported, r.rejected) == (15, 9, 6)
    assert r.rejections == NATIVE_REJECTIONS
    ds = written(r, tmp_path / "out")
    assert (len(ds.documents), len(ds.events), len(ds.places), len(ds.claims)) == (4, 4, 3, 9)
    # The exporter's apostrophe before a formula-like cell is taken off again.
    assert ds.claims.set_index("claim_id").claim["C000-06"] == "-- fired toward the East Sea."
    places = ds.places.set_index("name")
    assert tuple(
        places.loc["North Korea's western waters (Yellow Sea)", ["kind", "geo_precision", "uncertainty_km"]]
    ) == ("sea_area", "sea_area", 300.0)
    assert tuple(places.loc["South Korea", ["kind", "uncertainty_km"]]) == ("country", 300.0)
    assert set(ds.places.coord_source) == {"imported from launchwatch_flat.csv"}
    assert event(ds, "trump-talks-announcement-2025-08").place_id == ""
    doc = ds.documents.set_index("document_id").loc["000_b1a128df4d4dce34"]
    assert doc.sha256 == common.EMPTY_SHA256 and doc.file_name == "000_b1a128df4d4dce34.txt"
    assert doc.label == "000_b1a128df4d4dce34" and doc.outlet == "unknown" and doc.published == "unknown"
    assert doc.char_length == 517  # the largest span_end among its claims
    assert str(ds.documents.set_index("document_id").reference_date["001_1a0ad8e3a2be4f80"].date()) == "2025-08-01"
    assert not ds.events.key_event.any()


@pytest.mark.parametrize("typed", [False, True], ids=["text-columns", "typed-columns"])
def test_native_parquet_matches_csv(typed):
    csv_bytes = raw("launchwatch_flat.csv")
    frame = (
        pd.read_csv(io.BytesIO(csv_bytes))
        if typed
        else pd.read_csv(io.BytesIO(csv_bytes), dtype=str, keep_default_na=False)
    )
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    from_parquet = importers.load_file(buffer.getvalue(), "launchwatch_flat.parquet")
    from_csv = load("launchwatch_flat.csv")
    assert from_parquet.source_format == "launchwatch"
    assert (from_parquet.read, from_parquet.imported, from_parquet.rejected) == (15, 9, 6)
    assert [row for row, _ in from_parquet.rejections] == [row for row, _ in NATIVE_REJECTIONS]
    pd.testing.assert_frame_equal(from_parquet.dataset.claims, from_csv.dataset.claims)
    pd.testing.assert_frame_equal(
        from_parquet.dataset.events.drop(columns="date_basis"), from_csv.dataset.events.drop(columns="date_basis")
    )


def test_native_round_trip_of_the_bundled_dataset():
    original = loading.load(loading.BUNDLED_DATA)
    exported = exports.to_csv_bytes(exports.flat_claims(original))
    r = importers.load_file(exported, "export.csv")
    assert (r.read, r.imported, r.rejected) == (len(original.claims), len(original.claims), 0)
    columns = [c for c in original.claims.columns]
    pd.testing.assert_frame_equal(
        r.dataset.claims[columns].sort_values("claim_id").reset_index(drop=True),
        original.claims[columns].sort_values("claim_id").reset_index(drop=True),
    )
    back = r.dataset.events.set_index("event_id")
    for e in original.events.itertuples():
        assert back.loc[e.event_id, "date"] == e.date and back.loc[e.event_id, "event_type"] == e.event_type


# ---------------------------------------------------------------- recognising files


def _header(name: str) -> list[str]:
    return raw(name).decode("latin-1").splitlines()[0].split(",")


def test_detect_format():
    assert importers.detect_format(_header("cns_utf8.csv")) == "cns"
    assert importers.detect_format(_header("acled_sample.csv")) == "acled"
    assert importers.detect_format(exports.EXPORT_COLUMNS) == "launchwatch"
    assert (
        importers.detect_format(
            [
                " \ufeffdate",
                "MISSILE NAME",
                "Missile  Type",
                "facility name",
                "Facility Latitude",
                "Facility Longitude",
                "Source(s)",
            ]
        )
        == "cns"
    )
    assert importers.detect_format(["a", "b", "c"]) is None
    assert importers.detect_format([]) is None
    assert load("acled_sample.csv").source_format == "acled"


@pytest.mark.parametrize(
    "data, expected",
    [
        (b"", "is empty"),
        (b" \n\n  \n", "is empty"),
        (b"\x00\x01\x02binary\x00junk" * 40, "binary data"),
        (bytes(range(1, 32)) * 40, "binary data"),
        (b"PK\x03\x04" + b"\x00" * 40, "spreadsheet workbook"),
        (b"PAR1 but not really parquet", "cannot be read"),
        (b"name,colour\nwidget,blue\n", "matches none of the formats"),
    ],
)
def test_unrecognisable_input_names_the_file(data, expected):
    with pytest.raises(importers.UnrecognisedFile) as info:
        importers.load_file(data, "upload.csv")
    assert str(info.value).startswith("upload.csv: ") and expected in str(info.value)


def test_format_mismatch_says_what_was_expected():
    with pytest.raises(importers.UnrecognisedFile) as info:
        importers.load_file(raw("cns_utf8.csv"), "cns_utf8.csv", "acled")
    message = str(info.value)
    assert message.startswith("cns_utf8.csv: is not in the 'acled' format")
    assert "lacks event_id_cnty" in message and "expected the columns event_id_cnty, event_date" in message


def test_uploaded_name_is_only_text():
    r = importers.load_file(raw("cns_utf8.csv"), "../../etc/../secret/dir\\evil\nname.csv")
    assert r.file_label == "evilname.csv"
    assert all("evilname.csv" in s and ".." not in s for s in r.dataset.places.coord_source)


def test_header_only_imports_nothing():
    r = importers.load_file(raw("cns_utf8.csv").splitlines(keepends=True)[0], "header.csv")
    assert (r.read, r.imported, r.rejected, r.dataset) == (0, 0, 0, None)


# ---------------------------------------------------------------- the command line


def test_cli_cns(tmp_path):
    out = tmp_path / "cns"
    done = cli("import", "--from", "cns", str(FIXTURES / "cns_utf8.csv"), "-o", str(out))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "cns_utf8.csv (CNS North Korea Missile Test Database export): read 12, imported 9, rejected 3"
    assert lines[1] == "  rejected row 7: Date '31-Feb-20' is not a calendar date"
    assert lines[2] == "  rejected row 8: Facility Latitude 95 is outside -90..90"
    assert lines[3] == "  rejected row 12: Date is empty"
    assert sorted(p.name for p in out.iterdir()) == ["claims.csv", "documents.csv", "events.csv", "places.csv"]
    check = cli("validate", str(out))
    assert check.returncode == 0, check.stdout
    assert "valid (1 documents, 9 events" in check.stdout


def test_cli_latin1_says_so(tmp_path):
    done = cli("import", "--from", "cns", str(FIXTURES / "cns_latin1.csv"), "-o", str(tmp_path / "l1"))
    assert done.returncode == 0, done.stderr
    assert "read 3, imported 2, rejected 1" in done.stdout and "read as Latin-1" in done.stdout
    places = (tmp_path / "l1" / "claims.csv").read_text(encoding="utf-8")
    assert "Süddeutsche Zeitung" in places and "économique" in places


def test_cli_acled_and_parquet(tmp_path):
    done = cli("import", "--from", "acled", str(FIXTURES / "acled_sample.csv"), "-o", str(tmp_path / "a"))
    assert done.returncode == 0, done.stderr
    assert "read 7, imported 4, rejected 3" in done.stdout
    assert cli("validate", str(tmp_path / "a")).returncode == 0
    parquet = tmp_path / "flat.parquet"
    pd.read_csv(FIXTURES / "launchwatch_flat.csv", dtype=str, keep_default_na=False).to_parquet(parquet, index=False)
    done = cli("import", "--from", "launchwatch", str(parquet), "-o", str(tmp_path / "n"))
    assert done.returncode == 0, done.stderr
    assert "flat.parquet (Launchwatch flat claims table): read 15, imported 9, rejected 6" in done.stdout
    assert cli("validate", str(tmp_path / "n")).returncode == 0


def test_cli_nothing_importable_exits_1(tmp_path):
    bad = tmp_path / "all_bad.csv"
    lines = raw("cns_utf8.csv").decode().splitlines()
    bad.write_text("\n".join([lines[0], lines[7], lines[8]]) + "\n", encoding="utf-8")
    out = tmp_path / "never"
    done = cli("import", "--from", "cns", str(bad), "-o", str(out))
    assert done.returncode == 1
    assert "read 2, imported 0, rejected 2" in done.stdout
    assert "nothing imported" in done.stderr and not out.exists()


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"", "is empty"),
        (b"\x00\xff\x00\xfe" * 100, "binary data"),
        (b"name,colour\nwidget,blue\n", "lacks Date"),
    ],
)
def test_cli_unrecognisable_exits_nonzero(tmp_path, content, expected):
    path = tmp_path / "mystery.csv"
    path.write_bytes(content)
    done = cli("import", "--from", "cns", str(path), "-o", str(tmp_path / "out"))
    assert done.returncode == 1
    assert "mystery.csv" in done.stderr and expected in done.stderr
    assert not (tmp_path / "out").exists()


def test_cli_missing_file(tmp_path):
    done = cli("import", "--from", "acled", str(tmp_path / "absent.csv"), "-o", str(tmp_path / "out"))
    assert done.returncode == 1 and "absent.csv" in done.stderr


@pytest.mark.parametrize(
    "name, fmt",
    [
        ("cns_utf8.csv", "cns"),
        ("cns_latin1.csv", "cns"),
        ("acled_sample.csv", "acled"),
        ("launchwatch_flat.csv", "launchwatch"),
    ],
)
def test_read_is_imported_plus_rejected(name, fmt):
    r = load(name, fmt)
    assert r.read == r.imported + r.rejected
    assert r.rejected == len(r.rejections)
    if fmt != "launchwatch":  # there, each imported row is one span: (row - 1, row)
        assert r.imported == r.dataset.claims.span_end.nunique()


def test_semicolon_csv_and_utf16():
    frame = pd.read_csv(FIXTURES / "acled_sample.csv", dtype=str, keep_default_na=False)
    semicolons = frame.to_csv(index=False, sep=";").encode("utf-8")
    r = importers.load_file(semicolons, "excel-eu.csv")
    assert (r.source_format, r.read, r.imported, r.rejected) == ("acled", 7, 4, 3)
    utf16 = raw("cns_latin1.csv").decode("latin-1").encode("utf-16")
    r = importers.load_file(utf16, "unicode.csv")
    assert (r.source_format, r.imported) == ("cns", 2) and "UTF-16" in r.notes[0]
    assert "Süddeutsche Zeitung, 7. März 2017" in " ".join(r.dataset.claims.claim)


def test_import_to_folder_says_why_in_its_error_and_prints_nothing(tmp_path, capsys):
    with pytest.raises(importers.ImportFailed, match="every row was rejected") as failed:
        bad = tmp_path / "bad.csv"
        bad.write_text(raw("cns_utf8.csv").decode("utf-8").splitlines()[0] + "\nx,not a date" + "," * 17 + "\n")
        importers.import_to_folder("cns", bad, tmp_path / "out")
    assert failed.value.result.rejected == 1 and not (tmp_path / "out").exists()
    result, dataset = importers.import_to_folder("cns", FIXTURES / "cns_utf8.csv", tmp_path / "cns")
    assert len(dataset.events) == result.imported
    assert capsys.readouterr() == ("", "")  # the command line prints, the importers do not


@pytest.mark.parametrize(
    "table, values, refused",
    [
        (schema.PLACES, {"place_id": "p", "name": "n", "kind": "city"}, "missing ['coord_source', "),
        (schema.EVENTS, {"event_id": "e", "evnet_type": "missile_launch"}, "unknown columns ['evnet_type']"),
    ],
)
def test_a_row_builder_refuses_a_row_its_table_would_not_have(table, values, refused):
    with pytest.raises(TypeError, match=re.escape(refused)):
        common.table_row(table, **values)
