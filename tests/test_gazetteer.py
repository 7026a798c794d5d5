"""Place lookup against the shipped gazetteer through geopy's geocoder interface, offline."""

import pytest
from geopy.location import Location

from launchwatch import gazetteer, loading


@pytest.fixture(scope="module")
def gz():
    return gazetteer.Gazetteer(loading.load().places)


@pytest.mark.parametrize(
    "query,name",
    [
        ("Taekwan", "Taegwan county (Taekwan), North Pyongan"),
        ("taegwan", "Taegwan county (Taekwan), North Pyongan"),
        ("Taegwan-gun", "Taegwan county (Taekwan), North Pyongan"),
        ("Sea of Japan", "East Sea (Sea of Japan)"),
        ("SEOUL", "Seoul"),
        ("Pusan", "Busan"),
        ("Kyŏngju", "Gyeongju"),  # accents folded: matches the alias Kyongju
        ("Gyeongju", "Gyeongju"),
    ],
)
def test_geocode(gz, query, name):
    found = gz.geocode(query)
    assert isinstance(found, Location) and found.address == name


def test_geocode_unknown_is_none(gz):
    assert gz.geocode("Atlantis") is None
    assert gz.geocode("Atlantis", exactly_one=False) == []
