"""Map labels' costs measured per layer of obstacles, and kept: the same as measuring all at once."""

import numpy as np
import pytest

from launchwatch import labels

MAP = ((112.0, 145.5), (30.0, 49.7))
BOUNDS = labels.bounds(*MAP)


def _reference(label, obstacles):
    """What each candidate spot of the label costs, box by box, with clashes() (no labels placed)."""
    return np.array(
        [
            sum(
                labels.clashes(labels.label_box(label, spot, s), obstacles, [], s, BOUNDS)
                for s in labels.scales(MAP[0])
            )
            for spot in labels.CANDIDATES
        ]
    )


def _points(rng, n, lon=(112.0, 146.0), lat=(30.0, 50.0), radius=(1.0, 12.0)):
    return labels.Obstacles.of(rng.uniform(*lon, n), rng.uniform(*lat, n), rng.uniform(*radius, n))


RING = labels.Obstacles.of(
    *labels.line_points(125.2 + 6 * np.cos(np.linspace(0, 7, 361)), 40 + 5 * np.sin(np.linspace(0, 7, 361))), 1
)


@pytest.mark.parametrize(
    "label,layers",
    [
        (labels.Label(125.0, 40.0, "Pyongyang", 10, 3.5), [RING]),
        (labels.Label(126.98, 37.57, "Seoul", 10, 11.85), [RING, labels.Obstacles.of([126.98], [37.57], [11.85])]),
        (labels.Label(139.7, 35.7, "Tokyo", 10, 3.5), [labels.Obstacles.of([], [], [])]),
        (labels.Label(145.0, 45.0, "At the east edge", 12, 0.0), [RING]),  # edges crossed count too
        (labels.Label(150.0, 40.0, "Off the map", 12, 0.0), [RING]),
        # An obstacle just beyond the reach of every candidate, and one just within it.
        (labels.Label(125.0, 40.0, "A", 10, 0.0), [labels.Obstacles.of([125.0, 125.0], [48.0, 41.6], [4.0, 4.0])]),
    ],
)
def test_costs_per_layer_add_up_to_the_costs_of_every_obstacle(label, layers):
    together = layers[0]
    for layer in layers[1:]:
        together = together + layer
    expected = _reference(label, together)
    assert (labels.fixed_costs([label], layers, BOUNDS)[0] == expected).all()
    # Asked again (kept per label), the same.
    assert (labels.fixed_costs([label], layers, BOUNDS)[0] == expected).all()


@pytest.mark.parametrize("seed", range(6))
def test_random_crowds_cost_what_the_boxes_clash_with(seed):
    rng = np.random.default_rng(seed)
    layers = [_points(rng, 40), _points(rng, 300, lon=(120, 132), lat=(34, 44), radius=(0.5, 2)), RING]
    names = ["Seoul", "Pyongyang", "Vladivostok", "Beijing", "Hodo (origin)"]
    found = [labels.Label(rng.uniform(115, 143), rng.uniform(31, 48), n, 10, rng.uniform(0, 9)) for n in names]
    together = layers[0] + layers[1] + layers[2]
    costs = labels.fixed_costs(found, layers, BOUNDS)
    for label, cost in zip(found, costs, strict=True):
        assert (cost == _reference(label, together)).all(), label
    # Placing with the costs given is placing with the obstacles.
    assert labels.place(found, None, *MAP, fixed=costs) == labels.place(found, together, *MAP)
