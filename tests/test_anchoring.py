"""A claim's quote is found again in a re-saved report, or flagged orphaned: never moved to a guess."""

import pytest

from launchwatch import anchoring

TEXT = 'Seoul said the missile flew about 700 km. Tokyo said "it fell outside the zone". The missile flew far.'


def _span(text, exact, nth=0):
    at = -1
    for _ in range(nth + 1):
        at = text.index(exact, at + 1)
    return at, at + len(exact)


@pytest.mark.parametrize(
    "new_text, exact, status, expected",
    [
        # unchanged text: the offsets still hold the quote
        (TEXT, "flew about 700 km", anchoring.ANCHORED, "flew about 700 km"),
        # text moved by an insertion before the span
        ("UPDATE: " + TEXT, "flew about 700 km", anchoring.REANCHORED, "flew about 700 km"),
        # whitespace changed inside the quote
        (TEXT.replace("about 700", "about\n  700"), "flew about 700 km", anchoring.REANCHORED, "flew about\n  700 km"),
        # straight quote marks became curly ones
        (
            TEXT.replace('"', "\u201c", 1).replace('"', "\u201d", 1),
            '"it fell outside the zone"',
            anchoring.REANCHORED,
            "\u201cit fell outside the zone\u201d",
        ),
        # the quoted words are gone: orphaned, never moved
        (TEXT.replace("about 700 km", "some distance"), "flew about 700 km", anchoring.ORPHANED, None),
    ],
)
def test_reanchor(new_text, exact, status, expected):
    start, end = _span(TEXT, exact)
    q = anchoring.quote(TEXT, start, end)
    found = anchoring.anchor(new_text, start, end, q)
    assert found.status == status
    if expected is not None:
        assert new_text[found.start : found.end] == expected
    else:
        assert (found.start, found.end) == (start, end)


def test_context_picks_the_right_one_of_two_matches():
    start, end = _span(TEXT, "missile flew", 1)  # the second one
    q = anchoring.quote(TEXT, start, end)
    # Moved far enough that the first match is now nearer the old offsets: the context still decides.
    moved = TEXT[: start - 4] + "It was launched at dawn and " + TEXT[start - 4 :]
    moved = "Breaking news from the region, updated with new details. " + moved.replace(
        "the missile flew about", "the missile flew, about"
    )
    found = anchoring.anchor(moved, start, end, q)
    assert found.status == anchoring.REANCHORED
    assert moved[found.start : found.end] == "missile flew"
    assert moved[found.end :].startswith(" far")


def test_equal_context_takes_the_match_nearest_the_old_offsets():
    q = anchoring.Quote("fired", "x ", ".")
    found = anchoring.anchor("y fired. y fired.", 11, 16, q)
    assert (found.start, found.end, found.status) == (11, 16, anchoring.ANCHORED)
    found = anchoring.anchor("zz y fired. y fired.", 11, 16, q)
    assert (found.start, found.status) == (14, anchoring.REANCHORED)
