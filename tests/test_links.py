"""A link's values that a widget cannot take are named in a notice, never dropped silently."""

import pytest

from launchwatch import links


@pytest.mark.parametrize(
    "value,expected",
    [
        (None, None),
        ("", None),
        ("2025-11-07", None),
        ("1900-01-01", None),
        ("2100-12-31", None),
        ("1800-01-01", "The link's 'from' date '1800-01-01' is outside 1900-01-01 to 2100-12-31; ignored."),
        ("2200-01-01", "The link's 'from' date '2200-01-01' is outside 1900-01-01 to 2100-12-31; ignored."),
        ("not-a-date", "The link's 'from' date 'not-a-date' is not a date (YYYY-MM-DD); ignored."),
        ("2025-02-30", "The link's 'from' date '2025-02-30' is not a date (YYYY-MM-DD); ignored."),
    ],
)
def test_date_notice(value, expected):
    assert links.date_notice("'from'", value) == expected


@pytest.mark.parametrize(
    "value,expected",
    [
        (None, None),
        ("", None),
        ("95", None),
        ("0", None),
        ("359.9", None),
        ("400", "The link's bearing '400' is outside 0 to 359.9°; ignored."),
        ("-1", "The link's bearing '-1' is outside 0 to 359.9°; ignored."),
        ("abc", "The link's bearing 'abc' is not a number; ignored."),
        ("nan", "The link's bearing 'nan' is not a number; ignored."),
        ("inf", "The link's bearing 'inf' is outside 0 to 359.9°; ignored."),
    ],
)
def test_bearing_notice(value, expected):
    assert links.bearing_notice(value) == expected


@pytest.mark.parametrize(
    "given,expected",
    [
        ([], None),
        (["a"], None),
        (["a", "zzz"], "The link asked for report 'zzz', which this dataset does not have; ignored."),
    ],
)
def test_options_notice(given, expected):
    assert links.options_notice("report", given, {"a", "b"}) == expected
