"""Where a claim's supporting text is: its report and character span, and the text itself when the
reports folder holds the very report the span was taken from (checked by SHA-256 in loading), or the
workspace database stores the report's text."""

from __future__ import annotations

from . import loading


def span_reference(claim_row) -> str:
    """The report file and character span a claim rests on, for when its text cannot be quoted."""
    return f"{claim_row['document']}.txt, characters {int(claim_row['span_start'])}–{int(claim_row['span_end'])}"


def quote(dataset: loading.Dataset, claim_row) -> str | None:
    """The exact supporting text of a claim, or None when neither the reports folder nor the workspace
    database holds its report's text."""
    doc, start, end = claim_row["document"], int(claim_row["span_start"]), int(claim_row["span_end"])
    text = loading.report_text(dataset.documents, doc)
    if text is not None:
        return text[start:end]
    if dataset.stored_quote is None:
        return None
    return dataset.stored_quote(str(claim_row["claim_id"]), doc, start, end)
