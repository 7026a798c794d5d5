"""Who stands behind a claim: originator names resolved to organisations, and the chain each claim
travelled (organisation, via a wire service, in a report).

The alias table (data/aliases.csv) is the one place aliases live. A name it does not list stands for
itself. Corroboration counts independent origins (organisations), not names, reports or wire services.
"""

from __future__ import annotations

import functools

import pandas as pd

REPORT_ITSELF = "the report itself"
SEPARATOR = "; "


def organisations_of(names: pd.Series, aliases: pd.DataFrame) -> pd.Series:
    """Each name's organisation(s), '; '-joined in the table's order; an unlisted name stands for itself."""
    table: dict[str, list[str]] = {}
    for alias, organisation in zip(aliases["alias"], aliases["organisation"], strict=True):
        table.setdefault(str(alias), []).append(str(organisation))
    codes, uniques = pd.factorize(names.astype(str), use_na_sentinel=False)
    resolved = [SEPARATOR.join(table.get(u, [u])) if u else "" for u in uniques]
    return pd.Series(pd.array(resolved, dtype="str").take(codes), index=names.index, dtype="str")


@functools.lru_cache(maxsize=65536)
def split(organisations: str) -> tuple[str, ...]:
    return tuple(o for o in str(organisations).split(SEPARATOR) if o)


def link_organisations(name, organisations) -> tuple[str, ...]:
    """The organisations a claim's originator stands for: those resolved, else the name itself."""
    return split(organisations) or (str(name),)


class Chain(list):
    """The distinct links of some claims, as chain_links gives them: pass it on instead of the claims to
    work them out once for several texts."""


def short_doc(document_id: str) -> str:
    return str(document_id).split("_", 1)[0]


def chain_links(claims) -> Chain:
    """Distinct (organisation, name used, via, document) links of the claims, in document order.

    claims: rows of the flat claims table, as a DataFrame or as records with those fields."""
    if isinstance(claims, Chain):
        return claims
    if isinstance(claims, pd.DataFrame):
        claims = list(claims[["originator", "organisation", "carried_by", "document"]].itertuples(index=False))
    links = set()
    for c in claims:
        name, via, doc = c.originator, c.carried_by, c.document
        for org in link_organisations(name, c.organisation):
            links.add((org, str(name), str(via) if _present(via) else "", str(doc)))
    return Chain(sorted(links, key=lambda k: (k[3], k[0], k[2], k[1])))


def chain_text(claims) -> str:
    """The chains, one per organisation: 'South Korea's Joint Chiefs of Staff (as "South Korean military
    officials") via Reuters in 001; ...'."""
    parts = []
    for org, name, via, doc in chain_links(claims):
        who = "unattributed" if org == REPORT_ITSELF else org
        alias = f' (as "{name}")' if name != org and org != REPORT_ITSELF else ""
        parts.append(f"{who}{alias}" + (f" via {via}" if via else "") + f" in {short_doc(doc)}")
    return SEPARATOR.join(parts)


def origins(claims) -> list[str]:
    """The independent origins: distinct organisations, the reports' own unattributed statements excluded."""
    return sorted({org for org, *_ in chain_links(claims) if org != REPORT_ITSELF})


def origin_summary(claims) -> str:
    """'1 origin (South Korea's Joint Chiefs of Staff), carried by 2 wire services, in 4 reports'."""
    links = chain_links(claims)
    found = sorted({org for org, *_ in links if org != REPORT_ITSELF})
    wires = sorted({via for _, _, via, _ in links if via})
    reports = sorted({doc for *_, doc in links})
    unattributed = sorted(
        {doc for org, _, _, doc in links if org == REPORT_ITSELF}
        - {doc for org, _, _, doc in links if org != REPORT_ITSELF}
    )
    text = _count(len(found), "origin", "origins") + (f" ({SEPARATOR.join(found)})" if found else "")
    if wires:
        text += f", carried by {_count(len(wires), 'wire service', 'wire services')} ({SEPARATOR.join(wires)})"
    text += f", in {_count(len(reports), 'report', 'reports')}"
    if unattributed:
        text += f"; unattributed in {', '.join(short_doc(d) for d in unattributed)}"
    return text


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _present(v) -> bool:
    return v is not None and v == v and str(v) != ""
