"""Plotly evaluates %{...} in hover templates: data shown on a chart never becomes part of one."""

import json

import pytest

from launchwatch import analysis, exports, figures, loading

HOSTILE = "%{customdata} %{lat} <b>bold</b> %{x|%Y}"
SHOWN = "%{customdata} %{lat} &lt;b&gt;bold&lt;/b&gt; %{x|%Y}"


@pytest.fixture(scope="module")
def hostile_claims():
    dataset = loading.load(loading.BUNDLED_DATA)
    flat = exports.flat_claims(dataset)
    key = analysis.key_event_id(dataset.events)
    flat = flat.assign(place=HOSTILE, originator=HOSTILE, title=HOSTILE, document=flat["document"])
    descriptions = {e: HOSTILE for e in dataset.events["event_id"]}
    return dataset, flat, key, descriptions


def _traces(fig):
    return json.loads(fig.to_json())["data"]


def _figures(hostile_claims):
    dataset, flat, key, descriptions = hostile_claims
    events = [e for e in flat["event_id"].unique() if e != key]
    result = figures.map_figure(flat, dataset.places, descriptions, key, assumed_bearing=95.0, selected_event=events[0])
    return {"map": result.figure, "timeline": figures.timeline_figure(flat, descriptions, key, events[0])}


@pytest.mark.parametrize("name", ["map", "timeline"])
def test_every_hover_template_is_a_constant(hostile_claims, name):
    traces = _traces(_figures(hostile_claims)[name])
    templates = {t.get("hovertemplate") for t in traces if t.get("hoverinfo") != "skip"}
    assert templates <= {None, *figures.HOVER_TEMPLATES}, templates - set(figures.HOVER_TEMPLATES)


@pytest.mark.parametrize("name", ["map", "timeline"])
def test_hostile_names_reach_the_hover_as_escaped_text(hostile_claims, name):
    traces = _traces(_figures(hostile_claims)[name])
    hover = json.dumps([(t.get("hovertext"), t.get("text")) for t in traces])
    assert json.dumps(SHOWN)[1:-1] in hover
    assert "<b>bold</b>" not in hover
    if name == "map":
        # The origin and the range ring name the place and the originators in their hover.
        origin = next(t for t in traces if t.get("meta") == "origin")
        assert SHOWN in origin["hovertext"][0]
        ring = next(t for t in traces if t.get("meta") == "range-ring")
        assert SHOWN in ring["hovertext"]
