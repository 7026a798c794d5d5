"""The one escaping function for text from data: a table of input -> what Streamlit is given."""

import re

import pytest

from launchwatch.escaping import WORD_JOINER as J
from launchwatch.escaping import html_text, md_escape, option_label, without_paths

CASES = [
    # plain text, ordinary punctuation and non-ASCII pass through untouched
    ("Joint Chiefs of Staff", "Joint Chiefs of Staff"),
    (
        "Range 700 km (435 mi), 7 Nov 2025 - U.S. Forces Korea's view; 50% 'said' \"x\"",
        "Range 700 km (435 mi), 7 Nov 2025 - U.S. Forces Korea's view; 50% 'said' \"x\"",
    ),
    ("Data: a folder", "Data: a folder"),
    ("태관군 Taekwan", "태관군 Taekwan"),
    ("", ""),
    (435, "435"),
    (None, "None"),
    # emphasis, code, strike-through, tables
    ("*bold* _it_ `code` ~~x~~ a|b", r"\*bold\* \_it\_ \`code\` \~\~x\~\~ a\|b"),
    # images and links: the brackets are literal and the address is broken after its scheme
    ("![x](http://host/x.png)", rf"\!\[x\](http:{J}//host/x.png)"),
    ("[click](https://host/p)", rf"\[click\](https:{J}//host/p)"),
    ("<https://host/x>", rf"\<https:{J}//host/x\>"),
    # bare addresses after a character that is not a word boundary
    ("_https://host/x", rf"\_https:{J}//host/x"),
    ("1https://host/x", f"1https:{J}//host/x"),
    ("_www.host.example", rf"\_w{J}ww.host.example"),
    ("see WWW.host.example", f"see W{J}WW.host.example"),
    ("someone@host", f"someone@{J}host"),
    ("a.b+c@host.example", f"a.b+c@{J}host.example"),
    ("mailto:someone", f"mailto:{J}someone"),
    # entities are literal, so "&#58;" cannot smuggle a colon past the rules above
    ("https&#58;//host", r"https\&\#58;//host"),
    # HTML
    ("<img src=x onerror=alert(1)>", r"\<img src=x onerror=alert(1)\>"),
    ("<script>x</script>", r"\<script\>x\</script\>"),
    # line breaks of every kind become spaces: no heading or list item after them
    ("Title\r===", "Title ==="),
    ("Title\r\n- item", "Title - item"),
    ("Title\n# heading", r"Title \# heading"),
    ("a\u2028b\u2029c\x85d\x0be\x0cf", "a b c d e f"),
    # a leading marker cannot start a list, quote, heading or numbered list
    ("- item", r"\- item"),
    ("+ item", r"\+ item"),
    ("> quote", r"\> quote"),
    ("# heading", r"\# heading"),
    ("1. first", r"1\. first"),
    ("2) second", r"2\) second"),
    ("=== ", r"\=== "),
    # leading spaces would make a code block
    ("    code", f"{J}    code"),
    # Streamlit's icons, emoji shortcodes and colour directives
    (":material/rocket_launch:", rf":{J}material/rocket\_launch:"),
    (":rocket:", f":{J}rocket:"),
    ("a:rocket:b", f"a:{J}rocket:{J}b"),
    (":red[alarm]", rf":{J}red\[alarm\]"),
    # LaTeX
    ("$x^2$ and $$y$$", r"\$x^2\$ and \$\$y\$\$"),
    # a backslash in data stays one visible backslash
    ("C:\\data", rf"C:{J}\\data"),
]


@pytest.mark.parametrize("given,expected", CASES, ids=[repr(c[0])[:40] for c in CASES])
def test_md_escape(given, expected):
    assert md_escape(given) == expected


@pytest.mark.parametrize("given", [c[0] for c in CASES])
def test_md_escape_leaves_no_line_break_no_bare_markup_and_no_bare_address(given):
    out = md_escape(given)
    assert not any(ch in out for ch in "\r\n\u2028\u2029\x85")
    i = 0
    while i < len(out):
        if out[i] == "\\":
            i += 2
            continue
        assert out[i] not in "`*_{}[]<>#|~$!&", (given, out, i)
        i += 1
    assert not re.search(r"(?i)(https?:/|www\.|@\w|:[\w+-])", out)


@pytest.mark.parametrize(
    "given,expected",
    [
        ("Western waters", "Western waters"),
        ("<b>x</b>", "&lt;b&gt;x&lt;/b&gt;"),
        ("%{customdata} & %{lat}", "%{customdata} &amp; %{lat}"),
        ('<a href="http://host">x</a>', '&lt;a href="http://host"&gt;x&lt;/a&gt;'),
    ],
)
def test_html_text(given, expected):
    assert html_text(given) == expected


@pytest.mark.parametrize(
    "text,folders,expected",
    [
        ("missing from /srv/launchwatch/data: expected x", ("/srv/launchwatch/data",), "missing from data: expected x"),
        ("in /srv/launchwatch/data/claims.csv", ("/srv/launchwatch/data/",), "in data/claims.csv"),
        ("nothing here", ("/srv/x",), "nothing here"),
        ("no folder", (None,), "no folder"),
    ],
)
def test_without_paths(text, folders, expected):
    assert without_paths(text, *folders) == expected


# Option labels: as they are where Streamlit shows options as plain text (a backslash escape would show),
# escaped where it renders them as Markdown. tests/test_hostile.py checks both in Chromium.
@pytest.mark.parametrize(
    "widget,given,expected",
    [
        (
            "selectbox",
            "7 Nov 2025 · *launch* [East Sea](http://x.invalid) a_b",
            "7 Nov 2025 · *launch* [East Sea](http://x.invalid) a_b",
        ),
        ("multiselect", "001 · `code` <b>", "001 · `code` <b>"),
        ("radio", "*launch* a_b", "\\*launch\\* a\\_b"),
        ("segmented_control", "[East Sea](x)", "\\[East Sea\\](x)"),
        ("pills", "**bold**", "\\*\\*bold\\*\\*"),
    ],
)
def test_option_label_is_escaped_only_where_options_are_markdown(widget, given, expected):
    assert option_label(given, widget) == expected


@pytest.mark.parametrize("given", [c[0] for c in CASES] + ["]]", "a] :red[b", "x\\", ":gray[:small[y]]"])
def test_evidence_in_its_small_grey_directive_stays_text(given):
    """The card and the claims table show each claim's evidence as `:gray[:small[...]]`: a bracket from data
    must never close the directive early or open another one."""
    from launchwatch.panels import evidence_markdown

    body = evidence_markdown([(md_escape(given), md_escape(given)), ("**line**", md_escape(given))])
    bare = re.sub(r"\\.", "", body)  # what is left once every escaped character is taken out
    assert bare.count(":gray[:small[") == 2
    assert re.sub(r":gray\[:small\[[^\[\]]*\]\]", "", bare).count("[") == 0
    assert bare.count("]") == 4
