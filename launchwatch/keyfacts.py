"""What the claims in view say about one event, fact by fact: the key facts card and the claims table.

A fact is one attribute of an event (its date, range, origin...). Its value is shown as the sources
worded it, at the precision they gave (about 700 km stays "about 700 km"), with the verdict between
the sources that give it and how many independent origins stand behind it. A claim saying the value
was not given is shown beside the verdict, never counted for or against it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import aliases, columnar, periods, verdicts

# The facts an analyst briefs a launch from, in the order a sentence about it runs.
KEY_FACTS = (
    ("date", "When"),
    ("time", "Time of day"),
    ("count", "How many"),
    ("missile_type", "What"),
    ("origin", "From"),
    ("range", "How far"),
    ("direction", "Toward"),
    ("landing_area", "Came down"),
)
FACT_LABELS = dict(KEY_FACTS)
NOT_GIVEN_VALUES = {"no details", "not given", "not stated", "not disclosed", "unknown"}
NO_CLAIM = "not in the selected reports"


@dataclass(frozen=True)
class Fact:
    attribute: str
    label: str
    value: str  # as reported, at the precision given; NO_CLAIM when no claim in view gives it
    verdict: str | None  # None when no claim in view gives it
    origins: int  # independent origins behind the value
    not_given: int  # claims in view saying the value was not given
    evidence: tuple[dict, ...]  # every claim in view about it, as records() reads them, not-given ones included
    silent: tuple[bool, ...]  # whether each of those says the value was not given

    @property
    def given(self) -> bool:
        return self.verdict is not None

    @property
    def reports(self) -> int:
        """Reports that state the value (not counting those saying it was not given)."""
        said = (r["document"] for r, quiet in zip(self.evidence, self.silent, strict=True) if not quiet)
        return len({d for d in said if not pd.isna(d)})


def date_text(date, precision: str) -> str:
    """A date at its precision: the one place this module takes date labels from."""
    return periods.label(date, precision)


def records(claims: pd.DataFrame) -> list[dict]:
    """Each claim as a dict of its fields, the values DataFrame.iterrows gives (a missing text is NaN),
    read a column at a time rather than a row at a time."""
    columns = list(claims.columns)
    return [
        dict(zip(columns, values, strict=True)) for values in zip(*(claims[c].tolist() for c in columns), strict=True)
    ]


def independent_origins(claims) -> int:
    """Independent origins behind the claims (organisations through the alias table; the reports' own
    unattributed statements are not an origin): how the verdicts count them. claims: a DataFrame or
    records with the claim fields."""
    return len(aliases.origins(claims)) if len(claims) else 0


def not_given(claims: pd.DataFrame) -> pd.Series:
    """Claims that say a value was not given (a claim of its own kind, never a value)."""
    if "stance" in claims.columns:
        return claims["stance"].astype("str").eq("not_given")
    value = claims["value"].astype("str").str.strip().str.lower()
    return value.isin(NOT_GIVEN_VALUES) & claims["normalized_value"].isna()


def reported(row) -> str:
    """One claim's value as the source worded it: qualifier, value and unit, with a resolved date."""
    words = " ".join(str(row[c]) for c in ("qualifier", "value", "unit") if str(row[c]) not in ("", "nan"))
    if str(row["value"]) == "1" and str(row["unit"]).endswith("s"):
        words = words[:-1]  # "1 missiles" as the unit column spells it reads "1 missile"
    resolved = str(row.get("resolved_date", "") or "")
    if row["attribute"] == "date" and resolved not in ("", "nan"):
        return date_text(resolved, "day")
    return words


# Facts whose values are bare words ("outside", "far from") that only the claim's sentence makes readable.
TOLD_BY_SENTENCE = {"landing_area"}


def value_text(claims: list[dict]) -> str:
    """The distinct values the claims (records) give, the most often given first, each in the wording
    first seen.

    Values differing only in their qualifier ("about 700 km", "approximately 700 km") are one value.
    """
    if claims[0]["attribute"] in TOLD_BY_SENTENCE:
        return " / ".join(dict.fromkeys(str(c["claim"]).rstrip(".") for c in claims))
    wording: dict[str, str] = {}
    count: dict[str, int] = {}
    for row in claims:
        text = reported(row)
        if not text:
            continue
        key = " ".join(str(row[c]) for c in ("value", "unit")).strip().lower()
        if row["attribute"] == "date" or not key:
            key = text.lower()
        wording.setdefault(key, text)
        count[key] = count.get(key, 0) + 1
    ranked = sorted(wording, key=lambda k: -count[k])  # stable: ties keep the order first given
    return "; ".join(wording[k] for k in ranked)


@dataclass(frozen=True)
class EventFacts:
    """What the claims in view say about one event, every fact at once."""

    facts: list[Fact]  # the KEY_FACTS in order, given or not, then every other fact claimed, by name
    documents: int  # reports with a claim about the event
    origins: int  # independent origins behind those claims (not-given ones included)

    @property
    def key(self) -> list[Fact]:
        return self.facts[: len(KEY_FACTS)]

    @property
    def claimed(self) -> list[Fact]:
        """The facts some claim is about: key facts first, then by name (the claims table's order)."""
        return [f for f in self.facts if f.evidence]


def event_facts(claims: pd.DataFrame) -> EventFacts:
    """Every fact the claims (all about one event) state, and the key facts, judged as the verdicts judge:
    the claims are read once, and the facts not judged before are judged together."""
    rows, silent = records(claims), not_given(claims).tolist()
    where: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        where.setdefault(r["attribute"], []).append(i)
    others = sorted(a for a in where if a not in FACT_LABELS)
    wanted = [a for a, _ in KEY_FACTS] + others
    stated = {a: [verdicts.claim_of(rows[i]) for i in where.get(a, []) if not silent[i]] for a in wanted}
    judged = verdicts.verdicts_of([(a, said) for a, said in stated.items() if said])
    found = dict(zip([a for a, said in stated.items() if said], judged, strict=True))
    facts = [_fact(a, rows, silent, where.get(a, []), stated[a], found.get(a)) for a in wanted]
    documents = {r["document"] for r in rows if not pd.isna(r["document"])}
    return EventFacts(facts, len(documents), independent_origins([verdicts.claim_of(r) for r in rows]))


def _fact(attribute, rows, silent, about, said, verdict) -> Fact:
    label = FACT_LABELS.get(attribute, attribute.replace("_", " ").capitalize())
    evidence, quiet = tuple(rows[i] for i in about), tuple(silent[i] for i in about)
    if not said:
        return Fact(attribute, label, NO_CLAIM, None, 0, sum(quiet), evidence, quiet)
    given = [rows[i] for i in about if not silent[i]]
    return Fact(attribute, label, value_text(given), verdict, independent_origins(said), sum(quiet), evidence, quiet)


def event_claims(view: pd.DataFrame, event_id: str | None) -> pd.DataFrame:
    """The claims in view about one event (none when no event is given)."""
    return columnar.where(view, "event_id", event_id) if event_id else view.iloc[0:0]


def key_facts(view: pd.DataFrame, event_id: str | None) -> list[Fact]:
    """The key facts of an event, from the claims in view (so a filter changes them)."""
    return event_facts(event_claims(view, event_id)).key


def headline(facts: list[Fact]) -> str:
    """The facts in one line, in briefing order, leaving out what no claim in view gives."""
    parts = {f.attribute: f.value.split("; ")[0] for f in facts if f.given}
    pieces = [
        " ".join(p for p in (parts.get("date"), parts.get("time")) if p),
        " ".join(p for p in (parts.get("count"), f"({parts['missile_type']})" if "missile_type" in parts else "") if p),
        f"from {parts['origin']}" if "origin" in parts else "",
        parts.get("range", ""),
        f"toward {parts['direction']}" if "direction" in parts else "",
    ]
    return " · ".join(p for p in pieces if p)


# ---------------------------------------------------------------- the selected event's claims

TABLE_COLUMNS = ["fact", "value", "source", "verdict", "claim_id"]


def source_chain(row, report_names: dict[str, str]) -> str:
    """Who said it, through whom, in which report: 'South Korea's military via Reuters, in 000 · ...'."""
    via = f" via {row['via']}" if str(row["via"]) not in ("", "nan") else ""
    report = report_names.get(row["document"], aliases.short_doc(row["document"]))
    return f"{row['originator']}{via}, in {report}"


def claims_table(view: pd.DataFrame, event_id: str, report_names: dict[str, str]) -> pd.DataFrame:
    """One row per claim about the event, grouped by fact (key facts first), with each fact's verdict."""
    return facts_table(event_facts(event_claims(view, event_id)), report_names)


def facts_table(found: EventFacts, report_names: dict[str, str]) -> pd.DataFrame:
    """claims_table of the facts of an event (event_facts)."""
    rows = []
    for f in found.claimed:
        verdict = f.verdict or verdicts.NOT_GIVEN
        for c, quiet in zip(f.evidence, f.silent, strict=True):
            value = reported(c) or str(c["claim"])
            rows.append(
                {
                    "fact": f.label,
                    "value": f"{value} (says not given)" if quiet else value,
                    "source": source_chain(c, report_names),
                    "verdict": verdict if not quiet else "not given (beside the verdict)",
                    "claim_id": c["claim_id"],
                }
            )
    return pd.DataFrame(rows, columns=TABLE_COLUMNS)


def report_names(documents: pd.DataFrame) -> dict[str, str]:
    """Each report's label with its outlet where known: how a person reads and chooses a report."""
    names = {}
    for doc, label, outlet in zip(documents["document_id"], documents["label"], documents["outlet"], strict=True):
        outlet = str(outlet)
        names[doc] = f"{label} ({outlet})" if outlet and outlet.lower() not in ("unknown", "nan") else str(label)
    return names


def by_report(view: pd.DataFrame, event_id: str, report_names: dict[str, str]) -> pd.DataFrame:
    """Facts down, reports across: what each report says about the event (its value, or the claim in our
    words when it gives none), and the fact's verdict. Only reports with a claim about the event get a column."""
    claims = event_claims(view, event_id)
    docs = list(dict.fromkeys(claims["document"]))
    found = event_facts(claims)
    rows = []
    for f in found.claimed:
        row = {"fact": f.label, "verdict": f.verdict or verdicts.NOT_GIVEN}
        for doc in docs:
            said = [(c, quiet) for c, quiet in zip(f.evidence, f.silent, strict=True) if c["document"] == doc]
            row[report_names.get(doc, doc)] = (
                " | ".join(
                    (
                        f"says not given [{c['originator']}]"
                        if quiet
                        else f"{reported(c) or c['claim']} [{c['originator']}]"
                    )
                    for c, quiet in said
                )
                or "—"
            )
        rows.append(row)
    return pd.DataFrame(rows, columns=["fact", "verdict"] + [report_names.get(d, d) for d in docs])
