"""Report intake: read a report, propose the claims it states (see extract.py)."""

from .extract import Context, Extraction, extract, sentences
from .proposal import COLUMNS, ORDERED, REPORT_ITSELF, Proposal

__all__ = ["COLUMNS", "ORDERED", "REPORT_ITSELF", "Context", "Extraction", "Proposal", "extract", "sentences"]
