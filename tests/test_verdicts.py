"""What the sources say together: value pairs, period pairs, stances, facts kept apart, the CLI and the page."""

import csv
import io
import json
import subprocess
import sys

import pandas as pd
import pytest

from launchwatch import aliases, exports, loading, verdicts
from launchwatch.verdicts import AGREE, COMPATIBLE, CONFLICT, NOT_GIVEN, SINGLE, STATEMENTS, WITHIN_ROUNDING, WORDING

KEY = "launch-2025-11-07"
VISIT = "hegseth-visit-2025-11"
D001 = "001_1a0ad8e3a2be4f80"


@pytest.fixture(scope="module")
def flat():
    return exports.flat_claims(loading.load())


@pytest.fixture(scope="module")
def rows(flat):
    return verdicts.verdict_rows(flat).set_index(["event_id", "attribute"])


# ---------------------------------------------------------------- value pairs


@pytest.mark.parametrize(
    "a,b,expected",
    [
        (("435", "mi", 700.1), ("700", "km", 700.0), WITHIN_ROUNDING),  # 000 against 003: 700 km is 650..750
        (("700", "km", 700.0), ("700", "km", 700.0), AGREE),
        (("3", "day", 3.0), ("2", "day", 2.0), CONFLICT),  # 2.5..3.5 and 1.5..2.5 only touch
        (("700", "km", 700.0), ("900", "km", 900.0), CONFLICT),
        (("10", "rounds", 10.0), ("same number", "rounds", 10.0), AGREE),  # words carry no rounding
        (("435", "mi", 700.06), ("433", "mi", 696.85), CONFLICT),  # 434.5..435.5 against 432.5..433.5 miles
        (("7.5", "km", 7.5), ("7.52", "km", 7.52), WITHIN_ROUNDING),
    ],
)
def test_value_pairs(a, b, expected):
    assert verdicts.compare_numbers([a, b]) == expected


@pytest.mark.parametrize(
    "value,factor,half",
    [
        ("700", 1, 50),
        ("435", 1, 0.5),
        ("7.5", 1, 0.05),
        ("1,000", 1, 500),
        ("435", 1.609344, 0.804672),
        ("10", 1, 5),
        ("same number", 1, 0),
    ],
)
def test_implied_rounding(value, factor, half):
    assert verdicts.implied_half_step(value, factor) == pytest.approx(half)


# ---------------------------------------------------------------- period pairs


@pytest.mark.parametrize(
    "a,b,days,expected",
    [
        (("2025-11-04", "day"), ("2025-11-03", "day"), 3, COMPATIBLE),  # 4 Nov lies inside a visit from 3 Nov
        (("2025-11-04", "day"), ("2025-11-03", "day"), 2, COMPATIBLE),  # ... even if the visit lasted two days
        (("2025-11-04", "day"), ("2025-11-03", "day"), 1, CONFLICT),  # a one-day event cannot be on both days
        (("2025-11-07", "day"), ("2025-11-07", "day"), 1, AGREE),
        (("2025-10-01", "month"), ("2025-10-22", "day"), 1, COMPATIBLE),  # a month containing a day
        (("2025-10-01", "month"), ("2025-11-03", "day"), 1, CONFLICT),
        (("2025-10-27", "week"), ("2025-11-02", "day"), 1, COMPATIBLE),  # the week's Sunday
        (("2025-10-27", "week"), ("2025-11-03", "day"), 1, CONFLICT),
        (("2019-01-01", "year"), ("2019-06-30", "day"), 1, COMPATIBLE),
        (("2025-11-07", "before"), ("2025-10-01", "month"), 1, COMPATIBLE),  # 'recently': any day up to 7 Nov
        (("2025-11-07", "before"), ("2025-11-08", "day"), 1, CONFLICT),
        (("2025-11-01", "day"), ("2025-11-05", "day"), 3, CONFLICT),  # five days apart: no three-day visit holds both
    ],
)
def test_period_pairs(a, b, days, expected):
    periods = [verdicts.claim_period(*a), verdicts.claim_period(*b)]
    assert verdicts.compare_periods(periods, days) == expected


@pytest.mark.parametrize("precision", ["", None, float("nan")])
def test_a_date_without_precision_is_a_day_wherever_it_is_read(precision):
    claim = {"value": "Friday", "resolved_date": "2025-11-07", "resolved_precision": precision}
    claim |= {"stance": "stated", "document": D001, "originator": "KCNA"}
    assert verdicts.value_text(claim) == "Friday = 7 Nov 2025 (001, KCNA)"
    day = pd.Timestamp("2025-11-07")
    assert verdicts.claim_period("2025-11-07", precision) == (day, day)


# ---------------------------------------------------------------- stances and facts


def _claims(rows):
    base = {
        "event_id": "e",
        "title": "t",
        "attribute": "range",
        "stance": "stated",
        "originator": "o",
        "organisation": "o",
        "carried_by": "",
        "claim": "c",
        "value": "",
        "unit": "",
        "qualifier": "",
        "normalized_value": float("nan"),
        "normalized_unit": "",
        "resolved_date": "",
        "resolved_precision": "",
    }
    return pd.DataFrame([{**base, **r} for r in rows])


RANGE_700 = {"value": "700", "unit": "km", "normalized_value": 700.0, "normalized_unit": "km"}


@pytest.mark.parametrize(
    "claims,verdict,not_given",
    [
        # a report saying the range was not given is beside the verdict, never for or against it
        ([{"document": "a", **RANGE_700}, {"document": "b", "stance": "not_given"}], SINGLE, "b"),
        (
            [{"document": "a", **RANGE_700}, {"document": "c", **RANGE_700}, {"document": "b", "stance": "not_given"}],
            AGREE,
            "b",
        ),
        ([{"document": "b", "stance": "not_given"}], NOT_GIVEN, "b"),
        ([{"document": "a", **RANGE_700}, {"document": "b", "stance": "denied", **RANGE_700}], CONFLICT, ""),
        (
            [{"document": "a", "attribute": "content", "value": "x"}, {"document": "b", "attribute": "content"}],
            STATEMENTS,
            "",
        ),
        (
            [
                {"document": "a", "attribute": "direction", "value": "East Sea"},
                {"document": "b", "attribute": "direction", "value": "east"},
            ],
            WORDING,
            "",
        ),
    ],
)
def test_stances(claims, verdict, not_given):
    row = verdicts.verdict_rows(_claims(claims)).iloc[0]
    assert (row["verdict"], row["not_given"]) == (verdict, not_given)


def test_report_001_gives_no_range_and_is_not_counted(rows):
    r = rows.loc[(KEY, "range")]
    assert r["verdict"] == WITHIN_ROUNDING
    assert D001 not in r["documents"].split(";") and r["not_given"] == D001
    assert verdicts.not_given_text({"attribute": "range", "not_given": r["not_given"]}) == "001: no range given"
    assert rows.loc[(KEY, "missile_type"), "not_given"] == D001


def test_visit_date_is_compatible_and_its_length_conflicts(rows):
    assert rows.loc[(VISIT, "date"), "verdict"] == COMPATIBLE
    assert rows.loc[(VISIT, "duration"), "verdict"] == CONFLICT


@pytest.mark.parametrize(
    "event,attribute,words",
    [
        (KEY, "ordinal_in_year", "sixth"),
        (KEY, "ordinal_since", "second"),
        (KEY, "timing", "defense secretary"),
        (VISIT, "timing", "ended shortly before the launch"),
    ],
)
def test_series_facts_are_apart(rows, event, attribute, words):
    assert rows.loc[(event, attribute), "verdict"] == SINGLE
    assert words in rows.loc[(event, attribute), "values"]


def test_no_sequence_attribute_and_separate_quotes_are_not_agreement(flat, rows):
    assert "sequence" not in set(flat["attribute"])
    assert rows.loc[(VISIT, "content"), "verdict"] == STATEMENTS


def test_origins_of_the_range(rows):
    assert rows.loc[(KEY, "range"), "origins"] == "1 origin (South Korea's Joint Chiefs of Staff), in 3 reports"


# ---------------------------------------------------------------- the command line and the page agree


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "launchwatch", *args], capture_output=True, text=True, cwd=loading.REPO_ROOT
    )


def test_cli_csv_is_the_verdict_rows(tmp_path, flat):
    out = tmp_path / "v.csv"
    r = run("verdicts", "--launch", KEY, "--format", "csv", "-o", str(out))
    assert r.returncode == 0, r.stderr
    got = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    expected = verdicts.verdict_rows(flat[flat["event_id"] == KEY])
    assert [(g["attribute"], g["verdict"], g["not_given"]) for g in got] == list(
        zip(expected["attribute"], expected["verdict"], expected["not_given"], strict=True)
    )
    assert {"event_id", "attribute", "verdict", "documents", "values", "not_given"} <= set(got[0])


def test_cli_json_with_a_filter(tmp_path):
    out = tmp_path / "v.json"
    r = run("verdicts", "--format", "json", "--document", D001, "--source-kind", "military", "-o", str(out))
    assert r.returncode == 0, r.stderr
    payload = json.loads(out.read_text(encoding="utf-8"))
    assert set(payload["verdicts"]) == set(verdicts.VERDICTS)
    assert {row["documents"] for row in payload["rows"]} <= {D001, ""}
    ranges = [row for row in payload["rows"] if row["attribute"] == "range"]
    assert ranges[0]["verdict"] == NOT_GIVEN and ranges[0]["not_given"] == D001


@pytest.mark.parametrize(
    "args,message",
    [
        (["--launch", "nope"], "--launch: 'nope' is not a missile launch"),
        (["--source-kind", "astrologer"], "--source-kind: unknown value(s) astrologer"),
    ],
)
def test_cli_refuses_unknown_values(tmp_path, args, message):
    r = run("verdicts", "--format", "csv", "-o", str(tmp_path / "x.csv"), *args)
    assert r.returncode == 2 and message in r.stderr


def test_sources_page_shows_the_same_rows():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(loading.REPO_ROOT / "app.py"), default_timeout=90)
    at.query_params["doc"] = D001
    at.run()
    at.switch_page("pages/sources.py").run()
    shown = at.dataframe[0].value
    flat = exports.flat_claims(loading.load())
    expected = verdicts.verdict_rows(flat[flat["document"] == D001])
    assert list(shown["attribute"]) == list(expected["attribute"])
    assert list(shown["verdict"]) == list(expected["verdict"])
    launch = shown[(shown["title"] == "Ballistic missile launch toward the East Sea") & (shown["attribute"] == "range")]
    assert list(launch["not_given"]) == ["001: no range given"]


# ---------------------------------------------------------------- alias chains


@pytest.mark.parametrize(
    "name,organisations",
    [
        ("South Korea's military", "South Korea's Joint Chiefs of Staff"),
        ("South Korean military officials", "South Korea's Joint Chiefs of Staff"),
        ("South Korea's Joint Chiefs of Staff", "South Korea's Joint Chiefs of Staff"),  # not listed: itself
        ("military officials in Seoul and Tokyo", "South Korea's Joint Chiefs of Staff; Japan's Ministry of Defense"),
        ("Japan's prime minister (Sanae Takaichi)", "Japan's government"),
        ("the report itself", "the report itself"),
        ("", ""),
    ],
)
def test_alias_resolution(name, organisations):
    table = loading.load().aliases
    assert list(aliases.organisations_of(pd.Series([name]), table)) == [organisations]


def _chain_rows(rows):
    return pd.DataFrame(
        [dict(zip(("originator", "organisation", "carried_by", "document"), r, strict=True)) for r in rows]
    )


@pytest.mark.parametrize(
    "rows,summary",
    [
        # four names of one military, two wire services, four reports: one origin
        (
            [
                ("South Korea's military", "South Korea's Joint Chiefs of Staff", "", "000_a"),
                ("South Korean military officials", "South Korea's Joint Chiefs of Staff", "Reuters", "001_b"),
                ("South Korea's military", "South Korea's Joint Chiefs of Staff", "The Associated Press", "002_c"),
                ("South Korea's Joint Chiefs of Staff", "South Korea's Joint Chiefs of Staff", "", "003_d"),
            ],
            "1 origin (South Korea's Joint Chiefs of Staff), carried by 2 wire services "
            "(Reuters; The Associated Press), in 4 reports",
        ),
        # the report itself is listed, never counted
        (
            [
                ("the report itself", "the report itself", "", "000_a"),
                ("the report itself", "the report itself", "", "003_d"),
            ],
            "0 origins, in 2 reports; unattributed in 000, 003",
        ),
        # one name for two organisations: two origins
        (
            [
                (
                    "military officials in Seoul and Tokyo",
                    "South Korea's Joint Chiefs of Staff; Japan's Ministry of Defense",
                    "Reuters",
                    "000_a",
                )
            ],
            "2 origins (Japan's Ministry of Defense; South Korea's Joint Chiefs of Staff), carried by 1 wire service "
            "(Reuters), in 1 report",
        ),
    ],
)
def test_origin_counts(rows, summary):
    assert aliases.origin_summary(_chain_rows(rows)) == summary


def test_the_chain_shows_organisation_name_via_and_report():
    text = aliases.chain_text(
        _chain_rows([("South Korean military officials", "South Korea's Joint Chiefs of Staff", "Reuters", "001_b")])
    )
    assert text == 'South Korea\'s Joint Chiefs of Staff (as "South Korean military officials") via Reuters in 001'


def test_every_alias_is_a_name_the_claims_use():
    ds = loading.load()
    used = set(ds.claims["originator"]) | set(ds.claims["via"])
    assert set(ds.aliases["alias"]) <= used
