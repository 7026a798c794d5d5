"""A report as the analyst gives it (pasted text, .txt, .md or a saved .html page) turned into plain text.

The work is bounded before anything is read, and every refusal says what was wrong and what is expected.
HTML goes through trafilatura, which keeps the article and drops scripts, styles, menus and footers;
the text it returns is only ever shown as text.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

MAX_BYTES = 1_000_000  # a long news report is 10-30 KB; a megabyte is a book, not a report
TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")


class ReportError(ValueError):
    """The input cannot be taken as a report; the message says why and what is expected."""


def check_published(published: dt.date, today: dt.date | None = None) -> None:
    today = today or dt.date.today()
    if published > today:
        raise ReportError(
            f"The report's date {published.isoformat()} is in the future (today is {today.isoformat()}): "
            "give the day the report speaks from."
        )


def decode(raw: bytes, name: str) -> str:
    if len(raw) > MAX_BYTES:
        raise ReportError(
            f"{name}: {len(raw):,} bytes is more than a report ({MAX_BYTES:,} bytes at most); paste the article alone."
        )
    if b"\x00" in raw[:8192]:
        raise ReportError(f"{name}: this is binary data, not text; give a .txt, .md or .html file.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReportError(
            f"{name}: not UTF-8 text (byte {exc.start} cannot be read); save the report as UTF-8."
        ) from None
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t")
    if controls > max(3, len(text) // 1000):
        raise ReportError(f"{name}: {controls} control characters: this looks like binary data, not a report.")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:1000].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text.lower())


def html_to_text(html: str, name: str) -> str:
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_recall=True)
    if not text or not text.strip():
        raise ReportError(f"{name}: no article text found in this HTML page; paste the report's text instead.")
    return text


def read_report(raw: bytes | str, name: str = "the pasted text") -> str:
    """The report's plain text, or ReportError with a message for the analyst."""
    text = decode(raw.encode("utf-8") if isinstance(raw, str) else raw, name)
    suffix = Path(name).suffix.lower()
    if suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and looks_like_html(text)):
        text = html_to_text(text, name)
    if not text.strip():
        raise ReportError(f"{name}: the text is empty; paste a report or choose a .txt, .md or .html file.")
    return text


def read_file(path: str | Path) -> str:
    path = Path(path)
    if not path.is_file():
        raise ReportError(f"{path}: no such file.")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ReportError(
            f"{path.name}: {size:,} bytes is more than a report ({MAX_BYTES:,} bytes at most); give the article alone."
        )
    return read_report(path.read_bytes(), path.name)
