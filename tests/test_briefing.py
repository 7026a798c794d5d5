"""The briefing's content: filters in words, the link back, hostile text escaped, derived marked, offline."""

import datetime as dt
import re
import shutil

import pandas as pd
import pytest

from launchwatch import cli, exports, filters, loading, periods
from launchwatch.briefing import View, build, offline, page, words

D000, D002 = "000_b1a128df4d4dce34", "002_54364550e8723fb3"
LAUNCH = "launch-2025-11-07"
SCRIPT = "<script>window.__pwned = 1</script>"
IMG = '<img src="http://hostile.invalid/x.png" onerror="window.__pwned = 2">'
MARKDOWN = "**bold** [click](http://hostile.invalid/phish) ![t](http://hostile.invalid/t.png)"
FORMULA = '=HYPERLINK("http://hostile.invalid","x")'
HOSTILE_EVENT = "artillery-2025-11-03"


@pytest.mark.parametrize(
    "state, expected",
    [
        (filters.FilterState(), "no filter: every report, originator, kind of source, event type and date"),
        (filters.FilterState(documents=(D000,)), "report 000"),
        (filters.FilterState(documents=(D000, D002)), "reports 000 and 002"),
        (filters.FilterState(documents=(D000, "001_x", D002)), "reports 000, 001 and 002"),
        (
            filters.FilterState(documents=(D000, D002), originators=("South Korea's Joint Chiefs of Staff",)),
            "reports 000 and 002; originator: South Korea's Joint Chiefs of Staff",
        ),
        (
            filters.FilterState(event_types=("missile_launch", "artillery_fire")),
            "event type: missile launch or artillery fire",
        ),
        (filters.FilterState(originator_kinds=("military",)), "kind of source: military"),
        (
            filters.FilterState(since=dt.date(2025, 11, 1), until=dt.date(2025, 11, 7)),
            "events from 2025-11-01 to 2025-11-07",
        ),
        (filters.FilterState(since=dt.date(2025, 11, 1)), "events from 2025-11-01 on"),
        (filters.FilterState(until=dt.date(2025, 11, 7)), "events up to 2025-11-07"),
    ],
)
def test_filters_in_words(state, expected):
    assert words.filters_in_words(state) == expected


@pytest.mark.parametrize(
    "state, launch, selected, bearing, expected",
    [
        (filters.FilterState(), None, None, None, "http://localhost:8501/"),
        (filters.FilterState(), LAUNCH, None, None, f"http://localhost:8501/?launch={LAUNCH}"),
        (
            filters.FilterState(documents=(D000, D002)),
            LAUNCH,
            "visit-x",
            80.0,
            f"http://localhost:8501/?doc={D000}&doc={D002}&launch={LAUNCH}&event=visit-x&bearing=80",
        ),
        (
            filters.FilterState(originators=("South Korea's JCS",), since=dt.date(2025, 11, 1)),
            None,
            None,
            None,
            "http://localhost:8501/?org=South+Korea%27s+JCS&since=2025-11-01",
        ),
    ],
)
def test_link_reopens_the_view_with_the_apps_parameters(state, launch, selected, bearing, expected):
    assert words.view_link(words.DEFAULT_APP_URL, state, launch, selected, bearing) == expected


def test_link_keeps_the_page_and_drops_an_old_query():
    link = words.view_link("http://127.0.0.1:8501/timeline?doc=1", filters.FilterState(), LAUNCH, None, None)
    assert link == f"http://127.0.0.1:8501/timeline?launch={LAUNCH}"


@pytest.fixture(scope="module")
def bundled():
    dataset = loading.load()
    return dataset, exports.flat_claims(dataset)


def _briefing(bundled, **kwargs):
    dataset, flat = bundled
    kwargs.setdefault("launch", LAUNCH)
    return build(View(dataset=dataset, claims=flat, made_at=dt.datetime(2025, 11, 8, 9, 30, tzinfo=dt.UTC), **kwargs))


def test_briefing_of_the_bundled_launch(bundled):
    b = _briefing(bundled, state=filters.FilterState(documents=(D000, D002)))
    assert b.title == "Briefing: Ballistic missile launch toward the East Sea"
    assert b.made_at == "2025-11-08 09:30 UTC"
    assert b.filters_text == "reports 000 and 002"
    facts = {f.attribute: f for f in b.facts}
    assert facts["range"].verdict == "agree within rounding"
    assert facts["range"].value == "roughly 435 mi; about 700 km"  # as reported, never the conversion
    html = page.render(b)
    assert "South Korea&#x27;s military, in 000" in html and "South Korea&#x27;s military, in 002" in html
    day = periods.label("2025-11-07", "day")  # dates are worded as everywhere else in the app
    assert ("Launch in focus", f"{day} · missile launch · Ballistic missile launch toward the East Sea") in b.focus
    assert list(b.sources["report"]) == ["000", "001", "002", "003"]
    assert list(b.sources["in view"]) == ["yes", "no (filtered out)", "yes", "no (filtered out)"]
    assert b.sources["sha256"].str.fullmatch("[0-9a-f]{64}").all()


def test_derived_values_are_marked_derived_and_the_bearing_assumed(bundled):
    b = _briefing(bundled, bearing=80.0)
    html = page.render(b)
    derived = re.findall(r"<li><span class='derived'>derived</span> ([^<]*)</li>", html)
    assert any(d.startswith("range: roughly 435 mi = 700.1 km (converted)") for d in derived), derived
    assert any(d.startswith("Range ring 700 km") for d in derived)
    assert any(d.startswith("Origin point 40.21, 125.20") for d in derived)
    assert any("ASSUMED by the analyst" in d for d in derived)
    assert "<td class='assumed'>80° from the origin: ASSUMED by the analyst, not reported" in html
    assert not [f for f in b.facts if "= 700" in f.value]  # a conversion is never shown as reported


def test_without_an_assumed_bearing_none_is_drawn_or_mentioned(bundled):
    b = _briefing(bundled)
    assert not any("assumed" in (t.name or "").lower() for t in b.map_figure.data)
    assert "ASSUMED" not in page.render(b).replace("ASSUMED path", "")


def test_evidence_is_span_references_without_the_reports(bundled, tmp_path, monkeypatch):
    monkeypatch.setenv("LAUNCHWATCH_REPORTS", str(tmp_path))
    b = _briefing(bundled)
    assert not b.quoted and b.evidence
    assert all(e.quote is None and re.fullmatch(r"\S+\.txt, characters \d+–\d+", e.span) for e in b.evidence)
    assert "“" not in page.render(b)


def test_evidence_is_quoted_when_the_reports_are_there(bundled, reports_dir, monkeypatch):
    monkeypatch.setenv("LAUNCHWATCH_REPORTS", str(reports_dir))
    b = _briefing(bundled)
    assert b.quoted and all(e.quote for e in b.evidence)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile-briefing")
    for name in ("documents.csv", "events.csv", "places.csv", "claims.csv"):
        shutil.copy(loading.BUNDLED_DATA / name, folder / name)
    events = pd.read_csv(folder / "events.csv", dtype=str, keep_default_na=False)
    events.loc[events.event_id == LAUNCH, "title"] = f"{SCRIPT} Launch {MARKDOWN}"
    events.loc[events.event_id == HOSTILE_EVENT, "description"] = f"{IMG} fired"
    events.to_csv(folder / "events.csv", index=False)
    docs = pd.read_csv(folder / "documents.csv", dtype=str, keep_default_na=False)
    docs.loc[0, "outlet"] = f"{SCRIPT} Outlet"
    docs.loc[0, "label"] = f"000 · {IMG}"
    docs.to_csv(folder / "documents.csv", index=False)
    claims = pd.read_csv(folder / "claims.csv", dtype=str, keep_default_na=False)
    first = claims.index[claims.event_id == LAUNCH][0]
    claims.loc[first, "originator"] = FORMULA
    claims.loc[first, "claim"] = f"{MARKDOWN} {SCRIPT}"
    claims.to_csv(folder / "claims.csv", index=False)
    dataset = loading.load(folder)
    return dataset, exports.flat_claims(dataset)


def test_hostile_text_stays_text_in_the_html(hostile):
    dataset, flat = hostile
    html = page.render(build(View(dataset=dataset, claims=flat, launch=LAUNCH, selected=HOSTILE_EVENT)))
    body = html[html.index("</head>") :]
    assert "<script>window" not in html and "<img src" not in html
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt; Launch **bold** [click](" in body
    assert "=HYPERLINK(&quot;" in body  # a formula is text in a page
    # In the figures' JSON, plotly's writer turns "</" into "<\/": no data can close the script.
    assert "</script><script>" not in html


def test_the_page_names_no_outside_address(bundled):
    html = page.render(_briefing(bundled))
    assert offline.outside_urls(html) == ["http://localhost:8501/?launch=launch-2025-11-07"] * 2  # href and its text
    assert html.count("<script>") == 3  # plotly.js once, one script per figure
    # No stylesheet, image, frame or font fetched by the page around plotly.js (whose code holds the word url( ).
    ours = html.replace(offline.plotly_js(), "")
    assert len(ours) < len(html) / 4
    assert not re.search(r"<(link|img|iframe)\b|@import|@font-face|url\(", ours)


def test_cli_writes_html_for_the_same_filters_as_export(tmp_path, capsys):
    out = tmp_path / "b.html"
    assert cli.main(["brief", "--document", D000, "--document", D002, "--launch", LAUNCH, "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "<b>Filters in force:</b> reports 000 and 002</p>" in html
    assert f"?doc={D000}&amp;doc={D002}&amp;launch={LAUNCH}" in html


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--document", "nope"], "--document: unknown value(s) nope"),
        (["--launch", "visit-2025-11-04"], "--launch: 'visit-2025-11-04' is not a missile launch"),
        (["--event", "nope"], "--event: 'nope' is not an event"),
        (["--bearing", "400"], "--bearing: 400 is outside 0 to 359.9 degrees"),
    ],
)
def test_cli_refuses_what_it_cannot_brief(tmp_path, capsys, argv, message):
    assert cli.main(["brief", *argv, "-o", str(tmp_path / "b.html")]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "b.html").exists()


def test_cli_needs_a_known_suffix(tmp_path, capsys):
    assert cli.main(["brief", "-o", str(tmp_path / "b.docx")]) == 2
    assert "must end in .html or .pdf" in capsys.readouterr().err


def test_cli_says_when_pdf_cannot_be_made(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("LAUNCHWATCH_CHROMIUM", str(tmp_path / "no-chromium"))
    assert cli.main(["brief", "-o", str(tmp_path / "b.pdf")]) == 1
    assert "PDF needs Chromium" in capsys.readouterr().err
