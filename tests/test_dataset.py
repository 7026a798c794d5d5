"""The bundled dataset: valid, complete, and every span supports its claim in the reports' text."""

import hashlib
import re

import pandas as pd
import pytest

from launchwatch import loading

NUMBER_WORDS = {
    1: "one",
    2: "two",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    7: "seven",
    8: "eight",
    9: "nine",
    10: "ten",
}


@pytest.fixture(scope="module")
def ds():
    return loading.load()


def test_bundled_data_is_valid():
    dataset, problems = loading.validate()
    assert problems == []
    assert len(dataset.documents) == 4


def test_every_event_has_a_claim_and_the_event_types_asked_for(ds):
    assert set(ds.events.event_id) == set(ds.claims.event_id)
    types = set(ds.events.event_type)
    assert {
        "missile_launch",
        "artillery_fire",
        "military_parade",
        "visit",
        "summit",
        "meeting",
        "statement",
        "sanctions",
        "diplomacy",
    } <= types


def test_relative_dates_resolved_against_the_report_date(ds):
    dates = dict(zip(ds.events.event_id, ds.events.date.dt.strftime("%Y-%m-%d"), strict=True))
    precision = dict(zip(ds.events.event_id, ds.events.date_precision, strict=True))
    assert dates["launch-2025-11-07"] == "2025-11-07" and precision["launch-2025-11-07"] == "day"
    assert dates["artillery-2025-11-03"] == "2025-11-03"  # "on Monday" in Friday 7 Nov reports
    assert dates["artillery-2025-11-01"] == "2025-11-01"  # "on Saturday"
    assert (dates["october-tests-2025-10"], precision["october-tests-2025-10"]) == ("2025-10-01", "month")
    assert (dates["trump-visit-2025-10"], precision["trump-visit-2025-10"]) == ("2025-10-27", "week")
    assert (dates["diplomacy-breakdown-2019"], precision["diplomacy-breakdown-2019"]) == ("2019-01-01", "year")


def test_range_claims_kept_separately_per_report(ds):
    r = ds.claims[(ds.claims.event_id == "launch-2025-11-07") & (ds.claims.attribute == "range")]
    by_doc = {
        d.split("_")[0]: (v, u, n, s)
        for d, v, u, n, s in zip(r.document_id, r.value, r.unit, r.normalized_value, r.stance, strict=True)
    }
    assert by_doc["000"][:2] == ("435", "mi") and by_doc["000"][2] == pytest.approx(700.1, abs=0.1)
    assert by_doc["002"][:2] == ("700", "km") and by_doc["003"][:2] == ("700", "km")
    # 001 says the officials gave no range: a claim that the value was not given, which draws no ring.
    assert by_doc["001"][0] == "" and pd.isna(by_doc["001"][2]) and by_doc["001"][3] == "not_given"
    assert {v[3] for k, v in by_doc.items() if k != "001"} == {"stated"}


def test_visit_conflict_is_recorded(ds):
    c = ds.claims[(ds.claims.event_id == "hegseth-visit-2025-11")]
    durations = {
        d.split("_")[0]: v for d, v, a in zip(c.document_id, c.value, c.attribute, strict=True) if a == "duration"
    }
    assert durations == {"000": "3", "001": "2"}
    starts = {
        d.split("_")[0]: x.strftime("%Y-%m-%d")
        for d, x, a in zip(c.document_id, c.resolved_date, c.attribute, strict=True)
        if a == "date"
    }
    assert starts == {"000": "2025-11-04", "001": "2025-11-03", "002": "2025-11-03"}


def test_taekwan_place(ds):
    p = ds.places.set_index("place_id").loc["taekwan"]
    assert p.latitude == pytest.approx(40.21, abs=0.05) and p.longitude == pytest.approx(125.20, abs=0.05)
    assert p.geo_precision == "county" and "Taegwan" in p.aliases


def test_documents_match_the_reports(ds, reports_dir):
    for row in ds.documents.itertuples():
        raw = (reports_dir / row.file_name).read_bytes()
        assert hashlib.sha256(raw).hexdigest() == row.sha256
        assert len(raw.decode("utf-8")) == row.char_length


def _holds(span: str, value: str) -> bool:
    span_l = span.lower()
    if value.lower() in span_l:
        return True
    digits = value.replace(",", "")
    if digits.isdigit() and int(digits) in NUMBER_WORDS:
        return re.search(r"\b" + NUMBER_WORDS[int(digits)] + r"\b", span_l) is not None
    return False


def test_every_span_supports_its_value(ds, reports_dir):
    texts = {r.document_id: (reports_dir / r.file_name).read_text(encoding="utf-8") for r in ds.documents.itertuples()}
    failures = []
    for c in ds.claims.itertuples():
        span = texts[c.document_id][c.span_start : c.span_end]
        assert span.strip(), c.claim_id
        if c.value and not _holds(span, c.value):
            failures.append((c.claim_id, c.value, span))
    assert failures == []


def test_span_check_understands_number_words():
    assert _holds("began a two-day visit", "2")
    assert not _holds("began a two-day visit", "3")


def test_attributed_claims_name_their_originator_in_the_span_or_nearby(ds, reports_dir):
    # An attributed range claim must sit in, or directly follow, a sentence naming the military as its source.
    texts = {r.document_id: (reports_dir / r.file_name).read_text(encoding="utf-8") for r in ds.documents.itertuples()}
    r = ds.claims[(ds.claims.attribute == "range")]
    for c in r.itertuples():
        previous_end = texts[c.document_id].rfind(".", 0, c.span_start)
        sentence_start = texts[c.document_id].rfind(".", 0, previous_end)
        sentence_end = texts[c.document_id].find(".", c.span_end)
        around = texts[c.document_id][sentence_start : sentence_end + 80]
        assert "military" in around or "Joint Chiefs" in around, c.claim_id


def test_flat_export_has_the_contract_columns(ds):
    from launchwatch import exports

    flat = exports.flat_claims(ds)
    # data/README.md documents these columns, in this order, for every export.
    assert list(flat.columns) == exports.EXPORT_COLUMNS
    assert {"event_id", "event_date", "latitude", "document", "originator", "value", "span_start"} <= set(flat)
    assert len(flat) == len(ds.claims)
    assert pd.to_datetime(flat.event_date, format="%Y-%m-%d").notna().all()
