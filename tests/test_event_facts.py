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
from launchwatch.verdicts import AGREE, COMPATIBLE, CONFLICT, WITHIN_ROUNDING, WORDING

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
    return (
        f.attribute,
        f.label,
        f.value,
        f.verdict,
        f.origins,
        f.not_given,
        f.reports,
        [c["claim_id"] for c in f.evidence],
    )


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


NAN = float("nan")
MISSING = ("", None, NAN)  # the ways a claim field says nothing: empty text, None, NaN


def said(attribute: str, document: str, **fields) -> verdicts.Claim:
    """A claim of one report stating the fact; fields not given are empty text."""
    return verdicts.claim_of(
        {"event_id": "e", "title": "E", "attribute": attribute, "stance": "stated", "document": document, **fields}
    )


def dated(document: str, date, precision) -> verdicts.Claim:
    return said("date", document, resolved_date=date, resolved_precision=precision)


def ranged(document: str, value, unit, normalized, qualifier="") -> verdicts.Claim:
    fields = {"value": value, "unit": unit, "normalized_value": normalized, "qualifier": qualifier}
    return said("range", document, normalized_unit="km" if verdicts._present(normalized) else "", **fields)


# Facts of one event, empty fields beside filled ones, each with its verdict judged alone.
MIXED = [
    # An empty precision is a day: 1 and 3 Nov cannot both be the day, whatever precision another fact gives.
    *[
        [
            (("date", [dated("a", "2025-11-01", blank), dated("b", "2025-11-03", blank)]), CONFLICT),
            (("date", [dated("c", "2025-11-01", "month"), dated("d", "2025-11-03", "")]), COMPATIBLE),
        ]
        for blank in MISSING
    ],
    [
        (("date", [dated("a", "2025-11-07", None), dated("b", "2025-11-07", "")]), AGREE),
        (("date", [dated("c", "2025-11-07", "before"), dated("d", "2025-11-03", NAN)]), COMPATIBLE),
        (("date", [dated("e", "NaT", "week"), dated("f", None, ""), dated("g", "2025-11-03", "day")]), AGREE),
    ],
    # Numbers written as numbers keep their rounding (700 is 650..750) beside facts with empty numbers.
    *[
        [
            (("range", [ranged("a", 700, "km", 700.0), ranged("b", 650, "km", 650.0, blank)]), WITHIN_ROUNDING),
            (("range", [ranged("c", blank, blank, blank), ranged("d", "", "km", NAN)]), AGREE),
            (("range", [ranged("e", "700", "km", "700.0"), ranged("f", blank, "", None)]), AGREE),
        ]
        for blank in MISSING
    ],
    [
        (("range", [ranged("a", "435", "mi", 700.1, "roughly"), ranged("b", "700", "km", 700.0)]), WITHIN_ROUNDING),
        (("range", [ranged("c", 700.5, "km", 700.5), ranged("d", 700, "km", 700.0, NAN)]), WITHIN_ROUNDING),
        (("direction", [said("direction", "e", value="east"), said("direction", "f", value=NAN)]), AGREE),
        (("direction", [said("direction", "g", value="East Sea"), said("direction", "h", value="east")]), WORDING),
        (("direction", [said("direction", "i", value=None), said("direction", "j", value="")]), AGREE),
    ],
]


def assert_judged_alike(facts: list, expected: list[str]) -> None:
    """Every fact's verdict is what judging it alone gives, whatever order the facts come in and whatever
    was judged (and kept) before."""
    verdicts._JUDGED.clear()
    alone = []
    for attribute, claims in facts:
        verdicts._JUDGED.clear()
        alone.append(verdicts.verdict(attribute, claims))
    assert alone == expected
    for order in itertools.islice(itertools.permutations(range(len(facts))), 24):
        verdicts._JUDGED.clear()
        assert verdicts.verdicts_of([facts[i] for i in order]) == [expected[i] for i in order]
        assert verdicts.verdicts_of([facts[i] for i in order[: len(order) // 2]]) == [
            expected[i] for i in order[: len(order) // 2]
        ]  # from what was kept
    for kept in range(len(facts)):  # one fact judged and kept before the rest come together
        verdicts._JUDGED.clear()
        verdicts.verdict(*facts[kept])
        assert verdicts.verdicts_of(facts) == expected


@pytest.mark.parametrize("case", MIXED)
def test_facts_with_empty_fields_are_judged_together_as_each_alone(case):
    facts, expected = zip(*case, strict=True)
    assert_judged_alike(list(facts), list(expected))


def blanked(claims: list, rng: np.random.Generator) -> list:
    """The claims with some of what they say blanked (empty text, None or NaN), and some numbers written as
    numbers (435 rather than "435")."""
    says = [verdicts.FIELDS.index(f) for f in verdicts.SAYS_COLUMNS if f != "claim"]
    out = []
    for c in claims:
        values = list(c)
        for i in says:
            if rng.random() < 0.25:
                values[i] = MISSING[rng.integers(len(MISSING))]
        value = verdicts.FIELDS.index("value")
        if str(values[value]).isdigit() and rng.random() < 0.5:
            values[value] = int(values[value])
        out.append(verdicts.Claim(*values))
    return out


@pytest.mark.parametrize("seed", [1, 2])
def test_facts_with_fields_blanked_at_random_are_judged_together_as_each_alone(big, bundled, seed):
    rng = np.random.default_rng(seed)
    for _, flat in (bundled, big):
        sample = flat[flat["event_id"].isin(flat["event_id"].value_counts().index[:25])]
        facts = [
            (
                attribute,
                blanked([verdicts.claim_of(r) for r in keyfacts.records(group) if r["stance"] != "not_given"], rng),
            )
            for (_, attribute), group in sample.groupby(["event_id", "attribute"], sort=False)
        ]
        facts = [f for f in facts if f[1]]
        expected = []
        for attribute, claims in facts:
            verdicts._JUDGED.clear()
            expected.append(verdicts.verdict(attribute, claims))
        order = rng.permutation(len(facts))
        verdicts._JUDGED.clear()
        verdicts.verdicts_of([facts[i] for i in order[: len(order) // 3]])  # some kept before
        assert verdicts.verdicts_of([facts[i] for i in order]) == [expected[i] for i in order]
        verdicts._JUDGED.clear()
        assert verdicts.verdicts_of(facts) == expected


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
