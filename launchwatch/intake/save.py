"""Taking a reviewed report into the workspace: the document, its text and its accepted claims, in one write."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .proposal import Proposal
from .review import alias_rows, claim_rows, document_row, new_originators


@dataclass
class Metadata:
    """What the analyst says of the report; `published` is the report's date (required)."""

    published: dt.date
    name: str = "pasted text"
    title: str = ""
    outlet: str = ""
    url: str = ""
    dateline: str = ""
    reliability: str = "F"
    is_publication: bool = True


@dataclass
class Plan:
    """What a save would write, and what it could not take (each with the reason). `originators` are the
    claims' originators the workspace does not know: the save adds them to its alias table."""

    document: dict
    claims: list[dict]
    events: list[dict]
    problems: list[str] = field(default_factory=list)
    originators: list[str] = field(default_factory=list)


class Refused(ValueError):
    """Nothing was saved; the message lists why."""


def plan(text: str, meta: Metadata, accepted: list[Proposal], known=()) -> Plan:
    """What saving the accepted proposals would write; `known` are the originators the workspace knows."""
    document = document_row(
        text,
        meta.published,
        name=meta.name,
        outlet=meta.outlet,
        dateline=meta.dateline,
        url=meta.url,
        title=meta.title,
        reliability=meta.reliability,
        published_is_publication=meta.is_publication,
    )
    claims, events, problems = claim_rows(accepted, document["document_id"])
    return Plan(document, claims, events, problems, new_originators(claims, known))


def save(store, who: str, text: str, the_plan: Plan, stands_for: dict[str, str] | None = None) -> int:
    """Write the plan in one transaction attributed to `who`, new originators into the alias table (each
    standing for the organisation `stands_for` names, else for itself); refuse it whole if any claim
    cannot be taken."""
    if the_plan.problems:
        raise Refused("Nothing was saved: " + "; ".join(the_plan.problems))
    if not the_plan.claims:
        raise Refused("Nothing was saved: no claim is accepted.")
    aliases = alias_rows(the_plan.originators, stands_for or {}, who, the_plan.document["document_id"])
    return store.add_report(
        who, document=the_plan.document, text=text, claims=the_plan.claims, events=the_plan.events, aliases=aliases
    )
