"""Text from data, made inert wherever the app shows it.

Streamlit renders Markdown in far more places than `st.markdown`: widget labels, option labels of
radios, `help=` tooltips, captions, alerts, toasts and expander titles all go through the same
renderer (GitHub-flavoured Markdown plus math, emoji shortcodes, `:material/...:` icons and
`:colour[...]` directives). Plotly renders hover text and labels as a subset of HTML. A string from a
dataset or an upload reaches both, so each has one function here, and every call site uses it.

What `md_escape` guarantees (tests/test_escaping.py holds the table of cases):
- every character that can open markup is backslash-escaped (CommonMark reads an escaped ASCII
  punctuation character as itself): no emphasis, code, link, image, HTML, table, strike-through,
  entity (`&#58;`) or LaTeX `$` can start; a leading `-`, `+`, `=` or `1.` cannot start a list;
- every line break (LF, CR, CRLF, and the Unicode separators) becomes a space, so no text after a
  break can make a heading (`===`) or a list item (`- item`);
- some rewrites work on the text *after* escapes are resolved, so an escape cannot stop them: bare
  addresses become links (a scheme and its slashes, `www.`, `name@host`, whatever precedes them), and `:name:` becomes
  an emoji or icon. An invisible word joiner (U+2060) after a `:` or `@` that text follows, and inside `www.`, breaks
  those patterns and leaves the text reading the same.
"""

from __future__ import annotations

import html
import os
import re

import pandas as pd

WORD_JOINER = "\u2060"

# The rest of ASCII punctuation stays bare so that text reads (and tests) as it is: with no line break
# and no bracket, parenthesis, quote, dot or dash cannot start anything.
_MARKUP = frozenset("\\`*_{}[]<>#|~$!&")
# A colon or at sign followed by more text could begin an address, an emoji, an icon or a directive.
_JOINS = re.compile(r"([:@])(?=\S)")
# str.splitlines() breaks on these: each would end a Markdown line somewhere in the renderer.
_LINE_BREAKS = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_WWW = re.compile(r"(?i)(w)(ww)(?=\.)")
_LEADING_NUMBER = re.compile(r"^(\d+)([.)])")


def md_escape(text) -> str:
    """Any value, as text that Streamlit's Markdown shows literally and never turns into markup."""
    flat = _LINE_BREAKS.sub(" ", str(text))
    escaped = "".join("\\" + ch if ch in _MARKUP else ch for ch in flat)
    escaped = _JOINS.sub(r"\1" + WORD_JOINER, escaped)
    # "www." starts a link with no scheme; a joiner inside the word stops the match.
    escaped = _WWW.sub(lambda m: m.group(1) + WORD_JOINER + m.group(2), escaped)
    if escaped[:1] in ("-", "+", "="):
        escaped = "\\" + escaped
    escaped = _LEADING_NUMBER.sub(r"\1\\\2", escaped)
    if escaped[:1] in (" ", "\t"):
        # Four leading spaces would make a code block; a joiner first keeps it a paragraph.
        escaped = WORD_JOINER + escaped
    return escaped


# Where Streamlit 1.67 shows an option's label as plain text, as checked in Chromium: the options of a
# selectbox and of a multiselect, in the open list, as the chosen value and as the chosen tags. A
# backslash escape would show there as a backslash. The options of a radio, a segmented control and
# pills are Markdown (bold, code, links), like every label, caption, help tooltip and alert.
PLAIN_OPTIONS = frozenset({"selectbox", "multiselect"})


def option_label(text, widget: str) -> str:
    """Any value as the label of an option of a Streamlit `widget` (its command's name): as it is where
    options are plain text, through md_escape where they are Markdown."""
    if widget in PLAIN_OPTIONS:
        return str(text)
    return md_escape(text)


def html_text(text) -> str:
    """Any value, as text for plotly's hover labels, legend names and marker text (a subset of HTML).

    Plotly evaluates `%{...}` only in templates, which stay constants in code; data goes in `text` or
    `customdata`, where it is shown as it is once `<`, `>` and `&` are entities.
    """
    return html.escape(str(text), quote=False)


def html_texts(texts: pd.Series) -> pd.Series:
    """html_text for a column of strings at once (a million hover texts would take seconds one by one)."""
    return (
        texts.str.replace("&", "&amp;", regex=False)
        .str.replace("<", "&lt;", regex=False)
        .str.replace(">", "&gt;", regex=False)
    )


def without_paths(text: str, *folders) -> str:
    """Text for viewers with each server folder named by its last part: where the server keeps its data
    is nobody else's business (a path tells a viewer the layout of the machine and who runs it)."""
    for folder in folders:
        if not folder:
            continue
        name = os.path.basename(os.path.normpath(str(folder)))
        for form in {str(folder), os.path.normpath(str(folder)), os.path.realpath(str(folder))}:
            if len(form) > 1:
                text = text.replace(form.rstrip("/") + "/", name + "/").replace(form.rstrip("/"), name)
    return text


def page_text(text) -> str:
    """Any value, as text in an HTML page we write ourselves (element content or a quoted attribute value).

    `<`, `>`, `&` and both quotes become entities, so a title such as `<script>` is shown, never run.
    Markdown and spreadsheet-formula characters mean nothing in HTML and are left as they are.
    """
    return html.escape(str(text), quote=True)
