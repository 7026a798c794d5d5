"""What a shared link's parameters may hold, and what a viewer is told when a value cannot be used.

A widget bound to the URL silently drops a value it cannot take (an unknown option, a date outside its
range, a number that is not one or is out of range): the viewer would see another view than the link's
author and never know. Every such value gets a notice naming it instead.
"""

from __future__ import annotations

import datetime as dt
import math

# The date inputs' range: the widgets refuse anything outside it.
FIRST_DATE, LAST_DATE = dt.date(1900, 1, 1), dt.date(2100, 12, 31)
# The map's assumed bearing, in degrees; the widget shows whole degrees.
BEARING_MIN, BEARING_MAX = 0.0, 359.9


def options_notice(label: str, given: list[str], options) -> str | None:
    unknown = [v for v in given if v and v not in options]
    if unknown:
        return (
            f"The link asked for {label} {', '.join(repr(u) for u in unknown)}, which this dataset does not "
            "have; ignored."
        )
    return None


def date_notice(label: str, value: str | None) -> str | None:
    if not value:
        return None
    try:
        date = dt.date.fromisoformat(value)
    except ValueError:
        return f"The link's {label} date {value!r} is not a date (YYYY-MM-DD); ignored."
    if not FIRST_DATE <= date <= LAST_DATE:
        return f"The link's {label} date {value!r} is outside {FIRST_DATE} to {LAST_DATE}; ignored."
    return None


def number_notice(label: str, value: str | None, low: float, high: float, unit: str = "") -> str | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if math.isnan(number):
        return f"The link's {label} {value!r} is not a number; ignored."
    if not low <= number <= high:
        return f"The link's {label} {value!r} is outside {low:g} to {high:g}{unit}; ignored."
    return None


def bearing_notice(value: str | None) -> str | None:
    return number_notice("bearing", value, BEARING_MIN, BEARING_MAX, "°")
