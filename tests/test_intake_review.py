"""From proposals to stored rows, a pasted quote's span, and the highlighted text's safety."""

from __future__ import annotations

import datetime as dt

import pytest

from launchwatch import schema
from launchwatch.intake import Proposal
from launchwatch.intake.highlight import highlighted, segments
from launchwatch.intake.review import alias_rows, claim_rows, document_row, find_quote, new_originators, stored_value

TEXT = "North Korea fired a missile on Friday. It flew about 700 km, officials said."


@pytest.mark.parametrize(
    ("quote", "expected", "exact"),
    [
        ("flew about 700 km", "flew about 700 km", True),
        ("flew  abut 700 km", "flew about 700 km", False),  # closest, with a warning on the page
        ("fired a missile on Friday", "fired a missile on Friday", True),
    ],
)
def test_a_pasted_quote_is_found_exactly_or_closest(quote, expected, exact):
    found = find_quote(TEXT, quote)
    assert (TEXT[found.start : found.end], found.exact) == (expected, exact)


@pytest.mark.parametrize("quote", ["", "   ", "the summit in Gyeongju was postponed"])
def test_a_quote_not_in_the_text_is_not_found(quote):
    assert find_quote(TEXT, quote) is None


def _p(**kw):
    base = {
        "attribute": "range",
        "value": "700 km",
        "span_start": 43,
        "span_end": 60,
        "normalized_value": 700.0,
        "normalized_unit": "km",
        "unit": "km",
        "qualifier": "about",
        "originator": "officials",
        "originator_kind": "military",
        "event_type": "missile_launch",
        "event_date": "2025-11-07",
        "event_precision": "day",
    }
    return Proposal(**{**base, **kw})


def test_claims_attach_to_existing_or_new_events_and_carry_their_span():
    claims, events, problems = claim_rows(
        [
            _p(event_id="launch-2025-11-07"),
            _p(),
            _p(
                attribute="date",
                value="Friday",
                unit="",
                qualifier="",
                resolved_date="2025-11-07",
                date_precision="day",
                span_start=30,
                span_end=37,
                normalized_value=None,
            ),
        ],
        "r-1",
    )
    assert problems == []
    assert [c["event_id"] for c in claims] == ["launch-2025-11-07", events[0]["event_id"], events[0]["event_id"]]
    assert len(events) == 1 and events[0]["event_type"] == "missile_launch" and events[0]["date"] == "2025-11-07"
    assert (claims[0]["span_start"], claims[0]["span_end"], claims[0]["normalized_value"]) == (43, 60, 700.0)
    assert all(set(c) <= set(schema.CLAIMS.column_names) for c in claims)
    assert (claims[0]["value"], claims[0]["unit"]) == ("700", "km")  # the number, its unit beside it
    assert claims[2]["claim"] == "Date: Friday (7 Nov 2025) (officials)."  # dates worded as everywhere


@pytest.mark.parametrize(
    ("value", "unit", "stored"),
    [
        ("450 km", "km", "450"),
        ("435 miles", "mi", "435"),
        ("1,000 km", "km", "1,000"),
        ("12 minutes", "minute", "12"),
        ("20 rounds", "rounds", "20"),
        ("450 km", "", "450 km"),  # no unit column to carry it: kept as written
        ("12:35 p.m.", "Asia/Seoul", "12:35 p.m."),
        ("one", "missiles", "one"),
        ("same number", "rounds", "same number"),
    ],
)
def test_a_stored_value_is_the_number_when_its_unit_is_given(value, unit, stored):
    assert stored_value(value, unit) == stored


@pytest.mark.parametrize(
    ("proposal", "message"),
    [
        (_p(originator_kind=""), "kind of originator"),
        (_p(event_type="", event_date=""), "attach it to an event"),
        (_p(attribute="no_such_attribute"), "no attribute"),
    ],
)
def test_a_claim_that_cannot_be_stored_says_why(proposal, message):
    claims, _events, problems = claim_rows([proposal], "r-1")
    assert claims == [] and message in problems[0]


KNOWN = {"South Korea's Joint Chiefs of Staff", "South Korea's military"}


@pytest.mark.parametrize(
    ("originators", "expected"),
    [
        (["South Korea's military", "the report itself"], []),
        (["Taiwan's defense ministry"], ["Taiwan's defense ministry"]),
        (
            ["Taiwan's defense ministry", "South Korea's military", "Taiwan's defense ministry"],
            ["Taiwan's defense ministry"],
        ),
        (["Kyiv officials", "Taiwan's defense ministry"], ["Kyiv officials", "Taiwan's defense ministry"]),
        # a known name spelled otherwise is a new name: it is never matched to a near miss silently
        (["South Korea's Military"], ["South Korea's Military"]),
    ],
)
def test_originators_the_workspace_does_not_know_are_new(originators, expected):
    assert new_originators([{"originator": o} for o in originators], KNOWN) == expected


@pytest.mark.parametrize(
    ("stands_for", "organisation", "basis"),
    [
        ({}, "the JCS spokesman", "Added by ana@example.org with report r-1: a new originator, standing for itself."),
        (
            {"the JCS spokesman": "South Korea's Joint Chiefs of Staff"},
            "South Korea's Joint Chiefs of Staff",
            "Added by ana@example.org with report r-1: named by the analyst as South Korea's Joint Chiefs of Staff.",
        ),
    ],
)
def test_a_new_originator_joins_the_alias_table_with_who_added_it(stands_for, organisation, basis):
    rows = alias_rows(["the JCS spokesman"], stands_for, "ana@example.org", "r-1")
    assert rows == [{"alias": "the JCS spokesman", "organisation": organisation, "basis": basis}]


def test_the_document_row_keeps_the_report_date_as_reference_date():
    row = document_row(TEXT, dt.date(2025, 11, 8), name="pasted", outlet="Example Wire", title="Launch")
    assert row["reference_date"] == "2025-11-08" and row["published"] == "2025-11-08"
    assert row["document_id"].startswith("r-") and row["outlet"] == "Example Wire"
    unknown = document_row(TEXT, dt.date(2025, 11, 8), name="pasted", published_is_publication=False)
    assert unknown["published"] == schema.UNKNOWN and unknown["outlet"] == schema.UNKNOWN


def test_segments_cut_at_every_span_edge():
    assert segments(10, [(2, 5, 1, True), (4, 8, 2, False)]) == [
        (0, 2, [], False),
        (2, 4, [1], True),
        (4, 5, [1, 2], True),
        (5, 8, [2], False),
        (8, 10, [], False),
    ]


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "[click](http://example.invalid/x)",
        "![img](http://example.invalid/i.png)",
        "**bold** and `code`",
        ":red[colour] :material/home:",
        "]] :orange-background[injected",
    ],
)
def test_report_text_is_never_markup_in_the_highlighted_view(hostile):
    text = f"Officials said {hostile} and the missile flew 700 km."
    start = text.index("700 km")
    md = highlighted(text, [(start, start + 6, 1, True), (0, 9, 2, False)])
    # Every markup character of the report is escaped; the only unescaped brackets are our own marks.
    ours = md.count(":orange-background[") + md.count(":gray-background[") + md.count(":blue-badge[")
    unescaped_open = sum(1 for i, ch in enumerate(md) if ch == "[" and (i == 0 or md[i - 1] != "\\"))
    assert unescaped_open == ours
    assert "<script>" not in md and "](" not in md.replace("\\]", "")


def test_a_proposal_that_cannot_be_stored_starts_rejected_and_says_what_it_needs():
    from launchwatch.intake.table import from_frame, to_frame

    frame = to_frame([_p(event_id="launch-2025-11-07"), _p(event_type="", event_date="")], TEXT)
    assert list(frame.accept) == [True, False]
    assert "attach it to an event" in frame.note.iloc[1]
    assert [p.event_id for p in from_frame(frame)] == ["launch-2025-11-07"]
