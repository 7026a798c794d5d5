"""What the pages keep between reruns (launchwatch.memo) is keyed by everything it is made of: a filter,
the launch in focus, the selection, the bearing or a new version of the data still changes the page."""

from __future__ import annotations

import gc
import shutil
import threading
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from apptests import app, page
from test_pages import D001, counts_text, figure, traces

from launchwatch import loading, memo


def ids(*values: str) -> pd.DataFrame:
    return pd.DataFrame({"claim_id": pd.array(list(values), dtype="str")})


FOUR = ids("a", "bc", "d", "ef")


@pytest.mark.parametrize(
    "first, second, same",
    [
        (FOUR.iloc[1:3], ids("bc", "d"), True),  # a slice and a table of its own holding the same ids
        (FOUR, FOUR.copy(), True),
        (FOUR.iloc[0:0], ids(), True),
        (ids("ab", "c"), ids("a", "bc"), False),  # the same text, split otherwise
        (ids("a", "bc"), ids("bc", "a"), False),  # order matters: tables are drawn in their order
        (FOUR, FOUR.iloc[:3], False),
        (ids("x", "y"), pd.DataFrame({"claim_id": ["x", "y"]}), True),  # object or Arrow strings alike
    ],
)
def test_rows_names_the_claims_and_their_order(first, second, same):
    assert (memo.rows(first) == memo.rows(second)) is same


def test_memo_makes_a_value_once_and_forgets_the_least_recently_used():
    m = memo.Memo(size=2)
    assert m.get("a", lambda: 1) == 1 and m.get("a", lambda: 2) == 1
    m.get("b", lambda: 3)
    m.get("a", lambda: 4)  # a used last: b goes first
    m.get("c", lambda: 5)
    assert len(m) == 2 and m.get("b", lambda: 6) == 6
    assert m.made == 4


class Watched:
    """A key that says when a second thread has looked it up among the values being made."""

    def __init__(self):
        self.looked_up = threading.Event()
        self._lookups = 0

    def __hash__(self) -> int:
        if threading.current_thread().name == "second":
            self._lookups += 1  # the first is among the values held, the second among those being made
            if self._lookups == 2:
                self.looked_up.set()
        return 1


def _second_asking(m: memo.Memo, key: Watched, make, got: list) -> threading.Thread:
    thread = threading.Thread(target=lambda: got.append(m.get(key, make)), name="second")
    thread.start()
    return thread


@pytest.mark.parametrize("first_fails", [False, True])
def test_a_value_asked_for_while_another_session_makes_it_is_made_once(first_fails):
    """Thirty viewers opening the same launch at once wait for one figure instead of each building it; if
    the first's run stops, the next makes it."""
    m, key, got = memo.Memo(), Watched(), []
    second = []

    def first():
        second.append(_second_asking(m, key, lambda: "made by the second", got))
        assert key.looked_up.wait(10)  # the second is now waiting for this value
        if first_fails:
            raise RuntimeError("the first session's run stopped")
        return "made by the first"

    if first_fails:
        with pytest.raises(RuntimeError):
            m.get(key, first)
    else:
        assert m.get(key, first) == "made by the first"
    second[0].join(10)
    assert got == ["made by the second" if first_fails else "made by the first"]
    assert m.made == 1 and m.get(key, lambda: "again") == got[0]


def test_each_claims_table_has_its_own_memo_which_goes_with_it():
    table, other = FOUR.copy(), FOUR.copy()
    kept = memo.for_table(table)
    assert memo.for_table(table) is kept and memo.for_table(other) is not kept
    ident = id(table)
    del table
    gc.collect()
    assert ident not in memo._MEMOS and all(ref() is not None for ref, _ in memo._MEMOS.values())


def made() -> int:
    return sum(m.made for _, m in memo._MEMOS.values())


def spec(at) -> str:
    """The map's figure as sent to the browser (decoded figures hold NaN, which never compares equal)."""
    return at.get("plotly_chart")[0].proto.spec


def card_title(at) -> str:
    return next(m.value for m in at.markdown if "independent origin(s) in view" in m.value)


def test_a_filter_change_after_a_cached_render_still_changes_the_map_and_the_card():
    at = page("pages/map.py")
    everything, card = spec(at), card_title(at)
    assert traces(figure(at), "range-ring") and "per 4 report(s)" in card
    at.run()
    before = made()
    at.run()
    assert made() == before, "a rerun of the same view rebuilt what it had kept"
    at.sidebar.multiselect(key="doc").set_value([D001]).run()
    one = spec(at)
    assert one != everything and traces(figure(at), "range-ring") == [] and traces(figure(at), "origin-not-in-view")
    assert "per 1 report(s)" in card_title(at) and "13 of 23 events" in counts_text(at)
    at.sidebar.multiselect(key="doc").set_value([]).run()
    assert spec(at) == everything and card_title(at) == card
    at.sidebar.multiselect(key="doc").set_value([D001]).run()
    assert spec(at) == one


def assumed(fig) -> list:
    return [t["name"] for t in traces(fig, "assumed-path")]


def test_the_bearing_the_selection_and_the_launch_in_focus_each_change_a_kept_map():
    at = page("pages/map.py", bearing="80")
    at.run()
    at.number_input(key="bearing").set_value(95).run()
    assert any("95°" in name for name in assumed(figure(at)))
    at.number_input(key="bearing").set_value(80).run()
    assert any("80°" in name for name in assumed(figure(at)))
    plain = figure(at)
    assert not traces(plain, "selected")
    event = traces(plain, "events")[0]["customdata"][0]
    at.sidebar.selectbox(key="event").set_value(event).run()
    assert traces(figure(at), "selected")[0]["customdata"] == [event]
    before, title = spec(at), card_title(at)
    at.sidebar.selectbox(key="launch").set_value("launch-2025-10-22").run()
    assert spec(at) != before and card_title(at) != title
    assert "Short-range ballistic missile launches of 22 Oc" in card_title(at)
    at.sidebar.selectbox(key="launch").set_value("launch-2025-11-07").run()
    assert card_title(at) == title


def test_a_new_version_of_the_data_is_drawn_though_its_claim_ids_are_the_same(tmp_path, monkeypatch):
    shutil.copytree(loading.BUNDLED_DATA, tmp_path, dirs_exist_ok=True)
    monkeypatch.setenv("LAUNCHWATCH_DATA", str(tmp_path))
    at = page("pages/map.py")
    assert not any("1,300 km" in t["name"] for t in traces(figure(at), "range-ring"))
    claims = tmp_path / "claims.csv"
    text = claims.read_text(encoding="utf-8")
    edited = text.replace("about 700 km (434 miles).,700,km,about,700.0,km", "about 1300 km.,1300,km,about,1300.0,km")
    assert edited != text
    claims.write_text(edited, encoding="utf-8")
    at.run()
    assert not at.exception
    assert any("1,300 km" in t["name"] for t in traces(figure(at), "range-ring"))
    assert "1300 km" in " ".join(b.proto.popover.label for b in at.get("popover"))


def test_the_map_page_opened_twice_shows_the_same():
    first = page("pages/map.py")
    second = app().run()
    assert spec(second) == spec(first) and card_title(second) == card_title(first)


FRAME = pd.DataFrame({"x": np.arange(100, dtype=np.int64)})  # 800 bytes of values, 132 with its index


@pytest.mark.parametrize(
    "value, weight",
    [
        (np.zeros(10, dtype=np.int64), 80),
        (FRAME, int(FRAME.memory_usage(index=True, deep=False).sum())),  # as pandas counts it
        (FRAME["x"], 800),
        ((np.zeros(4, dtype=np.int8), "text", np.zeros(2, dtype=np.int64)), 20),  # a tuple: its arrays
        ([FRAME["x"], {"a": np.zeros(100)}], 1600),  # a map layer: a list of trace dicts holding arrays
        ([[[[np.zeros(100)]]]], 0),  # deeper than three levels: not looked for
        (SimpleNamespace(nbytes=12345), 12345),  # a value that states its own weight (a kept figure)
        ("a long text" * 100, 0),  # not what grows with the data: counted as an entry only
        (None, 0),
    ],
)
def test_what_a_value_weighs_is_its_frames_and_arrays(value, weight):
    assert memo.weigh(value) == weight


def test_a_kept_map_figure_weighs_its_arrays_and_their_plain_copy():
    from launchwatch import figures

    fig = figures.KeptFigure(data=[{"type": "scattergeo", "lon": np.zeros(1000), "lat": np.zeros(1000)}])
    assert memo.weigh(fig) >= 2 * 2 * 8000  # both coordinate arrays, kept twice once drawn


@pytest.mark.parametrize(
    "held, budget, kept",
    [
        ([("a", 40), ("b", 40), ("c", 40)], 100, ["b", "c"]),  # the least recently used goes first
        ([("a", 40), ("b", 40), ("c", 10)], 100, ["a", "b", "c"]),
        ([("a", 10), ("b", 200)], 100, ["b"]),  # the newest stays, even over the bytes on its own
        ([("a", 60), ("a", 10), ("b", 60)], 100, ["a", "b"]),  # held again: weighed again, not twice
    ],
)
def test_the_memo_keeps_to_its_bytes(held, budget, kept):
    m = memo.Memo(size=10, budget=budget)
    for key, n in held:
        m.note(key, np.zeros(n, dtype=np.int8))
    assert [k for k in "abc" if m.noted(k) is not None] == kept
    assert m.bytes == sum(len(m.noted(k)) for k in kept)


def test_a_hit_is_counted_apart_from_a_value_made():
    m = memo.Memo()
    m.get("a", lambda: 1), m.get("a", lambda: 2), m.get("b", lambda: 3)
    assert (m.made, m.hits) == (2, 1)


def test_rows_is_worked_out_once_per_frame_and_answers_for_that_frame():
    first, second = FOUR.copy(), FOUR.iloc[:2]
    assert memo.rows(first) == memo.rows(first) == (4, memo.rows(FOUR)[1])
    assert memo.rows(second) != memo.rows(first) and memo.for_table(first).noted("rows") == memo.rows(FOUR)
