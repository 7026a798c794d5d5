"""What the sidebar offers and how a claim's evidence is cited: pure functions, no Streamlit."""

from __future__ import annotations

import pandas as pd
import pytest

from launchwatch import evidence, exports, loading, options, schema


@pytest.fixture(scope="module")
def flat():
    return exports.flat_claims(loading.load())


@pytest.fixture(scope="module")
def offered(flat):
    return options.options_for(loading.load(), flat)


def test_options_list_what_the_bundled_data_holds(offered, flat):
    assert offered.documents[0].startswith("000_") and len(offered.documents) == 4
    assert offered.key_event == "launch-2025-11-07"
    # Only the kinds of source the claims have, in the order the schema documents them.
    assert set(offered.kinds) == set(flat["originator_kind"])
    assert offered.kinds == sorted(offered.kinds, key=list(schema.ORIGINATOR_KINDS).index)
    dates = list(offered.events["event_date"])
    assert dates == sorted(dates)  # newest last
    assert offered.first_date.isoformat() == dates[0] and offered.last_date.isoformat() == dates[-1]
    assert set(offered.titles) == set(offered.events["event_id"])


@pytest.mark.parametrize(
    "document,start,end,text",
    [
        ("000_b1a128df4d4dce34", 10, 42, "000_b1a128df4d4dce34.txt, characters 10–42"),
        ("cns-0123456789ab", 6.0, 7.0, "cns-0123456789ab.txt, characters 6–7"),
    ],
)
def test_span_reference(document, start, end, text):
    assert evidence.span_reference(pd.Series({"document": document, "span_start": start, "span_end": end})) == text


def test_no_quote_without_the_very_report(tmp_path, monkeypatch):
    monkeypatch.setenv("LAUNCHWATCH_REPORTS", str(tmp_path))  # an empty reports folder
    dataset = loading.load()
    claim = pd.Series(
        {"claim_id": "x", "document": dataset.documents["document_id"].iloc[0], "span_start": 0, "span_end": 5}
    )
    assert evidence.quote(dataset, claim) is None
