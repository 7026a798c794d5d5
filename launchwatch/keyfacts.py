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
    claims: pd.DataFrame  # every claim in view about it (the evidence), not-given ones included

    @property
    def given(self) -> bool:
        return self.verdict is not None

    @property
    def reports(self) -> int:
        """Reports that state the value (not counting those saying it was not given)."""
        return int(self.claims.loc[~not_given(self.claims), "document"].nunique()) if len(self.claims) else 0


def date_text(date, precision: str) -> str:
    """A date at its precision: the one place this module takes date labels from."""
    return periods.label(date, precision)


def independent_origins(claims: pd.DataFrame) -> int:
    """Independent origins behind the claims (organisations through the alias table; the reports' own
    unattributed statements are not an origin): how the verdicts count them."""
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


def value_text(claims: pd.DataFrame) -> str:
    """The distinct values the claims give, the most often given first, each in the wording first seen.

    Values differing only in their qualifier ("about 700 km", "approximately 700 km") are one value.
    """
    if claims["attribute"].iloc[0] in TOLD_BY_SENTENCE:
        return " / ".join(dict.fromkeys(str(c).rstrip(".") for c in claims["claim"]))
    wording: dict[str, str] = {}
    count: dict[str, int] = {}
    for _, row in claims.iterrows():
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


def fact(claims: pd.DataFrame, attribute: str, label: str | None = None) -> Fact:
    """The fact `attribute` as the given claims (all about one event) state it, judged as the verdicts judge."""
    about = claims[claims["attribute"] == attribute]
    silent = not_given(about)
    given = about[~silent]
    label = label or FACT_LABELS.get(attribute, attribute.replace("_", " ").capitalize())
    if given.empty:
        return Fact(attribute, label, NO_CLAIM, None, 0, int(silent.sum()), about)
    said = [c for group in verdicts.fact_groups(given).values() for c in group]
    return Fact(
        attribute,
        label,
        value_text(given),
        verdicts.verdict(attribute, said),
        independent_origins(given),
        int(silent.sum()),
        about,
    )


def event_claims(view: pd.DataFrame, event_id: str | None) -> pd.DataFrame:
    """The claims in view about one event (none when no event is given)."""
    return columnar.where(view, "event_id", event_id) if event_id else view.iloc[0:0]


def key_facts(view: pd.DataFrame, event_id: str | None) -> list[Fact]:
    """The key facts of an event, from the claims in view (so a filter changes them)."""
    claims = event_claims(view, event_id)
    return [fact(claims, attribute, label) for attribute, label in KEY_FACTS]


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


def independent_total(view: pd.DataFrame, event_id: str | None) -> tuple[int, int]:
    """Reports and independent origins (see independent_origins) carrying the event in view."""
    claims = event_claims(view, event_id)
    return int(claims["document"].nunique()), independent_origins(claims)


# ---------------------------------------------------------------- the selected event's claims

TABLE_COLUMNS = ["fact", "value", "source", "verdict", "claim_id"]


def source_chain(row, report_names: dict[str, str]) -> str:
    """Who said it, through whom, in which report: 'South Korea's military via Reuters, in 000 · ...'."""
    via = f" via {row['via']}" if str(row["via"]) not in ("", "nan") else ""
    report = report_names.get(row["document"], aliases.short_doc(row["document"]))
    return f"{row['originator']}{via}, in {report}"


def claims_table(view: pd.DataFrame, event_id: str, report_names: dict[str, str]) -> pd.DataFrame:
    """One row per claim about the event, grouped by fact (key facts first), with each fact's verdict."""
    claims = view[view["event_id"] == event_id]
    if claims.empty:
        return pd.DataFrame([], columns=TABLE_COLUMNS)
    order = {a: i for i, (a, _) in enumerate(KEY_FACTS)}
    attributes = sorted(claims["attribute"].unique(), key=lambda a: (order.get(a, len(order)), a))
    rows = []
    for attribute in attributes:
        f = fact(claims, attribute)
        silent = not_given(f.claims)
        verdict = f.verdict or verdicts.NOT_GIVEN
        for (_, c), quiet in zip(f.claims.iterrows(), silent, strict=True):
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
    claims = view[view["event_id"] == event_id]
    docs = list(dict.fromkeys(claims["document"]))
    order = {a: i for i, (a, _) in enumerate(KEY_FACTS)}
    attributes = sorted(claims["attribute"].unique(), key=lambda a: (order.get(a, len(order)), a))
    rows = []
    for attribute in attributes:
        f = fact(claims, attribute)
        row = {"fact": f.label, "verdict": f.verdict or verdicts.NOT_GIVEN}
        silent = not_given(f.claims)
        for doc in docs:
            said = f.claims[f.claims["document"] == doc]
            row[report_names.get(doc, doc)] = (
                " | ".join(
                    (
                        f"says not given [{c['originator']}]"
                        if quiet
                        else f"{reported(c) or c['claim']} [{c['originator']}]"
                    )
                    for (_, c), quiet in zip(said.iterrows(), silent[said.index], strict=True)
                )
                or "—"
            )
        rows.append(row)
    return pd.DataFrame(rows, columns=["fact", "verdict"] + [report_names.get(d, d) for d in docs])
