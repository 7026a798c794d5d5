"""The map's layers as plain plotly JSON: every trace the map draws is the JSON plotly's own checked trace
gives, and the kept figure hands st.plotly_chart the same figure rerun after rerun."""

import importlib.util

import plotly.graph_objects as go
import plotly.io as pio
import pytest
from test_bearings import BEARING, RANGE, with_claims

from launchwatch import exports, figures, gazetteer, importers, loading, memo

KEY = "launch-2025-11-07"
GENERATE = loading.REPO_ROOT / "benchmarks" / "generate.py"


def _generated(folder):
    spec = importlib.util.spec_from_file_location("launchwatch_benchmark_generate", GENERATE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(8_000, folder, seed=5)  # over the map's limit of events drawn one by one
    return loading.load(folder)


@pytest.fixture(scope="module")
def datasets(tmp_path_factory):
    base = loading.load()
    imported = importers.load_file((loading.REPO_ROOT / "tests/fixtures/imports/cns_utf8.csv").read_bytes(), "cns.csv")
    return {
        "bundled": base,
        "with CNS history": loading.combine(base, imported.dataset)[0],
        "generated": _generated(tmp_path_factory.mktemp("generated")),
        "with a reported bearing": with_claims(BEARING, RANGE),
    }


CASES = [
    ("bundled", {}),
    ("bundled", {"assumed_bearing": 95.0, "selected_event": "visit-2025-11-07-hegseth-jsa"}),
    ("bundled", {"selected_event": "artillery-2025-11-03"}),
    ("bundled", {"docs": ["001_1a0ad8e3a2be4f80"], "assumed_bearing": 80.0}),  # no claim in view names the origin
    ("with a reported bearing", {"assumed_bearing": 80.0}),
    ("bundled", {"key": None}),
    ("with CNS history", {"selected_event": KEY}),
    ("with CNS history", {"assumed_bearing": 110.0}),
    ("generated", {}),  # thinned: grey cells count the events not drawn
]


def _map(dataset, options):
    flat = exports.flat_claims(dataset)
    if "docs" in options:
        flat = flat[flat["document"].isin(options["docs"])]
    assert len(flat)
    key = options.get("key", KEY if (flat["event_id"] == KEY).any() else flat["event_id"].iloc[0])
    places = gazetteer.with_reference(dataset.places, dataset.reference_places)
    return figures.map_figure(
        flat,
        places,
        {},
        key,
        assumed_bearing=options.get("assumed_bearing"),
        selected_event=options.get("selected_event"),
        kept=memo.Memo(),
    )


@pytest.mark.parametrize("data,options", CASES)
def test_every_trace_is_what_plotly_checks_would_make(datasets, data, options, monkeypatch):
    made = []
    plain = figures._geo_trace

    def both(**props):
        made.append((plain(**props), go.Scattergeo(**props)))
        return made[-1][0]

    monkeypatch.setattr(figures, "_geo_trace", both)
    _map(datasets[data], options)
    assert len(made) > 3
    for ours, checked in made:
        expected = pio.to_json(go.Figure(data=[checked]), validate=False)
        assert pio.to_json(go.Figure(data=[ours], _validate=False), validate=False) == expected


@pytest.mark.parametrize("data,options", CASES[:2] + CASES[-1:])
def test_the_kept_figure_gives_the_same_plain_figure_every_time(datasets, data, options):
    fig = _map(datasets[data], options).figure
    fresh = pio.to_json(go.Figure.to_dict(fig), validate=False)
    first = fig.to_dict()
    first["data"][0].pop("type")  # what one caller does with its copy is not seen by the next
    first["data"].clear()
    assert pio.to_json(fig, validate=False) == fresh
    assert pio.to_json(fig.to_dict(), validate=False) == fresh


class _EmptiedByAnotherViewer(dict):
    """The hover heads a claims table keeps, emptied (past HEADS_KEPT) by another viewer's run right after
    this run added to them: the memo's values are shared by every session's thread."""

    def update(self, *args, **kwargs):
        super().update(*args, **kwargs)
        self.clear()


def test_a_map_is_drawn_when_another_viewer_empties_the_kept_hover_texts(datasets):
    flat = exports.flat_claims(datasets["bundled"])
    places = gazetteer.with_reference(datasets["bundled"].places, datasets["bundled"].reference_places)
    kept = memo.Memo()
    kept.get(("map-hover-heads",), _EmptiedByAnotherViewer)
    shared = figures.map_figure(flat, places, {}, KEY, kept=kept).figure
    alone = figures.map_figure(flat, places, {}, KEY).figure
    assert pio.to_json(shared, validate=False) == pio.to_json(alone, validate=False)
