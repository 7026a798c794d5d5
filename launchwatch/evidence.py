"""Where a claim's supporting text is: its report and character span, and the text itself when the
reports folder holds the very report the span was taken from (checked by SHA-256 in loading)."""

from __future__ import annotations

import pandas as pd

from . import loading


def span_reference(claim_row) -> str:
    """The report file and character span a claim rests on, for when its text cannot be quoted."""
    return f"{claim_row['document']}.txt, characters {int(claim_row['span_start'])}–{int(claim_row['span_end'])}"


def quote(documents: pd.DataFrame, claim_row) -> str | None:
    """The exact supporting text of a claim, or None when the reports folder does not hold its report."""
    text = loading.report_text(documents, claim_row["document"])
    if text is None:
        return None
    return text[int(claim_row["span_start"]) : int(claim_row["span_end"])]
