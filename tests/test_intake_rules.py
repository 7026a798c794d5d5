"""The extractor's rules, one table per kind of figure: what a sentence says -> what is proposed."""

from __future__ import annotations

import datetime as dt

import pytest

from launchwatch.intake.dates import find_dates
from launchwatch.intake.kinds import find_not_given, find_types
from launchwatch.intake.measures import find_counts, find_distances, find_durations, find_ordinals, find_times

FRIDAY = dt.date(2025, 11, 7)


@pytest.mark.parametrize(
    ("text", "ref", "expected"),
    [
        ("launched a missile on Friday, shortly after", FRIDAY, [("on Friday", "2025-11-07", "day")]),
        ("a follow-up about the launch on Friday", dt.date(2025, 11, 10), [("on Friday", "2025-11-07", "day")]),
        ("fired last Friday", FRIDAY, [("last Friday", "2025-10-31", "day")]),
        ("fired 10 rounds on Monday", FRIDAY, [("on Monday", "2025-11-03", "day")]),
        ("On Saturday, they fired", FRIDAY, [("On Saturday", "2025-11-01", "day")]),
        ("On Friday, November 7, it launched", FRIDAY, [("Friday, November 7", "2025-11-07", "day")]),
        ("the October 22 launches", FRIDAY, [("October 22", "2025-10-22", "day")]),
        ("on 7 November 2025", FRIDAY, [("7 November 2025", "2025-11-07", "day")]),
        ("since Nov. 3", FRIDAY, [("Nov. 3", "2025-11-03", "day")]),
        ("on December 30", dt.date(2026, 1, 2), [("December 30", "2025-12-30", "day")]),
        ("on May 5", FRIDAY, [("May 5", "2025-05-05", "day")]),
        ("Last month, they fired", FRIDAY, [("Last month", "2025-10-01", "month")]),
        ("late last month", dt.date(2026, 1, 5), [("last month", "2025-12-01", "month")]),
        ("Trump was there last week", FRIDAY, [("last week", "2025-10-27", "week")]),
        ("Earlier this week, images showed", dt.date(2025, 11, 8), [("Earlier this week", "2025-11-03", "week")]),
        ("In August, the president", FRIDAY, [("In August", "2025-08-01", "month")]),
        ("fell apart in 2019", FRIDAY, [("in 2019", "2019-01-01", "year")]),
        ("the test yesterday", FRIDAY, [("yesterday", "2025-11-06", "day")]),
        ("two days ago", FRIDAY, [("two days ago", "2025-11-05", "day")]),
        ("it may rain; they march on", FRIDAY, []),
        ("November 31", FRIDAY, []),
    ],
)
def test_dates_resolve_against_the_report_date_with_their_precision(text, ref, expected):
    found = [(d.text, d.resolved.isoformat(), d.precision) for d in find_dates(text, ref)]
    assert found == expected


def test_a_day_named_after_said_is_the_day_of_the_statement():
    (d,) = find_dates("North Korea fired a missile, the JCS said on Monday.", FRIDAY)
    assert d.role == "statement"


def _one(finder, text, **kw):
    return [
        (p.attribute, p.value, p.normalized_value, p.normalized_unit, p.qualifier)
        for p in finder(text, 0, len(text), **kw)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("traveled roughly 435 miles, according to", [("range", "435 miles", 700.1, "km", "roughly")]),
        (
            "watched it travel about 700 kilometers (434 miles) across",
            [("range", "700 kilometers", 700.0, "km", "about")],
        ),
        ("The missile flew approximately 700 km.", [("range", "700 km", 700.0, "km", "approximately")]),
        (
            "flew 350 km and reached an altitude of 50 km",
            [("range", "350 km", 350.0, "km", ""), ("apogee", "50 km", 50.0, "km", "")],
        ),
        ("an apogee of about 50 miles", [("apogee", "50 miles", 80.5, "km", "about")]),
        ("a flight of 1,000 nautical miles", [("range", "1,000 nautical miles", 1852.0, "km", "")]),
        ("it fell 200 km off the coast", []),  # what 200 km measures is not said
        ("Seoul is 50 km from the border", []),
        # a span's upper end alone would say more than the source: neither end is proposed
        ("the missiles flew 37 to 62 miles", []),
        ("it flew between 110 and 670 km", []),
        ("it flew 300-400 km", []),
        ("it flew 300\u2013400 km", []),
    ],
)
def test_distances(text, expected):
    assert _one(find_distances, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("During his three-day visit", [("duration", "three-day", 3.0, "day", "")]),
        ("began a two-day visit", [("duration", "two-day", 2.0, "day", "")]),
        ("it had flown for about 12 minutes", [("duration", "12 minutes", 12.0, "minute", "about")]),
        ("a 70-year-old man", []),
    ],
)
def test_durations(text, expected):
    assert _one(find_durations, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("fired 10 artillery shells into", [("count", "10", 10.0, "rounds", "")]),
        ("launched one suspected short-range ballistic missile", [("count", "one", 1.0, "missiles", "")]),
        (
            "targeting eight individuals and two entities",
            [("count", "eight", 8.0, "individuals", ""), ("count", "two", 2.0, "entities", "")],
        ),
        ("they fired another 10 rounds", [("count", "10", 10.0, "rounds", "another")]),
        ("one of the missiles", []),
        ("the same number of rounds", [("count", "same number", None, "rounds", "")]),
        ("it fired two or three missiles", []),
        ("it fired 20 to 30 rockets", []),
    ],
)
def test_counts(text, expected):
    assert _one(find_counts, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the sixth ballistic missile launch this year.", [("ordinal_in_year", "sixth", 6.0, "", "this year")]),
        (
            "the second short-range ballistic missile test since October 22 and",
            [("ordinal_since", "second", 2.0, "", "since October 22")],
        ),
        ("his first term in 2019", []),
    ],
)
def test_ordinals_need_their_series(text, expected):
    assert _one(find_ordinals, text) == expected


@pytest.mark.parametrize(
    ("text", "zone", "expected"),
    [
        ("just past noon on November 7", "", [("time", "noon", "12:00", "", "just past", "")]),
        ("at 12:35 p.m., according to", "Asia/Seoul", [("time", "12:35 p.m.", "12:35", "", "", "Asia/Seoul")]),
        ("at 7:10 a.m. KST", "", [("time", "7:10 a.m. KST", "07:10", "", "", "Asia/Seoul")]),
        ("a score of 10:30 in the match", "", []),
    ],
)
def test_times_keep_their_zone_only_when_stated_or_implied(text, zone, expected):
    found = find_times(text, 0, len(text), zone)
    assert [(p.attribute, p.value, p.normalized_value, p.normalized_unit, p.qualifier, p.time_zone) for p in found] == [
        (a, v if "KST" not in v else v.replace(" KST", ""), n, u, q, z) for a, v, n, u, q, z in expected
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The missile, suspected to be short-range, was fired", [("short-range", "short-range", "suspected")]),
        (
            "what it claimed were hypersonic missiles and cruise missiles",
            [("hypersonic missiles and cruise missiles", "hypersonic cruise", "claimed")],
        ),
        (
            "a new intercontinental ballistic missile",
            [("intercontinental ballistic missile", "intercontinental ballistic", "")],
        ),
        ("fired an ICBM", [("ICBM", "intercontinental ballistic", "")]),
        ("a long-range plan for the economy", []),
    ],
)
def test_missile_types(text, expected):
    assert [(p.value, p.normalized_value, p.qualifier) for p in find_types(text, 0, len(text))] == expected


@pytest.mark.parametrize(
    ("text", "attributes"),
    [
        ("officials provided no details about the type of missile or its flight range", ["missile_type", "range"]),
        ("It did not immediately say how high the missiles flew.", ["apogee"]),
        ("It was not immediately clear how many missiles were fired.", ["count"]),
        ("Officials gave no details on the number of missiles fired.", ["count"]),
        ("The missile flew 700 km.", []),
    ],
)
def test_not_given(text, attributes):
    found = find_not_given(text, 0, len(text))
    assert [p.attribute for p in found] == attributes
    assert all(p.stance == "not_given" and p.value == "" for p in found)


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("watched it travel about 700 kilometers (434 miles) across the country.", ["across the country"]),
        ("The missile flew over Japan before it fell into the sea.", ["over Japan"]),
        ("a short-range ballistic missile was fired towards the east.", ["east"]),
        ("He spoke over the phone about the country.", []),
    ],
)
def test_directions_need_a_flight_and_keep_their_words(text, values):
    from launchwatch.intake.places import find_direction

    assert [p.value for p in find_direction(text, 0, len(text), [])] == values
