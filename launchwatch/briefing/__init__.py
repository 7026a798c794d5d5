"""A briefing of the current view: one self-contained HTML page, or a PDF for print and mail.

content builds what a briefing holds (no format), page lays it out as HTML, pdf prints that page
with Chromium, words says the view in words and as the link that reopens it.
"""

from . import page, pdf, words
from .content import Briefing, View, build

__all__ = ["Briefing", "View", "build", "html_bytes", "page", "pdf", "pdf_bytes", "words"]


def html_bytes(view: View) -> bytes:
    """The briefing of the view as one self-contained HTML file."""
    return page.render(build(view)).encode("utf-8")


def pdf_bytes(view: View) -> bytes:
    """The briefing of the view as PDF (raises pdf.PdfUnavailable where Chromium is missing)."""
    return pdf.render(build(view))
