"""The key facts and the selected event's claims table, worked out for every fact at once, say what working
them out fact by fact (a boolean take of the claims per fact, a verdict per fact) says: on the bundled data
under many filters, and on a generated dataset's busiest events."""

from __future__ import annotations

import datetime as dt
import itertools

import numpy as np
import pandas as pd
import pytest
import test_scale

from launchwatch import aliases, filters, keyfacts, verdicts

big, bundled = test_scale.big, test_scale.bundled  # the same datasets, as fixtures here too
LAUNCH = "launch-2025-11-07"


def reference_verdict(attribute: str, said: list) -> str:
    """One fact's verdict judged alone, as verdicts judged each fact before facts were judged together."""
    key = [verdicts.Claim(*(v if verdicts._present(v) else None for v in c)) for c in said]
    claims = pd.DataFrame.from_records(key, columns=list(verdicts.FIELDS)).assign(attribute=attribute)
    codes = np.zeros(len(key), dtype=np.int64)
    return verdicts.RANKED[verdicts.fact_verdicts(claims, codes, codes[:1], np.array([1.0]))[0]]


def reference_fact(claims: pd.DataFrame, attribute: str) -> tuple:
    """One fact the straightforward way: its claims taken by a boolean mask, read row by row."""
    about = claims[claims["attribute"] == attribute]
    silent = keyfacts.not_given(about)
    given = about[~silent]
    label = keyfacts.FACT_LABELS.get(attribute, attribute.replace("_", " ").capitalize())
    ids = list(about["claim_id"])
    if given.empty:
        return attribute, label, keyfacts.NO_CLAIM, None, 0, int(silent.sum()), 0, ids
    wording: dict[str, str] = {}
    count: dict[str, int] = {}
    for _, row in given.iterrows():
        text = keyfacts.reported(row)
        key = " ".join(str(row[c]) for c in ("value", "unit")).strip().lower()
        key = text.lower() if row["attribute"] == "date" or not key else key
        if text:
            wording.setdefault(key, text)
            count[key] = count.get(key, 0) + 1
    value = "; ".join(wording[k] for k in sorted(wording, key=lambda k: -count[k]))
    if attribute in keyfacts.TOLD_BY_SENTENCE:
        value = " / ".join(dict.fromkeys(str(c).rstrip(".") for c in given["claim"]))
    said = [verdicts.Claim(*(row[f] for f in verdicts.FIELDS)) for _, row in given.iterrows()]
    reports = int(given["document"].nunique())
    origins = len(aliases.origins(given))
    return attribute, label, value, reference_verdict(attribute, said), origins, int(silent.sum()), reports, ids


def fast_fact(f: keyfacts.Fact) -> tuple:
    return f.attribute, f.label, f.value, f.verdict, f.origins, f.not_given, f.reports, list(f.claims["claim_id"])


def reference_table(claims: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    order = {a: i for i, (a, _) in enumerate(keyfacts.KEY_FACTS)}
    rows = []
    for attribute in sorted(claims["attribute"].unique(), key=lambda a: (order.get(a, len(order)), a)):
        fact = reference_fact(claims, attribute)
        about = claims[claims["attribute"] == attribute]
        for (_, c), quiet in zip(about.iterrows(), keyfacts.not_given(about), strict=True):
            value = keyfacts.reported(c) or str(c["claim"])
            rows.append(
                {
                    "fact": fact[1],
                    "value": f"{value} (says not given)" if quiet else value,
                    "source": keyfacts.source_chain(c, names),
                    "verdict": "not given (beside the verdict)" if quiet else fact[3] or verdicts.NOT_GIVEN,
                    "claim_id": c["claim_id"],
                }
            )
    return pd.DataFrame(rows, columns=keyfacts.TABLE_COLUMNS)


def views_of(flat: pd.DataFrame) -> list[pd.DataFrame]:
    """The bundled claims under every choice of reports, and some event types and dates."""
    docs = sorted(set(flat["document"]))
    chosen = [c for n in range(len(docs) + 1) for c in itertools.combinations(docs, n)]
    states = [filters.FilterState(documents=c) for c in chosen]
    states += [
        filters.FilterState(event_types=("missile_launch", "statement")),
        filters.FilterState(since=dt.date(2025, 11, 5)),
        filters.FilterState(documents=tuple(docs[:1]), since=dt.date(2030, 1, 1)),  # nothing in view
    ]
    return [filters.apply(flat, s) for s in states]


def events_of(view: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(view["event_id"]))


def assert_same(view: pd.DataFrame, event_id: str, names: dict[str, str]) -> None:
    claims = view[view["event_id"] == event_id]
    found = keyfacts.event_facts(keyfacts.event_claims(view, event_id))
    assert [fast_fact(f) for f in found.key] == [reference_fact(claims, a) for a, _ in keyfacts.KEY_FACTS]
    assert (found.documents, found.origins) == (claims["document"].nunique(), keyfacts.independent_origins(claims))
    pd.testing.assert_frame_equal(keyfacts.facts_table(found, names), reference_table(claims, names))


def test_the_bundled_facts_and_tables_match_the_fact_by_fact_way_under_every_choice_of_reports(bundled):
    ds, flat = bundled
    names = keyfacts.report_names(ds.documents)
    for view in views_of(flat):
        for event_id in [LAUNCH, *events_of(view)[:6]]:
            assert_same(view, event_id, names)


def test_a_generated_datasets_busiest_events_match_the_fact_by_fact_way(big):
    ds, flat = big
    names = keyfacts.report_names(ds.documents)
    busiest = flat["event_id"].value_counts().index[:12]
    view = filters.apply(flat, filters.FilterState(documents=tuple(sorted(set(flat["document"])))[::2]))
    for event_id in busiest:
        assert_same(flat, event_id, names)
        assert_same(view, event_id, names)


def test_judged_together_or_one_by_one_the_verdicts_are_the_same(big, bundled):
    for _, flat in (bundled, big):
        sample = flat[flat["event_id"].isin(flat["event_id"].value_counts().index[:40])]
        facts = [
            (attribute, [verdicts.claim_of(r) for r in keyfacts.records(group) if r["stance"] != "not_given"])
            for (_, attribute), group in sample.groupby(["event_id", "attribute"], sort=False)
        ]
        verdicts._JUDGED.clear()
        together = verdicts.verdicts_of(facts)
        assert together == [
            reference_verdict(attribute, said) if said else verdicts.NOT_GIVEN for attribute, said in facts
        ]
        verdicts._JUDGED.clear()
        assert [verdicts.verdict(attribute, said) for attribute, said in facts] == together
        assert verdicts.verdicts_of(facts) == together  # and again, from what was kept


@pytest.mark.parametrize(
    "column,values,expected",
    [
        # What iterrows gives, value for value: a missing text is NaN, numbers are Python numbers.
        ("text", pd.array(["a", None, ""], dtype="str"), ["a", float("nan"), ""]),
        ("number", np.array([1.5, np.nan, 700.0]), [1.5, float("nan"), 700.0]),
        ("count", np.array([3, 0, -1]), [3, 0, -1]),
    ],
)
def test_records_hold_what_iterrows_gives(column, values, expected):
    frame = pd.DataFrame({column: values, "other": ["x", "y", "z"]}, index=[7, 3, 5])
    found = [r[column] for r in keyfacts.records(frame)]
    by_rows = [row[column] for _, row in frame.iterrows()]
    assert [type(v) for v in found] == [type(v) for v in by_rows]
    assert pd.Series(found, dtype=object).equals(pd.Series(by_rows, dtype=object))
    assert pd.Series(found, dtype=object).equals(pd.Series(expected, dtype=object))
