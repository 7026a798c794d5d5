"""Taking a reviewed report into the workspace: the document, its text and its accepted claims, in one write."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .proposal import Proposal
from .review import claim_rows, document_row


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
    """What a save would write, and what it could not take (each with the reason)."""

    document: dict
    claims: list[dict]
    events: list[dict]
    problems: list[str] = field(default_factory=list)


class Refused(ValueError):
    """Nothing was saved; the message lists why."""


def plan(text: str, meta: Metadata, accepted: list[Proposal]) -> Plan:
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
    return Plan(document, claims, events, problems)


def save(store, who: str, text: str, the_plan: Plan) -> int:
    """Write the plan in one transaction attributed to `who`; refuse it whole if any claim cannot be taken."""
    if the_plan.problems:
        raise Refused("Nothing was saved: " + "; ".join(the_plan.problems))
    if not the_plan.claims:
        raise Refused("Nothing was saved: no claim is accepted.")
    return store.add_report(who, document=the_plan.document, text=text, claims=the_plan.claims, events=the_plan.events)
